import { FUNCTIONS, RoiError, callByName, callFunction, isRoiError, type ArgValue, type Result } from '../../src/core';
import { OUT_OF_DOMAIN, VALID_ARGS } from '../helpers/valid-args';

function withArg(id: string, i: number, v: ArgValue): ArgValue[] {
  const args = VALID_ARGS[id].slice();
  while (args.length <= i) args.push(undefined);
  args[i] = v;
  return args;
}

function expectError(r: Result, code: string, mentions?: string) {
  expect(isRoiError(r)).toBe(true);
  const e = r as RoiError;
  expect(e.code).toBe(code);
  expect(e.message.length).toBeGreaterThan(10);
  if (mentions) expect(e.message).toContain(mentions);
}

test('every function has a valid call in the test table, and it computes', () => {
  for (const f of FUNCTIONS) {
    expect(VALID_ARGS[f.id]).toBeDefined();
    const r = callFunction(f.id, VALID_ARGS[f.id]);
    expect(isRoiError(r)).toBe(false);
  }
});

describe.each(FUNCTIONS.map((f) => [f.id, f] as const))('%s: the error table', (id, spec) => {
  const numericParams = spec.params
    .map((p, i) => [p.name, i, p] as const)
    .filter(([, , p]) => p.kind !== 'text' && p.kind !== 'textList');

  if (numericParams.length)
    test.each(numericParams)('text in %s is #VALUE! naming it (also "25%%")', (name, i) => {
      expectError(callFunction(id, withArg(id, i, '25%')), '#VALUE!', name);
    });

  if (numericParams.length)
    test.each(numericParams)('TRUE in %s is #VALUE! naming it', (name, i) => {
      expectError(callFunction(id, withArg(id, i, true)), '#VALUE!', name);
    });

  test.each(spec.params.map((p, i) => [p.name, i] as const))(
    'an Excel error in %s comes back unchanged',
    (_name, i) => {
      const err = new RoiError('#REF!', 'from the sheet');
      expect(callFunction(id, withArg(id, i, err))).toBe(err);
    },
  );

  const required = spec.params.map((p, i) => [p.name, i, p] as const).filter(([, , p]) => !p.optional);
  test.each(required)('a missing or blank %s is #VALUE! naming it', (name, i) => {
    expectError(callFunction(id, withArg(id, i, undefined)), '#VALUE!', name);
    expectError(callFunction(id, withArg(id, i, null)), '#VALUE!', name);
  });

  const outOfDomain = numericParams.filter(([, , p]) => OUT_OF_DOMAIN[p.kind] !== undefined);
  if (outOfDomain.length)
    test.each(outOfDomain)('%s outside its domain is #NUM! naming it', (name, i, p) => {
      const bad = OUT_OF_DOMAIN[p.kind] as number;
      const v = p.mode === 'list' ? [[0.5, bad]] : bad;
      expectError(callFunction(id, withArg(id, i, v)), '#NUM!', name);
    });

  const optional = spec.params
    .map((p, i) => [p.name, i, p] as const)
    .filter(([, , p]) => p.optional && p.defaultValue !== undefined);
  if (optional.length)
    test.each(optional)('blank optional %s takes its default', (_name, i, p) => {
      expect(callFunction(id, withArg(id, i, null))).toEqual(callFunction(id, withArg(id, i, p.defaultValue)));
    });
});

describe('errors: first in argument order', () => {
  test('the first error value wins over later ones and over validation failures', () => {
    const a = new RoiError('#N/A', 'a');
    const b = new RoiError('#DIV/0!', 'b');
    expect(callFunction('CAC', [a, b])).toBe(a);
    expect(callFunction('CAC', ['text', b])).toBe(b);
  });
  test('an error inside the rates list is returned', () => {
    const e = new RoiError('#N/A', 'missing');
    expect(callFunction('REQUIREDLEADS', [3000000, 50000, [[0.5, e, 0.25]]])).toBe(e);
  });
  test('an error in one element of a spill is that element only', () => {
    const e = new RoiError('#REF!', '');
    const r = callFunction('REQUIREDLEADS', [[[1000000], [e], ['x'], [2000000]], 50000, [[0.5, 0.25]]]) as Result[][];
    expect(r[0][0]).toBe(160);
    expect(r[1][0]).toBe(e);
    expect((r[2][0] as RoiError).code).toBe('#VALUE!');
    expect(r[3][0]).toBe(320);
  });
});

