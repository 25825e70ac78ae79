/**
 * The task pane's four views in the workbench, end to end in Chromium, as a user drives
 * them: type a table into the grid, select a cell, open the view, press its buttons, and
 * read what the pane says and what the grid shows. Every number is checked against the
 * core, computed here in the test process. One browser for the file; each view starts
 * from a new workbook. Screenshots go to test-results/views-*.png.
 */
import { callFunction, isRoiError, type Result } from '../../src/core';
import { defaultInputs, planModel, previewModel } from '../../src/features/model';
import { formatValue } from '../../src/base/format';
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
  until,
  type Session,
} from './helpers';
import { openPaneView } from './pane';
import { roi as roiCommand } from '../helpers/roi-process';

let s: Session;

beforeAll(async () => {
  s = await openWorkbench();
}, 120_000);

afterAll(async () => {
  await s?.browser.close();
});

const pane = () => s.page.getByRole('complementary', { name: 'Outcome ROI task pane' });
const sheetTabs = () => s.page.locator('[data-sheet-tab]').allInnerTexts();
const formulaBar = () => s.page.getByTestId('formula-bar').inputValue();

/** A screenshot at another window size (the README's pictures: just wide enough, no empty grid), then the usual size again. */
async function screenshotAt(name: string, size: { width: number; height: number }): Promise<void> {
  const usual = s.page.viewportSize();
  await s.page.setViewportSize(size);
  await s.page.waitForTimeout(400);
  await screenshot(s.page, name);
  if (usual) await s.page.setViewportSize(usual);
  await s.page.waitForTimeout(200);
}

/** A new, empty workbook (the task pane starts again on its Model tab). */
async function newWorkbook(): Promise<void> {
  await s.page.getByRole('button', { name: 'New', exact: true }).click();
  await s.page.getByTestId('doc-name').filter({ hasText: 'New workbook' }).waitFor();
  expect(await sheetTabs()).toEqual(['Sheet1']);
  await pane().getByRole('button', { name: 'Build model' }).waitFor();
}

/** Opens a view by its tab, or through "More" when the pane has no room for its tab. */
async function openView(label: string): Promise<void> {
  await openPaneView(s.page, pane(), label);
  await pane().getByRole('heading', { name: label, level: 2 }).waitFor({ timeout: 30_000 });
}

/**
 * Types a block of values into the grid from `topLeft`, a column at a time: go to its top
 * cell, then type and press Enter (which moves down) for each row. (Tab would go across,
 * but in the workbench Tab leaves the grid for the sheet tabs.)
 */
async function fill(topLeft: string, rows: ReadonlyArray<ReadonlyArray<string | number>>): Promise<void> {
  const [, col, row] = /^([A-Z]+)(\d+)$/.exec(topLeft)!;
  const left = col.charCodeAt(0) - 64;
  if (col.length > 1 || left + Math.max(...rows.map((r) => r.length)) - 1 > 26)
    throw new Error('fill() types into columns A to Z only');
  const editor = s.page.getByTestId('cell-editor');
  for (let j = 0; j < rows[0].length; j++) {
    const letter = String.fromCharCode(64 + left + j);
    await goTo(s.page, `${letter}${row}`);
    for (let i = 0; i < rows.length; i++) {
      await s.page.keyboard.type(String(rows[i][j]));
      await editor.waitFor();
      await s.page.keyboard.press('Enter');
      await editor.waitFor({ state: 'detached' });
    }
    await expectValue(s.page, 'name-box', `${letter}${Number(row) + rows.length}`);
  }
}

function num(r: Result): number {
  if (typeof r !== 'number') throw new Error(`expected a number from the core, got ${JSON.stringify(r)}`);
  return r;
}

/** The raw number a grid cell holds. */
async function rawValue(address: string): Promise<number> {
  await goTo(s.page, address);
  return Number(await cell(s.page, address).getAttribute('data-value'));
}

/** A `roi` command on a file, as users run it. */
function roi(args: string[]): { status: number | null; json: Record<string, unknown>; out: string } {
  const r = roiCommand(args);
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(r.stdout);
  } catch {
    /* reported by the assertions */
  }
  return { status: r.code, json, out: r.stdout + r.stderr };
}

/* ---------- the model the Review and Share views work on ---------- */

