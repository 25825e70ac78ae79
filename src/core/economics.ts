/**
 * The growth target, lead quality and unit economics: plain named functions over
 * validated numbers (the runner has already checked each argument's kind), shared by the
 * ROI.* functions, the model preview and the task pane's explanations. Each returns a
 * number or a RoiError whose message comes from the catalogue (errors.ts); none throws,
 * and the runner turns a non-finite result into #NUM!.
 */
import { RoiError, msg } from './errors';
import { wilsonLower } from './numeric';

/**
 * New revenue to win in the period: the growth target plus the revenue churn takes away.
 *
 * Formula: `currentRevenue * (growthRate + churnRate)`.
 * @example revenueGap(10_000_000, 0.2, 0.1) // 3_000_000
 */
export function revenueGap(currentRevenue: number, growthRate: number, churnRate = 0): number {
  return currentRevenue * (growthRate + churnRate);
}

/**
 * The share of leads that sales accepted as qualified opportunities; with a confidence,
 * its one-sided Wilson score lower bound (z = NORM.S.INV(confidence)), so a small sample
 * does not outrank a large one. leads 0 is #DIV/0! (checked first), qualified > leads #NUM!.
 *
 * Formula: `qualified / leads`, or `(p + z²/2n - z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`.
 * @example leadQuality(2300, 23) // 0.01
 * @example leadQuality(10, 3, 0.95) // 0.12687658...
 */
export function leadQuality(leads: number, qualified: number, confidence?: number): number | RoiError {
  if (leads === 0) return new RoiError('#DIV/0!', msg.zeroLeads());
  if (qualified > leads) return new RoiError('#NUM!', msg.qualifiedAboveLeads(qualified, leads));
  return confidence === undefined ? qualified / leads : wilsonLower(qualified, leads, confidence);
}

/**
 * Customer acquisition cost: what it cost to win each new customer.
 *
 * Formula: `acquisitionCost / newCustomers` (newCustomers 0 is #DIV/0!).
 * @example cac(600_000, 30) // 20_000
 */
export function cac(acquisitionCost: number, newCustomers: number): number | RoiError {
  if (newCustomers === 0) return new RoiError('#DIV/0!', msg.zeroCustomers());
  return acquisitionCost / newCustomers;
}

/**
 * Lifetime value: the margin earned over a customer's life, optionally discounted: the
 * sum over t >= 1 of `R·m·(1 - churn)^(t-1) / (1 + discount)^t`, in closed form. Churn and
 * discount both 0 is #NUM! (unbounded).
 *
 * Formula: `revenuePerPeriod * grossMargin / (churnRate + discountRate)`.
 * @example ltv(1000, 0.8, 0.02) // 40_000
 */
export function ltv(
  revenuePerPeriod: number,
  grossMargin: number,
  churnRate: number,
  discountRate = 0,
): number | RoiError {
  const d = churnRate + discountRate;
  if (d === 0) return new RoiError('#NUM!', msg.unboundedLtv());
  return (revenuePerPeriod * grossMargin) / d;
}

/**
 * Periods of margin (fractional) until the acquisition cost is earned back. A cac of 0 is
 * paid back at once; no margin is #DIV/0!; #NUM! when the customer's whole lifetime
 * margin never reaches cac. A churn of 100% means the customer stays one period.
 *
 * Formula: `cac / (R·m)`; with churn c: `ln(1 - cac·c/(R·m)) / ln(1 - c)`.
 * @example payback(20_000, 1000, 0.8) // 25
 * @example payback(20_000, 1000, 0.8, 0.02) // 34.3096184915...
 */
export function payback(cac: number, revenuePerPeriod: number, grossMargin: number, churnRate = 0): number | RoiError {
  const margin = revenuePerPeriod * grossMargin;
  if (cac === 0) return 0;
  if (margin === 0) return new RoiError('#DIV/0!', msg.noMargin());
  if (churnRate === 0) return cac / margin;
  const never = () => new RoiError('#NUM!', msg.neverPaidBack(margin / churnRate, cac));
  if (churnRate === 1) return cac <= margin ? cac / margin : never();
  const x = (cac * churnRate) / margin;
  if (x >= 1) return never();
  return Math.log1p(-x) / Math.log1p(-churnRate);
}

/**
 * Return on marketing investment, on margin rather than revenue: -1 is the whole spend
 * lost, 0 is paid for itself in margin. marketingCost 0 is #DIV/0!.
 *
 * Formula: `(attributedRevenue * grossMargin - marketingCost) / marketingCost`.
 * @example romi(500_000, 0.6, 100_000) // 2
 */
export function romi(attributedRevenue: number, grossMargin: number, marketingCost: number): number | RoiError {
  if (marketingCost === 0) return new RoiError('#DIV/0!', msg.zeroMarketingCost());
  return (attributedRevenue * grossMargin - marketingCost) / marketingCost;
}

/**
 * Profit from a customer after the cost to serve and to acquire them; negative is bad
 * revenue.
 *
 * Formula: `revenue * grossMargin - costToServe - acquisitionCost`.
 * @example customerProfit(120_000, 0.6, 50_000, 30_000) // -8_000
 */
export function customerProfit(revenue: number, grossMargin: number, costToServe: number, acquisitionCost = 0): number {
  return revenue * grossMargin - costToServe - acquisitionCost;
}

/**
 * The revenue growth, at unchanged margin, that adds as much profit as `marginGain` more
 * points of margin. ebitdaMargin 0 is #DIV/0!.
 *
 * Formula: `marginGain / ebitdaMargin`.
 * @example marginLever(0.2, 0.02) // 0.1: 2 points of margin are worth 10% more revenue
 */
export function marginLever(ebitdaMargin: number, marginGain: number): number | RoiError {
  if (ebitdaMargin === 0) return new RoiError('#DIV/0!', msg.zeroEbitdaMargin());
  return marginGain / ebitdaMargin;
}

/**
 * Sales velocity: revenue the pipeline produces per unit of cycleLength. cycleLength 0
 * is #DIV/0!.
 *
 * Formula: `opportunities * winRate * averageDealValue / cycleLength`.
 * @example velocity(240, 0.25, 50_000, 3) // 1_000_000
 */
export function velocity(
  opportunities: number,
  winRate: number,
  averageDealValue: number,
  cycleLength: number,
): number | RoiError {
  if (cycleLength === 0) return new RoiError('#DIV/0!', msg.zeroCycle());
  return (opportunities * winRate * averageDealValue) / cycleLength;
}
