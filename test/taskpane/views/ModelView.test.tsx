/** @jest-environment jsdom */
/**
 * The task pane's Model view with Testing Library: inline validation with the core's own
 * messages, preview numbers equal to the core's, Build / Update states, the port's
 * success and failure, the stage list, and inputs restored from the workbook's settings.
 */
import '../../helpers/dom-setup';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { callFunction } from '../../../src/core';
import {
  SETTINGS_INPUTS,
  SETTINGS_REGISTRY,
  defaultInputs,
  previewModel,
  validateInputs,
  type ModelInputs,
} from '../../../src/features/model';
import { formatCount, formatMoney } from '../../../src/taskpane/state/parse';
import { formatValue } from '../../../src/base/format';
import {
  WorkbookWriteError,
  renameBatchSheets,
  settingValue,
  uniqueSheetName,
  type BatchResult,
  type WorkbookPort,
  type WriteBatch,
} from '../../../src/workbook/port';
import { replaceText } from '../../helpers/fields';
import { modelButton } from '../../helpers/model-view';

jest.setTimeout(30_000);

/** An in-memory workbook: sheets, settings, and every batch applied (or a failure). */
class FakePort implements WorkbookPort {
  sheets: string[] = ['Sheet1'];
  settings = new Map<string, unknown>();
  batches: WriteBatch[] = [];
  /** When set, applyBatch rejects with this reason and changes nothing. */
  failWith: string | null = null;
  /** When set, applyBatch waits for this promise before finishing. */
  gate: Promise<void> | null = null;
  selected: Array<[string, string]> = [];

  listSheets = jest.fn(async () => this.sheets.slice());
  usedRange = async () => null;
  readRange = async () => ({ values: [], formulas: [], numberFormats: [] });
  getSelection = async () => null;
  select = async (sheet: string, address: string) => {
    this.selected.push([sheet, address]);
  };
  applyBatch = jest.fn(async (batch: WriteBatch): Promise<BatchResult> => {
    if (this.gate) await this.gate;
    if (this.failWith) throw new WorkbookWriteError(this.failWith);
    const sheets: Record<string, string> = {};
    for (const s of batch.addSheets ?? []) {
      if (!batch.uniqueSheetNames && this.sheets.includes(s))
        throw new WorkbookWriteError(`A sheet named "${s}" exists.`);
      sheets[s] = batch.uniqueSheetNames ? uniqueSheetName([...this.sheets, ...Object.values(sheets)], s) : s;
    }
    const written = renameBatchSheets(batch, sheets);
    this.batches.push(written);
    this.sheets.push(...Object.values(sheets));
    // The batch's settings, as the adapters write them with it.
    for (const w of written.settings ?? [])
      this.settings.set(w.key, JSON.parse(JSON.stringify(settingValue(w, this.settings.get(w.key)) ?? null)));
    return { sheets };
  });
  deleteSheet = async (name: string) => {
    this.sheets = this.sheets.filter((s) => s !== name);
  };
  getSetting = async <T,>(key: string) =>
    this.settings.has(key) ? (JSON.parse(JSON.stringify(this.settings.get(key))) as T) : undefined;
  setSetting = jest.fn(async (key: string, value: unknown) => {
    this.settings.set(key, JSON.parse(JSON.stringify(value)));
  });
}

async function renderPane(port: WorkbookPort = new FakePort()) {
  const user = userEvent.setup();
  const utils = render(<App port={port} theme="light" />);
  // The Model view is lazy and first reads the saved inputs; then the form and its preview draw at once.
  await screen.findByTestId('preview-sentence');
  screen.getByLabelText('Current revenue (this year)');
  return { user, ...utils };
}

