/**
 * The argument kinds the time and calibration functions need (period lists, stage lists
 * aligned with conversion_rates, tables of dates) and the table's declarations for them
 * (sameLength, transposeWhenColumn, spill), through the runner, with rows written for
 * this test only: the public table gains the functions themselves one row at a time.
 */
import fc from 'fast-check';
import {
  MAX_LAG,
  MAX_STAGES,
  RoiError,
  checkedCall,
  defineFunction,
  isRoiError,
  listLength,
  runnerOf,
  spillShape,
  type ArgValue,
  type CellValue,
  type Result,
  type ResultCell,
} from '../../src/core';

/** The kernel of the test rows below: cell = target * (stage + 1) + lag + open count. */
function planKernel(
  revenue_targets: readonly number[],
  conversion_rates: readonly number[],
  stage_lags: readonly number[],
  open_counts: readonly number[] | undefined,
  stage_names: readonly string[] | undefined,
): ResultCell[][] {
  const out: ResultCell[][] = [];
  for (let i = 0; i <= conversion_rates.length; i++) {
    const lag = i < stage_lags.length ? stage_lags[i] : 0;
    const open = open_counts && i < open_counts.length ? open_counts[i] : 0;
    const row: ResultCell[] = revenue_targets.map((t) => t * (i + 1) + lag + open);
    out.push(stage_names ? [stage_names[i], ...row] : row);
  }
  return out;
}

/** A plan-like row: stages as rows (deals last), periods as columns; cell = target * (stage + 1) + lag. */
const PLAN_PARAMS = [
  { name: 'revenue_targets', kind: 'periodList', mode: 'list' },
  { name: 'conversion_rates', kind: 'rateList', mode: 'list' },
  { name: 'stage_lags', kind: 'lagList', mode: 'list', sameLength: { as: 'conversion_rates' } },
  {
    name: 'open_counts',
    kind: 'countList',
    mode: 'list',
    optional: true,
    sameLength: { as: 'conversion_rates' },
  },
  {
    name: 'stage_names',
    kind: 'textList',
    mode: 'list',
    optional: true,
    sameLength: { as: 'conversion_rates', plus: 1 },
  },
] as const;

const PLAN = defineFunction({
  id: 'TESTPLAN',
  params: PLAN_PARAMS,
  run: planKernel,
  spill: (s) => ({
    rows: listLength(s.conversion_rates) + 1,
    cols: listLength(s.revenue_targets) + (s.stage_names ? 1 : 0),
  }),
  transposeWhenColumn: 'revenue_targets',
});

/** Echoes a table of dates back (blank as "", a date as itself). */
const DATES = defineFunction({
  id: 'TESTDATES',
  params: [
    { name: 'stage_dates', kind: 'dateGrid', mode: 'table' },
    { name: 'volumes', kind: 'periodList', mode: 'list', optional: true, of: 'count' },
  ],
  run: (stage_dates, volumes) =>
    volumes ? [volumes.slice()] : stage_dates.map((row) => row.map((d) => (Number.isNaN(d) ? '' : d))),
  spill: (s) => s.stage_dates ?? { rows: 1, cols: 1 },
});

const plan = runnerOf(PLAN);
const dates = runnerOf(DATES);

function expectError(r: Result, code: string, message?: string | RegExp) {
  expect(isRoiError(r)).toBe(true);
  const e = r as RoiError;
  expect(e.code).toBe(code);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else if (message) expect(e.message).toMatch(message);
}

const RATES = [[0.5, 0.4, 0.25]];
const LAGS = [[1, 1, 2]];

