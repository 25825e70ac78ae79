/**
 * The workbench's Open and Download without a browser: the styles reader, Excel's own
 * fixture opened through the recalc reader (other add-ins' cells keep Excel's values, with
 * a note), and a model round trip (download, recalc finds nothing stale, open again, same
 * numbers, still live).
 */
import { readFileSync } from 'node:fs';
import { isRoiError } from '../../../src/core';
import { defaultInputs, planModel, previewModel } from '../../../src/features/model';
import { indexToCol } from '../../../src/base/a1';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import { downloadBytes, downloadName, exportBatch } from '../../../src/workbench/xlsx/download';
import { openXlsx } from '../../../src/workbench/xlsx/open';
import { BUILTIN_FORMATS, readColumnWidths, readStylesXml } from '../../../src/xlsx/styles';
import { XlsxPackage } from '../../../src/xlsx/package';
import { recalcPackage } from '../../../src/files/recalc';
import { key, rebuildSheet } from '../../../src/xlsx/sheet';
import { loadWorkbook } from '../../../src/xlsx/workbook';
import { FIXTURE } from '../../helpers/xlsx-fixtures';

jest.setTimeout(60_000);

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="2"><numFmt numFmtId="164" formatCode="&quot;$&quot;#,##0"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>
  <fonts count="3"><font><sz val="11"/><color theme="1"/></font><font><b/><sz val="11"/><color rgb="FF1F3864"/></font><font><i/><color rgb="FF000000"/></font></fonts>
  <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>
  <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
  <cellXfs count="5">
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
    <xf numFmtId="164" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="165" fontId="2" fillId="0" borderId="0" xfId="0"><alignment horizontal="center"/></xf>
    <xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0"/>
    <xf numFmtId="44" fontId="0" fillId="0" borderId="0" xfId="0"/>
  </cellXfs>
</styleSheet>`;

describe('styles.xml', () => {
  test('number formats (custom and built-in), bold/italic, colours, fills, alignment by style index', () => {
    const xfs = readStylesXml(STYLES);
    expect(xfs).toEqual([
      { numberFormat: 'General' },
      { numberFormat: '"$"#,##0', style: { bold: true, fontColor: '#1F3864', fill: '#FFF2CC' } },
      { numberFormat: '0.0%', style: { italic: true, horizontalAlignment: 'Center' } },
      { numberFormat: '0%' },
      { numberFormat: BUILTIN_FORMATS[44] },
    ]);
  });

  test('column widths from <cols>, ranges spread over their columns', () => {
    const xml =
      '<worksheet xmlns="x"><cols><col min="1" max="1" width="40.7109375" customWidth="1"/><col min="3" max="4" width="16" customWidth="1"/></cols><sheetData/></worksheet>';
    expect(readColumnWidths(xml, 'sheet1.xml', indexToCol)).toEqual({ A: 40.7109375, C: 16, D: 16 });
    expect(readColumnWidths('<worksheet><sheetData/></worksheet>', 's', indexToCol)).toEqual({});
  });
});

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

describe('Download: the model round trip', () => {
  test('the downloaded model needs no recalculation, and opens again with the same live numbers', async () => {
    const inputs = { ...defaultInputs(), averageDealValue: 45_000 };
    const plan = planModel(inputs, 'ROI Model');
    const wb = createEngineWorkbook();
    await wb.applyBatch(plan.batch);
    wb.setCellFromUser('Sheet1', 'A1', 'Notes for finance');

    const batch = exportBatch(wb);
    expect(batch.addSheets).toEqual(['Sheet1', 'ROI Model']);
    // Spilled cells are left to their formula (a constant there would block the spill).
    const funnelTop = plan.cells.funnel;
    expect(
      batch.cells.filter(
        (c) =>
          c.sheet === 'ROI Model' &&
          c.address === funnelTop.replace('A', 'B') &&
          (c.value !== undefined || c.formula !== undefined),
      ),
    ).toEqual([]);
    expect(batch.names?.find((n) => n.name === 'ROI_DealValue')).toMatchObject({ scope: 'sheet', sheet: 'ROI Model' });

    const bytes = await downloadBytes(wb);
    const { report } = recalcPackage(XlsxPackage.open(bytes, 'download.xlsx'), { write: false });
    expect(report.roiFormulas).toBeGreaterThan(20);
    expect(report.stale).toEqual([]);
    expect(report.resolved).toEqual([]);
    expect(report.notEvaluated).toEqual([]);

    const again = await openXlsx(bytes, 'download.xlsx');
    expect(again.sheets).toEqual(['Sheet1', 'ROI Model']);
    expect(again.kept).toEqual([]);
    expect(again.skippedNames).toEqual([]);
    const p = previewModel(inputs);
    for (const k of ['revenueGap', 'deals', 'leads', 'leadsAtConfidence', 'hitProbability'] as const) {
      expect({ k, v: again.wb.getValue('ROI Model', plan.cells[k]) }).toEqual({
        k,
        v: expect.closeTo(p[k] as number, 9),
      });
    }
    expect(again.wb.getValue('Sheet1', 'A1')).toBe('Notes for finance');
    expect(again.wb.getNumberFormat('ROI Model', plan.cells.revenueGap)).toBe('$#,##0');
    expect(again.wb.getStyle('ROI Model', plan.cells['input.averageDealValue'])).toMatchObject({
      fill: '#FFF2CC',
      fontColor: '#0000FF',
    });
    // Live: an input edit moves the outputs.
    again.wb.setCellFromUser('ROI Model', plan.cells['input.averageDealValue'], '90000');
    expect(again.wb.getValue('ROI Model', plan.cells.deals)).toBe(
      previewModel({ ...inputs, averageDealValue: 90_000 }).deals,
    );
  });

  test("kept formulas go back into the file as formulas, not as Excel's old values", async () => {
    const opened = await openXlsx(new Uint8Array(readFileSync(FIXTURE)), 'fixture.xlsx');
    const kept = new Map(opened.kept.map((k) => [`${k.sheet}!${k.address}`, k.formula]));
    const batch = exportBatch(opened.wb, kept);
    const a1 = batch.cells.find((c) => c.sheet === 'Correct' && c.address === 'A1')!;
    expect(a1.formula).toBe('=_xldudf_CONTOSO_ADD(1,2)');
    expect(a1.note).toBeUndefined();
  });

  test('file names', () => {
    expect(downloadName('')).toBe('Outcome ROI model.xlsx');
    expect(downloadName('Q3 plan.xlsx')).toBe('Q3 plan.xlsx');
    expect(downloadName('a/b:c.xlsx')).toBe('a b c.xlsx');
  });
});
