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
import { ROOT, loadBundled, loadBundledWithMap } from '../lib/bundled';
import { sampleProfile, summarizeProfile } from '../lib/profile';
import { fmtNs, perCall, sink, type Batch } from '../lib/measure';
import { atMost, type FigureLine, type FigureResult } from '../lib/report';
import type { ArgValue, Result } from '../../src/core';

type CallFn = (id: string, args: readonly ArgValue[]) => Result;

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
  /** Milliseconds of profiling per function (default 1500). */
  profileMs?: number;
}

export async function coreFigure(opts: CoreOptions = {}): Promise<FigureResult> {
  const measure = { rounds: opts.rounds ?? 25, batchMs: opts.batchMs ?? 20, warmupMs: opts.warmupMs ?? 300 };
  const bundled = loadBundled<typeof CoreInternals>('bench/lib/core-internals.ts');
  // A separate copy for the profiler, so its samples are of this copy alone.
  const profiled = loadBundledWithMap<typeof CoreInternals>('bench/lib/core-internals.ts');
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

  // Where the time goes: the sampling profiler over callFunction, per source line.
  const profiles: string[] = [];
  for (const wl of workloads()) {
    const loop = callBatch(profiled.mod.callFunction, wl);
    loop(10_000); // warm
    const prof = summarizeProfile(await sampleProfile(() => sink(loop(1_000)), opts.profileMs ?? 1_500), profiled.file, profiled.map, ROOT, 8);
    profiles.push(
      `*${wl.id}* (${prof.samples} samples; ${(prof.inBundle * 100).toFixed(0)}% in the core, ${(prof.gc * 100).toFixed(0)}% in the garbage collector):\n\n| share | line | code |\n| --- | --- | --- |\n` +
        prof.lines.map((l) => `| ${(l.share * 100).toFixed(1)}% | ${l.where} | \`${l.code.replace(/\|/g, '\\|').slice(0, 110)}\` |`).join('\n'),
    );
  }

  if (mismatches.length) {
    lines.push({ label: 'baseline check', absolute: `${mismatches.length} results differ: ${mismatches.slice(0, 3).join('; ')}`, verdict: 'FAIL' });
  }

  const details = [
    '**Method.** Each function is called through `callFunction(id, args)` with 64 argument sets cycled (numbers, and the rates as a one-row range `[[r1, r2, r3]]`, as Excel and the engine pass them). The baseline is a plain function that receives the same argument array and does the same arithmetic with no validation, returning the same result shape (a number; for FUNNEL the column of volumes). Both run in the same kind of loop (each loop generated with its own call site, so one variant\'s type feedback never slows another); a batch lasts about 20 ms of CPU time, timed with the process\'s CPU clock (time the machine spent on other processes does not count); batches alternate baseline/subject; the ratio is the median of the per-round ratios. Before timing, the bench checks that the baseline gives exactly the core\'s result for every argument set.',
    '**Which build is timed.** The headline is the core bundled in one scope by esbuild without `keepNames`, as webpack bundles it into functions.js (module concatenation: direct calls between modules). Under `tsx` (how `npm run roi` runs the core) every call between modules goes through a CommonJS export getter and every closure created per call gets an `Object.defineProperty(fn, "name")` (`__name`, from esbuild\'s `keepNames`, which tsx always enables): that is the "under tsx" column, a cost of the loader, not of src/core.',
    table.join('\n'),
    '**Where the time goes.** V8\'s sampling profiler (as `node --cpu-prof`, here through node:inspector, one sample every 100 µs) over a loop of callFunction calls on the bundled core; each sampled line of the bundle mapped back to its source line. Shares are of all samples (the loop and the garbage collector included). Inlined helpers show as their own lines.',
    ...profiles,
    CORE_FINDINGS,
  ];
  return { id: 'core', title: '1. Core cost per call', lines, details };
}

/**
 * The analysis of why the core misses 3x, and the proposed changes (kept with the figure
 * it explains; the profile tables above it are measured on every run, this text was
 * written against src/core as of 2026-11-23, commit 7264726).
 */
const CORE_FINDINGS = [
  '**Why callFunction is above 3x** (read with the profiles above; src/core/registry.ts and args.ts as of commit 7264726, after the lead\'s closure-free runner and one-pass readList):',
  '',
  '1. **FUNNEL (and every function with a single-value or list parameter: REQUIREDLEADS, SENSITIVITY, HITPROBABILITY): the `Shared` records.** `readShared` builds them in four shapes (`{ error, value }`, `{ invalid, value }`, `{ value }`, and, for a single-value parameter, an object spread `{ ...validateElement(p, v), error: undefined }`, registry.ts:39). The spread alone is about a third of FUNNEL\'s samples, and because the records differ in shape the reads `s.error`, `s.invalid`, `s.value` in `element()` (registry.ts:100, 110, 111) are megamorphic: another quarter. Measured on a patched copy of the core (every `Shared` made by one constructor `{ error, invalid, value }`, and `validateElement` always returning `{ invalid, value }`): FUNNEL went from about 3-4 µs to about 0.3 µs per call in the same process. This is the change with the largest effect, and it changes no result.',
  '2. **REQUIREDLEADS: three passes over the rate list per call.** `firstError` (args.ts:89) scans it for error values, `allBlank` (registry.ts:44) scans it again, then `readList` reads it (args.ts:112, calling `isGrid(v)` on every cell). One pass that checks errors, blanks and values together (and reports the first error value before any validation failure, as today) removes two of them.',
  '3. **LEADQUALITY: the generic loop.** Its baseline is one division (about 2 ns), so the fixed cost of the runner (the `BY_ID` look-up, `new Array(n)` twice, the two loops over the parameters with `elementAt`, `isRoiError` and `checkNumber`) is the whole ratio; about 90 ns a call. No generic, validating runner gets within 3x of a bare division: a hand-written, fully inlined check of two numbers already costs several times the division.',
  '4. `finite()` maps a spilled grid with two closures per call (registry.ts:62); a plain loop that fixes only non-finite values and -0 is a small further gain (measured about 10% on FUNNEL).',
  '',
  '**Proposed changes**, in order of effect:',
  '',
  '- (1) above: one shape for `Shared` and for `validateElement`\'s result, no object spread on the hot path.',
  '- A fast path in front of `call()` (prototype: bench/proposal/fast-call.ts, checked against callFunction by test/bench-proposal.test.ts for random arguments of every function: same values, same error codes and messages). When every elementwise and single argument is one number (or a 1x1 range) inside its kind\'s interval and every list is a one-row or one-column range of such numbers, check each argument once and run the kernel; a one-row list of valid numbers goes to the kernel as it is, without a copy. The moment anything else turns up it calls the generic runner unchanged, so errors, their precedence and their messages stay exactly as today. Its "proposed fast path" lines above are measured on every run.',
  '- `runnerFor(id)`: the adapters are generated per function from the table (Excel wrappers, HyperFormula plugin), so each can hold a runner bound once instead of looking the id up on every call.',
  '',
  'Where the target stays out of reach even so: LEADQUALITY (and any one-operation function) against a bare division. The absolute cost is what matters for a user: tens of nanoseconds per call here, against Excel\'s own overhead per custom-function call of microseconds, and the engine figure below shows the whole ROI sheet within 1.5x of Excel\'s own functions.',
].join('\n');
