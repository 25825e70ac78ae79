/**
 * The Excel door into the core: turns Excel's arguments into core values and core
 * results into what Excel expects (2-D arrays, CustomFunctions.Error). Kept free of
 * globals so it can be tested with a stub of CustomFunctions.
 *
 * A call over a large range (=ROI.LEADQUALITY(B2:B100001, C2:C100001, 90%)) costs the
 * core's arithmetic and its result, nothing per cell on top (issue 16): Excel's 2-D
 * arrays of numbers, text, booleans and blanks are already core values, so ranges go to
 * the core as they are, unread, and a result without errors goes back to Excel as the
 * core made it. Only a range holding an Excel error object needs converting, and the core
 * never computes a value from a cell it cannot read (such a cell always ends in an error
 * result): so the ranges are looked through, converted and the call made again only
 * when the first result holds an error.
 */
// The runtime table, not FUNCTIONS: functions.js ships without the functions' help text
// (functions.json carries it). Hence the direct imports instead of '../core'.
import { RoiError, isErrorCode, isRoiError, msg } from '../core/errors';
import type { FunctionDef } from '../core/define';
import { RUNTIME_FUNCTIONS } from '../core/functions';
import { getFunction, isErrorFree, runnerFor, runnerOf } from '../core/registry';
import type { ArgValue, CellValue, Result, ResultCell } from '../core/types';

/** The parts of the CustomFunctions runtime the adapter uses. */
export interface CustomFunctionsApi {
  Error: new (code: CustomFunctions.ErrorCode, message?: string) => unknown;
  ErrorCode: typeof CustomFunctions.ErrorCode | Record<string, string>;
  associate(id: string, fn: (...args: never[]) => unknown): void;
}

const CODE_NAMES: Record<string, string> = {
  '#VALUE!': 'invalidValue',
  '#N/A': 'notAvailable',
  '#DIV/0!': 'divisionByZero',
  '#NUM!': 'invalidNumber',
  '#NULL!': 'nullReference',
  '#NAME?': 'invalidName',
  '#REF!': 'invalidReference',
};

/** Excel shows a custom message only for #VALUE! and #N/A; it is not passed for the others. */
const CODES_WITH_MESSAGE = new Set(['#VALUE!', '#N/A']);

function fromExcelCell(v: unknown): CellValue {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    return v;
  if (typeof v === 'object') {
    const o = v as { code?: unknown; message?: unknown; type?: unknown };
    const code = o.code ?? o.type;
    if (isErrorCode(code)) return new RoiError(code, typeof o.message === 'string' ? o.message : '');
  }
  return new RoiError('#VALUE!', msg.unreadable());
}

/** A value Excel passes that is a core cell as it is (anything else is converted). */
function isPlainCell(v: unknown): boolean {
  return v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

/**
 * One Excel argument (a value, or a 2-D array for a range) as a core argument. A range
 * of plain cells is the core's Grid already and is passed without a copy.
 */
export function fromExcelArg(v: unknown): ArgValue {
  if (!Array.isArray(v)) return fromExcelCell(v);
  let plain = true;
  for (let r = 0; r < v.length && plain; r++) {
    const row: unknown = v[r];
    if (!Array.isArray(row)) plain = false;
    else for (let c = 0; c < row.length && plain; c++) plain = isPlainCell(row[c]);
  }
  if (plain) return v as ArgValue;
  return v.map((row) => (Array.isArray(row) ? row.map(fromExcelCell) : [fromExcelCell(row)]));
}

export function toExcelError(api: CustomFunctionsApi, e: RoiError): unknown {
  const name = CODE_NAMES[e.code] ?? 'invalidValue';
  const code = (api.ErrorCode as Record<string, string>)[name] as CustomFunctions.ErrorCode;
  return CODES_WITH_MESSAGE.has(e.code) && e.message ? new api.Error(code, e.message) : new api.Error(code);
}

/** Whether a result grid holds an error (its only objects are RoiErrors). */
function hasError(g: ResultCell[][]): boolean {
  for (let r = 0; r < g.length; r++) {
    const row = g[r];
    for (let c = 0; c < row.length; c++) if (typeof row[c] === 'object') return true;
  }
  return false;
}

/**
 * A core result as Excel's matrix result: always a 2-D array (every ROI function is
 * declared with a matrix result so elementwise calls can spill). Errors inside a spill
 * are error objects; a single error is thrown, which Excel shows in the cell.
 */
export function toExcelResult(api: CustomFunctionsApi, r: Result): unknown[][] {
  if (Array.isArray(r)) {
    if (errorFree(r)) return r;
    return r.map((row) => row.map((c) => (isRoiError(c) ? toExcelError(api, c) : c)));
  }
  if (isRoiError(r)) throw toExcelError(api, r);
  return [[r]];
}

/** The custom function for one spec: Excel's arguments in, a matrix (or a thrown error) out. */
export function excelFunction(api: CustomFunctionsApi, spec: FunctionDef): (...args: unknown[]) => unknown[][] {
  const run = getFunction(spec.id) ? runnerFor(spec.id) : runnerOf(spec);
  return (...args: unknown[]) => {
    // Excel passes the invocation object last; keep only the declared parameters.
    const n = Math.min(args.length, spec.params.length);
    const raw: ArgValue[] = new Array(n);
    for (let i = 0; i < n; i++) raw[i] = Array.isArray(args[i]) ? (args[i] as ArgValue) : fromExcelCell(args[i]);
    let r = run(raw);
    if (!errorFree(r)) {
      // An error somewhere: it may come from an Excel error object the core could not read.
      const converted = raw.map(fromExcelArg);
      if (converted.some((v, i) => v !== raw[i])) r = run(converted);
    }
    return toExcelResult(api, r);
  };
}

/** A result with no error in it: a number or text, or a grid the core made without one. */
function errorFree(r: Result): boolean {
  if (typeof r !== 'object') return true;
  return Array.isArray(r) && (isErrorFree(r) || !hasError(r));
}

/** Register every ROI function with Excel. */
export function associateAll(api: CustomFunctionsApi): string[] {
  const ids: string[] = [];
  for (const spec of RUNTIME_FUNCTIONS) {
    api.associate(spec.id, excelFunction(api, spec) as (...args: never[]) => unknown);
    ids.push(spec.id);
  }
  return ids;
}