const MODEL = 'ROI Model';
const modelInputs = defaultInputs();
const plan = planModel(modelInputs, MODEL);
const preview = previewModel(modelInputs);
/** The plan's cells whose formula calls an ROI function: what the inventory must list. */
const roiCells = [
  ...new Set(
    plan.batch.cells.filter((c) => c.formula !== undefined && /\bROI\.[A-Z]+\(/i.test(c.formula)).map((c) => c.address),
  ),
];
const formulaAt = (address: string) =>
  [...plan.batch.cells].reverse().find((c) => c.address === address && c.formula !== undefined)!.formula!;

async function buildModel(): Promise<void> {
  await pane().getByRole('button', { name: 'Build model' }).click();
  await s.page.locator(`[data-sheet-tab="${MODEL}"]`).waitFor();
  await pane().getByTestId('model-notice').filter({ hasText: 'Model built' }).waitFor();
  expect(await sheetTabs()).toEqual(['Sheet1', MODEL]);
}

describe('Lead sources', () => {
  const HEADER = ['Source', 'Leads', 'Qualified opps', 'Won', 'Revenue', 'Cost'];
  const SOURCES: Array<[string, number, number, number, number, number]> = [
    ['Trade show', 2300, 23, 5, 250000, 90000],
    ['Webinar', 200, 40, 8, 400000, 15000],
    ['Content', 800, 60, 10, 500000, 40000],
    ['Paid search', 1200, 36, 6, 300000, 60000],
    ['Referral', 60, 20, 7, 350000, 5000],
  ];
  const CONFIDENCE = 0.9;
  const FLAG_SHARE = 0.5;

  /** Quality, lower bound, rank and flag per source, from the core and the documented rules. */
  function expected(qualified: number[]) {
    const leads = SOURCES.map((r) => r[1]);
    const quality = leads.map((l, i) => num(callFunction('LEADQUALITY', [l, qualified[i]])));
    const bound = leads.map((l, i) => num(callFunction('LEADQUALITY', [l, qualified[i], CONFIDENCE])));
    // Rank 1 = highest lower bound; ties share a rank (RANK.EQ).
    const rank = bound.map((b) => 1 + bound.filter((x) => x > b).length);
    const sorted = [...leads].sort((a, b) => a - b);
    const median =
      sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const average = qualified.reduce((a, b) => a + b, 0) / leads.reduce((a, b) => a + b, 0);
    const flag = leads.map((l, i) => (l >= median && bound[i] < FLAG_SHARE * average ? 'Volume without quality' : ''));
    return { quality, bound, rank, flag, average };
  }

  test('select one cell of the table, score the sources, add the scorecard beside it; it follows an edit', async () => {
    await newWorkbook();
    await fill('A1', [HEADER, ...SOURCES]);
    await cell(s.page, 'B3').click();
    await expectValue(s.page, 'name-box', 'B3');

    await openView('Lead sources');
    await pane().getByRole('button', { name: 'Use the selection' }).click();
    await expectText(s.page, 'sources-range', 'Sheet1!A1:F6: 5 sources');

    const before = expected(SOURCES.map((r) => r[2]));
    // The flag sentence, with the core's numbers: 23 of 2,300 is 1.0%, its bound, the average.
    const pct1 = (x: number) => `${(x * 100).toFixed(1)}%`;
    const sentences = await pane().getByTestId('sources-sentence').allInnerTexts();
    expect(sentences[0]).toBe(
      `Trade show brings 2,300 leads (50% of all leads), but only ${pct1(before.quality[0])} of them became qualified opportunities ` +
        `(at 90% confidence at least ${pct1(before.bound[0])}), against ${pct1(before.average)} across all sources: volume without quality.`,
    );
    expect(sentences.filter((t) => t.endsWith('volume without quality.'))).toHaveLength(
      before.flag.filter(Boolean).length,
    );
    // The pane's table: one row per source, ranked by the lower bound.
    const rows = pane().getByTestId('sources-row');
    await expect(rows.count()).resolves.toBe(5);
    const paneRanks = await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => (await rows.nth(i).locator('td').last().innerText()).trim()),
    );
    expect(paneRanks).toEqual(before.rank.map(String));

    await pane().getByRole('button', { name: 'Add scorecard' }).click();
    await pane()
      .getByTestId('sources-notice')
      .filter({ hasText: 'beside your table in G1:O6' })
      .waitFor({ timeout: 30_000 });
    expect(before.rank).toEqual([5, 2, 3, 4, 1]);
    await expectCell(s.page, 'G1', 'Quality (qualified / leads)');
    await expectCell(s.page, 'I1', 'Rank by lower bound');
    // The decision columns first: quality, its bound, the rank, the flag (J), then the money.
    await expectCell(s.page, 'J1', 'Volume without quality?');
    for (let i = 0; i < 5; i++) {
      const row = i + 2;
      // Quality and its lower bound: the core's numbers, shown as percentages.
      await expectCell(s.page, `G${row}`, formatValue(before.quality[i], '0.0%'));
      expect(await rawValue(`G${row}`)).toBeCloseTo(before.quality[i], 12);
      await expectCell(s.page, `H${row}`, formatValue(before.bound[i], '0.0%'));
      expect(await rawValue(`H${row}`)).toBeCloseTo(before.bound[i], 12);
      await expectCell(s.page, `I${row}`, String(before.rank[i]));
      await expectCell(s.page, `J${row}`, before.flag[i]);
    }
    expect(before.flag[0]).toBe('Volume without quality');
    // CAC and cost per lead are live too: the core's CAC, cost / leads.
    expect(await rawValue('M2')).toBeCloseTo(num(callFunction('CAC', [90000, 5])), 8);
    expect(await rawValue('K2')).toBeCloseTo(90000 / 2300, 10);
    await goTo(s.page, 'A1');
    // The README's picture: the table and the whole scorecard (G:O) beside the pane.
    await screenshotAt('views-lead-sources.png', { width: 1660, height: 960 });
    // Wider: the scorecard's inputs (Q1:R3) and its chart of quality against volume too.
    const usual = s.page.viewportSize()!;
    await s.page.setViewportSize({ width: 1920, height: 960 });
    const chart = s.page.locator('[data-chart^="Lead quality against volume"]');
    await chart.waitFor();
    await expectCell(s.page, 'R1', '90%');
    // The scatter draws one point per source (X: leads, Y: the lower bound), not "No numbers".
    await expect(chart.locator('circle').count()).resolves.toBe(5);
    expect(await chart.innerText()).not.toContain('No numbers');
    // From CAC on: the last columns, the inputs and the chart.
    await goTo(s.page, 'M1');
    await screenshot(s.page, 'views-lead-sources-wide.png');
    await goTo(s.page, 'A1');
    await s.page.setViewportSize(usual);

    // Live: the trade show's qualified count goes to 900; rank and flags follow.
    await typeInto(s.page, 'C2', '900');
    const after = expected([900, ...SOURCES.slice(1).map((r) => r[2])]);
    expect(after.rank).not.toEqual(before.rank);
    expect(after.flag).not.toEqual(before.flag);
    for (let i = 0; i < 5; i++) {
      const row = i + 2;
      await expectCell(s.page, `H${row}`, formatValue(after.bound[i], '0.0%'));
      await expectCell(s.page, `I${row}`, String(after.rank[i]));
      await expectCell(s.page, `J${row}`, after.flag[i]);
    }
    expect(await rawValue('H2')).toBeCloseTo(after.bound[0], 12);
    await goTo(s.page, 'A1');
    await screenshot(s.page, 'views-lead-sources-edited.png');
    expect(s.pageErrors).toEqual([]);
  });
});

