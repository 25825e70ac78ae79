/**
 * "Explain this cell" says the numbers the cell's function computes: every count in an
 * explanation is the kernel's own (callFunction), for many inputs, counts into the
 * billions included, where a rounding rule of its own would be a whole unit off.
 */
import fc from 'fast-check';
import { callFunction, type RoiError } from '../../../src/core';
import { explainCall, fmtNumber, fmtPercent } from '../../../src/features/review/explain';
import { assertContains } from '../../helpers/cheap-asserts';

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
        assertContains(ex.lines[0], `= ${count(deals)} deals.`);
        assertContains(ex.lines[1], `= ${count(callFunction('REQUIREDLEADS', [t, v, [rates]]))} leads,`);
        assertContains(ex.lines[2], `you need ${count(ex.result)} leads`);
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
          assertContains(text, `= ${count(callFunction('REQUIREDOPPS', [t, v, w]))} qualified opportunities`);
          if (periods !== 1)
            assertContains(text, `= ${count(callFunction('REQUIREDOPPS', [t, v, w, periods]))} a period`);
          if (share !== 1) assertContains(text, `= ${count(ex.result)}`);
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
        assertContains(funnel.lines[0], `= ${count(deals)} deals.`);
        rows.slice(0, -1).forEach((r) => assertContains(funnel.lines[1], `= ${count(r[r.length - 1])}`));
        const hit = explainCall('HITPROBABILITY', [1000, t, v, [rates]]);
        if (!hit.error && deals !== 0) assertContains(hit.lines[0], `The target needs ${count(deals)} deals`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the time and calibration functions: the explanation says the kernel’s numbers', () => {
  const lag = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0.5, 1.25, 2.75));
  const stages = fc
    .integer({ min: 1, max: 4 })
    .chain((k) =>
      fc.tuple(fc.array(rate, { minLength: k, maxLength: k }), fc.array(lag, { minLength: k, maxLength: k })),
    );
  const periods = fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 8 });

  test('FUNNELPLAN: the deals, the volumes before period 1, and the first deals’ funnel', () => {
    fc.assert(
      fc.property(
        periods,
        fc.integer({ min: 1000, max: 200_000 }),
        stages,
        fc.boolean(),
        (targets, v, [rs, lags], column) => {
          const t = column ? targets.map((x) => [x]) : [targets];
          const ex = explainCall('FUNNELPLAN', [t, v, [rs], [lags]]);
          if (ex.error) return;
          const plan = callFunction('FUNNELPLAN', [[targets], v, [rs], [lags]]) as number[][];
          const dealsRow = plan[plan.length - 1];
          const deals = dealsRow.reduce((s, d) => s + d, 0);
          assertContains(ex.lines[0], `= ${count(deals)} deal`);
          if (deals === 0) return;
          const first = dealsRow.findIndex((d, i) => i > 0 && d > 0);
          const funnel = callFunction('FUNNEL', [dealsRow[first] * v, v, [rs]]) as number[][];
          const need = ex.lines.find((l) => l.startsWith('To close period'))!;
          assertContains(need, `To close period ${first}'s ${count(dealsRow[first])} deal`);
          funnel.slice(0, -1).forEach((row, i) => assertContains(need, `${count(row[0])} at stage ${i + 1}`));
          const before = ex.lines.find((l) => l.startsWith('Before period 1'));
          if (lags.some((l) => l > 0))
            plan.slice(0, -1).forEach((row, i) => assertContains(before, `${count(row[0])} at stage ${i + 1}`));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('FUNNELFORECAST: the expected deals within the periods and after them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 8 }),
        stages,
        (top, [rs, lags]) => {
          const ex = explainCall('FUNNELFORECAST', [[top], [rs], [lags]]);
          const grid = callFunction('FUNNELFORECAST', [[top], [rs], [lags]]) as number[][];
          const last = grid[grid.length - 1];
          const within = last.slice(0, top.length).reduce((s, x) => s + x, 0);
          assertContains(
            ex.lines[0],
            `= ${count(within + last[top.length])} expected deals: ${count(within)} by period`,
          );
          assertContains(ex.lines[0], `, ${count(last[top.length])} after it`);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('PIPELINEHIT: the chance is the cell’s', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 2 }),
        fc.array(rate, { minLength: 2, maxLength: 2 }),
        (need, open, rs) => {
          const ex = explainCall('PIPELINEHIT', [need, [open], [rs]]);
          assertContains(ex.lines[1], `is ${fmtPercent(callFunction('PIPELINEHIT', [need, [open], [rs]]) as number)}`);
        },
      ),
      { numRuns: 100 },
    );
  });

  const dates = fc
    .array(
      fc.tuple(
        fc.integer({ min: 45600, max: 45700 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: -1, max: 40 }),
      ),
      { minLength: 1, maxLength: 30 },
    )
    .map((rows) => rows.map(([d, a, b]) => [d, a % 3 === 0 ? null : d + a, b < 0 || a % 3 === 0 ? null : d + a + b]));

  test('STAGERATES: counted and converted are the kernel’s, and the default ages are STAGELAGS at 90%', () => {
    fc.assert(
      fc.property(dates, (grid) => {
        const ex = explainCall('STAGERATES', [grid]);
        const rows = callFunction('STAGERATES', [grid]) as Array<Array<number | RoiError>>;
        const ages = callFunction('STAGELAGS', [grid, 0.9]) as Array<Array<number | RoiError>>;
        rows.forEach(([counted, converted, r], i) => {
          const line = ex.lines[i + 1];
          if (typeof r !== 'number') return;
          assertContains(line, `: ${count(counted)} entered`);
          assertContains(line, `, ${count(converted)} of them converted = ${fmtPercent(r)}`);
          const age = ages[i][0];
          if (typeof age === 'number' && age > 0) assertContains(line, `at least ${count(age)} day`);
        });
      }),
      { numRuns: 200 },
    );
  });

  test('STAGELAGS: each lag is the kernel’s', () => {
    fc.assert(
      fc.property(dates, fc.constantFrom(0.5, 0.9), (grid, q) => {
        const ex = explainCall('STAGELAGS', [grid, q, 7]);
        const lags = callFunction('STAGELAGS', [grid, q, 7]) as Array<Array<number | RoiError>>;
        lags.forEach(([v], i) => {
          if (typeof v === 'number') assertContains(ex.lines[0], `stage ${i + 1} to ${i + 2}: ${fmtNumber(v)}`);
          else assertContains(ex.lines[0], `stage ${i + 1} to ${i + 2}: no record`);
        });
      }),
      { numRuns: 200 },
    );
  });
});
