import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FUNCTIONS, RoiError, runnerFor } from '../../src/core';
import { associateAll, excelFunction, fromExcelArg, toExcelResult } from '../../src/functions/adapter';
import { functionsJson } from '../../src/functions/metadata';
import { StubError, stubApi } from '../helpers/custom-functions-stub';

/** A stand-in for Excel's CustomFunctions runtime that records registrations. */
function stub() {
  const registered = new Map<string, (...a: unknown[]) => unknown>();
  const api = stubApi((id, fn) => registered.set(id, fn as never));
  return { api, registered };
}

const spec = (id: string) => FUNCTIONS.find((f) => f.id === id)!;

test('associateAll registers every function of the metadata table under its id', () => {
  const { api, registered } = stub();
  associateAll(api);
  expect([...registered.keys()].sort()).toEqual(FUNCTIONS.map((f) => f.id).sort());
  expect(
    functionsJson()
      .functions.map((f) => f.id)
      .sort(),
  ).toEqual([...registered.keys()].sort());
});

test('a scalar result comes back as a 1x1 matrix', () => {
  const { api } = stub();
  expect(excelFunction(api, spec('REQUIREDLEADS'))(3000000, 50000, [[0.5, 0.4, 0.25]], null)).toEqual([[1200]]);
});

test('Excel passes scalars to matrix parameters as 1x1 arrays, and the invocation object last', () => {
  const { api } = stub();
  const invocation = { address: 'Sheet1!B7' };
  expect(
    excelFunction(api, spec('REQUIREDLEADS'))([[3000000]], [[50000]], [[0.5], [0.4], [0.25]], null, invocation),
  ).toEqual([[1200]]);
});

test('an omitted optional argument arrives as null and takes its default', () => {
  const { api } = stub();
  expect(excelFunction(api, spec('REQUIREDOPPS'))(3000000, 50000, 0.25, null, null)).toEqual([[240]]);
});

test('a spill is a 2-D array', () => {
  const { api } = stub();
  expect(excelFunction(api, spec('FUNNEL'))(3000000, 50000, [[0.5, 0.4, 0.25]], null)).toEqual([
    [1200],
    [600],
    [240],
    [60],
  ]);
});

