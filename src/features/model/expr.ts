/**
 * A tiny formula language for the model: each formula the model sheet holds is written
 * once as a tree, and the tree has two renderings that cannot drift apart:
 *
 * - `formulaText(e, refs)`: Excel formula text ("ROI.REQUIREDDEALS(ROI_NewRevenue,ROI_DealValue)"),
 *   each reference rendered as its defined name or cell address (the sheet);
 * - `evaluate(e, env)`: the value with Excel's semantics, in TypeScript (the task pane's
 *   preview): ROI calls go to the core's runner, errors propagate as in a cell (the first
 *   error wins, a division by zero is #DIV/0!), blanks are 0 in arithmetic and "" in text.
 *
 * The nodes are the few the model needs: numbers, text, references (a field, an output,
 * a list or a cell, resolved by whoever renders or evaluates), ROI calls, the four
 * arithmetic operators, text joining, comparisons, and a handful of Excel functions
 * (IF, ROUNDUP, ROUND, MIN, MAX, INT, MOD, ABS, TEXT with "0"-style formats, MID and
 * TRIM for month names, and the range functions SUM, PRODUCT, INDEX, MATCH, COUNT, COUNTIF). A test evaluates every formula of the model in
 * the headless engine and compares it with `evaluate`, for several inputs.
 *
 * Pure TypeScript: no Office, no DOM.
 */
import { RoiError, callFunction, isRoiError, type ArgValue, type CellValue, type FunctionId } from '../../core';

/** The Excel functions the model's formulas use (beyond ROI.*). */
export type ExcelFunction =
  | 'IF'
  | 'ROUNDUP'
  | 'ROUND'
  | 'MIN'
  | 'MAX'
  | 'SUM'
  | 'PRODUCT'
  | 'INT'
  | 'MOD'
  | 'ABS'
  | 'TEXT'
  | 'MID'
  | 'TRIM'
  | 'INDEX'
  | 'MATCH'
  | 'COUNT'
  | 'COUNTIF';

export type BinaryOp = '+' | '-' | '*' | '/' | '&' | '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { readonly op: 'num'; readonly value: number }
  | { readonly op: 'str'; readonly value: string }
  /** A field, an output, a list or a cell, by key: its name or address on the sheet, its value in the preview. */
  | { readonly op: 'ref'; readonly key: string }
  | { readonly op: 'roi'; readonly fn: FunctionId; readonly args: readonly Expr[] }
  | { readonly op: 'fn'; readonly fn: ExcelFunction; readonly args: readonly Expr[] }
  | { readonly op: 'bin'; readonly kind: BinaryOp; readonly a: Expr; readonly b: Expr };

/* ---------- building ---------- */

export const num = (value: number): Expr => ({ op: 'num', value });
export const str = (value: string): Expr => ({ op: 'str', value });
export const ref = (key: string): Expr => ({ op: 'ref', key });
/** A cell or range of the sheet by address ("C69", "B22:B29"): the layout's own references within a block. */
export const cell = (address: string): Expr => ({ op: 'ref', key: `@${address}` });
/** The address a cell(...) reference stands for, or undefined for a keyed reference. */
export const addressOfKey = (key: string): string | undefined => (key.startsWith('@') ? key.slice(1) : undefined);
/** `ROI.<fn>(args)`; in the preview, the core's callFunction on the evaluated arguments. */
export const call = (fn: FunctionId, ...args: Expr[]): Expr => ({ op: 'roi', fn, args });
export const fn = (name: ExcelFunction, ...args: Expr[]): Expr => ({ op: 'fn', fn: name, args });
const bin =
  (kind: BinaryOp) =>
  (a: Expr | number, b: Expr | number): Expr => ({ op: 'bin', kind, a: lift(a), b: lift(b) });