/** A button is off when it is disabled for pointer and keyboard alike. */
function isDisabled(el: HTMLElement): boolean {
  return (el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true';
}

// (test/helpers/model-view.ts says why they are looked up in the view's footer.)
const buildButton = () => modelButton(/build model|building model/i);
const updateButton = () => modelButton(/update model|updating model/i);

/** The box labelled `label`, its text replaced with `text` (test/helpers/fields.ts). */
function retype(user: ReturnType<typeof userEvent.setup>, label: string | RegExp, text: string) {
  return replaceText(user, screen.getByLabelText(label), text);
}

function expectedPreview(patch: Partial<ModelInputs> = {}) {
  return previewModel({ ...defaultInputs(), ...patch });
}

describe('Model view: validation', () => {
  test("a close rate above 100% is said in the field's own words and format, not the core's argument names", async () => {
    const { user } = await renderPane();
    await retype(user, 'Close rate', '150');
    expect(await screen.findByText("Close rate can't be above 100%: you typed 150%.")).toBeTruthy();
    // The core's message (for the sheet) is not what the pane shows.
    const stages = defaultInputs().stages;
    stages[3].rate = 1.5;
    const core = validateInputs({ ...defaultInputs(), stages })['stages.3.rate'];
    expect(core).toMatch(/conversion_rates/);
    expect(screen.queryByText(core)).toBeNull();
    expect(isDisabled(buildButton())).toBe(true);
  });

  test('a negative deal value says so with the label and the money format, and disables Build', async () => {
    const { user } = await renderPane();
    await retype(user, 'Average deal value (a year)', '-35000');
    const message = "Average deal value can't be negative: you typed -$35,000.";
    expect(await screen.findByText(message)).toBeTruthy();
    expect(screen.queryByText(/average_deal_value/)).toBeNull();
    expect(isDisabled(buildButton())).toBe(true);
    await retype(user, 'Average deal value (a year)', '40000');
    await waitFor(() => expect(screen.queryByText(message)).toBeNull());
    expect(isDisabled(buildButton())).toBe(false);
  });

  test('a confidence of 100% and a growth below -100% are worded from the core verdict', async () => {
    const { user } = await renderPane();
    await retype(user, 'Confidence', '100');
    expect(await screen.findByText('Confidence must be below 100%: you typed 100%.')).toBeTruthy();
    await retype(user, 'Growth target', '-150');
    expect(await screen.findByText("Growth target can't be below -100%: you typed -150%.")).toBeTruthy();
  });

  test("0.3 in a percent field stays 0.3% (Excel's rule) and asks whether 30% was meant, with a one-click fix", async () => {
    const { user } = await renderPane();
    const box = await retype(user, 'Growth target', '0.3');
    const slip = await screen.findByTestId('percent-slip');
    expect(slip.textContent).toMatch(/^0\.3%: did you mean 30%\?/);
    // Until fixed, the preview plans for 0.3% growth.
    const low = expectedPreview({ growthRate: 0.003 });
    await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(low.sentence));
    await user.click(within(slip).getByRole('button', { name: /Use 30%/ }));
    expect((box as HTMLInputElement).value).toBe('30');
    expect(screen.queryByTestId('percent-slip')).toBeNull();
    const fixed = expectedPreview({ growthRate: 0.3 });
    await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(fixed.sentence));
    // A percentage typed with its sign, and 0, are taken as meant.
    await retype(user, 'Growth target', '0.5%');
    expect(screen.queryByTestId('percent-slip')).toBeNull();
    await retype(user, 'Growth target', '0');
    expect(screen.queryByTestId('percent-slip')).toBeNull();
  });

  test('text that is no number gets a message, and the preview waits', async () => {
    const { user } = await renderPane();
    await retype(user, 'Growth target', 'lots');
    expect(await screen.findByText('Enter a percentage such as 25 or 25%, not "lots".')).toBeTruthy();
    expect(screen.getByTestId('preview-sentence').textContent).toMatch(/waits for one field/);
    expect(isDisabled(buildButton())).toBe(true);
  });

  test('"25%" and "25" both mean 25% in a percent field', async () => {
    const { user } = await renderPane();
    await retype(user, 'Growth target', '25%');
    const p = expectedPreview({ growthRate: 0.25 });
    await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(p.sentence));
    await retype(user, 'Growth target', '25');
    await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(p.sentence));
    expect(p.revenueGap).toBe(3_500_000);
  });

  test("scenario Low above High gets the model's own message, nothing is written", async () => {
    const port = new FakePort();
    const { user } = await renderPane(port);
    await user.click(screen.getByRole('radio', { name: 'Type Low and High for each value' }));
    await retype(user, 'Low average deal value', '90000');
    const i = defaultInputs();
    const expected = validateInputs({
      ...i,
      scenarios: { ...i.scenarios, mode: 'manual', dealValue: { low: 90000, high: 55000 } },
    })['scenarios.dealValue.low'];
    expect(expected).toMatch(/Low is above High/);
    expect(await screen.findByText(expected)).toBeTruthy();
    expect(isDisabled(buildButton())).toBe(true);
    await user.click(buildButton());
    expect(port.applyBatch).not.toHaveBeenCalled();
  });
});

