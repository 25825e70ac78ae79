/**
 * The runner's fast path must be a pure speed-up: for any arguments, of any function,
 * the same result as the fully checked path, errors included (code and message). Random
 * arguments, mostly valid (the fast path) and often broken in one place (the hand-over).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  FUNCTIONS,
  RoiError,
  callByName,
  callFunction,
  checkedCall,
  runnerFor,
  type ArgValue,
  type CellValue,
  type ParamSpec,
} from '../../src/core';

const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, 1, -1, 0.5, 1.5, 2, 12, 1e6, Number.MIN_VALUE, 1 - 2 ** -53, Infinity, -Infinity, NaN),
  fc.constantFrom('', '25%', 'abc', 'Leads', 'SAL', 'SQO', 'Won', 'customers won'),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.constantFrom(new RoiError('#N/A', 'x'), new RoiError('#DIV/0!', 'y')),
);

/** A value a parameter of this kind accepts (most of the time). */
function validCell(p: ParamSpec): fc.Arbitrary<CellValue> {
  switch (p.kind) {
    case 'lagList':
      return fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 4, noNaN: true }));
    case 'countList':
      return fc.integer({ min: 0, max: 40 });
    case 'date':
    case 'dateGrid':
      return fc.oneof(fc.integer({ min: 45600, max: 45800 }), fc.constant(null));
    case 'money':
    case 'count':
    case 'duration':
    case 'periodList':
      return fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0, max: 1e7, noNaN: true }));
    case 'rate':
    case 'rateList':
      return fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5, 0.25));
    case 'growth':
      return fc.double({ min: -1, max: 3, noNaN: true });
    case 'confidence':
      return fc.double({ min: 0.01, max: 0.99, noNaN: true });
    case 'step':
      return fc.double({ min: 0.001, max: 1, noNaN: true });
    case 'periods':
      return fc.integer({ min: 1, max: 24 });
    case 'signedUnit':
      return fc.double({ min: -1, max: 1, noNaN: true });
    default:
      return fc.constantFrom('Leads', 'customers won', 'page views', 'unknown metric');
  }
}

function grid(cell: fc.Arbitrary<CellValue>): fc.Arbitrary<ArgValue> {
  return fc.oneof(
    fc.array(cell, { minLength: 1, maxLength: 4 }).map((row) => [row]),
    fc.array(cell, { minLength: 1, maxLength: 4 }).map((col) => col.map((c) => [c])),
    fc.tuple(cell, cell, cell, cell).map(([a, b, c, d]) => [
      [a, b],
      [c, d],
    ]),
    cell.map((c) => [[c]]),
  );
}

/** One argument for a parameter: valid most of the time, sometimes anything. */
function arg(p: ParamSpec): fc.Arbitrary<ArgValue> {
  const valid = validCell(p);
  const listy =
    p.mode === 'list'
      ? grid(fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: anyCell }))
      : p.mode === 'table'
        ? fc
            .tuple(fc.integer({ min: 1, max: 4 }), fc.array(valid, { minLength: 12, maxLength: 12 }))
            .map(([k, cells]) => [cells.slice(0, k), cells.slice(k, 2 * k), cells.slice(2 * k, 3 * k)])
        : valid;
  return fc.oneof(
    { weight: 8, arbitrary: listy },
    { weight: 1, arbitrary: anyCell },
    { weight: 1, arbitrary: grid(fc.oneof(valid, anyCell)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function argsFor(params: ParamSpec[]): fc.Arbitrary<ArgValue[]> {
  return fc
    .tuple(fc.tuple(...params.map(arg)), fc.integer({ min: 0, max: params.length + 1 }), anyCell)
    .map(([all, n, extra]) => (n <= params.length ? all.slice(0, n) : [...all, extra]));
}

describe.each(FUNCTIONS.map((f) => [f.id, f] as const))('%s', (id, spec) => {
  test("callFunction and runnerFor give the checked path's result", () => {
    const run = runnerFor(id);
    fc.assert(
      fc.property(argsFor(spec.params), (args) => {
        const want = checkedCall(spec, args);
        assert.deepEqual(callFunction(id, args), want);
        assert.deepEqual(run(args), want);
      }),
      { numRuns: 300 },
    );
  });
});

test('ids in other spellings and unknown ids', () => {
  const args: ArgValue[] = [3000000, 50000, [[0.5, 0.4, 0.25]]];
  expect(callByName('requiredleads', args)).toBe(1200);
  expect(callByName('ROI.REQUIREDLEADS', args)).toBe(1200);
  expect(runnerFor('roi.requiredleads')(args)).toBe(1200);
  expect((callByName('NOPE', args) as RoiError).code).toBe('#NAME?');
  expect(runnerFor('NOPE')(args)).toEqual(callByName('NOPE', args));
});
