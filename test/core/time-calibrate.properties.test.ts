/**
 * The time and calibration functions through callFunction, on random arguments of every
 * shape (rows, columns, blocks, 1x1, blank cells, text, booleans, error values, numbers in
 * and out of their domains): never a throw, NaN, Infinity or -0, every result rectangular,
 * and never larger than the spill the table predicts from the shapes alone (equal to it
 * when no list has a blank cell). The properties of the kernels themselves are in
 * time.properties.test.ts and calibrate.test.ts; these check the rows around them.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  RoiError,
  callFunction,
  isRoiError,
  shapeOf,
  spillShape,
  type ArgValue,
  type CellValue,
  type FunctionId,
  type Result,
} from '../../src/core';
import { assertAbove, assertAtMost } from '../helpers/cheap-asserts';

const junk: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom('', '25%', 'Leads', '2025-03-04', true, false, null, undefined),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 1e308, Number.MIN_VALUE, 2 ** 53 + 2),
  fc.constantFrom(new RoiError('#N/A', 'x'), new RoiError('#DIV/0!', 'y')),
  fc.double(),
);

/** Mostly `valid`, sometimes blank, sometimes anything. */
function cellOf(valid: fc.Arbitrary<CellValue>): fc.Arbitrary<CellValue> {
  return fc.oneof(
    { weight: 12, arbitrary: valid },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: junk },
  );
}

/** A row, a column, a block or one cell of such cells (lists of `min` to `max` cells). */
function shaped(valid: fc.Arbitrary<CellValue>, max: number, min = 1): fc.Arbitrary<ArgValue> {
  const c = cellOf(valid);
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(c, { minLength: min, maxLength: max }).map((row) => [row]) },
    { weight: 3, arbitrary: fc.array(c, { minLength: min, maxLength: max }).map((col) => col.map((x) => [x])) },
    { weight: 1, arbitrary: c },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 3 }),
          fc.array(c, { minLength: 9, maxLength: 9 }),
        )
        .map(([r, k, cells]) => Array.from({ length: r }, (_, i) => cells.slice(i * k, i * k + k))),
    },
  );
}

const money = fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.double({ min: 0, max: 1e7, noNaN: true }));
const rate = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0.01, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 0.5) },
);
const lag = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 6, noNaN: true }));
const count = fc.integer({ min: 0, max: 60 });
const name = fc.constantFrom('Leads', 'SAL', 'SQO', 'Won', 7);
const date = fc.oneof(fc.integer({ min: 45600, max: 45800 }), fc.double({ min: 45600, max: 45800, noNaN: true }));
const dates = fc
  .tuple(
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 5 }),
    fc.array(cellOf(date), { minLength: 60, maxLength: 60 }),
  )
  .map(([r, k, cells]) => Array.from({ length: r }, (_, i) => cells.slice(i * k, i * k + k)));

/** A single argument: a value of the kind, sometimes anything, a range or missing. */
function single(valid: fc.Arbitrary<CellValue>): fc.Arbitrary<ArgValue> {
  return fc.oneof(
    { weight: 30, arbitrary: valid },
    { weight: 1, arbitrary: junk },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: valid.map((v) => [[v]]) },
    { weight: 1, arbitrary: fc.array(valid, { minLength: 2, maxLength: 3 }).map((r) => [r]) },
  );
}

const ARGS: Record<string, fc.Arbitrary<ArgValue[]>> = {
  FUNNELPLAN: fc.tuple(
    shaped(money, 14),
    single(fc.integer({ min: 1, max: 200000 })),
    shaped(rate, 4),
    shaped(lag, 4),
    single(fc.double({ min: -1, max: 2, noNaN: true })),
    fc.oneof(fc.constant(undefined), shaped(name, 5)),
  ),
  FUNNELFORECAST: fc.tuple(
    shaped(count, 14),
    shaped(rate, 4),
    shaped(lag, 4),
    fc.oneof(fc.constant(undefined), shaped(name, 5)),
  ),
  PIPELINEHIT: fc
    .integer({ min: 1, max: 4 })
    .chain((k) => fc.tuple(shaped(count, 4), shaped(count, k, k), shaped(rate, k, k))),
  STAGERATES: fc.tuple(
    fc.oneof({ weight: 8, arbitrary: dates }, { weight: 1, arbitrary: shaped(date, 4) }),
    single(fc.double({ min: 0.01, max: 0.99, noNaN: true })),
    fc.oneof(fc.constant(undefined), single(date)),
    fc.oneof(fc.constant(undefined), single(fc.integer({ min: 0, max: 60 }))),
  ),
  STAGELAGS: fc.tuple(
    fc.oneof({ weight: 8, arbitrary: dates }, { weight: 1, arbitrary: shaped(date, 4) }),
    single(fc.double({ min: 0, max: 1, noNaN: true })),
    single(fc.constantFrom(1, 7, 30.4375, 0.5)),
  ),
};

function clean(r: Result): void {
  const cells = Array.isArray(r) ? r.flat() : [r];
  for (const c of cells) {
    if (typeof c === 'number')
      assert.ok(Number.isFinite(c) && !Object.is(c, -0), `a cell is ${Object.is(c, -0) ? '-0' : c}`);
    else if (typeof c !== 'string') assert.ok(isRoiError(c), `a cell is ${String(c)}, not a number, text or an error`);
  }
  if (Array.isArray(r)) {
    assertAbove(r.length, 0, 'rows');
    for (const row of r)
      assert.equal(row.length, r[0].length, `a row of ${row.length} cells, the first of ${r[0].length}`);
  }
}

/** A list argument holding a blank cell (blanks are skipped in stage lists: the result shrinks). */
function hasBlank(a: ArgValue): boolean {
  const blank = (c: CellValue) => c === null || c === undefined || c === '';
  return Array.isArray(a) ? a.some((row) => row.some(blank)) : a === null || a === '';
}

test.each(Object.keys(ARGS) as FunctionId[])(
  '%s: never a throw, NaN or Infinity, and never larger than the predicted spill',
  (id) => {
    let grids = 0;
    fc.assert(
      fc.property(ARGS[id], (args) => {
        const r = callFunction(id, args);
        clean(r);
        if (!Array.isArray(r)) return;
        grids++;
        const predicted = spillShape(
          id,
          args.map((a) => (a === undefined ? undefined : shapeOf(a))),
        );
        assertAtMost(r.length, predicted.rows, 'rows against the predicted spill');
        assertAtMost(r[0].length, predicted.cols, 'columns against the predicted spill');
        // Blank cells drop out of stage lists (and names) only; a period keeps its place.
        const stageLists = id === 'FUNNELPLAN' ? [2, 3, 5] : id === 'FUNNELFORECAST' ? [1, 2, 3] : [];
        if (id !== 'PIPELINEHIT' && !stageLists.some((i) => hasBlank(args[i])))
          assert.deepEqual({ rows: r.length, cols: r[0].length }, predicted);
      }),
      { numRuns: 600 },
    );
    // The property must have seen grids, not only errors. Of 600 random calls FUNNELPLAN
    // returns a grid about 41 times (22 to 56 in 120 runs; the others far more often), so
    // "more than 30" failed about one run in twenty: the floor is one no run comes near.
    expect(grids).toBeGreaterThan(10);
  },
);