test('a #VALUE! error is thrown as CustomFunctions.Error with its message', () => {
  const { api } = stub();
  let thrown: unknown;
  try {
    excelFunction(api, spec('CAC'))('25%', 10);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(StubError);
  expect((thrown as StubError).code).toBe('#VALUE!');
  expect((thrown as StubError).message).toContain('acquisition_cost');
});

test('#DIV/0! and #NUM! are thrown without a message (Excel shows messages only for #VALUE! and #N/A)', () => {
  const { api } = stub();
  expect(() => excelFunction(api, spec('CAC'))(100, 0)).toThrow();
  try {
    excelFunction(api, spec('CAC'))(100, 0);
  } catch (e) {
    expect((e as StubError).code).toBe('#DIV/0!');
    expect((e as StubError).message).toBeUndefined();
  }
  try {
    excelFunction(api, spec('LTV'))(1000, 80, 0.02);
  } catch (e) {
    expect((e as StubError).code).toBe('#NUM!');
  }
});

test('#N/A from METRICKIND keeps its message', () => {
  const { api } = stub();
  try {
    excelFunction(api, spec('METRICKIND'))('vibes');
    throw new Error('expected a throw');
  } catch (e) {
    expect((e as StubError).code).toBe('#N/A');
    expect((e as StubError).message).toContain('vibes');
  }
});

test('errors inside a spill become error objects in their own cells', () => {
  const { api } = stub();
  const r = excelFunction(api, spec('CAC'))([[100], [100]], [[4], [0]]) as unknown[][];
  expect(r[0][0]).toBe(25);
  expect(r[1][0]).toBeInstanceOf(StubError);
  expect((r[1][0] as StubError).code).toBe('#DIV/0!');
});

test('Excel error objects in arguments become core errors and come back', () => {
  const { api } = stub();
  const arg = fromExcelArg([[{ code: '#REF!', message: 'gone' }, 1]]) as unknown[][];
  expect(arg[0][0]).toBeInstanceOf(RoiError);
  try {
    excelFunction(api, spec('CAC'))(new StubError('#N/A', 'x'), 1);
    throw new Error('expected a throw');
  } catch (e) {
    expect((e as StubError).code).toBe('#N/A');
  }
});

test('text results such as METRICKIND stay text; blanks in results are ""', () => {
  const { api } = stub();
  expect(excelFunction(api, spec('METRICKIND'))([['MQLs', 'Revenue']])).toEqual([['result', 'outcome']]);
  expect(
    toExcelResult(api, [
      [1, ''],
      ['', 2],
    ]),
  ).toEqual([
    [1, ''],
    ['', 2],
  ]);
});

test('an unreadable argument (an object) is #VALUE!, never a crash', () => {
  const { api } = stub();
  expect(() => excelFunction(api, spec('CAC'))({ weird: true }, 1)).toThrow(StubError);
});

describe('a call over a large range costs no copy of its arguments or result (issue 16)', () => {
  test('a range of plain cells is passed to the core as it is; one with an Excel error object is converted', () => {
    const plain = [[1], ['text'], [null], [true], [2.5]];
    expect(fromExcelArg(plain)).toBe(plain);
    const withError = [[1], [{ code: '#REF!', message: 'gone' }]];
    const converted = fromExcelArg(withError) as unknown[][];
    expect(converted).not.toBe(withError);
    expect(converted[0][0]).toBe(1);
    expect(converted[1][0]).toEqual(new RoiError('#REF!', 'gone'));
    expect(withError[1][0]).toEqual({ code: '#REF!', message: 'gone' });
  });

  test('a result grid without errors goes back to Excel as the core made it', () => {
    const { api } = stub();
    const grid = [[1], [2]];
    expect(toExcelResult(api, grid)).toBe(grid);
    const withError = [[1], [new RoiError('#DIV/0!', 'x')]];
    const r = toExcelResult(api, withError);
    expect(r).not.toBe(withError);
    expect((r[1][0] as StubError).code).toBe('#DIV/0!');
    expect(withError[1][0]).toBeInstanceOf(RoiError);
  });

  test('an elementwise call over 1,000 rows gives each row its own value, as the core does', () => {
    const { api } = stub();
    const leads = Array.from({ length: 1000 }, (_, i) => [100 + i]);
    const qualified = Array.from({ length: 1000 }, (_, i) => [i % 7 === 0 ? '' : i % 50]);
    const r = excelFunction(api, spec('LEADQUALITY'))(leads, qualified, 0.9, { address: 'A1' }) as unknown[][];
    expect(r.length).toBe(1000);
    for (const i of [0, 1, 7, 500, 999]) {
      const want = i % 7 === 0 ? undefined : wilson(i % 50, 100 + i, 0.9);
      if (want === undefined) expect((r[i][0] as StubError).code).toBe('#VALUE!');
      else expect(r[i][0]).toBeCloseTo(want, 12);
    }
  });
});

/** The one-sided Wilson lower bound, written out (z for 90%). */
function wilson(k: number, n: number, c: number): number {
  expect(c).toBe(0.9);
  const z = 1.2815515655446004;
  const p = k / n;
  const v = (p + (z * z) / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return Math.max(0, v);
}

test('Excel error objects anywhere in the arguments give what converting every argument first gives', () => {
  const { api } = stub();
  const excelError = fc.constantFrom(new StubError('#REF!', 'gone'), { type: '#N/A', message: 'lookup' }, { weird: 1 });
  const cell = fc.oneof(
    { weight: 5, arbitrary: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1e6 })) },
    { weight: 1, arbitrary: fc.constantFrom(null, '', 'Leads', true) },
    { weight: 1, arbitrary: excelError },
  );
  const arg = fc.oneof(
    cell,
    fc.array(cell, { minLength: 1, maxLength: 3 }).map((r) => [r]),
    fc.array(cell, { minLength: 1, maxLength: 3 }).map((c) => c.map((x) => [x])),
  );
  const outcome = (f: () => unknown) => {
    try {
      return { value: f() };
    } catch (e) {
      return { thrown: e };
    }
  };
  for (const f of FUNCTIONS) {
    const run = runnerFor(f.id);
    fc.assert(
      fc.property(fc.array(arg, { minLength: 1, maxLength: f.params.length }), (args) => {
        // As Excel calls: every declared parameter (a left-out one null), then the invocation.
        const full = f.params.map((_, i) => (i < args.length ? args[i] : null));
        const got = outcome(() => excelFunction(api, f)(...full, { address: 'A1' }));
        const want = outcome(() => toExcelResult(api, run(full.map(fromExcelArg))));
        assert.deepEqual({ id: f.id, ...got }, { id: f.id, ...want });
      }),
      { numRuns: 150 },
    );
  }
});
