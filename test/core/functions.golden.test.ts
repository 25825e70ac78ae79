import { callFunction, ceilWhole, funnelVolumes, isRoiError, requiredLeads, type Result } from '../../src/core';
import { naiveAtLeast, naiveLeastTrials } from '../helpers/naive';

const row = (...xs: number[]) => [xs];
const val = (r: Result) => {
  if (isRoiError(r)) throw new Error(`unexpected ${r.code}: ${r.message}`);
  return r;
};

describe('the spec examples', () => {
  test.each([
    ['REVENUEGAP', [10000000, 0.2, 0.1], 3000000],
    ['REQUIREDLEADS', [3000000, 50000, row(0.5, 0.4, 0.25)], 1200],
    ['REQUIREDLEADS', [50000, 5000, row(0.9, 0.45)], 25],
    ['REQUIREDLEADS', [10, 1, row(0.01, 0.2777777777777778)], 3600],
    ['REQUIREDOPPS', [3000000, 50000, 0.25, 12, 0.6], 12],
    ['LEADQUALITY', [2300, 23], 0.01],
    ['LTV', [1000, 0.8, 0.02], 40000],
    ['PAYBACK', [20000, 1000, 0.8], 25],
    ['CUSTOMERPROFIT', [120000, 0.6, 50000, 30000], -8000],
    ['MARGINLEVER', [0.2, 0.02], 0.1],
  ] as const)('%s(%j) = %d', (id, args, expected) => {
    expect(val(callFunction(id, args as never))).toBeCloseTo(expected, 9);
  });

  test('LEADQUALITY(10, 3, 95%) is the Wilson lower bound 0.12687658...', () => {
    expect(callFunction('LEADQUALITY', [10, 3, 0.95])).toBeCloseTo(0.12687658, 8);
  });

  test('PAYBACK with 2% churn is 34.3096184915...', () => {
    expect(callFunction('PAYBACK', [20000, 1000, 0.8, 0.02])).toBeCloseTo(34.3096184915, 9);
  });

  test('FUNNEL spills the whole funnel, top first, deals last', () => {
    expect(callFunction('FUNNEL', [3000000, 50000, row(0.5, 0.4, 0.25)])).toEqual([[1200], [600], [240], [60]]);
  });

  test('FUNNEL with stage names spills two columns', () => {
    expect(
      callFunction('FUNNEL', [3000000, 50000, row(0.5, 0.4, 0.25), [['Leads'], ['SAL'], ['SQO'], ['Won']]]),
    ).toEqual([
      ['Leads', 1200],
      ['SAL', 600],
      ['SQO', 240],
      ['Won', 60],
    ]);
  });

  test('FUNNEL rounds each stage once from the deal count (50000, 5000, {0.9,0.45})', () => {
    expect(callFunction('FUNNEL', [50000, 5000, row(0.9, 0.45)])).toEqual([[25], [23], [10]]);
  });

  test('FUNNEL of visitors: 10 sales, 36 opt-ins, 3600 visitors', () => {
    expect(callFunction('FUNNEL', [10, 1, row(0.01, 0.2777777777777778)])).toEqual([[3600], [36], [10]]);
  });

  test('SENSITIVITY: five more points of close rate save the most', () => {
    const r = callFunction('SENSITIVITY', [3000000, 50000, row(0.5, 0.4, 0.25), 0.05]) as number[][];
    expect(r.map((x) => x[0])).toEqual([1091, 1067, 1000]);
    expect(r[0][1]).toBeCloseTo(-0.0908333333, 9);
    expect(r[1][1]).toBeCloseTo(-0.1108333333, 9);
    expect(r[2][1]).toBeCloseTo(-0.1666666667, 9);
  });

  test('REQUIREDLEADS is elementwise over monthly targets', () => {
    expect(callFunction('REQUIREDLEADS', [[[1000000, 2000000, 0]], 50000, row(0.5, 0.25)])).toEqual([[160, 320, 0]]);
  });

  test('REQUIREDDEALS rounds part of a deal up to a whole deal', () => {
    expect(callFunction('REQUIREDDEALS', [3010000, 50000])).toBe(61);
    expect(callFunction('REQUIREDDEALS', [0, 50000])).toBe(0);
  });
});

describe('published worked examples', () => {
  // Sales velocity (Salesforce / HubSpot definition): 240 opps x 25% x $50k / 3 months.
  test('VELOCITY = opportunities x win rate x deal value / cycle', () => {
    expect(callFunction('VELOCITY', [240, 0.25, 50000, 3])).toBe(1000000);
    expect(callFunction('VELOCITY', [100, 0.2, 10000, 90])).toBeCloseTo(2222.2222222, 6);
  });
  // ROMI on gross margin: $500k revenue at 60% margin for $100k spend = 200%.
  test('ROMI on margin', () => {
    expect(callFunction('ROMI', [500000, 0.6, 100000])).toBeCloseTo(2, 12);
    expect(callFunction('ROMI', [100000, 0.5, 100000])).toBeCloseTo(-0.5, 12);
  });
  // SaaS LTV: ARPA $500/month at 75% margin with 3% monthly churn = $12,500.
  test('SaaS LTV = ARPA x margin / churn', () => {
    expect(callFunction('LTV', [500, 0.75, 0.03])).toBeCloseTo(12500, 8);
  });
  // CAC payback months = CAC / (ARPA x margin): $6,000 / ($500 x 80%) = 15 months.
  test('CAC payback months without churn', () => {
    expect(callFunction('PAYBACK', [6000, 500, 0.8])).toBeCloseTo(15, 12);
  });
  test('CAC = cost / customers', () => {
    expect(callFunction('CAC', [600000, 30])).toBe(20000);
  });
  test('the trade show with 2,300 prize-draw leads vs the webinar with 200', () => {
    const show = callFunction('LEADQUALITY', [2300, 23, 0.9]) as number;
    const webinar = callFunction('LEADQUALITY', [200, 40, 0.9]) as number;
    expect(webinar).toBeGreaterThan(show);
  });
  test('3 of 10 does not outrank 300 of 1,000 at 95%', () => {
    expect(callFunction('LEADQUALITY', [10, 3, 0.95])).toBeLessThan(
      callFunction('LEADQUALITY', [1000, 300, 0.95]) as number,
    );
  });
  test('a 20% EBITDA margin: 2 points of margin = 10% more revenue', () => {
    expect(callFunction('MARGINLEVER', [0.2, 0.02])).toBeCloseTo(0.1, 12);
    expect(callFunction('MARGINLEVER', [0.2, -0.02])).toBeCloseTo(-0.1, 12);
  });
});

