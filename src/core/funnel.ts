/**
 * The reverse funnel: from a revenue target back to the volume needed at each stage.
 * Plain named functions over validated numbers, shared by the ROI.* functions, the model
 * builder's preview, the task pane's explanations and the benchmarks. Each returns a
 * number (or a grid) or a RoiError whose message comes from the catalogue (errors.ts).
 *
 * Every function here is linear in the number of rates (issue 12: FUNNEL and SENSITIVITY
 * were quadratic): the product of the rates from stage i down is one suffix product,
 * computed once from the bottom up (numeric.ts `suffixProducts`), and every function uses
 * that same order of multiplication, so FUNNEL's top row is REQUIREDLEADS to the bit.
 */
import { RoiError, msg } from './errors';
import { binomialAtLeast, ceilWhole, leastTrials, product, suffixProducts } from './numeric';
import type { ResultCell } from './types';

function zeroRateError(rates: readonly number[], arg = 'conversion_rates'): RoiError | undefined {
  const zero = rates.indexOf(0);
  return zero >= 0 ? new RoiError('#DIV/0!', msg.zeroRate(arg, zero)) : undefined;
}

/**
 * Whole deals needed to reach a revenue target, rounded up once. A target of 0 needs 0
 * deals, whatever the deal value; a deal value of 0 is #DIV/0!.
 *
 * Formula: `ceilWhole(revenueTarget / averageDealValue)`.
 * @example requiredDeals(3_000_000, 50_000) // 60
 */
export function requiredDeals(revenueTarget: number, averageDealValue: number): number | RoiError {
  if (revenueTarget === 0) return 0;
  if (averageDealValue === 0) return new RoiError('#DIV/0!', msg.zeroDealValue());
  return ceilWhole(revenueTarget / averageDealValue);
}

/**
 * Volumes at every stage, top first, deals last (rates.length + 1 entries). Each stage's
 * volume is rounded once from the deal count: `ceilWhole(deals / (ri * ... * rk))`.
 * A target that needs no deal needs no volume anywhere, whatever the rates.
 * @example funnelVolumes(60, [0.5, 0.4, 0.25]) // [1200, 600, 240, 60]
 */
export function funnelVolumes(deals: number, rates: readonly number[], arg = 'conversion_rates'): number[] | RoiError {
  if (deals === 0) return new Array(rates.length + 1).fill(0);
  const zero = zeroRateError(rates, arg);
  if (zero) return zero;
  const p = suffixProducts(rates);
  const out: number[] = new Array(rates.length + 1);
  for (let i = 0; i < rates.length; i++) out[i] = ceilWhole(deals / p[i]);
  out[rates.length] = deals;
  return out;
}

/**
 * Top-of-funnel volume for a number of deals; with a confidence, the least N that reaches
 * the deals with that probability (exact binomial tail).
 * @example requiredLeadsFromDeals(60, [0.5, 0.4, 0.25]) // 1200
 */
export function requiredLeadsFromDeals(
  deals: number,
  rates: readonly number[],
  confidence?: number,
): number | RoiError {
  if (deals === 0) return 0;
  // The product of the rates (the top row of funnelVolumes, without building the rest of
  // the funnel), noting a zero rate on the way: one pass, on every element of a range.
  let p = 1;
  let zero = false;
  for (let i = rates.length - 1; i >= 0; i--) {
    const r = rates[i];
    if (r === 0) zero = true;
    p *= r;
  }
  if (zero) return zeroRateError(rates)!;
  if (confidence === undefined) return ceilWhole(deals / p);
  const n = leastTrials(deals, p, confidence);
  if (!Number.isFinite(n)) return new RoiError('#NUM!', msg.leadsTooLarge());
  return n;
}

/**
 * The volume needed at the top of the funnel to reach a revenue target; with a
 * confidence c, the least N with P(Binomial(N, r1·...·rk) >= deals) >= c.
 *
 * Formula: `ceilWhole(deals / (r1 * r2 * ... * rk))`, deals = requiredDeals.
 * @example requiredLeads(3_000_000, 50_000, [0.5, 0.4, 0.25]) // 1200
 * @example requiredLeads(3_000_000, 50_000, [0.5, 0.4, 0.25], 0.9) // 1397
 */
export function requiredLeads(
  revenueTarget: number,
  averageDealValue: number,
  conversionRates: readonly number[],
  confidence?: number,
): number | RoiError {
  const deals = requiredDeals(revenueTarget, averageDealValue);
  if (typeof deals !== 'number') return deals;
  return requiredLeadsFromDeals(deals, conversionRates, confidence);
}

