/** @jest-environment jsdom */
/**
 * Long work in the pane (issue 16.7), on the engine adapter made slow (every sheet read
 * waits 400 ms of jest's fake clock): Review and Share show nothing for the first second,
 * then the shared progress bar with "N of M"; Cancel stops Prepare for sharing and Restore
 * formulas before their one batch, so the workbook is exactly as it was.
 */
import '../../helpers/dom-setup';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import type { WorkbookPort, WriteBatch } from '../../../src/workbook/port';

jest.setTimeout(60_000);

const READ_MS = 400;
const SHEETS = 6;

/** An engine workbook of SHEETS sheets, one ROI formula each, whose sheet reads are slow; its batches recorded. */
function slowWorkbook() {
  const sheets: Record<string, unknown[][]> = {};
  for (let i = 1; i <= SHEETS; i++) sheets[`S${i}`] = [[3000000, 50000, 0.5, 0.4, 0.25], ['=ROI.FUNNEL(A1,B1,C1:E1)']];
  const wb = createEngineWorkbook({ sheets: sheets as never });
  const batches: WriteBatch[] = [];
  const apply = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b) => {
    batches.push(b);
    return apply(b);
  };
  const usedRange = wb.usedRange.bind(wb);
  wb.usedRange = async (...args: Parameters<WorkbookPort['usedRange']>) => {
    await new Promise((r) => setTimeout(r, READ_MS));
    return usedRange(...args);
  };
  return { wb, batches };
}

/** The button named `name`, enabled (a busy button is renamed: "Preparing..."). */
const ready = (name: string) => () => {
  const b = screen.queryByRole('button', { name }) as HTMLButtonElement | null;
  return !!b && !b.disabled;
};

/** Moves the fake clock in small steps, letting promises settle between them. */
async function tick(ms: number) {
  for (let t = 0; t < ms; t += 50) {
    await act(async () => {
      jest.advanceTimersByTime(50);
    });
  }
}

async function until(check: () => boolean, ms = 20_000) {
  for (let t = 0; t < ms && !check(); t += 100) await tick(100);
  expect(check()).toBe(true);
}

async function formulas(wb: WorkbookPort) {
  const out: string[] = [];
  for (let i = 1; i <= SHEETS; i++)
    out.push(...(await wb.readRange(`S${i}`, 'A2:A5')).formulas.map((r) => String(r[0])));
  return out;
}

beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] }));
afterEach(() => jest.useRealTimers());

const user = () => userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });

test('Review: no bar for the first second, then the count of sheets read; gone when done', async () => {
  const { wb } = slowWorkbook();
  render(<App port={wb} theme="light" initialView="review" />);
  await tick(900);
  expect(screen.queryByTestId('work-progress')).toBeNull();
  await until(() => screen.queryByTestId('work-progress') !== null);
  const count = () => screen.getByTestId('work-progress-count').textContent ?? '';
  expect(count()).toMatch(new RegExp(`^[0-9] of ${SHEETS} sheets read$`));
  expect(screen.getByRole('progressbar').getAttribute('aria-valuemax')).toBe(String(SHEETS));
  await until(() => screen.queryByTestId('review-summary') !== null);
  expect(screen.queryByTestId('work-progress')).toBeNull();
  expect(screen.getByTestId('review-summary').textContent).toContain(`${SHEETS} ROI formulas on ${SHEETS} sheets`);
});

test('Review: Cancel stops the scan; the view says so and the workbook was only read', async () => {
  const { wb, batches } = slowWorkbook();
  render(<App port={wb} theme="light" initialView="review" />);
  await until(() => screen.queryByTestId('work-progress') !== null);
  await user().click(within(screen.getByTestId('work-progress')).getByRole('button', { name: 'Cancel' }));
  await until(() => /cancelled/.test(document.body.textContent ?? ''));
  expect(screen.queryByTestId('review-summary')).toBeNull();
  expect(screen.queryByTestId('work-progress')).toBeNull();
  expect(batches).toEqual([]);
});

test('Share: Prepare for sharing shows the bar, Cancel writes nothing; run to the end, it is one batch', async () => {
  const { wb, batches } = slowWorkbook();
  const before = await formulas(wb);
  const u = user();
  render(<App port={wb} theme="light" initialView="share" />);
  await until(() => /6 live ROI formulas/.test(screen.queryByTestId('share-status')?.textContent ?? ''));

  await u.click(screen.getByRole('button', { name: 'Prepare for sharing' }));
  await tick(500);
  expect(screen.queryByTestId('work-progress')).toBeNull();
  await until(() => screen.queryByTestId('work-progress') !== null);
  expect(screen.getByTestId('work-progress').textContent).toContain('Preparing for sharing');
  expect(screen.getByTestId('work-progress-count').textContent).toMatch(/^[0-9] of 6 sheets read$/);
  await u.click(within(screen.getByTestId('work-progress')).getByRole('button', { name: 'Cancel' }));
  await until(() => screen.queryByTestId('share-notice') !== null);
  expect(screen.getByTestId('share-notice').textContent).toContain('Cancelled: nothing was changed.');
  expect(batches).toEqual([]);
  expect(await formulas(wb)).toEqual(before);
  expect(await wb.listSheets()).toHaveLength(SHEETS);

  // Not cancelled: it runs to the end in its one batch.
  await until(ready('Prepare for sharing'));
  await u.click(screen.getByRole('button', { name: 'Prepare for sharing' }));
  await until(() => /now the values they showed/.test(screen.queryByTestId('share-notice')?.textContent ?? ''));
  expect(batches).toHaveLength(1);
  expect(screen.queryByTestId('work-progress')).toBeNull();
});

test('Share: Restore formulas cancelled leaves the frozen workbook as it was', async () => {
  const { wb, batches } = slowWorkbook();
  const u = user();
  render(<App port={wb} theme="light" initialView="share" />);
  await until(() => /6 live ROI formulas/.test(screen.queryByTestId('share-status')?.textContent ?? ''));
  await u.click(screen.getByRole('button', { name: 'Prepare for sharing' }));
  await until(() => /now the values they showed/.test(screen.queryByTestId('share-notice')?.textContent ?? ''));
  await until(ready('Restore formulas'));
  const frozen = await formulas(wb);
  expect(batches).toHaveLength(1);

  await u.click(screen.getByRole('button', { name: 'Restore formulas' }));
  await until(() => screen.queryByTestId('work-progress') !== null);
  expect(screen.getByTestId('work-progress-count').textContent).toMatch(/^[0-9] of 6 sheets read$/);
  await u.click(within(screen.getByTestId('work-progress')).getByRole('button', { name: 'Cancel' }));
  await until(() => /Cancelled: nothing was changed/.test(screen.queryByTestId('share-notice')?.textContent ?? ''));
  expect(batches).toHaveLength(1);
  expect(await formulas(wb)).toEqual(frozen);
});
