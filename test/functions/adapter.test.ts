import { FUNCTIONS, RoiError } from '../../src/core';
import {
  associateAll,
  excelFunction,
  fromExcelArg,
  toExcelResult,
  type CustomFunctionsApi,
} from '../../src/functions/adapter';
import { functionsJson } from '../../src/functions/metadata';

/** A stand-in for Excel's CustomFunctions runtime: records registrations and errors. */
class StubError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}
function stub() {
  const registered = new Map<string, (...a: unknown[]) => unknown>();
  const api: CustomFunctionsApi = {
    Error: StubError as never,
    ErrorCode: {
      invalidValue: '#VALUE!',
      notAvailable: '#N/A',
      divisionByZero: '#DIV/0!',
      invalidNumber: '#NUM!',
      nullReference: '#NULL!',
      invalidName: '#NAME?',
      invalidReference: '#REF!',
    },
    associate: (id, fn) => registered.set(id, fn as never),
  };
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
