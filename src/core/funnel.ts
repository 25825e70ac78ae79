/**
 * The reverse funnel: from a revenue target back to the volume needed at each stage.
 * Plain functions over validated numbers, shared by the ROI.* functions, the model
 * builder's preview and the benchmarks. Each returns a number or a RoiError.
 */
import { RoiError } from './errors';
import { binomialAtLeast, ceilWhole, leastTrials, product } from './numeric';

/** Shared with time.ts (FUNNELPLAN), so the wording is one. */
export const DIV0_DEAL = 'average_deal_value is 0: a deal of no value never reaches a revenue target.';
export const zeroRate = (arg: string, i: number) =>
  `${arg} has a rate of 0 at stage ${i + 1}: no number of leads reaches the target through a stage nothing passes.`;

/** Deals needed: ceilWhole(revenue_target / average_deal_value). */
export function requiredDeals(revenueTarget: number, averageDealValue: number): number | RoiError {
  if (revenueTarget === 0) return 0;
  if (averageDealValue === 0) return new RoiError('#DIV/0!', DIV0_DEAL);
  return ceilWhole(revenueTarget / averageDealValue);
}

/**
 * Volumes at every stage, top first, deals last (rates.length + 1 entries). Each stage's
 * volume is rounded once from the deal count: ceilWhole(deals / (ri * ... * rk)).
 * A target that needs no deal needs no volume anywhere, whatever the rates.
 */
export function funnelVolumes(deals: number, rates: readonly number[], arg = 'conversion_rates'): number[] | RoiError {
  if (deals === 0) return new Array(rates.length + 1).fill(0);
  const zero = rates.indexOf(0);
  if (zero >= 0) return new RoiError('#DIV/0!', zeroRate(arg, zero));
  const out: number[] = [];
  for (let i = 0; i < rates.length; i++) out.push(ceilWhole(deals / product(rates, i)));
  out.push(deals);
  return out;
}

/** Top-of-funnel volume; with a confidence, the least N that reaches the deals with that probability. */
export function requiredLeadsFromDeals(
  deals: number,
  rates: readonly number[],
  confidence?: number,
): number | RoiError {
  if (deals === 0) return 0;
  const zero = rates.indexOf(0);
  if (zero >= 0) return new RoiError('#DIV/0!', zeroRate('conversion_rates', zero));
  // The top row of funnelVolumes, without building the rest of the funnel.
  if (confidence === undefined) return ceilWhole(deals / product(rates));
  const n = leastTrials(deals, product(rates), confidence);
  if (!Number.isFinite(n))
    return new RoiError('#NUM!', 'The number of leads needed at that confidence is too large to compute exactly.');
  return n;
}

export function requiredLeads(
  revenueTarget: number,
  averageDealValue: number,
  rates: readonly number[],
  confidence?: number,
): number | RoiError {
  const deals = requiredDeals(revenueTarget, averageDealValue);
  if (deals instanceof RoiError) return deals;
  return requiredLeadsFromDeals(deals, rates, confidence);
}

/** The probability that `plannedLeads` top-of-funnel leads reach the deals the target needs. */
export function hitProbability(
  plannedLeads: number,
  revenueTarget: number,
  averageDealValue: number,
  rates: readonly number[],
): number | RoiError {
  const deals = requiredDeals(revenueTarget, averageDealValue);
  if (deals instanceof RoiError) return deals;
  if (deals === 0) return 1;
  return binomialAtLeast(Math.floor(plannedLeads), product(rates), deals);
}

/** Qualified opportunities marketing must source per period. */
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
  if (winRate === 0) return new RoiError('#DIV/0!', 'win_rate is 0: no number of opportunities wins a deal.');
  return ceilWhole(ceilWhole(ceilWhole(deals / winRate) / periods) * marketingShare);
}

/** For each rate: the top-of-funnel volume if that rate rose by `step` (capped at 1), and the change against today. */
export function sensitivity(
  revenueTarget: number,
  averageDealValue: number,
  rates: readonly number[],
  step = 0.01,
): Array<[number, number]> | RoiError {
  const today = requiredLeads(revenueTarget, averageDealValue, rates);
  if (today instanceof RoiError) return today;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < rates.length; i++) {
    const moved = rates.slice();
    moved[i] = Math.min(1, rates[i] + step);
    const v = requiredLeads(revenueTarget, averageDealValue, moved);
    if (v instanceof RoiError) return v;
    out.push([v, today === 0 ? 0 : (v - today) / today]);
  }
  return out;
}
