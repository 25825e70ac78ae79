/**
 * The shared runner: one place that turns raw arguments into validated ones, applies
 * defaults, broadcasts elementwise arguments, keeps errors per element, checks aligned
 * lists, orients results, and guarantees that no NaN, Infinity or exception ever leaves
 * the core. It reads only the table's declarations (define.ts): nothing here is keyed by
 * a function's id.
 *
 * Cost (issue 16): a call over a range of n elements allocates its result and a fixed
 * amount per call, nothing per element: the arguments read once (lists, single values,
 * single values broadcast over the range) are validated once, and each element's
 * validated arguments go into one arguments array, reused for every element, with which
 * the kernel is called.
 */
import {
  DOMAINS,
  MAX_STAGES,
  broadcastShape,
  checkIn,
  checkScalar,
  firstError,
  isBlank,
  isGrid,
  readDateGrid,
  readNumberList,
  readPeriodList,
  readTextList,
  shapeOf,
  unwrap,
  type NumberDomain,
} from './args';
import type { FunctionDef, Kernel, KernelResult, ParamDef } from './define';
import { RoiError, isRoiError, msg } from './errors';
import { RUNTIME_FUNCTIONS, type FunctionId, type NamedArgs, type RuntimeSpec } from './functions';
import type { ArgValue, CellValue, Result, ResultCell, Shape } from './types';

/** A validated argument as a kernel receives it. */
export type Validated =
  number | string | readonly number[] | readonly string[] | readonly (readonly number[])[] | undefined;

const BY_ID = new Map<string, RuntimeSpec>(RUNTIME_FUNCTIONS.map((f) => [f.id, f]));

/** The function's spec by id ("REQUIREDLEADS") or by name ("ROI.REQUIREDLEADS"), any case. */
export function getFunction(idOrName: string): RuntimeSpec | undefined {
  return BY_ID.get(idOrName.toUpperCase().replace(/^ROI\./, ''));
}

const STAGE_LISTS: Partial<Record<ParamDef['kind'], true>> = { rateList: true, lagList: true, countList: true };

/** An argument read once for all elements: a list, a table, a single value, or a scalar broadcast over a range. */
interface Shared {
  error: RoiError | undefined; // an Excel error value inside it
  invalid: RoiError | undefined; // a validation failure
  value: Validated;
  /** A period list given as a column of more than one cell. */
  column: boolean;
}

function shared(error: RoiError | undefined, invalid: RoiError | undefined, value: Validated, column = false): Shared {
  return { error, invalid, value, column };
}

function readShared(p: ParamDef, fnName: string, raw: ArgValue): Shared {
  const err = firstError(raw);
  if (err) return shared(err, undefined, undefined);
  if (p.mode === 'list' || p.mode === 'table') {
    // A table of blank cells is records without dates; only a missing or blank argument is missing.
    if (p.mode === 'table' ? !isGrid(raw) && isBlank(raw) : allBlank(raw))
      return shared(undefined, p.optional ? undefined : new RoiError('#VALUE!', msg.required(p.name)), undefined);
    if (p.kind === 'periodList') {
      const v = readPeriodList(DOMAINS[p.of ?? 'money']!, p.name, raw);
      return isRoiError(v) ? shared(undefined, v, undefined) : shared(undefined, undefined, v.values, v.column);
    }
    const v =
      p.kind === 'textList'
        ? readTextList(p.name, raw)
        : p.kind === 'dateGrid'
          ? readDateGrid(p.name, raw)
          : readNumberList(DOMAINS[p.kind]!, p.name, raw, STAGE_LISTS[p.kind] ? MAX_STAGES : Infinity);
    return isRoiError(v) ? shared(undefined, v, undefined) : shared(undefined, undefined, v);
  }
  // single, or an elementwise argument given one value
  const v = unwrap(raw);
  if (isGrid(v)) return shared(undefined, new RoiError('#VALUE!', msg.single(p.name, fnName)), undefined);
  if (isBlank(v)) {
    if (p.optional) return shared(undefined, undefined, p.defaultValue);
    return shared(undefined, new RoiError('#VALUE!', msg.required(p.name)), undefined);
  }
  const r = checkScalar(p.kind, p.name, v);
  return isRoiError(r) ? shared(undefined, r, undefined) : shared(undefined, undefined, r);
}

