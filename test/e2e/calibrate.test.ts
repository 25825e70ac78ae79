/**
 * Calibrate in the workbench, end to end in Chromium, as a user drives it: open the HubSpot
 * contacts export (.csv) with the workbench's Open, build a model, calibrate from the
 * export, write the calibration sheet, then "Use in the model": the dialog shows each input
 * cell old -> new with its note, the user confirms, and the model's rates on the sheet are
 * exactly those `roi calibrate --json` measures on the same file (the default pairing: the
 * model's stages from the lead stage down take the export's last transitions). The Model
 * view then reads them back and Update model keeps them. Screenshots of the view, the
 * dialog and the calibration sheet go to test-results/calibrate-*.png (the README's
 * pictures are copied from there).
 */
import { join } from 'node:path';
import { defaultInputs, planModel } from '../../src/features/model';
import { formatValue } from '../../src/base/format';
import { cell, goTo, openWorkbench, screenshot, type Session } from './helpers';
import { openPaneView } from './pane';
import { CRM_DIR } from '../features/calibrate/crm-fixtures';
import { roi as roiCommand } from '../helpers/roi-process';

const FILE = 'hubspot-contacts-export.csv';
const SHEET = 'hubspot-contacts-export';
const MODEL = 'ROI Model';
const plan = planModel(defaultInputs(), MODEL);

let s: Session;

beforeAll(async () => {
  // The pane as wide as Excel opens it, so the screenshots show what a user sees there.
  s = await openWorkbench({ query: 'pane=340', viewport: { width: 1280, height: 900 } });
}, 120_000);

afterAll(async () => {
  await s?.browser.close();
});

const pane = () => s.page.getByRole('complementary', { name: 'Outcome ROI task pane' });
const sheetTabs = () => s.page.locator('[data-sheet-tab]').allInnerTexts();

async function openView(label: string): Promise<void> {
  await openPaneView(s.page, pane(), label);
}

/** The raw number a grid cell holds. */
async function rawValue(address: string): Promise<number> {
  await goTo(s.page, address);
  await cell(s.page, address).waitFor();
  return Number(await cell(s.page, address).getAttribute('data-value'));
}

interface CalibrationJson {
  as_of: string;
  groups: Array<{
    name: string;
    transitions: Array<{ from: string; to: string; rate: number | null; median_lag_days: number | null }>;
  }>;
}