describe('period lists', () => {
  test('a row of periods: values in time order, stages as rows', () => {
    expect(plan([[[10, 20, 30]], RATES, LAGS])).toEqual([
      [11, 21, 31],
      [21, 41, 61],
      [32, 62, 92],
      [40, 80, 120],
    ]);
  });

  test('blanks are 0, never skipped: position is time', () => {
    expect(plan([[[10, null, '', 30]], [[0.5]], [[0]]])).toEqual([
      [10, 0, 0, 30],
      [20, 0, 0, 60],
    ]);
    expect((plan([[[null, 5]], [[0.5]], [[0]]]) as number[][])[0]).toEqual([0, 5]);
  });

  test('a column of more than one cell transposes the result: periods as rows, stages as columns', () => {
    const row = plan([[[10, 20, 30]], RATES, LAGS]) as number[][];
    const col = plan([[[10], [20], [30]], RATES, LAGS]) as number[][];
    expect(col).toEqual(row[0].map((_, t) => row.map((r) => r[t])));
    expect(col.length).toBe(3);
    expect(col[0].length).toBe(4);
  });

  test('one cell, a single number or a 1x1 range, is one period and is not transposed', () => {
    expect(plan([10, [[0.5]], [[1]]])).toEqual([[11], [20]]);
    expect(plan([[[10]], [[0.5]], [[1]]])).toEqual([[11], [20]]);
  });

  test('each value is money >= 0: text, TRUE and negatives name the argument', () => {
    expectError(plan([[[10, '20']], RATES, LAGS]), '#VALUE!', /^revenue_targets must be a number, not the text "20"/);
    expectError(plan([[[10, true]], RATES, LAGS]), '#VALUE!', 'revenue_targets must be a number, not TRUE or FALSE.');
    expectError(plan([[[10, -1]], RATES, LAGS]), '#NUM!', 'revenue_targets must be 0 or more, not -1.');
    expectError(plan([[[10, Infinity]], RATES, LAGS]), '#NUM!', 'revenue_targets must be a finite number.');
  });

  test('a block of rows and columns is not a period list; an all-blank one is missing', () => {
    expectError(
      plan([
        [
          [1, 2],
          [3, 4],
        ],
        RATES,
        LAGS,
      ]),
      '#VALUE!',
      'revenue_targets must be one row or one column, not a 2x2 block.',
    );
    expectError(plan([[[null, '']], RATES, LAGS]), '#VALUE!', 'revenue_targets is required.');
    expectError(plan([undefined, RATES, LAGS]), '#VALUE!', 'revenue_targets is required.');
  });

  test('an error value inside comes back unchanged, before any validation', () => {
    const e = new RoiError('#REF!', 'gone');
    expect(plan([[[10, e]], [[0.5, 7]], LAGS])).toBe(e);
  });

  test('a period list of counts (of: "count") reads the same way', () => {
    expect(dates([[[1, 2]], [[3, null, 4]]])).toEqual([[3, 0, 4]]);
    expectError(dates([[[1, 2]], [[3, -4]]]), '#NUM!', 'volumes must be 0 or more, not -4.');
  });
});

describe('stage lists aligned with conversion_rates', () => {
  test('blanks are skipped in every stage list exactly as in conversion_rates', () => {
    const a = plan([[[10]], [[0.5], [null], [0.4]], [[1], [''], [2]], [[3], [null], [4]]]);
    const b = plan([[[10]], [[0.5, 0.4]], [[1, 2]], [[3, 4]]]);
    expect(a).toEqual(b);
    expect(a).toEqual([[14], [26], [30]]);
  });

  test('lags are in [0, 1000], fractional allowed', () => {
    expect((plan([[[0]], [[0.5, 0.5]], [[0.25, MAX_LAG]]]) as number[][]).map((r) => r[0])).toEqual([0.25, 1000, 0]);
    expectError(
      plan([[[0]], [[0.5, 0.5]], [[0, 1000.5]]]),
      '#NUM!',
      'stage_lags must be between 0 and 1000, not 1000.5.',
    );
    expectError(plan([[[0]], [[0.5, 0.5]], [[-1, 1]]]), '#NUM!', 'stage_lags must be between 0 and 1000, not -1.');
    expectError(plan([[[0]], [[0.5]], [['1']]]), '#VALUE!', /^stage_lags must be a number/);
  });

  test('counts are whole and >= 0', () => {
    expect(plan([[[0]], [[0.5]], [[0]], [[7]]])).toEqual([[7], [0]]);
    expectError(
      plan([[[0]], [[0.5]], [[0]], [[2.5]]]),
      '#NUM!',
      'open_counts must be a whole number, 0 or more, not 2.5.',
    );
    expectError(
      plan([[[0]], [[0.5]], [[0]], [[-1]]]),
      '#NUM!',
      'open_counts must be a whole number, 0 or more, not -1.',
    );
  });

  test('a list of another length than conversion_rates is #VALUE!, from the catalogue, before the kernel runs', () => {
    let ran = 0;
    const counting = runnerOf(
      defineFunction({
        id: 'TESTCOUNT',
        params: PLAN_PARAMS,
        run: (...args) => {
          ran++;
          return planKernel(...args);
        },
      }),
    );
    expectError(
      counting([[[10]], RATES, [[1, 1]]]),
      '#VALUE!',
      'stage_lags has 2 values but conversion_rates has 3: give one per stage (blank cells are skipped in both alike).',
    );
    expectError(counting([[[10]], RATES, LAGS, [[1, 2, 3, 4]]]), '#VALUE!', /^open_counts has 4 values/);
    expect(ran).toBe(0);
    expectError(
      counting([[[10]], RATES, LAGS, null, [['Leads', 'Won']]]),
      '#VALUE!',
      'stage_names has 2 names but the funnel has 4 rows (one per rate, plus deals).',
    );
    expect(ran).toBe(0);
    expect(counting([[[10]], RATES, LAGS, null, [['L', 'S', 'Q', 'W']]])).toEqual([
      ['L', 11],
      ['S', 21],
      ['Q', 32],
      ['W', 40],
    ]);
    expect(ran).toBe(1);
  });

  test('an invalid list is reported before a length mismatch; a lag of zero must be typed as 0', () => {
    expectError(plan([[[10]], RATES, [[1, 7000]]]), '#NUM!', /^stage_lags/);
    expectError(plan([[[10]], RATES, [[1, null, 2]]]), '#VALUE!', /^stage_lags has 2 values/);
  });
});

