/**
 * The hostile files of test/cli/hostile.test.ts through the workbench's reader (readXlsx,
 * what its Open worker runs): each refused with the same one-line reason, within 10 s of
 * CPU; and the big but valid ones either opened or refused as larger than the grid holds.
 */
import { buildOpened, readXlsx } from '../../../src/workbench/xlsx/open';
import { XlsxError } from '../../../src/xlsx/errors';
import { HOSTILE } from '../../helpers/hostile-cases';
import { buildWorkbook } from '../../helpers/xlsx-fixtures';

jest.setTimeout(120_000);

const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

describe('the workbench reader refuses what the verbs refuse', () => {
  test.each(HOSTILE.map((c) => [c.name, c] as [string, (typeof HOSTILE)[number]]))('%s', (_name, c) => {
    const bytes = c.make();
    const before = cpuS();
    let error: unknown;
    try {
      readXlsx(bytes, 'hostile.xlsx');
    } catch (e) {
      error = e;
    }
    expect(cpuS() - before).toBeLessThan(10);
    expect(error).toBeInstanceOf(XlsxError);
    const message = (error as XlsxError).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(c.message);
  });
});

describe('big but valid files', () => {
  test('a cell in XFD1048576 is beyond what the grid holds: one line, nothing built', () => {
    const sheet = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>600</v></c></row>';
    const bytes = buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: sheet }] });
    const before = cpuS();
    expect(() => readXlsx(bytes, 'far.xlsx')).toThrow(
      /^too large for the workbench: Sheet1 has cells down to row 1,048,576; the workbench opens sheets of up to 40,000 rows \(roi recalc reads any sheet\)$/,
    );
    expect(cpuS() - before).toBeLessThan(10);
  });

  test('a cell in XFD100 makes rows 16,384 wide: refused past 4,000,000 cells of grid', () => {
    const sheet = '<row r="300"><c r="XFD300"><v>1</v></c></row>';
    const bytes = buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: sheet }] });
    expect(() => readXlsx(bytes, 'wide.xlsx')).toThrow(/Sheet1 reaches XFD300, 4,915,200 cells of grid/);
  });

  test('an array ref over B1:XFD100000 opens, and the call is live', async () => {
    const sheet =
      '<row r="1"><c r="A1"><v>5</v></c><c r="B1" cm="1"><f t="array" ref="B1:XFD100000">_xldudf_ROI_CAC(A1,1)</f><v>1</v></c></row>';
    const bytes = buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: sheet }] });
    const before = cpuS();
    const steps: string[] = [];
    const opened = await buildOpened(
      readXlsx(bytes, 'ref.xlsx', (step) => steps.push(step)),
      (step) => steps.push(step),
    );
    expect(cpuS() - before).toBeLessThan(10);
    expect(opened.wb.getValue('Sheet1', 'B1')).toBe(5);
    expect(steps).toEqual(expect.arrayContaining(['unzipping', 'reading Sheet1', 'building the grid', 'calculating']));
  });

  test('formulas and names that would make the engine hold billions of cells open with their saved values', async () => {
    const sheet =
      '<row r="1"><c r="A1"><v>5</v></c><c r="B1"><f>SUM(A1:XFD1048576)</f><v>7</v></c>' +
      '<c r="C1" cm="1"><f t="array" ref="C1">_xlfn.SEQUENCE(1048576,16384)</f><v>8</v></c>' +
      '<c r="D1" cm="1"><f t="array" ref="D1">A1:A400000+TRANSPOSE(A1:A400000)</f><v>9</v></c>' +
      '<c r="E1" cm="1"><f t="array" ref="E1">_xldudf_ROI_CAC(A1,1)</f><v>1</v></c><c r="F1"><f>SUM(A:A)</f><v>1</v></c></row>';
    const definedNames = '<definedName name="Everything">Sheet1!$A$1:$XFD$1048576</definedName>';
    const bytes = buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: sheet }], definedNames });
    const before = cpuS();
    // What this file adds to the process (the jest worker's own size depends on the test
    // files it ran before this one): without the engine's size check, gigabytes.
    const rssBefore = process.memoryUsage().rss;
    const opened = await buildOpened(readXlsx(bytes, 'huge-ranges.xlsx'));
    expect(cpuS() - before).toBeLessThan(10);
    expect((process.memoryUsage().rss - rssBefore) / 1024 / 1024).toBeLessThan(1000);
    // Kept as Excel saved them, not recalculated...
    expect(opened.wb.getValue('Sheet1', 'B1')).toBe(7);
    expect(opened.wb.getValue('Sheet1', 'C1')).toBe(8);
    expect(opened.wb.getValue('Sheet1', 'D1')).toBe(9);
    // ...while the rest is live.
    expect(opened.wb.getValue('Sheet1', 'E1')).toBe(5);
    expect(opened.wb.getValue('Sheet1', 'F1')).toBe(5);
  });
});
