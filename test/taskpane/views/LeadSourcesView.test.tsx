/** @jest-environment jsdom */
/**
 * The Lead sources view with Testing Library, on the engine adapter: reading the
 * selection, columns matched and adjustable, the flag sentence and the per-source numbers
 * from the core, bad input shown and nothing written, and the scorecard added in one batch.
 */
import '../../helpers/dom-setup';
import { expectNoSeriousViolations } from '../../helpers/axe';
import { replaceText } from '../../helpers/fields';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { callFunction } from '../../../src/core';
import { formatValue } from '../../../src/base/format';

/** The sheet's format for quality and its bound. */
const fmtPercent = (x: number) => formatValue(x, '0.0%');
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';
import type { WriteBatch } from '../../../src/workbook/port';

jest.setTimeout(30_000);

/** The element's text contains (or matches) this. */
function has(el: HTMLElement, t: string | RegExp): void {
  if (typeof t === 'string') expect(el.textContent).toContain(t);
  else expect(el.textContent).toMatch(t);
}

const ROWS = [
  ['Source', 'Leads', 'Qualified opps', 'Won', 'Revenue', 'Cost'],
  ['Trade show', 2300, 23, 5, 250000, 90000],
  ['Webinar', 200, 40, 8, 400000, 15000],
  ['Referral', 60, 20, 7, 350000, 5000],
];

function setup(rows: unknown[][] = ROWS, selection = 'A1:F4') {
  const wb: EngineWorkbook = createEngineWorkbook({ sheets: { Sources: rows as never } });
  const batches: WriteBatch[] = [];
  const apply = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b) => {
    batches.push(b);
    return apply(b);
  };
  void wb.select('Sources', selection);
  const user = userEvent.setup();
  render(<App port={wb} theme="light" initialView="sources" />);
  return { wb, batches, user };
}

test("reads the table, shows the core's numbers and the flag, adds the scorecard beside it", async () => {
  const { wb, batches, user } = setup();
  await user.click(await screen.findByRole('button', { name: 'Use the selection' }));
  has(await screen.findByTestId('sources-range'), 'Sources!A1:F4: 3 sources');
  expect((screen.getByLabelText(/^Leads/) as HTMLSelectElement).value).toBe('1');
  expect((screen.getByLabelText(/^Qualified opportunities/) as HTMLSelectElement).value).toBe('2');
  const sentences = screen.getAllByTestId('sources-sentence').map((s) => s.textContent);
  expect(sentences[0]).toMatch(/^Trade show brings 2,300 leads .* volume without quality\.$/);
  const rows = screen.getAllByTestId('sources-row');
  expect(
    within(rows[1])
      .getAllByRole('cell')
      .map((c) => c.textContent),
  ).toEqual([
    'Webinar',
    '200',
    fmtPercent(callFunction('LEADQUALITY', [200, 40]) as number),
    fmtPercent(callFunction('LEADQUALITY', [200, 40, 0.9]) as number),
    '2',
  ]);
  expect(within(rows[0]).getAllByRole('cell')[0].textContent).toBe('Trade show Volume without quality');
  expect(within(rows[0]).getByTestId('sources-flag').textContent?.trim()).toBe('Volume without quality');
  // One rule for every percentage in the table: one decimal, as the sheet's 0.0% columns.
  const percents = rows.flatMap((r) =>
    within(r)
      .getAllByRole('cell')
      .slice(2, 4)
      .map((c) => c.textContent ?? ''),
  );
  for (const t of percents) expect(t).toMatch(/^\d+\.\d%$/);
  expect(screen.getByRole('columnheader', { name: 'At 90%, at least' })).toBeTruthy();
  // axe-core: the view with its columns, sentences and table finds nothing serious or critical.
  await expectNoSeriousViolations();

  await user.click(screen.getByRole('button', { name: 'Add scorecard' }));
  has(await screen.findByTestId('sources-notice'), /beside your table in G1:O4/);
  expect(batches).toHaveLength(1);
  expect(wb.getValue('Sources', 'H3')).toBe(callFunction('LEADQUALITY', [200, 40, 0.9]));
  expect(await wb.getSelection()).toEqual({ sheet: 'Sources', address: 'G1:O4' });
  // The pane shows each quality and bound exactly as the sheet's cells do.
  const shown = (a: string) => wb.getSheetSnapshot('Sources').cells.find((c) => c.address === a)?.display;
  screen.getAllByTestId('sources-row').forEach((r, i) => {
    const cells = within(r)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect([cells[2], cells[3]]).toEqual([shown(`G${i + 2}`), shown(`H${i + 2}`)]);
  });
});

test("a changed confidence changes the preview and the formulas' input", async () => {
  const { wb, user } = setup();
  await user.click(await screen.findByRole('button', { name: 'Use the selection' }));
  const box = await screen.findByLabelText(/Confidence of the lower bound/);
  await replaceText(user, box, '99');
  await waitFor(() =>
    has(screen.getAllByTestId('sources-row')[1], fmtPercent(callFunction('LEADQUALITY', [200, 40, 0.99]) as number)),
  );
  await user.click(screen.getByRole('button', { name: 'Add scorecard' }));
  await screen.findByTestId('sources-notice');
  expect(wb.getValue('Sources', 'R1')).toBe(0.99);
});

test('text in a numeric column: the message names it, Add scorecard stays off, nothing written', async () => {
  const rows = ROWS.map((r) => [...r]);
  rows[2][1] = 'about 200';
  const { batches, user } = setup(rows);
  await user.click(await screen.findByRole('button', { name: 'Use the selection' }));
  has(
    await screen.findByTestId('sources-problems'),
    'Row 3 (Webinar): Leads holds the text "about 200", not a number.',
  );
  const add = screen.getByRole('button', { name: 'Add scorecard' });
  expect((add as HTMLButtonElement).disabled || add.getAttribute('aria-disabled') === 'true').toBe(true);
  await user.click(add);
  expect(batches).toHaveLength(0);
});

test('a header it cannot match: pick the column in the dropdown, then it works', async () => {
  const rows = ROWS.map((r) => [...r]);
  rows[0][2] = 'Good ones';
  const { batches, user } = setup(rows);
  await user.click(await screen.findByRole('button', { name: 'Use the selection' }));
  has(await screen.findByTestId('sources-problems'), 'No column is picked for Qualified opportunities');
  await user.selectOptions(screen.getByLabelText(/^Qualified opportunities/), '2');
  await waitFor(() => expect(screen.queryByTestId('sources-problems')).toBeNull());
  await user.click(screen.getByRole('button', { name: 'Add scorecard' }));
  await screen.findByTestId('sources-notice');
  expect(batches).toHaveLength(1);
});

test('a selection with no numbers: a clear message and nothing else', async () => {
  const { batches, user } = setup(
    [
      ['a', 'b'],
      ['c', 'd'],
    ],
    'A1:B2',
  );
  await user.click(await screen.findByRole('button', { name: 'Use the selection' }));
  has(await screen.findByTestId('sources-notice'), 'The selection has no numbers.');
  expect(screen.queryByRole('button', { name: 'Add scorecard' })).toBeNull();
  expect(batches).toHaveLength(0);
});
