/** @jest-environment jsdom */
/**
 * The task pane on the headless engine's WorkbookPort (as the workbench mounts it): one
 * click on Build writes the model, and the numbers the engine computes from the written
 * formulas are the numbers the pane previewed.
 */
import '../../helpers/dom-setup';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { defaultInputs, planModel, previewModel } from '../../../src/features/model';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import { cellOf } from '../../../src/workbook/port';
import { replaceText } from '../../helpers/fields';
import { modelButton } from '../../helpers/model-view';

jest.setTimeout(30_000);

/**
 * Fluent's focus manager (Tabster) is one per document and outlives each test's render: in
 * a later test of the same file its modalizer marks the new dialog aria-hidden, which no
 * browser shows (alone, the test finds it without this). So the dialog's roles are looked
 * up among hidden elements too.
 */
const HIDDEN_TOO = { hidden: true } as const;

test('Build on the engine adapter writes live formulas whose values equal the preview', async () => {
  const port = createEngineWorkbook();
  const user = userEvent.setup();
  render(<App port={port} theme="light" />);
  await screen.findByTestId('preview-sentence');
  screen.getByLabelText('Current revenue (this year)');
  await replaceText(user, screen.getByLabelText('Average deal value (a year)'), '40k');
  const inputs = { ...defaultInputs(), averageDealValue: 40_000 };
  const preview = previewModel(inputs);
  await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(preview.sentence));

  await user.click(modelButton('Build model'));
  await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/Model built/), {
    timeout: 20_000,
  });
  expect(await port.listSheets()).toContain('ROI Model');

  const plan = planModel(inputs, 'ROI Model');
  for (const key of ['revenueGap', 'deals', 'leads', 'leadsAtConfidence', 'hitProbability'] as const) {
    const at = plan.cells[key];
    const read = await port.readRange('ROI Model', at);
    expect(read.formulas[0][0]).toMatch(/^=/);
    expect(read.values[0][0]).toBeCloseTo(preview[key] as number, 9);
  }
  const sentence = await port.readRange('ROI Model', plan.cells.sentence);
  expect(sentence.values[0][0]).toBe(preview.sentence);
});

describe('once a model exists, its sheet is the truth', () => {
  async function builtPane() {
    const port = createEngineWorkbook({ sheets: { Sheet1: [] } });
    const user = userEvent.setup();
    render(<App port={port} theme="light" />);
    await screen.findByTestId('preview-sentence');
    screen.getByLabelText('Current revenue (this year)');
    await user.click(modelButton('Build model'));
    await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/Model built/), {
      timeout: 20_000,
    });
    const plan = planModel(defaultInputs(), 'ROI Model');
    return { port, user, plan, at: (k: string) => plan.cells[k] };
  }
  const box = (path: string) => document.querySelector(`input[data-field="${path}"]`) as HTMLInputElement;

  test('an input edited on the sheet comes into the form (old -> new) when the sheet is activated, and the preview follows', async () => {
    const { port, at } = await builtPane();
    // Written straight into the engine: an edit the pane is not told of, until the sheet is activated.
    const cellAt = (a: string) => ({ sheet: port.hf.getSheetId('ROI Model')!, ...cellOf(a) });
    port.hf.setCellContents(cellAt(at('input.averageDealValue')), 60_000);
    port.hf.setCellContents(cellAt(at('input.stages.3.rate')), 0.3);
    // The user goes to another sheet and back to the model (the workbench's tabs select it).
    await act(async () => {
      await port.select('Sheet1', 'A1');
      await port.select('ROI Model', 'A1');
    });
    await waitFor(() => expect(box('averageDealValue').value).toBe('60,000'));
    expect(box('stages.3.rate').value).toBe('30');
    const news = screen.getByTestId('sheet-news');
    expect(within(news).getByText('Average deal value: $50,000 -> $60,000')).toBeTruthy();
    expect(news.textContent).toMatch(/Funnel stages: .*SQOs 25% \(3 mo\) -> .*SQOs 30% \(3 mo\)/);
    const inputs = { ...defaultInputs(), averageDealValue: 60_000 };
    inputs.stages[3].rate = 0.3;
    await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(previewModel(inputs).sentence));
    // And the sheet's own sentence is that same sentence.
    expect(port.getValue('ROI Model', planModel(inputs, 'ROI Model').cells.sentence)).toBe(
      previewModel(inputs).sentence,
    );
  });

  test('an input edited on the model sheet while it stays active comes into the form too', async () => {
    const { port, at } = await builtPane();
    port.setCellFromUser('ROI Model', at('input.churnRate'), '12%');
    await waitFor(() => expect(box('churnRate').value).toBe('12'), { timeout: 5_000 });
    expect(screen.getByTestId('sheet-news').textContent).toContain('Revenue churn: 10% -> 12%');
  });

  test("Update asks before writing over a value changed on the sheet (and in the form); keeping the sheet's value writes nothing over it", async () => {
    const { port, user, at } = await builtPane();
    await replaceText(user, box('growthRate'), '30');
    await replaceText(user, box('averageDealValue'), '55000');
    port.setCellFromUser('ROI Model', at('input.averageDealValue'), '65000');
    // Changed in both places: the form keeps its value and says so.
    await waitFor(() => expect(screen.getByTestId('sheet-news').textContent).toContain('$55,000 in the form'), {
      timeout: 5_000,
    });
    await user.click(modelButton('Update model'));
    const dialog = await screen.findByRole('alertdialog', HIDDEN_TOO);
    expect(within(dialog).getByTestId('update-question').textContent).toContain(
      `Average deal value (${at('input.averageDealValue')}): now $65,000.`,
    );
    // Nothing was written yet.
    expect(port.getValue('ROI Model', at('input.growthRate'))).toBe(0.2);
    await user.click(within(dialog).getByRole('button', { name: "Keep the sheet's values", ...HIDDEN_TOO }));
    await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/Model updated/), {
      timeout: 20_000,
    });
    expect(port.getValue('ROI Model', at('input.averageDealValue'))).toBe(65_000);
    expect(port.getValue('ROI Model', at('input.growthRate'))).toBe(0.3);
    expect(box('averageDealValue').value).toBe('65,000');
  });

  test("Update with the form's values writes over the sheet's only after the user said so", async () => {
    const { port, user, at } = await builtPane();
    await replaceText(user, box('averageDealValue'), '55000');
    port.setCellFromUser('ROI Model', at('input.averageDealValue'), '65000');
    await user.click(modelButton('Update model'));
    const dialog = await screen.findByRole('alertdialog', HIDDEN_TOO);
    expect(port.getValue('ROI Model', at('input.averageDealValue'))).toBe(65_000);
    await user.click(within(dialog).getByRole('button', { name: "Use the form's values", ...HIDDEN_TOO }));
    await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/Model updated/), {
      timeout: 20_000,
    });
    expect(port.getValue('ROI Model', at('input.averageDealValue'))).toBe(55_000);
    expect(box('averageDealValue').value).toBe('55,000');
  });
});
