/**
 * Open .csv: the HubSpot export on one sheet named after the file, cells as csvToSheet
 * reads them (dates as serials with a date format, text as text even when it looks like a
 * formula), built by the same buildOpened as .xlsx; the calibration on that sheet equals
 * the one on the file; a file too large is refused in one line before it is read, and a
 * sheet beyond the workbench's rows in one line.
 */
import { buildOpened } from '../../../src/workbench/xlsx/open';
import { MAX_CSV_BYTES, csvSizeProblem, isCsvName, readCsv } from '../../../src/workbench/xlsx/open-csv';
import { calibrate, readCalibrationTable } from '../../../src/features/calibrate';
import { hubspotCsv } from '../../features/calibrate/crm-fixtures';

const bytes = (s: string) => new TextEncoder().encode(s);

test('the HubSpot export opens on a sheet named after the file, and calibrates as the file does', async () => {
  const steps: string[] = [];
  const file = readCsv(bytes(hubspotCsv()), 'hubspot-contacts-export.csv', (s) => steps.push(s));
  expect(file.sheets).toEqual(['hubspot-contacts-export']);
  expect(steps).toContain('reading the text');
  const { wb } = await buildOpened(file);
  expect(wb.getValue('hubspot-contacts-export', 'A1')).toBe('Record ID');
  const created = wb.getSheetSnapshot('hubspot-contacts-export').cells.find((c) => c.address === 'E2')!;
  expect(typeof created.value).toBe('number');
  expect(created.numberFormat).toMatch(/^yyyy-mm-dd/);
  // Columns wide enough for the header and the dates as shown ("2025-12-12 08:47"), at most 40.
  const widths = new Map(file.batch.columnWidths!.map((w) => [w.column, w.width]));
  expect(widths.get('A')).toBe('Record ID'.length + 1);
  expect(widths.get('E')).toBe('yyyy-mm-dd hh:mm'.length + 1);
  expect(widths.get('I')).toBe(39);
  await wb.select('hubspot-contacts-export', 'D9');
  const table = await readCalibrationTable(wb);
  expect(calibrate(table.source).report).toEqual(calibrate(hubspotCsv()).report);
});

test('text stays text; Windows-1252 decodes', async () => {
  const file = readCsv(new Uint8Array([...bytes('Name,Formula\nJos'), 0xe9, ...bytes(',=1+1\n')]), 'x.csv');
  const { wb } = await buildOpened(file);
  expect(wb.getValue('x', 'A2')).toBe('José');
  expect(wb.getValue('x', 'B2')).toBe('=1+1');
});

test('bounded: size before reading, then rows, each in one line', () => {
  expect(isCsvName('Export.CSV')).toBe(true);
  expect(isCsvName('book.xlsx')).toBe(false);
  expect(csvSizeProblem('a.csv', MAX_CSV_BYTES)).toBeUndefined();
  expect(csvSizeProblem('big.csv', 200 * 1024 * 1024)).toBe(
    'big.csv is 200 MB; the workbench opens CSV files up to 64 MB.',
  );
  const many = 'a\n' + '1\n'.repeat(40_001);
  expect(() => readCsv(bytes(many), 'many.csv')).toThrow(
    /^many\.csv has 40,002 rows; the workbench opens at most 40,000 rows a sheet\.$/,
  );
  expect(() => readCsv(bytes(''), 'empty.csv')).toThrow(/empty/);
});
