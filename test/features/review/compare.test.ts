/**
 * The Review view's comparison (src/features/review/compare.ts and the worker's half,
 * src/taskpane/workers/compare-versions.ts) on the engine port and on the mocked Excel:
 * the open workbook read through the port, the other file read by the light reader, the
 * same answer `roi diff` gives on the same pair, stale saved values said to be, and "Mark
 * the changes" / "Clear marks" in one batch each, formats only, counted in syncs.
 */
import { cellKey } from '../../../src/formula/diff';
import { diffJson, diffPackages } from '../../../src/files/diff';
import {
  MARKS_SETTING,
  MARK_FILL,
  checkSavedValues,
  clearMarks,
  markChanges,
  readCurrentBook,
  summarize,
  type Comparison,
  type Side,
} from '../../../src/features/review/compare';
import { compareVersions } from '../../../src/taskpane/workers/compare-versions';
import { downloadBytes } from '../../../src/workbench/xlsx/download';
import type { WorkbookPort } from '../../../src/workbook/port';
import { readVersionFile } from '../../../src/workbook/light-xlsx';
import { XlsxPackage } from '../../../src/xlsx/package';
import { MockExcel, mockPort } from '../../helpers/mock-excel';
import {
  MODEL_SHEET,
  absoluteRef,
  cellAt,
  formulaAt,
  inputsWith,
  modelFile,
  modelName,
  modelWorkbook,
  withSheetXml,
} from '../../helpers/model-files';
import { buildWorkbook } from '../../helpers/xlsx-fixtures';
import { planModel } from '../../../src/features/model';

jest.setTimeout(60000);

const plan = planModel(inputsWith(), MODEL_SHEET);
const closeRate = plan.cells['input.stages.3.rate'];

async function compare(port: WorkbookPort, other: Uint8Array, side: Side = 'new'): Promise<Comparison> {
  const reply = await compareVersions({ bytes: other, current: await readCurrentBook(port), side });
  if (!reply.ok) throw new Error(reply.message);
  return summarize(reply.diff, side, 'plan v1.xlsx', { calcOnLoad: reply.calcOnLoad });
}