describe('Model view: preview', () => {
  test('the key numbers and sentences equal the core results for the defaults', async () => {
    await renderPane();
    const p = expectedPreview();
    const preview = await screen.findByTestId('preview');
    const shown = (key: string) => preview.querySelector(`[data-preview="${key}"]`)?.textContent;
    expect(shown('revenueGap')).toBe(formatMoney(p.revenueGap as number));
    expect(shown('deals')).toBe(formatCount(p.deals as number));
    expect(shown('leads')).toBe(formatCount(p.leads as number));
    expect(shown('leadsAtConfidence')).toBe(formatCount(p.leadsAtConfidence as number));
    // And those are the core's own functions' answers, not a copy of the maths.
    expect(p.revenueGap).toBe(callFunction('REVENUEGAP', [10_000_000, 0.2, 0.1]));
    expect(p.deals).toBe(callFunction('REQUIREDDEALS', [3_000_000, 50_000]));
    expect(p.leads).toBe(callFunction('REQUIREDLEADS', [3_000_000, 50_000, [[0.5], [0.4], [0.25]]]));
    expect(p.sentence).toBe(
      'To add $3.0M this year you need 60 deals, 240 qualified opportunities and about 1,200 leads in the year; marketing must source 20 opportunities a month.',
    );
    expect(screen.getByTestId('preview-sentence').textContent).toBe(p.sentence);
    expect(screen.getByTestId('preview-sentence').getAttribute('aria-live')).toBe('polite');
    expect(screen.getByTestId('sensitivity-sentence').textContent).toBe(p.sensitivitySentence);
  });

  test('the funnel picture shows every stage volume FUNNEL gives', async () => {
    await renderPane();
    const p = expectedPreview();
    const funnel = await screen.findByTestId('funnel-picture');
    const rows = p.funnel as Array<{ name: string; volume: number }>;
    expect(funnel.getAttribute('aria-label')).toBe(
      `Funnel: ${rows.map((r) => `${r.name} ${formatCount(r.volume)}`).join(', ')}`,
    );
    const widths = Array.from(funnel.querySelectorAll('[data-volume]')).map((b) =>
      Number(b.getAttribute('data-volume')),
    );
    expect(widths).toEqual(rows.map((r) => r.volume));
  });

  test('editing an input updates the preview to the core result for the new inputs', async () => {
    const { user } = await renderPane();
    await retype(user, 'Current revenue (this year)', '20m');
    const p = expectedPreview({ currentRevenue: 20_000_000 });
    await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(p.sentence));
    expect(p.sentence).toMatch(/^To add \$6\.0M this year you need 120 deals/);
  });

  test('the scenario table shows each scenario from the core', async () => {
    await renderPane();
    const p = expectedPreview();
    const table = await screen.findByTestId('scenario-table');
    for (const s of p.scenarios) {
      const row = table.querySelector(`[data-scenario="${s.name}"]`) as HTMLElement;
      expect(row).toBeTruthy();
      // In the sheet's own formats: what the pane shows is what the cell shows.
      expect(row.querySelector('[data-col="deals"]')?.textContent).toBe(formatCount(s.deals as number));
      expect(row.querySelector('[data-col="leads"]')?.textContent).toBe(formatCount(s.leads as number));
      expect(row.querySelector('[data-col="leadsAtConfidence"]')?.textContent).toBe(
        formatCount(s.leadsAtConfidence as number),
      );
      expect(row.querySelector('[data-col="hitProbability"]')?.textContent).toBe(formatValue(s.hitProbability, '0.0%'));
    }
    // Low needs more leads than High: the scenarios really differ.
    expect(p.scenarios[0].leads as number).toBeGreaterThan(p.scenarios[2].leads as number);
  });
});