function allBlank(v: ArgValue): boolean {
  if (!isGrid(v)) return isBlank(v);
  for (const row of v) for (const c of row) if (!isBlank(c)) return false;
  return true;
}

/**
 * A kernel's grid made safe in place (kernels return fresh grids): a non-finite number
 * becomes #NUM!, -0 becomes 0. No copy: a plan of 7 x 37 cells is built once, not twice.
 */
function finiteGrid(g: ResultCell[][]): ResultCell[][] {
  for (const row of g)
    for (let c = 0; c < row.length; c++) {
      const x = row[c];
      if (typeof x === 'number' && (x === 0 || !Number.isFinite(x)))
        row[c] = x === 0 ? 0 : new RoiError('#NUM!', msg.tooLarge('result'));
    }
  return g;
}

/** The table's declarations, resolved once per function: what the runner reads on every call. */
interface Plan {
  spec: FunctionDef;
  n: number;
  modes: number[];
  domains: NumberDomain[];
  optional: boolean[];
  defaults: Array<number | undefined>;
  /** The numeric stage lists the fast path reads itself (blanks skipped). */
  fastList: boolean[];
  /** sameLength rules: list i must hold as many values as list `as`, plus `plus`. */
  aligned: Array<{ i: number; as: number; plus: number }>;
  /** The parameter that orients the result (transposeWhenColumn), or -1. */
  transpose: number;
  /** The domains again, as flat arrays, for the loop over a range's elements. */
  lo: Float64Array;
  hi: Float64Array;
  whole: Uint8Array;
}

const ELEMENTWISE = 0;
const SINGLE = 1;
const LIST = 2;
const NONE: NumberDomain = { lo: 1, hi: 0, whole: false, message: () => '' }; // text kinds: always the checked path

function planOf(spec: FunctionDef): Plan {
  const index = (name: string) => spec.params.findIndex((p) => p.name === name);
  const domains = spec.params.map((p) => (p.mode === 'table' ? NONE : (DOMAINS[p.kind] ?? NONE)));
  const aligned: Plan['aligned'] = [];
  spec.params.forEach((p, i) => {
    if (p.sameLength) aligned.push({ i, as: index(p.sameLength.as), plus: p.sameLength.plus ?? 0 });
  });
  return {
    spec,
    n: spec.params.length,
    modes: spec.params.map((p) => (p.mode === 'elementwise' ? ELEMENTWISE : p.mode === 'single' ? SINGLE : LIST)),
    domains,
    optional: spec.params.map((p) => !!p.optional),
    defaults: spec.params.map((p) => p.defaultValue),
    fastList: spec.params.map((p) => !!STAGE_LISTS[p.kind]),
    aligned,
    transpose: spec.transposeWhenColumn ? index(spec.transposeWhenColumn) : -1,
    lo: Float64Array.from(domains, (d) => d.lo),
    hi: Float64Array.from(domains, (d) => d.hi),
    whole: Uint8Array.from(domains, (d) => (d.whole ? 1 : 0)),
  };
}

/** The first aligned list of the wrong length, as its error (lists absent or not arrays are not compared). */
function misaligned(plan: Plan, values: readonly Validated[]): RoiError | undefined {
  for (const a of plan.aligned) {
    const list = values[a.i];
    const other = values[a.as];
    if (!Array.isArray(list) || !Array.isArray(other)) continue;
    const want = other.length + a.plus;
    if (list.length === want) continue;
    const p = plan.spec.params[a.i];
    return new RoiError(
      '#VALUE!',
      p.kind === 'textList'
        ? msg.namesLength(p.name, list.length, want)
        : msg.sameLength(p.name, list.length, plan.spec.params[a.as].name, other.length),
    );
  }
  return undefined;
}

/**
 * The kernel called with the arguments array's values as its parameters. Spelled out by
 * count (the table's rows take at most six) rather than spread: a call with a known count
 * of arguments skips the spread machinery, on every element of a range.
 */
function callKernel(run: Kernel, a: Validated[]): KernelResult {
  const f = run as (...a: Validated[]) => KernelResult;
  switch (a.length) {
    case 1:
      return f(a[0]);
    case 2:
      return f(a[0], a[1]);
    case 3:
      return f(a[0], a[1], a[2]);
    case 4:
      return f(a[0], a[1], a[2], a[3]);
    case 5:
      return f(a[0], a[1], a[2], a[3], a[4]);
    case 6:
      return f(a[0], a[1], a[2], a[3], a[4], a[5]);
    default:
      return f(...a);
  }
}

