/**
 * Measuring helpers for the benchmark. No timed assertions live here: these functions
 * only collect numbers; bench/run.ts compares them with the targets.
 *
 * Machines here are noisy (2 shared cores), so every figure is a ratio against a baseline
 * measured in the same process, with the two interleaved: round i runs baseline then
 * subject, round i+1 subject then baseline (AB BA AB ...), so a slow drift of the machine
 * hits both equally. Medians, not means, after a warm-up.
 */

/** Nanoseconds since an arbitrary origin, as a float. */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/**
 * CPU time of this process (user + system, all its threads) in nanoseconds, microsecond
 * resolution. On a shared machine the wall clock also counts the time other processes
 * held the core; CPU time does not, so per-call figures use it (wall time is reported too).
 */
export function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

export type Clock = 'cpu' | 'wall';

export function clockNs(clock: Clock): number {
  return clock === 'cpu' ? cpuNs() : nowNs();
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The q-quantile (0..1) by linear interpolation. */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** The results of an interleaved comparison; times in the unit the trials returned. */
export interface Comparison {
  baseline: number[];
  subject: number[];
  medianBaseline: number;
  medianSubject: number;
  /** median(subject) / median(baseline). */
  ratio: number;
  /** The median of the per-round ratios subject/baseline (paired; robust to drift). */
  pairedRatio: number;
  /** The spread of the per-round ratios: [25th, 75th percentile]. */
  ratioIqr: [number, number];
}

export function summarize(baseline: number[], subject: number[]): Comparison {
  const pairs = baseline.map((b, i) => subject[i] / b).filter((r) => Number.isFinite(r));
  const medianBaseline = median(baseline);
  const medianSubject = median(subject);
  return {
    baseline,
    subject,
    medianBaseline,
    medianSubject,
    ratio: medianSubject / medianBaseline,
    pairedRatio: median(pairs),
    ratioIqr: [quantile(pairs, 0.25), quantile(pairs, 0.75)],
  };
}

/** One trial: does the work once and returns how long the measured part took. */
export type Trial = () => number | Promise<number>;

export interface InterleaveOptions {
  /** Trials of each side to run and discard first (JIT warm-up, caches). */
  warmup?: number;
  /** Measured trials of each side. */
  rounds: number;
}

/**
 * Run baseline and subject trials interleaved (AB, BA, AB, ...) after a warm-up, and
 * summarize. Each trial measures itself (so it can leave its own set-up out).
 */
export async function interleave(baseline: Trial, subject: Trial, opts: InterleaveOptions): Promise<Comparison> {
  for (let i = 0; i < (opts.warmup ?? 1); i++) {
    await baseline();
    await subject();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < opts.rounds; i++) {
    if (i % 2 === 0) {
      a.push(await baseline());
      b.push(await subject());
    } else {
      b.push(await subject());
      a.push(await baseline());
    }
  }
  return summarize(a, b);
}

/** A loop body: runs `n` calls and returns something derived from the results (a sink, so the work cannot be dropped). */
export type Batch = (n: number) => number;

/** Repeats: how many calls make one batch last about `targetMs` (at least 1). */
export function calibrate(batch: Batch, targetMs: number): number {
  let n = 1;
  for (;;) {
    const t0 = nowNs();
    batch(n);
    const ms = (nowNs() - t0) / 1e6;
    if (ms >= targetMs / 4 || n >= 1 << 30) return Math.max(1, Math.round((n * targetMs) / Math.max(ms, 1e-3)));
    n *= 4;
  }
}

let sinkValue = 0;
/** Keep a value alive so the optimizer cannot drop the work that made it. */
export function sink(v: number): void {
  sinkValue = (sinkValue + v) % 1e9;
}
export function sinkRead(): number {
  return sinkValue;
}

export interface PerCallOptions {
  /** Milliseconds one batch should last (default 20). */
  batchMs?: number;
  /** Measured batches of each side (default 25). */
  rounds?: number;
  /** Milliseconds of warm-up for each side before calibrating (default 300). */
  warmupMs?: number;
  /** Which clock times a batch (default 'cpu'). */
  clock?: Clock;
}

/**
 * Nanoseconds per call of two loop bodies, interleaved. Both are calibrated on the
 * baseline so that both sides run the same number of calls per batch.
 */
export async function perCall(
  baseline: Batch,
  subject: Batch,
  opts: PerCallOptions = {},
): Promise<Comparison & { callsPerBatch: number }> {
  const batchMs = opts.batchMs ?? 20;
  const warmupMs = opts.warmupMs ?? 300;
  const warm = (f: Batch) => {
    const end = nowNs() + warmupMs * 1e6;
    while (nowNs() < end) sink(f(1000));
  };
  warm(baseline);
  warm(subject);
  // Calibrate on the slower side so a batch is never too short to time.
  const n = Math.min(calibrate(baseline, batchMs), calibrate(subject, batchMs));
  const clock = opts.clock ?? 'cpu';
  const time =
    (f: Batch): Trial =>
    () => {
      const t0 = clockNs(clock);
      sink(f(n));
      return (clockNs(clock) - t0) / n;
    };
  const c = await interleave(time(baseline), time(subject), { rounds: opts.rounds ?? 25, warmup: 1 });
  return { ...c, callsPerBatch: n };
}

/** Milliseconds taken by f (sync or async), and its result. */
export async function timeMs<T>(f: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = nowNs();
  const value = await f();
  return { ms: (nowNs() - t0) / 1e6, value };
}

/** "1.23 µs", "45.6 ms", from nanoseconds. */
export function fmtNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns < 1e3) return `${ns.toPrecision(3)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

export function fmtMs(ms: number): string {
  return fmtNs(ms * 1e6);
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return String(r);
  if (r < 0.1) return `${r.toPrecision(2)}x`;
  return `${r < 10 ? r.toFixed(2) : r.toFixed(1)}x`;
}
