/** @jest-environment jsdom */
/**
 * The Share view with Testing Library, on the engine adapter: the status, Prepare for
 * sharing (one batch, values in place of the ROI formulas, the ledger), Restore formulas
 * (one batch, the formulas back), and the buttons' states.
 */
import '../../helpers/dom-setup';
import { expectNoSeriousViolations } from '../../helpers/axe';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import type { WriteBatch } from '../../../src/workbook/port';

jest.setTimeout(30_000);

function has(el: HTMLElement, t: string | RegExp): void {
  if (typeof t === 'string') expect(el.textContent).toContain(t);
  else expect(el.textContent).toMatch(t);
}

const off = (el: HTMLElement) => (el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true';

test('prepare for sharing, then restore formulas', async () => {
  const wb = createEngineWorkbook({
    sheets: { Plan: [[3000000, 50000, 0.5, 0.4, 0.25], ['=ROI.FUNNEL(A1,B1,C1:E1)']] },
  });
  const batches: WriteBatch[] = [];
  const apply = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b) => {
    batches.push(b);
    return apply(b);
  };
  const user = userEvent.setup();
  render(<App port={wb} theme="light" initialView="share" />);
  await waitFor(() => has(screen.getByTestId('share-status'), '1 live ROI formula. Not prepared for sharing.'));
  expect(off(screen.getByRole('button', { name: 'Restore formulas' }))).toBe(true);

  await user.click(screen.getByRole('button', { name: 'Prepare for sharing' }));
  const notice = await screen.findByTestId('share-notice');
  has(notice, '1 ROI formula is now the values they showed');
  const [item] = screen.getAllByTestId('share-frozen');
  has(item, 'Plan!A2:A5');
  expect(screen.getByTestId('share-frozen-formula').getAttribute('title')).toBe('=ROI.FUNNEL(A1,B1,C1:E1)');
  expect(screen.getByTestId('share-frozen-formula').textContent).toBe('=ROI.FUNNEL(A1,B1,C1:E1)');
  // The formula may break after each argument, never inside a name.
  expect(screen.getByTestId('share-frozen-formula').querySelectorAll('wbr')).toHaveLength(3);
  expect(screen.getByTestId('share-frozen-value').textContent).toBe('1,200');
  // axe-core: the frozen list and the notice find nothing serious or critical.
  await expectNoSeriousViolations();
  expect(batches).toHaveLength(1);
  expect((await wb.readRange('Plan', 'A2:A5')).formulas.map((r) => r[0])).toEqual(['1200', '600', '240', '60']);
  await waitFor(() =>
    has(screen.getByTestId('share-status'), '0 live ROI formulas. 1 frozen formula recorded in ROI_Ledger.'),
  );
  expect(off(screen.getByRole('button', { name: 'Prepare for sharing' }))).toBe(true);

  await user.click(screen.getByRole('button', { name: 'Restore formulas' }));
  await waitFor(() =>
    has(screen.getByTestId('share-notice'), '1 ROI formula is live again and ROI_Ledger was removed.'),
  );
  expect(batches).toHaveLength(2);
  expect((await wb.readRange('Plan', 'A2')).formulas[0][0]).toBe('=ROI.FUNNEL(A1,B1,C1:E1)');
  expect(wb.getValue('Plan', 'A5')).toBe(60);
  expect(await wb.listSheets()).toEqual(['Plan']);
});

test('frozen values show as their number format shows them, float noise never', async () => {
  const wb = createEngineWorkbook({
    sheets: {
      Plan: [
        ['=ROI.CAC(1000000.0000000005,1)', '=0.1+0.2', '=ROI.CAC(0.30000000000000004,1)', '=ROI.CAC(1234567.891,1)'],
      ],
    },
  });
  await wb.applyBatch({
    cells: [
      { sheet: 'Plan', address: 'A1', numberFormat: '$#,##0' },
      { sheet: 'Plan', address: 'C1', numberFormat: '0.0%' },
    ],
  });
  const user = userEvent.setup();
  render(<App port={wb} theme="light" initialView="share" />);
  await waitFor(() => has(screen.getByTestId('share-status'), '3 live ROI formulas.'));
  await user.click(screen.getByRole('button', { name: 'Prepare for sharing' }));
  await screen.findByTestId('share-notice');
  const shown = screen.getAllByTestId('share-frozen-value').map((e) => e.textContent);
  // A1: $#,##0; C1: 0.0%; D1: General, 15 significant digits at most, grouped.
  expect(shown).toEqual(['$1,000,000', '30.0%', '1,234,567.891']);
});

test('a write that fails says so and that nothing changed', async () => {
  const wb = createEngineWorkbook({ sheets: { Plan: [['=ROI.CAC(100,4)']] } });
  wb.applyBatch = async () => {
    throw new Error('The workbook is read-only.');
  };
  const user = userEvent.setup();
  render(<App port={wb} theme="light" initialView="share" />);
  await waitFor(() => has(screen.getByTestId('share-status'), '1 live ROI formula.'));
  await user.click(screen.getByRole('button', { name: 'Prepare for sharing' }));
  has(await screen.findByTestId('share-notice'), 'The workbook is read-only. Nothing was changed.');
  expect((await wb.readRange('Plan', 'A1')).formulas[0][0]).toBe('=ROI.CAC(100,4)');
});
