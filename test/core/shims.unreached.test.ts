/**
 * The @stdlib files functions.js leaves out (build/stdlib-aliases.js, UNREACHED: replaced by
 * src/core/shims/unreached.js, which throws) are never reached by the core: here they
 * throw too, and every binomial tail, least-trials search and function of the core that
 * uses them still computes, over the whole range of whole-number parameters (billions of
 * trials with a few successes or failures needed included, which binomialAtLeast sums
 * itself, exactly: checked against sums to 60 digits).
 */
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UNREACHED, stdlibFile } from '../../build/stdlib-aliases';

jest.mock('@stdlib/math-base-special-kernel-betainc/lib/ibeta_series.js', () => () => {
  throw new Error('unreached: ibeta_series');
});
jest.mock('@stdlib/math-base-special-kernel-betainc/lib/ibeta_a_step.js', () => () => {
  throw new Error('unreached: ibeta_a_step');
});
jest.mock('@stdlib/math-base-special-kernel-betainc/lib/rising_factorial_ratio.js', () => () => {
  throw new Error('unreached: rising_factorial_ratio');
});
jest.mock('@stdlib/math-base-special-kernel-betainc/lib/beta_small_b_large_a_series.js', () => () => {
  throw new Error('unreached: beta_small_b_large_a_series');
});
jest.mock('@stdlib/math-base-special-beta/lib/main.js', () => () => {
  throw new Error('unreached: beta');
});
jest.mock('@stdlib/math-base-special-beta', () => () => {
  throw new Error('unreached: beta');
});

/* eslint-disable @typescript-eslint/no-require-imports */
const betainc = require('@stdlib/math-base-special-betainc') as (
  x: number,
  a: number,
  b: number,
  regularized?: boolean,
  upper?: boolean,
) => number;
const numeric = require('../../src/core/numeric') as typeof import('../../src/core/numeric');
const core = require('../../src/core') as typeof import('../../src/core');
/* eslint-enable @typescript-eslint/no-require-imports */

const MOCKED = {
  'math-base-special-kernel-betainc': [
    'ibeta_series.js',
    'ibeta_a_step.js',
    'rising_factorial_ratio.js',
    'beta_small_b_large_a_series.js',
  ],
  'math-base-special-beta': ['main.js'],
};

test('the files mocked here are the table webpack leaves out, and each exists', () => {
  expect(UNREACHED).toEqual(MOCKED);
  for (const [pkg, files] of Object.entries(UNREACHED))
    for (const f of files) expect({ f, exists: existsSync(stdlibFile(pkg, f)) }).toEqual({ f, exists: true });
});

test('the mocks reach inside @stdlib: fractional parameters, and the complete beta, now throw', () => {
  expect(() => betainc(0.3, 0.5, 3.5)).toThrow('unreached');
  expect(() => betainc(0.3, 2.5, 30.5)).toThrow('unreached');
  expect(() => betainc(0.3, 3, 5, false)).toThrow('unreached');
  // Billions of trials with a few successes needed: @stdlib would take its general series.
  expect(() => betainc(1e-9, 5, 5e9)).toThrow('unreached');
  expect(betainc(0.3, 3, 5)).toBeCloseTo(0.3529305, 7); // P(Binomial(7, 0.3) >= 3)
});

const whole = fc.oneof(
  fc.integer({ min: 1, max: 200 }),
  fc.integer({ min: 1, max: 2 ** 31 }),
  fc.integer({ min: 2 ** 31 - 200, max: 2 ** 31 + 200 }),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
);
const chance = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
  fc.double({ min: 1e-15, max: 1e-6, noNaN: true }),
  fc.constantFrom(0.5, 1e-9, 1 - 1e-9, 1 - 2 ** -53, 0.999999999999),
);

test('every binomial tail computes, in [0, 1], over every whole n and k', () => {
  fc.assert(
    fc.property(whole, fc.integer({ min: 0, max: 60 }), fc.boolean(), chance, (n, few, fromTop, p) => {
      // k anywhere, and k near either end (a few successes, or a few failures, needed).
      for (const k of [1 + (few % n), Math.max(1, n - few), Math.max(1, Math.floor(n * p))]) {
        const v = numeric.binomialAtLeast(n, fromTop ? 1 - p : p, Math.min(k, n));
        assert.ok(v >= 0 && v <= 1, `at k = ${Math.min(k, n)}: ${v}, not in [0, 1]`);
      }
    }),
    { numRuns: 3000 },
  );
});

test('every least-trials search computes, up to billions of trials', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100_000 }),
      fc.oneof(fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.constantFrom(1e-9, 2e-9, 1e-7)),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      (k, p, c) => {
        const n = numeric.leastTrials(k, p, c);
        assert.ok(n >= k, `leastTrials is ${n}, fewer than the ${k} successes`);
      },
    ),
    { numRuns: 300 },
  );
});

test('the functions over them compute: HITPROBABILITY, REQUIREDLEADS with a confidence, PIPELINEHIT', () => {
  const ok = (v: unknown) => expect(typeof v).toBe('number');
  ok(core.callFunction('HITPROBABILITY', [5e9, 5, 1, [[1e-9]]]));
  ok(core.callFunction('HITPROBABILITY', [5e9, 5e9 - 3, 1, [[1 - 1e-9]]]));
  ok(core.callFunction('REQUIREDLEADS', [5, 1, [[1e-9]], 0.9]));
  ok(core.callFunction('REQUIREDLEADS', [3000000, 50000, [[0.5, 0.4, 0.25]], 0.9]));
  ok(core.callFunction('PIPELINEHIT', [5, [[0, 5e9]], [[0.5, 1e-9]]]));
});

test('billions of trials with a few successes or failures needed: exact, against sums to 60 digits', () => {
  // Each reference is the finite sum of the binomial terms, in Python's decimal with 60 digits.
  const cases: Array<[number, number, number, number]> = [
    [174133896019497, 17, 9.799035976104086e-14, 0.53835870295849664006705],
    [66559241672, 16, 2.520015421238843e-10, 0.60771061875237587143879],
    [750713555122729, 750713555122710, 0.999999999999, 3.4380299217328158442e-289],
    [749871353236481, 749871353236450, 0.999999999999, 3.7135860720464676044e-271],
  ];
  for (const [n, k, p, want] of cases) {
    const got = numeric.binomialAtLeast(n, p, k);
    expect({ n, k, rel: Math.abs(got / want - 1) < 1e-12 }).toEqual({ n, k, rel: true });
  }
});
