/**
 * Figure 1: what the core costs where users feel it, one call over a large range,
 * through the Excel wrapper as functions.js runs it:
 * `=ROI.REQUIREDLEADS(A2:A100001, B2:B100001, rates)` and
 * `=ROI.LEADQUALITY(B2:B100001, C2:C100001, 90%)` with Excel-shaped arguments (each
 * range a 2-D array, the optional argument Excel leaves out as null, the invocation
 * object last), per element against the same arithmetic written inline over the same
 * arrays. Targets (issue 16): within 2x, and nothing allocated per element beyond the
 * result, measured (bench/lib/alloc.ts).
 *
 * For information, as before: the cost per single call of REQUIREDLEADS, FUNNEL and
 * LEADQUALITY through `callFunction` and `runnerFor`, against inline arithmetic, and a
 * sampling profile of where callFunction's time goes. A one-division kernel against a
 * bare division measures the fixed cost of validation against a few nanoseconds; in
 * Excel that cost is lost in the host's own overhead per call, so it has no target.
 *
 * The core is timed as the add-in runs it: bundled in one scope (bench/lib/bundled.ts),
 * as webpack builds functions.js. The same core compiled by tsx (how the command line
 * runs it) is measured per call too, for information.
 */
import type * as CoreInternals from '../lib/core-internals';
import type * as ExcelWrapper from '../lib/excel-wrapper';
import { RANGE_ROWS, type RangeWorkload } from '../lib/range-calls';

export { rangeWorkloads, RANGE_ROWS, type RangeWorkload } from '../lib/range-calls';
import * as tsxCore from '../../src/core';
import { collectYoung, medianAllocation, type Allocation } from '../lib/alloc';
import { ROOT, loadBundled, loadBundledWithMap } from '../lib/bundled';
import { sampleProfile, summarizeProfile } from '../lib/profile';
import { cpuNs, fmtNs, interleave, perCall, sink, summarize, type Batch } from '../lib/measure';
import { atMost, type FigureLine, type FigureResult } from '../lib/report';
import type { ArgValue, FunctionId, Result } from '../../src/core';
import { STUB_API } from '../../test/helpers/custom-functions-stub';

type CallFn = (id: FunctionId, args: readonly ArgValue[]) => Result;

const SETS = 64; // distinct argument sets, cycled, so nothing is constant-folded

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
    rl.push([
      2_000_000 + i * 37_000,
      40_000 + (i % 9) * 2_500,
      [[0.45 + (i % 5) / 100, 0.35 + (i % 7) / 100, 0.2 + (i % 11) / 100]],
    ]);
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
        for (let j = r.length - 1; j >= 0; j--) p *= r[j]; // the core's order: from the last rate up
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
          for (let j = r.length - 1; j >= i; j--) p *= r[j];
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

/** A stand-in for Excel's CustomFunctions runtime (the wrapper only needs Error and ErrorCode). */

/** The Excel wrapper of one function, as associateAll registers it. */
export function excelWrapper(mod: typeof ExcelWrapper, id: string): (...args: unknown[]) => unknown[][] {
  const spec = mod.RUNTIME_FUNCTIONS.find((f) => f.id === id);
  if (!spec) throw new Error(`no function ${id}`);
  return mod.excelFunction(STUB_API, spec);
}

/** Differences between two results of one row per element (the bench's own check), as text. */
function rangeMismatch(got: unknown[][], want: number[][]): string | undefined {
  if (got.length !== want.length) return `${got.length} rows, inline ${want.length}`;
  for (let i = 0; i < want.length; i++)
    if (got[i].length !== 1 || got[i][0] !== want[i][0])
      return `row ${i + 2}: ${JSON.stringify(got[i])}, inline ${want[i][0]}`;
  return undefined;
}

function perElement(a: Allocation, rows: number): string {
  return `${(a.allocated / rows).toFixed(1)} B allocated, ${(a.kept / rows).toFixed(1)} B kept`;
}