function runKernel(spec: FunctionDef, values: Validated[]): KernelResult {
  let v: KernelResult;
  try {
    v = callKernel(spec.run, values);
  } catch (e) {
    // A kernel bug must still not crash a cell.
    return new RoiError('#VALUE!', msg.kernelFailed(spec.name, e instanceof Error ? e.message : String(e)));
  }
  if (typeof v === 'number') return Number.isFinite(v) ? (v === 0 ? 0 : v) : tooLarge();
  return Array.isArray(v) ? finiteGrid(v) : v;
}

function tooLarge(): RoiError {
  return new RoiError('#NUM!', msg.tooLarge('result'));
}

function transposed(g: ResultCell[][]): ResultCell[][] {
  const rows = g.length;
  const cols = rows ? g[0].length : 0;
  const out: ResultCell[][] = [];
  for (let c = 0; c < cols; c++) {
    const row: ResultCell[] = [];
    for (let r = 0; r < rows; r++) row.push(g[r][c]);
    out.push(row);
  }
  return out;
}

/**
 * Evaluate ROI.<id> on raw arguments, in parameter order (omitted optionals: undefined).
 * Never throws; returns a value, a RoiError, or a grid.
 */
export function callFunction(id: FunctionId, args: readonly ArgValue[]): Result {
  return callByName(id, args);
}

/**
 * callFunction for an id or name known only at run time (a formula's text, a form):
 * "REQUIREDLEADS", "ROI.REQUIREDLEADS", any case. An unknown name is #NAME?.
 */
export function callByName(idOrName: string, args: readonly ArgValue[]): Result {
  const runner = RUNNERS.get(idOrName);
  if (runner) return runner(args);
  const spec = getFunction(idOrName);
  if (!spec) return new RoiError('#NAME?', msg.unknownFunction(`ROI.${idOrName.replace(/^ROI\./i, '')}`));
  return RUNNERS.get(spec.id)!(args);
}

export type Runner = (args: readonly ArgValue[]) => Result;

/**
 * The runner of one function, looked up once: adapters generated per function (the Excel
 * wrappers, the HyperFormula plugin) hold it instead of passing the id on every call.
 */
export function runnerFor(idOrName: string): Runner {
  const spec = getFunction(idOrName);
  return (spec && RUNNERS.get(spec.id)) ?? ((args) => callByName(idOrName, args));
}

/**
 * A runner for any row written with defineFunction, in the table or not: how a row is
 * tried before it joins the table (and how the tests run rows of their own).
 */
export function runnerOf(spec: FunctionDef): Runner {
  const plan = planOf(spec);
  return (args) => fast(plan, args);
}

/** The fully checked path, for every call the fast path hands over (and for tests). */
export function checkedCall(spec: FunctionDef, args: readonly ArgValue[]): Result {
  return checked(planFor(spec), args);
}

const PLANS = new WeakMap<FunctionDef, Plan>();

function planFor(spec: FunctionDef): Plan {
  let plan = PLANS.get(spec);
  if (!plan) PLANS.set(spec, (plan = planOf(spec)));
  return plan;
}

function checked(plan: Plan, args: readonly ArgValue[]): Result {
  try {
    return call(plan, args);
  } catch (e) {
    return new RoiError('#VALUE!', msg.readFailed(plan.spec.name, e instanceof Error ? e.message : String(e)));
  }
}

// ---------------------------------------------------------------------------------
// The fast path. Most calls in a recalculation have every argument present and valid,
// and single values for the elementwise ones. For those, check each argument once
// against its kind's domain (the same DOMAINS table the checked path reads), with no
// intermediate objects, and run the kernel. The moment anything is unusual (an error
// value, text, a boolean, a missing required argument, a number outside its domain, a
// range over an elementwise argument, names, a period list, a table, misaligned lists, a
// kernel that throws or returns a non-finite number) the untouched arguments go to the
// checked path, so every error, its precedence and its message come from one place.
// Only valid arguments leave here, and for those the checked path would have run the
// same kernel on the same values.

