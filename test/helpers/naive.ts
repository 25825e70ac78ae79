/**
 * Independent baselines for the tests: a plain binomial sum in log space, and the
 * Wilson bound written out from its formula. Slow, obvious, and shared by nothing in src/.
 */
function logFactorialTable(n: number): Float64Array {
  const t = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) t[i] = t[i - 1] + Math.log(i);
  return t;
}

/** P(Binomial(n, p) >= k) by summing the pmf (n up to a few hundred thousand). */
export function naiveAtLeast(n: number, p: number, k: number): number {
  if (k <= 0) return 1;
  if (n < k) return 0;
  const lf = logFactorialTable(n);
  let s = 0;
  for (let i = k; i <= n; i++) s += Math.exp(lf[n] - lf[i] - lf[n - i] + i * Math.log(p) + (n - i) * Math.log1p(-p));
  return Math.min(1, s);
}

/** The least n with P(Binomial(n, p) >= k) >= c, by walking n upward from k. */
export function naiveLeastTrials(k: number, p: number, c: number): number {
  for (let n = k; ; n++) if (naiveAtLeast(n, p, k) >= c) return n;
}
