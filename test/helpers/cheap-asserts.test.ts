/**
 * The cheap matchers of test/helpers/cheap-asserts.ts pass and fail exactly where jest's own
 * matchers do, on the awkward values (NaN, infinities, -0, text, null, a RoiError, whose text
 * `<=` would compare), so a check moved from expect() to them keeps its meaning.
 */
import { RoiError } from '../../src/core';
import { assertAbove, assertAtLeast, assertAtMost, assertBelow, assertCloseTo, assertContains } from './cheap-asserts';

const passes = (check: () => void): boolean => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};

// The awkward values: jest insists on numbers, where `<=` would compare two RoiErrors' text.
const errors = [new RoiError('#NUM!', 'b'), new RoiError('#NUM!', 'a')];
const values: unknown[] = [0, -0, 1, NaN, Infinity, -Infinity, null, '2', ...errors];

/** Each value against 1, 1 against it, and it against itself (and the two RoiErrors against each other). */
const pairsWith = (xs: unknown[]): Array<[unknown, unknown]> => [
  ...xs.flatMap((x): Array<[unknown, unknown]> => [
    [x, 1],
    [1, x],
    [x, x],
  ]),
  [errors[0], errors[1]],
];

test('the comparisons agree with toBeGreaterThanOrEqual, toBeLessThanOrEqual, toBeGreaterThan, toBeLessThan', () => {
  const pairs = [
    [assertAtLeast, (a: unknown, b: unknown) => expect(a).toBeGreaterThanOrEqual(b as number)],
    [assertAtMost, (a: unknown, b: unknown) => expect(a).toBeLessThanOrEqual(b as number)],
    [assertAbove, (a: unknown, b: unknown) => expect(a).toBeGreaterThan(b as number)],
    [assertBelow, (a: unknown, b: unknown) => expect(a).toBeLessThan(b as number)],
  ] as const;
  const differ: string[] = [];
  for (const [cheap, jest] of pairs)
    for (const [a, b] of pairsWith(values))
      if (passes(() => cheap(a, b)) !== passes(() => jest(a, b)))
        differ.push(`${cheap.name}(${String(a)}, ${String(b)})`);
  expect(differ).toEqual([]);
});

test('assertCloseTo agrees with toBeCloseTo at every number of digits', () => {
  const near = [1, 1 + 4e-3, 1 + 6e-3, 1 + 4e-7, 1 + 6e-7, ...values];
  const differ: string[] = [];
  for (const digits of [2, 6])
    for (const [a, b] of pairsWith(near))
      if (passes(() => assertCloseTo(a, b, digits)) !== passes(() => expect(a).toBeCloseTo(b as number, digits)))
        differ.push(`${String(a)} ~ ${String(b)} to ${digits}`);
  expect(differ).toEqual([]);
  expect(passes(() => assertCloseTo(1, 1.004))).toBe(true); // 2 digits, as toBeCloseTo
  expect(passes(() => assertCloseTo(1, 1.006))).toBe(false);
});

test('assertContains agrees with toContain on text, and says what it looked for', () => {
  for (const [text, part] of [
    ['= 1,200 leads,', '1,200 leads'],
    ['= 1,200 leads,', '1,201 leads'],
    ['', ''],
    [undefined, 'x'],
    [null, 'x'],
  ] as const)
    expect(passes(() => assertContains(text, part))).toBe(passes(() => expect(text).toContain(part)));
  expect(() => assertContains('= 7 deals.', '8 deals', 'line 1')).toThrow(
    `line 1: expected '= 7 deals.' to contain '8 deals'`,
  );
  expect(() => assertAtMost(3, 2, 'stage 2')).toThrow('stage 2: expected 3 <= 2');
});
