import fc from 'fast-check';
import { FUNCTIONS, RoiError, callFunction, isRoiError, type ArgValue, type Result } from '../../src/core';

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
    if (typeof c === 'number') expect(Number.isFinite(c)).toBe(true);
    else if (typeof c !== 'string') expect(isRoiError(c)).toBe(true);
  }
  if (Array.isArray(r)) {
    expect(r.length).toBeGreaterThan(0);
    for (const row of r) expect(row.length).toBe(r[0].length);
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
        expect(x).toBeLessThanOrEqual(y);
      }),
      cfg,
    );
  });

  test('REQUIREDDEALS and REQUIREDOPPS are monotone in the target', () => {
    fc.assert(
      fc.property(money, money, dealValue, rate, fc.integer({ min: 1, max: 24 }), rate, (a, b, v, w, n, s) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(callFunction('REQUIREDDEALS', [lo, v]) as number).toBeLessThanOrEqual(
          callFunction('REQUIREDDEALS', [hi, v]) as number,
        );
        expect(callFunction('REQUIREDOPPS', [lo, v, w, n, s]) as number).toBeLessThanOrEqual(
          callFunction('REQUIREDOPPS', [hi, v, w, n, s]) as number,
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
          expect(callFunction('REQUIREDLEADS', [lo, 1, [rs], cl]) as number).toBeLessThanOrEqual(
            callFunction('REQUIREDLEADS', [hi, 1, [rs], cl]) as number,
          );
          expect(callFunction('REQUIREDLEADS', [hi, 1, [rs], cl]) as number).toBeLessThanOrEqual(
            callFunction('REQUIREDLEADS', [hi, 1, [rs], ch]) as number,
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
        expect(f.length).toBe(rs.length + 1);
        expect(f[0][0]).toBe(callFunction('REQUIREDLEADS', [t, v, [rs]]));
        expect(f[f.length - 1][0]).toBe(callFunction('REQUIREDDEALS', [t, v]));
        for (let i = 1; i < f.length; i++) expect(f[i - 1][0]).toBeGreaterThanOrEqual(f[i][0]);
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
            expect(n.code).toBe('#NUM!'); // only when too large to compute exactly
            return;
          }
          const hit = (m: number) => callFunction('HITPROBABILITY', [m, deals, 1, [rs]]) as number;
          expect(hit(n as number)).toBeGreaterThanOrEqual(c);
          expect(hit((n as number) - 1)).toBeLessThan(c);
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
          expect(x).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThanOrEqual(1);
          expect(x).toBeLessThanOrEqual(y + 1e-12);
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
        expect(s.length).toBe(rs.length);
        for (const [vol, change] of s) {
          expect(vol).toBeLessThanOrEqual(today);
          expect(change).toBeLessThanOrEqual(0);
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
          for (let i = 0; i < rs.length; i++) if (rs[i] > rs[low]) expect(s[low][0]).toBeLessThanOrEqual(s[i][0]);
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
          expect(lower).toBeGreaterThanOrEqual(0);
          expect(lower).toBeLessThanOrEqual(point + 1e-12);
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
          expect(b).toBeGreaterThanOrEqual(a - 1e-12);
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
          expect(callFunction('LTV', [r, m, c, d]) as number).toBeCloseTo(sum, 6);
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
            expect(n.code).toBe('#NUM!');
            expect((r * m) / c).toBeLessThanOrEqual(cac * (1 + 1e-9));
            return;
          }
          const earned = (r * m * (1 - (1 - c) ** (n as number))) / c;
          expect(earned).toBeCloseTo(cac, 4);
        },
      ),
      cfg,
    );
  });
});
