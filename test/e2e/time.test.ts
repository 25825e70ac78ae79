/**
 * The plan on a calendar in the workbench, in Chromium, as a user drives it: build the
 * model from the task pane, read the "Month by month" block (the months from the fiscal
 * start, the leads needed before the year and each month, its sentence and chart), then
 * type January's actual leads and deals into the Pace block and watch the forecast, the
 * shortfall, the extra leads and the pace chart follow. Every expected text is the headless
 * engine's, computed here on the same plan and the same typed cells. Screenshots of both
 * blocks go to docs/images/ (the README shows them).
 */
import { join } from 'node:path';
import { isRoiError } from '../../src/core';
import { defaultInputs, planModel, previewModel, type ModelPlan } from '../../src/features/model';
import { formatValue } from '../../src/base/format';
import { createEngineWorkbook } from '../../src/workbook/engine';
import { cell, expectCell, expectText, goTo, openWorkbench, typeInto, type Session } from './helpers';
import { ROOT } from './setup/server';

const SHEET = 'ROI Model';
let s: Session;

beforeAll(async () => {
  s = await openWorkbench({ viewport: { width: 1900, height: 1150 } });
}, 120_000);

afterAll(async () => {
  await s?.browser.close();
});

function formatOf(plan: ModelPlan, address: string): string {
  const w = [...plan.batch.cells].reverse().find((c) => c.address === address && c.numberFormat !== undefined);
  return w?.numberFormat ?? 'General';
}

/** What the engine shows in a cell of the plan, after the same typed cells. */
async function engineShows(plan: ModelPlan, typed: Array<[string, string]>) {
  const wb = createEngineWorkbook();
  await wb.applyBatch(plan.batch);
  for (const [a, t] of typed) wb.setCellFromUser(SHEET, a, t);
  return (key: string) => {
    const address = plan.cells[key];
    const v = wb.getValue(SHEET, address);
    if (isRoiError(v)) return v.code;
    if (typeof v === 'string') return v;
    return formatValue(v, formatOf(plan, address));
  };
}

/** Scrolls the grid so that `address` is near the top left, and saves the page as docs/images/<name>. */
async function shoot(address: string, name: string) {
  await goTo(s.page, address);
  await cell(s.page, address).scrollIntoViewIfNeeded();
  await s.page.waitForTimeout(300);
  await s.page.screenshot({ path: join(ROOT, 'docs', 'images', name) });
}

const plan = planModel(defaultInputs(), SHEET);
const expected = previewModel(defaultInputs());

test('build the model: the month-by-month block shows the plan by month, its sentences and its chart', async () => {
  const pane = s.page.getByRole('complementary', { name: 'Outcome ROI task pane' });
  await expectText(s.page, 'month-sentence', expected.months.sentence as string);
  await pane.getByRole('button', { name: 'Build model' }).click();
  await pane.getByTestId('model-notice').filter({ hasText: 'Model built' }).waitFor();
  const shows = await engineShows(plan, []);
  for (const m of [0, 5, 11]) await expectCell(s.page, plan.cells[`months.label.${m}`], shows(`months.label.${m}`));
  await expectCell(s.page, plan.cells['months.leads.before'], shows('months.leads.before'));
  await expectCell(s.page, plan.cells['months.leads.0'], shows('months.leads.0'));
  await expectCell(s.page, plan.cells['months.deals.3'], shows('months.deals.3'));
  await expectCell(s.page, plan.cells.monthSentence, expected.months.sentence as string);
  await expectCell(s.page, plan.cells.beforeSentence, expected.months.beforeSentence as string);
  await expect(s.page.locator(`[data-spill="${plan.spills.monthPlan}"]`).count()).resolves.toBe(1);
  const chart = s.page.locator('[data-chart="ROI_MonthChart"]');
  await expect(chart.count()).resolves.toBe(1);
  await expect(chart.locator('svg').getAttribute('aria-label')).resolves.toMatch(/^Leads: 400, 100, .*; Deals: 0, 5, /);
  await shoot(
    plan.cells['months.label.0'].replace(/^[A-Z]+/, 'A').replace(/\d+$/, (r) => String(Number(r) - 2)),
    'month-by-month.png',
  );
});

test('type January actuals into Pace: the forecast, the shortfall, the extra leads and the chart follow', async () => {
  const leadsJan = plan.userCells[plan.capacity > 0 ? 1 * 12 : 0]; // the Leads row (the lead stage is the second)
  const dealsJan = plan.userCells[plan.capacity * 12];
  const typed: Array<[string, string]> = [
    [leadsJan, '50'],
    [dealsJan, '3'],
  ];
  await expectCell(
    s.page,
    plan.cells.paceSentence,
    'On pace: the deals closed and expected reach the plan by year end.',
  );
  for (const [a, t] of typed) await typeInto(s.page, a, t);
  const shows = await engineShows(plan, typed);
  await expectCell(s.page, plan.cells.monthsPassed, '1');
  await expectCell(s.page, plan.cells['pace.expected.4'], shows('pace.expected.4'));
  // 50 leads short in January is 2.5 deals short, spread by the half-month lags over April to June (1/4, 1/2, 1/4).
  expect(['pace.expected.3', 'pace.expected.4', 'pace.expected.5'].map(shows)).toEqual(['4.4', '3.8', '4.4']);
  await expectCell(s.page, plan.cells['pace.expected.3'], shows('pace.expected.3'));
  expect(shows('pace.yearShortfall')).toBe('4.5');
  await expectCell(s.page, plan.cells['pace.yearShortfall'], shows('pace.yearShortfall'));
  await expectCell(s.page, plan.cells['pace.extraLeads'], shows('pace.extraLeads'));
  expect(shows('pace.extraLeads')).toBe('90');
  await expectCell(s.page, plan.cells.paceSentence, shows('paceSentence'));
  expect(shows('paceSentence')).toMatch(/^At this pace the year ends 4\.5 deals short: about 90 more leads now/);
  // The chart of plan, actual and forecast deals follows the typed cells.
  const chart = s.page.locator('[data-chart="ROI_PaceChart"]');
  await expect(chart.count()).resolves.toBe(1);
  await expect(chart.locator('svg').getAttribute('aria-label')).resolves.toMatch(/Actual: 3, -/);
  await shoot(
    plan.cells['pace.leads.0'].replace(/^[A-Z]+/, 'A').replace(/\d+$/, (r) => String(Number(r) - 14)),
    'pace.png',
  );
  expect(s.pageErrors).toEqual([]);
  expect(s.offHost).toEqual([]);
});
