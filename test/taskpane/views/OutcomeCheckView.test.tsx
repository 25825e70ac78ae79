/** @jest-environment jsdom */
/**
 * The Outcome check view with Testing Library, on the engine adapter: labels and mix for
 * the selected names, the outcomes the dashboard lacks, labels written beside the names,
 * and bad selections explained with nothing written.
 */
import '../../helpers/dom-setup';
import { expectNoSeriousViolations } from '../../helpers/axe';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import type { WriteBatch } from '../../../src/workbook/port';

jest.setTimeout(30_000);

function has(el: HTMLElement, t: string | RegExp): void {
  if (typeof t === 'string') expect(el.textContent).toContain(t);
  else expect(el.textContent).toMatch(t);
}

function setup(rows: unknown[][], selection: string) {
  const wb = createEngineWorkbook({ sheets: { Dash: rows as never } });
  const batches: WriteBatch[] = [];
  const apply = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b) => {
    batches.push(b);
    return apply(b);
  };
  void wb.select('Dash', selection);
  const user = userEvent.setup();
  render(<App port={wb} theme="light" initialView="outcome" />);
  return { wb, batches, user };
}

test('labels, the mix and the missing outcomes; labels written beside as live formulas', async () => {
  const { wb, batches, user } = setup(
    [['Emails sent'], ['Page views'], ['MQLs'], ['Revenue'], ['Churn rate']],
    'A1:A5',
  );
  await user.click(await screen.findByRole('button', { name: 'Check the selection' }));
  has(
    await screen.findByTestId('outcome-mix'),
    '5 metrics: 1 output, 2 results, 2 outcomes. It balances activity and outcomes.',
  );
  expect(screen.getAllByTestId('outcome-label').map((l) => l.textContent)).toEqual([
    'Emails sentoutput',
    'Page viewsresult',
    'MQLsresult',
    'Revenueoutcome',
    'Churn rateoutcome',
  ]);
  const missing = screen
    .getAllByTestId('outcome-missing-item')
    .map((m) => within(m).getByText(/./, { selector: 'strong' }).textContent);
  expect(missing).toEqual(['Customers won', 'Profitable revenue', 'CAC', 'Lifetime value']);
  // axe-core: the labels, the mix and the missing outcomes find nothing serious or critical.
  await expectNoSeriousViolations();
  expect(batches).toHaveLength(0);

  await user.click(screen.getByRole('button', { name: 'Write labels beside the names' }));
  has(await screen.findByTestId('outcome-notice'), 'B1:B5 now labels each metric');
  expect(batches).toHaveLength(1);
  expect((await wb.readRange('Dash', 'B1:B5')).values.map((r) => r[0])).toEqual([
    'output',
    'result',
    'result',
    'outcome',
    'outcome',
  ]);
});

test('a block of several rows and columns: the message says what to select, nothing written', async () => {
  const { batches, user } = setup(
    [
      ['a', 'b'],
      ['c', 'd'],
    ],
    'A1:B2',
  );
  await user.click(await screen.findByRole('button', { name: 'Check the selection' }));
  has(await screen.findByTestId('outcome-notice'), 'select one row or one column of metric names');
  expect(batches).toHaveLength(0);
});

test('labels are not written over cells in use', async () => {
  const { wb, batches, user } = setup(
    [
      ['Impressions', 'mine'],
      ['CAC', null],
    ],
    'A1:A2',
  );
  await user.click(await screen.findByRole('button', { name: 'Check the selection' }));
  await user.click(await screen.findByRole('button', { name: 'Write labels beside the names' }));
  has(
    await screen.findByTestId('outcome-notice'),
    'The cells beside the names are not empty (B1), so nothing was written',
  );
  expect(batches).toHaveLength(0);
  expect(wb.getValue('Dash', 'B1')).toBe('mine');
});
