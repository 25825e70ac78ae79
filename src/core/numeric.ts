/**
 * Numeric building blocks: whole-number rounding of needed counts, the exact binomial
 * tail, and the normal quantile. Pure functions; no validation (callers validate).
 *
 * The binomial tail is @stdlib's regularized incomplete beta. The normal quantile is
 * Wichura's algorithm AS 241 (PPND16, accurate to about 1 part in 10^16), written here:
 * three rational functions, where @stdlib's quantile goes through its erfinv, about
 * 1.6 KB of the 30 KB gzipped that functions.js may weigh (issue 16). A test checks it
 * against @stdlib's quantile across (0, 1).
 */
import betainc from '@stdlib/math-base-special-betainc';

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
 * Where @stdlib's incomplete beta stops summing binomial terms (kernel-betainc's
 * `a < MAX_INT32 - 100`): with one parameter below FEW and the other from here up, it
 * would leave whole-number parameters for its series of the general case.
 */
const HUGE = 2 ** 31 - 1 - 100;
const FEW = 40;

/**
 * P(Binomial(n, p) >= k): the chance that n independent trials with success chance p
 * give at least k successes, for whole n and k. Exact: the regularized incomplete beta
 * I_p(k, n - k + 1), which for whole parameters @stdlib computes as a finite binomial sum
 * (both below 40) or its continued fraction. The one case it would take elsewhere, billions
 * of trials with fewer than 40 successes or failures needed, is the sum of those few terms,
 * here (binomialAtMost). So the general-case series of @stdlib's kernel, and the gamma
 * functions they bring, are never reached: functions.js leaves them out
 * (build/stdlib-aliases.js, UNREACHED; test/core/shims.test.ts runs the core with them
 * throwing).
 */
export function binomialAtLeast(n: number, p: number, k: number): number {
  if (k <= 0) return 1;
  if (n < k || p <= 0) return 0;
  if (p >= 1) return 1;
  const failures = n - k; // at most this many may fail
  let v: number;
  if (n >= HUGE && k < FEW) v = 1 - binomialAtMost(n, k - 1, Math.log(p), Math.log1p(-p));
  else if (n >= HUGE && failures < FEW) v = binomialAtMost(n, failures, Math.log1p(-p), Math.log(p));
  else v = betainc(p, k, failures + 1, true, false);
  if (!(v >= 0)) return 0; // NaN guard; betainc returns NaN only for invalid input
  return v > 1 ? 1 : v;
}

/**
 * P(Binomial(n, s) <= m) for a few m (below 40), with the logarithms of the chances of
 * success and failure: the sum of its m + 1 terms, each exp(log C(n, j) + j log s +
 * (n - j) log f), so that no power of billions of trials underflows before its binomial
 * coefficient is applied. Each term is off by a few units of 1e-13 relative at most.
 */
function binomialAtMost(n: number, m: number, logS: number, logF: number): number {
  let logC = 0;
  let sum = 0;
  for (let j = 0; j <= m; j++) {
    sum += Math.exp(logC + j * logS + (n - j) * logF);
    logC += Math.log((n - j) / (j + 1));
  }
  return sum;
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
  const z = normSInv(c);
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

// AS 241's coefficients (Wichura 1988, Applied Statistics 37(3), 477-484), constant term
// first: numerator and denominator for |c - 1/2| <= 0.425, then for the tails with
// r = sqrt(-ln(tail)) - 1.6 when r <= 5, and r - 5 beyond.
const CENTRAL_NUM = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
  67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const CENTRAL_DEN = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
  28729.085735721942674, 5226.495278852854561,
];
const NEAR_NUM = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
  0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const NEAR_DEN = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const FAR_NUM = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
  0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const FAR_DEN = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/** num(x) / den(x), both polynomials by Horner's rule, highest power last in the arrays. */
function rational(num: readonly number[], den: readonly number[], x: number): number {
  let n = 0;
  let d = 0;
  for (let i = num.length - 1; i >= 0; i--) {
    n = n * x + num[i];
    d = d * x + den[i];
  }
  return n / d;
}

/** The standard normal quantile, NORM.S.INV(c), for 0 < c < 1 (Wichura's AS 241). */
export function normSInv(c: number): number {
  const q = c - 0.5;
  if (Math.abs(q) <= 0.425) return q * rational(CENTRAL_NUM, CENTRAL_DEN, 0.180625 - q * q);
  const r = Math.sqrt(-Math.log(q < 0 ? c : 1 - c));
  const z = r <= 5 ? rational(NEAR_NUM, NEAR_DEN, r - 1.6) : rational(FAR_NUM, FAR_DEN, r - 5);
  return q < 0 ? -z : z;
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
 * From 50% confidence up it is computed as p^2 / (centre + spread), the same number as
 * (centre - spread) / (1 + z^2/n) without the cancellation that left 0 successes a bound
 * of 1e-18 instead of 0 (above its rate of 0), and never above p.
 */
export function wilsonLower(successes: number, n: number, c: number): number {
  const p = successes / n;
  const z = zOf(c);
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At or above 50% the bound is at most p (capped: at 50% p^2 / p may round above p).
  const v = z >= 0 ? Math.min(p, (p * p) / (centre + spread || 1)) : (centre - spread) / (1 + z2 / n);
  if (v < 0) return 0;
  return v > 1 ? 1 : v;
}
