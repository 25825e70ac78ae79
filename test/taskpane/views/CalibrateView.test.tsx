/** @jest-environment jsdom */
/**
 * The Calibrate view with Testing Library, on the engine adapter holding the HubSpot and
 * Salesforce fixtures as the workbench opens them: one selected cell stands for the
 * export, the columns are matched (and editable), every number shown is the calibration
 * report's (the one `roi calibrate` prints) as the sheet formats it, flags beside the
 * numbers, the as-of date and confidence re-report, bad input is shown and nothing is
 * written, and "Write calibration sheet" is one batch on a new sheet.
 */
import '../../helpers/dom-setup';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { formatValue } from '../../../src/base/format';
import { calibrate, type ContactsReport, type OpportunityReport } from '../../../src/features/calibrate';
import type { WriteBatch } from '../../../src/workbook/port';
import { buildModel, defaultInputs, planModel } from '../../../src/features/model';
import { csvWorkbook } from '../../features/calibrate/csv-workbook';
import { hubspotCsv, salesforceCsv } from '../../features/calibrate/crm-fixtures';
import { replaceText } from '../../helpers/fields';
import { modelButton } from '../../helpers/model-view';

jest.setTimeout(60_000);

const pct = (x: number | null) => (x === null ? '-' : formatValue(x, '0.0%'));
const days = (x: number | null) => (x === null ? '-' : formatValue(x, '0.0'));

async function setup(csv: string, cell = 'D9') {
  const wb = await csvWorkbook(csv);
  const batches: WriteBatch[] = [];
  const apply = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b) => {
    batches.push(b);
    return apply(b);
  };
  await wb.select('Export', cell);
  const user = userEvent.setup();
  render(<App port={wb} theme="light" initialView="calibrate" />);
  await user.click(await screen.findByRole('button', { name: 'Use the selection' }));
  return { wb, batches, user };
}

/** The visible steps of a group's table: [step, rate, bound, lag] per row. */
function steps(group: HTMLElement): string[][] {
  return within(group)
    .getAllByTestId('calibrate-step')
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent ?? ''),
    );
}

test('the HubSpot export: matched columns, the report per source, flags, the sheet in one batch', async () => {
  const { wb, batches, user } = await setup(hubspotCsv());
  expect((await screen.findByTestId('calibrate-range')).textContent).toBe('Export!A1:L2401: 2,400 records');
  expect((screen.getByLabelText('Lead source') as HTMLSelectElement).value).toBe('6');
  expect((screen.getByLabelText(/^Stage 1: Lead$/) as HTMLSelectElement).value).toBe('7');
  expect((screen.getByLabelText(/^Stage 5: Customer$/) as HTMLSelectElement).value).toBe('11');
  expect(screen.getByLabelText('Stage 6 (add one)')).toBeTruthy();

  const report = calibrate(hubspotCsv()).report as ContactsReport;
  expect(screen.getByTestId('calibrate-sentence').textContent).toMatch(
    /^As of 2025-12-31: 2,400 records, 8 sources, stages Lead → MQL → SQL → Opportunity → Customer\./,
  );
  const groups = screen.getAllByTestId('calibrate-group');
  expect(groups.map((g) => within(g).getAllByRole('button')[0].textContent)).toEqual(
    report.groups.map((g) => expect.stringContaining(`${g.name} · ${g.records.toLocaleString('en-US')} records`)),
  );
  const all = report.groups[0].transitions;
  expect(steps(groups[0])).toEqual(
    all.map((t, i) => [
      expect.stringMatching(
        new RegExp(
          `^${['Lead → MQL', 'MQL → SQL', 'SQL → Opportunity', 'Opportunity → Customer'][i]}${t.counted.toLocaleString('en-US')} counted$`,
        ),
      ),
      pct(t.rate),
      pct(t.lower_bound),
      days(t.median_lag_days),
    ]),
  );
  // Volume without quality: listed, and marked on the source's step.
  const flags = screen.getByTestId('calibrate-flags');
  expect(flags.textContent).toContain('Offline Sources, Lead -> Marketing Qualified Lead: volume without quality');
  const offline = groups.find((g) => g.textContent?.includes('Offline Sources'))!;
  await user.click(within(offline).getAllByRole('button')[0]);
  const offlineSteps = steps(offline);
  expect(offlineSteps[0][0]).toContain('Volume without quality');
  expect(offlineSteps[1][0]).toBe('MQL → SQL14 counted: too few to judge');
  const o = report.groups.find((g) => g.name === 'Offline Sources')!.transitions;
  expect(offlineSteps.map((r) => r[1])).toEqual(o.map((t) => pct(t.rate)));

  // The confidence and the as-of date re-report without reading again.
  const conf = screen.getByLabelText(/Confidence of the lower bound/);
  await replaceText(user, conf, '95');
  const c95 = calibrate(hubspotCsv(), { confidence: 0.95 }).report as ContactsReport;
  await waitFor(() =>
    expect(steps(screen.getAllByTestId('calibrate-group')[0])[0][2]).toBe(
      pct(c95.groups[0].transitions[0].lower_bound),
    ),
  );
  const asOf = screen.getByLabelText('As of');
  await replaceText(user, asOf, '2025-06-30');
  const june = calibrate(hubspotCsv(), { confidence: 0.95, asOf: '2025-06-30' }).report as ContactsReport;
  await waitFor(() => expect(screen.getByTestId('calibrate-sentence').textContent).toMatch(/^As of 2025-06-30:/));
  expect(steps(screen.getAllByTestId('calibrate-group')[0]).map((r) => r[1])).toEqual(
    june.groups[0].transitions.map((t) => pct(t.rate)),
  );

  // The sheet: one batch, on a new sheet only.
  expect(batches).toHaveLength(0);
  await user.click(screen.getByRole('button', { name: 'Write calibration sheet' }));
  expect((await screen.findByTestId('calibrate-notice')).textContent).toMatch(
    /Calibration sheet added"Calibration" holds live/,
  );
  expect(batches).toHaveLength(1);
  expect(new Set(batches[0].cells.map((c) => c.sheet))).toEqual(new Set(['Calibration']));
  expect(await wb.listSheets()).toEqual(['Export', 'Calibration']);
  expect(wb.getValue('Calibration', 'B4')).toBe(45838);
  expect(wb.getValue('Calibration', 'G8')).toBe(june.groups[0].transitions[0].rate);
  expect(wb.getValue('Calibration', 'H8')).toBe(june.groups[0].transitions[0].lower_bound);
});

