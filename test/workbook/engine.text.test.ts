/**
 * Typing into the engine workbook as into Excel: a leading apostrophe makes the rest text
 * ('2024 is the text "2024", not the number), and the apostrophe itself is not kept.
 */
import { createEngineWorkbook } from '../../src/workbook/engine';

const SHEET = 'Sheet1';

describe('setCellFromUser: text typed after an apostrophe', () => {
  const cases: Array<[typed: string, text: string]> = [
    ["'2024", '2024'],
    ["'25%", '25%'],
    ["'$5,000", '$5,000'],
    ["'1,200", '1,200'],
    ["'TRUE", 'TRUE'],
    ["'=1+1", '=1+1'],
    ["'#N/A", '#N/A'],
    ["'Leads", 'Leads'],
  ];

  test.each(cases)('%s stays the text %s', (typed, text) => {
    const wb = createEngineWorkbook();
    wb.setCellFromUser(SHEET, 'A1', typed);
    wb.setCellFromUser(SHEET, 'B1', '=ISTEXT(A1)');
    expect(wb.getValue(SHEET, 'A1')).toBe(text);
    expect(wb.getValue(SHEET, 'B1')).toBe(true);
  });

  test('the formula bar and readRange show the text without the apostrophe; the number format is left alone', async () => {
    const wb = createEngineWorkbook();
    wb.setCellFromUser(SHEET, 'A1', "'2024");
    wb.setCellFromUser(SHEET, 'A2', "'25%");
    const r = await wb.readRange(SHEET, 'A1:A2');
    expect(r.values).toEqual([['2024'], ['25%']]);
    expect(r.formulas).toEqual([['2024'], ['25%']]);
    expect(r.numberFormats).toEqual([['General'], ['General']]);
  });

  test('without the apostrophe the same typing is a number, a boolean or a formula, as before', () => {
    const wb = createEngineWorkbook();
    wb.setCellFromUser(SHEET, 'A1', '2024');
    wb.setCellFromUser(SHEET, 'A2', '25%');
    wb.setCellFromUser(SHEET, 'A3', 'TRUE');
    wb.setCellFromUser(SHEET, 'A4', '=1+1');
    expect([1, 2, 3, 4].map((r) => wb.getValue(SHEET, `A${r}`))).toEqual([2024, 0.25, true, 2]);
    expect(wb.getNumberFormat(SHEET, 'A2')).toBe('0%');
  });

  test('a cell that held a number becomes text when retyped with an apostrophe, and its dependants follow', () => {
    const wb = createEngineWorkbook();
    wb.setCellFromUser(SHEET, 'A1', '2024');
    wb.setCellFromUser(SHEET, 'B1', '=ISNUMBER(A1)');
    expect(wb.getValue(SHEET, 'B1')).toBe(true);
    wb.setCellFromUser(SHEET, 'A1', "'2024");
    expect(wb.getValue(SHEET, 'A1')).toBe('2024');
    expect(wb.getValue(SHEET, 'B1')).toBe(false);
  });
});