describe(`at most ${MAX_STAGES} stages`, () => {
  const rates = (n: number) => [Array.from({ length: n }, () => 0.999)];
  test('a stage list of more is #NUM! with the catalogue message', () => {
    expectError(
      plan([[[10]], rates(MAX_STAGES + 1), rates(MAX_STAGES + 1)]),
      '#NUM!',
      `conversion_rates has ${MAX_STAGES + 1} stages: at most ${MAX_STAGES} are supported.`,
    );
    expectError(
      plan([[[10]], [[0.5]], [Array.from({ length: 40_000 }, () => 1)]]),
      '#NUM!',
      /^stage_lags has 40000 stages/,
    );
  });
  test(`${MAX_STAGES} stages compute`, () => {
    const r = plan([[[10]], rates(MAX_STAGES), [Array.from({ length: MAX_STAGES }, () => 0)]]) as number[][];
    expect(r.length).toBe(MAX_STAGES + 1);
  });
});

describe('tables of dates', () => {
  test('dates as serial numbers, a time of day as its fraction, blanks kept', () => {
    expect(
      dates([
        [
          [45717, 45720.5, null],
          [45700, '', 45760],
        ],
      ]),
    ).toEqual([
      [45717, 45720.5, ''],
      [45700, '', 45760],
    ]);
  });

  test('text names the row and says how to convert text dates', () => {
    const grid: CellValue[][] = [
      [45717, 45720],
      [45717, 45720],
      [45717, null],
      [45717, 45720],
      [45717, '2025-03-04'],
    ];
    expectError(
      dates([grid]),
      '#VALUE!',
      'stage_dates row 5 holds the text "2025-03-04": convert text dates to dates first (DATEVALUE, or Data > Text to Columns).',
    );
    expectError(dates([[[true, 45720]]]), '#VALUE!', 'stage_dates row 1 holds TRUE or FALSE, not a date.');
  });

  test('a negative or non-finite date is #NUM! naming the row', () => {
    expectError(
      dates([
        [
          [1, 2],
          [-1, 3],
        ],
      ]),
      '#NUM!',
      'stage_dates row 2 holds -1: a date must be a serial number, 0 or more.',
    );
    expectError(dates([[[Infinity, 2]]]), '#NUM!', /^stage_dates row 1 holds Infinity/);
    expectError(dates([[[NaN, 2]]]), '#NUM!', /^stage_dates row 1 holds NaN/);
  });

  test('fewer than two columns is #VALUE!', () => {
    expectError(
      dates([[[45717], [45720]]]),
      '#VALUE!',
      'stage_dates must have one column per stage, at least two, not 1.',
    );
    expectError(dates([45717]), '#VALUE!', /not 1\.$/);
  });

  test('an error value propagates, before anything else is read', () => {
    const e = new RoiError('#N/A', 'lookup');
    expect(
      dates([
        [
          [45717, 'text'],
          [e, 1],
        ],
      ]),
    ).toBe(e);
    expect(dates([[[e]]])).toBe(e);
  });

  test('a table of blanks is records with no dates; nothing at all is missing', () => {
    expect(dates([[[null, null]]])).toEqual([['', '']]);
    expectError(dates([undefined]), '#VALUE!', 'stage_dates is required.');
  });
});

