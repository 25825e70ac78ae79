/**
 * Every example of the function reference (docs/functions.md, generated from the core's
 * table) is typed as a formula into the headless engine and checked.
 */
import { FUNCTIONS, isRoiError } from '../../src/core';
import { evaluateFormula } from '../../src/engine/hf';

/** Numbers written with decimals are checked to the digits shown; whole numbers exactly. */
function expectNumber(actual: unknown, expected: number) {
  expect(typeof actual).toBe('number');
  if (Number.isInteger(expected)) {
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else {
    const decimals = (String(expected).split('.')[1] ?? '').length;
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
  }
}

function expectCell(actual: unknown, expected: number | string) {
  if (typeof expected === 'number') expectNumber(actual, expected);
  else if (expected.startsWith('#')) {
    expect(isRoiError(actual)).toBe(true);
    expect((actual as { code: string }).code).toBe(expected);
    expect((actual as { message: string }).message.length).toBeGreaterThan(5);
  } else expect(actual).toBe(expected);
}

const examples = FUNCTIONS.flatMap((f) => f.examples.map((e) => [f.id, e.formula, e.result] as const));

test('there are examples for all functions', () => {
  expect(new Set(examples.map((e) => e[0])).size).toBe(FUNCTIONS.length);
});

test.each(examples)('%s: %s', (_id, formula, expected) => {
  const actual = evaluateFormula(formula);
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    const grid = actual as unknown[][];
    expect(grid.length).toBe(expected.length);
    expected.forEach((row, r) => {
      expect(grid[r].length).toBe(row.length);
      row.forEach((cell, c) => expectCell(grid[r][c], cell));
    });
  } else {
    expectCell(actual, expected);
  }
});
