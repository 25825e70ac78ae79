/**
 * The two calls of the range figure (bench/figures/core.ts) and the same arithmetic
 * written inline over the same arrays. Bundled together with the Excel wrapper
 * (bench/lib/excel-wrapper.ts re-exports it), so that the baseline is compiled exactly as
 * the code it is compared with.
 */

/** The rows of the range figure: A2:A100001 and the like. */
export const RANGE_ROWS = 100_000;

/** ceilWhole exactly as src/core/numeric.ts computes it (the range baselines must give the core's numbers to the bit). */
function ceilWholeExact(x: number): number {
  const tol = Math.min(0.5, 1e-9 * Math.max(1, Math.abs(x)));
  const up = Math.ceil(x);
  const r = x - (up - 1) <= tol ? up - 1 : up;
  return r === 0 ? 0 : r;
}

/** One call over a large range, as Excel makes it, and the same arithmetic inline. */
export interface RangeWorkload {
  id: 'REQUIREDLEADS' | 'LEADQUALITY';
  formula: string;
  /** Excel's arguments: each range a 2-D array, a left-out optional argument null, the invocation object last. */
  args: unknown[];
  /** The same arithmetic over the same arrays, no validation, the same result shape (one row per element). */
  inline: () => number[][];
}

/**
 * The two calls of issue 16: targets and deal values in A and B, three stage rates as a
 * one-row range; leads and qualified leads in B and C, 90% as Excel passes a single value
 * to a matrix parameter (a 1x1 array). `normSInv` is the core's normal quantile: the
 * inline Wilson bound computes z once with it, as a hand-written sheet computes
 * NORM.S.INV(90%) once.
 */
export function rangeWorkloads(normSInv: (c: number) => number, rows = RANGE_ROWS): RangeWorkload[] {
  const targets = Array.from({ length: rows }, (_, i) => [1_000_000 + i * 37]);
  const deals = Array.from({ length: rows }, (_, i) => [40_000 + (i % 9) * 2_500]);
  const rates = [[0.5, 0.4, 0.25]];
  const leads = Array.from({ length: rows }, (_, i) => [150 + (i % 1000) * 3]);
  const qualified = Array.from({ length: rows }, (_, i) => [(i * 7) % 150]);
  const confidence = [[0.9]];
  const invocation = { address: 'Sheet1!D2', functionName: 'ROI.X' };
  const last = rows + 1;
  return [
    {
      id: 'REQUIREDLEADS',
      formula: `=ROI.REQUIREDLEADS(A2:A${last}, B2:B${last}, {0.5,0.4,0.25})`,
      args: [targets, deals, rates, null, invocation],
      inline: () => {
        const r = rates[0];
        let p = 1;
        for (let j = r.length - 1; j >= 0; j--) p *= r[j];
        const out: number[][] = new Array(targets.length);
        for (let i = 0; i < targets.length; i++) {
          const d = ceilWholeExact(targets[i][0] / deals[i][0]);
          out[i] = [ceilWholeExact(d / p)];
        }
        return out;
      },
    },
    {
      id: 'LEADQUALITY',
      formula: `=ROI.LEADQUALITY(B2:B${last}, C2:C${last}, 90%)`,
      args: [leads, qualified, confidence, invocation],
      inline: () => {
        const z = normSInv(confidence[0][0]);
        const z2 = z * z;
        const out: number[][] = new Array(leads.length);
        for (let i = 0; i < leads.length; i++) {
          const n = leads[i][0];
          const p = qualified[i][0] / n;
          const centre = p + z2 / (2 * n);
          const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
          // (centre - spread) / (1 + z^2/n), written as the core writes it for z >= 0
          // (p^2 / (centre + spread), no cancellation), so both give the same bits.
          const v = Math.min(p, (p * p) / (centre + spread || 1));
          out[i] = [v < 0 ? 0 : v > 1 ? 1 : v];
        }
        return out;
      },
    },
  ];
}
