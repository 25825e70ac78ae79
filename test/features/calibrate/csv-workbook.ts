/**
 * A CSV export on an engine workbook, as the workbench's "Open .csv" puts it there
 * (csvToSheet: numbers, dates as serials with a date format, text as text), for the
 * Calibrate view's and the calibration sheet's tests.
 */
import type { RawCellContent } from 'hyperformula';
import { cellA1 } from '../../../src/base/a1';
import { csvToSheet } from '../../../src/features/calibrate';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';

export async function csvWorkbook(csv: string, sheet = 'Export', extra: Record<string, RawCellContent[][]> = {}) {
  const { rows, formats } = csvToSheet(csv);
  const raw = rows.map((r) => r.map((c) => (typeof c === 'string' ? `'${c}` : c)));
  const wb: EngineWorkbook = createEngineWorkbook({ sheets: { [sheet]: raw, ...extra } });
  await wb.applyBatch({
    cells: formats.map((f) => ({ sheet, address: cellA1(f.row, f.col), numberFormat: f.format })),
  });
  return wb;
}
