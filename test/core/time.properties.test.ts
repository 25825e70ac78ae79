/**
 * Properties of the Time kernels (fast-check): FUNNELPLAN agrees with FUNNEL when nothing
 * lags and with the spec's per-period recurrence when lags are fractional, a plan run
 * forward never falls behind its own deals, forecasts conserve volume, PIPELINEHIT matches
 * HITPROBABILITY and a brute-force convolution and is monotone, and no input makes a kernel
 * throw or return NaN, Infinity or -0.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isRoiError, type RoiError } from '../../src/core/errors';
import { funnelVolumes, hitProbability, requiredDeals } from '../../src/core/funnel';
import { ceilWhole } from '../../src/core/numeric';
import {
  binomialSumAtLeast,
  funnelForecast,
  funnelPlan,
  pipelineHit,
  type BinomialTerm,
  type ConvolutionMethod,
} from '../../src/core/time';
import { assertAbove, assertAtLeast, assertAtMost, assertBelow } from '../helpers/cheap-asserts';

const cfg = { numRuns: 200 };
const rate = fc.double({ min: 0.001, max: 1, noNaN: true });
const rates = fc.array(rate, { minLength: 1, maxLength: 5 });
const money = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e7, noNaN: true }));
const targets = fc.array(money, { minLength: 1, maxLength: 24 });
const dealValue = fc.double({ min: 1, max: 1e6, noNaN: true });
const wholeLag = fc.integer({ min: 0, max: 6 });
const anyLag = fc.oneof(wholeLag, fc.double({ min: 0, max: 6, noNaN: true }));

function ok<T>(v: T | RoiError): T {
  if (isRoiError(v)) throw new Error(`unexpected ${v.code}: ${v.message}`);
  return v;
}

/** rates and lags of the same length. */
const ratesAndLags = (lag: fc.Arbitrary<number>) =>
  rates.chain((rs) => fc.tuple(fc.constant(rs), fc.array(lag, { minLength: rs.length, maxLength: rs.length })));

describe('FUNNELPLAN', () => {
  test('with every lag 0, "before" is 0 and each running total is FUNNEL for the running target', () => {
    fc.assert(
      fc.property(targets, dealValue, rates, (ts, v, rs) => {
        const plan = funnelPlan(
          ts,
          v,
          rs,
          rs.map(() => 0),
        );
        let cum = 0;
        const running = rs.map(() => 0).concat(0);
        if (isRoiError(plan)) {
          // Only when FUNNEL's own numbers go past 2^53.
          assert.equal(plan.code, '#NUM!');
          const total = ts.reduce((a, b) => a + b, 0);
          const top = ok(funnelVolumes(ok(requiredDeals(total, v)), rs))[0];
          assertAbove(top, 2 ** 53, 'the top of FUNNEL for the whole target');
          return;
        }
        plan.forEach((row, i) => assert.equal(row[0], 0, `stage ${i + 1}: "before" is ${row[0]}, not 0`));
        for (let t = 1; t <= ts.length; t++) {
          cum += ts[t - 1];
          const funnel = ok(funnelVolumes(ok(requiredDeals(cum, v)), rs));
          for (let i = 0; i < plan.length; i++) {
            running[i] += plan[i][t];
            assert.equal(
              running[i],
              funnel[i],
              `stage ${i + 1}, period ${t}: ${running[i]} to date, FUNNEL ${funnel[i]}`,
            );
          }
        }
      }),
      cfg,
    );
  });

  test("matches the spec's per-period recurrence (fractional lags, extension, growth) run over a longer horizon", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 100, max: 1e5, noNaN: true }),
        ratesAndLags(anyLag),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (ts, v, [rs, lags], g) => {
          const plan = ok(funnelPlan(ts, v, rs, lags, g));
          const ref = naivePlan(ts, v, rs, lags, g);
          for (let i = 0; i < plan.length; i++) {
            let cum = 0;
            for (let t = 0; t <= ts.length; t++) {
              cum += plan[i][t];
              const x = ref[i][t]; // the unrounded cumulative need
              assertAtLeast(cum, ceilWhole(x * (1 - 1e-12) - 1e-12), `stage ${i + 1}, t ${t}, need ${x}`);
              assertAtMost(cum, ceilWhole(x * (1 + 1e-12) + 1e-12), `stage ${i + 1}, t ${t}, need ${x}`);
            }
          }
        },
      ),
      cfg,
    );
  });

  test('run forward from its top row (whole lags), the plan never falls behind its cumulative deals', () => {
    fc.assert(
      fc.property(targets, dealValue, ratesAndLags(wholeLag), (ts, v, [rs, lags]) => {
        const plan = funnelPlan(ts, v, rs, lags);
        if (isRoiError(plan)) return; // past 2^53 (tested above)
        const reach = lags.reduce((a, b) => a + b, 0);
        // In time: "before" enters at the earliest period the plan reaches back to, 1 - reach.
        const top = plan[0];
        const input = reach === 0 ? top.slice(1) : [top[0], ...Array(reach - 1).fill(0), ...top.slice(1)];
        if (reach === 0) assert.equal(top[0], 0, '"before" with no lag');
        const forecast = ok(funnelForecast(input, rs, lags));
        const deals = forecast[forecast.length - 1];
        const offset = reach; // the index of period 1 in the forecast
        let expected = 0;
        let planned = 0;
        for (let u = 0; u < offset; u++) expected += deals[u];
        for (let t = 1; t <= ts.length; t++) {
          expected += deals[offset + t - 1];
          planned += plan[plan.length - 1][t];
          assertAtLeast(
            expected,
            planned * (1 - 1e-9) - 1e-9,
            `deals expected by period ${t}, against planned ${planned}`,
          );
        }
      }),
      cfg,
    );
  });

  test('every value is a whole number >= 0', () => {
    fc.assert(
      fc.property(targets, dealValue, ratesAndLags(anyLag), (ts, v, [rs, lags]) => {
        const plan = funnelPlan(ts, v, rs, lags);
        if (isRoiError(plan)) return;
        for (const row of plan)
          for (const x of row)
            assert.ok(Number.isInteger(x) && x >= 0 && !Object.is(x, -0), `${Object.is(x, -0) ? '-0' : x} in ${row}`);
      }),
      cfg,
    );
  });
});

