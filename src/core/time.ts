/**
 * The reverse funnel on a calendar (spec, "Time"): FUNNELPLAN works back from revenue to
 * close in each period to the volume that must enter each stage in each period, with the
 * lags between stages; FUNNELFORECAST runs the funnel forward from the volumes entering
 * the top; PIPELINEHIT prices the pipeline already open, exactly. Plain kernels over
 * validated numbers (they re-check what they rely on, so no input makes them throw or
 * return NaN, Infinity or -0); the runner adds stage names and the orientation.
 *
 * DECISIONS (where the spec is silent; each is stated in plain words in the function's notes
 * in docs.ts, so in the reference, docs/functions.md):
 * 1. Horizon. Targets are extended (cyclically, grown) to period n + sum(ceil(L_i)): the
 *    furthest deal period that volume entering any stage by period n can serve, with a
 *    positive share, through every lag. Exactly those periods are read; none further.
 * 2. "before". It is ceilWhole of the whole unrounded need before period 1 (all earlier
 *    periods together), the first term of the one cumulative rounding: period 1 is then
 *    V(1) - V(0). The plan does not say in which earlier period that volume must enter
 *    (the earliest is period 1 - sum of the lags rounded up, at the top stage).
 * 3. Zero targets. A period with target 0 adds no deals (the cumulative count stays flat;
 *    a deal already rounded up may cover it). When no deal is needed at all within the
 *    horizon, the plan is all zeros whatever average_deal_value and the rates, as
 *    REQUIREDDEALS(0, 0) and FUNNEL(0, ...) give 0. Otherwise average_deal_value 0 is
 *    #DIV/0! (REQUIREDDEALS's message).
 * 4. A rate of 0 is #DIV/0! (REQUIREDLEADS's message, naming the lowest such stage) where
 *    volume must pass it: the stage below it needs a positive volume within the plan's
 *    reach. As every lag path carries a positive share of the horizon's last deals back to
 *    every stage, that is whenever any deal is needed; with none, the plan is all zeros (3).
 * 5. One division per stage, as FUNNEL: a stage's cumulative need is the lag-shifted
 *    cumulative deal count divided once by r(i) * ... * r(k) (multiplied left to right).
 *    Same value as the spec's stage-by-stage division, and with every lag 0 the running
 *    totals are FUNNEL's volumes bit for bit, not merely to rounding.
 * 6. extend_growth compounds once per cycle of the n periods given (the spec's formula),
 *    whatever a period is: with one period, each later period grows once more.
 *    extend_growth -1 means no revenue after the horizon.
 * 7. Sizes (#NUM!): at most 1,000 stages; lags in [0, 1000] periods (spec); FUNNELPLAN
 *    works over (stages + 1) x (periods + 1 + sum of the lags rounded up) values and
 *    FUNNELFORECAST returns (stages + 1) x (periods + 1), each at most 2,000,000. A needed
 *    count above 2^53 is #NUM! (too large to represent exactly, as REQUIREDLEADS).
 * 8. FUNNELFORECAST: nothing enters before period 1 (the pipeline already open is
 *    PIPELINEHIT's); "after" is summed from the shares whose lag carries them past period
 *    n (never total minus periods, so no cancellation); a rate of 0 is allowed (nothing
 *    below it). Expected values, unrounded.
 * 9. PIPELINEHIT: a rate of 0 gives the stages at or above it no chance of a deal, not an
 *    error (as HITPROBABILITY); items whose chance is exactly 1 are certain deals. With a
 *    single stage holding items it is HITPROBABILITY's incomplete beta, the same function.
 *    Otherwise the answer carries a proven bound on its absolute error (typically below
 *    1e-12; see binomialSumAtLeast); an answer within 1e-20 of 0 or 1 is returned as 0 or
 *    1. Counts above 2^53, or so many open items that the deals they could yield spread
 *    over more than 2^22 values (about 10^11 open items at a 50% chance), are #NUM!.
 * 10. A fractional lag's share f is L - floor(L) as a double (a lag of 1.1 moves a share
 *    of 0.10000000000000009 two periods).
 */
import { RoiError, msg } from './errors';

import { MAX_EXACT_COUNT, binomialAtLeast, ceilWhole, product } from './numeric';

/** The most stages (conversion rates) the time functions take. */
import { MAX_STAGES } from './args';
export { MAX_STAGES };
/** The longest lag, in periods (spec). */
export const MAX_LAG = 1000;
/** The most values FUNNELPLAN works over, and the largest FUNNELFORECAST result. */
export const MAX_CELLS = 2_000_000;

const RATES = 'conversion_rates';
const LAGS = 'stage_lags';