/** `roi calibrate FILE --json`, as users run it. */
function roiCalibrate(file: string): CalibrationJson {
  const r = roiCommand(['calibrate', file, '--json']);
  if (r.code !== 0) throw new Error(`roi calibrate failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CalibrationJson;
}

test('open the HubSpot export, calibrate, write the sheet, use it in the model: the rates are roi calibrate --json', async () => {
  const path = join(CRM_DIR!, FILE);
  const cli = roiCalibrate(path);
  const all = cli.groups[0].transitions;

  // Open .csv: one sheet named after the file.
  await s.page.getByTestId('open-input').setInputFiles(path);
  await s.page
    .getByTestId('workbench-notice')
    .filter({ hasText: `Opened ${FILE}` })
    .waitFor({ timeout: 60_000 });
  expect(await sheetTabs()).toEqual([SHEET]);

  // A model to use the calibration in.
  await pane().getByRole('button', { name: 'Build model' }).click();
  await pane().getByTestId('model-notice').filter({ hasText: 'Model built' }).waitFor({ timeout: 60_000 });
  expect(await sheetTabs()).toEqual([SHEET, MODEL]);

  // Calibrate from the export: one cell of it stands for the table.
  await s.page.locator(`[data-sheet-tab="${SHEET}"]`).click();
  await goTo(s.page, 'D9');
  await openView('Calibrate');
  await pane().getByRole('button', { name: 'Use the selection' }).click();
  await pane().getByTestId('calibrate-sentence').waitFor({ timeout: 30_000 });
  expect(await pane().getByTestId('calibrate-range').innerText()).toBe(`'${SHEET}'!A1:L2401: 2,400 records`);
  expect(await pane().getByTestId('calibrate-sentence').innerText()).toMatch(new RegExp(`^As of ${cli.as_of}: 2,400`));
  await s.page.mouse.move(1, 1);
  await screenshot(s.page, 'calibrate-view.png');
  await pane().getByTestId('calibrate-sentence').scrollIntoViewIfNeeded();
  await s.page.waitForTimeout(200);
  await screenshot(s.page, 'calibrate-results.png');

  // Write calibration sheet: live formulas on a new sheet.
  await pane().getByRole('button', { name: 'Write calibration sheet' }).click();
  await pane()
    .getByTestId('calibrate-notice')
    .filter({ hasText: 'Calibration sheet added' })
    .waitFor({ timeout: 60_000 });
  const tabs = await sheetTabs();
  expect(tabs).toHaveLength(3);
  const calSheet = tabs.find((t) => t !== SHEET && t !== MODEL)!;
  await s.page.locator(`[data-sheet-tab="${calSheet}"]`).click();
  await goTo(s.page, 'A1');
  // Wide enough to show the measured columns beside the sources (the README's picture).
  await s.page.setViewportSize({ width: 1900, height: 900 });
  await s.page.waitForTimeout(400);
  await screenshot(s.page, 'calibrate-sheet.png');
  await s.page.setViewportSize({ width: 1280, height: 900 });
  await s.page.waitForTimeout(200);

  // Use in the model: the dialog lists the input cells old -> new, with their notes.
  await pane().getByRole('button', { name: 'Use in the model...' }).click();
  const dialog = s.page.getByRole('alertdialog');
  await dialog.waitFor({ timeout: 30_000 });
  const items = dialog.getByTestId('use-in-model-changes').locator('li');
  // Each paired stage's rate and its median lag (the model's stage table has a lag column).
  expect(await items.evaluateAll((li) => li.map((x) => x.getAttribute('data-target')))).toEqual([
    'rate:1',
    'lag:1',
    'rate:2',
    'lag:2',
    'rate:3',
    'lag:3',
  ]);
  const pct = (x: number | null) => formatValue(x ?? NaN, '0.0%');
  const closeItem = items.nth(4);
  expect(await closeItem.innerText()).toContain(
    `close rate (${plan.cells['input.stages.3.rate']}): 25.0% → ${pct(all[3].rate)}`,
  );
  expect(await closeItem.innerText()).toContain(`Measured by Calibrate from '${SHEET}'!A1:L2401, as of ${cli.as_of}`);
  await s.page.mouse.move(1, 1);
  await s.page.waitForTimeout(600); // the dialog's fade-in
  await screenshot(s.page, 'calibrate-use-in-model.png');
  // The close stage's lag rests on 25 converted records: too few to judge, offered unticked.
  expect(await items.nth(5).getByRole('checkbox').isChecked()).toBe(false);
  await dialog.getByRole('button', { name: 'Write 5 cells' }).click();
  await pane().getByTestId('calibrate-notice').filter({ hasText: 'input cells of "ROI Model" measured' }).waitFor({
    timeout: 30_000,
  });

  // The model's rates are the CLI's, exactly; the visitor rate above the lead stage is kept.
  await s.page.locator(`[data-sheet-tab="${MODEL}"]`).click();
  const rates = async () => {
    const out: number[] = [];
    for (let i = 0; i < 4; i++) out.push(await rawValue(plan.cells[`input.stages.${i}.rate`]));
    return out;
  };
  expect(await rates()).toEqual([0.02, all[1].rate, all[2].rate, all[3].rate]);
  const lags = async () => {
    const out: number[] = [];
    for (let i = 1; i < 4; i++) out.push(await rawValue(plan.cells[`input.stages.${i}.lag`]));
    return out;
  };
  const measuredLags = [1, 2].map((i) => all[i].median_lag_days! / 30.4375);
  measuredLags.push(plan.batch.cells.find((c) => c.address === plan.cells['input.stages.3.lag'])!.value as number);
  expect(await lags()).toEqual(measuredLags);
  // The note is on the cell (the grid marks it; hovering shows it).
  const closeCell = cell(s.page, plan.cells['input.stages.3.rate']);
  expect(await closeCell.getAttribute('title')).toMatch(/Measured by Calibrate/);

  // The Model view reads the sheet back, and Update model keeps the measured rates.
  await openView('Model');
  await pane()
    .getByTestId('sheet-news')
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
  await pane().getByRole('button', { name: 'Update model' }).click();
  await pane().getByTestId('model-notice').filter({ hasText: 'Model updated' }).waitFor({ timeout: 60_000 });
  // (The form holds each rate as the percentage text it shows, 15 significant digits: Update writes that back.)
  const after = await rates();
  [0.02, all[1].rate!, all[2].rate!, all[3].rate!].forEach((r, i) => expect(after[i]).toBeCloseTo(r, 13));
  (await lags()).forEach((l, i) => expect(l).toBeCloseTo(measuredLags[i], 12));
  expect(s.pageErrors).toEqual([]);
  expect(s.offHost).toEqual([]);
});