describe('Review', () => {
  test("lists the model's ROI formulas, goes to one, explains it, and explains an error Excel would not", async () => {
    await newWorkbook();
    await buildModel();
    await openView('Review');
    const summary = pane().getByTestId('review-summary');
    await summary.filter({ hasText: /ROI formulas? on/ }).waitFor({ timeout: 30_000 });
    expect(await summary.innerText()).toMatch(
      new RegExp(`^${roiCells.length} ROI formulas on 1 sheet; \\d+ assumptions? to question\\.$`),
    );
    await expect(pane().getByTestId('review-formula').count()).resolves.toBe(roiCells.length);

    // A cell link selects the cell in the grid.
    const leads = plan.cells.leads;
    expect(formulaAt(leads)).toMatch(/^=ROI\.REQUIREDLEADS\(/);
    await goTo(s.page, 'A1');
    await pane()
      .getByRole('button', { name: `Go to ${MODEL}!${leads}`, exact: true })
      .click();
    await expectValue(s.page, 'name-box', leads);
    await expect(formulaBar()).resolves.toBe(formulaAt(leads));

    // Explain beside it: the derivation in words, ending in the core's number.
    await pane()
      .getByRole('button', { name: `Explain ${MODEL}!${leads}`, exact: true })
      .click();
    const explanation = pane().getByTestId('review-explanation');
    await explanation.filter({ hasText: 'of leads become deals' }).waitFor({ timeout: 30_000 });
    // "60 deals / 5% of leads become deals (50% x 40% x 25%) = 1,200 leads (rounded up once)."
    const deals = num(preview.deals as number).toLocaleString('en-US');
    const leadsNumber = num(preview.leads as number).toLocaleString('en-US');
    expect(await explanation.innerText()).toMatch(
      new RegExp(`${deals} deals / [\\d.]+% of leads become deals( \\([^)]*\\))? = ${leadsNumber} leads`),
    );
    await screenshot(s.page, 'views-review.png');

    // Explain this cell, on an error: Excel shows only #NUM!, the pane says why.
    const formula = '=ROI.PAYBACK(50000,1000,80%,2%)';
    await typeInto(s.page, 'P2', formula);
    await expectCell(s.page, 'P2', '#NUM!');
    await expect(formulaBar()).resolves.toBe(formula);
    const err = callFunction('PAYBACK', [50000, 1000, 0.8, 0.02]);
    if (!isRoiError(err)) throw new Error('PAYBACK(50000,1000,80%,2%) should be an error');
    await pane().getByRole('button', { name: 'Explain this cell' }).click();
    const headline = pane().getByTestId('review-headline');
    await headline.filter({ hasText: 'P2 shows' }).waitFor({ timeout: 30_000 });
    const text = await headline.innerText();
    expect(text).toContain('never reaches cac');
    expect(text).toBe(`P2 shows #NUM! because ROI.PAYBACK: ${err.message}`);
    await screenshot(s.page, 'views-review-error.png');
    expect(s.pageErrors).toEqual([]);
  });
});

describe('Share', () => {
  test('Prepare for sharing freezes the ROI formulas; roi thaw restores the download; Restore formulas brings them back', async () => {
    await newWorkbook();
    await buildModel();
    const n = roiCells.length;
    const watched = [
      plan.cells.deals,
      plan.cells.leads,
      plan.cells.leadsAtConfidence,
      plan.cells.hitProbability,
      plan.cells.funnel,
      plan.cells['scenario.Low.leads'],
    ];
    const shownBefore: Record<string, string> = {};
    for (const a of watched) shownBefore[a] = await readCell(s.page, a);

    await openView('Share');
    await expectText(s.page, 'share-status', `${n} live ROI formulas. Not prepared for sharing.`, 30_000);
    await pane().getByRole('button', { name: 'Prepare for sharing' }).click();
    const notice = pane().getByTestId('share-notice');
    await notice.filter({ hasText: 'Ready to share' }).waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toContain(`${n} ROI formulas are now the values they showed`);
    await expectText(s.page, 'share-status', `0 live ROI formulas. ${n} frozen formulas recorded in ROI_Ledger.`);
    // The ledger is very hidden: no new tab.
    expect(await sheetTabs()).toEqual(['Sheet1', MODEL]);
    // Every output shows the same as before, now as a number, not a formula.
    for (const a of watched) {
      await expectCell(s.page, a, shownBefore[a]);
      const bar = await formulaBar();
      expect({ a, bar }).toEqual({ a, bar: expect.not.stringMatching(/^=/) });
      const raw = await cell(s.page, a).getAttribute('data-value');
      // A percent cell's constant reads as a percentage in the formula bar, as in Excel.
      const barNumber = bar.endsWith('%') ? Number(bar.slice(0, -1)) / 100 : Number(bar);
      if (raw !== null) expect({ a, bar: barNumber }).toEqual({ a, bar: expect.closeTo(Number(raw), 6) });
    }
    await goTo(s.page, 'A30');
    await screenshot(s.page, 'views-share.png');

    // The download, thawed by `roi thaw`: every frozen formula back, and `roi check` agrees.
    const [dl] = await Promise.all([
      s.page.waitForEvent('download', { timeout: 60_000 }),
      s.page.getByRole('button', { name: 'Download .xlsx' }).click(),
    ]);
    const frozen = resultPath('views-share-frozen.xlsx');
    await dl.saveAs(frozen);
    const thawed = resultPath('views-share-thawed.xlsx');
    const thaw = roi(['thaw', frozen, '--out', thawed, '--json']);
    expect({ status: thaw.status, out: thaw.status === 0 ? '' : thaw.out }).toEqual({ status: 0, out: '' });
    expect((thaw.json.restored as unknown[]).length).toBe(n);
    const check = roi(['check', thawed, '--json']);
    expect({ status: check.status, out: check.status === 0 ? '' : check.out }).toEqual({ status: 0, out: '' });
    const formulas = check.json.formulas as Array<{ cell: string; status: string }>;
    expect(formulas).toHaveLength(n);
    expect(formulas.filter((f) => f.status !== 'ok')).toEqual([]);
    expect(check.json.disagreements).toBe(0);

    // Restore formulas in the pane: the ROI formulas are back, with the same values.
    await pane().getByRole('button', { name: 'Restore formulas' }).click();
    await notice.filter({ hasText: 'Formulas restored' }).waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toContain(`${n} ROI formulas are live again and ROI_Ledger was removed.`);
    await expectText(s.page, 'share-status', `${n} live ROI formulas. Not prepared for sharing.`);
    for (const a of watched) {
      await expectCell(s.page, a, shownBefore[a]);
      await expect(formulaBar()).resolves.toBe(formulaAt(a));
    }
    // Live again: an input edit moves an output.
    await typeInto(s.page, plan.cells['input.averageDealValue'], '100000');
    await until(
      s.page,
      () => readCell(s.page, plan.cells.deals),
      (v) => v !== shownBefore[plan.cells.deals],
      'the deals should follow the deal value',
    );
    expect(s.pageErrors).toEqual([]);
  });
});

describe('Outcome check', () => {
  const NAMES = ['Emails sent', 'Page views', 'MQLs', 'Revenue', 'Churn rate'];
  const kind = (name: string) => {
    const k = callFunction('METRICKIND', [name]);
    if (typeof k !== 'string') throw new Error(`METRICKIND(${name}) is not a label`);
    return k;
  };

  test('labels a column of metric names, names the missing outcomes, writes live labels that follow a rename', async () => {
    await newWorkbook();
    await fill('A1', [['Metric'], ...NAMES.map((x) => [x])]);
    await cell(s.page, 'A2').click();
    await expectValue(s.page, 'name-box', 'A2');

    await openView('Outcome check');
    await pane().getByRole('button', { name: 'Check the selection' }).click();
    const kinds = NAMES.map(kind);
    expect(kinds).toEqual(['output', 'result', 'result', 'outcome', 'outcome']);
    await expectText(
      s.page,
      'outcome-mix',
      '5 metrics: 1 output, 2 results, 2 outcomes. It balances activity and outcomes.',
      30_000,
    );
    const labels = await pane().getByTestId('outcome-label').allInnerTexts();
    expect(labels.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(NAMES.map((x, i) => `${x} ${kinds[i]}`));
    const missing = await pane().getByTestId('outcome-missing-item').locator('strong').allInnerTexts();
    expect(missing).toEqual(['Customers won', 'Profitable revenue', 'CAC', 'Lifetime value']);

    await pane().getByRole('button', { name: 'Write labels beside the names' }).click();
    await pane()
      .getByTestId('outcome-notice')
      .filter({ hasText: 'B2:B6 now labels each metric' })
      .waitFor({ timeout: 30_000 });
    await expectCell(s.page, 'B1', 'Kind');
    for (let i = 0; i < NAMES.length; i++) await expectCell(s.page, `B${i + 2}`, kinds[i]);
    await goTo(s.page, 'B2');
    await expect(formulaBar()).resolves.toBe('=IF($A$2:$A$6="","",ROI.METRICKIND($A$2:$A$6))');
    await screenshotAt('views-outcome.png', { width: 1280, height: 830 });

    // Live: rename a metric and its label follows.
    expect(kind('NPS')).not.toBe(kinds[1]);
    await typeInto(s.page, 'A3', 'NPS');
    await expectCell(s.page, 'B3', kind('NPS'));
    await expectCell(s.page, 'B3', 'outcome');
    expect(s.pageErrors).toEqual([]);
  });
});

describe('the page', () => {
  test('no request left the dev server, and the page threw nothing', () => {
    expect(s.offHost).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