/** Checks shared by the three kernels: the rates, and each stage list's length. */
function checkStages(rates: readonly number[], lists: Array<[string, readonly number[]]>): RoiError | undefined {
  const k = rates.length;
  if (k === 0) return new RoiError('#VALUE!', msg.emptyList(RATES));
  if (k > MAX_STAGES) return new RoiError('#NUM!', msg.tooManyStages(RATES, k, MAX_STAGES));
  for (const [name, list] of lists) {
    if (list.length !== k) return new RoiError('#VALUE!', msg.sameLength(name, list.length, RATES, k));
  }
  for (const r of rates) {
    if (!Number.isFinite(r)) return new RoiError('#NUM!', msg.notFinite(RATES));
    if (!(r >= 0 && r <= 1)) return new RoiError('#NUM!', msg.rate(RATES, r));
  }
  return undefined;
}

/** Each lag split as L = l + f: whole periods l, and the share f that moves one period more. */
function splitLags(lags: readonly number[]): { whole: number[]; frac: number[] } | RoiError {
  const whole: number[] = [];
  const frac: number[] = [];
  for (const L of lags) {
    if (!Number.isFinite(L)) return new RoiError('#NUM!', msg.notFinite(LAGS));
    if (!(L >= 0 && L <= MAX_LAG)) return new RoiError('#NUM!', msg.between(LAGS, 0, MAX_LAG, L));
    const l = Math.floor(L);
    whole.push(l + 0); // never -0
    frac.push(L - l + 0);
  }
  return { whole, frac };
}

function checkMoney(arg: string, v: number): RoiError | undefined {
  if (!Number.isFinite(v)) return new RoiError('#NUM!', msg.notFinite(arg));
  if (!(v >= 0)) return new RoiError('#NUM!', msg.nonNegative(arg, v));
  return undefined;
}

/**
 * ROI.FUNNELPLAN's kernel: how much must enter each stage in each period so that the
 * deals close on time.
 *
 * Deals: D(t) = ceilWhole((T(1) + ... + T(t)) / average_deal_value), D(t <= 0) = 0, with
 * T extended past period n cyclically and grown: T(n + j) = T(((j-1) mod n) + 1) *
 * (1 + extend_growth)^(floor((j-1)/n) + 1). Each stage i from the bottom up, lag L = l + f:
 * f(i, t) = ((1-f) f(i+1, t+l) + f f(i+1, t+l+1)) / r(i), f(k+1, t) = D(t) - D(t-1).
 * Rounded once, cumulatively: V(i, t) = ceilWhole(sum of f(i, u) for u <= t).
 * Computed on the cumulative sums, which obey the same recurrence:
 * C(i, t) = ((1-f) C(i+1, t+l) + f C(i+1, t+l+1)) / r(i), C(k+1, t) = D(t).
 *
 * @param revenueTargets revenue to close in each period, n >= 1 values >= 0, in time order
 * @param averageDealValue money >= 0 (0 is #DIV/0! unless no deal is needed)
 * @param rates stage-to-stage rates, top first, ending with the close rate
 * @param lags per stage, in periods (fractional allowed), each in [0, 1000]
 * @param extendGrowth growth of the targets past the horizon, per cycle of n periods (>= -1)
 * @returns rates.length + 1 rows (top stage first, deals last) by n + 1 columns: "before
 *   period 1", then periods 1..n. Whole numbers >= 0.
 * @example
 * funnelPlan(Array(12).fill(250000), 50000, [0.5, 0.4, 0.25], [1, 1, 2])
 * // leads [400, 100, 100, ...], SALs [150, 50, ...], SQOs [40, 20, ...], deals [0, 5, ...]
 * // (SQOs: C(t) = D(t + 2) / 0.25 = 20t + 40; SALs: C(t) = C_SQO(t + 1) / 0.4 = 50t + 150)
 */
