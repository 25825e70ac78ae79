/**
 * The workbench in Chromium, end to end, as a user drives it: fill the model form, build
 * the model, read the grid and compare every key number with the core (computed here, in
 * the test process), edit an input cell and a scenario cell in the grid and watch the
 * outputs follow, see an error explained, download the workbook and check it with
 * `roi recalc`, and open files (the downloaded model, and Excel's own fixture with an ROI
 * cell added in the stuck spelling). Screenshots go to test-results/.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { callFunction, isRoiError, type Result } from '../../src/core';
import {
  defaultInputs,
  planModel,
  previewModel,
  type ModelInputs,
  type ModelPlan,
  type ModelPreview,
  type PreviewValue,
} from '../../src/features/model';
import { formatValue } from '../../src/base/format';
import { XlsxPackage } from '../../src/xlsx/package';
import { key, rebuildSheet } from '../../src/xlsx/sheet';
import { loadWorkbook } from '../../src/xlsx/workbook';
import {
  cell,
  expectCell,
  expectText,
  expectValue,
  goTo,
  openWorkbench,
  readCell,
  resultPath,
  screenshot,
  typeInto,
  type Session,
} from './helpers';
import { FIXTURE } from '../helpers/xlsx-fixtures';
import { roi as roiCommand } from '../helpers/roi-process';

const SHEET = 'ROI Model';
/** Excel's own file (the shared fixture beside the repository). */
const fixturePath = () => FIXTURE;

let s: Session;

beforeAll(async () => {
  s = await openWorkbench();
}, 120_000);

afterAll(async () => {
  await s?.browser.close();
});

/** The number format the plan gives a cell. */
function formatOf(plan: ModelPlan, address: string): string {
  const w = [...plan.batch.cells].reverse().find((c) => c.address === address && c.numberFormat !== undefined);
  return w?.numberFormat ?? 'General';
}

/** What a cell must show for a value the core computed, under the plan's format. */
function shown(plan: ModelPlan, address: string, v: PreviewValue | number): string {
  return isRoiError(v) ? v.code : formatValue(v, formatOf(plan, address));
}

/** The key outputs of the model sheet: preview key -> value. */
function keyOutputs(p: ModelPreview): Record<string, PreviewValue> {
  return {
    revenueGap: p.revenueGap,
    deals: p.deals,
    opportunities: p.opportunities,
    opportunitiesPerMonth: p.opportunitiesPerMonth,
    marketingOpportunitiesPerMonth: p.marketingOpportunitiesPerMonth,
    leads: p.leads,
    leadsPerMonth: p.leadsPerMonth,
    leadsAtConfidence: p.leadsAtConfidence,
    hitProbability: p.hitProbability,
    cac: p.cac,
    ltv: p.ltv,
    paybackMonths: p.paybackMonths,
    romi: p.romi,
    customerProfit: p.customerProfit,
  };
}

/** Every key output on the sheet shows the core's number, formatted, and holds it exactly. */
async function expectOutputs(plan: ModelPlan, p: ModelPreview): Promise<void> {
  for (const [k, v] of Object.entries(keyOutputs(p))) {
    const address = plan.cells[k];
    expect({ k, address }).toEqual({ k, address: expect.any(String) });
    await expectCell(s.page, address, shown(plan, address, v));
    if (typeof v === 'number') {
      const raw = Number(await cell(s.page, address).getAttribute('data-value'));
      expect({ k, raw }).toEqual({
        k,
        raw: expect.closeTo(v, Math.max(0, -Math.floor(Math.log10(Math.abs(v) || 1))) + 8),
      });
    }
  }
}

function withChanges(base: ModelInputs, change: (i: ModelInputs) => void): ModelInputs {
  const copy = JSON.parse(JSON.stringify(base)) as ModelInputs;
  change(copy);
  return copy;
}

function scalar(r: Result): number {
  if (typeof r !== 'number') throw new Error(`expected a number, got ${JSON.stringify(r)}`);
  return r;
}

