/** @jest-environment jsdom */
/**
 * The Review view with Testing Library, on the engine adapter: the inventory grouped by
 * sheet with a click to each cell, roi check's assumptions, and "Explain this cell" for
 * the selection (a derivation, an error's reason) and from the list.
 */
import '../../helpers/dom-setup';
import { expectNoSeriousViolations } from '../../helpers/axe';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { createEngineWorkbook } from '../../../src/workbook/engine';

jest.setTimeout(30_000);

function has(el: HTMLElement, t: string | RegExp): void {
  if (typeof t === 'string') expect(el.textContent).toContain(t);
  else expect(el.textContent).toMatch(t);
}

async function setup() {
  const wb = createEngineWorkbook({
    sheets: {
      Plan: [
        ['Target', 3000000],
        ['Deal', 50000],
        ['Rates', 0.5, 0.4, 0.25],
        ['Leads', '=ROI.REQUIREDLEADS(B1,B2,B3:D3)'],
        ['Payback', '=ROI.PAYBACK(50000,1000,80%,2%)'],
      ],
      Other: [['=ROI.LTV(1000,B2,0)', 0.8]],
    },
  });
  const user = userEvent.setup();
  render(<App port={wb} theme="light" initialView="review" />);
  await screen.findByTestId('review-summary');
  return { wb, user };
}

test('the inventory, grouped by sheet, each formula a click away', async () => {
  const { wb, user } = await setup();
  has(screen.getByTestId('review-summary'), '3 ROI formulas on 2 sheets');
  const plan = screen.getByRole('group', { name: 'Sheet Plan' });
  const items = within(plan).getAllByTestId('review-formula');
  // Cell, value and formula each in an element of its own, so the value never reads as part of the formula.
  const parts = (i: HTMLElement) => [
    within(i).getByRole('button', { name: /^Go to/ }).textContent,
    within(i).getByTestId('review-value').textContent,
    within(i).getByTestId('review-formula-text').textContent,
  ];
  expect(items.map(parts)).toEqual([
    ['B4', '1,200', '=ROI.REQUIREDLEADS(B1,B2,B3:D3)'],
    ['B5', '#NUM!', '=ROI.PAYBACK(50000,1000,80%,2%)'],
  ]);
  const f = within(items[0]).getByTestId('review-formula-text');
  expect(f.getAttribute('title')).toBe('=ROI.REQUIREDLEADS(B1,B2,B3:D3)');
  expect(f.querySelectorAll('wbr')).toHaveLength(3);
  await user.click(within(plan).getByRole('button', { name: 'Go to Plan!B5' }));
  expect(await wb.getSelection()).toEqual({ sheet: 'Plan', address: 'B5' });
  expect(within(screen.getByRole('group', { name: 'Sheet Other' })).getAllByTestId('review-formula')).toHaveLength(1);
});

test("roi check's assumptions, each with its cell", async () => {
  const { wb, user } = await setup();
  const flags = screen.getAllByTestId('review-flag').map((f) => f.textContent);
  expect(flags).toEqual([
    'Plan!B5 ROI.PAYBACK: gross_margin is typed into the formula as 80%; put it in a cell and reference it, so reviewers can see and change the assumption.',
    'Plan!B5 ROI.PAYBACK: churn_rate is typed into the formula as 2%; put it in a cell and reference it, so reviewers can see and change the assumption.',
    'Other!A1 ROI.LTV: churn_rate is typed into the formula as 0; put it in a cell and reference it, so reviewers can see and change the assumption.',
    'Other!A1 ROI.LTV: churn_rate is 0, so the model assumes no customer ever leaves.',
  ]);
  await user.click(within(screen.getAllByTestId('review-flag')[2]).getByRole('button'));
  expect(await wb.getSelection()).toEqual({ sheet: 'Other', address: 'A1' });
});

test('explain this cell: the derivation for the selection, the reason of an error from the list', async () => {
  const { wb, user } = await setup();
  await wb.select('Plan', 'B4');
  await user.click(screen.getByRole('button', { name: 'Explain this cell' }));
  const ex = await screen.findByTestId('review-explanation');
  has(ex, '60 deals / 5% of leads become deals (50% x 40% x 25%) = 1,200 leads (rounded up once).');
  // axe-core: the inventory, the checks and an explanation find nothing serious or critical.
  await expectNoSeriousViolations();
  await user.click(screen.getByRole('button', { name: 'Explain Plan!B5' }));
  await waitFor(() =>
    has(
      screen.getByTestId('review-headline'),
      "B5 shows #NUM! because ROI.PAYBACK: The customer's lifetime margin (40,000) never reaches cac (50,000).",
    ),
  );
  await wb.select('Plan', 'A1');
  await user.click(screen.getByRole('button', { name: 'Explain this cell' }));
  has(
    await screen.findByTestId('review-explain-error'),
    'Plan!A1 has no ROI formula to explain: it holds the value Target',
  );
});

test('values show as the cell number format shows them, else at most 15 significant digits, grouped', async () => {
  const wb = createEngineWorkbook({ sheets: { Plan: [['=ROI.CAC(1000000,3)', '=ROI.CAC(1000000,3)']] } });
  await wb.applyBatch({ cells: [{ sheet: 'Plan', address: 'A1', numberFormat: '$#,##0' }] });
  render(<App port={wb} theme="light" initialView="review" />);
  await screen.findByTestId('review-summary');
  expect(screen.getAllByTestId('review-value').map((v) => v.textContent)).toEqual(['$333,333', '333,333.333333333']);
});