export function funnelPlan(
  revenueTargets: readonly number[],
  averageDealValue: number,
  rates: readonly number[],
  lags: readonly number[],
  extendGrowth = 0,
): number[][] | RoiError {
  const bad = checkStages(rates, [[LAGS, lags]]);
  if (bad) return bad;
  const split = splitLags(lags);
  if (split instanceof RoiError) return split;
  const { whole, frac } = split;
  const n = revenueTargets.length;
  if (n === 0) return new RoiError('#VALUE!', msg.emptyList('revenue_targets'));
  for (const t of revenueTargets) {
    const e = checkMoney('revenue_targets', t);
    if (e) return e;
  }
  const dealBad = checkMoney('average_deal_value', averageDealValue);
  if (dealBad) return dealBad;
  if (!Number.isFinite(extendGrowth)) return new RoiError('#NUM!', msg.notFinite('extend_growth'));
  if (!(extendGrowth >= -1)) return new RoiError('#NUM!', msg.atLeast('extend_growth', -1, extendGrowth));

  const k = rates.length;
  // reach[i]: how many periods past period n stage i's cumulative need is read (by the
  // stages above it): the sum of the lags above it, each rounded up.
  const reach: number[] = [0];
  for (let i = 0; i < k; i++) reach.push(reach[i] + whole[i] + (frac[i] > 0 ? 1 : 0));
  const horizon = n + reach[k];
  if ((k + 1) * (horizon + 1) > MAX_CELLS) return new RoiError('#NUM!', msg.planTooLarge(k, n, reach[k], MAX_CELLS));

  // B[t], t = 0..horizon: first D(t); then, stage by stage from the bottom up, in place,
  // the lag-shifted cumulative deal count E(i, t) (C(i, t) = E(i, t) / (r(i) * ... * r(k))).
  const B = new Float64Array(horizon + 1);
  const growth = 1 + extendGrowth;
  let cum = 0;
  for (let t = 1; t <= horizon; t++) {
    let target: number;
    if (t <= n) target = revenueTargets[t - 1];
    else {
      const j = t - n - 1;
      const base = revenueTargets[j % n];
      target = base === 0 ? 0 : base * Math.pow(growth, Math.floor(j / n) + 1);
    }
    cum += target;
    if (cum === 0) continue;
    if (averageDealValue === 0) return new RoiError('#DIV/0!', msg.zeroDealValue());
    const q = cum / averageDealValue;
    if (!(q <= MAX_EXACT_COUNT)) return new RoiError('#NUM!', msg.tooLarge('number of deals needed'));
    B[t] = ceilWhole(q);
  }

  const out: number[][] = new Array(k + 1);
  const deals: number[] = new Array(n + 1);
  deals[0] = 0;
  for (let t = 1; t <= n; t++) deals[t] = B[t] - B[t - 1];
  out[k] = deals;

  for (let i = k - 1; i >= 0; i--) {
    const l = whole[i];
    const f = frac[i];
    const top = n + reach[i];
    // The largest value this stage reads (cumulative, so non-decreasing in t).
    if (rates[i] === 0 && B[top + l + (f > 0 ? 1 : 0)] > 0) return new RoiError('#DIV/0!', msg.zeroRate(RATES, i));
    if (f === 0) for (let t = 0; t <= top; t++) B[t] = B[t + l];
    else for (let t = 0; t <= top; t++) B[t] = (1 - f) * B[t + l] + f * B[t + l + 1];
    const p = product(rates, i);
    const row: number[] = new Array(n + 1);
    let prev = 0;
    for (let t = 0; t <= n; t++) {
      const e = B[t];
      let v = 0;
      if (e > 0) {
        // p is 0 here only when a rate of 0 lies below a stage that needs nothing (then
        // e is 0) or when the rates' product underflows: then the need is unbounded.
        const c = e / p;
        if (!(c <= MAX_EXACT_COUNT)) return new RoiError('#NUM!', msg.tooLarge(`volume needed at stage ${i + 1}`));
        v = ceilWhole(c);
      }
      row[t] = t === 0 ? v : v - prev;
      prev = v;
    }
    out[i] = row;
  }
  return out;
}

/**
 * ROI.FUNNELFORECAST's kernel: the expected volume reaching each stage in each period
 * from the volumes entering the top.
 *
 * g(1, t) = top_volumes(t), g(i, t <= 0) = 0; lag L = l + f:
 * g(i+1, t) = r(i) ((1-f) g(i, t-l) + f g(i, t-l-1)). The "after" column is what arrives
 * after period n: after(i+1) = r(i) (after(i) + (1-f) (g(i, n-l+1) + ... + g(i, n)) +
 * f (g(i, n-l) + ... + g(i, n))), so each row's total (periods plus after) is the top
 * total times the rates above it. Computed unscaled (the shares only), then multiplied
 * once by r(1) * ... * r(i).
 *
 * @param topVolumes volume entering the top stage in each period, n >= 1 values >= 0
 * @param rates stage-to-stage rates, top first, ending with the close rate
 * @param lags per stage, in periods (fractional allowed), each in [0, 1000]
 * @returns rates.length + 1 rows (top first, deals last) by n + 1 columns: periods 1..n,
 *   then "after". Expected values, unrounded.
 * @example
 * funnelForecast([100, 100, 100], [0.5, 0.2], [1, 0])
 * // [[100, 100, 100, 0], [0, 50, 50, 50], [0, 10, 10, 10]]
 */
