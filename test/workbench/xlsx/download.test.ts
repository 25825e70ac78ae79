/**
 * The workbench's Download without a browser: a model round trip (download, recalc finds
 * nothing stale, open again, same numbers, still live).
 */
import { readFileSync } from 'node:fs';
import { defaultInputs, planModel, previewModel } from '../../../src/features/model';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import { downloadBytes, downloadName, exportBatch } from '../../../src/workbench/xlsx/download';
import { openXlsx } from '../../../src/workbench/xlsx/open';
import { XlsxPackage } from '../../../src/xlsx/package';
import { recalcPackage } from '../../../src/files/recalc';
import { FIXTURE } from '../../helpers/xlsx-fixtures';

jest.setTimeout(60_000);

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
