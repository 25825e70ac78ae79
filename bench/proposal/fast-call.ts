/**
 * A PROPOSAL for src/core/registry.ts, kept in the bench because the bench may not edit
 * src/core. It is measured by `npm run bench -- core` (the "proposed fast path" lines) and
 * checked against callFunction by test/bench-proposal.test.ts (same value, same error
 * code, same message, for random arguments of every function), so the lead can adopt it
 * with data.
 *
 * The idea: a fast path for the common case, and the existing runner for everything else.
 * - The common case is every argument present and valid, and every elementwise argument a
 *   single value (one cell). The fast path checks each argument once, in place, against
 *   its kind's interval, with no intermediate objects, and runs the kernel.
 * - The moment anything is unusual (an error value, text, a boolean, a missing required
 *   argument, a value out of range, a range over an elementwise argument, names in a
 *   text list, an id not spelled exactly "REQUIREDLEADS", a kernel that throws or returns
 *   a non-finite number) it hands the untouched arguments to callFunction, so errors,
 *   their order of precedence and their messages are exactly today's. Only valid
 *   arguments ever leave through the fast path, and for those the generic runner would
 *   have computed the same validated values and run the same kernel.
 * - `runnerFor(id)` binds the look-up once: the adapters are generated per function from
 *   the table (the Excel wrappers, the HyperFormula plugin), so each can hold its runner.
 */
import type { ParamKind } from '../../src/core/args';
import { FUNCTIONS, type FunctionSpec, type KernelResult, type Validated } from '../../src/core/functions';
import { callFunction } from '../../src/core/registry';
import type { ArgValue, Result, ResultCell } from '../../src/core/types';

const ELEMENTWISE = 0;
const SINGLE = 1;
const LIST = 2;

/**
 * Each numeric kind of args.ts's checkNumber as one closed interval of valid numbers
 * (open ends as the nearest double inside; MAX_VALUE excludes Infinity; NaN fails every
 * comparison), plus "must be whole" for periods. A number inside is exactly a number
 * checkNumber accepts unchanged; anything else goes to the generic runner for its message.
 */
const INTERVALS: Partial<Record<ParamKind, [number, number, boolean]>> = {
  money: [0, Number.MAX_VALUE, false],
  count: [0, Number.MAX_VALUE, false],
  duration: [0, Number.MAX_VALUE, false],
  rate: [0, 1, false],
  rateList: [0, 1, false],
  growth: [-1, Number.MAX_VALUE, false],
  confidence: [Number.MIN_VALUE, 1 - 2 ** -53, false],
  step: [Number.MIN_VALUE, 1, false],
  periods: [1, Number.MAX_VALUE, true],
  signedUnit: [-1, 1, false],
};

interface Plan {
  id: string;
  count: number;
  modes: number[];
  /** Numeric kinds: the interval; text kinds: lo > hi, so every value goes the slow way. */
  lo: number[];
  hi: number[];
  whole: boolean[];
  optional: boolean[];
  defaults: Array<number | undefined>;
  run: (a: Validated[]) => KernelResult;
}

function planOf(spec: FunctionSpec): Plan {
  const range = (k: ParamKind) => INTERVALS[k] ?? [1, 0, false];
  return {
    id: spec.id,
    count: spec.params.length,
    modes: spec.params.map((p) => (p.mode === 'list' ? LIST : p.mode === 'single' ? SINGLE : ELEMENTWISE)),
    lo: spec.params.map((p) => range(p.kind)[0]),
    hi: spec.params.map((p) => range(p.kind)[1]),
    whole: spec.params.map((p) => range(p.kind)[2]),
    optional: spec.params.map((p) => !!p.optional),
    defaults: spec.params.map((p) => p.defaultValue),
    run: spec.run,
  };
}

/** A sentinel: "not the common case, use the generic runner". */
const SLOW: unique symbol = Symbol('slow');

/**
 * A number list read straight from its cells, checked, blanks skipped; SLOW for anything
 * unusual. A one-row range of valid numbers (the usual `{0.5,0.4,0.25}` or B4:D4) is
 * handed to the kernel as it is, without a copy: kernels only read their lists.
 */