export function funnelForecast(
  topVolumes: readonly number[],
  rates: readonly number[],
  lags: readonly number[],
): number[][] | RoiError {
  const bad = checkStages(rates, [[LAGS, lags]]);
  if (bad) return bad;
  const split = splitLags(lags);
  if (split instanceof RoiError) return split;
  const { whole, frac } = split;
  const n = topVolumes.length;
  if (n === 0) return new RoiError('#VALUE!', msg.emptyList('top_volumes'));
  const k = rates.length;
  if ((k + 1) * (n + 1) > MAX_CELLS) return new RoiError('#NUM!', msg.forecastTooLarge(k, n, MAX_CELLS));
  const E = new Float64Array(n + 1); // E[t], t = 1..n; E[0] stays 0 (nothing before period 1)
  let total = 0;
  for (let t = 0; t < n; t++) {
    const v = topVolumes[t];
    const e = checkMoney('top_volumes', v);
    if (e) return e;
    E[t + 1] = v + 0;
    total += v;
  }
  if (!Number.isFinite(total)) return new RoiError('#NUM!', msg.tooLarge('total of top_volumes'));

  const out: number[][] = new Array(k + 1);
  const first: number[] = new Array(n + 1);
  for (let t = 1; t <= n; t++) first[t - 1] = E[t];
  first[n] = 0;
  out[0] = first;
  let after = 0;
  let scale = 1; // r(1) * ... * r(i), left to right
  for (let i = 0; i < k; i++) {
    const l = whole[i];
    const f = frac[i];
    // What this lag carries past period n: share 1-f of periods n-l+1..n, f of n-l..n.
    let tail = 0;
    for (let t = Math.max(1, n - l + 1); t <= n; t++) tail += E[t];
    const edge = n - l >= 1 ? E[n - l] : 0;
    after += (1 - f) * tail + (f > 0 ? f * (tail + edge) : 0);
    // Shift in place, latest period first (reads only earlier periods).
    for (let t = n; t >= 1; t--) {
      const a = t - l >= 1 ? E[t - l] : 0;
      if (f === 0) E[t] = a;
      else E[t] = (1 - f) * a + f * (t - l - 1 >= 1 ? E[t - l - 1] : 0);
    }
    scale *= rates[i];
    const row: number[] = new Array(n + 1);
    for (let t = 1; t <= n; t++) row[t - 1] = E[t] * scale + 0;
    row[n] = after * scale + 0;
    out[i + 1] = row;
  }
  return out;
}

/**
 * ROI.PIPELINEHIT's kernel: the probability that the open pipeline yields at least
 * deals_needed deals. Items open at stage i each close independently with chance
 * p(i) = r(i) * ... * r(k): P(sum of Binomial(open_counts(i), p(i)) >= deals_needed),
 * exact to 1e-9 (see binomialSumAtLeast). deals_needed 0 gives 1.
 *
 * @param dealsNeeded a whole count >= 0
 * @param openCounts whole counts >= 0, one per rate: items open at the stage that rate converts from
 * @param rates stage-to-stage rates, top first, ending with the close rate
 * @example
 * pipelineHit(5, [0, 20], [0.5, 0.25]) // P(Binomial(20, 0.25) >= 5) = 0.5851585...
 */
export function pipelineHit(
  dealsNeeded: number,
  openCounts: readonly number[],
  rates: readonly number[],
): number | RoiError {
  const bad = checkStages(rates, [['open_counts', openCounts]]);
  if (bad) return bad;
  const whole = (arg: string, v: number): RoiError | undefined => {
    if (!Number.isFinite(v)) return new RoiError('#NUM!', msg.notFinite(arg));
    if (!(v >= 0) || !Number.isInteger(v)) return new RoiError('#NUM!', msg.whole(arg, 0, v));
    if (v > MAX_EXACT_COUNT) return new RoiError('#NUM!', msg.between(arg, 0, MAX_EXACT_COUNT, v));
    return undefined;
  };
  const e = whole('deals_needed', dealsNeeded);
  if (e) return e;
  const terms: BinomialTerm[] = [];
  for (let i = 0; i < openCounts.length; i++) {
    const c = whole('open_counts', openCounts[i]);
    if (c) return c;
    terms.push({ n: openCounts[i], p: product(rates, i) });
  }
  if (dealsNeeded === 0) return 1;
  const r = binomialSumAtLeast(dealsNeeded, terms);
  if (r === null) return new RoiError('#NUM!', msg.pipelineTooWide(MAX_SPAN));
  return r.probability;
}

// ---------------------------------------------------------------------------------------
// The sum of independent binomials, exactly.

/** One group of independent trials: n items, each succeeding with chance p. */
export interface BinomialTerm {
  n: number;
  p: number;
}

/** How binomialSumAtLeast convolves: by its cost model, or always one way (for tests). */
export type ConvolutionMethod = 'auto' | 'direct' | 'fft';

