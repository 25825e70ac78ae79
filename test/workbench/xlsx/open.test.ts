/**
 * The workbench's Open without a browser: Excel's own fixture read through the recalc
 * reader; other add-ins' cells keep Excel's values, with a note.
 */
import { readFileSync } from 'node:fs';
import { isRoiError } from '../../../src/core';
import { openXlsx } from '../../../src/workbench/xlsx/open';
import { XlsxPackage } from '../../../src/xlsx/package';
import { key, rebuildSheet } from '../../../src/xlsx/sheet';
import { loadWorkbook } from '../../../src/xlsx/workbook';
import { FIXTURE } from '../../helpers/xlsx-fixtures';

jest.setTimeout(60_000);

describe("Open: Excel's own file", () => {
  test("sheets in order; other add-ins' formulas keep Excel's values, with a note saying why", async () => {
    const opened = await openXlsx(new Uint8Array(readFileSync(FIXTURE)), 'fixture.xlsx');
    expect(opened.sheets).toEqual(['Protected', 'Unprotected', 'Correct']);
    expect(opened.kept).toHaveLength(6);
    expect(opened.kept[0]).toEqual({
      sheet: 'Protected',
      address: 'A1',
      formula: '=CONTOSO.ADD(1,2)',
      reason: expect.stringMatching(/CONTOSO\.ADD/),
    });
    const wb = opened.wb;
    expect(wb.getValue('Correct', 'A1')).toBe(3);
    expect(wb.getValue('Correct', 'B1')).toBe('test');
    const stuck = wb.getValue('Protected', 'A1');
    expect(isRoiError(stuck) && stuck.code).toBe('#NAME?');
    const snap = wb.getSheetSnapshot('Correct');
    expect(snap.cells.find((c) => c.address === 'A1')?.note).toMatch(/value Excel saved.*_xldudf_CONTOSO_ADD\(1,2\)/);
  });

  test('an ROI call stuck at #NAME? is calculated, and stays a live formula', async () => {
    const pkg = XlsxPackage.open(new Uint8Array(readFileSync(FIXTURE)), 'fixture');
    const book = loadWorkbook(pkg);
    const sheet = book.sheets.find((x) => x.info.name === 'Unprotected')!;
    const stuck =
      '<c r="C1" t="e" cm="1"><f t="array" aca="1" ref="C1" ca="1">ROI.REQUIREDDEALS(3000000,50000)</f><v>#NAME?</v></c>';
    pkg.setText(
      sheet.part,
      rebuildSheet(sheet.xml, sheet.scan, new Map([[key(1, 3), { row: 1, col: 3, xml: stuck }]])),
    );
    const opened = await openXlsx(pkg.toBytes(), 'stuck.xlsx');
    expect(opened.wb.getValue('Unprotected', 'C1')).toBe(60);
    opened.wb.setCellFromUser('Unprotected', 'C1', '=ROI.REQUIREDDEALS(3000000,60000)');
    expect(opened.wb.getValue('Unprotected', 'C1')).toBe(50);
  });

  test('a file that is not an .xlsx is refused with a one-line reason', async () => {
    await expect(openXlsx(new TextEncoder().encode('hello'), 'notes.txt')).rejects.toThrow(/not an \.xlsx file/);
  });
});
