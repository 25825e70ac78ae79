/**
 * "Open .xlsx": a workbook file into a new engine workbook, with the same reader and the
 * same decisions as `roi recalc` (src/xlsx: the package, the sheet scanner and
 * evaluateWorkbook). What the engine can evaluate becomes live formulas (ROI calls in any
 * of their four spellings); what it cannot (another add-in's functions, data tables, other
 * workbooks, ...) keeps the value Excel saved, with a note saying why. Number formats,
 * bold/italic/colours, column widths, defined names and hidden sheets come along.
 *
 * Two steps, so the page stays responsive on a big or hostile file:
 * - readXlsx: the file's bytes to plain data (OpenedFile): unzip, every limit of
 *   src/base/limits.ts, the sheets, which formulas the engine can take, names, styles.
 *   Synchronous and self-contained: the workbench runs it in a Web Worker
 *   (open.worker.ts), so a zip bomb or a huge sheet costs the worker, not the page, and it
 *   reports progress as it goes;
 * - buildOpened: that data into the grid's engine workbook on the page, cell by cell in
 *   slices with a pause between them (and its progress), then one recalculation.
 * The workbench also refuses sheets larger than its grid's engine holds (LIMITS.workbench*).
 *
 * Browser-safe: imports nothing that reads files (src/cli/io.ts is the CLI's).
 */
import type { RawCellContent } from 'hyperformula';
import { errorText } from '../../base/error-text';
import { boxA1, cellA1, indexToCol, parseCellRange, parseRef } from '../../base/a1';
import { createEngineWorkbook, type EngineWorkbook } from '../../workbook/engine';
import type { CellWrite, NameDef, WriteBatch } from '../../workbook/port';
import { engineContents, evaluateWorkbook } from '../../engine/evaluate';
import { LIMITS, showLimit } from '../../base/limits';
import { XlsxError } from '../../xlsx/errors';
import { XlsxPackage } from '../../xlsx/package';
import type { Progress } from '../../xlsx/progress';
import { cellRef } from '../../xlsx/refs';
import { loadWorkbook, sheetExtent, type SheetModel } from '../../xlsx/workbook';
import { readColumnWidths, readStyles } from '../../xlsx/styles';

export interface OpenedWorkbook {
  wb: EngineWorkbook;
  /** Worksheets in workbook order. */
  sheets: string[];
  /** Formula cells showing Excel's saved value because the engine cannot calculate them. */
  kept: Array<{ sheet: string; address: string; formula: string; reason: string }>;
  /** Defined names the engine could not read. */
  skippedNames: Array<{ name: string; reason: string }>;
}

/** A file read, as plain data (what the worker posts to the page). */
export interface OpenedFile {
  /** Worksheets in workbook order. */
  sheets: string[];
  /** Per sheet, its cells as [row, col] (0-based) and the engine's raw content, in file order. */
  cells: Record<string, Array<[number, number, RawCellContent]>>;
  /** Defined names as the engine takes them (scope: a sheet's position in `sheets`). */
  names: Array<{ name: string; expression: string; scope?: number }>;
  kept: OpenedWorkbook['kept'];
  skippedNames: OpenedWorkbook['skippedNames'];
  /** Notes, number formats and styles, column widths and hidden sheets, as one batch. */
  batch: WriteBatch;
}