const SLOW: unique symbol = Symbol('slow');

/** A stage list of valid numbers read straight from its cells, blanks skipped; SLOW for anything else. */
function fastList(d: NumberDomain, v: ArgValue): readonly number[] | typeof SLOW {
  if (typeof v === 'number') return v >= d.lo && v <= d.hi && (!d.whole || Number.isInteger(v)) ? [v] : SLOW;
  if (!Array.isArray(v) || v.length === 0) return SLOW;
  if (v.length === 1) {
    // A one-row range of valid numbers (the usual {0.5,0.4,0.25} or B4:D4) is used as it is: kernels only read lists.
    const row = v[0];
    let clean = row.length > 0 && row.length <= MAX_STAGES;
    for (let c = 0; c < row.length && clean; c++) {
      const x = row[c];
      if (typeof x !== 'number') clean = false;
      else if (!(x >= d.lo && x <= d.hi) || (d.whole && !Number.isInteger(x))) return SLOW;
    }
    if (clean) return row as number[];
  } else if (v[0].length > 1) {
    return SLOW;
  }
  const out: number[] = [];
  for (let r = 0; r < v.length; r++) {
    const row = v[r];
    for (let c = 0; c < row.length; c++) {
      const x = row[c];
      if (typeof x === 'number') {
        if (!(x >= d.lo && x <= d.hi) || (d.whole && !Number.isInteger(x))) return SLOW;
        out.push(x);
      } else if (!(x === null || x === undefined || x === '')) {
        return SLOW;
      }
    }
  }
  return out.length && out.length <= MAX_STAGES ? out : SLOW;
}

function isFiniteGrid(g: ResultCell[][]): boolean {
  for (const row of g)
    for (const x of row) if (typeof x === 'number' && (!Number.isFinite(x) || Object.is(x, -0))) return false;
  return true;
}

function fast(plan: Plan, args: readonly ArgValue[]): Result {
  const n = plan.n;
  if (args.length > n) return checked(plan, args);
  const values: Validated[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let v: ArgValue = i < args.length ? args[i] : undefined;
    if (Array.isArray(v) && v.length === 1 && v[0].length === 1) v = v[0][0];
    const mode = plan.modes[i];
    const d = plan.domains[i];
    if (typeof v === 'number' && mode !== LIST) {
      if (!(v >= d.lo && v <= d.hi) || (d.whole && !Number.isInteger(v))) return checked(plan, args);
      values[i] = v;
    } else if (v === null || v === undefined || v === '') {
      if (!plan.optional[i]) return checked(plan, args);
      values[i] = mode === LIST ? undefined : plan.defaults[i];
    } else if (mode === LIST && plan.fastList[i]) {
      const list = fastList(d, v);
      if (list === SLOW) return checked(plan, args);
      values[i] = list;
    } else {
      return checked(plan, args);
    }
  }
  if (plan.aligned.length && misaligned(plan, values)) return checked(plan, args);
  let out: KernelResult;
  try {
    out = callKernel(plan.spec.run, values);
  } catch {
    return checked(plan, args);
  }
  if (typeof out === 'number') {
    if (!Number.isFinite(out)) return checked(plan, args);
    return out === 0 ? 0 : out;
  }
  if (Array.isArray(out) && !isFiniteGrid(out)) return checked(plan, args);
  return out as Result;
}

const RUNNERS: Map<string, Runner> = new Map(RUNTIME_FUNCTIONS.map((spec) => [spec.id, runnerOf(spec)] as const));

// ---------------------------------------------------------------------------------
// The checked path.

/**
 * The whole call: arguments read (lists, tables, single values and single values given
 * to elementwise parameters once; ranges over elementwise parameters element by
 * element), then for each element: error values first (the first in argument order),
 * then validation in argument order, then the alignment of lists, then the kernel.
 */
