/**
 * "Open .csv" reads cells as a spreadsheet does: numbers, percentages, TRUE/FALSE and dates
 * (the calibration's own date reader: the same serials `roi calibrate` computes), text as
 * written; quotes, a byte-order mark and CRLF; a sheet name from the file's name.
 */
import { csvToSheet, parseDateCell, readCsvCell, sheetNameForFile } from '../../../src/features/calibrate';
import { hubspotCsv, salesforceCsv } from './crm-fixtures';

test('cells as a spreadsheet reads them', () => {
  expect(readCsvCell('')).toEqual({ value: null });
  expect(readCsvCell('  ')).toEqual({ value: null });
  expect(readCsvCell('32600.00')).toEqual({ value: 32600 });
  expect(readCsvCell('-5')).toEqual({ value: -5 });
  expect(readCsvCell('1e3')).toEqual({ value: 1000 });
  expect(readCsvCell('25%')).toEqual({ value: 0.25, format: '0%' });
  expect(readCsvCell('TRUE')).toEqual({ value: true });
  expect(readCsvCell('false')).toEqual({ value: false });
  expect(readCsvCell('2025-03-04 10:15')).toEqual({
    value: parseDateCell('2025-03-04 10:15'),
    format: 'yyyy-mm-dd hh:mm',
  });
  expect(readCsvCell('3/4/2025')).toEqual({ value: parseDateCell('3/4/2025'), format: 'yyyy-mm-dd' });
  expect(readCsvCell('Mar 4, 2025')).toEqual({ value: parseDateCell('3/4/2025'), format: 'yyyy-mm-dd' });
  // Not dates: text as written.
  expect(readCsvCell('25/3/2025')).toEqual({ value: '25/3/2025' });
  expect(readCsvCell('$32,600')).toEqual({ value: '$32,600' });
  expect(readCsvCell('Organic Search')).toEqual({ value: 'Organic Search' });
  expect(readCsvCell('=HYPERLINK("x")')).toEqual({ value: '=HYPERLINK("x")' });
  expect(readCsvCell('00123')).toEqual({ value: 123 });
});

test('the fixtures: quotes with commas, a byte-order mark, rows padded to the widest', () => {
  const sf = csvToSheet(salesforceCsv());
  expect(sf.rows[0][0]).toBe('Opportunity Name');
  expect(sf.rows).toHaveLength(138); // the header and 137 opportunities
  expect(sf.rows.some((r) => typeof r[1] === 'string' && r[1].includes(','))).toBe(true);
  const hs = csvToSheet(hubspotCsv());
  expect(hs.rows).toHaveLength(2401);
  expect(hs.rows.every((r) => r.length === 12)).toBe(true);
  expect(hs.rows[1][7]).toBe(parseDateCell('2025-12-12 08:47'));
  expect(hs.formats).toContainEqual({ row: 1, col: 7, format: 'yyyy-mm-dd hh:mm' });
  const crlf = csvToSheet('a,b\r\n"x\r\ny",2\r\n\r\n');
  expect(crlf.rows).toEqual([
    ['a', 'b'],
    ['x\r\ny', 2],
  ]);
});

test('bad text and limits', () => {
  expect(() => csvToSheet('')).toThrow(/empty/);
  expect(() => csvToSheet('a,b\u0000')).toThrow(/binary/);
  expect(() => csvToSheet('a,b\n1,"2\n3,4')).toThrow(/quoted field/);
  expect(() => csvToSheet('a,b\n1,2\n3,4\n', 5)).toThrow(/more than 5 cells/);
});

test('a sheet named after the file', () => {
  expect(sheetNameForFile('hubspot-contacts-export.csv')).toBe('hubspot-contacts-export');
  expect(sheetNameForFile('C:\\exports\\Q1 [final].csv')).toBe('Q1 _final_');
  expect(sheetNameForFile('a-very-long-file-name-for-a-crm-export-2025.csv')).toHaveLength(31);
  expect(sheetNameForFile('.csv')).toBe('Sheet1');
});