/** Tail mass each kind of cut may leave out: the groups' windows, the partial sums', S's. */
const TAIL = 1e-20;
/** Unit roundoff of doubles. */
const U = 2 ** -53;
/** FFT error constant: Higham's eta for twiddles within 2u (2u + gamma_4 (sqrt 2 + 2u)), rounded up. */
const ETA = 8 * U;
/** The widest distribution (a window, or the FFT length) we convolve: beyond it, #NUM!. */
export const MAX_SPAN = 2 ** 22;
/** A butterfly costs about this many direct multiply-adds (measured on V8). */
const BUTTERFLY_COST = 3;

/**
 * P(X(1) + ... + X(m) >= need) for independent X(j) ~ Binomial(n(j), p(j)), with a proven
 * bound on the absolute error of the answer as computed in doubles (first order in u).
 * Returns null when the distribution is too wide to convolve (more than MAX_SPAN values).
 *
 * Method, and the error each step adds to the bound:
 * 1. Items with p = 0 never succeed and are dropped; items with p = 1 always do and lower
 *    `need`. need <= 0 gives 1; more needed than items left gives 0. One group left (and
 *    method 'auto'): binomialAtLeast, the incomplete beta HITPROBABILITY uses (its own
 *    accuracy, about 1e-15; reported as 1e-12).
 * 2. Windows, by Bernstein's inequality: a sum T of independent centred Bernoullis (each
 *    within [-1, 1]) of variance V has P(T >= t) and P(T <= -t) each at most
 *    exp(-t^2 / (2 (V + t/3))), which is exactly exp(-c) at t = c/3 + sqrt(c^2/9 + 2cV).
 *    S's window [Ls, Hs] (c = ln(4/TAIL)) leaves out at most TAIL/2: need - 1 < Ls returns
 *    1, need > Hs returns 0 (error <= TAIL). Each group's window [a(j), b(j)] and each
 *    partial sum's (below) use c = ln(4m/TAIL): at most TAIL/(2m) each, TAIL/2 for all the
 *    groups (the "box") and TAIL/2 for all the partial sums.
 * 3. Truncation (exact). Inside the box, S <= need - 1 needs X(j) <= need - 1 - (sum of
 *    the other a), so each group's pmf is kept only up to there; if a group's whole window
 *    lies above it, P(S <= need - 1) <= TAIL/2 and we return 1.
 * 4. Each group's pmf on its window, by the recurrence from the mode (the largest term,
 *    weight 1): w(x+1) = w(x) (n-x)/(x+1) p/q upward, w(x-1) = w(x) x/(n-x+1) q/p
 *    downward; no factorials, no overflow (weights never exceed 1), underflow only to a
 *    harmless 0. Normalised by the window's compensated sum: the binomial conditioned on
 *    the window (relative change <= TAIL). Each step rounds at most 4 times, so a weight j
 *    steps from the mode is off by at most (4j + 4)u relative (u = 2^-53): in all, at most
 *    (4 E|X - mode| + 4)u in l1 (E|X - mode| computed alongside).
 * 5. Direct phase: narrowest first, while a direct step costs less than the FFT would,
 *    the running pmf is convolved directly with the next group (l1 error at most
 *    (min(la, lb) + 1)u ||a||_1 ||b||_1), then cut at need - 1 - (sum of the a still to
 *    come) (exact, as in 3) and to the partial sum's window (2).
 * 6. FFT phase, for the groups left: all at once, circularly, modulo N = 2^L >= the width
 *    of S's window. The exact circular product is the distribution of S - (sum of the
 *    pieces' lowest values) folded modulo N; reading it only at s in [Ls, need - 1], every
 *    folded-in term comes from outside S's window (TAIL/2 more). Pieces go two to a
 *    transform (z = a + ib, A_j = (Z_j + conj Z_-j)/2, B_j = (Z_j - conj Z_-j)/2i), the
 *    spectra are multiplied, one inverse transform. Error, with Higham's bound for the
 *    radix-2 FFT (Accuracy and Stability of Numerical Algorithms, Thm 24.2:
 *    ||fl(FFT x) - FFT x||_2 <= L eta sqrt(N) ||x||_2, eta <= 8u with twiddles within
 *    2u): each piece's spectrum is off by at most (L eta + 2u) sqrt(N) ||z||_2 in l2, and
 *    |A_j| <= ||a||_1 (about 1), so the product of spectra is off by at most the sum of
 *    those plus 3u per multiplication times ||product||_2 <= sqrt(N) min ||a||_2; the
 *    inverse adds L eta sqrt(N) min ||a||_2. Dividing by N and summing the M values read
 *    (Cauchy-Schwarz): l1 error <= sqrt(M) (2 (L eta + 2u) (sum over transforms of
 *    ||z||_2) + (3 m u + L eta) min ||a||_2), times the product of max(1, ||a||_1) and
 *    1.01 for second-order terms. For 10^5 deals over 8 stages (N = 8192, M ~ 5000,
 *    ||a||_2 ~ 0.05) that is ~1e-13.
 * 7. The answer is 1 - (compensated sum of P(S = s) for s <= need - 1), in [0, 1].
 * The bound returned adds all of these up; the tests check it against brute force.
 */
