/**
 * The Excel door into the core: turns Excel's arguments into core values and core
 * results into what Excel expects (2-D arrays, CustomFunctions.Error). Kept free of
 * globals so it can be tested with a stub of CustomFunctions.
 */
// The runtime table, not FUNCTIONS: functions.js ships without the functions' help text
// (functions.json carries it). Hence the direct imports instead of '../core'.
import { RoiError, isErrorCode, isRoiError } from '../core/errors';
import { RUNTIME_FUNCTIONS, type RuntimeSpec } from '../core/functions';
import { runnerFor } from '../core/registry';
import type { ArgValue, CellValue, Result } from '../core/types';

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
  return new RoiError('#VALUE!', 'An argument holds a value Outcome ROI cannot read.');
}

/** One Excel argument (a value, or a 2-D array for a range) as a core argument. */
export function fromExcelArg(v: unknown): ArgValue {
  if (Array.isArray(v)) return v.map((row) => (Array.isArray(row) ? row.map(fromExcelCell) : [fromExcelCell(row)]));
  return fromExcelCell(v);
}

export function toExcelError(api: CustomFunctionsApi, e: RoiError): unknown {
  const name = CODE_NAMES[e.code] ?? 'invalidValue';
  const code = (api.ErrorCode as Record<string, string>)[name] as CustomFunctions.ErrorCode;
  return CODES_WITH_MESSAGE.has(e.code) && e.message ? new api.Error(code, e.message) : new api.Error(code);
}

/**
 * A core result as Excel's matrix result: always a 2-D array (every ROI function is
 * declared with a matrix result so elementwise calls can spill). Errors inside a spill
 * are error objects; a single error is thrown, which Excel shows in the cell.
 */
export function toExcelResult(api: CustomFunctionsApi, r: Result): unknown[][] {
  if (Array.isArray(r)) return r.map((row) => row.map((c) => (isRoiError(c) ? toExcelError(api, c) : c)));
  if (isRoiError(r)) throw toExcelError(api, r);
  return [[r]];
}

/** The custom function for one spec: Excel's arguments in, a matrix (or a thrown error) out. */
export function excelFunction(api: CustomFunctionsApi, spec: RuntimeSpec): (...args: unknown[]) => unknown[][] {
  const run = runnerFor(spec.id);
  return (...args: unknown[]) => {
    // Excel passes the invocation object last; keep only the declared parameters.
    const values = args.slice(0, spec.params.length).map(fromExcelArg);
    return toExcelResult(api, run(values));
  };
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
