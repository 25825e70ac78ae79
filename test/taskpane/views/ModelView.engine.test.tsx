/** @jest-environment jsdom */
/**
 * The task pane on the headless engine's WorkbookPort (as the workbench mounts it): one
 * click on Build writes the model, and the numbers the engine computes from the written
 * formulas are the numbers the pane previewed.
 */
import '../../helpers/dom-setup';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { defaultInputs, planModel, previewModel } from '../../../src/features/model';
import { createEngineWorkbook } from '../../../src/workbook/engine';

jest.setTimeout(30_000);

test('Build on the engine adapter writes live formulas whose values equal the preview', async () => {
  const port = createEngineWorkbook();
  const user = userEvent.setup();
  render(<App port={port} theme="light" />);
  await screen.findByLabelText('Current revenue (this year, $)');
  const box = screen.getByLabelText('Average deal value ($)');
  await user.clear(box);
  await user.type(box, '40k');
  const inputs = { ...defaultInputs(), averageDealValue: 40_000 };
  const preview = previewModel(inputs);
  await waitFor(() => expect(screen.getByTestId('preview-sentence').textContent).toBe(preview.sentence));

  await user.click(screen.getByRole('button', { name: 'Build model' }));
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
