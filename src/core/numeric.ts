/**
 * Numeric building blocks: whole-number rounding of needed counts, the exact binomial
 * tail, and the normal quantile. Pure functions; no validation (callers validate).
 */
import betainc from '@stdlib/math-base-special-betainc';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Round a needed count up to a whole number, forgiving floating-point noise:
 * `ceil(x - 1e-9 * max(1, |x|))`, so 36.000000000000004 gives 36, not 37.
 * Computed as "is x within the tolerance above the whole number below ceil(x)?", so no
 * cancellation in x - tolerance can round an exact whole number down (999999941 stays
 * 999999941), and the tolerance is capped at half a unit: from 5e8 up the literal
 * formula would take a whole deal off every exact count (2e9 would give 1999999998).
 */
export function ceilWhole(x: number): number {
  const tol = Math.min(0.5, 1e-9 * Math.max(1, Math.abs(x)));
  const up = Math.ceil(x);
  const r = x - (up - 1) <= tol ? up - 1 : up;
  return r === 0 ? 0 : r; // never -0
}

/**
 * r(from) * ... * rk, multiplied from the last rate up (the order of suffixProducts, so
 * that every function of the funnel rounds from the very same product).
 */
export function product(rates: readonly number[], from = 0): number {
  let p = 1;
  for (let i = rates.length - 1; i >= from; i--) p *= rates[i];
  return p;
}

/**
 * Every suffix product at once, in O(k): out[i] = r(i) * ... * rk (multiplied from the
 * last rate up, exactly as `product(rates, i)`), out[k] = 1.
 */
export function suffixProducts(rates: readonly number[]): Float64Array {
  const out = new Float64Array(rates.length + 1);
  let p = 1;
  out[rates.length] = 1;
  for (let i = rates.length - 1; i >= 0; i--) out[i] = p *= rates[i];
  return out;
}

/**
 * P(Binomial(n, p) >= k): the chance that n independent trials with success chance p
 * give at least k successes. Exact: the regularized incomplete beta I_p(k, n - k + 1).
 */
export function binomialAtLeast(n: number, p: number, k: number): number {
  if (k <= 0) return 1;
  if (n < k || p <= 0) return 0;
  if (p >= 1) return 1;
  const v = betainc(p, k, n - k + 1, true, false);
  if (!(v >= 0)) return 0; // NaN guard; betainc returns NaN only for invalid input
  return v > 1 ? 1 : v;
}

/** The largest count we return: beyond 2^53 whole numbers are no longer exact. */
export const MAX_EXACT_COUNT = 2 ** 53;

/**
 * The least n >= k with P(Binomial(n, p) >= k) >= c, for k >= 1, 0 < p < 1, 0 < c < 1.
 * This is the c-quantile of the trial on which the k-th success happens (a negative
 * binomial): start from its Cornish-Fisher estimate, bracket, then bisect on the exact
 * tail. About 2 log2(error of the estimate) tail evaluations, each O(1) for large n.
 * Returns Infinity when the answer exceeds MAX_EXACT_COUNT.
 */
export function leastTrials(k: number, p: number, c: number): number {
  if (p >= 1) return k;
  const q = 1 - p;
  const mean = k / p;
  if (!Number.isFinite(mean) || mean > MAX_EXACT_COUNT) return Infinity;
  const sd = Math.sqrt(k * q) / p;
  const z = normalQuantile(c, 0, 1);
  const skew = (2 - p) / Math.sqrt(k * q);
  const guess = mean + sd * (z + ((z * z - 1) * skew) / 6);
  const f = (n: number) => binomialAtLeast(n, p, k) >= c;
  let n0 = Math.max(k, Math.round(Number.isFinite(guess) ? guess : mean));
  if (n0 > MAX_EXACT_COUNT) n0 = MAX_EXACT_COUNT;
  let lo: number; // f(lo) false (or lo = k - 1)
  let hi: number; // f(hi) true
  if (f(n0)) {
    hi = n0;
    let step = 1;
    lo = n0 - step;
    while (lo >= k && f(lo)) {
      hi = lo;
      step *= 2;
      lo = hi - step;
    }
    if (lo < k) lo = k - 1;
  } else {
    lo = n0;
    let step = Math.max(1, Math.ceil(sd / 64));
    hi = n0 + step;
    while (!f(hi)) {
      lo = hi;
      step *= 2;
      hi = lo + step;
      if (hi > MAX_EXACT_COUNT) {
        if (!f(MAX_EXACT_COUNT)) return Infinity;
        hi = MAX_EXACT_COUNT;
        break;
      }
    }
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (f(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The standard normal quantile, NORM.S.INV(c). */
export function normSInv(c: number): number {
  return normalQuantile(c, 0, 1);
}

let lastConfidence = NaN;
let lastZ = NaN;

/** NORM.S.INV(c), remembering the last c: a range of lead sources at one confidence computes z once. */
function zOf(c: number): number {
  if (c !== lastConfidence) {
    lastZ = normSInv(c);
    lastConfidence = c;
  }
  return lastZ;
}

/**
 * One-sided Wilson score lower bound for a proportion of `successes` in `n` trials at
 * confidence c (z = NORM.S.INV(c)).
 */
export function wilsonLower(successes: number, n: number, c: number): number {
  const p = successes / n;
  const z = zOf(c);
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const v = (centre - spread) / (1 + z2 / n);
  if (v < 0) return 0;
  return v > 1 ? 1 : v;
}
