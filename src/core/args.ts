/**
 * Argument kinds: how one raw value from a cell becomes a validated number (or text),
 * and how lists and elementwise grids are read. Every message comes from errors.ts.
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
  | 'rateList' // a list of rates
  | 'textList' // a list of names (text; numbers are taken as their text)
  | 'text'; // one piece of text

export type ParamMode = 'elementwise' | 'list' | 'single';

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
 * Both the checked path (checkNumber) and the runner's fast path read this one table.
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

export const DOMAINS: Partial<Record<ParamKind, NumberDomain>> = {
  money: nonNegative,
  count: nonNegative,
  duration: nonNegative,
  rate,
  rateList: rate,
  growth: { lo: -1, hi: MAX, whole: false, message: (a, v) => msg.atLeast(a, -1, v) },
  confidence: { lo: Number.MIN_VALUE, hi: BELOW_ONE, whole: false, message: msg.openUnit },
  step: { lo: Number.MIN_VALUE, hi: 1, whole: false, message: msg.positiveRate },
  periods: { lo: 1, hi: MAX, whole: true, message: (a, v) => msg.whole(a, 1, v) },
  signedUnit: { lo: -1, hi: 1, whole: false, message: (a, v) => msg.between(a, -1, 1, v) },
};

/** Validate one number for a numeric kind. Returns the number or the error. */
export function checkNumber(kind: ParamKind, arg: string, x: number): number | RoiError {
  if (!Number.isFinite(x)) return new RoiError('#NUM!', msg.notFinite(arg));
  const d = DOMAINS[kind];
  if (!d) return x;
  if (!(x >= d.lo && x <= d.hi) || (d.whole && !Number.isInteger(x))) return new RoiError('#NUM!', d.message(arg, x));
  return x;
}

/**
 * Validate one present (non-blank, non-error) scalar for a kind: text and booleans are
 * #VALUE! for numeric kinds ("25%" as text is never guessed at).
 */
export function checkScalar(kind: ParamKind, arg: string, v: CellValue): number | string | RoiError {
  if (isRoiError(v)) return v;
  if (kind === 'text') {
    if (typeof v === 'string') return v;
    return new RoiError(
      '#VALUE!',
      `${arg} must be text, not ${typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : 'a number'}.`,
    );
  }
  if (typeof v === 'boolean') return new RoiError('#VALUE!', msg.boolean(arg));
  if (typeof v === 'string') return new RoiError('#VALUE!', msg.text(arg, v));
  if (typeof v !== 'number') return new RoiError('#VALUE!', msg.required(arg));
  return checkNumber(kind, arg, v);
}

/** The first Excel error value inside an argument (a list or a single value), if any. */
export function firstError(v: ArgValue): RoiError | undefined {
  if (isGrid(v)) {
    for (const row of v) for (const c of row) if (isRoiError(c)) return c;
    return undefined;
  }
  return isRoiError(v) ? v : undefined;
}

/**
 * Read a list argument: one value, or a one-row or one-column range / array constant.
 * Blank cells are skipped; a list with nothing left is #VALUE!. Error values are the
 * caller's business (see firstError), checked before this.
 */
export function readList(kind: 'rateList' | 'textList', arg: string, v: ArgValue): number[] | string[] | RoiError {
  let rows = 1;
  let cols = 1;
  if (isGrid(v)) {
    rows = v.length;
    cols = rows ? v[0].length : 0;
    if (rows > 1 && cols > 1) return new RoiError('#VALUE!', msg.notAList(arg, rows, cols));
  }
  // One pass over the cells, row-major, without copying them first (this runs on every call).
  const out: Array<number | string> = [];
  const count = rows * cols;
  for (let i = 0; i < count; i++) {
    const c: CellValue = isGrid(v) ? (rows === 1 ? v[0][i] : v[i][0]) : v;
    if (c === null || c === undefined || c === '') continue;
    if (kind === 'rateList') {
      if (typeof c === 'number' && c >= 0 && c <= 1) {
        out.push(c);
        continue;
      }
      const r = checkScalar(kind, arg, c);
      if (typeof r !== 'number') return r as RoiError;
      out.push(r);
    } else {
      if (isRoiError(c)) return c;
      if (typeof c === 'boolean') return new RoiError('#VALUE!', `${arg} must be names (text), not TRUE or FALSE.`);
      out.push(String(c));
    }
  }
  if (!out.length)
    return new RoiError(
      '#VALUE!',
      kind === 'rateList' ? msg.emptyList(arg) : `${arg} has no names: give one name per funnel row.`,
    );
  return out as number[] | string[];
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