/** `roi recalc FILE --json`, as users run it. */
function recalc(file: string): { status: number | null; report: Record<string, unknown>; stderr: string } {
  const r = roiCommand(['recalc', file, '--json']);
  let report: Record<string, unknown> = {};
  try {
    report = JSON.parse(r.stdout);
  } catch {
    /* reported by the assertions below */
  }
  return { status: r.code, report, stderr: r.stderr + r.stdout };
}

async function download(name: string): Promise<string> {
  const [dl] = await Promise.all([
    s.page.waitForEvent('download', { timeout: 60_000 }),
    s.page.getByRole('button', { name: 'Download .xlsx' }).click(),
  ]);
  const path = resultPath(name);
  await dl.saveAs(path);
  return path;
}

async function openFile(path: string): Promise<void> {
  await s.page.getByTestId('open-input').setInputFiles(path);
  await s.page
    .getByTestId('workbench-notice')
    .filter({ hasText: `Opened ${basename(path)}` })
    .waitFor({ timeout: 60_000 });
}

const sheetTabs = () => s.page.locator('[data-sheet-tab]').allInnerTexts();

/* The model the user builds, and the state of the sheet after each step. */
const built = withChanges(defaultInputs(), (i) => {
  i.averageDealValue = 60_000;
  i.growthRate = 0.25;
});
const plan = planModel(built, SHEET);
let current = built;