/** A named expression as a NameDef: a plain range keeps its sheet and address; anything else is a formula. */
function nameDefOf(
  n: { name: string; expression: string; scope?: number },
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

/** A sheet the workbench's grid cannot hold (its engine's sheet size, and rows as wide as the last cell): XlsxError. */
function checkFits(sheet: SheetModel): void {
  const { rows, cols } = sheetExtent(sheet);
  const name = sheet.info.name;
  if (rows > LIMITS.workbenchRows.value)
    throw new XlsxError(
      `too large for the workbench: ${name} has cells down to row ${rows.toLocaleString('en-US')}; the workbench opens sheets of up to ${showLimit('workbenchRows')} rows (roi recalc reads any sheet)`,
      'too-large',
    );
  if (rows * cols > LIMITS.workbenchCells.value)
    throw new XlsxError(
      `too large for the workbench: ${name} reaches ${cellA1(rows - 1, cols - 1)}, ${(rows * cols).toLocaleString('en-US')} cells of grid; the workbench opens sheets of up to ${showLimit('workbenchCells')} (roi recalc reads any sheet)`,
      'too-large',
    );
}

/**
 * Reads an .xlsx file's bytes into plain data: every limit checked, formulas classified
 * and evaluated once (so a formula the engine cannot calculate keeps Excel's value), names,
 * styles. Throws XlsxError with a one-line reason for a bad or too large file.
 */
export function readXlsx(bytes: Uint8Array, label = 'workbook.xlsx', progress?: Progress): OpenedFile {
  progress?.('unzipping');
  const pkg = XlsxPackage.open(bytes, label);
  const book = loadWorkbook(pkg, { progress });
  for (const sheet of book.sheets) checkFits(sheet);
  const sheetNames = book.sheets.map((s) => s.info.name);
  // The grid's engine is given every evaluated formula, direct ones included: all are size-checked.
  const evaluation = evaluateWorkbook(book, { progress, directAsFormulas: true });

  // Formulas the engine cannot take, or took and could not calculate: Excel's value, with a note.
  const kept: OpenedWorkbook['kept'] = [];
  const cells: CellWrite[] = [];
  for (const [f, ev] of evaluation.results) {
    if (ev.evaluated) continue;
    const sheet = f.sheet.info.name;
    const reason = (ev.reason ?? 'the engine cannot calculate it').replace(/:\s*cached value kept$/, '');
    kept.push({ sheet, address: f.ref, formula: `=${f.formula}`, reason });
    cells.push({
      sheet,
      address: f.ref,
      note: `Not calculated in the workbench: ${reason}. Showing the value Excel saved. Formula: =${f.formula}`,
    });
  }
  const contents = engineContents(book, evaluation.results, false);
  const out: OpenedFile['cells'] = {};
  for (const sheet of book.sheets)
    out[sheet.info.name] = (contents.get(sheet) ?? []).map((c) => [c.row - 1, c.col - 1, c.content]);

  progress?.('reading styles');
  const styles = readStyles(pkg);
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
  return {
    sheets: sheetNames,
    cells: out,
    names: evaluation.namedExpressions,
    kept,
    skippedNames: [...evaluation.skippedNames],
    batch,
  };
}

/** Cells set on the page between two pauses. */
const SLICE = 2000;

/** Lets the page draw and handle input before the next slice of work. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The read file as the grid's engine workbook: sheets first (empty), then the names, then
 * the cells in slices with a pause after each (one recalculation at the end), then notes,
 * formats and styles. `signal` stops it between slices (the workbook built so far is
 * dropped; the page keeps the one it had).
 */
export async function buildOpened(
  file: OpenedFile,
  progress?: Progress,
  signal?: AbortSignal,
): Promise<OpenedWorkbook> {
  const stopIfCancelled = () => {
    if (signal?.aborted) throw new Error('Opening was cancelled.');
  };
  const { sheets } = file;
  const wb = createEngineWorkbook({
    sheets: sheets.length ? Object.fromEntries(sheets.map((n) => [n, []])) : undefined,
  });
  const skippedNames = [...file.skippedNames];
  const first = sheets[0] ?? 'Sheet1';
  for (const n of file.names) {
    // One at a time, so a name the engine refuses does not cost the others. The evaluated
    // copy numbered its sheets in workbook order, as ours does.
    const def = nameDefOf(n, (id) => sheets[id], first);
    try {
      await wb.applyBatch({ cells: [], names: [def] });
    } catch (e) {
      skippedNames.push({ name: n.name, reason: errorText(e) });
    }
  }
  const total = sheets.reduce((k, s) => k + (file.cells[s]?.length ?? 0), 0);
  let done = 0;
  const hf = wb.hf;
  hf.suspendEvaluation();
  try {
    for (const name of sheets) {
      const id = hf.getSheetId(name)!;
      const list = file.cells[name] ?? [];
      for (let i = 0; i < list.length; i += SLICE) {
        for (const [row, col, content] of list.slice(i, i + SLICE))
          hf.setCellContents({ sheet: id, row, col }, content);
        done += Math.min(SLICE, list.length - i);
        progress?.('building the grid', done, total);
        await pause();
        stopIfCancelled();
      }
    }
    progress?.('calculating');
    await pause();
  } finally {
    hf.resumeEvaluation();
  }
  progress?.('formats and notes');
  await pause();
  await wb.applyBatch(file.batch);
  return { wb, sheets: sheets.length ? sheets : ['Sheet1'], kept: file.kept, skippedNames };
}

/** Reads and builds in this thread (the tests; the workbench reads in a worker, see open-client.ts). */
export async function openXlsx(
  bytes: Uint8Array,
  label = 'workbook.xlsx',
  progress?: Progress,
): Promise<OpenedWorkbook> {
  return buildOpened(readXlsx(bytes, label, progress), progress);
}