function readNumberList(lo: number, hi: number, v: ArgValue): readonly number[] | typeof SLOW {
  if (typeof v === 'number') return v >= lo && v <= hi ? [v] : SLOW;
  if (!Array.isArray(v)) return SLOW;
  const rows = v.length;
  if (rows === 0) return SLOW;
  if (rows === 1) {
    const row = v[0];
    let clean = row.length > 0;
    for (let c = 0; c < row.length; c++) {
      const x = row[c];
      if (typeof x !== 'number') {
        clean = false;
        break;
      }
      if (!(x >= lo && x <= hi)) return SLOW;
    }
    if (clean) return row as number[];
  } else if (v[0].length > 1) {
    return SLOW;
  }
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = v[r];
    for (let c = 0; c < row.length; c++) {
      const x = row[c];
      if (typeof x === 'number') {
        if (!(x >= lo && x <= hi)) return SLOW;
        out.push(x);
      } else if (!(x === null || x === undefined || x === '')) {
        return SLOW;
      }
    }
  }
  return out.length ? out : SLOW;
}

function finiteGrid(g: ResultCell[][]): boolean {
  for (let r = 0; r < g.length; r++) {
    const row = g[r];
    for (let c = 0; c < row.length; c++) {
      const x = row[c];
      if (typeof x === 'number' && (!Number.isFinite(x) || Object.is(x, -0))) return false;
    }
  }
  return true;
}

function fast(plan: Plan, args: readonly ArgValue[]): Result {
  const n = plan.count;
  if (args.length > n) return callFunction(plan.id, args);
  const values: Validated[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let v: ArgValue = i < args.length ? args[i] : undefined;
    if (Array.isArray(v) && v.length === 1 && v[0].length === 1) v = v[0][0];
    if (typeof v === 'number' && plan.modes[i] !== LIST) {
      if (!(v >= plan.lo[i] && v <= plan.hi[i]) || (plan.whole[i] && !Number.isInteger(v))) return callFunction(plan.id, args);
      values[i] = v;
    } else if (v === null || v === undefined || v === '') {
      if (!plan.optional[i]) return callFunction(plan.id, args);
      values[i] = plan.modes[i] === LIST ? undefined : plan.defaults[i];
    } else if (plan.modes[i] === LIST) {
      const list = readNumberList(plan.lo[i], plan.hi[i], v);
      if (list === SLOW) return callFunction(plan.id, args);
      values[i] = list as number[];
    } else {
      return callFunction(plan.id, args); // text, a boolean, an error value, a range over an elementwise argument
    }
  }
  let out: KernelResult;
  try {
    out = plan.run(values);
  } catch {
    return callFunction(plan.id, args); // the generic runner turns the exception into its #VALUE! message
  }
  if (typeof out === 'number') {
    if (!Number.isFinite(out)) return callFunction(plan.id, args);
    return out === 0 ? 0 : out;
  }
  if (Array.isArray(out) && !finiteGrid(out)) return callFunction(plan.id, args);
  return out;
}

export type Runner = (args: readonly ArgValue[]) => Result;

const RUNNERS: Map<string, Runner> = new Map(
  FUNCTIONS.map((spec) => {
    const plan = planOf(spec);
    return [spec.id, (args: readonly ArgValue[]) => fast(plan, args)];
  }),
);

/**
 * The proposed API: a runner bound to one function, looked up once. The adapters are
 * generated per function from the table (the Excel wrappers, the HyperFormula plugin), so
 * each can hold its runner instead of passing the id on every call.
 */
export function runnerFor(id: string): Runner {
  return RUNNERS.get(id) ?? ((args) => callFunction(id, args));
}

/** callFunction's signature on top of the proposal (one Map look-up per call). */
export function fastCall(id: string, args: readonly ArgValue[]): Result {
  const r = RUNNERS.get(id);
  return r ? r(args) : callFunction(id, args);
}