describe('Model view: month by month', () => {
  test('the preview shows the month plan and its sentence; the stage editor shows each lag', async () => {
    await renderPane();
    const p = expectedPreview();
    expect(screen.getByTestId('month-sentence').textContent).toBe(p.months.sentence);
    expect(p.months.sentence).toBe(
      'To close $3.0M by December you need leads from September of last year; 1,680 leads in all, 400 of them before January.',
    );
    expect(screen.getByTestId('before-sentence').textContent).toBe(p.months.beforeSentence);
    const table = await screen.findByTestId('month-plan');
    const rows = Array.from(table.querySelectorAll('[data-month]')) as HTMLElement[];
    expect(rows.map((r) => r.querySelector('td')?.textContent)).toEqual(['Before the year', ...p.months.labels]);
    const leads = rows.map((r) => r.querySelectorAll('td')[2]?.textContent);
    expect(leads).toEqual([p.months.leads.before, ...p.months.leads.months].map((v) => formatCount(v as number)));
    expect(rows[1].querySelectorAll('td')[1]?.textContent).toBe(formatMoney(250_000));
    // The lags sit in the stage editor, one box per stage, the last the sales cycle.
    expect((screen.getByLabelText('Months to close (lag)') as HTMLInputElement).value).toBe('3');
    expect((screen.getByLabelText('Months to the next stage (lead-to-SAL lag)') as HTMLInputElement).value).toBe('0.5');
  });

  test('a lag, the fiscal start and typed weights move the month plan; a bad weight stops Build', async () => {
    const port = new FakePort();
    const { user } = await renderPane(port);
    await retype(user, 'Months to close (lag)', '5');
    const slower = defaultInputs();
    slower.stages[3].lag = 5;
    await waitFor(() =>
      expect(screen.getByTestId('month-sentence').textContent).toBe(previewModel(slower).months.sentence),
    );
    expect(screen.getByTestId('month-sentence').textContent).toMatch(/leads from July of last year/);
    await user.selectOptions(screen.getByLabelText('Fiscal year starts in'), '4');
    await waitFor(() =>
      expect(screen.getByTestId('month-sentence').textContent).toMatch(/by March you need leads from October/),
    );
    await user.click(screen.getByLabelText('Typed weights'));
    await retype(user, 'April seasonality weight', '2');
    const shaped = { ...slower, fiscalStartMonth: 4, seasonality: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] };
    await waitFor(() =>
      expect(screen.getByTestId('month-sentence').textContent).toBe(previewModel(shaped).months.sentence),
    );
    const first = (await screen.findByTestId('month-plan')).querySelector('[data-month="0"]') as HTMLElement;
    expect(first.querySelector('td')?.textContent).toBe('Apr');
    expect(first.querySelectorAll('td')[1]?.textContent).toBe(formatMoney(Math.round((3_000_000 * 2) / 13)));
    await retype(user, 'April seasonality weight', '-1');
    await waitFor(() => expect(isDisabled(buildButton())).toBe(true));
    expect(screen.getByText(/April's seasonality weight can't be negative/)).toBeTruthy();
    expect(port.applyBatch).not.toHaveBeenCalled();
  });

  test('Build writes the month and pace blocks in the same one batch', async () => {
    const port = new FakePort();
    const { user } = await renderPane(port);
    await user.click(buildButton());
    await screen.findByTestId('model-notice');
    expect(port.applyBatch).toHaveBeenCalledTimes(1);
    const formulas = port.batches[0].cells.map((c) => c.formula ?? '');
    expect(formulas.some((f) => f.startsWith('=ROI.FUNNELPLAN('))).toBe(true);
    expect(formulas.filter((f) => f.startsWith('=ROI.FUNNELFORECAST(')).length).toBe(2);
    expect(formulas.filter((f) => f.startsWith('=ROI.PIPELINEHIT(')).length).toBe(2);
    expect(port.batches[0].charts?.map((c) => c.name)).toEqual(
      expect.arrayContaining(['ROI_MonthChart', 'ROI_PaceChart']),
    );
  });
});

