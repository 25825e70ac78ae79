/**
 * The calls of the time figure (bench/figures/time.ts) and their baselines: FUNNELPLAN over
 * 36 periods and 6 stages against the same arithmetic inline, PIPELINEHIT against
 * HITPROBABILITY for the same total count, and STAGERATES over 100,000 records against the
 * same counting inline. Bundled with the Excel wrapper (bench/lib/time-wrapper.ts), so the
 * baselines are compiled exactly as the code they are compared with.
 */

/** ceilWhole exactly as src/core/numeric.ts computes it (the baselines give the core's numbers to the bit). */
function ceilWholeExact(x: number): number {
  const tol = Math.min(0.5, 1e-9 * Math.max(1, Math.abs(x)));
  const up = Math.ceil(x);
  const r = x - (up - 1) <= tol ? up - 1 : up;
  return r === 0 ? 0 : r;
}

const INVOCATION = { address: 'Sheet1!B10', functionName: 'ROI.X' };

/** One FUNNELPLAN call as Excel makes it, and the same arithmetic inline. */
export interface PlanWorkload {
  formula: string;
  /** Argument sets, cycled: Excel's arguments (ranges as 2-D arrays, left-out optionals null, the invocation last). */
  sets: unknown[][];
  /** The same arithmetic on set i, no validation, the same result (stages as rows, "before" then the periods). */
  inline: (i: number) => number[][];
}

/**
 * FUNNELPLAN's arithmetic written inline, without validation: the deals on the running
 * target (extended cyclically past the horizon), each stage's lag-shifted running count
 * divided once by the product of the rates from it down, rounded once, cumulatively.
 */
function planInline(targets: readonly number[], deal: number, rates: readonly number[], lags: readonly number[]) {
  const n = targets.length;
  const k = rates.length;
  let reach = 0;
  for (const L of lags) reach += Math.ceil(L);
  const horizon = n + reach;
  const B = new Float64Array(horizon + 1);
  let cum = 0;
  for (let t = 1; t <= horizon; t++) {
    cum += t <= n ? targets[t - 1] : targets[(t - n - 1) % n];
    B[t] = cum === 0 ? 0 : ceilWholeExact(cum / deal);
  }
  const out: number[][] = new Array(k + 1);
  const deals: number[] = [0];
  for (let t = 1; t <= n; t++) deals.push(B[t] - B[t - 1]);
  out[k] = deals;
  let top = horizon;
  for (let i = k - 1; i >= 0; i--) {
    const l = Math.floor(lags[i]);
    const f = lags[i] - l;
    top -= l + (f > 0 ? 1 : 0);
    for (let t = 0; t <= top; t++) B[t] = f === 0 ? B[t + l] : (1 - f) * B[t + l] + f * B[t + l + 1];
    let p = 1;
    for (let j = k - 1; j >= i; j--) p *= rates[j];
    const row: number[] = new Array(n + 1);
    let prev = 0;
    for (let t = 0; t <= n; t++) {
      const v = B[t] > 0 ? ceilWholeExact(B[t] / p) : 0;
      row[t] = t === 0 ? v : v - prev;
      prev = v;
    }
    out[i] = row;
  }
  return out;
}

/** 36 months of targets (16 sets, cycled), a deal value, six stages with fractional lags. */
export function planWorkload(sets = 16): PlanWorkload {
  const rates = [0.6, 0.45, 0.5, 0.4, 0.55, 0.3];
  const lags = [1, 0.5, 2, 1, 1.5, 2];
  const out: PlanWorkload = {
    formula: '=ROI.FUNNELPLAN(B2:AK2, 50000, B4:G4, B5:G5) (36 periods, 6 stages)',
    sets: [],
    inline: () => [],
  };
  const plain: number[][] = [];
  for (let s = 0; s < sets; s++) {
    const targets = Array.from({ length: 36 }, (_, t) => 200_000 + ((t * 7919 + s * 104_729) % 150_000));
    plain.push(targets);
    out.sets.push([[targets], [[50_000 + s * 1_000]], [rates], [lags], null, null, INVOCATION]);
  }
  out.inline = (i) => planInline(plain[i], 50_000 + i * 1_000, rates, lags);
  return out;
}

/** A PIPELINEHIT call and the HITPROBABILITY call for the same total count, as Excel makes them. */
export interface PipelineWorkload {
  deals: number;
  stages: number;
  open: number[];
  /** ROI.PIPELINEHIT(deals, open_counts, rates). */
  pipeline: unknown[];
  /** ROI.HITPROBABILITY(total open, deals, 1, mean / total open): one binomial of the same size and mean. */
  single: unknown[];
}