describe('on the engine port (the workbench)', () => {
  test('the open workbook read through the port: cells, number formats, spills, sheet-scoped names', async () => {
    const wb = await modelWorkbook();
    const book = await readCurrentBook(wb);
    const sheet = book.sheets.find((s) => s.name === MODEL_SHEET)!;
    const funnel = plan.cells.funnel;
    const at = (a: string) => {
      const m = /^([A-Z]+)(\d+)$/.exec(a)!;
      return cellKey(Number(m[2]) - 1, m[1].charCodeAt(0) - 65);
    };
    expect(sheet.cells.get(at(closeRate))).toEqual({ value: 0.25, numberFormat: '0.0%' });
    expect(sheet.cells.get(at(plan.cells.leads))).toMatchObject({
      formula: formulaAt(plan, 'leads'),
      value: 1200,
      numberFormat: '#,##0',
    });
    // The funnel spills from its anchor over two columns (the engine counts the rows its ranges allow).
    const row = Math.floor(at(funnel) / 16384);
    expect(sheet.spills.get(at(funnel))).toEqual({ top: row, left: 0, bottom: expect.any(Number), right: 1 });
    expect(sheet.spills.get(at(funnel))!.bottom).toBeGreaterThanOrEqual(row + 4);
    expect(book.names).toContainEqual({
      name: modelName('leads'),
      scope: MODEL_SHEET,
      refersTo: absoluteRef(plan, 'leads'),
    });
  });

  test('compared with the earlier file: the same inputs, formulas and outputs roi diff finds on the same two files', async () => {
    const v1 = await modelFile();
    const wb = await modelWorkbook();
    wb.setCellFromUser(MODEL_SHEET, closeRate, '21.0%');
    wb.setCellFromUser(MODEL_SHEET, plan.cells['input.averageDealValue'], '$60,000');
    const c = await compare(wb, v1);
    expect(c.current).toBe('new');
    expect(c.warnings).toEqual([]);
    expect(c.sentence).toBe(
      `2 assumptions changed; leads needed fell from 1,200 to 1,191 (-0.8%) because the average deal value rose from $50,000 to $60,000 and the close rate fell from 25.0% to 21.0%; ${c.diff.outputs.length - 1} other results moved.`,
    );
    // roi diff on the earlier file and this workbook downloaded: the same report.
    const v2 = await downloadBytes(wb);
    const cli = diffJson(diffPackages(XlsxPackage.open(v1), XlsxPackage.open(v2)));
    const pane = diffJson(c.diff);
    expect(pane.inputs).toEqual(cli.inputs);
    expect(pane.formulas).toEqual(cli.formulas);
    expect(pane.outputs).toEqual(cli.outputs);
    expect(pane.other_changes).toEqual(cli.other_changes);
  });

  test("the open workbook as the earlier version: old and new swap, and the cells are still this workbook's", async () => {
    const v2 = await modelFile(inputsWith((i) => (i.stages[3].rate = 0.3)));
    const wb = await modelWorkbook();
    const c = await compare(wb, v2, 'old');
    expect(c.diff.inputs.map((i) => [i.old!.address, i.oldValue, i.newValue])).toEqual([[closeRate, 0.25, 0.3]]);
    expect(c.sentence).toMatch(
      /^1 assumption changed; leads needed fell from 1,200 to 1,000 \(-17%\) because the close rate rose from 25\.0% to 30\.0%/,
    );
  });

  test('a saved value that is not what its formula gives from the saved inputs is stale, and said to be', async () => {
    const v1 = withSheetXml(await modelFile(), (xml) => {
      const cell = cellAt(xml, plan.cells.leads);
      return xml.replace(cell, cell.replace('<v>1200</v>', '<v>1100</v>'));
    });
    const { book } = readVersionFile(v1);
    expect(await checkSavedValues(book)).toBe(1);
    const wb = await modelWorkbook();
    const c = await compare(wb, v1);
    const leads = c.diff.outputs.find((o) => o.name === modelName('leads'))!;
    expect(leads).toMatchObject({ oldValue: 1100, newValue: 1200 });
    expect(leads.staleOld).toBe(
      "its saved value (1,100) is not what its formula gives from the file's own saved inputs (1,200)",
    );
    expect(c.warnings).toEqual([
      '1 saved value in plan v1.xlsx cannot be trusted (marked "stale" below): open and save it in Excel with the add-in loaded, or run roi recalc on it, then compare again.',
    ]);
  });

  test('a file that cannot be read: one line, nothing compared', async () => {
    const reply = await compareVersions({
      bytes: new TextEncoder().encode('Region,Revenue\n'),
      current: await readCurrentBook(await modelWorkbook()),
      side: 'new',
    });
    expect(reply).toEqual({ ok: false, message: 'not an .xlsx file (not a zip archive)', reason: 'not-xlsx' });
  });

  test('Mark the changes colours the changed inputs over their own style, values untouched; Clear marks puts back exactly what was there', async () => {
    const v1 = await modelFile();
    const wb = await modelWorkbook();
    wb.setCellFromUser(MODEL_SHEET, closeRate, '21%');
    const before = { style: wb.getStyle(MODEL_SHEET, closeRate), value: wb.getValue(MODEL_SHEET, closeRate) };
    expect(before.style).toEqual({ fontColor: '#0000FF', fill: '#FFF2CC' });
    const c = await compare(wb, v1);
    expect(await markChanges(wb, c)).toBe(1);
    expect(wb.getStyle(MODEL_SHEET, closeRate)).toEqual({ fontColor: '#0000FF', fill: MARK_FILL });
    expect(wb.getValue(MODEL_SHEET, closeRate)).toBe(0.21);
    expect(await wb.getSetting(MARKS_SETTING)).toEqual({
      fill: MARK_FILL,
      cells: [{ sheet: MODEL_SHEET, address: closeRate, prior: { fontColor: '#0000FF', fill: '#FFF2CC' } }],
    });
    // Marking again keeps the first record of what the cell looked like.
    expect(await markChanges(wb, c)).toBe(1);
    expect(await clearMarks(wb)).toBe(1);
    expect(wb.getStyle(MODEL_SHEET, closeRate)).toEqual(before.style);
    expect(await wb.getSetting(MARKS_SETTING)).toBeUndefined();
    expect(await clearMarks(wb)).toBe(0);
  });

  test('Mark the changes is one step of the workbench: one undo takes back the fill and its record together', async () => {
    const v1 = await modelFile();
    const wb = await modelWorkbook();
    wb.setCellFromUser(MODEL_SHEET, closeRate, '21%');
    const c = await compare(wb, v1);
    expect(await markChanges(wb, c)).toBe(1);
    expect(wb.getStyle(MODEL_SHEET, closeRate)).toEqual({ fontColor: '#0000FF', fill: MARK_FILL });
    wb.undo();
    expect(wb.getStyle(MODEL_SHEET, closeRate)).toEqual({ fontColor: '#0000FF', fill: '#FFF2CC' });
    expect(await wb.getSetting(MARKS_SETTING)).toBeUndefined();
    // The typed value was the step before: it is still there.
    expect(wb.getValue(MODEL_SHEET, closeRate)).toBe(0.21);
  });

  test('Clear marks leaves a cell the user recoloured since', async () => {
    const v1 = await modelFile();
    const wb = await modelWorkbook();
    wb.setCellFromUser(MODEL_SHEET, closeRate, '21%');
    wb.setCellFromUser(MODEL_SHEET, plan.cells['input.churnRate'], '5%');
    const c = await compare(wb, v1);
    expect(await markChanges(wb, c)).toBe(2);
    await wb.applyBatch({ cells: [{ sheet: MODEL_SHEET, address: closeRate, style: { fill: '#00FF00' } }] });
    expect(await clearMarks(wb)).toBe(1);
    expect(wb.getStyle(MODEL_SHEET, closeRate)).toEqual({ fill: '#00FF00' });
    expect(wb.getStyle(MODEL_SHEET, plan.cells['input.churnRate'])).toEqual({ fontColor: '#0000FF', fill: '#FFF2CC' });
  });
});

