import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FUNCTIONS, RoiError, callFunction, isRoiError, type ArgValue, type Result } from '../../src/core';
import { assertAbove, assertAtLeast, assertAtMost, assertBelow, assertCloseTo } from '../helpers/cheap-asserts';

const rate = fc.double({ min: 0.001, max: 1, noNaN: true });
const rates = fc.array(rate, { minLength: 1, maxLength: 5 });
const money = fc.double({ min: 0, max: 1e9, noNaN: true });
const dealValue = fc.double({ min: 1, max: 1e6, noNaN: true });
const confidence = fc.double({ min: 0.01, max: 0.99, noNaN: true });

const anyCell = fc.oneof(
  fc.double(), // includes NaN, Infinity, -0
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(''),
  fc.constantFrom('#N/A', '#DIV/0!', '#REF!').map((c) => new RoiError(c as '#N/A', 'x')),
);
const anyArg: fc.Arbitrary<ArgValue> = fc.oneof(
  { weight: 3, arbitrary: anyCell },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.array(anyCell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
      .map((rows) => rows.map((r) => r.slice(0, rows[0].length)).filter((r) => r.length === rows[0].length)),
  },
);

function assertClean(r: Result) {
  const cells = Array.isArray(r) ? r.flat() : [r];
  for (const c of cells) {
    if (typeof c === 'number') assert.ok(Number.isFinite(c), `a cell is ${c}`);
    else if (typeof c !== 'string') assert.ok(isRoiError(c), `a cell is ${String(c)}, not a number, text or an error`);
  }
  if (Array.isArray(r)) {
    assertAbove(r.length, 0, 'rows');
    for (const row of r)
      assert.equal(row.length, r[0].length, `a row of ${row.length} cells, the first of ${r[0].length}`);
  }
}

const cfg = { numRuns: 300 };

describe('no input makes a function throw or return NaN/Infinity', () => {
  test.each(FUNCTIONS.map((f) => [f.id, f.params.length] as const))('%s', (id, n) => {
    fc.assert(
      fc.property(fc.array(anyArg, { minLength: 0, maxLength: n }), (args) => {
        assertClean(callFunction(id, args));
      }),
      cfg,
    );
  });
});