export const add = bin('+');
export const sub = bin('-');
export const mul = bin('*');
export const div = bin('/');
export const eq = bin('=');
export const lt = bin('<');
export const le = bin('<=');
export const ge = bin('>=');
export const gt = bin('>');
/** Text joined with `&`, left to right: strings become text literals. */
export function join(...parts: Array<Expr | string>): Expr {
  const es = parts.map((p) => (typeof p === 'string' ? str(p) : p));
  return es.slice(1).reduce((a, b) => ({ op: 'bin', kind: '&', a, b }) as Expr, es[0] ?? str(''));
}
export const iff = (cond: Expr, then: Expr | string | number, otherwise: Expr | string | number): Expr =>
  fn('IF', cond, lift(then), lift(otherwise));
export const abs = (x: Expr): Expr => fn('ABS', x);
export const roundUp = (x: Expr, digits = 0): Expr => fn('ROUNDUP', x, num(digits));
export const text = (x: Expr, format: string): Expr => fn('TEXT', x, str(format));
/** `x=""`: the cell is blank or holds empty text. */
export const isEmpty = (x: Expr): Expr => eq(x, str(''));

/** The same tree with every reference key renamed (a scenario's column: "scenario.dealValue" -> "scenario.Low.dealValue"). */
export function rekey(e: Expr, rename: (key: string) => string): Expr {
  switch (e.op) {
    case 'ref':
      return ref(rename(e.key));
    case 'roi':
      return { ...e, args: e.args.map((a) => rekey(a, rename)) };
    case 'fn':
      return { ...e, args: e.args.map((a) => rekey(a, rename)) };
    case 'bin':
      return { ...e, a: rekey(e.a, rename), b: rekey(e.b, rename) };
    default:
      return e;
  }
}

function lift(x: Expr | string | number): Expr {
  return typeof x === 'number' ? num(x) : typeof x === 'string' ? str(x) : x;
}

/* ---------- rendering ---------- */

/** How a reference is written in formula text: a defined name ("ROI_Deals"), a cell ("B37") or a range ("B22:B29"). */
export type RefText = (key: string) => string;

const PRECEDENCE: Record<BinaryOp, number> = {
  '=': 1,
  '<>': 1,
  '<': 1,
  '<=': 1,
  '>': 1,
  '>=': 1,
  '&': 2,
  '+': 3,
  '-': 3,
  '*': 4,
  '/': 4,
};

/** Excel formula text without the leading "=". */
export function formulaText(e: Expr, refs: RefText): string {
  switch (e.op) {
    case 'num':
      return numberText(e.value);
    case 'str':
      return `"${e.value.replace(/"/g, '""')}"`;
    case 'ref':
      return refs(e.key);
    case 'roi':
      return `ROI.${e.fn}(${e.args.map((a) => formulaText(a, refs)).join(',')})`;
    case 'fn':
      return `${e.fn}(${e.args.map((a) => formulaText(a, refs)).join(',')})`;
    case 'bin': {
      const p = PRECEDENCE[e.kind];
      const side = (x: Expr, right: boolean) => {
        const t = formulaText(x, refs);
        if (x.op !== 'bin') return t;
        const q = PRECEDENCE[x.kind];
        // Left-associative: a right operand of the same level keeps its parentheses (a-(b-c)).
        return q < p ||
          (right && q === p && !(e.kind === x.kind && (e.kind === '+' || e.kind === '*' || e.kind === '&')))
          ? `(${t})`
          : t;
      };
      return `${side(e.a, false)}${e.kind}${side(e.b, true)}`;
    }
  }
}

/** A number as formula text: plain digits, never an exponent Excel would not read back. */
function numberText(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return x.toFixed(0);
  return String(x);
}

/* ---------- evaluating ---------- */

/** A value as a cell or a range holds it: blank is null; a range is a grid of rows. */
export type Value = CellValue | CellValue[][];

/** What a reference is worth in the preview: a cell's value, or a range's grid. */
export type Env = (key: string) => Value;

const VALUE = (m: string) => new RoiError('#VALUE!', m);
const DIV0 = new RoiError('#DIV/0!', 'Division by zero.');

