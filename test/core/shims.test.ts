/**
 * What functions.js leaves out of @stdlib, checked: webpack.config.js points six @stdlib
 * functions at src/core/shims/ for the add-in's bundles (tests and the command line use
 * the packages themselves), so those shims must give @stdlib's results exactly (ln,
 * log1p, expm1) or stand only on paths the core never takes (the trigonometry: with them
 * throwing, every binomial tail the core computes still computes). And the normal
 * quantile written in src/core/numeric.ts (Wichura's AS 241, instead of @stdlib's, which
 * brings its erfinv) is checked against the normal distribution itself.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertAtMost } from '../helpers/cheap-asserts';

jest.mock('@stdlib/math-base-special-sin', () => () => {
  throw new Error('sin is not on the core path');
});
jest.mock('@stdlib/math-base-special-sinpi', () => () => {
  throw new Error('sinpi is not on the core path');
});
jest.mock('@stdlib/math-base-special-asin', () => () => {
  throw new Error('asin is not on the core path');
});

/* eslint-disable @typescript-eslint/no-require-imports */
const ln = require('@stdlib/math-base-special-ln') as (x: number) => number;
const log1p = require('@stdlib/math-base-special-log1p') as (x: number) => number;
const expm1 = require('@stdlib/math-base-special-expm1') as (x: number) => number;
const erfc = require('@stdlib/math-base-special-erfc') as (x: number) => number;
const stdlibQuantile = require('@stdlib/stats-base-dists-normal-quantile') as (
  p: number,
  mu: number,
  s: number,
) => number;
const numeric = require('../../src/core/numeric') as typeof import('../../src/core/numeric');
const shim = (f: string) => require(`../../src/core/shims/${f}.js`) as (x: number) => number;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Doubles of every magnitude and sign, and the awkward ones. */
function doubles(n: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  let s = 20240607;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  const out = [0, -0, 1, -1, 2, 0.5, Infinity, -Infinity, NaN, Number.MIN_VALUE, Number.MAX_VALUE, 1e-300, -1e-17];
  out.push(0.9999999999999999, 1.0000000000000002, -0.9999999999999999, 2.2250738585072014e-308);
  for (let i = 0; i < n; i++) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    out.push(view.getFloat64(0));
    out.push((next() / 2 ** 32 - 0.5) * 2 ** ((next() % 120) - 60));
  }
  return out;
}

describe('ln, log1p and expm1: the built-ins give @stdlib results bit for bit', () => {
  const xs = doubles(250_000);
  for (let i = 0; i < 200_000; i++) xs.push(-40 + (750 * i) / 200_000, (i - 100_000) / 50_000);
  for (let x = 709.78271289, i = 0; i < 20_000; i++, x += 1e-10) xs.push(x);
  test.each([
    ['ln', ln],
    ['log1p', log1p],
    ['expm1', expm1],
  ] as const)('%s', (name, stdlib) => {
    const built = shim(name);
    let differ = 0;
    let first: number | undefined;
    for (const x of xs) {
      const a = stdlib(x);
      const b = built(x);
      if (!(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)))) {
        differ++;
        first ??= x;
      }
    }
    expect({ name, differ, first }).toEqual({ name, differ: 0, first: undefined });
  });
});

describe('the trigonometry shims stand only on paths the core never takes', () => {
  test('the mocks reach inside @stdlib: its gamma functions of negative arguments now throw', () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const gamma = require('@stdlib/math-base-special-gamma') as (x: number) => number;
    const gammaln = require('@stdlib/math-base-special-gammaln') as (x: number) => number;
    /* eslint-enable @typescript-eslint/no-require-imports */
    expect(() => gamma(-40.5)).toThrow('sin is not on the core path');
    expect(() => gammaln(-2.5)).toThrow('sinpi is not on the core path');
    expect(gamma(4)).toBe(6);
  });

  test('every binomial tail and least-trials search computes with @stdlib sin, sinpi and asin throwing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.oneof(fc.double({ min: 1e-300, max: 1, noNaN: true }), fc.constantFrom(1e-20, 0.5, 0.999999, 1 - 2 ** -53)),
        (k, extra, p) => {
          const v = numeric.binomialAtLeast(k + extra, p, k);
          assert.ok(v >= 0 && v <= 1, `binomialAtLeast is ${v}, not in [0, 1]`);
        },
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (k, p, c) => {
          const n = numeric.leastTrials(k, p, c);
          assert.ok(n >= k, `leastTrials is ${n}, fewer than the ${k} successes`);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the shims compute what they stand for', () => {
    expect(shim('sin')(0.5)).toBe(Math.sin(0.5));
    expect(shim('asin')(0.5)).toBe(Math.asin(0.5));
    expect(shim('sinpi')(0.5)).toBe(1);
    expect(Math.abs(shim('sinpi')(-3))).toBe(0);
    expect(shim('sinpi')(2.25)).toBeCloseTo(Math.SQRT1_2, 15);
  });
});

describe("normSInv (AS 241) is the normal distribution's quantile", () => {
  const lower = (z: number) => 0.5 * erfc(-z / Math.SQRT2);
  const upper = (z: number) => 0.5 * erfc(z / Math.SQRT2);

  test('its tail probability is the one asked for, to 2e-12 relative (z to a few units in the last place), from 1e-300 to 1 - 1e-16', () => {
    let worst = 0;
    for (let e = -300; e < -0.302; e += 0.013) {
      const c = 10 ** e; // lower tail c, and the upper tail of 1 - c
      worst = Math.max(worst, Math.abs(lower(numeric.normSInv(c)) / c - 1));
      if (c > 1e-16) worst = Math.max(worst, Math.abs(upper(numeric.normSInv(1 - c)) / (1 - (1 - c)) - 1));
    }
    for (let i = 1; i < 10_000; i++) {
      const c = i / 10_000;
      worst = Math.max(worst, c < 0.5 ? Math.abs(lower(numeric.normSInv(c)) / c - 1) : 0);
    }
    expect(worst).toBeLessThan(2e-12);
  });

  test("it agrees with @stdlib's quantile where that one is accurate (away from the far lower tail)", () => {
    for (let i = 1; i < 20_000; i++) {
      const c = 1e-5 + ((1 - 2e-5) * i) / 20_000;
      const a = numeric.normSInv(c);
      const b = stdlibQuantile(c, 0, 1);
      assertAtMost(Math.abs(a - b), 1e-12 * Math.max(1, Math.abs(b)), `normSInv(${c}) = ${a}, @stdlib ${b}`);
    }
    expect(numeric.normSInv(0.5)).toBe(0);
    expect(numeric.normSInv(0.9)).toBeCloseTo(1.2815515655446004, 15);
    expect(numeric.normSInv(0.975)).toBeCloseTo(1.959963984540054, 15);
  });

  test('finite at the ends of the confidence domain', () => {
    expect(numeric.normSInv(Number.MIN_VALUE)).toBeCloseTo(-38.4674, 3);
    expect(numeric.normSInv(1 - 2 ** -53)).toBeCloseTo(8.2095, 3);
  });
});