describe('Model view: build and update', () => {
  test('Build writes through the port, saves the inputs, shows success, and enables Update', async () => {
    const port = new FakePort();
    const { user } = await renderPane(port);
    expect(isDisabled(buildButton())).toBe(false);
    expect(isDisabled(updateButton())).toBe(true);
    await user.click(buildButton());
    const notice = await screen.findByTestId('model-notice');
    expect(notice.textContent).toMatch(/Model built/);
    expect(notice.textContent).toMatch(/"ROI Model"/);
    expect(port.applyBatch).toHaveBeenCalledTimes(1);
    expect(port.batches[0].addSheets).toContain('ROI Model');
    expect(port.batches[0].cells.some((c) => c.formula?.includes('ROI.'))).toBe(true);
    expect(port.settings.get(SETTINGS_INPUTS)).toEqual(JSON.parse(JSON.stringify(defaultInputs())));
    await waitFor(() => expect(isDisabled(updateButton())).toBe(false));
    expect(port.selected).toContainEqual(['ROI Model', 'A1']);
  });

  test('the Build button shows a busy state while the port writes', async () => {
    const port = new FakePort();
    let release!: () => void;
    port.gate = new Promise<void>((r) => (release = r));
    const { user } = await renderPane(port);
    await user.click(buildButton());
    const busy = await screen.findByRole('button', { name: /building model/i });
    expect(isDisabled(busy)).toBe(true);
    expect(busy.getAttribute('aria-busy')).toBe('true');
    expect(isDisabled(updateButton())).toBe(true);
    await act(async () => release());
    expect((await screen.findByTestId('model-notice')).textContent).toMatch(/Model built/);
    expect(isDisabled(buildButton())).toBe(false);
  });

  test('a failing port shows the reason in a MessageBar and saves nothing', async () => {
    const port = new FakePort();
    port.failWith = 'The sheet could not be added (the workbook is protected).';
    const { user } = await renderPane(port);
    await user.click(buildButton());
    const notice = await screen.findByTestId('model-notice');
    expect(notice.textContent).toMatch(/Model not built/);
    expect(notice.textContent).toContain('The sheet could not be added (the workbook is protected).');
    expect(notice.textContent).toContain('The workbook was left as it was.');
    expect(port.settings.has(SETTINGS_INPUTS)).toBe(false);
    expect(isDisabled(updateButton())).toBe(true);
    expect(isDisabled(buildButton())).toBe(false);
    await user.click(within(notice).getByRole('button', { name: 'Dismiss message' }));
    expect(screen.queryByTestId('model-notice')).toBeNull();
  });

  test('a second build goes to "ROI Model (2)", and Update lets the user pick the sheet', async () => {
    const port = new FakePort();
    const { user } = await renderPane(port);
    await user.click(buildButton());
    await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/"ROI Model"/));
    await user.click(buildButton());
    await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/"ROI Model \(2\)"/));
    expect(port.sheets).toEqual(['Sheet1', 'ROI Model', 'ROI Model (2)']);
    const pick = (await screen.findByLabelText('Sheet to update')) as HTMLSelectElement;
    expect(Array.from(pick.options).map((o) => o.value)).toEqual(['ROI Model', 'ROI Model (2)']);
    expect(pick.value).toBe('ROI Model (2)');
    await user.selectOptions(pick, 'ROI Model');
    await user.click(updateButton());
    await waitFor(() =>
      expect(screen.getByTestId('model-notice').textContent).toMatch(/"ROI Model" now uses these inputs/),
    );
    expect(port.batches[2].cells.every((c) => c.sheet === 'ROI Model')).toBe(true);
  });

  test('Update model rewrites the sheet the builder made, with the new inputs', async () => {
    const port = new FakePort();
    const { user } = await renderPane(port);
    await user.click(buildButton());
    await screen.findByTestId('model-notice');
    await waitFor(() => expect(isDisabled(updateButton())).toBe(false));
    await retype(user, 'Average deal value (a year)', '60000');
    await user.click(updateButton());
    await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/Model updated/));
    expect(port.applyBatch).toHaveBeenCalledTimes(2);
    expect(port.batches[1].addSheets ?? []).toEqual([]);
    expect(port.batches[1].cells.every((c) => c.sheet === 'ROI Model')).toBe(true);
    expect((port.settings.get(SETTINGS_INPUTS) as ModelInputs).averageDealValue).toBe(60000);
  });
});

describe('Model view: funnel stages', () => {
  const stageNames = () => screen.getAllByLabelText(/^Stage \d+ name$/).map((el) => (el as HTMLInputElement).value);
  /** The stage editor's buttons, looked up in its section (as the footer's: a look-up over the view costs more). */
  const stageButton = (name: string) =>
    within(screen.getByRole('region', { name: 'Funnel stages', hidden: true })).getByRole('button', { name });

  test('add, move and remove stages; the preview follows', async () => {
    const { user } = await renderPane();
    expect(stageNames()).toEqual(['Visitors', 'Leads', 'SALs', 'SQOs']);

    await user.click(stageButton('Move SALs up'));
    expect(stageNames()).toEqual(['Visitors', 'SALs', 'Leads', 'SQOs']);
    await user.click(stageButton('Move SALs down'));
    expect(stageNames()).toEqual(['Visitors', 'Leads', 'SALs', 'SQOs']);
    expect(isDisabled(stageButton('Move Visitors up'))).toBe(true);
    expect(isDisabled(stageButton('Move SQOs down'))).toBe(true);

    await user.click(stageButton('Add stage'));
    expect(stageNames()).toEqual(['Visitors', 'Leads', 'SALs', 'SQOs', 'Stage 5']);
    // The new last stage carries the close rate: the funnel gets one more row.
    await waitFor(() => expect(screen.getByTestId('funnel-picture').querySelectorAll('[data-volume]')).toHaveLength(6));

    await user.click(stageButton('Remove Visitors'));
    expect(stageNames()).toEqual(['Leads', 'SALs', 'SQOs', 'Stage 5']);
    // The removed row's button is gone: keyboard focus lands on Add stage, not on the page.
    await waitFor(() => expect(document.activeElement).toBe(stageButton('Add stage')));
    const i = defaultInputs();
    const stages = [...i.stages.slice(1), { name: 'Stage 5', rate: 0.5, lag: 1 }];
    const p = previewModel({ ...i, stages, leadStage: 0 });
    await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(p.sentence));
  });

  test('a stage without a name is flagged with the model message', async () => {
    const { user } = await renderPane();
    await retype(user, 'Stage 3 name', '');
    const i = defaultInputs();
    i.stages[2].name = '';
    expect(await screen.findByText(validateInputs(i)['stages.2.name'])).toBeTruthy();
    expect(isDisabled(buildButton())).toBe(true);
  });

  test('the last stage cannot be removed', async () => {
    const { user } = await renderPane();
    for (const n of ['Visitors', 'Leads', 'SALs']) await user.click(stageButton(`Remove ${n}`));
    expect(stageNames()).toEqual(['SQOs']);
    expect(isDisabled(stageButton('Remove SQOs'))).toBe(true);
  });
});