function call(plan: Plan, rawArgs: readonly ArgValue[]): Result {
  const spec = plan.spec;
  const params = spec.params;
  const n = plan.n;
  if (rawArgs.length > n) return new RoiError('#VALUE!', msg.tooManyArgs(spec.name, n));
  const sharedArgs: Array<Shared | undefined> = new Array(n);
  const grids: Array<CellValue[][] | undefined> = new Array(n);
  const gridIndex: number[] = [];
  let shape: Shape | null = SCALAR;
  for (let i = 0; i < n; i++) {
    const v = unwrap(rawArgs[i]);
    const p = params[i];
    if (p.mode === 'elementwise' && isGrid(v)) {
      shape = shape && broadcastShape([shape, shapeOf(v)]);
      grids[i] = v;
      gridIndex.push(i);
    } else {
      sharedArgs[i] = readShared(p, spec.name, v);
    }
  }
  if (!shape) return new RoiError('#VALUE!', msg.shape(spec.name));

  // One arguments array for the whole call: the shared values now, each element's own below.
  const values: Validated[] = [];
  for (let i = 0; i < n; i++) values.push(undefined);
  let sharedError: RoiError | undefined;
  let sharedInvalid: RoiError | undefined;
  for (let i = 0; i < n; i++) {
    const s = sharedArgs[i];
    if (s === undefined) continue;
    values[i] = s.value;
    if (s.error && !sharedError) sharedError = s.error;
  }

  if (gridIndex.length === 0) {
    // One element.
    const before = oneElementError(plan, sharedArgs as Shared[], values, sharedError);
    if (before) return before;
    const r = runKernel(spec, values);
    if (plan.transpose >= 0 && Array.isArray(r) && sharedArgs[plan.transpose]!.column) return transposed(r);
    return r as Result;
  }

  // Elementwise over a range: a spill of one result per element (spilling functions
  // take single values only, so each element here is one cell).
  for (let i = 0; i < n; i++) {
    const s = sharedArgs[i];
    if (s && !s.error && s.invalid && !sharedInvalid) sharedInvalid = s.invalid;
  }
  const mismatch = !sharedInvalid && plan.aligned.length ? misaligned(plan, values) : undefined;
  const clean = !sharedError && !sharedInvalid && !mismatch;
  return overRange(plan, sharedArgs, grids, gridIndex, values, shape, clean, mismatch);
}

/**
 * What a call of one element gives before its kernel runs, if anything: error values first,
 * then validation in argument order, then the alignment of lists.
 */
function oneElementError(
  plan: Plan,
  sharedArgs: readonly Shared[],
  values: readonly Validated[],
  sharedError: RoiError | undefined,
): RoiError | undefined {
  if (sharedError) return sharedError;
  for (let i = 0; i < plan.n; i++) if (sharedArgs[i].invalid) return sharedArgs[i].invalid;
  return plan.aligned.length ? misaligned(plan, values) : undefined;
}

/**
 * The validated arguments of a call of `id` with one element, by parameter name and typed
 * from its row, defaults applied: exactly what its kernel receives. Or the error the call
 * gives before its kernel runs (too many arguments, an error value, a validation failure,
 * misaligned lists, or a range given to an elementwise parameter: pass one element). For
 * code that explains a call with the kernels' own numbers (the Review view's Explain),
 * reading arguments by name instead of by position.
 */
export function argumentsOf<Id extends FunctionId>(id: Id, args: readonly ArgValue[]): NamedArgs<Id> | RoiError {
  const spec = BY_ID.get(id)!;
  const plan = planFor(spec);
  if (args.length > plan.n) return new RoiError('#VALUE!', msg.tooManyArgs(spec.name, plan.n));
  const sharedArgs: Shared[] = [];
  const values: Validated[] = [];
  let sharedError: RoiError | undefined;
  for (let i = 0; i < plan.n; i++) {
    const v = unwrap(args[i]);
    if (spec.params[i].mode === 'elementwise' && isGrid(v)) return new RoiError('#VALUE!', msg.shape(spec.name));
    const s = readShared(spec.params[i], spec.name, v);
    sharedArgs.push(s);
    values.push(s.value);
    sharedError ??= s.error;
  }
  const before = oneElementError(plan, sharedArgs, values, sharedError);
  if (before) return before;
  const named: Record<string, Validated> = {};
  spec.params.forEach((p, i) => (named[p.name] = values[i]));
  return named as NamedArgs<Id>;
}

/** The grids of elementwise calls made without an error in any cell (see isErrorFree). */
const ERROR_FREE = new WeakSet<ResultCell[][]>();

/**
 * Whether a result grid is known to hold no error: the runner marks the grids of calls
 * over ranges it made without one, so that an adapter converting errors for its host
 * (the Excel wrapper) need not look through 100,000 cells to find none. false means
 * "not known", not "has errors".
 */
