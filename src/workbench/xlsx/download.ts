/**
 * "Download .xlsx": the workbench's current workbook as a WriteBatch, written by the same
 * writer as `roi model --out` (src/workbook/xlsx-file.ts: ROI calls in the `_xldudf_ROI_`
 * spelling as dynamic arrays, fresh cached values from the engine, sheet-scoped names,
 * formats, styles, conditional formats, charts).
 *
 * Every sheet with its formulas and constants (spilled cells are left to their formula),
 * number formats, styles, notes, column widths, defined names, charts and conditional
 * formats, and hidden sheets.
 */
import { isRoiError } from '../../core';
import type { EngineWorkbook } from '../../workbook/engine';
import type { CellWrite, WriteBatch } from '../../workbook/port';
import { writeBatchToXlsx } from '../../workbook/xlsx-file';

/** Formula cells the workbench shows as Excel's saved value (see open.ts), by "Sheet!A1": their formula. */
export type KeptFormulas = Map<string, string>;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Everything in the workbook, as one batch that builds it from nothing. */
export function exportBatch(wb: EngineWorkbook, kept: KeptFormulas = new Map()): WriteBatch {
  const sheets = wb.sheets().map((s) => s.name);
  const cells: CellWrite[] = [];
  const columnWidths: NonNullable<WriteBatch['columnWidths']> = [];
  const hideSheets: string[] = [];
  for (const sheet of sheets) {
    const snap = wb.getSheetSnapshot(sheet);
    for (const c of snap.cells) {
      const w: CellWrite = { sheet, address: c.address };
      const original = kept.get(`${sheet}!${c.address}`);
      if (original !== undefined) w.formula = original.startsWith('=') ? original : `=${original}`;
      else if (c.formula) w.formula = c.formula;
      else if (c.spillAnchor && c.spillAnchor !== c.address) {
        // filled by its formula's spill
      } else if (isRoiError(c.value)) w.formula = `=${c.value.code}`;
      else if (c.value !== null && c.value !== undefined && c.value !== '')
        w.value = c.value as number | string | boolean;
      if (c.numberFormat) w.numberFormat = c.numberFormat;
      if (c.style) w.style = c.style;
      if (c.note && original === undefined) w.note = c.note;
      if (w.formula !== undefined || w.value !== undefined || w.numberFormat || w.style || w.note) cells.push(w);
    }
    for (const [column, width] of Object.entries(snap.columnWidths)) columnWidths.push({ sheet, column, width });
    if (snap.hidden) hideSheets.push(sheet);
  }
  return {
    addSheets: sheets,
    cells,
    names: wb.getNames(),
    charts: wb.getCharts(),
    conditionalFormats: wb.getConditionalFormats(),
    columnWidths,
    hideSheets: hideSheets.length < sheets.length ? hideSheets : [],
  };
}

/** The workbook as .xlsx bytes. */
export async function downloadBytes(wb: EngineWorkbook, kept?: KeptFormulas): Promise<Uint8Array> {
  const { bytes } = await writeBatchToXlsx(exportBatch(wb, kept), { creator: 'Outcome ROI workbench' });
  return bytes;
}

/** A file name for the download: the opened file's, or one for a new workbook. */
export function downloadName(name: string | undefined): string {
  const base = (name ?? '')
    .replace(/\.xlsx$/i, '')
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .trim();
  return `${base || 'Outcome ROI model'}.xlsx`;
}
