/** @jest-environment jsdom */
/**
 * Review > "Compare with another version" with Testing Library, on the engine adapter:
 * pick the earlier file, read the sentence and the three lists (values in their number
 * formats, each cell a link into the workbook), mark the changed inputs and clear the
 * marks; a file that cannot be read says why; the Review view mounts the section. The
 * comparison runs in-process here (the browser test runs it in its Web Worker).
 */
import '../../helpers/dom-setup';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { CompareVersions } from '../../../src/taskpane/components/CompareVersions';
import { compareVersions } from '../../../src/taskpane/workers/compare-versions';
import { MARK_FILL } from '../../../src/features/review/compare';
import { planModel } from '../../../src/features/model';
import { MODEL_SHEET, inputsWith, modelFile, modelWorkbook } from '../../helpers/model-files';

jest.setTimeout(60_000);

const plan = planModel(inputsWith(), MODEL_SHEET);
const closeRate = plan.cells['input.stages.3.rate'];
const leads = plan.cells.leads;

/** The earlier version's file: bytes no test changes (each File copies them), so written once for the file. */
let written: Promise<Uint8Array> | undefined;
const earlierFile = () => (written ??= modelFile());

async function setup() {
  const v1 = await earlierFile();
  const wb = await modelWorkbook();
  wb.setCellFromUser(MODEL_SHEET, closeRate, '21.0%');
  const user = userEvent.setup();
  render(<CompareVersions port={wb} run={compareVersions} />);
  const file = new File([v1 as Uint8Array<ArrayBuffer>], 'plan v1.xlsx', {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  return { wb, user, file };
}

test('pick the earlier file: the sentence, the three lists in number formats, each cell a link', async () => {
  const { wb, user, file } = await setup();
  await user.upload(screen.getByTestId('compare-file-input'), file);
  const sentence = await screen.findByTestId('compare-sentence', {}, { timeout: 30_000 });
  expect(sentence.textContent).toMatch(
    /^1 assumption changed; leads needed rose from 1,200 to 1,429 \(\+19%\) because the close rate fell from 25\.0% to 21\.0%; \d+ other results moved\.$/,
  );
  expect(screen.getByText('plan v1.xlsx (earlier) compared with this workbook (later).')).toBeTruthy();
  const inputs = screen.getAllByTestId('compare-input');
  expect(inputs.map((i) => i.textContent)).toEqual([`'${MODEL_SHEET}'!${closeRate}close rate25.0% \u2192 21.0%`]);
  expect(screen.getByRole('heading', { name: 'Formulas added, removed or changed (0)' })).toBeTruthy();
  const outputs = screen.getAllByTestId('compare-output');
  const leadsItem = outputs.find((o) => o.textContent!.startsWith(`'${MODEL_SHEET}'!${leads}`))!;
  expect(leadsItem.textContent).toContain('leads neededrose from 1,200 to 1,429 (+19%)because of');
  expect(screen.getByTestId('compare-other').textContent).toBe('No other cell changed.');

  // A link selects the cell; a "because" link selects the input.
  await user.click(within(inputs[0]).getByRole('button', { name: `Go to '${MODEL_SHEET}'!${closeRate}` }));
  expect(await wb.getSelection()).toEqual({ sheet: MODEL_SHEET, address: closeRate });
  await user.click(within(leadsItem).getByRole('button', { name: `Go to '${MODEL_SHEET}'!${leads}` }));
  expect(await wb.getSelection()).toEqual({ sheet: MODEL_SHEET, address: leads });
});

test('Mark the changes colours the changed input; Clear marks puts back its own look', async () => {
  const { wb, user, file } = await setup();
  await user.upload(screen.getByTestId('compare-file-input'), file);
  await screen.findByTestId('compare-sentence', {}, { timeout: 30_000 });
  const clear = screen.getByRole('button', { name: 'Clear marks' });
  expect(clear.hasAttribute('disabled')).toBe(true);
  await user.click(screen.getByRole('button', { name: 'Mark the changes' }));
  await waitFor(() =>
    expect(screen.getByTestId('compare-notice').textContent).toBe(
      'Marked 1 changed input cell in orange. Clear marks puts back what they showed.',
    ),
  );
  expect(wb.getStyle(MODEL_SHEET, closeRate)).toEqual({ fontColor: '#0000FF', fill: MARK_FILL });
  await waitFor(() => expect(clear.hasAttribute('disabled')).toBe(false));
  await user.click(clear);
  await waitFor(() =>
    expect(screen.getByTestId('compare-notice').textContent).toBe('Cleared the marks: 1 cell look as they did before.'),
  );
  expect(wb.getStyle(MODEL_SHEET, closeRate)).toEqual({ fontColor: '#0000FF', fill: '#FFF2CC' });
  expect(wb.getValue(MODEL_SHEET, closeRate)).toBe(0.21);
});

test('the switch makes this workbook the earlier version and compares again', async () => {
  const { user, file } = await setup();
  await user.upload(screen.getByTestId('compare-file-input'), file);
  await screen.findByTestId('compare-sentence', {}, { timeout: 30_000 });
  await user.click(screen.getByRole('switch', { name: 'The other version is the earlier one' }));
  await waitFor(
    () =>
      expect(screen.getByTestId('compare-sentence').textContent).toMatch(
        /^1 assumption changed; leads needed fell from 1,429 to 1,200/,
      ),
    {
      timeout: 30_000,
    },
  );
  expect(screen.getByText('This workbook (earlier) compared with plan v1.xlsx (later).')).toBeTruthy();
});

test('a file that is not a workbook: one line naming it, nothing else', async () => {
  const { user } = await setup();
  await user.upload(screen.getByTestId('compare-file-input'), new File(['Region,Revenue\n'], 'data.xlsx'));
  const error = await screen.findByTestId('compare-error', {}, { timeout: 30_000 });
  expect(error.textContent).toBe('data.xlsx: not an .xlsx file (not a zip archive)');
  expect(screen.queryByTestId('compare-result')).toBeNull();
});

test("without Web Workers the file is not read on the pane's only thread: one line says so", async () => {
  const wb = await modelWorkbook();
  const user = userEvent.setup();
  render(<CompareVersions port={wb} />);
  expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
  const file = new File([(await earlierFile()) as Uint8Array<ArrayBuffer>], 'plan v1.xlsx');
  await user.upload(screen.getByTestId('compare-file-input'), file);
  const error = await screen.findByTestId('compare-error', {}, { timeout: 30_000 });
  expect(error.textContent).toBe('plan v1.xlsx: this host cannot read it in the background (it has no Web Workers)');
});

test('the Review view mounts the section', async () => {
  const wb = await modelWorkbook(inputsWith((i) => (i.churnRate = 0.05)));
  render(<App port={wb} theme="light" initialView="review" />);
  expect(
    await screen.findByRole('heading', { name: 'Compare with another version' }, { timeout: 30_000 }),
  ).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Choose the other version...' })).toBeTruthy();
});