test('bad input: a mapping with one stage, a bad confidence, a bad date show what to fix and write nothing', async () => {
  const { batches, user } = await setup(hubspotCsv());
  const write = () => screen.getByRole('button', { name: 'Write calibration sheet' });
  await screen.findByTestId('calibrate-sentence');
  for (let i = 0; i < 4; i++) await user.selectOptions(screen.getByLabelText(/^Stage 2: /), '');
  expect(screen.getByTestId('calibrate-problems').textContent).toMatch(/Choose at least two stage date columns/);
  expect(screen.queryByTestId('calibrate-sentence')).toBeNull();
  expect((write() as HTMLButtonElement).disabled).toBe(true);
  await user.selectOptions(screen.getByLabelText('Stage 2 (add one)'), '11');
  expect(await screen.findByTestId('calibrate-sentence')).toBeTruthy();
  expect(screen.getAllByTestId('calibrate-step')[0].textContent).toMatch(/^Lead → Customer/);
  await user.selectOptions(screen.getByLabelText(/^Stage 2: /), '6');
  expect(screen.getByTestId('calibrate-problems').textContent).toMatch(/is the lead source; it cannot be a stage too/);
  await user.selectOptions(screen.getByLabelText(/^Stage 2: /), '1');
  expect(screen.getByTestId('calibrate-problems').textContent).toMatch(
    /Row 2, column B \(First Name\): "Contact0" is not a date/,
  );
  await user.selectOptions(screen.getByLabelText(/^Stage 2: /), '11');
  const conf = screen.getByLabelText(/Confidence of the lower bound/);
  await replaceText(user, conf, '100');
  expect(screen.getByText('Enter a confidence between 0 and 100%, for example 90.')).toBeTruthy();
  expect((write() as HTMLButtonElement).disabled).toBe(true);
  expect(batches).toHaveLength(0);
});

test('an opportunities report: win rate, deal values and cycle per source, from the report', async () => {
  const { user } = await setup(salesforceCsv(), 'B3');
  const report = calibrate(salesforceCsv()).report as OpportunityReport;
  expect((screen.getByLabelText('The export holds') as HTMLSelectElement).value).toBe('opportunities');
  expect((screen.getByLabelText(/^Created date/) as HTMLSelectElement).value).toBe('5');
  const rows = within(await screen.findByTestId('calibrate-winrates')).getAllByTestId('calibrate-source');
  expect(
    rows.map((r) =>
      within(r)
        .getAllByRole('cell')
        .slice(1)
        .map((c) => c.textContent),
    ),
  ).toEqual(report.groups.map((g) => [String(g.closed), pct(g.win_rate), pct(g.win_rate_lower_bound)]));
  expect(rows[1].textContent).toContain('Volume without quality');
  expect(rows[3].textContent).toContain('Too few to judge');
  const deals = within(screen.getByTestId('calibrate-deals')).getAllByRole('row').slice(1);
  expect(
    within(deals[0])
      .getAllByRole('cell')
      .map((c) => c.textContent),
  ).toEqual([
    'All',
    formatValue(report.groups[0].median_won_value!, '$#,##0'),
    formatValue(report.groups[0].mean_won_value!, '$#,##0'),
    days(report.groups[0].median_cycle_days),
  ]);
  // Told it is a contacts export, it says what is missing.
  await user.selectOptions(screen.getByLabelText('The export holds'), 'contacts');
  expect(screen.getByTestId('calibrate-problems').textContent).toMatch(/Choose at least two stage date columns/);
});