describe('reverse funnel properties', () => {
  test('REQUIREDLEADS is monotone in the target', () => {
    fc.assert(
      fc.property(money, money, dealValue, rates, (a, b, v, rs) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = callFunction('REQUIREDLEADS', [lo, v, [rs]]) as number;
        const y = callFunction('REQUIREDLEADS', [hi, v, [rs]]) as number;
        assertAtMost(x, y);
      }),
      cfg,
    );
  });

  test('REQUIREDDEALS and REQUIREDOPPS are monotone in the target', () => {
    fc.assert(
      fc.property(money, money, dealValue, rate, fc.integer({ min: 1, max: 24 }), rate, (a, b, v, w, n, s) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assertAtMost(callFunction('REQUIREDDEALS', [lo, v]), callFunction('REQUIREDDEALS', [hi, v]), 'REQUIREDDEALS');
        assertAtMost(
          callFunction('REQUIREDOPPS', [lo, v, w, n, s]),
          callFunction('REQUIREDOPPS', [hi, v, w, n, s]),
          'REQUIREDOPPS',
        );
      }),
      cfg,
    );
  });

  test('REQUIREDLEADS with confidence is monotone in the target and in the confidence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
        confidence,
        confidence,
        (a, b, rs, c1, c2) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const [cl, ch] = c1 <= c2 ? [c1, c2] : [c2, c1];
          assertAtMost(
            callFunction('REQUIREDLEADS', [lo, 1, [rs], cl]),
            callFunction('REQUIREDLEADS', [hi, 1, [rs], cl]),
            'a higher target',
          );
          assertAtMost(
            callFunction('REQUIREDLEADS', [hi, 1, [rs], cl]),
            callFunction('REQUIREDLEADS', [hi, 1, [rs], ch]),
            'a higher confidence',
          );
        },
      ),
      cfg,
    );
  });

  test("FUNNEL's top row equals REQUIREDLEADS and its last row REQUIREDDEALS; volumes never shrink going up", () => {
    fc.assert(
      fc.property(money, dealValue, rates, (t, v, rs) => {
        const f = callFunction('FUNNEL', [t, v, [rs]]) as number[][];
        assert.equal(f.length, rs.length + 1);
        assert.equal(f[0][0], callFunction('REQUIREDLEADS', [t, v, [rs]]));
        assert.equal(f[f.length - 1][0], callFunction('REQUIREDDEALS', [t, v]));
        for (let i = 1; i < f.length; i++) assertAtLeast(f[i - 1][0], f[i][0], `stage ${i} against stage ${i + 1}`);
      }),
      cfg,
    );
  });

  test('HITPROBABILITY(REQUIREDLEADS(..., c)) >= c, and one lead fewer falls below c', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.array(fc.double({ min: 0.0005, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 4 }),
        confidence,
        (deals, rs, c) => {
          const n = callFunction('REQUIREDLEADS', [deals, 1, [rs], c]);
          if (isRoiError(n)) {
            assert.equal(n.code, '#NUM!'); // only when too large to compute exactly
            return;
          }
          const hit = (m: number) => callFunction('HITPROBABILITY', [m, deals, 1, [rs]]) as number;
          assertAtLeast(hit(n as number), c, `HITPROBABILITY of ${n as number} leads`);
          assertBelow(hit((n as number) - 1), c, `HITPROBABILITY of ${(n as number) - 1} leads`);
        },
      ),
      cfg,
    );
  });

  test('HITPROBABILITY is a probability, non-decreasing in planned leads', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 0, max: 1e5 }),
        rates,
        (a, b, deals, rs) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const x = callFunction('HITPROBABILITY', [lo, deals, 1, [rs]]) as number;
          const y = callFunction('HITPROBABILITY', [hi, deals, 1, [rs]]) as number;
          assertAtLeast(x, 0);
          assertAtMost(y, 1);
          assertAtMost(x, y + 1e-12, 'fewer planned leads');
        },
      ),
      cfg,
    );
  });

  test('SENSITIVITY: raising a rate never raises the volume needed', () => {
    fc.assert(
      fc.property(money, dealValue, rates, fc.double({ min: 0.001, max: 1, noNaN: true }), (t, v, rs, step) => {
        const today = callFunction('REQUIREDLEADS', [t, v, [rs]]) as number;
        const s = callFunction('SENSITIVITY', [t, v, [rs], step]) as number[][];
        assert.equal(s.length, rs.length);
        for (const [vol, change] of s) {
          assertAtMost(vol, today, 'volume');
          assertAtMost(change, 0, 'change');
        }
      }),
      cfg,
    );
  });

  test('SENSITIVITY: the lowest rate is never a worse lever than a higher one', () => {
    fc.assert(
      fc.property(
        money,
        dealValue,
        fc.array(rate, { minLength: 2, maxLength: 5 }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (t, v, rs, step) => {
          const s = callFunction('SENSITIVITY', [t, v, [rs], step]) as number[][];
          const low = rs.indexOf(Math.min(...rs));
          for (let i = 0; i < rs.length; i++)
            if (rs[i] > rs[low]) assertAtMost(s[low][0], s[i][0], `the lowest rate's volume against rate ${i + 1}'s`);
        },
      ),
      cfg,
    );
  });
});

describe('lead quality properties', () => {
  test('the Wilson lower bound lies in [0, share] for confidence >= 50%', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (n, share, c) => {
          const q = Math.floor(n * share);
          const point = callFunction('LEADQUALITY', [n, q]) as number;
          const lower = callFunction('LEADQUALITY', [n, q, c]) as number;
          assertAtLeast(lower, 0);
          assertAtMost(lower, point + 1e-12, 'the lower bound against the share');
        },
      ),
      cfg,
    );
  });
  test('more evidence at the same share raises the lower bound', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 2, max: 50 }),
        (n, k10, mult) => {
          const q = Math.round((n * k10) / 10);
          const a = callFunction('LEADQUALITY', [n, q, 0.9]) as number;
          const b = callFunction('LEADQUALITY', [n * mult, q * mult, 0.9]) as number;
          assertAtLeast(b, a - 1e-12, 'the bound with more evidence');
        },
      ),
      cfg,
    );
  });
});

describe('unit economics properties', () => {
  test('LTV equals the discounted sum it stands for', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (r, m, c, d) => {
          let sum = 0;
          for (let t = 1; t <= 2000; t++) sum += (r * m * (1 - c) ** (t - 1)) / (1 + d) ** t;
          assertCloseTo(callFunction('LTV', [r, m, c, d]), sum, 6);
        },
      ),
      { numRuns: 100 },
    );
  });
  test('PAYBACK with churn: the margin earned by then equals CAC', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 100, max: 1e4, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (cac, r, m, c) => {
          const n = callFunction('PAYBACK', [cac, r, m, c]);
          if (isRoiError(n)) {
            assert.equal(n.code, '#NUM!');
            assertAtMost((r * m) / c, cac * (1 + 1e-9), 'the lifetime margin');
            return;
          }
          const earned = (r * m * (1 - (1 - c) ** (n as number))) / c;
          assertCloseTo(earned, cac, 4, `the margin earned in ${n as number} periods`);
        },
      ),
      cfg,
    );
  });
});