/**
 * Eight stages whose open items each make about an eighth of the deals needed (the mean
 * at the need, where the answer is most uncertain and the distribution widest): the
 * hardest pipeline of that size.
 */
export function pipelineWorkload(deals: number): PipelineWorkload {
  const rates = [0.6, 0.5, 0.7, 0.5, 0.6, 0.8, 0.5, 0.3];
  const k = rates.length;
  const open: number[] = [];
  let mean = 0;
  for (let i = 0; i < k; i++) {
    let p = 1;
    for (let j = k - 1; j >= i; j--) p *= rates[j];
    const c = Math.round(deals / k / p);
    open.push(c);
    mean += c * p;
  }
  const total = open.reduce((s, c) => s + c, 0);
  return {
    deals,
    stages: k,
    open,
    pipeline: [[[deals]], [open], [rates], INVOCATION],
    single: [[[total]], [[deals]], [[1]], [[mean / total]], INVOCATION],
  };
}

/** One STAGERATES call over a CRM export and the same counting inline. */
export interface StageRatesWorkload {
  formula: string;
  records: number;
  args: unknown[];
  inline: () => number[][];
}

/**
 * 100,000 records with the dates they entered five stages (lead, MQL, SQL, opportunity,
 * won): each converts on with a chance and a lag of its own, some skip a stage (a blank
 * earlier date), recent ones have had no time to convert. `wilsonLower` is the core's (the
 * inline bound computes with it, as the baseline of the range figure shares the normal
 * quantile): the counting is what is compared.
 */
export function stageRatesWorkload(
  wilsonLower: (successes: number, n: number, c: number) => number,
  records = 100_000,
): StageRatesWorkload {
  let seed = 20250101;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const stages = 5;
  const chance = [0.4, 0.5, 0.6, 0.3];
  const meanLag = [6, 10, 14, 30];
  const grid: Array<Array<number | null>> = new Array(records);
  for (let r = 0; r < records; r++) {
    const row: Array<number | null> = new Array(stages).fill(null);
    let d = 45_292 + Math.floor(rnd() * 730) + rnd(); // two years of leads, with a time of day
    row[0] = d;
    for (let i = 0; i < stages - 1; i++) {
      if (rnd() >= chance[i]) break;
      d += -Math.log(1 - rnd()) * meanLag[i];
      if (d > 46_022) break; // not yet: the export is of 2026-01-01
      row[i + 1] = d;
    }
    if (row[1] !== null && rnd() < 0.05) row[0] = null; // a skipped stage
    grid[r] = row;
  }
  const inline = (): number[][] => {
    // as_of: the latest date; the fill rule; each transition's lags, sorted; the 90th percentile.
    let asOf = -Infinity;
    for (let r = 0; r < records; r++)
      for (let c = 0; c < stages; c++) {
        const v = grid[r][c];
        if (v !== null && v > asOf) asOf = v;
      }
    const filled = new Float64Array(records * stages);
    const present = new Uint8Array(records * stages);
    for (let r = 0; r < records; r++) {
      let earliest = NaN;
      for (let c = stages - 1; c >= 0; c--) {
        const v = grid[r][c];
        if (v !== null && v <= asOf) {
          filled[r * stages + c] = v;
          present[r * stages + c] = 1;
          if (!(v >= earliest)) earliest = v;
        } else filled[r * stages + c] = earliest;
      }
    }
    const out: number[][] = [];
    for (let i = 0; i < stages - 1; i++) {
      const lags = new Float64Array(records);
      let m = 0;
      for (let r = 0; r < records; r++) {
        const b = r * stages + i;
        if (present[b] && present[b + 1]) {
          const lag = filled[b + 1] - filled[b];
          if (lag >= 0) lags[m++] = lag;
        }
      }
      const sorted = lags.subarray(0, m).sort();
      let age = 0;
      if (m) {
        const pos = 0.9 * (m - 1);
        const lo = Math.floor(pos);
        age = lo + 1 < m ? sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
      }
      let counted = 0;
      let converted = 0;
      for (let r = 0; r < records; r++) {
        const b = r * stages + i;
        if (asOf - filled[b] >= age) {
          counted++;
          if (filled[b + 1] === filled[b + 1]) converted++;
        }
      }
      out.push([counted, converted, converted / counted, wilsonLower(converted, counted, 0.9)]);
    }
    return out;
  };
  return {
    formula: `=ROI.STAGERATES(A2:E${records + 1}) (${records.toLocaleString('en-US')} records, 5 stages)`,
    records,
    args: [grid, null, null, null, INVOCATION],
    inline,
  };
}
