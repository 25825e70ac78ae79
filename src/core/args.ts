/**
 * Argument kinds: how one raw value from a cell becomes a validated number (or text),
 * and how lists, period lists, date tables and elementwise grids are read. Every message
 * comes from errors.ts.
 */
import { RoiError, isRoiError, msg } from './errors';
import type { ArgValue, CellValue, Grid, Shape } from './types';

export type ParamKind =
  | 'money' // finite, >= 0
  | 'count' // finite, >= 0
  | 'duration' // finite, >= 0 (a length of time in periods)
  | 'rate' // a fraction in [0, 1]
  | 'growth' // any number >= -1 (150% growth is 1.5)
  | 'confidence' // a probability strictly between 0 and 1
  | 'step' // a rate above 0, at most 1
  | 'periods' // a whole number >= 1
  | 'signedUnit' // a number in [-1, 1]
  | 'date' // an Excel serial date, >= 0 (a time of day as its fraction)
  | 'rateList' // a stage list of rates (blanks skipped)
  | 'lagList' // a stage list of lags in periods, each in [0, 1000] (blanks skipped)
  | 'countList' // a stage list of whole counts >= 0 (blanks skipped)
  | 'periodList' // one value per period, in time order (blanks are 0, never skipped)
  | 'textList' // a list of names (text; numbers are taken as their text)
  | 'dateGrid' // a table of dates: one column per stage, one row per record (blanks kept as NaN)
  | 'text'; // one piece of text

/**
 * How a range given to a parameter is read: elementwise (the result spills in its shape),
 * as one list, as one single value, or as one table (dateGrid).
 */
export type ParamMode = 'elementwise' | 'list' | 'single' | 'table';

/** The kinds whose values are stage lists: aligned with conversion_rates, at most MAX_STAGES values. */
export type StageListKind = 'rateList' | 'lagList' | 'countList';

/**
 * The most stages a funnel may have (issue 12: the work of a call grows with the stages;
 * a real funnel has a handful). More is #NUM! with a message.
 */
export const MAX_STAGES = 1000;

export function isGrid(v: ArgValue): v is Grid {
  return Array.isArray(v);
}

export function isBlank(v: CellValue): boolean {
  return v === null || v === undefined || v === '';
}

export function shapeOf(v: ArgValue): Shape {
  if (!isGrid(v)) return { rows: 1, cols: 1 };
  return { rows: v.length, cols: v.length ? v[0].length : 0 };
}

/** A 1x1 grid behaves like its single value. */
export function unwrap(v: ArgValue): ArgValue {
  if (isGrid(v) && (v.length === 0 || v[0].length === 0)) return undefined;
  if (isGrid(v) && v.length === 1 && v[0].length === 1) return v[0][0];
  return v;
}

/**
 * The valid numbers of each numeric kind, as one closed interval (open ends written as
 * the nearest double inside, Number.MAX_VALUE keeping Infinity out, NaN failing every
 * comparison) and whether it must be whole, with the message for a number outside.
 * Both the checked path (checkNumber) and the runner's fast path read this one table;
 * for list kinds it is the domain of each value.
 */
export interface NumberDomain {
  lo: number;
  hi: number;
  whole: boolean;
  message: (arg: string, v: number) => string;
}

const MAX = Number.MAX_VALUE;
const BELOW_ONE = 1 - 2 ** -53;
const nonNegative: NumberDomain = { lo: 0, hi: MAX, whole: false, message: msg.nonNegative };
const rate: NumberDomain = { lo: 0, hi: 1, whole: false, message: msg.rate };

/** The longest lag a stage may have, in periods. */
export const MAX_LAG = 1000;

export const DOMAINS: Partial<Record<ParamKind, NumberDomain>> = {
  money: nonNegative,
  count: nonNegative,
  duration: nonNegative,
  rate,
  rateList: rate,
  lagList: { lo: 0, hi: MAX_LAG, whole: false, message: (a, v) => msg.between(a, 0, MAX_LAG, v) },
  countList: { lo: 0, hi: MAX, whole: true, message: (a, v) => msg.whole(a, 0, v) },
  periodList: nonNegative,
  growth: { lo: -1, hi: MAX, whole: false, message: (a, v) => msg.atLeast(a, -1, v) },
  confidence: { lo: Number.MIN_VALUE, hi: BELOW_ONE, whole: false, message: msg.openUnit },
  step: { lo: Number.MIN_VALUE, hi: 1, whole: false, message: msg.positiveRate },
  periods: { lo: 1, hi: MAX, whole: true, message: (a, v) => msg.whole(a, 1, v) },
  signedUnit: { lo: -1, hi: 1, whole: false, message: (a, v) => msg.between(a, -1, 1, v) },
  date: nonNegative,
};