test('nothing selected that could be a table: said in words', async () => {
  const wb = await csvWorkbook('Just a note\n');
  await wb.select('Export', 'A1');
  const user = userEvent.setup();
  render(<App port={wb} theme="light" initialView="calibrate" />);
  await user.click(await screen.findByRole('button', { name: 'Use the selection' }));
  expect((await screen.findByTestId('calibrate-notice')).textContent).toMatch(
    /Nothing to calibrate.*only a header row/,
  );
});

test('Use in the model: the changes shown (old -> new, notes), a dialog to confirm, one batch; the Model view reads them back and Update keeps them', async () => {
  const wb = await csvWorkbook(hubspotCsv());
  const { sheet } = await buildModel(wb, defaultInputs());
  const plan = planModel(defaultInputs(), sheet);
  const batches: WriteBatch[] = [];
  const apply = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b) => {
    batches.push(b);
    return apply(b);
  };
  await wb.select('Export', 'D9');
  const user = userEvent.setup();
  render(<App port={wb} theme="light" initialView="calibrate" />);
  await user.click(await screen.findByRole('button', { name: 'Use the selection' }));
  await screen.findByTestId('calibrate-sentence');
  await user.click(screen.getByRole('button', { name: 'Use in the model...' }));
  const dialog = await screen.findByRole('alertdialog', { hidden: true });
  const all = (calibrate(hubspotCsv()).report as ContactsReport).groups[0].transitions;
  const items = within(dialog).getAllByRole('listitem', { hidden: true });
  // Each paired stage's rate and, the model's stage table having a lag column, its median lag.
  expect(items.map((li) => li.getAttribute('data-target'))).toEqual([
    'rate:1',
    'lag:1',
    'rate:2',
    'lag:2',
    'rate:3',
    'lag:3',
  ]);
  const item = (target: string) => items.find((li) => li.getAttribute('data-target') === target)!;
  expect(item('rate:3').textContent).toContain(
    `close rate (${plan.cells['input.stages.3.rate']}): 25.0% → ${pct(all[3].rate)}`,
  );
  expect(item('rate:3').textContent).toContain(
    'Note: Measured by Calibrate from Export!A1:L2401, as of 2025-12-31: Opportunity → Customer, 25 of n = 99 mature records converted',
  );
  expect(item('lag:3').textContent).toContain(
    `Months to close (lag) (${plan.cells['input.stages.3.lag']}): 3.0 → ${formatValue(all[3].median_lag_days! / 30.4375, '0.0')}`,
  );
  // 25 converted records are too few to judge a lag by: offered unticked.
  expect(item('lag:3').textContent).toContain('Too few records to judge: unticked.');
  expect((within(item('lag:3')).getByRole('checkbox', { hidden: true }) as HTMLInputElement).checked).toBe(false);
  expect(batches).toEqual([]);
  // Untick the first; the button counts what is ticked.
  await user.click(within(item('rate:1')).getByRole('checkbox', { hidden: true }));
  await user.click(within(dialog).getByRole('button', { name: 'Write 4 cells', hidden: true }));
  await waitFor(() =>
    expect(screen.getByTestId('calibrate-notice').textContent).toMatch(/4 input cells of "ROI Model" measured/),
  );
  expect(batches).toHaveLength(1);
  expect(batches[0].cells.map((c) => [c.address, c.value])).toEqual([
    [plan.cells['input.stages.1.lag'], all[1].median_lag_days! / 30.4375],
    [plan.cells['input.stages.2.rate'], all[2].rate],
    [plan.cells['input.stages.2.lag'], all[2].median_lag_days! / 30.4375],
    [plan.cells['input.stages.3.rate'], all[3].rate],
  ]);
  expect(wb.getValue(sheet, plan.cells['input.stages.1.rate'])).toBe(0.5);
  expect(wb.getValue(sheet, plan.cells['input.stages.3.rate'])).toBe(all[3].rate);

  await waitFor(() => expect(screen.queryByRole('alertdialog', { hidden: true })).toBeNull());
  // The Model view reads the sheet back: the form holds the measured rates, and Update keeps them.
  // (Fluent's modal hands the page back to assistive technology once it has closed.)
  await user.click(await screen.findByRole('tab', { name: 'Model' }, { timeout: 5_000 }));
  const box = (path: string) => document.querySelector(`input[data-field="${path}"]`) as HTMLInputElement;
  await waitFor(() => expect(Number(box('stages.3.rate')?.value) / 100).toBeCloseTo(all[3].rate!, 10), {
    timeout: 20_000,
  });
  expect(Number(box('stages.2.rate').value) / 100).toBeCloseTo(all[2].rate!, 10);
  await user.click(modelButton('Update model'));
  await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/Model updated/), {
    timeout: 20_000,
  });
  expect(wb.getValue(sheet, plan.cells['input.stages.3.rate'])).toBeCloseTo(all[3].rate!, 12);
  expect(wb.getValue(sheet, plan.cells['input.stages.2.rate'])).toBeCloseTo(all[2].rate!, 12);
});