describe('the workbench page', () => {
  test('opens with the task pane beside an empty grid, and loads nothing from another host (no office.js)', async () => {
    await expect(s.page.title()).resolves.toBe('Outcome ROI workbench');
    expect(await sheetTabs()).toEqual(['Sheet1']);
    await expect(s.page.getByRole('tab', { name: 'Model' }).count()).resolves.toBe(1);
    await screenshot(s.page, 'workbench-start.png');
    expect(s.offHost).toEqual([]);
    expect(s.requests.filter((u) => /office(\.debug)?\.js|appsforoffice/i.test(u))).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  test('arrow keys move the selection; typing edits a cell and Escape puts it back', async () => {
    await cell(s.page, 'A1').click();
    await s.page.keyboard.press('ArrowDown');
    await s.page.keyboard.press('ArrowDown');
    await s.page.keyboard.press('ArrowRight');
    await expectValue(s.page, 'name-box', 'B3');
    await s.page.keyboard.press('ArrowUp');
    await expectValue(s.page, 'name-box', 'B2');
    await s.page.keyboard.type('123');
    await expectValue(s.page, 'cell-editor', '123');
    await s.page.keyboard.press('Escape');
    await expect(s.page.getByTestId('cell-editor').count()).resolves.toBe(0);
    await expect(cell(s.page, 'B2').innerText()).resolves.toBe('');
    // A formula typed into a cell is evaluated by the engine, and the formula bar shows it.
    await typeInto(s.page, 'B2', '=ROI.REQUIREDDEALS(3000000,50000)');
    await expectCell(s.page, 'B2', '60');
    await expectValue(s.page, 'formula-bar', '=ROI.REQUIREDDEALS(3000000,50000)');
    await s.page.keyboard.press('Delete');
    await expectCell(s.page, 'B2', '');
  });

  test('fill the model form, build the model: the grid shows the core numbers', async () => {
    const pane = s.page.getByRole('complementary', { name: 'Outcome ROI task pane' });
    await pane.locator('input[data-field="averageDealValue"]').fill('60000');
    await pane.locator('input[data-field="growthRate"]').fill('25');
    const expected = previewModel(built);
    // The pane's preview follows the form (deferred while typing), computed by the core.
    await expectText(s.page, 'preview-sentence', expected.sentence as string);
    await pane.getByRole('button', { name: 'Build model' }).click();
    await s.page.locator(`[data-sheet-tab="${SHEET}"]`).waitFor();
    await pane.getByTestId('model-notice').filter({ hasText: 'Model built' }).waitFor();
    expect(await sheetTabs()).toEqual(['Sheet1', SHEET]);
    await expect(s.page.locator('[data-testid=grid]').getAttribute('data-sheet')).resolves.toBe(SHEET);

    await expectCell(s.page, plan.cells.sentence, expected.sentence as string);
    await expectOutputs(plan, expected);
    // The funnel spills down two columns: stage names and volumes, outlined.
    const funnel = expected.funnel;
    if (isRoiError(funnel)) throw new Error(`funnel is ${funnel.code}`);
    const top = Number(/\d+/.exec(plan.cells.funnel)![0]);
    for (let i = 0; i < funnel.length; i++) {
      await expectCell(s.page, `A${top + i}`, funnel[i].name);
      await expectCell(s.page, `B${top + i}`, shown(plan, `B${top + i}`, funnel[i].volume));
    }
    await expect(s.page.locator(`[data-spill="${plan.spills.funnel}"]`).count()).resolves.toBe(1);
    await expect(s.page.locator('[data-chart="ROI_FunnelChart"]').count()).resolves.toBe(1);
    await goTo(s.page, 'A1');
    await screenshot(s.page, 'workbench-model.png');
    await goTo(s.page, plan.cells.funnel);
    await screenshot(s.page, 'workbench-funnel.png');
    expect(s.pageErrors).toEqual([]);
  });

  test('what moves the number: the sensitivity spill and its chart show the core numbers', async () => {
    const sens = previewModel(current).sensitivity;
    if (isRoiError(sens)) throw new Error(`sensitivity is ${sens.code}`);
    const anchor = plan.cells.sensitivity;
    const row0 = Number(/\d+/.exec(anchor)![0]);
    for (let j = 0; j < sens.length; j++) {
      await expectCell(s.page, `C${row0 + j}`, shown(plan, `C${row0 + j}`, sens[j].volume));
      await expectCell(s.page, `B${row0 + j}`, shown(plan, `B${row0 + j}`, sens[j].saved));
    }
    await expect(s.page.locator('[data-chart="ROI_SensitivityChart"]').count()).resolves.toBe(1);
    await screenshot(s.page, 'workbench-sensitivity.png');
    // The charts sit where the model placed them, right of the tables.
    await goTo(s.page, 'A52');
    await s.page.getByTestId('grid-body').hover();
    await s.page.mouse.wheel(640, 0);
    await s.page.waitForTimeout(300);
    const labels = await s.page.locator('[data-chart="ROI_FunnelChart"] svg').getAttribute('aria-label');
    const funnel = previewModel(current).funnel;
    if (isRoiError(funnel)) throw new Error('funnel is an error');
    expect(labels).toContain(`${funnel[0].name}: `);
    await screenshot(s.page, 'workbench-charts.png');
  });

  test('editing input cells in the grid recalculates every output', async () => {
    await typeInto(s.page, plan.cells['input.averageDealValue'], '80000');
    current = withChanges(current, (i) => (i.averageDealValue = 80_000));
    await expectCell(s.page, plan.cells['input.averageDealValue'], '$80,000');
    await expectOutputs(plan, previewModel(current));

    // A rate typed as 30 in a percent cell is 30%, as in Excel.
    const closeRate = plan.cells[`input.stages.${built.stages.length - 1}.rate`];
    await typeInto(s.page, closeRate, '30');
    current = withChanges(current, (i) => (i.stages[i.stages.length - 1].rate = 0.3));
    await expectCell(s.page, closeRate, '30.0%');
    await expectValue(s.page, 'formula-bar', '30%');
    await expectOutputs(plan, previewModel(current));
    await goTo(s.page, plan.cells.deals);
    await screenshot(s.page, 'workbench-edited.png');
  });

  test("editing a scenario cell changes that scenario's outputs, and only those", async () => {
    const p = previewModel(current);
    const low = p.scenarios.find((x) => x.name === 'Low')!;
    const lowDeal = plan.cells['scenario.Low.dealValue'];
    await typeInto(s.page, lowDeal, '40000');
    const gap = scalar(p.revenueGap as number);
    const lowRates = low.rates.slice(current.leadStage);
    const expectLow = {
      deals: scalar(callFunction('REQUIREDDEALS', [gap, 40_000])),
      leads: scalar(callFunction('REQUIREDLEADS', [gap, 40_000, [lowRates]])),
      leadsAtConfidence: scalar(callFunction('REQUIREDLEADS', [gap, 40_000, [lowRates], current.confidence])),
      hitProbability: scalar(
        callFunction('HITPROBABILITY', [current.plannedLeadsPerMonth * 12, gap, 40_000, [lowRates]]),
      ),
    };
    expect(expectLow.deals).not.toBe(low.deals);
    for (const [k, v] of Object.entries(expectLow)) {
      const address = plan.cells[`scenario.Low.${k}`];
      await expectCell(s.page, address, shown(plan, address, v));
    }
    for (const name of ['Base', 'High'] as const) {
      const row = p.scenarios.find((x) => x.name === name)!;
      for (const k of ['deals', 'leads', 'leadsAtConfidence', 'hitProbability'] as const) {
        const address = plan.cells[`scenario.${name}.${k}`];
        await expectCell(s.page, address, shown(plan, address, row[k]));
      }
    }
    const scenarioTop = Number(/\d+/.exec(plan.cells['scenario.Base.rates.0'])![0]) - 3;
    await goTo(s.page, `A${scenarioTop}`);
    await screenshot(s.page, 'workbench-scenarios.png');
  });

  test('an error cell says what is wrong on hover and in the status bar', async () => {
    const firstRate = plan.cells['input.stages.0.rate'];
    const before = current.stages[0].rate;
    await typeInto(s.page, firstRate, '150%');
    const broken = previewModel(withChanges(current, (i) => (i.stages[0].rate = 1.5)));
    const funnelErr = broken.funnel;
    expect(isRoiError(funnelErr)).toBe(true);
    if (!isRoiError(funnelErr)) return;
    const anchor = plan.cells.funnel;
    await expectCell(s.page, anchor, funnelErr.code);
    await expect(cell(s.page, anchor).getAttribute('title')).resolves.toBe(`${funnelErr.code} ${funnelErr.message}`);
    await expect(s.page.getByTestId('status').innerText()).resolves.toContain(funnelErr.message);
    await cell(s.page, anchor).hover();
    await screenshot(s.page, 'workbench-error.png');
    await typeInto(s.page, firstRate, `${before * 100}%`);
    await expectOutputs(plan, previewModel(current));
  });

  let downloaded = '';
  test('Download .xlsx: ROI calls in the _xldudf_ spelling with fresh cached values (roi recalc finds nothing stale)', async () => {
    downloaded = await download('workbench-model.xlsx');
    const files = unzipSync(new Uint8Array(readFileSync(downloaded)));
    const sheets = Object.keys(files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    const xml = sheets.map((f) => strFromU8(files[f])).join('\n');
    expect(xml).toMatch(/<f t="array" ref="[A-Z]+\d+(:[A-Z]+\d+)?">_xldudf_ROI_FUNNEL\(/);
    expect(xml).not.toMatch(/<f[^>]*>ROI\./);
    const r = recalc(downloaded);
    expect({ status: r.status, out: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, out: '' });
    expect(r.report.roiFormulas).toBeGreaterThan(20);
    expect(r.report.stale).toEqual([]);
    expect(r.report.resolved).toEqual([]);
    expect(r.report.notEvaluated).toEqual([]);
  });

  test('Open .xlsx: the downloaded model opens with its sheets and the same numbers', async () => {
    const before: Record<string, string> = {};
    for (const k of ['deals', 'leads', 'leadsAtConfidence', 'hitProbability', 'scenario.Low.deals'])
      before[k] = await readCell(s.page, plan.cells[k]);
    await s.page.getByRole('button', { name: 'New' }).click();
    expect(await sheetTabs()).toEqual(['Sheet1']);
    await openFile(downloaded);
    await expect(s.page.getByTestId('doc-name').innerText()).resolves.toBe('workbench-model.xlsx');
    expect(await sheetTabs()).toEqual(['Sheet1', SHEET]);
    await s.page.locator(`[data-sheet-tab="${SHEET}"]`).click();
    for (const [k, text] of Object.entries(before)) await expectCell(s.page, plan.cells[k], text);
    // Still live: an input edit moves the outputs.
    await typeInto(s.page, plan.cells['input.averageDealValue'], '100000');
    await expectCell(
      s.page,
      plan.cells.deals,
      shown(plan, plan.cells.deals, previewModel(withChanges(current, (i) => (i.averageDealValue = 100_000))).deals),
    );
    await goTo(s.page, 'A1');
    await screenshot(s.page, 'workbench-opened-model.png');
  });

  test("Open .xlsx: Excel's own file with an ROI cell stuck at #NAME? opens repaired; other add-ins' cells keep Excel's values", async () => {
    // The fixture, copied, with an ROI call typed while the add-in was not loaded (stuck).
    const pkg = XlsxPackage.open(new Uint8Array(readFileSync(fixturePath())), 'fixture');
    const wb = loadWorkbook(pkg);
    const sheet = wb.sheets.find((x) => x.info.name === 'Unprotected')!;
    const stuck = `<c r="C1" t="e" cm="1"><f t="array" aca="1" ref="C1" ca="1">ROI.REQUIREDDEALS(3000000,50000)</f><v>#NAME?</v></c>`;
    pkg.setText(
      sheet.part,
      rebuildSheet(sheet.xml, sheet.scan, new Map([[key(1, 3), { row: 1, col: 3, xml: stuck }]])),
    );
    const copy = resultPath('fixture-with-roi-cell.xlsx');
    writeFileSync(copy, pkg.toBytes());
    copyFileSync(fixturePath(), resultPath('fixture-original.xlsx'));

    await openFile(copy);
    expect(await sheetTabs()).toEqual(['Protected', 'Unprotected', 'Correct']);
    await expect(s.page.getByTestId('workbench-notice').innerText()).resolves.toMatch(
      /cannot calculate show the value Excel saved/,
    );
    await s.page.locator('[data-sheet-tab="Unprotected"]').click();
    await expectCell(s.page, 'C1', '60');
    await expectValue(s.page, 'formula-bar', '=ROI.REQUIREDDEALS(3000000,50000)');
    await expectCell(s.page, 'A1', '#NAME?');
    await expect(cell(s.page, 'A1').getAttribute('title')).resolves.toMatch(/CONTOSO\.ADD/);
    await s.page.locator('[data-sheet-tab="Correct"]').click();
    await expectCell(s.page, 'A1', '3');
    await expectCell(s.page, 'B1', 'test');
    await screenshot(s.page, 'workbench-opened-fixture.png');

    // Downloaded again: the ROI cell resolved with its value, CONTOSO's formulas kept.
    const out = await download('workbench-fixture.xlsx');
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    const xml = Object.keys(files)
      .filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))
      .map((f) => strFromU8(files[f]))
      .join('\n');
    expect(xml).toContain('_xldudf_ROI_REQUIREDDEALS(3000000,50000)');
    expect(xml).toContain('_xldudf_CONTOSO_ADD(1,2)');
    const r = recalc(out);
    expect({ status: r.status, out: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, out: '' });
    expect(r.report.stale).toEqual([]);
    expect(r.report.roiFormulas).toBe(1);
  });

  test('no request left the dev server, and the page threw nothing', () => {
    expect(s.offHost).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
