/**
 * Value conversions between HyperFormula and the calculation core.
 *
 * Three directions:
 * - `toCore`: a value HyperFormula hands to a function plugin (numbers possibly wrapped
 *   as rich numbers, its EmptyValue symbol, CellError, SimpleRangeValue) -> the core's
 *   CellValue / Grid.
 * - `toEngineValue`: the core's Result -> what a plugin returns to HyperFormula
 *   (CellError for RoiError, SimpleRangeValue for a grid).
 * - `fromEngineValue`: what HyperFormula's public API returns (`hf.getCellValue`,
 *   `hf.calculateFormula`, `hf.getSheetValues`: numbers, text, booleans, null,
 *   DetailedCellError, or arrays of them) -> core values, errors as RoiError with the
 *   message intact.
 *
 * This module is GPL-side (it imports HyperFormula): only the engine, the CLI and the
 * workbench may import it, never the add-in bundle.
 */
import { CellError, DetailedCellError, EmptyValue, ErrorType, SimpleRangeValue } from 'hyperformula';
import { RoiError, hostMsg, isRoiError, type ErrorCode } from '../core/errors';
import type { ArgValue, CellValue, Result, ResultCell } from '../core/types';

/** HyperFormula's error types and the codes it displays (its enGB translation). */
const CODE_OF_TYPE: Record<string, string> = {
  [ErrorType.DIV_BY_ZERO]: '#DIV/0!',
  [ErrorType.NAME]: '#NAME?',
  [ErrorType.VALUE]: '#VALUE!',
  [ErrorType.NUM]: '#NUM!',
  [ErrorType.NA]: '#N/A',
  [ErrorType.CYCLE]: '#CYCLE!',
  [ErrorType.REF]: '#REF!',
  [ErrorType.SPILL]: '#SPILL!',
  [ErrorType.LIC]: '#LIC!',
  [ErrorType.ERROR]: '#ERROR!',
};

const TYPE_OF_CODE: Record<string, ErrorType> = Object.fromEntries(
  Object.entries(CODE_OF_TYPE).map(([t, c]) => [c, t as ErrorType]),
);

/**
 * The displayed code of a HyperFormula error type ('#DIV/0!' for DIV_BY_ZERO).
 * HyperFormula-only codes (#CYCLE!, #ERROR!, #LIC!) are returned as they are, although
 * the core's ErrorCode type does not list them: they travel through the core unchanged
 * (an error argument is returned as it came) and come back out as the same error type.
 */
export function codeOfErrorType(type: ErrorType | string): ErrorCode {
  return (CODE_OF_TYPE[type] ?? '#ERROR!') as ErrorCode;
}

/**
 * The HyperFormula error type for a core error code. Excel codes HyperFormula has no
 * type for (#NULL!, #CALC!, #GETTING_DATA, #BUSY!) become its generic ERROR type; the
 * message is kept, prefixed with the original code so the reason is not lost.
 */
export function errorTypeOfCode(code: string): ErrorType {
  return TYPE_OF_CODE[code] ?? ErrorType.ERROR;
}

/** A core error as a HyperFormula CellError; the message survives to `hf.getCellValue(...).message`. */
export function toCellError(e: RoiError): CellError {
  const type = errorTypeOfCode(e.code);
  const message =
    type === ErrorType.ERROR && (e.code as string) !== '#ERROR!' ? `${e.code} ${e.message}`.trim() : e.message;
  return new CellError(type, message);
}

/** A HyperFormula error (internal CellError or public DetailedCellError) as a core RoiError. */
export function toRoiError(e: CellError | DetailedCellError): RoiError {
  return new RoiError(codeOfErrorType(e.type), e.message ?? '');
}

/** Rich numbers (percent, currency, date) carry the plain number in `.val`. */
function rawNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && typeof (v as { val?: unknown }).val === 'number')
    return (v as { val: number }).val;
  return undefined;
}

/** One scalar from inside HyperFormula -> one core cell. Empty cells are null. */
export function scalarToCore(v: unknown): CellValue {
  if (v === EmptyValue || v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof CellError) return toRoiError(v);
  const n = rawNumber(v);
  if (n !== undefined) return n;
  if (v instanceof DetailedCellError) return toRoiError(v);
  return new RoiError('#VALUE!', hostMsg.unsupported());
}

/**
 * A plugin argument -> the core's ArgValue: a range or array constant becomes a grid
 * (empty cells null); a scalar becomes a cell. A skipped argument (HyperFormula's
 * EmptyValue symbol for `f(1,,3)`) becomes `undefined` when `skipped` is true (the
 * argument was syntactically empty), `null` otherwise (a reference to an empty cell);
 * the core treats both as blank.
 */
export function toCore(v: unknown, skipped = false): ArgValue {
  if (v instanceof SimpleRangeValue) return v.data.map((row) => row.map(scalarToCore));
  if (v === undefined) return undefined;
  if (v === EmptyValue) return skipped ? undefined : null;
  return scalarToCore(v);
}

/** One core result cell -> a HyperFormula value ("" stays ""). */
export function cellToEngine(c: ResultCell): number | string | CellError {
  if (isRoiError(c)) return toCellError(c);
  return c;
}

/** The core's Result -> what a plugin function returns. */
export function toEngineValue(r: Result): number | string | CellError | SimpleRangeValue {
  if (Array.isArray(r)) return SimpleRangeValue.onlyValues(r.map((row) => row.map(cellToEngine)));
  return cellToEngine(r);
}

/** A cell of HyperFormula's public output as the engine's callers see it. */
export type EngineCell = ResultCell | boolean;
/** A formula's value: one cell, or a grid of rows for a multi-cell result. */
export type EngineResult = EngineCell | EngineCell[][];

/** A public HyperFormula cell value -> an engine cell (blank as ""). */
export function publicCellToEngineCell(v: unknown): EngineCell {
  if (v === null || v === undefined || v === EmptyValue) return '';
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof DetailedCellError || v instanceof CellError) return toRoiError(v);
  const n = rawNumber(v);
  if (n !== undefined) return n;
  return new RoiError('#VALUE!', hostMsg.unsupported());
}

/**
 * What `hf.getCellValue` / `hf.calculateFormula` / `hf.getSheetValues` return -> core
 * values: errors become RoiError (code and message), blanks become null, grids stay grids.
 */
export function fromEngineValue(v: unknown): ArgValue {
  if (Array.isArray(v))
    return v.map((row: unknown) =>
      Array.isArray(row) ? row.map((c) => scalarFromPublic(c)) : [scalarFromPublic(row)],
    );
  return scalarFromPublic(v);
}

function scalarFromPublic(v: unknown): CellValue {
  if (v === null || v === undefined || v === EmptyValue) return null;
  if (v instanceof DetailedCellError || v instanceof CellError) return toRoiError(v);
  return scalarToCore(v);
}
