/**
 * The calibration kernels (STAGERATES, STAGELAGS, PERCENTILE.INC) on hand-made cases whose
 * answers are worked out in the comments, the error table, and fast-check properties.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  defaultMinAges,
  effectiveAsOf,
  latestDate,
  percentileInc,
  stageLags,
  stageRates,
  type StageRateRow,
} from '../../src/core/calibrate';
import { callFunction, isRoiError, wilsonLower, type RoiError } from '../../src/core';
import { assertAtLeast, assertAtMost } from '../helpers/cheap-asserts';

const _ = NaN;

function rows(r: StageRateRow[] | RoiError): StageRateRow[] {
  if (isRoiError(r)) throw new Error(`unexpected ${r.toString()}`);
  return r;
}
function lags(r: Array<number | RoiError> | RoiError): Array<number | RoiError> {
  if (isRoiError(r)) throw new Error(`unexpected ${r.toString()}`);
  return r;
}

describe('percentileInc (Excel PERCENTILE.INC)', () => {
  it("matches Excel's documented example: {1,2,3,4} at 0.3 is 1.9", () => {
    expect(percentileInc([1, 2, 3, 4], 0.3)).toBeCloseTo(1.9, 12);
  });
  it('interpolates between closest ranks, ends are min and max', () => {
    expect(percentileInc([2, 4, 10], 0.9)).toBeCloseTo(8.8, 12); // rank 1.8: 4 + 0.8 * 6
    expect(percentileInc([2, 4, 10], 0.5)).toBe(4);
    expect(percentileInc([2, 4, 10], 0)).toBe(2);
    expect(percentileInc([2, 4, 10], 1)).toBe(10);
    expect(percentileInc([7], 0.37)).toBe(7);
    expect(percentileInc([1, 2], 0.5)).toBe(1.5);
  });
  it('reads only `length` values of a longer buffer', () => {
    expect(percentileInc(new Float64Array([1, 3, 99, 99]), 0.5, 2)).toBe(2);
  });
  it('is NaN for no value (callers check)', () => {
    expect(percentileInc([], 0.5)).toBeNaN();
  });
});

describe('stageRates: the fill rule', () => {
  it('a missing earlier date is the earliest later date present', () => {
    // Stage 2 blank: filled with 9 and 5. as_of = 9. No lag is observed at either
    // transition (stage 2 is never typed), so min_age is 0: counted and converted at both.
    const r = rows(
      stageRates([
        [0, _, 9],
        [1, _, 5],
      ]),
    );
    expect(r.map((x) => x.slice(0, 2))).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });
  it('fills from the earliest of several later dates, and only from later ones', () => {
    // [_, _, 7, 4]: stages 1 and 2 become 4 (the earliest later date), stage 3 keeps 7.
    // [3, _, _, _]: nothing later, so it reached only stage 1.
    const dates = [
      [_, _, 7, 4],
      [3, _, _, _],
    ];
    const r = rows(stageRates(dates, 0.9, undefined, 0));
    expect(r.map((x) => x.slice(0, 2))).toEqual([
      [2, 1], // both entered stage 1; only the first reached stage 2
      [1, 1],
      [1, 1], // entered stage 3 at 7, reached stage 4 (at 4: a negative lag, still converted)
    ]);
  });
});

describe('stageRates: the maturity rule', () => {
  // Lags 2, 4 and 10 observed; D entered 0 days before as_of; E never converted.
  const A = [0, 2];
  const B = [10, 14];
  const C = [20, 30];
  const D = [95, _];
  const E = [50, _];
  const data = [A, B, C, D, E];

  it('by default counts a record only once it is older than the 90th percentile of the lags', () => {
    // as_of = 95 (latest date). min_age = PERCENTILE.INC({2,4,10}, 0.9) = 8.8.
    // Ages 95, 85, 75, 0, 45: D is immature. Counted 4, converted 3.
    expect(defaultMinAges(data)).toEqual([expect.closeTo(8.8, 12)]);
    const [[counted, converted, rate, bound]] = rows(stageRates(data));
    expect([counted, converted]).toEqual([4, 3]);
    expect(rate).toBe(0.75);
    expect(bound).toBe(wilsonLower(3, 4, 0.9));
    // The bound is LEADQUALITY's: the same number as =ROI.LEADQUALITY(4, 3, 90%).
    expect(bound).toBe(callFunction('LEADQUALITY', [4, 3, 0.9]));
  });

  it('min_age 0 counts everyone (the naive rate, lower)', () => {
    const [[counted, converted, rate]] = rows(stageRates(data, 0.9, undefined, 0));
    expect([counted, converted, rate]).toEqual([5, 3, 0.6]);
  });

  it('is inclusive: a record exactly min_age old is counted', () => {
    const [[counted]] = rows(stageRates(data, 0.9, 95, 45)); // E is exactly 45 days old
    expect(counted).toBe(4); // A, B, C, E
    const [[counted2]] = rows(stageRates(data, 0.9, 95, 45.000001));
    expect(counted2).toBe(3);
  });

  it('as_of replays the past: later dates are blank, lags and fill are as of then', () => {
    // as_of 25: C's stage-2 date (30) is blank, D and E do not exist yet.
    // Lags as of 25: {2, 4}: min_age = 2 + 0.9 * 2 = 3.8. Ages 25, 15, 5: all counted.
    expect(defaultMinAges(data, 25)).toEqual([expect.closeTo(3.8, 12)]);
    const [[counted, converted, rate]] = rows(stageRates(data, 0.9, 25));
    expect([counted, converted]).toEqual([3, 2]);
    expect(rate).toBeCloseTo(2 / 3, 15);
  });

  it('as_of replays the fill rule too: a later date after as_of fills nothing', () => {
    // [0, _, 30] as of 20: stage 3 did not exist yet, so stage 2 is not filled.
    const r = rows(stageRates([[0, _, 30]], 0.9, 20, 0));
    expect(r.map((x) => x.slice(0, 2))).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });

  it('an as_of after the latest date is the latest date', () => {
    expect(effectiveAsOf(95, 1000)).toBe(95);
    expect(effectiveAsOf(95, 50)).toBe(50);
    expect(effectiveAsOf(95)).toBe(95);
    expect(effectiveAsOf(undefined, 50)).toBeUndefined();
    expect(stageRates(data, 0.9, 10_000)).toEqual(stageRates(data));
  });

  it('a negative lag: counted by its own stage date, converted, and left out of the lags', () => {
    // F = [60, 40]: the stage-2 date is before the stage-1 date.
    const F = [60, 40];
    expect(defaultMinAges([...data, F])).toEqual(defaultMinAges(data));
    const [[counted, converted]] = rows(stageRates([...data, F]));
    expect([counted, converted]).toEqual([5, 4]);
    expect(lags(stageLags([F]))[0]).toMatchObject({ code: '#N/A' });
  });

  it('nobody converted: the bound is exactly 0; at 50% confidence the bound is the rate', () => {
    // Found by fast-check: the Wilson formula's cancellation gave 0 of 3 a bound of 1.7e-18.
    const r = rows(
      stageRates(
        [
          [0, 0, 0, _],
          [0, 1, 0, _],
          [0, 0, 0, _],
        ],
        0.6145159993186975,
      ),
    );
    expect(r[2].slice(0, 4)).toEqual([3, 0, 0, 0]);
    const half = rows(
      stageRates(
        [
          [0, 1],
          [0, 1],
          [0, 1],
          [0, 1],
          [0, _],
        ],
        0.5,
        undefined,
        0,
      ),
    );
    expect(half[0].slice(2)).toEqual([0.8, 0.8]);
  });

  it('a transition with no observed lag uses min_age 0 (everyone who entered)', () => {
    const r = rows(
      stageRates([
        [0, _],
        [5, _],
        [9, _],
      ]),
    );
    expect(r[0].slice(0, 3)).toEqual([3, 0, 0]);
    expect(r[0][3]).toBe(0);
  });
});

describe('stageRates: nothing counted, errors', () => {
  it('#DIV/0! in rate and bound when nothing is counted, with a reason', () => {
    // Nobody reached stage 2, so nobody can be counted from stage 2 to stage 3.
    const r = rows(stageRates([[1, _, _]]));
    expect(r[0].slice(0, 3)).toEqual([1, 0, 0]);
    expect(r[1][0]).toBe(0);
    expect(r[1][2]).toMatchObject({ code: '#DIV/0!' });
    expect(r[1][3]).toMatchObject({ code: '#DIV/0!' });
    expect((r[1][2] as RoiError).message).toMatch(/stage 2 to stage 3/);
  });
  it('as_of before every date: nothing anywhere, and the message says why', () => {
    const r = rows(stageRates([[10, 12]], 0.9, 5));
    expect(r[0].slice(0, 2)).toEqual([0, 0]);
    expect((r[0][2] as RoiError).message).toMatch(/as_of is before every date/);
  });
  it('a range with no date at all', () => {
    const r = rows(stageRates([[_, _, _]]));
    expect(r).toHaveLength(2);
    expect(r[0][2]).toMatchObject({ code: '#DIV/0!', message: expect.stringMatching(/holds no date/) });
  });
  it('the maturity rule can leave nothing counted: the message names min_age', () => {
    const r = rows(stageRates([[0, 2]], 0.9, 2, 5));
    expect((r[0][2] as RoiError).message).toMatch(/at least 5 days before as_of/);
  });
  it.each([
    [[[1]], 0.9, undefined, undefined, '#VALUE!', /at least two columns/],
    [[], 0.9, undefined, undefined, '#VALUE!', /it has 0/],
    [[[1, 2]], 0, undefined, undefined, '#NUM!', /confidence/],
    [[[1, 2]], 1, undefined, undefined, '#NUM!', /confidence/],
    [[[1, 2]], NaN, undefined, undefined, '#NUM!', /confidence/],
    [[[1, 2]], 0.9, NaN, undefined, '#NUM!', /as_of/],
    [[[1, 2]], 0.9, undefined, -1, '#NUM!', /min_age must be 0 or more/],
    [[[1, 2]], 0.9, undefined, Infinity, '#NUM!', /min_age must be a finite/],
  ])('argument errors %#', (dates, conf, asOf, minAge, code, message) => {
    const r = stageRates(dates as number[][], conf, asOf, minAge);
    expect(r).toMatchObject({ code, message: expect.stringMatching(message) });
  });
});

describe('stageLags', () => {
  const data = [
    [0, 2, _],
    [10, 14, 20],
    [20, 30, _],
    [95, _, 100], // stage 2 filled for rates, but not an observed lag here
  ];
  it('PERCENTILE.INC of lags over both dates present, per transition', () => {
    expect(lags(stageLags(data))).toEqual([4, 6]);
    expect(lags(stageLags(data, 0.9))[0]).toBeCloseTo(8.8, 12);
    expect(lags(stageLags(data, 0.5, 2))[0]).toBe(2);
    expect(lags(stageLags(data, 0.5, 30.4375))[0]).toBeCloseTo(4 / 30.4375, 15);
  });
  it('keeps a time of day as a fraction of a day', () => {
    expect(lags(stageLags([[100.25, 101.75]]))[0]).toBe(1.5);
  });
  it('#N/A in a cell with no lag, the others still computed', () => {
    const r = lags(stageLags([[1, 3, _]]));
    expect(r[0]).toBe(2);
    expect(r[1]).toMatchObject({ code: '#N/A', message: expect.stringMatching(/stage 2 to stage 3/) });
  });
  it.each([
    [0.5, 1, null],
    [-0.1, 1, '#NUM!'],
    [1.1, 1, '#NUM!'],
    [NaN, 1, '#NUM!'],
    [0.5, 0, '#DIV/0!'],
    [0.5, -1, '#NUM!'],
    [0.5, Infinity, '#NUM!'],
  ])('quantile %p, days_per_period %p', (q, d, code) => {
    const r = stageLags(data, q, d);
    if (code === null) expect(isRoiError(r)).toBe(false);
    else expect(r).toMatchObject({ code });
  });
  it('fewer than two columns is #VALUE!', () => {
    expect(stageLags([[1], [2]])).toMatchObject({ code: '#VALUE!' });
  });
  it('latestDate: the default as_of, ignoring blanks and non-finite cells', () => {
    expect(latestDate(data)).toBe(100);
    expect(latestDate([[_, Infinity, 3, -Infinity]])).toBe(3);
    expect(latestDate([[_, _]])).toBeUndefined();
  });
  it('non-finite cells are blank', () => {
    expect(stageLags([[1, Infinity, 4]])).toEqual(stageLags([[1, _, 4]]));
    expect(stageRates([[-Infinity, 2, 4]])).toEqual(stageRates([[_, 2, 4]]));
  });
});

/* ---------- properties ---------- */