export function isErrorFree(grid: ResultCell[][]): boolean {
  return ERROR_FREE.has(grid);
}

/**
 * The elements of a call over ranges, one result cell each. Elements whose range cells
 * are all numbers in their domains (every shared argument being valid: `clean`) go
 * straight to the kernel; any other element takes the one precise path (element), which
 * gives the error, its precedence and its message. Kept small and apart from `call` so
 * that the engine compiles this loop on its own, with the checks and the kernel call
 * inlined: it runs once per element.
 */
function overRange(
  plan: Plan,
  sharedArgs: Array<Shared | undefined>,
  grids: Array<CellValue[][] | undefined>,
  gridIndex: readonly number[],
  values: Validated[],
  shape: Shape,
  clean: boolean,
  mismatch: RoiError | undefined,
): ResultCell[][] {
  const { rows, cols } = shape;
  const spec = plan.spec;
  const g = gridIndex.length;
  // The first three range arguments held in locals (a call has one to three as a rule;
  // a loop over them costs as much again as the kernel), any further ones by a loop.
  const i0 = gridIndex[0];
  const i1 = g > 1 ? gridIndex[1] : i0;
  const i2 = g > 2 ? gridIndex[2] : i0;
  const G0 = grids[i0]!;
  const G1 = grids[i1]!;
  const G2 = grids[i2]!;
  const { lo, hi, whole } = plan;
  const lo0 = lo[i0];
  const lo1 = lo[i1];
  const lo2 = lo[i2];
  const hi0 = hi[i0];
  const hi1 = hi[i1];
  const hi2 = hi[i2];
  const w0 = whole[i0] === 1;
  const w1 = whole[i1] === 1;
  const w2 = whole[i2] === 1;
  let errors = 0;
  // Nothing is allocated per element but the result: its rows made at their final size (a
  // column's rows of exactly one cell; push would reserve room for 17), no growth. A
  // kernel's fractional result comes back from the call as a 16-byte heap number (V8
  // cannot inline the kernels into this loop: one call site serves them all); its row is
  // an array of any cell ('' first) that keeps the number as it came, where an array of
  // doubles would copy it out and throw the box away. Small whole numbers are never boxed.
  const out: ResultCell[][] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const row: ResultCell[] | undefined = cols === 1 ? undefined : new Array<ResultCell>(cols).fill('');
    for (let c = 0; c < cols; c++) {
      let v: KernelResult | undefined;
      if (clean) {
        const x0 = G0[r][c];
        if (inDomain(x0, lo0, hi0, w0)) {
          values[i0] = x0;
          if (g === 1) v = runKernel(spec, values);
          else {
            const x1 = G1[r][c];
            if (inDomain(x1, lo1, hi1, w1)) {
              values[i1] = x1;
              if (g === 2) v = runKernel(spec, values);
              else {
                const x2 = G2[r][c];
                if (inDomain(x2, lo2, hi2, w2) && (g === 3 || restInDomain(plan, gridIndex, grids, values, r, c))) {
                  values[i2] = x2;
                  v = runKernel(spec, values);
                }
              }
            }
          }
        }
      }
      if (v === undefined) v = element(plan, sharedArgs, grids, values, r, c, mismatch);
      let cell: ResultCell;
      if (typeof v === 'object') {
        errors++;
        cell = cellOf(spec, v);
      } else {
        cell = v;
      }
      if (row === undefined) {
        if (typeof cell === 'number' && !isSmallInteger(cell)) {
          const one: ResultCell[] = [''];
          one[0] = cell;
          out[r] = one;
        } else {
          out[r] = [cell];
        }
      } else {
        row[c] = cell;
      }
    }
    if (row !== undefined) out[r] = row;
  }
  if (errors === 0) ERROR_FREE.add(out);
  return out;
}

/**
 * A whole number small enough for V8 to hold unboxed (a "small integer": 31 bits with
 * pointer compression). Any other number a kernel returns reaches the loop boxed, and
 * overRange keeps that box in the result rather than copy it out and drop it.
 */
function isSmallInteger(x: number): boolean {
  return x <= 0x3fffffff && x >= -0x40000000 && x === Math.floor(x);
}

