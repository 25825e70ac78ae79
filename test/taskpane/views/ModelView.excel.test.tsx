/** @jest-environment jsdom */
/**
 * The task pane on the Excel adapter over the mocked Excel (test/helpers/mock-excel.ts):
 * Build is two round trips in all (the record and the inputs ride in the write); an input
 * edited on the model sheet comes into the form when the sheet is activated, read back
 * in one round trip; Update over a changed cell asks first, having written nothing.
 */
import '../../helpers/dom-setup';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { defaultInputs, planModel } from '../../../src/features/model';
import { MockExcel, mockPort } from '../../helpers/mock-excel';
import { modelButton } from '../../helpers/model-view';

jest.setTimeout(30_000);

const box = (path: string) => document.querySelector(`input[data-field="${path}"]`) as HTMLInputElement;

test('on Excel: build in 2 round trips, the sheet read back on activation (its name, then its inputs), Update asks before writing over an edit', async () => {
  const x = new MockExcel(['Sheet1']);
  const { port } = mockPort(x);
  const user = userEvent.setup();
  render(<App port={port} theme="light" />);
  await screen.findByLabelText('Current revenue (this year)');
  await waitFor(() => expect(x.activationHandlers).toHaveLength(1));

  let syncs = x.syncs;
  await user.click(modelButton('Build model'));
  await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/Model built/), {
    timeout: 20_000,
  });
  // The build's own Excel.run: 2 syncs, no settings save of its own (the pane then lists the sheets and selects A1).
  expect(x.runs.find((r) => r.written.length > 0)?.syncs).toBe(2);
  expect(x.counts.saveAsync).toBe(0);
  expect([...x.workbookSettings.keys()].sort()).toEqual(['outcomeRoi.model.inputs', 'outcomeRoi.model.sheets']);

  const plan = planModel(defaultInputs(), 'ROI Model');
  const deal = plan.cells['input.averageDealValue'];
  x.sheets.get('ROI Model')!.cells.set(deal, { value: 72_000, numberFormat: '$#,##0' });
  syncs = x.syncs;
  await act(async () => {
    await x.activate('ROI Model');
  });
  await waitFor(() => expect(box('averageDealValue').value).toBe('72,000'));
  // The sheet's name from its id (1), then the names read back (1): the record was kept from the build.
  expect(x.syncs - syncs).toBe(2);
  expect(screen.getByTestId('sheet-news').textContent).toContain('Average deal value: $50,000 -> $72,000');

  // Edited again on the sheet, no activation: Update stops in its first round trip and asks.
  x.sheets.get('ROI Model')!.cells.set(deal, { value: 80_000, numberFormat: '$#,##0' });
  x.written = [];
  syncs = x.syncs;
  await user.click(modelButton('Update model'));
  const dialog = await screen.findByRole('alertdialog', { hidden: true });
  expect(x.syncs - syncs).toBe(1);
  expect(x.written).toEqual([]);
  expect(within(dialog).getByTestId('update-question').textContent).toContain(`(${deal}): now $80,000.`);
  await user.click(within(dialog).getByRole('button', { name: "Keep the sheet's values", hidden: true }));
  await waitFor(() => expect(screen.getByTestId('model-notice').textContent).toMatch(/Model updated/), {
    timeout: 20_000,
  });
  expect(x.sheets.get('ROI Model')!.cells.get(deal)?.value).toBe(80_000);
  expect(box('averageDealValue').value).toBe('80,000');
});