export function binomialSumAtLeast(
  need: number,
  terms: readonly BinomialTerm[],
  method: ConvolutionMethod = 'auto',
): { probability: number; errorBound: number } | null {
  // 1. Certain and impossible items.
  const live: BinomialTerm[] = [];
  let items = 0;
  for (const { n, p } of terms) {
    if (n === 0 || p === 0) continue;
    if (p === 1) need -= n;
    else {
      live.push({ n, p });
      items += n;
    }
  }
  if (need <= 0) return { probability: 1, errorBound: 0 };
  if (items < need) return { probability: 0, errorBound: 0 };
  if (method === 'auto' && live.length === 1)
    return { probability: binomialAtLeast(live[0].n, live[0].p, need), errorBound: 1e-12 };

  // 2. S's window.
  const m = live.length;
  let mean = 0;
  let variance = 0;
  for (const { n, p } of live) {
    mean += n * p;
    variance += n * p * (1 - p);
  }
  const S = bernstein(mean, variance, Math.log(4 / TAIL), items);
  if (need - 1 < S.lo) return { probability: 1, errorBound: TAIL };
  if (need > S.hi) return { probability: 0, errorBound: TAIL };

  // 2-4. Each group's window, truncated where it can no longer matter, and its pmf.
  const c = Math.log((4 * m) / TAIL);
  const groups = live.map(({ n, p }) => ({ n, p, ...bernstein(n * p, n * p * (1 - p), c, n) }));
  let lowSum = 0;
  for (const g of groups) lowSum += g.lo;
  let errorBound = 2 * TAIL; // the windows: S's, the box, the partial sums'
  const pieces: Piece[] = [];
  for (const g of groups) {
    if (g.hi - g.lo + 1 > MAX_SPAN) return null;
    const keep = Math.min(g.hi, need - 1 - (lowSum - g.lo));
    if (keep < g.lo) return { probability: 1, errorBound };
    const pmf = windowPmf(g.n, g.p, g.lo, g.hi, keep);
    errorBound += pmf.error;
    pieces.push({ lo: g.lo, w: pmf.w, mean: g.n * g.p, variance: g.n * g.p * (1 - g.p) });
  }
  pieces.sort((x, y) => x.w.length - y.w.length);
  const N = nextPow2(Math.max(S.hi - S.lo + 1, pieces[m - 1].w.length));
  if (N > MAX_SPAN && method !== 'direct') return null;
  const fftCost = BUTTERFLY_COST * (N / 2) * Math.log2(N);

  // 5. Direct phase.
  let acc = pieces[0];
  let restLow = lowSum - acc.lo;
  let j = 1;
  let accMean = acc.mean;
  let accVariance = acc.variance;
  for (; j < m; j++) {
    const b = pieces[j];
    const la = acc.w.length;
    const lb = b.w.length;
    // In the FFT phase this group would cost half a forward transform (two to one).
    if (method === 'fft' || (method === 'auto' && la * lb > fftCost / 2)) break;
    const na = norms(acc.w);
    const nb = norms(b.w);
    errorBound = errorBound * Math.max(1, nb.l1) + (Math.min(la, lb) + 1) * U * 1.01 * na.l1 * nb.l1;
    const conv = convolveDirect(acc.w, b.w);
    restLow -= b.lo;
    accMean += b.mean;
    accVariance += b.variance;
    const lo = acc.lo + b.lo;
    const win = bernstein(accMean, accVariance, c, Infinity);
    const start = Math.max(0, win.lo - lo);
    const end = Math.min(conv.length, win.hi - lo + 1, need - restLow - lo); // exclusive
    // Nothing kept: the partial sum's window lies wholly above what can still give
    // S <= need - 1 (the cut, or the support left by the cuts), so P(S <= need - 1) is
    // within the windows' tails.
    if (end <= start) return { probability: 1, errorBound };
    acc = { lo: lo + start, w: conv.subarray(start, end), mean: accMean, variance: accVariance };
  }

  // 6-7. FFT phase (if any group is left), then P(S <= need - 1).
  const top = need - 1; // s in [from, top] is summed; top <= S.hi, as need <= S.hi
  let lower: number;
  let summed: number;
  if (j === m && method !== 'fft') {
    lower = neumaierSum(acc.w); // all of acc lies at or below need - 1
    summed = acc.w.length;
  } else {
    const rest = [acc, ...pieces.slice(j)];
    // The running pmf's window (c for a group) may be a little wider than S's: N holds both.
    const size = Math.max(N, nextPow2(acc.w.length));
    if (size > MAX_SPAN) return null;
    const folded = circularProduct(rest, size);
    let base = 0;
    for (const r of rest) base += r.lo;
    const from = Math.max(S.lo, base);
    summed = Math.max(0, top - from + 1);
    let sum = 0;
    let comp = 0;
    for (let s = from; s <= top; s++) {
      const v = folded.c[(s - base) % size];
      const t = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
    }
    lower = sum + comp;
    errorBound = errorBound * folded.carry + Math.sqrt(summed) * folded.l2Error;
  }
  errorBound += 2 * U * Math.abs(lower) + 4 * summed * summed * U * U + 2 * U;
  const probability = Math.min(1, Math.max(0, 1 - lower)) + 0;
  return { probability, errorBound };
}