/**
 * The whole reverse funnel as a spill: one row per stage, top first, deals last; with
 * stage names (one per row), two columns: name, volume. Names of the wrong count are
 * #VALUE! (the runner checks it before the kernel runs; direct callers get it here).
 *
 * Formula: row i = `ceilWhole(deals / (ri * ... * rk))`; last row = deals.
 * @example funnel(3_000_000, 50_000, [0.5, 0.4, 0.25]) // [[1200], [600], [240], [60]]
 */
export function funnel(
  revenueTarget: number,
  averageDealValue: number,
  conversionRates: readonly number[],
  stageNames?: readonly string[],
): ResultCell[][] | RoiError {
  const deals = requiredDeals(revenueTarget, averageDealValue);
  if (deals instanceof RoiError) return deals;
  const vols = funnelVolumes(deals, conversionRates);
  if (vols instanceof RoiError) return vols;
  if (!stageNames) return vols.map((v) => [v]);
  if (stageNames.length !== vols.length)
    return new RoiError('#VALUE!', msg.namesLength('stage_names', stageNames.length, vols.length));
  return vols.map((v, i) => [stageNames[i], v]);
}

/**
 * The probability that `plannedLeads` top-of-funnel leads reach the deals the target
 * needs: P(Binomial(floor(plannedLeads), r1·...·rk) >= deals). 1 when no deal is needed;
 * a rate of 0 gives 0.
 * @example hitProbability(1200, 3_000_000, 50_000, [0.5, 0.4, 0.25]) // 0.51849391...
 */
export function hitProbability(
  plannedLeads: number,
  revenueTarget: number,
  averageDealValue: number,
  conversionRates: readonly number[],
): number | RoiError {
  const deals = requiredDeals(revenueTarget, averageDealValue);
  if (deals instanceof RoiError) return deals;
  if (deals === 0) return 1;
  return binomialAtLeast(Math.floor(plannedLeads), product(conversionRates), deals);
}

/**
 * Qualified opportunities marketing must source per period: whole opportunities in the
 * year, then per period, then marketing's part. win_rate 0 is #DIV/0!.
 *
 * Formula: `ceilWhole(ceilWhole(ceilWhole(deals / winRate) / periods) * marketingShare)`.
 * @example requiredOpps(3_000_000, 50_000, 0.25, 12, 0.6) // 12
 */
export function requiredOpps(
  revenueTarget: number,
  averageDealValue: number,
  winRate: number,
  periods = 1,
  marketingShare = 1,
): number | RoiError {
  const deals = requiredDeals(revenueTarget, averageDealValue);
  if (deals instanceof RoiError) return deals;
  if (deals === 0) return 0;
  if (winRate === 0) return new RoiError('#DIV/0!', msg.zeroWinRate());
  return ceilWhole(ceilWhole(ceilWhole(deals / winRate) / periods) * marketingShare);
}

/**
 * Which stage to improve: for each rate, the top-of-funnel volume if that one rate rose
 * by `step` (capped at 1), rounded as requiredLeads, and its change against today's
 * volume as a fraction (0 when today's volume is 0). Linear in the number of rates: the
 * product with rate i moved is (rates above i) * moved rate * (rates below i), from a
 * prefix and a suffix product.
 *
 * Formula: row i = `[requiredLeads with ri + step, (that - today) / today]`.
 * @example sensitivity(3_000_000, 50_000, [0.5, 0.4, 0.25], 0.05) // [[1091, -0.0908...], [1067, -0.1108...], [1000, -0.1666...]]
 */
export function sensitivity(
  revenueTarget: number,
  averageDealValue: number,
  conversionRates: readonly number[],
  step = 0.01,
): Array<[number, number]> | RoiError {
  const deals = requiredDeals(revenueTarget, averageDealValue);
  if (deals instanceof RoiError) return deals;
  const k = conversionRates.length;
  const out: Array<[number, number]> = new Array(k);
  if (deals === 0) {
    for (let i = 0; i < k; i++) out[i] = [0, 0];
    return out;
  }
  const zero = zeroRateError(conversionRates);
  if (zero) return zero;
  const below = suffixProducts(conversionRates);
  const today = ceilWhole(deals / below[0]); // requiredLeadsFromDeals(deals, conversionRates)
  let above = 1; // r1 * ... * r(i-1)
  for (let i = 0; i < k; i++) {
    const r = conversionRates[i];
    const v = ceilWhole(deals / (above * (Math.min(1, r + step) * below[i + 1])));
    out[i] = [v, today === 0 ? 0 : (v - today) / today];
    above *= r;
  }
  return out;
}
