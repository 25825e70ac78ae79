/**
 * "Open .xlsx": a workbook file into a new engine workbook, with the same reader and the
 * same decisions as `roi recalc` (src/xlsx: the package, the sheet scanner and
 * evaluateWorkbook). What the engine can evaluate becomes live formulas (ROI calls in any
 * of their four spellings); what it cannot (another add-in's functions, data tables, other
 * workbooks, ...) keeps the value Excel saved, with a note saying why. Number formats,
 * bold/italic/colours, column widths, defined names and hidden sheets come along.
 *
 * Browser-safe: imports nothing that reads files (src/xlsx/io.ts is the CLI's).
 */
import type { RawCellContent, SerializedNamedExpression } from 'hyperformula';
import { errorText } from '../../base/error-text';
import { boxA1, indexToCol, parseCellRange, parseRef } from '../../base/a1';
import { createEngineWorkbook, type EngineWorkbook } from '../../workbook/engine';
import type { CellWrite, NameDef, WriteBatch } from '../../workbook/port';
import { evaluateWorkbook } from '../../engine/evaluate';
import { XlsxPackage } from '../../xlsx/package';
import { cellRef } from '../../xlsx/refs';
import { loadWorkbook } from '../../xlsx/workbook';
import { readColumnWidths, readStyles } from '../../xlsx/styles';
import { isXError, type XValue } from '../../formula/cell-xml';

export interface OpenedWorkbook {
  wb: EngineWorkbook;
  /** Worksheets in workbook order. */
  sheets: string[];
  /** Formula cells showing Excel's saved value because the engine cannot calculate them. */
  kept: Array<{ sheet: string; address: string; formula: string; reason: string }>;
  /** Defined names the engine could not read. */
  skippedNames: Array<{ name: string; reason: string }>;
}

/** Raw content for the engine from a cached value: text stays text, errors as error literals. */
function rawOf(v: XValue): RawCellContent {
  if (v === null) return null;
  if (typeof v === 'string') return `'${v}`;
  if (isXError(v)) return v.error;
  return v;
}

/** A named expression as a NameDef: a plain range keeps its sheet and address; anything else is a formula. */
function nameDefOf(
  n: SerializedNamedExpression,
  sheetOfId: (id: number) => string | undefined,
  firstSheet: string,
): NameDef {
  const expr = String(n.expression);
  const ref = parseRef(expr.replace(/^=/, ''));
  const range = ref?.sheet !== undefined ? parseCellRange(ref.address) : undefined;
  const scoped = n.scope !== undefined ? sheetOfId(n.scope) : undefined;
  const def: NameDef = {
    name: n.name,
    sheet: scoped ?? firstSheet,
    address: 'A1',
    scope: scoped ? 'sheet' : 'workbook',
  };
  if (ref?.sheet !== undefined && range) {
    const target = ref.sheet;
    const address = boxA1(range);
    if (!scoped) def.sheet = target;
    if (target === def.sheet) {
      def.address = address;
      return def;
    }
  }
  def.formula = expr;
  return def;
}

/** Reads an .xlsx file's bytes into an engine workbook. Throws XlsxError with a one-line reason for a bad file. */
export async function openXlsx(bytes: Uint8Array, label = 'workbook.xlsx'): Promise<OpenedWorkbook> {
  const pkg = XlsxPackage.open(bytes, label);
  const book = loadWorkbook(pkg);
  const contents: Record<string, RawCellContent[][]> = {};
  let names: SerializedNamedExpression[] = [];
  const sheetNames = book.sheets.map((s) => s.info.name);
  const evaluation = evaluateWorkbook(book, {
    inspect: (hf) => {
      for (const name of sheetNames) contents[name] = hf.getSheetSerialized(hf.getSheetId(name)!);
      names = hf.getAllNamedExpressionsSerialized();
    },
  });

  // Formulas the engine took but could not calculate (#CYCLE!, an unknown name): keep Excel's value.
  const kept: OpenedWorkbook['kept'] = [];
  const notes: CellWrite[] = [];
  for (const [f, ev] of evaluation.results) {
    if (ev.evaluated) continue;
    const sheet = f.sheet.info.name;
    const rows = contents[sheet];
    const raw = rows?.[f.row - 1]?.[f.col - 1];
    if (rows && typeof raw === 'string' && raw.startsWith('=')) rows[f.row - 1][f.col - 1] = rawOf(f.cached);
    const reason = (ev.reason ?? 'the engine cannot calculate it').replace(/:\s*cached value kept$/, '');
    kept.push({ sheet, address: f.ref, formula: `=${f.formula}`, reason });
    notes.push({
      sheet,
      address: f.ref,
      note: `Not calculated in the workbench: ${reason}. Showing the value Excel saved. Formula: =${f.formula}`,
    });
  }

  // Sheets first (empty), then the names, then the cells: a spill over a named range gets
  // its size from the name when its formula is read.
  const wb = createEngineWorkbook({
    sheets: sheetNames.length ? Object.fromEntries(sheetNames.map((n) => [n, []])) : undefined,
  });
  const skippedNames = [...evaluation.skippedNames];
  const first = sheetNames[0] ?? 'Sheet1';
  for (const n of names) {
    // One at a time, so a name the engine refuses does not cost the others. The evaluated
    // copy numbered its sheets in workbook order, as ours does.
    const def = nameDefOf(n, (id) => sheetNames[id], first);
    try {
      await wb.applyBatch({ cells: [], names: [def] });
    } catch (e) {
      skippedNames.push({ name: n.name, reason: errorText(e) });
    }
  }
  wb.loadSheets(Object.fromEntries(sheetNames.map((name) => [name, contents[name] ?? []])));
  const styles = readStyles(pkg);
  const cells: CellWrite[] = [...notes];
  const batch: WriteBatch = { cells, columnWidths: [], hideSheets: [] };
  for (const sheet of book.sheets) {
    const name = sheet.info.name;
    for (const row of sheet.scan.rows) {
      for (const c of row.cells) {
        const s = c.attrs.s;
        if (s === undefined) continue;
        const xf = styles[Number(s)];
        if (!xf) continue;
        const write: CellWrite = { sheet: name, address: cellRef(c.row, c.col) };
        if (xf.numberFormat && xf.numberFormat !== 'General') write.numberFormat = xf.numberFormat;
        if (xf.style) write.style = xf.style;
        if (write.numberFormat || write.style) cells.push(write);
      }
    }
    const widths = readColumnWidths(sheet.xml, sheet.part, indexToCol);
    for (const [column, width] of Object.entries(widths)) batch.columnWidths!.push({ sheet: name, column, width });
    if (sheet.info.state !== 'visible' && sheetNames.length > 1) batch.hideSheets!.push(name);
  }
  // Never hide every sheet.
  if (batch.hideSheets!.length >= sheetNames.length) batch.hideSheets = [];
  await wb.applyBatch(batch);
  return { wb, sheets: sheetNames.length ? sheetNames : ['Sheet1'], kept, skippedNames };
}