describe('division by zero says which argument and why', () => {
  test.each([
    ['REQUIREDDEALS', [3000000, 0], 'average_deal_value'],
    ['REQUIREDLEADS', [3000000, 50000, [[0.5, 0, 0.25]]], 'conversion_rates'],
    ['FUNNEL', [3000000, 50000, [[0.5, 0, 0.25]]], 'conversion_rates'],
    ['REQUIREDOPPS', [3000000, 50000, 0], 'win_rate'],
    ['LEADQUALITY', [0, 0], 'leads'],
    ['CAC', [1000, 0], 'new_customers'],
    ['PAYBACK', [1000, 0, 0.8], 'revenue_per_period'],
    ['ROMI', [1000, 0.5, 0], 'marketing_cost'],
    ['MARGINLEVER', [0, 0.02], 'ebitda_margin'],
    ['VELOCITY', [10, 0.2, 1000, 0], 'cycle_length'],
  ] as const)('%s(%j)', (id, args, name) => {
    expectError(callFunction(id, args as unknown as ArgValue[]), '#DIV/0!', name);
  });
});

describe('domain rules', () => {
  test('a rate above 1 tells the user to enter 25% or 0.25', () => {
    expectError(callFunction('LTV', [1000, 80, 0.02]), '#NUM!', 'enter 25% or 0.25');
  });
  test('LEADQUALITY checks leads 0 first, then qualified > leads', () => {
    expectError(callFunction('LEADQUALITY', [0, 5]), '#DIV/0!');
    expectError(callFunction('LEADQUALITY', [10, 12]), '#NUM!', 'qualified');
  });
  test('LTV: churn and discount both 0 is unbounded', () => {
    expectError(callFunction('LTV', [1000, 0.8, 0, 0]), '#NUM!', 'unbounded');
    expect(callFunction('LTV', [1000, 0.8, 0, 0.1])).toBeCloseTo(8000, 9);
  });
  test('PAYBACK: lifetime margin below CAC is #NUM!, churn of 100% is one period', () => {
    expectError(callFunction('PAYBACK', [50000, 1000, 0.8, 0.02]), '#NUM!', 'never reaches');
    expectError(callFunction('PAYBACK', [40000, 1000, 0.8, 0.02]), '#NUM!');
    expect(callFunction('PAYBACK', [400, 1000, 0.8, 1])).toBeCloseTo(0.5, 12);
    expectError(callFunction('PAYBACK', [900, 1000, 0.8, 1]), '#NUM!');
    expect(callFunction('PAYBACK', [0, 0, 0.8])).toBe(0);
  });
  test('REVENUEGAP: growth may exceed 1 but not go below -1', () => {
    expect(callFunction('REVENUEGAP', [2000000, 1.5])).toBe(3000000);
    expect(callFunction('REVENUEGAP', [1000, -1])).toBe(-1000);
    expectError(callFunction('REVENUEGAP', [1000, -1.01]), '#NUM!', 'growth_rate');
  });
  test('REQUIREDOPPS: periods must be whole', () => {
    expectError(callFunction('REQUIREDOPPS', [3000000, 50000, 0.25, 0]), '#NUM!', 'periods');
  });
  test('confidence of 0 or 1 is #NUM!', () => {
    expectError(callFunction('REQUIREDLEADS', [3000000, 50000, [[0.5]], 0]), '#NUM!', 'confidence');
    expectError(callFunction('LEADQUALITY', [10, 3, 1]), '#NUM!', 'confidence');
  });
  test('a target of 0 needs 0 leads even with a zero rate', () => {
    expect(callFunction('REQUIREDLEADS', [0, 50000, [[0.5, 0]]])).toBe(0);
    expect(callFunction('REQUIREDLEADS', [0, 50000, [[0.5, 0]], 0.9])).toBe(0);
    expect(callFunction('FUNNEL', [0, 50000, [[0.5, 0.2]]])).toEqual([[0], [0], [0]]);
    expect(callFunction('SENSITIVITY', [0, 50000, [[0.5, 0.2]]])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
  test('an answer too large to compute exactly is #NUM!, never Infinity', () => {
    expectError(callFunction('REQUIREDLEADS', [1e300, 1e-300, [[1e-300]]]), '#NUM!');
    expectError(callFunction('REQUIREDLEADS', [1e12, 1, [[1e-9]], 0.9]), '#NUM!');
    expectError(callFunction('CAC', [1e308, 1e-308]), '#NUM!');
  });
});

describe('lists and shapes', () => {
  test('blank cells in a list are skipped; a list with no numbers is #VALUE!', () => {
    expect(callFunction('REQUIREDLEADS', [3000000, 50000, [[0.5], [null], [0.4], [''], [0.25]]])).toBe(1200);
    expectError(callFunction('REQUIREDLEADS', [3000000, 50000, [[null, '']]]), '#VALUE!', 'conversion_rates');
  });
  test('a single number is a list of one', () => {
    expect(callFunction('REQUIREDLEADS', [3000000, 50000, 0.25])).toBe(240);
  });
  test('a block of several rows and columns is not a list', () => {
    expectError(
      callFunction('REQUIREDLEADS', [
        3000000,
        50000,
        [
          [0.5, 0.4],
          [0.25, 0.5],
        ],
      ]),
      '#VALUE!',
      '2x2',
    );
  });
  test('text in a rates list is #VALUE!', () => {
    expectError(callFunction('REQUIREDLEADS', [3000000, 50000, [[0.5, '40%']]]), '#VALUE!', 'conversion_rates');
  });
  test('multi-cell elementwise arguments must have the same shape', () => {
    expectError(callFunction('CAC', [[[1, 2, 3]], [[1, 2]]]), '#VALUE!', 'shapes');
    expectError(callFunction('CAC', [[[1, 2, 3]], [[1], [2], [3]]]), '#VALUE!', 'shapes');
    expect(callFunction('CAC', [[[10, 20]], [[2, 4]]])).toEqual([[5, 5]]);
  });
  test('1x1 ranges broadcast like single values', () => {
    expect(callFunction('CAC', [[[10], [20]], [[5]]])).toEqual([[2], [4]]);
  });
  test('FUNNEL and SENSITIVITY take single values for target and deal value', () => {
    expectError(callFunction('FUNNEL', [[[1, 2]], 50000, 0.5]), '#VALUE!', 'revenue_target');
    expectError(callFunction('SENSITIVITY', [3000000, [[1, 2]], 0.5]), '#VALUE!', 'average_deal_value');
  });
  test('FUNNEL stage_names of the wrong length is #VALUE!', () => {
    expectError(callFunction('FUNNEL', [3000000, 50000, [[0.5, 0.4, 0.25]], [['a', 'b']]]), '#VALUE!', 'stage_names');
  });
  test('an unknown function id is #NAME?', () => {
    expectError(callByName('NOPE', []), '#NAME?');
  });
  test('too many arguments is #VALUE!', () => {
    expectError(callFunction('CAC', [1, 2, 3]), '#VALUE!');
  });
});

describe('METRICKIND', () => {
  test.each([
    ['Emails sent', 'output'],
    ['IMPRESSIONS', 'output'],
    ['Blog posts published', 'output'],
    ['Page views', 'result'],
    ['page-views', 'result'],
    ['Bounce rate', 'result'],
    ['Click-through rate', 'result'],
    ['MQLs', 'result'],
    ['Leads', 'result'],
    ['lead', 'result'],
    ['Customers won', 'outcome'],
    ['Customer won', 'outcome'],
    ['Revenue', 'outcome'],
    ['EBITDA', 'outcome'],
    ['C.A.C.', 'outcome'],
    ['Lifetime Value', 'outcome'],
    ['Churn', 'outcome'],
    ['NPS', 'outcome'],
    ['Case studies', 'outcome'],
    ['Brand awareness uplift', 'outcome'],
  ])('%s is an %s', (name, kind) => {
    expect(callFunction('METRICKIND', [name])).toBe(kind);
  });
  test('knows at least 60 names', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('../../src/core').knownMetricCount()).toBeGreaterThanOrEqual(60);
  });
  test('an unknown name is #N/A listing known ones', () => {
    expectError(callFunction('METRICKIND', ['vibes']), '#N/A', 'Known outputs');
  });
  test('elementwise over a range of names', () => {
    expect(callFunction('METRICKIND', [[['MQLs', 'Churn rate', 'Impressions']]])).toEqual([
      ['result', 'outcome', 'output'],
    ]);
  });
  test('a number is #VALUE!', () => {
    expectError(callFunction('METRICKIND', [42]), '#VALUE!', 'metric_name');
  });
});

describe('aligned lists are checked before anything is computed', () => {
  test("FUNNEL's stage_names of the wrong count is #VALUE! even where the maths would be #DIV/0!", () => {
    expectError(callFunction('FUNNEL', [3000000, 0, [[0.5, 0.4, 0.25]], [['a', 'b']]]), '#VALUE!', 'stage_names');
    expectError(callFunction('FUNNEL', [3000000, 0, [[0.5, 0.4, 0.25]], [['a', 'b', 'c', 'd']]]), '#DIV/0!');
  });
});
