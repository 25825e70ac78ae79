/**
 * Figure 1: the core's cost per call of REQUIREDLEADS, FUNNEL and LEADQUALITY through
 * `callFunction`, against inline arithmetic doing the same maths without validation.
 * Target: at most 3x.
 *
 * The core is timed as the add-in runs it: bundled in one scope (bench/lib/bundled.ts),
 * as webpack builds functions.js. The same core compiled by tsx (how the command line
 * runs it) and the proposal in bench/proposal/fast-call.ts are measured too, for
 * information, and REQUIREDLEADS is taken apart piece by piece to show where the time goes.
 */
import type * as CoreInternals from '../lib/core-internals';
import * as tsxCore from '../../src/core';
import type * as Proposal from '../proposal/fast-call';
import { loadBundled } from '../lib/bundled';
import { fmtNs, perCall, type Batch } from '../lib/measure';
import { atMost, type FigureLine, type FigureResult } from '../lib/report';
import type { ArgValue, Result } from '../../src/core';

type CallFn = (id: string, args: readonly ArgValue[]) => Result;

const SETS = 64; // distinct argument sets, cycled, so nothing is constant-folded
const MASK = SETS - 1;

/** ceilWhole, as the spec defines it. */
function ceilWhole(x: number): number {
  const r = Math.ceil(x - 1e-9 * Math.max(1, Math.abs(x)));
  return r === 0 ? 0 : r;
}

export interface Workload {
  id: 'REQUIREDLEADS' | 'FUNNEL' | 'LEADQUALITY';
  args: ArgValue[][];
  /** The same maths, no validation, same result shape. */
  inline: (a: ArgValue[]) => Result;
  /** A number from a result, for the sink. */
  pick: string;
}

/** Argument sets as Excel or the engine would pass them: numbers, and the rates as a one-row range. */
export function workloads(sets = SETS): Workload[] {
  const rl: ArgValue[][] = [];
  const lq: ArgValue[][] = [];
  for (let i = 0; i < sets; i++) {
    rl.push([2_000_000 + i * 37_000, 40_000 + (i % 9) * 2_500, [[0.45 + (i % 5) / 100, 0.35 + (i % 7) / 100, 0.2 + (i % 11) / 100]]]);
    lq.push([150 + i * 13, 12 + (i % 17) * 3]);
  }
  return [
    {
      id: 'REQUIREDLEADS',
      args: rl,
      inline: (a) => {
        const deals = ceilWhole((a[0] as number) / (a[1] as number));
        const r = (a[2] as number[][])[0];
        let p = 1;
        for (let j = 0; j < r.length; j++) p *= r[j];
        return ceilWhole(deals / p);
      },
      pick: 'r',
    },
    {
      id: 'FUNNEL',
      args: rl,
      inline: (a) => {
        const deals = ceilWhole((a[0] as number) / (a[1] as number));
        const r = (a[2] as number[][])[0];
        const out: number[][] = [];
        for (let i = 0; i < r.length; i++) {
          let p = 1;
          for (let j = i; j < r.length; j++) p *= r[j];
          out.push([ceilWhole(deals / p)]);
        }
        out.push([deals]);
        return out;
      },
      pick: 'r[0][0]',
    },
    {
      id: 'LEADQUALITY',
      args: lq,
      inline: (a) => (a[1] as number) / (a[0] as number),
      pick: 'r',
    },
  ];
}

/**
 * A batch loop calling fn(id, args[i % sets]) n times. Built with `new Function` so each
 * loop has its own call site and type feedback: one shared loop would turn polymorphic
 * across the variants and charge each of them for the others.
 */
export function callBatch(fn: CallFn, w: Workload): Batch {
  // eslint-disable-next-line no-new-func -- bench only (never shipped): one call site per loop, see above
  const make = new Function(
    'fn',
    'sets',
    'id',
    'mask',
    `return function batch(n) { let s = 0; for (let i = 0; i < n; i++) { const r = fn(id, sets[i & mask]); s += ${w.pick}; } return s; };`,
  );
  return make(fn, w.args, w.id, w.args.length - 1) as Batch;
}