// Small ranges of dates (days, with times of day), blanks and the odd non-finite cell.
const cell = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 200 }) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 200, noNaN: true }) },
  { weight: 3, arbitrary: fc.constant(NaN) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity) },
);
const range = fc
  .integer({ min: 2, max: 5 })
  .chain((m) => fc.array(fc.array(cell, { minLength: m, maxLength: m }), { minLength: 0, maxLength: 25 }));

/** The code of an error value, undefined for anything else (what toMatchObject({ code }) reads). */
const codeOf = (x: unknown) => (x as { code?: unknown } | null | undefined)?.code;

function clean(r: StageRateRow[], boundBelowRate = true) {
  r.forEach(([counted, converted, rate, bound], i) => {
    const at = `transition ${i + 1}`;
    assert.ok(
      Number.isInteger(counted) && Number.isInteger(converted),
      `${at}: ${counted} counted, ${converted} converted`,
    );
    assertAtLeast(converted, 0, `${at}, converted`);
    assertAtMost(converted, counted, `${at}, converted against counted`);
    if (counted === 0) {
      assert.equal(codeOf(rate), '#DIV/0!', `${at}, nothing counted: the rate is ${String(rate)}`);
      assert.equal(codeOf(bound), '#DIV/0!', `${at}, nothing counted: the bound is ${String(bound)}`);
    } else {
      const p = rate as number;
      assert.ok(Number.isFinite(p), `${at}: the rate is ${String(p)}`);
      assertAtLeast(p, 0, `${at}, rate`);
      assertAtMost(p, 1, `${at}, rate`);
      if (isRoiError(bound)) {
        assert.equal(bound.code, '#NUM!'); // only for a confidence whose z is infinite
        assert.equal(boundBelowRate, false, `${at}: the bound is ${bound.code} at a confidence of 50% or more`);
        return;
      }
      assert.ok(Number.isFinite(bound), `${at}: the bound is ${bound}`);
      assertAtLeast(bound, 0, `${at}, bound`);
      assertAtMost(bound, 1, `${at}, bound`);
      if (boundBelowRate) assertAtMost(bound, p, `${at}, bound against rate`);
    }
  });
}