/** A pmf on consecutive values lo, lo + 1, ..., with the mean and variance of its group. */
interface Piece {
  lo: number;
  w: Float64Array;
  mean: number;
  variance: number;
}

/**
 * The whole values within Bernstein's t of the mean, clamped to [0, max]: what lies outside
 * has probability at most 2 exp(-c) (step 2 of binomialSumAtLeast). The slack covers the
 * rounding in a computed mean, generously.
 */
function bernstein(mean: number, variance: number, c: number, max: number): { lo: number; hi: number } {
  const t = c / 3 + Math.sqrt((c * c) / 9 + 2 * c * variance) + 1 + 1e-12 * mean;
  return { lo: Math.max(0, Math.ceil(mean - t)), hi: Math.min(max, Math.floor(mean + t)) };
}

function nextPow2(x: number): number {
  let n = 16;
  while (n < x) n *= 2;
  return n;
}

/**
 * Binomial(n, p) pmf on lo..keep (keep <= hi), normalised over the window lo..hi, with
 * the bound on its l1 rounding error (step 4 of binomialSumAtLeast).
 */
function windowPmf(n: number, p: number, lo: number, hi: number, keep: number): { w: Float64Array; error: number } {
  const q = 1 - p;
  const up = p / q;
  const down = q / p;
  const mode = Math.min(hi, Math.max(lo, Math.floor((n + 1) * p)));
  const w = new Float64Array(keep - lo + 1);
  // Compensated (Neumaier) sum of the weights, and the plain sum of weight * distance.
  let sum = 0;
  let comp = 0;
  let dev = 0;
  let v = 1;
  for (let x = mode; x >= lo; x--) {
    if (x <= keep) w[x - lo] = v;
    const s = sum + v;
    comp += sum >= v ? sum - s + v : v - s + sum;
    sum = s;
    dev += v * (mode - x);
    v *= (x / (n - x + 1)) * down;
    if (v === 0) break;
  }
  v = 1;
  for (let x = mode + 1; x <= hi; x++) {
    v *= ((n - x + 1) / x) * up;
    if (v === 0) break;
    if (x <= keep) w[x - lo] = v;
    const s = sum + v;
    comp += sum >= v ? sum - s + v : v - s + sum;
    sum = s;
    dev += v * (x - mode);
  }
  const total = sum + comp;
  for (let i = 0; i < w.length; i++) w[i] /= total;
  return { w, error: (4 * (dev / total) + 4) * U };
}

/** l1 and l2 norms, each rounded up past its own summation error. */
function norms(a: Float64Array): { l1: number; l2: number } {
  let l1 = 0;
  let s2 = 0;
  for (let i = 0; i < a.length; i++) {
    l1 += Math.abs(a[i]);
    s2 += a[i] * a[i];
  }
  const up = 1 + (a.length + 2) * U;
  return { l1: l1 * up, l2: Math.sqrt(s2 * up) * up };
}

function neumaierSum(a: Float64Array): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    const s = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - s + v : v - s + sum;
    sum = s;
  }
  return sum + comp;
}

function convolveDirect(a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    if (ai === 0) continue;
    for (let j = 0; j < b.length; j++) c[i + j] += ai * b[j];
  }
  return c;
}

/**
 * The circular convolution modulo N of the pieces (each placed from index 0), by FFT, two
 * pieces to a forward transform (step 6 of binomialSumAtLeast). Returns it with `carry`,
 * the factor by which earlier errors in the pieces can grow (the product of their l1
 * norms), and `l2Error`, the l2 bound on its own rounding error.
 */
