/**
 * Figure 8: the time and calibration functions where users feel them (issues 13 and 14),
 * through the Excel wrapper as functions.js runs them, each against a baseline measured
 * in the same process, interleaved, medians:
 * - FUNNELPLAN for 36 periods and 6 stages against the same arithmetic written inline
 *   without validation: within 3x.
 * - PIPELINEHIT, exact, for 1,000 deals needed over 8 stages (under 1 ms) and 100,000
 *   (under 50 ms), and as a ratio against HITPROBABILITY for the same total count (one
 *   binomial of the same size and mean: the incomplete beta), for scale.
 * - STAGERATES over 100,000 records x 5 stages against the same counting written inline:
 *   within 3x.
 */
import type * as TimeWrapper from '../lib/time-wrapper';
import { collectYoung } from '../lib/alloc';
import { loadBundled } from '../lib/bundled';
import { cpuNs, fmtNs, interleave, perCall, sink, type Batch } from '../lib/measure';
import { atMost, type FigureLine, type FigureResult } from '../lib/report';
import { STUB_API } from '../../test/helpers/custom-functions-stub';

function wrapper(mod: typeof TimeWrapper, id: string): (...args: unknown[]) => unknown[][] {
  const spec = mod.RUNTIME_FUNCTIONS.find((f) => f.id === id);
  if (!spec) throw new Error(`no function ${id}`);
  return mod.excelFunction(STUB_API, spec);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface TimeOptions {
  /** Interleaved rounds per comparison (default 25). */
  rounds?: number;
  /** Milliseconds per batch of the per-call comparisons (default 20). */
  batchMs?: number;
  /** Records of the STAGERATES call (default 100,000). */
  records?: number;
}

export async function timeFigure(opts: TimeOptions = {}): Promise<FigureResult> {
  const rounds = opts.rounds ?? 25;
  const batchMs = opts.batchMs ?? 20;
  const mod = loadBundled<typeof TimeWrapper>('bench/lib/time-wrapper.ts');
  const lines: FigureLine[] = [];
  const mismatches: string[] = [];
  const table = ['| call | baseline | through the Excel wrapper | ratio |', '| --- | --- | --- | --- |'];

  // FUNNELPLAN: 36 periods, 6 stages, per call, against the arithmetic inline.
  const plan = mod.planWorkload();
  const planFn = wrapper(mod, 'FUNNELPLAN');
  plan.sets.forEach((args, i) => {
    const got = planFn(...args);
    const want = plan.inline(i);
    if (!same(got, want))
      mismatches.push(`FUNNELPLAN set ${i}: ${JSON.stringify(got[0])} vs inline ${JSON.stringify(want[0])}`);
  });
  const mask = plan.sets.length - 1;
  const planBase: Batch = (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += plan.inline(i & mask)[0][1];
    return s;
  };
  const planSubject: Batch = (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += planFn(...plan.sets[i & mask])[0][1] as number;
    return s;
  };
  const planCmp = await perCall(planBase, planSubject, { rounds, batchMs });
  lines.push({
    label: 'FUNNELPLAN, 36 periods x 6 stages, through the Excel wrapper, per call',
    ratio: planCmp.pairedRatio,
    absolute: `${fmtNs(planCmp.medianSubject)}/call vs inline ${fmtNs(planCmp.medianBaseline)}/call; per-round ratios ${planCmp.ratioIqr.map((x) => x.toFixed(2)).join('-')} (middle half)`,
    target: '<= 3x',
    verdict: atMost(planCmp.pairedRatio, 3),
  });
  table.push(
    `| \`${plan.formula}\` | inline ${fmtNs(planCmp.medianBaseline)} | ${fmtNs(planCmp.medianSubject)} | ${planCmp.pairedRatio.toFixed(2)}x |`,
  );

  // PIPELINEHIT: absolute times, and against HITPROBABILITY for the same total count.
  const hit = wrapper(mod, 'HITPROBABILITY');
  const pipe = wrapper(mod, 'PIPELINEHIT');
  for (const [deals, limitMs] of [
    [1_000, 1],
    [100_000, 50],
  ] as const) {
    const w = mod.pipelineWorkload(deals);
    const p = pipe(...w.pipeline)[0][0];
    if (typeof p !== 'number' || !(p > 0 && p < 1)) mismatches.push(`PIPELINEHIT(${deals}) = ${JSON.stringify(p)}`);
    const cmp = await perCall(
      (n) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += hit(...w.single)[0][0] as number;
        return s;
      },
      (n) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += pipe(...w.pipeline)[0][0] as number;
        return s;
      },
      { rounds, batchMs: Math.max(batchMs, limitMs * 4), warmupMs: 300 },
    );
    const total = w.open.reduce((s, c) => s + c, 0);
    lines.push({
      label: `PIPELINEHIT, ${deals.toLocaleString('en-US')} deals needed over ${w.stages} stages, exact, per call`,
      absolute: `${fmtNs(cmp.medianSubject)}/call (${total.toLocaleString('en-US')} open items; P = ${(p as number).toFixed(6)})`,
      target: `< ${limitMs} ms`,
      verdict: atMost(cmp.medianSubject, limitMs * 1e6 - 1),
    });
    lines.push({
      label: `PIPELINEHIT, ${deals.toLocaleString('en-US')} deals, against HITPROBABILITY for the same total count (information)`,
      ratio: cmp.pairedRatio,
      absolute: `${fmtNs(cmp.medianSubject)}/call vs ${fmtNs(cmp.medianBaseline)}/call`,
      verdict: 'INFO',
    });
    table.push(
      `| \`=ROI.PIPELINEHIT(${deals}, {${w.open.join(',')}}, rates)\` (8 stages) | HITPROBABILITY(${total}, ${deals}, 1, mean/${total}) ${fmtNs(cmp.medianBaseline)} | ${fmtNs(cmp.medianSubject)} | ${cmp.pairedRatio.toFixed(1)}x |`,
    );
  }

  // STAGERATES: one call over 100,000 records, against the same counting inline.
  const rates = mod.stageRatesWorkload(mod.wilsonLower, opts.records ?? 100_000);
  const ratesFn = wrapper(mod, 'STAGERATES');
  const got = ratesFn(...rates.args);
  const want = rates.inline();
  if (!same(got, want)) mismatches.push(`STAGERATES: ${JSON.stringify(got)} vs inline ${JSON.stringify(want)}`);
  for (let i = 0; i < 3; i++) sink(ratesFn(...rates.args).length + rates.inline().length);
  const trial = (f: () => unknown[][]) => () => {
    collectYoung();
    const t0 = cpuNs();
    sink(f().length);
    return cpuNs() - t0;
  };
  const rateCmp = await interleave(
    trial(rates.inline),
    trial(() => ratesFn(...rates.args)),
    { rounds: Math.max(9, Math.round(rounds / 2)), warmup: 1 },
  );
  lines.push({
    label: `STAGERATES, ${rates.records.toLocaleString('en-US')} records x 5 stages, through the Excel wrapper`,
    ratio: rateCmp.pairedRatio,
    absolute: `${fmtNs(rateCmp.medianSubject)}/call vs inline ${fmtNs(rateCmp.medianBaseline)}/call; per-round ratios ${rateCmp.ratioIqr.map((x) => x.toFixed(2)).join('-')} (middle half)`,
    target: '<= 3x',
    verdict: atMost(rateCmp.pairedRatio, 3),
  });
  table.push(
    `| \`${rates.formula}\` | inline ${fmtNs(rateCmp.medianBaseline)} | ${fmtNs(rateCmp.medianSubject)} | ${rateCmp.pairedRatio.toFixed(2)}x |`,
  );

  if (mismatches.length)
    lines.push({
      label: 'baseline check',
      absolute: `${mismatches.length} results differ: ${mismatches.slice(0, 3).join('; ')}`,
      verdict: 'FAIL',
    });

  const details = [
    "**Method.** Every call goes through the Excel wrapper of src/functions/adapter.ts (`excelFunction`, as `associateAll` registers it; the core and the wrapper bundled in one scope as functions.js is) with the arguments Excel passes: ranges as 2-D arrays, single values as 1x1 arrays, left-out optional arguments null, the invocation object last. Before timing, the bench checks that each baseline gives the wrapper's result exactly. CPU time of the process; baseline and subject interleaved (AB, BA, ...) after a warm-up; the ratio is the median of the per-round ratios.",
    "- **FUNNELPLAN**: 16 sets of 36 monthly targets, cycled, a deal value, six rates and six lags (1, 0.5, 2, 1, 1.5 and 2 periods: fractional lags split). The baseline is the same arithmetic written inline with no validation (bench/lib/time-calls.ts `planInline`): the deals on the running target extended past the horizon, each stage's lag-shifted running count divided once by the product of the rates from it down, rounded once, cumulatively. Batches of about 20 ms.",
    '- **PIPELINEHIT**: eight stages whose open items each make about an eighth of the deals needed, so that the mean sits at the need (the answer most uncertain, the distribution widest: the hardest pipeline of its size). Exact (a proven error bound, see src/core/time.ts). The ratio is against HITPROBABILITY for the same total count and the same mean, one binomial: the incomplete beta, for scale only; the targets are the absolute times of issue 13.',
    "- **STAGERATES**: 100,000 generated records (lead, MQL, SQL, opportunity and won dates with a time of day; each converts with a chance and a random lag; 5% skip the lead stage; the export is of 1 January 2026, so recent records have had no time to convert), the default confidence, as_of and maturity rule. The baseline counts inline over the same 2-D array: the latest date, the fill rule, each transition's lags sorted, their 90th percentile, the records counted and converted, the rate and the bound (with the core's Wilson bound, so the counting is what is compared). One call per trial, each after a collection of the young generation.",
    table.join('\n'),
  ];
  return { id: 'time', title: '8. Time and calibration functions', lines, details };
}