function isGridValue(v: Value): v is CellValue[][] {
  return Array.isArray(v);
}

/** A grid used where one value is wanted: its first cell (the formulas here never rely on implicit intersection). */
function scalar(v: Value): CellValue {
  if (!isGridValue(v)) return v;
  return v[0]?.[0] ?? null;
}

/** A value as a number in arithmetic: blank is 0, TRUE 1, text #VALUE!, errors themselves. */
function toNumber(v: CellValue): number | RoiError {
  if (isRoiError(v)) return v;
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const t = String(v).trim();
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return VALUE(`"${String(v).slice(0, 40)}" is text, not a number.`);
}

/** A value as text in `&` and TEXT: a number in Excel's general form, blank "". */
function toText(v: CellValue): string | RoiError {
  if (isRoiError(v)) return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return generalText(v);
  return String(v);
}

/** Excel's text for a number joined into text: up to 15 significant digits. */
function generalText(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toFixed(0);
  return String(Number(x.toPrecision(15)));
}

function finite(x: number): number | RoiError {
  return Number.isFinite(x) ? x : new RoiError('#NUM!', 'The result is too large to calculate.');
}

/** Compare two values as Excel does: numbers below text below booleans; text without case. */
function compare(a: CellValue, b: CellValue): number {
  const rank = (v: CellValue) => (typeof v === 'boolean' ? 2 : typeof v === 'string' ? 1 : 0);
  // A blank compares as "" against text and as 0 against a number.
  const norm = (v: CellValue, other: CellValue): CellValue =>
    v === null || v === undefined ? (typeof other === 'string' ? '' : typeof other === 'boolean' ? false : 0) : v;
  const x = norm(a, b);
  const y = norm(b, a);
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (typeof x === 'number' && typeof y === 'number') return x === y ? 0 : x < y ? -1 : 1;
  if (typeof x === 'boolean') return Number(x) - Number(y);
  const s = String(x).toLowerCase();
  const t = String(y).toLowerCase();
  return s === t ? 0 : s < t ? -1 : 1;
}

/** Evaluate a tree with Excel's semantics. Never throws: a problem is the error value its cell would show. */
export function evaluate(e: Expr, env: Env): Value {
  try {
    return ev(e, env);
  } catch (x) {
    return VALUE(x instanceof Error ? x.message : String(x));
  }
}

function ev(e: Expr, env: Env): Value {
  switch (e.op) {
    case 'num':
      return e.value;
    case 'str':
      return e.value;
    case 'ref':
      return env(e.key);
    case 'roi': {
      const args = e.args.map((a) => ev(a, env) as ArgValue);
      const r = callFunction(e.fn, args);
      return Array.isArray(r) ? (r as CellValue[][]) : (r as CellValue);
    }
    case 'bin':
      return binary(e.kind, scalar(ev(e.a, env)), scalar(ev(e.b, env)));
    case 'fn':
      return excelFunction(e.fn, e.args, env);
  }
}

function binary(kind: BinaryOp, a: CellValue, b: CellValue): CellValue {
  if (kind === '&') {
    const x = toText(a);
    if (isRoiError(x)) return x;
    const y = toText(b);
    if (isRoiError(y)) return y;
    return x + y;
  }
  if (kind === '=' || kind === '<>' || kind === '<' || kind === '<=' || kind === '>' || kind === '>=') {
    if (isRoiError(a)) return a;
    if (isRoiError(b)) return b;
    const c = compare(a, b);
    return kind === '='
      ? c === 0
      : kind === '<>'
        ? c !== 0
        : kind === '<'
          ? c < 0
          : kind === '<='
            ? c <= 0
            : kind === '>'
              ? c > 0
              : c >= 0;
  }
  const x = toNumber(a);
  if (isRoiError(x)) return x;
  const y = toNumber(b);
  if (isRoiError(y)) return y;
  switch (kind) {
    case '+':
      return finite(x + y);
    case '-':
      return finite(x - y);
    case '*':
      return finite(x * y);
    case '/':
      return y === 0 ? DIV0 : finite(x / y);
  }
}