describe('spill shapes from the declarations', () => {
  test('the spill field gives the size before evaluating, transposed for a column of periods', () => {
    const row = { rows: 1, cols: 12 };
    const column = { rows: 12, cols: 1 };
    const rates = { rows: 1, cols: 3 };
    expect(spillShape(PLAN, [row, rates, rates])).toEqual({ rows: 4, cols: 12 });
    expect(spillShape(PLAN, [column, rates, rates])).toEqual({ rows: 12, cols: 4 });
    expect(spillShape(PLAN, [column, rates, rates, undefined, { rows: 4, cols: 1 }])).toEqual({ rows: 13, cols: 4 });
    expect(spillShape(PLAN, [{ rows: 1, cols: 1 }, rates, rates])).toEqual({ rows: 4, cols: 1 });
  });

  test('the predicted size is the computed size, in both orientations', () => {
    for (const targets of [[[1, 2, 3, 4, 5]], [[1], [2], [3], [4], [5]]]) {
      const r = plan([targets, RATES, LAGS]) as unknown[][];
      const s = spillShape(PLAN, [
        { rows: targets.length, cols: targets[0].length },
        { rows: 1, cols: 3 },
        { rows: 1, cols: 3 },
      ]);
      expect({ rows: r.length, cols: r[0].length }).toEqual(s);
    }
  });

  test('the public table: FUNNEL, SENSITIVITY and elementwise functions by their rows', () => {
    expect(spillShape('FUNNEL', [undefined, undefined, { rows: 3, cols: 1 }])).toEqual({ rows: 4, cols: 1 });
    expect(spillShape('ROI.FUNNEL', [undefined, undefined, { rows: 1, cols: 3 }, { rows: 4, cols: 1 }])).toEqual({
      rows: 4,
      cols: 2,
    });
    expect(spillShape('SENSITIVITY', [undefined, undefined, { rows: 1, cols: 5 }])).toEqual({ rows: 5, cols: 2 });
    expect(
      spillShape('CAC', [
        { rows: 7, cols: 1 },
        { rows: 1, cols: 1 },
      ]),
    ).toEqual({ rows: 7, cols: 1 });
    expect(spillShape('NOPE', [{ rows: 7, cols: 1 }])).toEqual({ rows: 1, cols: 1 });
  });
});

describe('the fast path of rows with the new kinds equals the checked path', () => {
  const cell: fc.Arbitrary<CellValue> = fc.oneof(
    { weight: 6, arbitrary: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 9 })) },
    { weight: 1, arbitrary: fc.constantFrom(null, '', 'x', true, -1, 2.5, 1001, Infinity, NaN) },
    { weight: 1, arbitrary: fc.constant(new RoiError('#N/A', 'e')) },
  );
  const line: fc.Arbitrary<ArgValue> = fc.oneof(
    fc.array(cell, { minLength: 1, maxLength: 4 }).map((r) => [r]),
    fc.array(cell, { minLength: 1, maxLength: 4 }).map((c) => c.map((x) => [x])),
    cell,
  );
  test.each([
    ['TESTPLAN', PLAN],
    ['TESTDATES', DATES],
  ] as const)('%s', (_id, spec) => {
    const run = runnerOf(spec);
    fc.assert(
      fc.property(fc.array(line, { minLength: 0, maxLength: spec.params.length }), (args) => {
        expect(run(args)).toEqual(checkedCall(spec, args));
      }),
      { numRuns: 400 },
    );
  });
});