describe('properties', () => {
  it('rates in [0, 1], bound <= rate, converted <= counted, never NaN/Infinity/throw', () => {
    fc.assert(
      fc.property(
        range,
        // A lower bound is below the rate from 50% confidence up (LEADQUALITY's too).
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        fc.option(fc.double({ min: -10, max: 250, noNaN: true }), { nil: undefined }),
        fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
        (dates, c, asOf, minAge) => {
          const r = stageRates(dates, c, asOf, minAge);
          if (dates.length === 0) return void assert.equal(codeOf(r), '#VALUE!');
          assert.ok(Array.isArray(r), String(r));
          assert.equal(r.length, dates[0].length - 1);
          clean(r as StageRateRow[]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('any numbers at all, even absurd arguments, give a value or an error, never NaN or a throw', () => {
    fc.assert(
      fc.property(
        range,
        fc.double(),
        fc.option(fc.double(), { nil: undefined }),
        fc.option(fc.double(), { nil: undefined }),
        fc.double(),
        fc.double(),
        (dates, c, asOf, minAge, q, d) => {
          const r = stageRates(dates, c, asOf, minAge);
          if (!isRoiError(r)) clean(r, false);
          const l = stageLags(dates, q, d);
          if (!isRoiError(l)) for (const x of l) if (!isRoiError(x)) assert.ok(Number.isFinite(x), `a lag is ${x}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an as_of after the latest date changes nothing', () => {
    fc.assert(
      fc.property(range, fc.double({ min: 0, max: 1000, noNaN: true }), (dates, extra) => {
        const latest = latestDate(dates);
        fc.pre(latest !== undefined);
        assert.deepEqual(stageRates(dates, 0.9, (latest as number) + extra), stageRates(dates));
        assert.deepEqual(stageRates(dates, 0.9, (latest as number) + extra, 3), stageRates(dates, 0.9, undefined, 3));
      }),
      { numRuns: 300 },
    );
  });

  it('adding an immature record never changes a rate under the default rule', () => {
    fc.assert(
      fc.property(range, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (dates, share) => {
        const asOf = latestDate(dates);
        fc.pre(asOf !== undefined);
        const [age0] = defaultMinAges(dates);
        fc.pre(age0 > 0);
        // Entered stage 1 less than min_age before as_of, nothing later: not yet mature.
        const entered = (asOf as number) - share * age0;
        fc.pre(!((asOf as number) - entered >= age0));
        const record = [entered, ...new Array(dates[0].length - 1).fill(NaN)];
        const before = stageRates(dates);
        const after = stageRates([...dates, record]);
        assert.deepEqual(after, before);
      }),
      { numRuns: 400 },
    );
  });

  it('min_age 0 counts at least as many as the default, and the lags never depend on row order', () => {
    fc.assert(
      fc.property(range, (dates) => {
        fc.pre(dates.length > 0);
        const naive = stageRates(dates, 0.9, undefined, 0) as StageRateRow[];
        const matured = stageRates(dates) as StageRateRow[];
        naive.forEach((row, i) => assertAtLeast(row[0], matured[i][0], `transition ${i + 1}, counted`));
        assert.deepEqual(stageLags([...dates].reverse(), 0.7), stageLags(dates, 0.7));
      }),
      { numRuns: 300 },
    );
  });
});