/** The range figure's lines and its table rows. */
export async function rangeLines(
  load: () => typeof ExcelWrapper,
  copies: number,
  rounds: number,
  rows: number,
): Promise<{ lines: FigureLine[]; table: string[]; mismatches: string[] }> {
  const lines: FigureLine[] = [];
  const mismatches: string[] = [];
  const table = [
    '| call (Excel-shaped arguments) | inline per element | through the Excel wrapper per element | ratio | allocated per element: inline | wrapper | allocated and not kept per element: inline | wrapper |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const ids: RangeWorkload['id'][] = ['REQUIREDLEADS', 'LEADQUALITY'];
  const base = new Map<string, number[]>(ids.map((id) => [id, []]));
  const subj = new Map<string, number[]>(ids.map((id) => [id, []]));
  let last: { workloads: RangeWorkload[]; calls: Array<() => unknown[][]> } | undefined;
  for (let copy = 0; copy < copies; copy++) {
    // A fresh copy of the bundle each time: V8 decides per allocation site, after a few
    // calls, whether to allocate its arrays straight into the old generation, and that
    // decision (for the result rows, on either side) moves a call's time by half or more.
    // Fresh sites each copy, medians over all of them.
    const wrapper = load();
    const workloads = wrapper.rangeWorkloads(wrapper.normSInv, rows) as RangeWorkload[];
    const calls = workloads.map((w) => {
      const fn = excelWrapper(wrapper, w.id);
      return () => fn(...w.args);
    });
    // Both calls and both baselines first, in turn, until the engine has compiled them as
    // a session of several functions leaves them (the kernel call in the runner's loop
    // serving more than one kernel), before anything is timed.
    for (let i = 0; i < 8; i++) {
      for (let k = 0; k < workloads.length; k++) sink(calls[k]().length + workloads[k].inline().length);
    }
    for (let k = 0; k < workloads.length; k++) {
      const w = workloads[k];
      if (copy === 0) {
        const bad = rangeMismatch(calls[k](), w.inline());
        if (bad) mismatches.push(`${w.formula}: ${bad}`);
      }
      const trial = (f: () => unknown[][]) => () => {
        collectYoung();
        const t0 = cpuNs();
        const r = f();
        const ns = cpuNs() - t0;
        sink(r.length);
        return ns / rows;
      };
      const cmp = await interleave(trial(w.inline), trial(calls[k]), { rounds, warmup: 1 });
      base.get(w.id)!.push(...cmp.baseline);
      subj.get(w.id)!.push(...cmp.subject);
    }
    last = { workloads, calls };
  }
  for (let k = 0; k < last!.workloads.length; k++) {
    const w = last!.workloads[k];
    const cmp = summarize(base.get(w.id)!, subj.get(w.id)!);
    const aInline = medianAllocation(w.inline);
    const aCore = medianAllocation(last!.calls[k]);
    const thrownAway = aCore.thrownAway / rows;
    const thrownAwayInline = aInline.thrownAway / rows;
    lines.push({
      label: `${w.formula} through the Excel wrapper, per element`,
      ratio: cmp.pairedRatio,
      absolute: `${fmtNs(cmp.medianSubject)}/element vs inline ${fmtNs(cmp.medianBaseline)}/element, ${rows.toLocaleString('en-US')} elements; per-round ratios ${cmp.ratioIqr.map((x) => x.toFixed(2)).join('-')} (middle half)`,
      target: '<= 2x',
      verdict: atMost(cmp.pairedRatio, 2),
    });
    lines.push({
      label: `${w.id} over ${rows.toLocaleString('en-US')} elements: allocated per element and not kept in the result`,
      absolute: `${thrownAway.toFixed(1)} B/element (inline ${thrownAwayInline.toFixed(1)}); wrapper ${perElement(aCore, rows)}, inline ${perElement(aInline, rows)}`,
      target: '<= 1 B/element',
      verdict: atMost(thrownAway, 1),
    });
    table.push(
      `| \`${w.formula}\` | ${fmtNs(cmp.medianBaseline)} | ${fmtNs(cmp.medianSubject)} | ${cmp.pairedRatio.toFixed(2)}x | ${(aInline.allocated / rows).toFixed(1)} B | ${(aCore.allocated / rows).toFixed(1)} B | ${thrownAwayInline.toFixed(1)} B | ${thrownAway.toFixed(1)} B |`,
    );
  }
  return { lines, table, mismatches };
}

export interface CoreOptions {
  rounds?: number;
  batchMs?: number;
  warmupMs?: number;
  /** Milliseconds of profiling per function (default 1500). */
  profileMs?: number;
  /** Fresh copies of the bundle the range calls are timed on (default 5). */
  rangeCopies?: number;
  /** Interleaved rounds of the range calls per copy (default 5). */
  rangeRounds?: number;
  /** Elements of the range calls (default 100,000). */
  rangeRows?: number;
}

export async function coreFigure(opts: CoreOptions = {}): Promise<FigureResult> {
  const measure = { rounds: opts.rounds ?? 25, batchMs: opts.batchMs ?? 20, warmupMs: opts.warmupMs ?? 300 };
  const bundled = loadBundled<typeof CoreInternals>('bench/lib/core-internals.ts');
  // A separate copy for the profiler, so its samples are of this copy alone.
  const profiled = loadBundledWithMap<typeof CoreInternals>('bench/lib/core-internals.ts');
  const lines: FigureLine[] = [];
  // The headline first, on its own bundle (its own type feedback): one call over a large range.
  const range = await rangeLines(
    () => loadBundled<typeof ExcelWrapper>('bench/lib/excel-wrapper.ts'),
    opts.rangeCopies ?? 5,
    opts.rangeRounds ?? 5,
    opts.rangeRows ?? RANGE_ROWS,
  );
  lines.push(...range.lines);
  const table: string[] = [
    '| function | inline | callFunction(id, args) (bundled) | ratio | runnerFor(id)(args) (bundled) | ratio | callFunction under tsx | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const mismatches: string[] = [...range.mismatches];

  for (const w of workloads()) {
    // The bench's own correctness check: the baseline does the same maths.
    for (const a of w.args) {
      const want = w.inline(a);
      for (const [name, fn] of [
        ['callFunction', bundled.callFunction],
        ['runnerFor', (id: string, x: readonly ArgValue[]) => bundled.runnerFor(id)(x)],
      ] as const) {
        const got = fn(w.id, a);
        if (!same(got, want))
          mismatches.push(
            `${name} ${w.id}(${JSON.stringify(a)}) = ${JSON.stringify(got)}, inline ${JSON.stringify(want)}`,
          );
      }
    }
    const base = inlineBatch(w);
    const core = await perCall(base, callBatch(bundled.callFunction, w), measure);
    const tsx = await perCall(base, callBatch(tsxCore.callFunction, w), measure);
    const bound = await perCall(base, boundBatch(bundled.runnerFor(w.id), w), measure);
    // Information only (issue 16): the fixed cost of validation against a few nanoseconds of arithmetic.
    lines.push({
      label: `${w.id} per single call (information)`,
      ratio: core.pairedRatio,
      absolute: `callFunction ${fmtNs(core.medianSubject)}/call vs inline ${fmtNs(core.medianBaseline)}/call`,
      verdict: 'INFO',
    });
    lines.push({
      label: `${w.id} per single call, runnerFor(id) as the Excel wrappers hold it (information)`,
      ratio: bound.pairedRatio,
      absolute: `${fmtNs(bound.medianSubject)}/call vs inline ${fmtNs(bound.medianBaseline)}/call`,
      verdict: 'INFO',
    });
    table.push(
      `| ${w.id} | ${fmtNs(core.medianBaseline)} | ${fmtNs(core.medianSubject)} | ${core.pairedRatio.toFixed(1)}x | ${fmtNs(bound.medianSubject)} | ${bound.pairedRatio.toFixed(1)}x | ${fmtNs(tsx.medianSubject)} | ${tsx.pairedRatio.toFixed(1)}x |`,
    );
  }

  // Where the time goes: the sampling profiler over callFunction, per source line.
  const profiles: string[] = [];
  for (const wl of workloads()) {
    const loop = callBatch(profiled.mod.callFunction, wl);
    loop(10_000); // warm
    const prof = summarizeProfile(
      await sampleProfile(() => sink(loop(1_000)), opts.profileMs ?? 1_500),
      profiled.file,
      profiled.map,
      ROOT,
      8,
    );
    profiles.push(
      `*${wl.id}* (${prof.samples} samples; ${(prof.inBundle * 100).toFixed(0)}% in the core, ${(prof.gc * 100).toFixed(0)}% in the garbage collector):\n\n| share | line | code |\n| --- | --- | --- |\n` +
        prof.lines
          .map(
            (l) =>
              `| ${(l.share * 100).toFixed(1)}% | ${l.where} | \`${l.code.replace(/\|/g, '\\|').slice(0, 110)}\` |`,
          )
          .join('\n'),
    );
  }

  if (mismatches.length) {
    lines.push({
      label: 'baseline check',
      absolute: `${mismatches.length} results differ: ${mismatches.slice(0, 3).join('; ')}`,
      verdict: 'FAIL',
    });
  }

  const details = [
    `**Method (the targets).** Each call is made through the Excel wrapper of src/functions/adapter.ts (\`excelFunction\`, as \`associateAll\` registers it with Excel; the core and the wrapper bundled in one scope as functions.js is) with the arguments Excel passes: each range a 2-D array of ${(opts.rangeRows ?? RANGE_ROWS).toLocaleString('en-US')} one-cell rows, the rates a one-row range, 90% a 1x1 array, a left-out optional argument null, the invocation object last; the result is Excel's matrix, one row per element. The baseline is the same arithmetic written inline over the same arrays, building the same result (one one-cell row per element): REQUIREDLEADS's two roundings and the product of the rates (computed once, as a sheet would), LEADQUALITY's Wilson bound with z = NORM.S.INV(90%) computed once. Before timing, the bench checks that both give the same numbers to the bit on every element. The two are timed interleaved (CPU time of the process), each run after a collection of the young generation, so that neither side inherits the other's garbage (without it, the collections of 100,000-row results fall on one side of the pairs and the ratio swings between 0.3x and 3x), on ${opts.rangeCopies ?? 5} fresh copies of the bundle, ${opts.rangeRounds ?? 5} rounds each after both calls and both baselines have run 8 times in turn: V8 decides per allocation site, after a few calls, whether to allocate arrays straight into the old generation, and that decision for either side's result rows moves its time by half or more, so one copy alone gives one draw of it. The ratio is the median of all per-round ratios. **Allocation** (bench/lib/alloc.ts): bytes allocated during one call, from V8's GC profiler (the used heap before and after the call plus what every collection during it freed), and bytes kept, the growth of the used heap between two full collections with the result held. Allocated but not kept is what the call threw away per element: argument objects, copies, boxed intermediates. The target is nothing (at most 1 byte per element: what a call allocates once, spread over its elements).`,
    range.table.join('\n'),
    "**Method (information).** Each function is called through `callFunction(id, args)`, and through the runner `runnerFor(id)` returns (bound once, as the Excel wrappers in src/functions/adapter.ts hold it), with 64 argument sets cycled (numbers, and the rates as a one-row range `[[r1, r2, r3]]`, as Excel and the engine pass them). The baseline is a plain function that receives the same argument array and does the same arithmetic with no validation, returning the same result shape (a number; for FUNNEL the column of volumes). Both run in the same kind of loop (each loop generated with its own call site, so one variant's type feedback never slows another); a batch lasts about 20 ms of CPU time, timed with the process's CPU clock; batches alternate baseline/subject; the ratio is the median of the per-round ratios. Before timing, the bench checks that the baseline gives exactly the core's result, through both entry points, for every argument set.",
    '**Which build is timed.** The core bundled in one scope by esbuild without `keepNames`, as webpack bundles it into functions.js (module concatenation: direct calls between modules). Under `tsx` (how `npm run roi` runs the core) every call between modules goes through a CommonJS export getter and every closure created per call gets an `Object.defineProperty(fn, "name")` (`__name`, from esbuild\'s `keepNames`, which tsx always enables): that is the "under tsx" column, a cost of the loader, not of src/core.',
    table.join('\n'),
    "**Where the time goes** (per single call). V8's sampling profiler (as `node --cpu-prof`, here through node:inspector, one sample every 100 µs) over a loop of callFunction calls on the bundled core; each sampled line of the bundle mapped back to its source line. Shares are of all samples (the loop and the garbage collector included). Inlined helpers show as their own lines.",
    ...profiles,
    CORE_FINDINGS,
  ];
  return { id: 'core', title: '1. Core cost: one call over a range, and per call', lines, details };
}

/**
 * Why the core is where it is (kept with the figure it explains; the tables above it are
 * measured on every run, this text describes src/core/registry.ts and
 * src/functions/adapter.ts as of the runner with named kernels and overRange).
 */
const CORE_FINDINGS = [
  "**What a call over a range costs, and why** (src/core/registry.ts, src/functions/adapter.ts). The Excel wrapper hands Excel's 2-D arrays to the core as they are: Excel's cells (numbers, text, booleans, blanks) are already core values, and only when a result holds an error does the wrapper look through the ranges for an Excel error object, convert and call again (the core never computes a value from a cell it cannot read; test/functions-adapter.test.ts checks the two ways agree). The runner reads every argument that is not a range once per call (lists, single values, and a single value given to an elementwise parameter such as 90%), then loops over the elements (`overRange`): the first three range arguments are held in locals, each cell is checked against its kind's domain, and the element's values go into one arguments array, reused for every element, with which the kernel (the row's `run`, the named kernel inside it) is called. Anything unusual in an element (an error value, text, a blank, a number outside its domain) sends that element alone to the precise path, which gives the error, its precedence and its message. The result's rows are made at their final size, and a grid made without an error is marked, so the wrapper returns it to Excel without looking through it again.",
  '',
  "**What is left against the inline arithmetic**: the call from the loop to the kernel, through one call site that serves every function, so the engine cannot inline the kernel into the loop (the arguments go through the array, the result comes back as a value), and the domain checks: together about 10 ns per element (a one-division kernel through the runner against the same division inline). Over 100,000 elements, making the result (100,000 one-cell rows, the same on both sides) weighs as much as the arithmetic, and how V8 allocates those rows varies: its allocation-site pretenuring moves one side's or the other's rows into the old generation after a few calls, which slows that side's allocation by half or more, so one process's run is one draw of those decisions, hence the fresh copies and the median (with pretenuring switched off, which leaves the arithmetic alone, the ratio was about 1.7-2x while this was written). **Allocation:** nothing is allocated per element but the result. A kernel's fractional result (LEADQUALITY's bound) comes back from the call as a 16-byte heap number, boxed by V8 because it cannot inline the kernel into the loop (one call site serves every kernel, and the project compiles no code at run time: no eval, no new Function); that row is an array of any cell, which keeps the box as the cell's number, so nothing is thrown away and the result is 16 bytes per element larger than the inline code's arrays of doubles (the table's allocated columns). Rows of small whole numbers (REQUIREDLEADS) are made as the inline code makes them. (Copying the number into an array of doubles instead throws the box away: 16 bytes per element allocated and not kept.)",
  '',
  "**The cost of a single call** (information only, issue 16: a one-division kernel against a bare division measures validation against a few nanoseconds, and in Excel that cost is lost in the host's own overhead per call). `callFunction(id, args)` looks the id up in a Map of runners; `runnerFor(id)` returns that runner once, and the Excel wrappers hold it. The runner takes a fast path when every elementwise and single argument is one number (or a 1x1 range) inside its kind's domain and every stage list is a range of such numbers: one check per argument, the kernel, a check that the result is finite. Anything else goes to the checked path untouched (test/core.fastpath.test.ts checks, for random arguments of every function, that both give exactly the same results).",
].join('\n');