/** A batch loop calling a runner bound to one function: run(args[i % sets]). */
export function boundBatch(run: (args: readonly ArgValue[]) => Result, w: Workload): Batch {
  // eslint-disable-next-line no-new-func -- bench only (never shipped): one call site per loop, see above
  const make = new Function(
    'run',
    'sets',
    'mask',
    `return function boundBatch(n) { let s = 0; for (let i = 0; i < n; i++) { const r = run(sets[i & mask]); s += ${w.pick}; } return s; };`,
  );
  return make(run, w.args, w.args.length - 1) as Batch;
}

export function inlineBatch(w: Workload): Batch {
  // eslint-disable-next-line no-new-func -- bench only (never shipped): one call site per loop, see above
  const make = new Function(
    'inline',
    'sets',
    'mask',
    `return function inlineBatch(n) { let s = 0; for (let i = 0; i < n; i++) { const r = inline(sets[i & mask]); s += ${w.pick}; } return s; };`,
  );
  return make(w.inline, w.args, w.args.length - 1) as Batch;
}

/** Deep equality of two results (numbers exactly). */
function same(a: Result, b: Result): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface CoreOptions {
  rounds?: number;
  batchMs?: number;
  warmupMs?: number;
}

export async function coreFigure(opts: CoreOptions = {}): Promise<FigureResult> {
  const measure = { rounds: opts.rounds ?? 25, batchMs: opts.batchMs ?? 20, warmupMs: opts.warmupMs ?? 300 };
  const bundled = loadBundled<typeof CoreInternals>('bench/lib/core-internals.ts');
  const proposal = loadBundled<typeof Proposal>('bench/proposal/fast-call.ts');
  const lines: FigureLine[] = [];
  const table: string[] = [
    '| function | inline | callFunction (bundled) | ratio | callFunction under tsx | ratio | proposal: fastCall(id, args) | ratio | proposal: runnerFor(id)(args) | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const mismatches: string[] = [];

  for (const w of workloads()) {
    // The bench's own correctness check: the baseline does the same maths.
    for (const a of w.args) {
      const want = w.inline(a);
      for (const [name, fn] of [['core', bundled.callFunction], ['proposal', proposal.fastCall], ['proposal runner', (id: string, x: readonly ArgValue[]) => proposal.runnerFor(id)(x)]] as const) {
        const got = fn(w.id, a);
        if (!same(got, want)) mismatches.push(`${name} ${w.id}(${JSON.stringify(a)}) = ${JSON.stringify(got)}, inline ${JSON.stringify(want)}`);
      }
    }
    const base = inlineBatch(w);
    const core = await perCall(base, callBatch(bundled.callFunction, w), measure);
    const tsx = await perCall(base, callBatch(tsxCore.callFunction, w), measure);
    const prop = await perCall(base, callBatch(proposal.fastCall, w), measure);
    const bound = await perCall(base, boundBatch(proposal.runnerFor(w.id), w), measure);
    lines.push({
      label: `${w.id} per call`,
      ratio: core.pairedRatio,
      absolute: `callFunction ${fmtNs(core.medianSubject)}/call vs inline ${fmtNs(core.medianBaseline)}/call`,
      target: '<= 3x',
      verdict: atMost(core.pairedRatio, 3),
    });
    lines.push({
      label: `${w.id} per call, proposed fast path runnerFor(id) (bench/proposal, not in src/core)`,
      ratio: bound.pairedRatio,
      absolute: `${fmtNs(bound.medianSubject)}/call vs inline ${fmtNs(bound.medianBaseline)}/call; fastCall(id, args) ${fmtNs(prop.medianSubject)}/call, ${prop.pairedRatio.toFixed(1)}x`,
      verdict: 'INFO',
    });
    table.push(
      `| ${w.id} | ${fmtNs(core.medianBaseline)} | ${fmtNs(core.medianSubject)} | ${core.pairedRatio.toFixed(1)}x | ${fmtNs(tsx.medianSubject)} | ${tsx.pairedRatio.toFixed(1)}x | ${fmtNs(prop.medianSubject)} | ${prop.pairedRatio.toFixed(1)}x | ${fmtNs(bound.medianSubject)} | ${bound.pairedRatio.toFixed(1)}x |`,
    );
  }

  // Where the time goes in REQUIREDLEADS: each piece timed on its own, interleaved with the inline baseline.
  const w = workloads()[0];
  const spec = bundled.getFunction('REQUIREDLEADS')!;
  const lists = w.args.map((a) => (a[2] as number[][])[0]);
  const validated = w.args.map((a, i) => [a[0], a[1], lists[i], undefined] as Array<number | number[] | undefined>);
  const pieces: Array<[string, Batch]> = [
    ['getFunction("REQUIREDLEADS") (toUpperCase, a RegExp replace, Map.get)', (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += bundled.getFunction('REQUIREDLEADS')!.params.length;
      return s;
    }],
    ['firstError(rates) (the error pre-scan of a list)', (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += bundled.firstError(w.args[i & MASK][2]) ? 1 : 0;
      return s;
    }],
    ['readList("rateList", rates) (copy to cells[], validate each into out[])', (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (bundled.readList('rateList', 'conversion_rates', w.args[i & MASK][2]) as number[]).length;
      return s;
    }],
    ['spec.run(validated) (the kernel: requiredLeads)', (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += spec.run(validated[i & MASK]) as number;
      return s;
    }],
    ['  of which funnelVolumes(deals, rates) (whole funnel, to return its top)', (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (bundled.funnelVolumes(60 + (i & 7), lists[i & MASK]) as number[])[0];
      return s;
    }],
    ['callFunction("REQUIREDLEADS", args) (everything)', callBatch(bundled.callFunction, w)],
  ];
  const breakdown: string[] = ['| piece | ns per call |', '| --- | --- |'];
  const base = inlineBatch(w);
  let inlineNs = 0;
  const pieceNs: number[] = [];
  for (const [label, batch] of pieces) {
    const c = await perCall(base, batch, { ...measure, rounds: Math.max(5, Math.round(measure.rounds / 2)) });
    inlineNs = c.medianBaseline;
    pieceNs.push(c.medianSubject);
    breakdown.push(`| ${label} | ${c.medianSubject.toFixed(0)} |`);
  }
  const [tGet, tFirstErr, tRead, tKernel, , tAll] = pieceNs;
  const rest = tAll - tGet - tFirstErr - tRead - tKernel;
  breakdown.push(`| the runner itself (the rest: arrays, closures, shapes, per-element re-validation) | ${rest.toFixed(0)} |`);
  breakdown.push(`| inline arithmetic (the baseline) | ${inlineNs.toFixed(0)} |`);

  if (mismatches.length) {
    lines.push({ label: 'baseline check', absolute: `${mismatches.length} results differ: ${mismatches.slice(0, 3).join('; ')}`, verdict: 'FAIL' });
  }

  const details = [
    '**Method.** Each function is called through `callFunction(id, args)` with 64 argument sets cycled (numbers, and the rates as a one-row range `[[r1, r2, r3]]`, as Excel and the engine pass them). The baseline is a plain function that receives the same argument array and does the same arithmetic with no validation, returning the same result shape (a number; for FUNNEL the column of volumes). Both run in the same loop; a batch lasts about 20 ms; batches alternate baseline/subject; the ratio is the median of the per-round ratios. Before timing, the bench checks that the baseline gives exactly the core\'s result for every argument set.',
    '**Which build is timed.** The headline is the core bundled in one scope by esbuild without `keepNames`, as webpack bundles it into functions.js (module concatenation: direct calls between modules). Under `tsx` (how `npm run roi` runs the core) every call between modules goes through a CommonJS export getter and every closure created per call gets an `Object.defineProperty(fn, "name")` (`__name`, from esbuild\'s `keepNames`, which tsx always enables): that is the "under tsx" column, a cost of the loader, not of src/core.',
    table.join('\n'),
    '**Where the time goes in REQUIREDLEADS** (bundled core; each piece timed alone, so they add up only roughly):',
    breakdown.join('\n'),
    CORE_FINDINGS,
  ];
  return { id: 'core', title: '1. Core cost per call', lines, details };
}

/** The analysis of why the core misses 3x, and the proposed change (kept with the figure it explains). */
const CORE_FINDINGS = [
  '**Why callFunction is far above 3x** (src/core/registry.ts and args.ts; read with the table above):',
  '',
  '1. `getFunction(id)` runs `id.toUpperCase().replace(/^ROI\\./, "")` and then `Map.get` on every call, although every adapter already passes the canonical id.',
  '2. `call()` allocates on every call, whatever the shape: `params.map(unwrap)`, `params.map(readShared)`, `params.map(...).filter(...)` for the elementwise indexes, one `{rows, cols}` per elementwise argument (`shapeOf`), the result of `broadcastShape`, the `element` closure, and inside it `params.map(elementAt)` and `values[]`. For a 1x1 call that is about ten short-lived objects before any maths.',
  '3. A list argument is read three times: `firstError` scans it for error values, `isBlank` over `every` scans it again, then `readList` copies every cell into `cells[]` and validates each into `out[]` through `checkScalar` (which calls `isRoiError`, with `instanceof` and a property read, once more per cell).',
  '4. The REQUIREDLEADS kernel (`requiredLeadsFromDeals` without confidence) calls `funnelVolumes`, which allocates the whole funnel and computes one product per stage (k(k+1)/2 multiplications), to return element 0. The kernel alone is already about 4x the inline arithmetic.',
  '5. Two try/catch layers and `finite()` are cheap; they are not the problem.',
  '',
  '**Proposed change** (prototype: bench/proposal/fast-call.ts, checked against callFunction by test/bench-proposal.test.ts for random arguments of every kind: same values, same error codes and messages):',
  '',
  '- In `callFunction`, look the id up first with `BY_ID.get(id)` and only fall back to `getFunction`\'s normalisation when that misses.',
  '- Precompute per function, once at load: parameter kinds, names, modes (as small integers), optional flags and defaults.',
  '- Add a fast path in front of `call()`: when every elementwise and single argument is one value (or a 1x1 range) and every list is a one-row/one-column range of numbers, validate each argument once with `checkNumber` straight into a preallocated `values` array (a list read in one pass, blanks skipped, into one `number[]`), run the kernel, check the result is finite. The moment any argument is not a valid number (error value, text, boolean, blank required argument, out of range, a multi-cell elementwise range, a text list) return `call(spec, args)` unchanged, so every error, its precedence and its message stay exactly as today; valid arguments are the only ones that take the fast path, and for them the generic runner computes the same validated values and runs the same kernel.',
  '- In funnel.ts, `requiredLeadsFromDeals` without confidence: `if (deals === 0) return 0;` keep the zero-rate `#DIV/0!` check, then `return ceilWhole(deals / product(rates))` instead of `funnelVolumes(deals, rates)[0]` (the same product in the same order, so the same number).',
  '',
  'The "proposed fast path" lines show what that gives. What remains above the inline arithmetic is the price of any validation at all (three `checkNumber` calls per rate list and argument, one `number[]` for the list, the kernel\'s own calls and its `RoiError` checks); for LEADQUALITY, whose baseline is a single division of about a nanosecond, no validated call can come within 3x, and the absolute cost (tens of nanoseconds) is what matters: Excel\'s own overhead per custom-function call is in microseconds.',
].join('\n');
