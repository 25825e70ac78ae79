/**
 * "Explain this cell" says the numbers the cell's function computes: every count in an
 * explanation is the kernel's own (callFunction), for many inputs, counts into the
 * billions included, where a rounding rule of its own would be a whole unit off.
 */
import fc from 'fast-check';
import { callFunction } from '../../../src/core';
import { explainCall, fmtNumber } from '../../../src/features/review/explain';

const count = (x: unknown) => fmtNumber(x as number, 2);
const rate = fc.double({ min: 0.01, max: 1, noNaN: true });
// Revenue targets and deal values whose deal count reaches 10^10.
const target = fc.oneof(fc.integer({ min: 1, max: 1e7 }), fc.integer({ min: 1e8, max: 1e13 }));
const dealValue = fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.5, max: 1e6, noNaN: true }));

describe('explanations use the kernels’ numbers', () => {
  test('REQUIREDLEADS with a confidence: the deals and the average leads are REQUIREDDEALS and REQUIREDLEADS', () => {
    fc.assert(
      fc.property(target, dealValue, fc.array(rate, { minLength: 1, maxLength: 4 }), (t, v, rates) => {
        const ex = explainCall('REQUIREDLEADS', [t, v, [rates], 0.9]);
        if (ex.error) return;
        const deals = callFunction('REQUIREDDEALS', [t, v]);
        if (deals === 0) return;
        expect(ex.lines[0]).toContain(`= ${count(deals)} deals.`);
        expect(ex.lines[1]).toContain(`= ${count(callFunction('REQUIREDLEADS', [t, v, [rates]]))} leads,`);
        expect(ex.lines[2]).toContain(`you need ${count(ex.result)} leads`);
      }),
      { numRuns: 300 },
    );
  });

  test('the exact whole counts the old rounding took a unit off: 10^9 deals at 50%', () => {
    const ex = explainCall('REQUIREDLEADS', [1e9, 1, [[0.5]], 0.5]);
    expect(ex.lines[1]).toContain(`= ${count(2e9)} leads,`);
    expect(callFunction('REQUIREDLEADS', [1e9, 1, [[0.5]]])).toBe(2e9);
  });

  test('REQUIREDOPPS: opportunities and opportunities a period are the kernel’s', () => {
    fc.assert(
      fc.property(
        target,
        dealValue,
        rate,
        fc.integer({ min: 1, max: 24 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (t, v, w, periods, share) => {
          const ex = explainCall('REQUIREDOPPS', [t, v, w, periods, share]);
          if (ex.error || callFunction('REQUIREDDEALS', [t, v]) === 0) return;
          const text = ex.lines.join(' ');
          expect(text).toContain(`= ${count(callFunction('REQUIREDOPPS', [t, v, w]))} qualified opportunities`);
          if (periods !== 1)
            expect(text).toContain(`= ${count(callFunction('REQUIREDOPPS', [t, v, w, periods]))} a period`);
          if (share !== 1) expect(text).toContain(`= ${count(ex.result)}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('FUNNEL and HITPROBABILITY: each stage and the deals are the kernel’s', () => {
    fc.assert(
      fc.property(target, dealValue, fc.array(rate, { minLength: 1, maxLength: 4 }), (t, v, rates) => {
        const funnel = explainCall('FUNNEL', [t, v, [rates]]);
        if (funnel.error) return;
        const rows = callFunction('FUNNEL', [t, v, [rates]]) as Array<Array<number | string>>;
        const deals = callFunction('REQUIREDDEALS', [t, v]);
        expect(funnel.lines[0]).toContain(`= ${count(deals)} deals.`);
        rows.slice(0, -1).forEach((r) => expect(funnel.lines[1]).toContain(`= ${count(r[r.length - 1])}`));
        const hit = explainCall('HITPROBABILITY', [1000, t, v, [rates]]);
        if (!hit.error && deals !== 0) expect(hit.lines[0]).toContain(`The target needs ${count(deals)} deals`);
      }),
      { numRuns: 200 },
    );
  });
});