/** Every cell of a value, row by row (a single value is one cell). */
function cellsOf(v: Value): CellValue[] {
  return isGridValue(v) ? v.flat() : [v];
}

function numberArg(v: Value): number | RoiError {
  return toNumber(scalar(v));
}

function excelFunction(name: ExcelFunction, args: readonly Expr[], env: Env): Value {
  const arg = (i: number) => ev(args[i], env);
  const nums = (...is: number[]): number[] | RoiError => {
    const out: number[] = [];
    for (const i of is) {
      const n = numberArg(arg(i));
      if (isRoiError(n)) return n;
      out.push(n);
    }
    return out;
  };
  switch (name) {
    case 'IF': {
      const c = scalar(arg(0));
      if (isRoiError(c)) return c;
      let yes: boolean;
      if (typeof c === 'string') {
        const u = c.trim().toUpperCase();
        if (u !== 'TRUE' && u !== 'FALSE') return VALUE(`IF needs TRUE or FALSE, not the text "${c.slice(0, 40)}".`);
        yes = u === 'TRUE';
      } else yes = !!c;
      return yes ? arg(1) : args.length > 2 ? arg(2) : false;
    }
    case 'ROUNDUP':
    case 'ROUND': {
      const n = nums(0, 1);
      if (isRoiError(n)) return n;
      const [x, d] = n;
      // Away from zero (ROUNDUP) or half away from zero (ROUND), on the magnitude, as the engine computes them.
      const f = 10 ** Math.trunc(d);
      const a = Math.abs(x) * f;
      const r = name === 'ROUNDUP' ? Math.ceil(a) : Math.round(a);
      return finite((x < 0 ? -r : r) / f);
    }
    case 'MIN':
    case 'MAX': {
      // Numbers in ranges count; text and blanks there are skipped (a direct argument is a number).
      let best: number | undefined;
      for (let i = 0; i < args.length; i++) {
        const v = arg(i);
        for (const c of cellsOf(v)) {
          if (isRoiError(c)) return c;
          const x = isGridValue(v) ? c : toNumber(c);
          if (isRoiError(x)) return x;
          if (typeof x === 'number')
            best = best === undefined ? x : name === 'MIN' ? Math.min(best, x) : Math.max(best, x);
        }
      }
      return best ?? 0;
    }
    case 'SUM':
    case 'PRODUCT': {
      // As Excel: numbers in ranges (text and blanks skipped); a direct argument is taken as a number.
      let acc = name === 'SUM' ? 0 : 1;
      let any = false;
      for (let i = 0; i < args.length; i++) {
        const v = arg(i);
        for (const c of cellsOf(v)) {
          if (isRoiError(c)) return c;
          const x = isGridValue(v) ? c : toNumber(c);
          if (isRoiError(x)) return x;
          if (typeof x !== 'number') continue;
          any = true;
          acc = name === 'SUM' ? acc + x : acc * x;
        }
      }
      return finite(name === 'PRODUCT' && !any ? 0 : acc);
    }
    case 'MID': {
      const t = toText(scalar(arg(0)));
      if (isRoiError(t)) return t;
      const n = nums(1, 2);
      if (isRoiError(n)) return n;
      const [start, length] = n.map(Math.trunc);
      if (start < 1 || length < 0) return VALUE('MID needs a start of 1 or more and a length of 0 or more.');
      return t.substr(start - 1, length);
    }
    case 'TRIM': {
      const t = toText(scalar(arg(0)));
      return isRoiError(t) ? t : t.trim().replace(/ {2,}/g, ' ');
    }
    case 'INT': {
      const n = nums(0);
      return isRoiError(n) ? n : Math.floor(n[0]);
    }
    case 'ABS': {
      const n = nums(0);
      return isRoiError(n) ? n : Math.abs(n[0]);
    }
    case 'MOD': {
      const n = nums(0, 1);
      if (isRoiError(n)) return n;
      const [x, d] = n;
      if (d === 0) return DIV0;
      return x - d * Math.floor(x / d);
    }
    case 'TEXT': {
      const x = scalar(arg(0));
      const f = scalar(arg(1));
      if (isRoiError(x)) return x;
      if (isRoiError(f)) return f;
      if (typeof x !== 'number') return toText(x);
      return textFormat(x, String(f));
    }
    case 'COUNT':
      return args.reduce((n, _a, i) => n + cellsOf(arg(i)).filter((c) => typeof c === 'number').length, 0);
    case 'INDEX': {
      if (args.length > 2) {
        // INDEX(range, row, column): a row range's k-th cell is INDEX(range, 1, k), as both Excel and the engine read it.
        const v = arg(0);
        const grid = isGridValue(v) ? v : [[v]];
        const n = nums(1, 2);
        if (isRoiError(n)) return n;
        const [r, c] = n.map(Math.trunc);
        if (r < 1 || c < 1 || r > grid.length || c > (grid[r - 1]?.length ?? 0))
          return new RoiError('#REF!', 'INDEX is past the end of the range.');
        return grid[r - 1][c - 1] ?? null;
      }
      const cells = cellsOf(arg(0));
      const i = numberArg(arg(1));
      if (isRoiError(i)) return i;
      const k = Math.trunc(i);
      if (k < 1 || k > cells.length) return new RoiError('#REF!', 'INDEX is past the end of the range.');
      return cells[k - 1] ?? null;
    }
    case 'MATCH': {
      const x = scalar(arg(0));
      if (isRoiError(x)) return x;
      const cells = cellsOf(arg(1));
      const at = cells.findIndex((c) => !isRoiError(c) && c !== null && c !== '' && compare(c, x) === 0);
      return at < 0 ? new RoiError('#N/A', 'MATCH found no such value.') : at + 1;
    }
    case 'COUNTIF': {
      const cells = cellsOf(arg(0));
      const criteria = scalar(arg(1));
      if (isRoiError(criteria)) return criteria;
      const test = countIfTest(criteria);
      return cells.filter((c) => !isRoiError(c) && test(c)).length;
    }
  }
}

