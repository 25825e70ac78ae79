/**
 * The Time kernels (FUNNELPLAN, FUNNELFORECAST, PIPELINEHIT): the spec's worked examples,
 * cases checked by hand (fractional lags, cyclic extension with growth, zero targets),
 * and every error the kernels return, with its code and message.
 */
import { RoiError, isRoiError, msg } from '../../src/core/errors';
import { MAX_EXACT_COUNT } from '../../src/core/numeric';
import {
  MAX_CELLS,
  MAX_LAG,
  MAX_SPAN,
  MAX_STAGES,
  binomialSumAtLeast,
  funnelForecast,
  funnelPlan,
  pipelineHit,
} from '../../src/core/time';

function ok<T>(v: T | RoiError): T {
  if (isRoiError(v)) throw new Error(`unexpected ${v.code}: ${v.message}`);
  return v;
}

function err(v: unknown, code: string, message: string) {
  expect(isRoiError(v)).toBe(true);
  expect(v).toEqual(new RoiError(code as RoiError['code'], message));
}

describe('FUNNELPLAN', () => {
  test('the spec example: twelve months of 250,000, deal 50,000, rates {0.5,0.4,0.25}, lags {1,1,2}', () => {
    const plan = ok(funnelPlan(Array(12).fill(250000), 50000, [0.5, 0.4, 0.25], [1, 1, 2]));
    expect(plan).toEqual([
      [400, ...Array(12).fill(100)],
      [150, ...Array(12).fill(50)],
      [40, ...Array(12).fill(20)],
      [0, ...Array(12).fill(5)],
    ]);
  });

  test('a fractional lag splits: half a period means half the volume one period earlier', () => {
    // D(t) = t; leads C(t) = (0.5 D(t) + 0.5 D(t+1)) / 0.5 = 2t + 1: 1 before, then 2 a period.
    expect(ok(funnelPlan([100, 100, 100], 100, [0.5], [0.5]))).toEqual([
      [1, 2, 2, 2],
      [0, 1, 1, 1],
    ]);
  });

  test('rounding is once and cumulative (never per period)', () => {
    // C(t) = (0.75 D(t) + 0.25 D(t+1)) / 0.4 = 2.5t + 0.625 -> V = 1, 4, 6 -> {1, 3, 2}.
    expect(ok(funnelPlan([50000, 50000], 50000, [0.4], [0.25]))).toEqual([
      [1, 3, 2],
      [0, 1, 1],
    ]);
  });

  test('targets repeat cyclically past the horizon, grown once per cycle', () => {
    // n = 2, growth 50%: T(3) = 150, T(4) = 300, T(5) = 100 * 1.5^2 = 225.
    // Cumulative 100, 300, 450, 750, 975 -> D = 1, 3, 5, 8, 10; a lag of 3 reads D(t + 3).
    expect(ok(funnelPlan([100, 200], 100, [1], [3], 0.5))).toEqual([
      [5, 3, 2],
      [0, 1, 2],
    ]);
    // Without growth: 100, 300, 400, 600, 700 -> D(3..5) = 4, 6, 7.
    expect(ok(funnelPlan([100, 200], 100, [1], [3]))).toEqual([
      [4, 2, 1],
      [0, 1, 2],
    ]);
  });

  test('extend_growth -1: nothing to close after the horizon', () => {
    expect(ok(funnelPlan([100], 100, [1], [2], -1))).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  test('a zero target adds no deal, and the cumulative count may already cover it', () => {
    // D = ceil(0.6) = 1, 1, ceil(1.2) = 2.
    expect(ok(funnelPlan([30000, 0, 30000], 50000, [0.5], [0]))).toEqual([
      [0, 2, 0, 2],
      [0, 1, 0, 1],
    ]);
  });

  test('no revenue to close: all zeros, whatever the deal value and the rates', () => {
    expect(ok(funnelPlan([0, 0, 0], 0, [0, 0.5], [1.5, 2]))).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  test('lags longer than the plan pull everything into "before"', () => {
    // D(t) = t up to the horizon 2 + 5 = 7; leads C(t) = D(t + 5) / 0.5.
    expect(ok(funnelPlan([100, 100], 100, [0.5], [5]))).toEqual([
      [10, 2, 2],
      [0, 1, 1],
    ]);
  });

  test('a rate of 0 that volume must pass is #DIV/0!, named as in REQUIREDLEADS', () => {
    err(funnelPlan([100], 100, [0.5, 0], [0, 0]), '#DIV/0!', msg.zeroRate('conversion_rates', 1));
    err(funnelPlan([100], 100, [0, 0.5], [0, 0]), '#DIV/0!', msg.zeroRate('conversion_rates', 0));
  });

  test('average_deal_value 0 with revenue to close is #DIV/0!', () => {
    err(funnelPlan([0, 100], 0, [0.5], [1]), '#DIV/0!', msg.zeroDealValue());
  });

  test('argument errors', () => {
    err(funnelPlan([100], 100, [0.5, 0.5], [1]), '#VALUE!', msg.sameLength('stage_lags', 1, 'conversion_rates', 2));
    err(funnelPlan([100], 100, [], []), '#VALUE!', msg.emptyList('conversion_rates'));
    err(funnelPlan([], 100, [0.5], [1]), '#VALUE!', msg.emptyList('revenue_targets'));
    err(funnelPlan([100], 100, [1.5], [1]), '#NUM!', msg.rate('conversion_rates', 1.5));
    err(funnelPlan([100], 100, [NaN], [1]), '#NUM!', msg.notFinite('conversion_rates'));
    err(funnelPlan([100], 100, [0.5], [-1]), '#NUM!', msg.between('stage_lags', 0, MAX_LAG, -1));
    err(funnelPlan([100], 100, [0.5], [1000.5]), '#NUM!', msg.between('stage_lags', 0, MAX_LAG, 1000.5));
    err(funnelPlan([100], 100, [0.5], [Infinity]), '#NUM!', msg.notFinite('stage_lags'));
    err(funnelPlan([100, -1], 100, [0.5], [1]), '#NUM!', msg.nonNegative('revenue_targets', -1));
    err(funnelPlan([100], -5, [0.5], [1]), '#NUM!', msg.nonNegative('average_deal_value', -5));
    err(funnelPlan([100], NaN, [0.5], [1]), '#NUM!', msg.notFinite('average_deal_value'));
    err(funnelPlan([100], 100, [0.5], [1], -1.5), '#NUM!', msg.atLeast('extend_growth', -1, -1.5));
    err(funnelPlan([100], 100, [0.5], [1], Infinity), '#NUM!', msg.notFinite('extend_growth'));
  });

  test('sizes: stages, and the values worked over', () => {
    const many = Array(MAX_STAGES + 1).fill(0.9);
    err(funnelPlan([100], 100, many, many), '#NUM!', msg.tooManyStages('conversion_rates', MAX_STAGES + 1, MAX_STAGES));
    // 1,000 stages are fine while the work stays small.
    expect(ok(funnelPlan([100], 100, Array(MAX_STAGES).fill(1), Array(MAX_STAGES).fill(0))).length).toBe(
      MAX_STAGES + 1,
    );
    const periods = MAX_CELLS / 2; // 2 rows x (periods + 1) > MAX_CELLS
    err(funnelPlan(Array(periods).fill(1), 1, [1], [0]), '#NUM!', msg.planTooLarge(1, periods, 0, MAX_CELLS));
    // Lags count: 10 stages of 1000 periods each over 12 months.
    const lags = Array(200).fill(MAX_LAG);
    err(
      funnelPlan(Array(12).fill(1), 1, Array(200).fill(1), lags),
      '#NUM!',
      msg.planTooLarge(200, 12, 200 * MAX_LAG, MAX_CELLS),
    );
    // Fractional lags round up in the reach: 0.5 reaches one period.
    err(funnelPlan(Array(periods - 1).fill(1), 1, [1], [0.5]), '#NUM!', msg.planTooLarge(1, periods - 1, 1, MAX_CELLS));
    expect(isRoiError(funnelPlan(Array(periods - 1).fill(1), 1, [1], [0]))).toBe(false);
  });

  test('counts beyond 2^53 are #NUM!, never a rounded or infinite number', () => {
    err(funnelPlan([1e300], 1e-10, [0.5], [0]), '#NUM!', msg.tooLarge('number of deals needed'));
    err(funnelPlan([1e9], 1, [1e-10], [0]), '#NUM!', msg.tooLarge('volume needed at stage 1'));
    // The first stage (from the bottom) past 2^53 is named; the top's product even underflows to 0.
    err(funnelPlan([1], 1, [1e-200, 1e-200], [0, 0]), '#NUM!', msg.tooLarge('volume needed at stage 2'));
    // Growth that overflows past the horizon.
    err(funnelPlan([1], 1, [1], [MAX_LAG], 1e10), '#NUM!', msg.tooLarge('number of deals needed'));
    expect(ok(funnelPlan([MAX_EXACT_COUNT], 1, [1], [0]))).toEqual([
      [0, MAX_EXACT_COUNT],
      [0, MAX_EXACT_COUNT],
    ]);
  });
});

describe('FUNNELFORECAST', () => {
  test('the spec example', () => {
    expect(ok(funnelForecast([100, 100, 100], [0.5, 0.2], [1, 0]))).toEqual([
      [100, 100, 100, 0],
      [0, 50, 50, 50],
      [0, 10, 10, 10],
    ]);
  });

  test('a fractional lag splits the volume between two periods', () => {
    expect(ok(funnelForecast([100, 0, 0], [0.5], [0.5]))).toEqual([
      [100, 0, 0, 0],
      [25, 25, 0, 0],
    ]);
    // Lag 2.5 over three periods: half arrives in period 3, half after.
    expect(ok(funnelForecast([100, 0, 0], [0.5], [2.5]))).toEqual([
      [100, 0, 0, 0],
      [0, 0, 25, 25],
    ]);
  });

  test('a lag beyond the horizon sends everything to "after"; a rate of 0 stops the flow', () => {
    expect(ok(funnelForecast([100, 100], [1, 0, 0.5], [5, 0, 0]))).toEqual([
      [100, 100, 0],
      [0, 0, 200],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  test('errors', () => {
    err(funnelForecast([1], [0.5], [1, 2]), '#VALUE!', msg.sameLength('stage_lags', 2, 'conversion_rates', 1));
    err(funnelForecast([], [0.5], [1]), '#VALUE!', msg.emptyList('top_volumes'));
    err(funnelForecast([1, -2], [0.5], [1]), '#NUM!', msg.nonNegative('top_volumes', -2));
    err(funnelForecast([1], [0.5], [MAX_LAG + 1]), '#NUM!', msg.between('stage_lags', 0, MAX_LAG, MAX_LAG + 1));
    err(funnelForecast([1], [-0.1], [1]), '#NUM!', msg.rate('conversion_rates', -0.1));
    err(funnelForecast([1e308, 1e308], [0.5], [1]), '#NUM!', msg.tooLarge('total of top_volumes'));
    const many = Array(MAX_STAGES + 1).fill(0.5);
    err(funnelForecast([1], many, many), '#NUM!', msg.tooManyStages('conversion_rates', MAX_STAGES + 1, MAX_STAGES));
    const periods = MAX_CELLS / 2;
    err(funnelForecast(Array(periods).fill(1), [1], [0]), '#NUM!', msg.forecastTooLarge(1, periods, MAX_CELLS));
  });
});

describe('PIPELINEHIT', () => {
  test('the spec example: P(Binomial(20, 0.25) >= 5)', () => {
    const p = ok(pipelineHit(5, [0, 20], [0.5, 0.25]));
    // 1 - sum_{x<5} C(20,x) 0.25^x 0.75^(20-x), by hand.
    let lower = 0;
    let c = 1;
    for (let x = 0; x < 5; x++) {
      lower += c * 0.25 ** x * 0.75 ** (20 - x);
      c = (c * (20 - x)) / (x + 1);
    }
    expect(Math.abs(p - (1 - lower))).toBeLessThan(1e-15);
    expect(p).toBeCloseTo(0.5851585, 7);
  });

  test('small cases by hand', () => {
    expect(pipelineHit(0, [0, 0], [0.5, 0.5])).toBe(1);
    // One item at the top (0.25) and one at the bottom (0.5): both close with 0.125.
    expect(ok(pipelineHit(2, [1, 1], [0.5, 0.5]))).toBeCloseTo(0.125, 15);
    // At least one of them: 1 - 0.75 * 0.5.
    expect(ok(pipelineHit(1, [1, 1], [0.5, 0.5]))).toBeCloseTo(0.625, 15);
    // More deals than open items.
    expect(pipelineHit(3, [2, 0], [0.5, 1])).toBe(0);
    // Items past the last rate of 1 are certain deals.
    expect(pipelineHit(2, [0, 2], [0.5, 1])).toBe(1);
    expect(ok(pipelineHit(3, [1, 2], [0.5, 1]))).toBe(0.5);
    // A rate of 0 closes nothing above it: no error (as HITPROBABILITY).
    expect(pipelineHit(1, [10, 0], [0, 0.5])).toBe(0);
  });

  test('10^7 open items compute quickly and exactly (far from the target: 0 or 1)', () => {
    expect(pipelineHit(100000, [1e7, 0, 5000], [0.02, 0.5, 0.5])).toBe(0); // about 52,500 expected
    expect(pipelineHit(100000, [1e7, 0, 5000], [0.2, 0.5, 0.5])).toBe(1); // about 502,500 expected
    expect(pipelineHit(3e6, Array(8).fill(1e7), [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5])).toBe(1);
  });

  test('errors', () => {
    err(pipelineHit(1, [1], [0.5, 0.5]), '#VALUE!', msg.sameLength('open_counts', 1, 'conversion_rates', 2));
    err(pipelineHit(1, [], []), '#VALUE!', msg.emptyList('conversion_rates'));
    err(pipelineHit(2.5, [1], [0.5]), '#NUM!', msg.whole('deals_needed', 0, 2.5));
    err(pipelineHit(-1, [1], [0.5]), '#NUM!', msg.whole('deals_needed', 0, -1));
    err(pipelineHit(NaN, [1], [0.5]), '#NUM!', msg.notFinite('deals_needed'));
    err(pipelineHit(1, [1.5], [0.5]), '#NUM!', msg.whole('open_counts', 0, 1.5));
    err(pipelineHit(1, [2 ** 60], [0.5]), '#NUM!', msg.between('open_counts', 0, MAX_EXACT_COUNT, 2 ** 60));
    err(pipelineHit(1, [1], [2]), '#NUM!', msg.rate('conversion_rates', 2));
    const many = Array(MAX_STAGES + 1).fill(0.5);
    err(pipelineHit(1, many, many), '#NUM!', msg.tooManyStages('conversion_rates', MAX_STAGES + 1, MAX_STAGES));
    // Deals that could spread over more than MAX_SPAN values, with the target in the middle.
    err(pipelineHit(1.35e12, [1e12, 1e12], [0.5, 0.9]), '#NUM!', msg.pipelineTooWide(MAX_SPAN));
    // ... but the same pipeline is priced when the answer is certain either way.
    expect(pipelineHit(1e12, [1e12, 1e12], [0.5, 0.9])).toBe(1);
    expect(pipelineHit(1.5e12, [1e12, 1e12], [0.5, 0.9])).toBe(0);
  });
});

describe('binomialSumAtLeast', () => {
  test('every method agrees, within the bound it reports', () => {
    const terms = [
      { n: 400, p: 0.3 },
      { n: 250, p: 0.05 },
      { n: 90, p: 0.7 },
    ];
    const need = 150;
    const a = binomialSumAtLeast(need, terms, 'direct')!;
    const b = binomialSumAtLeast(need, terms, 'fft')!;
    const c = binomialSumAtLeast(need, terms)!;
    expect(a.errorBound).toBeLessThan(1e-12);
    expect(b.errorBound).toBeLessThan(1e-12);
    expect(Math.abs(a.probability - b.probability)).toBeLessThanOrEqual(a.errorBound + b.errorBound);
    expect(Math.abs(a.probability - c.probability)).toBeLessThanOrEqual(a.errorBound + c.errorBound);
  });

  test('a pipeline needing 10^5 deals over 8 stages: bound far below 1e-9', () => {
    const rates = [0.5, 0.6, 0.7, 0.5, 0.4, 0.5, 0.3, 0.25];
    const terms = rates.map((_, i) => {
      let p = 1;
      for (let j = i; j < rates.length; j++) p *= rates[j];
      return { n: Math.round(100000 / 8 / p), p };
    });
    const r = binomialSumAtLeast(100000, terms)!;
    expect(r.probability).toBeGreaterThan(0.4);
    expect(r.probability).toBeLessThan(0.6);
    expect(r.errorBound).toBeLessThan(1e-11);
  });

  test('one term by convolution equals the incomplete beta', () => {
    const auto = binomialSumAtLeast(520, [{ n: 10000, p: 0.05 }])!;
    const fft = binomialSumAtLeast(520, [{ n: 10000, p: 0.05 }], 'fft')!;
    const direct = binomialSumAtLeast(520, [{ n: 10000, p: 0.05 }], 'direct')!;
    expect(Math.abs(auto.probability - fft.probability)).toBeLessThan(1e-12);
    expect(Math.abs(auto.probability - direct.probability)).toBeLessThan(1e-12);
  });
});