describe('rounding', () => {
  test('ceilWhole forgives floating-point noise', () => {
    expect(ceilWhole(36.000000000000004)).toBe(36);
    expect(ceilWhole(36.0001)).toBe(37);
    expect(ceilWhole(0)).toBe(0);
    expect(Object.is(ceilWhole(-0.0000000001), -0)).toBe(false);
    expect(ceilWhole(24.69)).toBe(25);
  });
  test('ceilWhole never rounds an exact whole number down, however large (found by fast-check)', () => {
    expect(ceilWhole(999999941)).toBe(999999941);
    expect(ceilWhole(2e9)).toBe(2e9);
    expect(ceilWhole(1e15)).toBe(1e15);
    expect(ceilWhole(999999941.0000001)).toBe(999999941);
    expect(callFunction('FUNNEL', [999999941.0000001, 1, [[1]]])).toEqual([[999999941], [999999941]]);
  });
  test('rounding does not compound from stage to stage', () => {
    // 10 deals at 0.45 then 0.9: 22.2 -> 23 qualified, but leads = ceil(10/0.405) = 25, not ceil(23/0.9) = 26.
    expect(funnelVolumes(10, [0.9, 0.45])).toEqual([25, 23, 10]);
  });
  test('a funnel with rates of 1 needs exactly the deals', () => {
    expect(requiredLeads(3000000, 50000, [1, 1, 1])).toBe(60);
  });
});

describe('the probability mode against a naive binomial sum', () => {
  test.each([
    [10, 0.05, 0.9],
    [60, 0.05, 0.9],
    [60, 0.05, 0.5],
    [1, 0.3, 0.95],
    [25, 0.2, 0.99],
    [5, 0.5, 0.1],
  ])('least N for %d deals at p=%d, c=%d equals the naive walk', (deals, p, c) => {
    expect(requiredLeads(deals, 1, [p], c)).toBe(naiveLeastTrials(deals, p, c));
  });

  test.each([
    [1200, 0.05, 60],
    [1000, 0.05, 60],
    [500, 0.1, 40],
    [3, 0.5, 2],
    [20000, 0.003, 70],
  ])('HITPROBABILITY(%d leads, p=%d, %d deals) matches the naive sum to 1e-9', (n, p, deals) => {
    const hit = callFunction('HITPROBABILITY', [n, deals, 1, [[p]]]) as number;
    expect(Math.abs(hit - naiveAtLeast(n, p, deals))).toBeLessThan(1e-9);
  });

  test('REQUIREDLEADS at 90% for the spec funnel', () => {
    expect(callFunction('REQUIREDLEADS', [3000000, 50000, row(0.5, 0.4, 0.25), 0.9])).toBe(
      naiveLeastTrials(60, 0.05, 0.9),
    );
  });

  test('HITPROBABILITY floors a fractional planned volume', () => {
    expect(callFunction('HITPROBABILITY', [1200.9, 3000000, 50000, row(0.5, 0.4, 0.25)])).toBe(
      callFunction('HITPROBABILITY', [1200, 3000000, 50000, row(0.5, 0.4, 0.25)]),
    );
  });

  test('HITPROBABILITY: a rate of 0 gives 0, no deal needed gives 1, too few leads gives 0', () => {
    expect(callFunction('HITPROBABILITY', [1200, 3000000, 50000, row(0.5, 0, 0.25)])).toBe(0);
    expect(callFunction('HITPROBABILITY', [1200, 0, 50000, row(0.5, 0.4, 0.25)])).toBe(1);
    expect(callFunction('HITPROBABILITY', [59, 3000000, 50000, row(0.5, 0.4, 0.25)])).toBe(0);
    expect(callFunction('HITPROBABILITY', [60, 3000000, 50000, row(1, 1, 1)])).toBe(1);
  });

  test('large N: 10^8 leads, exact against the symmetric identity and monotone', () => {
    const p = 0.01;
    const deals = 1_000_000;
    const n = requiredLeads(deals, 1, [p], 0.9) as number;
    expect(n).toBeGreaterThan(1e8);
    const at = (m: number) => callFunction('HITPROBABILITY', [m, deals, 1, [[p]]]) as number;
    expect(at(n)).toBeGreaterThanOrEqual(0.9);
    expect(at(n - 1)).toBeLessThan(0.9);
    // Normal approximation sanity check: within 0.5% of mean + z*sd.
    const approx = deals / p + 1.2815515655446004 * (Math.sqrt(deals * (1 - p)) / p);
    expect(Math.abs(n - approx) / approx).toBeLessThan(0.005);
  });
});
