/**
 * The shared runner: one place that turns raw arguments into validated ones, applies
 * defaults, broadcasts elementwise arguments, keeps errors per element, and guarantees
 * that no NaN, Infinity or exception ever leaves the core.
 */
import {
  DOMAINS,
  broadcastShape,
  checkNumber,
  checkScalar,
  elementAt,
  firstError,
  isBlank,
  isGrid,
  readList,
  shapeOf,
  unwrap,
  type NumberDomain,
} from './args';
import { RoiError, isRoiError, msg } from './errors';
import {
  RUNTIME_FUNCTIONS,
  type KernelResult,
  type RuntimeParamSpec,
  type RuntimeSpec,
  type Validated,
} from './functions';
import type { ArgValue, CellValue, Result, ResultCell, Shape } from './types';

const BY_ID = new Map(RUNTIME_FUNCTIONS.map((f) => [f.id, f]));

/** The function's spec by id ("REQUIREDLEADS") or by name ("ROI.REQUIREDLEADS"), any case. */
export function getFunction(idOrName: string): RuntimeSpec | undefined {
  const id = idOrName.toUpperCase().replace(/^ROI\./, '');
  return BY_ID.get(id);
}

/** A list or single-mode argument, read once for all elements. */
interface Shared {
  error: RoiError | undefined; // an Excel error value inside it
  invalid: RoiError | undefined; // a validation failure
  value: Validated;
}

function readShared(p: RuntimeParamSpec, fnName: string, raw: ArgValue): Shared {
  const err = firstError(raw);
  if (err) return { error: err, invalid: undefined, value: undefined };
  if (p.mode === 'list') {
    if (allBlank(raw)) {
      return {
        error: undefined,
        invalid: p.optional ? undefined : new RoiError('#VALUE!', msg.required(p.name)),
        value: undefined,
      };
    }
    const v = readList(p.kind as 'rateList' | 'textList', p.name, raw);
    return isRoiError(v)
      ? { error: undefined, invalid: v, value: undefined }
      : { error: undefined, invalid: undefined, value: v };
  }
  // single
  const v = unwrap(raw);
  if (isGrid(v))
    return { error: undefined, invalid: new RoiError('#VALUE!', msg.single(p.name, fnName)), value: undefined };
  const e = validateElement(p, v);
  return { error: undefined, invalid: e.invalid, value: e.value };
}

function allBlank(v: ArgValue): boolean {
  if (!isGrid(v)) return isBlank(v);
  for (const row of v) for (const c of row) if (!isBlank(c)) return false;
  return true;
}

function validateElement(p: RuntimeParamSpec, v: CellValue): { invalid: RoiError | undefined; value: Validated } {
  if (isBlank(v)) {
    if (p.optional) return { invalid: undefined, value: p.defaultValue };
    return { invalid: new RoiError('#VALUE!', msg.required(p.name)), value: undefined };
  }
  const r = checkScalar(p.kind, p.name, v);
  return isRoiError(r) ? { invalid: r, value: undefined } : { invalid: undefined, value: r };
}

function finite(v: KernelResult): KernelResult {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return new RoiError('#NUM!', msg.tooLarge('result'));
    return v === 0 ? 0 : v; // never -0
  }
  if (Array.isArray(v)) return v.map((row) => row.map((c) => finite(c) as ResultCell));
  return v;
}