describe('on the mocked Excel', () => {
  /** A small plan in Excel: values as Excel calculated them, one sheet-scoped ROI_ name, a filled input. */
  function excelPlan(close: number, leads: number): MockExcel {
    const x = new MockExcel({
      Plan: {
        A1: 'Average deal',
        B1: { value: 50_000, numberFormat: '$#,##0' },
        A2: 'Close rate',
        B2: { value: close, numberFormat: '0%', fill: '#FFF2CC' },
        A3: 'Leads needed',
        B3: {
          formula: '=ROI.REQUIREDLEADS(3000000,ROI_DealValue,{0.5,0.4}*B2/B2*B2)',
          value: leads,
          numberFormat: '#,##0',
        },
        A4: 'Deals',
        B4: { formula: '=ROI.REQUIREDDEALS(3000000,ROI_DealValue)', value: 60 },
      },
    });
    x.sheet('Plan').names.set('ROI_DealValue', "'Plan'!$B$1");
    return x;
  }

  /** The same plan as a file, as Excel saves it. */
  const file = (close: number, leads: number) =>
    buildWorkbook({
      sheets: [
        {
          name: 'Plan',
          sheetData:
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Average deal</t></is></c><c r="B1"><v>50000</v></c></row>' +
            `<row r="2"><c r="A2" t="inlineStr"><is><t>Close rate</t></is></c><c r="B2" s="1"><v>${close}</v></c></row>` +
            `<row r="3"><c r="A3" t="inlineStr"><is><t>Leads needed</t></is></c><c r="B3" s="2" cm="1"><f t="array" ref="B3">_xldudf_ROI_REQUIREDLEADS(3000000,ROI_DealValue,{0.5,0.4}*B2/B2*B2)</f><v>${leads}</v></c></row>` +
            '<row r="4"><c r="A4" t="inlineStr"><is><t>Deals</t></is></c><c r="B4" cm="1"><f t="array" ref="B4">_xldudf_ROI_REQUIREDDEALS(3000000,ROI_DealValue)</f><v>60</v></c></row>',
        },
      ],
      definedNames: '<definedName name="ROI_DealValue" localSheetId="0">Plan!$B$1</definedName>',
    });

  test('the comparison reads the workbook in a few round trips, and finds the input, the moved output and why', async () => {
    const x = excelPlan(0.25, 1200);
    const { port } = mockPort(x);
    const current = await readCurrentBook(port);
    // listSheets, usedRange, the used range, spill areas, and the names (two syncs).
    expect(x.counts.syncs).toBe(6);
    expect(current.names).toEqual([{ name: 'ROI_DealValue', scope: 'Plan', refersTo: "'Plan'!$B$1" }]);
    const reply = await compareVersions({ bytes: file(0.2, 1500), current, side: 'new' });
    if (!reply.ok) throw new Error(reply.message);
    const c = summarize(reply.diff, 'new', 'plan v1.xlsx');
    expect(c.diff.inputs.map((i) => [i.new!.address, i.label, i.oldValue, i.newValue])).toEqual([
      ['B2', 'Close rate', 0.2, 0.25],
    ]);
    expect(c.diff.formulas).toEqual([]);
    expect(
      c.diff.outputs.map((o) => [o.new!.address, o.oldValue, o.newValue, o.changePct, o.because.map((p) => p.address)]),
    ).toEqual([['B3', 1500, 1200, -20, ['B2']]]);
    expect(c.sentence).toBe(
      '1 assumption changed; leads needed fell from 1,500 to 1,200 (-20%) because the close rate rose from 20% to 25%.',
    );
  });

  test('Mark the changes: one batch (the fills read first, the record written with the fills), fill only; Clear marks: the same, the old fill back', async () => {
    const x = excelPlan(0.25, 1200);
    const { port } = mockPort(x);
    const reply = await compareVersions({ bytes: file(0.2, 1500), current: await readCurrentBook(port), side: 'new' });
    if (!reply.ok) throw new Error(reply.message);
    const c = summarize(reply.diff, 'new', 'plan v1.xlsx');

    x.reset();
    x.written = [];
    expect(await markChanges(port, c)).toBe(1);
    // listSheets, the workbook's settings (read once a session), the fills, then applyBatch's
    // two round trips, the record of what the marks cover in the same write: no save of its own.
    expect(x.counts.syncs).toBe(5);
    expect(x.counts.saveAsync).toBe(0);
    expect(x.writes()).toHaveLength(1);
    expect(x.written).toEqual(['Plan!B2']);
    expect(x.sheet('Plan').cells.get('B2')).toEqual({ value: 0.25, numberFormat: '0%', fill: MARK_FILL });
    expect(x.workbookSettings.get(MARKS_SETTING)).toEqual({
      fill: MARK_FILL,
      cells: [{ sheet: 'Plan', address: 'B2', prior: { fill: '#FFF2CC' } }],
    });

    x.reset();
    x.runs = [];
    expect(await clearMarks(port)).toBe(1);
    // The settings known already: listSheets, the fills, applyBatch's two (the record removed in it).
    expect(x.counts.syncs).toBe(4);
    expect(x.counts.saveAsync).toBe(0);
    expect(x.writes()).toHaveLength(1);
    expect(x.sheet('Plan').cells.get('B2')).toEqual({ value: 0.25, numberFormat: '0%', fill: '#FFF2CC' });
    expect(x.workbookSettings.has(MARKS_SETTING)).toBe(false);
  });

  test('a cell with no fill gets none back (the fill cleared, not painted white)', async () => {
    const x = excelPlan(0.25, 1200);
    delete x.sheet('Plan').cells.get('B2')!.fill;
    const { port } = mockPort(x);
    const reply = await compareVersions({ bytes: file(0.2, 1500), current: await readCurrentBook(port), side: 'new' });
    if (!reply.ok) throw new Error(reply.message);
    const c = summarize(reply.diff, 'new', 'v1');
    await markChanges(port, c);
    expect(x.sheet('Plan').cells.get('B2')!.fill).toBe(MARK_FILL);
    await clearMarks(port);
    expect(x.sheet('Plan').cells.get('B2')).toEqual({ value: 0.25, numberFormat: '0%' });
  });
});