/** Whether a range's cell is a number in its parameter's domain. */
function inDomain(x: CellValue, lo: number, hi: number, whole: boolean): x is number {
  return typeof x === 'number' && x >= lo && x <= hi && (!whole || Number.isInteger(x));
}

/** The range arguments after the third: all in their domains (then stored in values)? */
function restInDomain(
  plan: Plan,
  gridIndex: readonly number[],
  grids: Array<CellValue[][] | undefined>,
  values: Validated[],
  r: number,
  c: number,
): boolean {
  for (let k = 3; k < gridIndex.length; k++) {
    const i = gridIndex[k];
    const x = grids[i]![r][c];
    if (!inDomain(x, plan.lo[i], plan.hi[i], plan.whole[i] === 1)) return false;
    values[i] = x;
  }
  return true;
}

/** One element's result as one cell (a grid where one cell belongs is a shape error). */
function cellOf(spec: FunctionDef, v: KernelResult): ResultCell {
  return Array.isArray(v) ? new RoiError('#VALUE!', msg.shape(spec.name)) : v;
}

/**
 * One element of a call over ranges: error values first (the first in argument order),
 * then validation in argument order, then the alignment of lists, then the kernel, with
 * the call's one arguments array. Plain loops, no closures, nothing allocated unless the
 * element is an error: this is the hot path of a call over a large range.
 */
function element(
  plan: Plan,
  sharedArgs: Array<Shared | undefined>,
  grids: Array<CellValue[][] | undefined>,
  values: Validated[],
  r: number,
  c: number,
  mismatch: RoiError | undefined,
): KernelResult {
  const n = plan.n;
  for (let i = 0; i < n; i++) {
    const g = grids[i];
    if (g !== undefined) {
      const v = g[r][c];
      if (typeof v === 'object' && v !== null && isRoiError(v)) return v;
    } else if (sharedArgs[i]!.error) {
      return sharedArgs[i]!.error!;
    }
  }
  for (let i = 0; i < n; i++) {
    const g = grids[i];
    if (g === undefined) {
      const s = sharedArgs[i]!;
      if (s.invalid) return s.invalid;
      continue;
    }
    const v = g[r][c];
    const d = plan.domains[i];
    if (typeof v === 'number' && d !== NONE) {
      if (!(v >= d.lo && v <= d.hi) || (d.whole && !Number.isInteger(v)))
        return checkIn(d, plan.spec.params[i].name, v) as RoiError;
      values[i] = v;
    } else if (v === null || v === undefined || v === '') {
      if (!plan.optional[i]) return new RoiError('#VALUE!', msg.required(plan.spec.params[i].name));
      values[i] = plan.defaults[i];
    } else {
      const x = checkScalar(plan.spec.params[i].kind, plan.spec.params[i].name, v);
      if (isRoiError(x)) return x;
      values[i] = x;
    }
  }
  if (mismatch) return mismatch;
  return runKernel(plan.spec, values);
}

const SCALAR: Shape = { rows: 1, cols: 1 };

/**
 * The size of the result predicted from the arguments' shapes alone, for engines that
 * must know a spill's size before evaluating: the row's `spill` for spilling functions
 * (transposed when its `transposeWhenColumn` argument is a column of more than one
 * cell), else the common shape of the elementwise arguments. The real result is never
 * larger; blanks skipped in a list make it smaller (pad with "").
 */
export function spillShape(specOrId: FunctionDef | string, argShapes: readonly (Shape | undefined)[]): Shape {
  const spec = typeof specOrId === 'string' ? getFunction(specOrId) : specOrId;
  if (!spec) return { rows: 1, cols: 1 };
  if (spec.spill) {
    const byName: Record<string, Shape | undefined> = {};
    spec.params.forEach((p, i) => (byName[p.name] = argShapes[i]));
    const s = spec.spill(byName);
    const o = spec.transposeWhenColumn ? byName[spec.transposeWhenColumn] : undefined;
    return o && o.rows > 1 && o.cols === 1 ? { rows: s.cols, cols: s.rows } : s;
  }
  const ew = spec.params
    .map((p, i) => (p.mode === 'elementwise' ? argShapes[i] : undefined))
    .filter((s): s is Shape => !!s);
  return broadcastShape(ew) ?? { rows: 1, cols: 1 };
}