/** COUNTIF's criteria: a value (equal to it) or ">46"-style text (a comparison with a number). */
function countIfTest(criteria: CellValue): (c: CellValue) => boolean {
  if (typeof criteria === 'string') {
    const m = /^(>=|<=|<>|>|<|=)(.*)$/.exec(criteria);
    if (m && m[2].trim() !== '' && Number.isFinite(Number(m[2]))) {
      const y = Number(m[2]);
      const op = m[1];
      return (c) =>
        typeof c === 'number' &&
        (op === '>'
          ? c > y
          : op === '>='
            ? c >= y
            : op === '<'
              ? c < y
              : op === '<='
                ? c <= y
                : op === '='
                  ? c === y
                  : c !== y);
    }
    return (c) => typeof c === 'string' && c.toLowerCase() === criteria.toLowerCase();
  }
  if (typeof criteria === 'number') return (c) => typeof c === 'number' && c === criteria;
  return () => false;
}

/**
 * TEXT(x, format) for the "0"-style formats the model uses: "0", "000", "0.0", on
 * numbers below 10^15 (the text helpers switch to words above). The rounding is
 * JavaScript's toFixed, which is what the engine's TEXT does too (the test of the text
 * helpers checks both on the same numbers).
 */
function textFormat(x: number, format: string): string | RoiError {
  const m = /^(0+)(?:\.(0+))?$/.exec(format);
  if (!m) return VALUE(`The model's TEXT knows only "0"-style formats, not "${format}".`);
  const decimals = m[2]?.length ?? 0;
  const s = Math.abs(x).toFixed(decimals);
  const [whole, frac] = s.split('.');
  const body = whole.padStart(m[1].length, '0') + (frac !== undefined ? `.${frac}` : '');
  return x < 0 && Number(s) !== 0 ? `-${body}` : body;
}