/** The domain of a number against a domain. Returns the number or the error. */
export function checkIn(d: NumberDomain, arg: string, x: number): number | RoiError {
  if (!Number.isFinite(x)) return new RoiError('#NUM!', msg.notFinite(arg));
  if (!(x >= d.lo && x <= d.hi) || (d.whole && !Number.isInteger(x))) return new RoiError('#NUM!', d.message(arg, x));
  return x;
}

/** Validate one number for a numeric kind. Returns the number or the error. */
export function checkNumber(kind: ParamKind, arg: string, x: number): number | RoiError {
  const d = DOMAINS[kind];
  if (!d) return Number.isFinite(x) ? x : new RoiError('#NUM!', msg.notFinite(arg));
  return checkIn(d, arg, x);
}

/**
 * Validate one present (non-blank, non-error) scalar for a kind: text and booleans are
 * #VALUE! for numeric kinds ("25%" as text is never guessed at).
 */
export function checkScalar(kind: ParamKind, arg: string, v: CellValue): number | string | RoiError {
  return checkScalarIn(kind === 'text' ? undefined : (DOMAINS[kind] ?? null), arg, v);
}

/** checkScalar against a domain (null: any finite number; undefined: the kind is text). */
function checkScalarIn(d: NumberDomain | null | undefined, arg: string, v: CellValue): number | string | RoiError {
  if (isRoiError(v)) return v;
  if (d === undefined) {
    if (typeof v === 'string') return v;
    return new RoiError('#VALUE!', msg.notText(arg, v as boolean | number));
  }
  if (typeof v === 'boolean') return new RoiError('#VALUE!', msg.boolean(arg));
  if (typeof v === 'string') return new RoiError('#VALUE!', msg.text(arg, v));
  if (typeof v !== 'number') return new RoiError('#VALUE!', v == null ? msg.required(arg) : msg.unreadable());
  if (d === null) return Number.isFinite(v) ? v : new RoiError('#NUM!', msg.notFinite(arg));
  return checkIn(d, arg, v);
}

/** The first Excel error value inside an argument (a list or a single value), if any. */
export function firstError(v: ArgValue): RoiError | undefined {
  if (isGrid(v)) {
    for (const row of v) for (const c of row) if (isRoiError(c)) return c;
    return undefined;
  }
  return isRoiError(v) ? v : undefined;
}

/** A one-row or one-column argument's cells, read without copying: count, and the cell at i. */
interface Line {
  count: number;
  /** A column of more than one cell. */
  column: boolean;
  at: (i: number) => CellValue;
}

function lineOf(arg: string, v: ArgValue): Line | RoiError {
  if (!isGrid(v)) return { count: 1, column: false, at: () => v };
  const rows = v.length;
  const cols = rows ? v[0].length : 0;
  if (rows > 1 && cols > 1) return new RoiError('#VALUE!', msg.notAList(arg, rows, cols));
  if (rows === 1) return { count: cols, column: false, at: (i) => v[0][i] };
  return { count: rows, column: rows > 1, at: (i) => v[i][0] };
}

/**
 * Read a numeric list: one value, or a one-row or one-column range / array constant, each
 * value in the domain. Blank cells are skipped; a list with nothing left is #VALUE!; more
 * than `max` values is #NUM!. Error values are the caller's business (see firstError),
 * checked before this.
 */
export function readNumberList(
  d: NumberDomain,
  arg: string,
  v: ArgValue,
  max = Infinity,
): readonly number[] | RoiError {
  const line = lineOf(arg, v);
  if (isRoiError(line)) return line;
  const out: number[] = [];
  for (let i = 0; i < line.count; i++) {
    const c = line.at(i);
    if (c === null || c === undefined || c === '') continue;
    if (typeof c === 'number' && c >= d.lo && c <= d.hi && (!d.whole || Number.isInteger(c))) {
      out.push(c);
      continue;
    }
    const r = checkScalarIn(d, arg, c);
    if (typeof r !== 'number') return r as RoiError;
    out.push(r);
  }
  if (!out.length) return new RoiError('#VALUE!', msg.emptyList(arg));
  if (out.length > max) return new RoiError('#NUM!', msg.tooManyStages(arg, out.length, max));
  return out;
}