function circularProduct(pieces: readonly Piece[], N: number): { c: Float64Array; carry: number; l2Error: number } {
  const L = Math.log2(N);
  const tw = twiddles(N);
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  const pr = new Float64Array(N).fill(1);
  const pi = new Float64Array(N);
  let carry = 1;
  let zNorms = 0;
  let minL2 = Infinity;
  for (let k = 0; k < pieces.length; k += 2) {
    const a = pieces[k].w;
    const b = k + 1 < pieces.length ? pieces[k + 1].w : undefined;
    const na = norms(a);
    const nb = b ? norms(b) : { l1: 0, l2: 0 };
    carry *= Math.max(1, na.l1) * Math.max(1, nb.l1);
    minL2 = Math.min(minL2, na.l2, b ? nb.l2 : Infinity);
    zNorms += Math.sqrt(na.l2 * na.l2 + nb.l2 * nb.l2) * (1 + 2 * U);
    re.fill(0);
    im.fill(0);
    re.set(a);
    if (b) im.set(b);
    fft(re, im, tw, false);
    if (!b) {
      for (let i = 0; i < N; i++) {
        const xr = pr[i];
        pr[i] = xr * re[i] - pi[i] * im[i];
        pi[i] = xr * im[i] + pi[i] * re[i];
      }
      continue;
    }
    for (let i = 0; i <= N >> 1; i++) {
      const ii = (N - i) & (N - 1);
      const zr = re[i];
      const zi = im[i];
      const wr = re[ii];
      const wi = im[ii];
      // A_i = ((zr + wr) + i (zi - wi)) / 2, B_i = ((zi + wi) + i (wr - zr)) / 2; A_-i, B_-i conjugates.
      const ar = (zr + wr) / 2;
      const ai = (zi - wi) / 2;
      const br = (zi + wi) / 2;
      const bi = (wr - zr) / 2;
      const cr = ar * br - ai * bi;
      const ci = ar * bi + ai * br;
      let xr = pr[i];
      pr[i] = xr * cr - pi[i] * ci;
      pi[i] = xr * ci + pi[i] * cr;
      if (ii !== i) {
        xr = pr[ii];
        pr[ii] = xr * cr + pi[ii] * ci; // times conj(C_i)
        pi[ii] = -xr * ci + pi[ii] * cr;
      }
    }
  }
  fft(pr, pi, tw, true);
  const c = new Float64Array(N);
  for (let i = 0; i < N; i++) c[i] = pr[i] / N;
  const m = pieces.length;
  const l2Error = (2 * (L * ETA + 2 * U) * zNorms + (3 * m * U + L * ETA) * minL2) * carry * 1.01;
  return { c, carry, l2Error };
}

interface Twiddles {
  size: number;
  cos: Float64Array;
  sin: Float64Array;
}
const TWIDDLE_CACHE = new Map<number, Twiddles>();

/**
 * cos and sin of 2 pi t / N for t < N/2, from arguments reduced to the first octant
 * (|angle| <= pi/4), so each is within 2u of the true value. Cached up to N = 2^16.
 */
function twiddles(N: number): Twiddles {
  const cached = TWIDDLE_CACHE.get(N);
  if (cached) return cached;
  const half = N >> 1;
  const quarter = N >> 2;
  const eighth = N >> 3;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  const step = (2 * Math.PI) / N;
  for (let t = 0; t <= eighth; t++) {
    const c = Math.cos(step * t);
    const s = Math.sin(step * t);
    cos[t] = c;
    sin[t] = s;
    cos[quarter - t] = s; // angle pi/2 - x
    sin[quarter - t] = c;
  }
  for (let t = quarter + 1; t < half; t++) {
    cos[t] = -sin[t - quarter]; // angle pi/2 + x
    sin[t] = cos[t - quarter];
  }
  const tw = { size: N, cos, sin };
  if (N <= 1 << 16) TWIDDLE_CACHE.set(N, tw);
  return tw;
}

/** In-place iterative radix-2 FFT (unscaled; the inverse uses conjugate twiddles). */
function fft(re: Float64Array, im: Float64Array, tw: Twiddles, inverse: boolean): void {
  const n = tw.size;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const r = re[i];
      re[i] = re[j];
      re[j] = r;
      const m = im[i];
      im[i] = im[j];
      im[j] = m;
    }
  }
  const sign = inverse ? 1 : -1;
  const cos = tw.cos;
  const sin = tw.sin;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const stride = n / size;
    // Block by block (sequential memory); the twiddle table is read with a stride.
    for (let start = 0; start < n; start += size) {
      for (let j = 0, t = 0; j < half; j++, t += stride) {
        const wr = cos[t];
        const wi = sign * sin[t];
        const a = start + j;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}
