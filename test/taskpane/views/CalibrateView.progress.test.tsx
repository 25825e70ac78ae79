/** @jest-environment jsdom */
/**
 * Calibrate over a big selection (the HubSpot export five times over: 12,000 records, read in
 * chunks of rows), on the engine adapter made slow (every range read waits 400 ms of jest's
 * fake clock): nothing for the first second, then the shared progress bar with "N of M rows
 * read" and Cancel; Cancel stops the reading (the view says so, no table, nothing written);
 * left to finish, the table is read whole and the bar goes.
 */
import '../../helpers/dom-setup';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../../src/taskpane/App';
import type { WorkbookPort, WriteBatch } from '../../../src/workbook/port';
import { csvWorkbook } from '../../features/calibrate/csv-workbook';
import { hubspotCsv } from '../../features/calibrate/crm-fixtures';

jest.setTimeout(120_000);

const READ_MS = 400;
const COPIES = 5;

/** The export with its records COPIES times; range reads slow, batches recorded. */
async function slowExport() {
  const text = hubspotCsv();
  const cut = text.indexOf('\n') + 1;
  // (The export's lines end in CRLF, as HubSpot writes them: so does the seam between copies.)
  const body = text.slice(cut).replace(/\s*$/, '\r\n');
  const csv = text.slice(0, cut) + body.repeat(COPIES);
  const records = body.trimEnd().split(/\r?\n/).length * COPIES;
  const wb = await csvWorkbook(csv);
  const batches: WriteBatch[] = [];
  const apply = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b) => {
    batches.push(b);
    return apply(b);
  };
  const readRange = wb.readRange.bind(wb);
  wb.readRange = async (...args: Parameters<WorkbookPort['readRange']>) => {
    await new Promise((r) => setTimeout(r, READ_MS));
    return readRange(...args);
  };
  await wb.select('Export', 'D9');
  return { wb, batches, records };
}

async function tick(ms: number) {
  for (let t = 0; t < ms; t += 50) {
    await act(async () => {
      jest.advanceTimersByTime(50);
    });
  }
}

async function until(check: () => boolean, ms = 30_000) {
  for (let t = 0; t < ms && !check(); t += 100) await tick(100);
  expect(check()).toBe(true);
}

beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] }));
afterEach(() => jest.useRealTimers());

const user = () => userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });

test('a big selection: the count of rows read after a second, with Cancel; Cancel reads no table and writes nothing', async () => {
  const { wb, batches, records } = await slowExport();
  const u = user();
  render(<App port={wb} theme="light" initialView="calibrate" />);
  await until(() => screen.queryByRole('button', { name: 'Use the selection' }) !== null);
  await u.click(screen.getByRole('button', { name: 'Use the selection' }));
  await tick(600);
  expect(screen.queryByTestId('work-progress')).toBeNull();
  await until(() => screen.queryByTestId('work-progress') !== null);
  const count = screen.getByTestId('work-progress-count').textContent ?? '';
  const m = /^([\d,]+) of ([\d,]+) rows read$/.exec(count);
  expect(m).not.toBeNull();
  expect(Number(m![2].replace(/,/g, ''))).toBe(records + 1);
  expect(screen.getByTestId('work-progress').textContent).toContain('Reading the export');
  await u.click(within(screen.getByTestId('work-progress')).getByRole('button', { name: 'Cancel' }));
  await until(() => /Reading stopped/.test(screen.queryByTestId('calibrate-notice')?.textContent ?? ''));
  expect(screen.queryByTestId('work-progress')).toBeNull();
  expect(screen.queryByTestId('calibrate-range')).toBeNull();
  expect(batches).toEqual([]);
});

test('left to finish: the whole table is read and the bar goes', async () => {
  const { wb, records } = await slowExport();
  const u = user();
  render(<App port={wb} theme="light" initialView="calibrate" />);
  await until(() => screen.queryByRole('button', { name: 'Use the selection' }) !== null);
  await u.click(screen.getByRole('button', { name: 'Use the selection' }));
  await until(() => screen.queryByTestId('work-progress') !== null);
  await until(() => screen.queryByTestId('calibrate-range') !== null, 60_000);
  expect(screen.queryByTestId('work-progress')).toBeNull();
  expect(screen.getByTestId('calibrate-range').textContent).toBe(
    `Export!A1:L${records + 1}: ${records.toLocaleString('en-US')} records`,
  );
});
