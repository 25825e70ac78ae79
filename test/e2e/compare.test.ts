/**
 * Review > "Compare with another version" in the workbench, end to end in Chromium, as a
 * reviewer does it: build the model, download it (the earlier version), change an
 * assumption in the grid, then compare the workbook with the downloaded file. The answer
 * is checked against the core and against `roi diff` on the same two files; the file is
 * read in the pane's Web Worker; a link goes to the cell; "Mark the changes" colours the
 * changed input in the grid and "Clear marks" puts its own colour back. Screenshots go to
 * test-results/compare-*.png (compare-versions.png is the README's picture).
 */
import { callFunction } from '../../src/core';
import { defaultInputs, planModel } from '../../src/features/model';
import { MARK_FILL } from '../../src/features/review/compare';
import {
  cell,
  expectCell,
  goTo,
  openWorkbench,
  resultPath,
  screenshot,
  typeInto,
  expectValue,
  type Session,
} from './helpers';
import { roi as roiCommand } from '../helpers/roi-process';

let s: Session;

beforeAll(async () => {
  s = await openWorkbench();
}, 120_000);

afterAll(async () => {
  await s?.browser.close();
});

const MODEL = 'ROI Model';
const plan = planModel(defaultInputs(), MODEL);
const closeRate = plan.cells['input.stages.3.rate'];
const pane = () => s.page.getByRole('complementary', { name: 'Outcome ROI task pane' });

function num(v: unknown): number {
  if (typeof v !== 'number') throw new Error(`expected a number from the core, got ${JSON.stringify(v)}`);
  return v;
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

/** `roi diff --json` on two files, as users run it. */
function roiDiff(a: string, b: string): { status: number | null; json: Record<string, unknown> } {
  const r = roiCommand(['diff', a, b, '--json']);
  return { status: r.code, json: JSON.parse(r.stdout) };
}

/** The computed background of a grid cell, as "rgb(r, g, b)". */
async function background(address: string): Promise<string> {
  await goTo(s.page, address);
  return cell(s.page, address).evaluate((el) => getComputedStyle(el).backgroundColor);
}

const rgb = (hex: string) =>
  `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;

test('compare the workbook with a downloaded earlier version: the sentence, the lists, a link, marks', async () => {
  // The model, and the earlier version downloaded.
  await pane().getByRole('button', { name: 'Build model' }).click();
  await s.page.locator(`[data-sheet-tab="${MODEL}"]`).waitFor();
  await pane().getByTestId('model-notice').filter({ hasText: 'Model built' }).waitFor();
  const v1 = await download('compare-plan-v1.xlsx');

  // The reviewer's new version: a lower close rate, typed into the grid.
  await typeInto(s.page, closeRate, '21');
  await expectCell(s.page, closeRate, '21.0%');
  const before = await background(closeRate);
  expect(before).toBe(rgb('#FFF2CC'));

  // Review > Compare with another version > the earlier file.
  await pane().getByRole('tab', { name: 'Review' }).click();
  await pane().getByRole('heading', { name: 'Compare with another version' }).waitFor({ timeout: 30_000 });
  await pane().getByTestId('compare-file-input').setInputFiles(v1);
  const sentence = pane().getByTestId('compare-sentence');
  await sentence.waitFor({ timeout: 60_000 });

  // 60 deals / (50% x 40% x 21%) leads, from the core.
  const leads = num(callFunction('REQUIREDLEADS', [3_000_000, 50_000, [[0.5], [0.4], [0.21]]]));
  expect(leads).toBe(1429);
  expect(await sentence.innerText()).toMatch(
    new RegExp(
      `^1 assumption changed; leads needed rose from 1,200 to ${leads.toLocaleString('en-US')} \\(\\+19%\\) because the close rate fell from 25\\.0% to 21\\.0%; \\d+ other results moved\\.$`,
    ),
  );
  const inputs = await pane().getByTestId('compare-input').allInnerTexts();
  expect(inputs.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
    `'${MODEL}'!${closeRate} close rate 25.0% → 21.0%`,
  ]);
  // The file was read in the pane's Web Worker, not on the page's main thread.
  expect(s.requests.some((u) => /\/roi-compare\.js$/.test(u))).toBe(true);

  // The same answer roi diff gives on the earlier file and this workbook downloaded.
  const v2 = await download('compare-plan-v2.xlsx');
  const cli = roiDiff(v1, v2);
  expect(cli.status).toBe(1);
  expect(cli.json.inputs).toEqual([{ sheet: MODEL, cell: closeRate, name: 'close rate', old: 0.25, new: 0.21 }]);
  await expect(pane().getByTestId('compare-output').count()).resolves.toBe((cli.json.outputs as unknown[]).length);

  // A link goes to the cell.
  await goTo(s.page, 'A1');
  await pane()
    .getByTestId('compare-input')
    .getByRole('button', { name: `Go to '${MODEL}'!${closeRate}` })
    .click();
  await expectValue(s.page, 'name-box', closeRate);

  // Mark the changes: the changed input turns orange in the grid, its value untouched.
  await pane().getByRole('button', { name: 'Mark the changes' }).click();
  await pane().getByTestId('compare-notice').filter({ hasText: 'Marked 1 changed input cell' }).waitFor();
  expect(await background(closeRate)).toBe(rgb(MARK_FILL));
  await expectCell(s.page, closeRate, '21.0%');
  await goTo(s.page, 'A20');
  await s.page.setViewportSize({ width: 1500, height: 1000 });
  await s.page.waitForTimeout(400);
  await screenshot(s.page, 'compare-versions.png');

  // Clear marks: its own colour back.
  await pane().getByRole('button', { name: 'Clear marks' }).click();
  await pane().getByTestId('compare-notice').filter({ hasText: 'Cleared the marks' }).waitFor();
  expect(await background(closeRate)).toBe(before);
  await screenshot(s.page, 'compare-cleared.png');
  expect(s.pageErrors).toEqual([]);
  expect(s.offHost).toEqual([]);
}, 240_000);