function runKernel(spec: RuntimeSpec, args: Validated[]): KernelResult {
  try {
    return finite(spec.run(args));
  } catch (e) {
    // A kernel bug must still not crash a cell.
    return new RoiError(
      '#VALUE!',
      `${spec.name} could not compute this: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * Evaluate ROI.<id> on raw arguments, in parameter order (omitted optionals: undefined).
 * Never throws; returns a value, a RoiError, or a grid.
 */
export function callFunction(id: string, args: readonly ArgValue[]): Result {
  const runner = RUNNERS.get(id);
  if (runner) return runner(args);
  const spec = getFunction(id);
  if (!spec) return new RoiError('#NAME?', `ROI.${id} is not a function of Outcome ROI.`);
  return checkedCall(spec, args);
}

export type Runner = (args: readonly ArgValue[]) => Result;

/**
 * The runner of one function, looked up once: adapters generated per function (the Excel
 * wrappers, the HyperFormula plugin) hold it instead of passing the id on every call.
 */
export function runnerFor(id: string): Runner {
  const spec = getFunction(id);
  return (spec && RUNNERS.get(spec.id)) ?? ((args) => callFunction(id, args));
}

/** The fully checked path, for every call the fast path hands over (and for tests). */
export function checkedCall(spec: RuntimeSpec, args: readonly ArgValue[]): Result {
  try {
    return call(spec, args);
  } catch (e) {
    return new RoiError(
      '#VALUE!',
      `${spec.name} could not read its arguments: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

// ---------------------------------------------------------------------------------
// The fast path. Most calls in a recalculation have every argument present and valid,
// and single values for the elementwise ones. For those, check each argument once
// against its kind's domain (the same DOMAINS table checkNumber reads), with no
// intermediate objects, and run the kernel. The moment anything is unusual (an error
// value, text, a boolean, a missing required argument, a number outside its domain, a
// range over an elementwise argument, names, a kernel that throws or returns a
// non-finite number) the untouched arguments go to checkedCall, so every error, its
// precedence and its message come from one place. Only valid arguments leave here, and
// for those checkedCall would have run the same kernel on the same values.

const ELEMENTWISE = 0;
const SINGLE = 1;
const LIST = 2;
const NONE: NumberDomain = { lo: 1, hi: 0, whole: false, message: () => '' }; // text kinds: always the checked path

interface Plan {
  spec: RuntimeSpec;
  modes: number[];
  domains: NumberDomain[];
  optional: boolean[];
  defaults: Array<number | undefined>;
}

function planOf(spec: RuntimeSpec): Plan {
  return {
    spec,
    modes: spec.params.map((p) => (p.mode === 'list' ? LIST : p.mode === 'single' ? SINGLE : ELEMENTWISE)),
    domains: spec.params.map((p) => DOMAINS[p.kind] ?? NONE),
    optional: spec.params.map((p) => !!p.optional),
    defaults: spec.params.map((p) => p.defaultValue),
  };
}

const SLOW: unique symbol = Symbol('slow');

/** A list of valid numbers read straight from its cells, blanks skipped; SLOW for anything else. */
function fastList(d: NumberDomain, v: ArgValue): readonly number[] | typeof SLOW {
  if (typeof v === 'number') return v >= d.lo && v <= d.hi ? [v] : SLOW;
  if (!Array.isArray(v) || v.length === 0) return SLOW;
  if (v.length === 1) {
    // A one-row range of valid numbers (the usual {0.5,0.4,0.25} or B4:D4) is used as it is: kernels only read lists.
    const row = v[0];
    let clean = row.length > 0;
    for (let c = 0; c < row.length && clean; c++) {
      const x = row[c];
      if (typeof x !== 'number') clean = false;
      else if (!(x >= d.lo && x <= d.hi)) return SLOW;
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
        if (!(x >= d.lo && x <= d.hi)) return SLOW;
        out.push(x);
      } else if (!(x === null || x === undefined || x === '')) {
        return SLOW;
      }
    }
  }
  return out.length ? out : SLOW;
}

function finiteGrid(g: ResultCell[][]): boolean {
  for (const row of g)
    for (const x of row) if (typeof x === 'number' && (!Number.isFinite(x) || Object.is(x, -0))) return false;
  return true;
}

function fast(plan: Plan, args: readonly ArgValue[]): Result {
  const n = plan.modes.length;
  if (args.length > n) return checkedCall(plan.spec, args);
  const values: Validated[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let v: ArgValue = i < args.length ? args[i] : undefined;
    if (Array.isArray(v) && v.length === 1 && v[0].length === 1) v = v[0][0];
    const d = plan.domains[i];
    if (typeof v === 'number' && plan.modes[i] !== LIST) {
      if (!(v >= d.lo && v <= d.hi) || (d.whole && !Number.isInteger(v))) return checkedCall(plan.spec, args);
      values[i] = v;
    } else if (v === null || v === undefined || v === '') {
      if (!plan.optional[i]) return checkedCall(plan.spec, args);
      values[i] = plan.modes[i] === LIST ? undefined : plan.defaults[i];
    } else if (plan.modes[i] === LIST) {
      const list = fastList(d, v);
      if (list === SLOW) return checkedCall(plan.spec, args);
      values[i] = list as number[];
    } else {
      return checkedCall(plan.spec, args);
    }
  }
  let out: KernelResult;
  try {
    out = plan.spec.run(values);
  } catch {
    return checkedCall(plan.spec, args);
  }
  if (typeof out === 'number') {
    if (!Number.isFinite(out)) return checkedCall(plan.spec, args);
    return out === 0 ? 0 : out;
  }
  if (Array.isArray(out) && !finiteGrid(out)) return checkedCall(plan.spec, args);
  return out as Result;
}

const RUNNERS: Map<string, Runner> = new Map(
  RUNTIME_FUNCTIONS.map((spec) => {
    const plan = planOf(spec);
    return [spec.id, (args: readonly ArgValue[]) => fast(plan, args)] as const;
  }),
);

/**
 * One element of the call: error values first (the first in argument order), then
 * validation in argument order, then the kernel. Plain loops, no closures: this is the
 * hot path of every recalculation.
 */
function element(
  spec: RuntimeSpec,
  raw: ArgValue[],
  shared: Array<Shared | undefined>,
  r: number,
  c: number,
): KernelResult {
  const params = spec.params;
  const n = params.length;
  for (let i = 0; i < n; i++) {
    const s = shared[i];
    if (s !== undefined) {
      if (s.error) return s.error;
    } else {
      const v = elementAt(raw[i], r, c);
      if (isRoiError(v)) return v;
    }
  }
  const values: Validated[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = shared[i];
    if (s !== undefined) {
      if (s.invalid) return s.invalid;
      values[i] = s.value;
      continue;
    }
    const v = elementAt(raw[i], r, c);
    const p = params[i];
    if (typeof v === 'number' && p.kind !== 'text') {
      const x = checkNumber(p.kind, p.name, v);
      if (typeof x !== 'number') return x;
      values[i] = x;
    } else {
      const e = validateElement(p, v);
      if (e.invalid) return e.invalid;
      values[i] = e.value;
    }
  }
  return runKernel(spec, values);
}

function call(spec: RuntimeSpec, rawArgs: readonly ArgValue[]): Result {
  const params = spec.params;
  const n = params.length;
  if (rawArgs.length > n) return new RoiError('#VALUE!', `${spec.name} takes at most ${n} arguments.`);
  const raw: ArgValue[] = new Array(n);
  const shared: Array<Shared | undefined> = new Array(n);
  let shape: Shape | null = SCALAR;
  for (let i = 0; i < n; i++) {
    const v = unwrap(rawArgs[i]);
    raw[i] = v;
    const p = params[i];
    if (p.mode === 'elementwise') {
      if (isGrid(v)) shape = shape && broadcastShape([shape, shapeOf(v)]);
    } else {
      shared[i] = readShared(p, spec.name, v);
    }
  }
  if (!shape) return new RoiError('#VALUE!', msg.shape(spec.name));
  if (shape.rows === 1 && shape.cols === 1) return element(spec, raw, shared, 0, 0) as Result;
  // Elementwise over a range: a spill of one result per element (spilling functions
  // take single values only, so each element here is one cell).
  const out: ResultCell[][] = [];
  for (let r = 0; r < shape.rows; r++) {
    const row: ResultCell[] = [];
    for (let c = 0; c < shape.cols; c++) {
      const v = element(spec, raw, shared, r, c);
      row.push(Array.isArray(v) ? new RoiError('#VALUE!', msg.shape(spec.name)) : v);
    }
    out.push(row);
  }
  return out;
}

const SCALAR: Shape = { rows: 1, cols: 1 };

/** The number of cells a list argument may hold, from its shape. */
function listLength(s: Shape | undefined): number {
  return s ? Math.max(1, s.rows * s.cols) : 0;
}

/**
 * The size of the result predicted from the arguments' shapes alone, for engines that
 * must know a spill's size before evaluating. The real result is never larger; blanks
 * skipped in a list make it smaller (pad with "").
 */
export function spillShape(id: string, argShapes: readonly (Shape | undefined)[]): Shape {
  const spec = getFunction(id);
  if (!spec) return { rows: 1, cols: 1 };
  if (spec.id === 'FUNNEL') {
    const names = argShapes[3];
    return { rows: listLength(argShapes[2]) + 1, cols: names ? 2 : 1 };
  }
  if (spec.id === 'SENSITIVITY') return { rows: Math.max(1, listLength(argShapes[2])), cols: 2 };
  const ew = spec.params
    .map((p, i) => (p.mode === 'elementwise' ? argShapes[i] : undefined))
    .filter((s): s is Shape => !!s);
  return broadcastShape(ew) ?? { rows: 1, cols: 1 };
}