describe('FUNNELFORECAST', () => {
  test("conserves volume: each row's total, with 'after', is the top total times the rates above it", () => {
    fc.assert(
      fc.property(fc.array(money, { minLength: 1, maxLength: 24 }), ratesAndLags(anyLag), (top, [rs, lags]) => {
        const f = ok(funnelForecast(top, rs, lags));
        const total = top.reduce((a, b) => a + b, 0);
        let scale = 1;
        for (let i = 0; i < f.length; i++) {
          if (i > 0) scale *= rs[i - 1];
          const rowTotal = f[i].reduce((a, b) => a + b, 0);
          assertAtMost(
            Math.abs(rowTotal - total * scale),
            1e-12 * total * scale + 1e-300,
            `row ${i}: total ${rowTotal}, expected ${total * scale}`,
          );
        }
      }),
      cfg,
    );
  });
});

/** P(S >= need) for S the sum of all the Bernoulli trials, one at a time (O(items^2)). */
function bruteForce(need: number, terms: readonly BinomialTerm[]): number {
  let pmf = [1];
  for (const { n, p } of terms) {
    for (let k = 0; k < n; k++) {
      const next = new Array(pmf.length + 1).fill(0);
      for (let x = 0; x < pmf.length; x++) {
        next[x] += pmf[x] * (1 - p);
        next[x + 1] += pmf[x] * p;
      }
      pmf = next;
    }
  }
  let upper = 0;
  for (let x = need; x < pmf.length; x++) upper += pmf[x];
  return upper;
}

const productFrom = (rs: readonly number[], i: number) => rs.slice(i).reduce((a, b) => a * b, 1);

describe('PIPELINEHIT', () => {
  test('equals HITPROBABILITY when one stage holds the open items', () => {
    fc.assert(
      fc.property(
        rates,
        fc.nat(),
        fc.integer({ min: 0, max: 100000 }),
        fc.integer({ min: 0, max: 2000 }),
        (rs, at, count, deals) => {
          const i = at % rs.length;
          const counts = rs.map((_, j) => (j === i ? count : 0));
          assert.equal(pipelineHit(deals, counts, rs), hitProbability(count, deals, 1, rs.slice(i)));
        },
      ),
      cfg,
    );
  });

  const smallPipeline = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: 1,
      maxLength: 4,
    })
    .map((xs) => ({ counts: xs.map((x) => x[0]), rates: xs.map((x) => x[1]) }));

  test('matches a brute-force convolution to 1e-12, every method within its own bound', () => {
    fc.assert(
      fc.property(smallPipeline, fc.integer({ min: 0, max: 120 }), ({ counts, rates: rs }, need) => {
        const terms = counts.map((n, i) => ({ n, p: productFrom(rs, i) }));
        const exact = bruteForce(need, terms);
        assertBelow(Math.abs(ok(pipelineHit(need, counts, rs)) - exact), 1e-12, `PIPELINEHIT, exact ${exact}`);
        for (const method of ['direct', 'fft'] as ConvolutionMethod[]) {
          const r = binomialSumAtLeast(need, terms, method)!;
          assertBelow(Math.abs(r.probability - exact), 1e-12, `${method}, exact ${exact}`);
          assertAtMost(Math.abs(r.probability - exact), r.errorBound + 1e-14, `${method}'s own bound, exact ${exact}`);
        }
      }),
      cfg,
    );
  });

  test('matches brute force on larger pipelines near their mean (where the answer is uncertain)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 50, max: 600 }), fc.double({ min: 0.02, max: 0.98, noNaN: true })), {
          minLength: 2,
          maxLength: 4,
        }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (xs, z) => {
          const terms = xs.map(([n, p]) => ({ n, p }));
          const mean = terms.reduce((a, t) => a + t.n * t.p, 0);
          const sd = Math.sqrt(terms.reduce((a, t) => a + t.n * t.p * (1 - t.p), 0));
          const need = Math.max(0, Math.round(mean + z * sd));
          const exact = bruteForce(need, terms);
          for (const method of ['auto', 'direct', 'fft'] as ConvolutionMethod[]) {
            const r = binomialSumAtLeast(need, terms, method)!;
            assertBelow(Math.abs(r.probability - exact), 1e-12, `${method}, exact ${exact}`);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('is monotone: non-decreasing in every count, non-increasing in deals_needed', () => {
    const slack = 1e-12; // different exact methods may differ in the last digits
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 0, max: 2000 }),
        fc.nat(),
        fc.integer({ min: 1, max: 500 }),
        (xs, need, at, more) => {
          const counts = xs.map((x) => x[0]);
          const rs = xs.map((x) => x[1]);
          const base = ok(pipelineHit(need, counts, rs));
          const bumped = counts.slice();
          bumped[at % counts.length] += more;
          assertAtLeast(ok(pipelineHit(need, bumped, rs)), base - slack, 'with a count raised');
          assertAtMost(ok(pipelineHit(need + 1, counts, rs)), base + slack, 'with a deal more needed');
          assertAtLeast(base, 0);
          assertAtMost(base, 1);
        },
      ),
      cfg,
    );
  });
});