/** Read a list of names: text, numbers taken as their text; blanks skipped; TRUE/FALSE is #VALUE!. */
export function readTextList(arg: string, v: ArgValue): readonly string[] | RoiError {
  const line = lineOf(arg, v);
  if (isRoiError(line)) return line;
  const out: string[] = [];
  for (let i = 0; i < line.count; i++) {
    const c = line.at(i);
    if (c === null || c === undefined || c === '') continue;
    if (isRoiError(c)) return c;
    if (typeof c === 'boolean') return new RoiError('#VALUE!', msg.namesBoolean(arg));
    // A cell that is neither text nor a number (an object a host failed to convert) is no name.
    if (typeof c === 'object') return new RoiError('#VALUE!', msg.unreadable());
    out.push(String(c));
  }
  if (!out.length) return new RoiError('#VALUE!', msg.noNames(arg));
  return out;
}

/** A period list as read: its values in time order, and whether it was a column of more than one cell. */
export interface PeriodList {
  values: readonly number[];
  column: boolean;
}

/**
 * Read a period list: one row or one column of values in time order, one per period.
 * Blank cells are 0, never skipped (position is time); each value in the domain.
 * `column` says whether it was a column of more than one cell (results of the time
 * functions are then transposed, see `transposeWhenColumn` in define.ts).
 */
export function readPeriodList(d: NumberDomain, arg: string, v: ArgValue): PeriodList | RoiError {
  const line = lineOf(arg, v);
  if (isRoiError(line)) return line;
  const out: number[] = [];
  for (let i = 0; i < line.count; i++) {
    const c = line.at(i);
    if (c === null || c === undefined || c === '') {
      out.push(0);
      continue;
    }
    const r = checkScalarIn(d, arg, c);
    if (typeof r !== 'number') return r as RoiError;
    out.push(r);
  }
  if (!out.length) return new RoiError('#VALUE!', msg.required(arg));
  return { values: out, column: line.column };
}

/**
 * Read a table of dates (CRM exports): one column per stage (at least two), one row per
 * record. Each cell is an Excel serial date (a time of day is its fraction), kept as it
 * is; a blank cell is NaN. Text is #VALUE! naming the row and saying how to convert text
 * dates; TRUE/FALSE is #VALUE!; a negative or non-finite number is #NUM!. Error values
 * are the caller's business (firstError), checked before this.
 */
export function readDateGrid(arg: string, v: ArgValue): number[][] | RoiError {
  const grid: Grid = isGrid(v) ? v : [[v]];
  const cols = grid.length ? grid[0].length : 0;
  if (cols < 2) return new RoiError('#VALUE!', msg.dateColumns(arg, cols));
  const out: number[][] = [];
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    const dates: number[] = [];
    for (let c = 0; c < cols; c++) {
      const x = row[c];
      if (typeof x === 'number') {
        if (!(x >= 0 && x <= MAX)) return new RoiError('#NUM!', msg.dateNumber(arg, r + 1, x));
        dates.push(x);
      } else if (x === null || x === undefined || x === '') {
        dates.push(NaN);
      } else if (typeof x === 'string') {
        return new RoiError('#VALUE!', msg.dateText(arg, r + 1, x));
      } else if (typeof x === 'boolean') {
        return new RoiError('#VALUE!', msg.dateBoolean(arg, r + 1));
      } else {
        return isRoiError(x) ? x : new RoiError('#VALUE!', msg.unreadable());
      }
    }
    out.push(dates);
  }
  return out;
}

/**
 * Read a list argument of a list kind (the stage lists, names). Kept for callers that
 * read one list by its kind.
 */
export function readList(
  kind: StageListKind | 'textList',
  arg: string,
  v: ArgValue,
): readonly number[] | readonly string[] | RoiError {
  if (kind === 'textList') return readTextList(arg, v);
  return readNumberList(DOMAINS[kind]!, arg, v, MAX_STAGES);
}

/** The common shape of the multi-cell arguments (1x1 broadcasts), or null on mismatch. */
export function broadcastShape(shapes: Shape[]): Shape | null {
  let out: Shape = { rows: 1, cols: 1 };
  for (const s of shapes) {
    if (s.rows === 1 && s.cols === 1) continue;
    if (out.rows === 1 && out.cols === 1) out = s;
    else if (out.rows !== s.rows || out.cols !== s.cols) return null;
  }
  return out;
}

/** The element of an elementwise argument at (r, c), broadcasting single values. */
export function elementAt(v: ArgValue, r: number, c: number): CellValue {
  if (!isGrid(v)) return v;
  if (v.length === 1 && v[0].length === 1) return v[0][0];
  return v[r][c];
}

/** The number of values a list argument may hold, from its shape (0 when omitted). */
export function listLength(s: Shape | undefined): number {
  return s ? Math.max(1, s.rows * s.cols) : 0;
}