describe('Model view: saved inputs', () => {
  test('inputs saved in the workbook are restored on open, and Update targets the existing model', async () => {
    const port = new FakePort();
    const saved: ModelInputs = {
      ...defaultInputs(),
      currentRevenue: 4_000_000,
      growthRate: 0.5,
      stages: [
        { name: 'MQLs', rate: 0.3, lag: 1 },
        { name: 'Opps', rate: 0.2, lag: 1 },
      ],
      leadStage: 0,
      scenarios: {
        ...defaultInputs().scenarios,
        rates: [
          { low: 0.2, high: 0.4 },
          { low: 0.1, high: 0.3 },
        ],
      },
    };
    port.settings.set(SETTINGS_INPUTS, saved);
    port.sheets.push('ROI Model');
    port.settings.set(SETTINGS_REGISTRY, {
      version: 1,
      models: [{ sheet: 'ROI Model', cells: [], names: [], charts: [], updated: '', inputs: saved }],
    });
    await renderPane(port);
    expect((screen.getByLabelText('Current revenue (this year)') as HTMLInputElement).value).toBe('4,000,000');
    expect((screen.getByLabelText('Growth target') as HTMLInputElement).value).toBe('50');
    expect(screen.getAllByLabelText(/^Stage \d+ name$/).map((el) => (el as HTMLInputElement).value)).toEqual([
      'MQLs',
      'Opps',
    ]);
    const p = previewModel(saved);
    await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(p.sentence));
    expect(isDisabled(updateButton())).toBe(false);
  });

  test('a port that cannot read settings leaves the defaults and says so', async () => {
    const port = new FakePort();
    port.getSetting = async () => {
      throw new Error('Settings are not available.');
    };
    await renderPane(port);
    expect((screen.getByLabelText('Current revenue (this year)') as HTMLInputElement).value).toBe('10,000,000');
    expect((await screen.findByTestId('model-notice')).textContent).toMatch(/Settings are not available/);
  });
});

describe('Shell', () => {
  test('tabs list the views; the others load on demand', async () => {
    const { user } = await renderPane();
    const tabs = screen.getAllByRole('tab');
    expect(tabs).toHaveLength(6);
    for (const name of ['Model', 'Lead sources', 'Calibrate', 'Review', 'Share', 'Outcome check'])
      expect(screen.getByRole('tab', { name })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Model' }).getAttribute('aria-selected')).toBe('true');
    await user.click(screen.getByRole('tab', { name: 'Review' }));
    expect(await screen.findByRole('heading', { name: 'Review' })).toBeTruthy();
    expect(screen.queryByLabelText('Current revenue (this year)')).toBeNull();
  });

  test('every input in the Model view has an accessible name', async () => {
    await renderPane();
    const boxes = Array.from(document.querySelectorAll('input, select')) as HTMLElement[];
    expect(boxes.length).toBeGreaterThan(15);
    for (const b of boxes) {
      const id = b.getAttribute('id');
      const named =
        b.getAttribute('aria-label') ||
        b.getAttribute('aria-labelledby') ||
        (id && document.querySelector(`label[for="${id}"]`));
      expect(named).toBeTruthy();
    }
  });
});