describe('no input makes a kernel throw or return NaN, Infinity or -0', () => {
  const anyNumber = fc.oneof(
    fc.double(), // NaN, +-Infinity, -0, huge and tiny
    fc.integer({ min: -5, max: 1000 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom(0, -0, 1, 1000, 1000.5, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE),
  );
  const list = fc.array(anyNumber, { minLength: 0, maxLength: 6 });

  function clean(r: unknown, rows?: number, cols?: number) {
    if (isRoiError(r)) {
      assertAbove(r.message.length, 0, `the message of ${r.code}`);
      return;
    }
    const cells = Array.isArray(r) ? r.flat() : [r];
    for (const c of cells) {
      assert.equal(typeof c, 'number', `a cell is ${String(c)}`);
      assert.ok(Number.isFinite(c), `a cell is ${c}`);
      assert.ok(!Object.is(c, -0), 'a cell is -0');
    }
    if (Array.isArray(r)) {
      assert.equal(r.length, rows, `${r.length} rows, not ${rows}`);
      for (const row of r) assert.equal(row.length, cols, `a row of ${row.length} columns, not ${cols}`);
    }
  }

  test('FUNNELPLAN', () => {
    fc.assert(
      fc.property(list, anyNumber, list, list, fc.option(anyNumber, { nil: undefined }), (ts, v, rs, lags, g) => {
        clean(funnelPlan(ts, v, rs, lags, g), rs.length + 1, ts.length + 1);
      }),
      { numRuns: 500 },
    );
  });

  test('FUNNELFORECAST', () => {
    fc.assert(
      fc.property(list, list, list, (top, rs, lags) => {
        clean(funnelForecast(top, rs, lags), rs.length + 1, top.length + 1);
      }),
      { numRuns: 500 },
    );
  });

  test('PIPELINEHIT', () => {
    fc.assert(
      fc.property(anyNumber, list, list, (d, counts, rs) => {
        const r = pipelineHit(d, counts, rs);
        clean(r);
        if (!isRoiError(r)) {
          assertAtLeast(r, 0);
          assertAtMost(r, 1);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * The spec's FUNNELPLAN formulas, written out per period and stage by stage (flows, with a
 * division by r(i) at each stage), over a horizon longer than the kernel's by 5 periods at
 * each end. Returns each stage's unrounded cumulative need at t = 0..n.
 */
function naivePlan(ts: number[], v: number, rs: number[], lags: number[], g: number): number[][] {
  const n = ts.length;
  const k = rs.length;
  const far = lags.reduce((a, L) => a + Math.ceil(L), 0) + 5;
  const lo = -far; // times lo..hi
  const hi = n + far;
  const at = (t: number) => t - lo;
  const target = (t: number) => {
    if (t < 1) return 0;
    if (t <= n) return ts[t - 1];
    const j = t - n;
    return ts[(j - 1) % n] * (1 + g) ** (Math.floor((j - 1) / n) + 1);
  };
  const D: number[] = [];
  let cum = 0;
  for (let t = lo; t <= hi; t++) {
    cum += target(t);
    D.push(t < 1 || cum === 0 ? 0 : ceilWhole(cum / v));
  }
  let flow = D.map((d, i) => (i === 0 ? d : d - D[i - 1]));
  const out: number[][] = [];
  const cumulative = (f: number[]) => {
    const c: number[] = [];
    let s = 0;
    for (let t = lo; t <= n; t++) {
      s += f[at(t)];
      if (t >= 0) c.push(s);
    }
    return c;
  };
  out[k] = cumulative(flow);
  for (let i = k - 1; i >= 0; i--) {
    const l = Math.floor(lags[i]);
    const f = lags[i] - l;
    const next = flow.map((_, idx) => {
      const a = idx + l < flow.length ? flow[idx + l] : 0;
      const b = idx + l + 1 < flow.length ? flow[idx + l + 1] : 0;
      return ((1 - f) * a + f * b) / rs[i];
    });
    flow = next;
    out[i] = cumulative(flow);
  }
  return out;
}
