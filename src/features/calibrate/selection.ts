/**
 * The Calibrate view's table: the selected CRM export in the workbook (one selected cell
 * stands for the table around it, as in Lead sources), read with the limits every view
 * shares (src/features/reading/selection.ts), as the rows the calibration reader takes.
 * Cells come as Excel holds them: dates are serial numbers, so they read exactly as the
 * same dates written as text in a CSV do.
 */
import type { CellValue } from '../../core';
import { isRoiError } from '../../core';
import { boxA1, sheetRef, type Box } from '../../base/a1';
import type { WorkControl } from '../../base/progress';
import type { WorkbookPort } from '../../workbook/port';
import { InputProblem, isBlankCell, readSelection } from '../reading/selection';
import type { TableCell } from './dates';
import type { TableInput } from './table';

export interface CalibrationTable {
  sheet: string;
  /** The table's box on its sheet, header row first (blank rows above it left out). */
  box: Box;
  /** The header texts, trimmed. */
  headers: string[];
  /** What the reader takes: the rows (header first) with their place on the sheet. */
  source: TableInput;
  /** Non-blank rows under the header. */
  records: number;
}

/** "'HubSpot export'!A1:L2401": where the table is, as a formula names it. */
export function tableAddress(table: Pick<CalibrationTable, 'sheet' | 'box'>): string {
  return `${sheetRef(table.sheet)}!${boxA1(table.box)}`;
}

/** A cell as the calibration reader takes it: errors as their code ("#N/A"), which it then names as not a date. */
function tableCell(v: CellValue): TableCell {
  if (isRoiError(v)) return v.code;
  return v as TableCell;
}

/**
 * The selected table (see the file's comment), or an InputProblem that says what to select.
 * With a control, the reading reports the rows read and stops on a cancel (WorkCancelled).
 */
export async function readCalibrationTable(port: WorkbookPort, control?: WorkControl): Promise<CalibrationTable> {
  const sel = await readSelection(port, 'your CRM export with its header row', undefined, { region: true, control });
  const values = sel.values;
  let first = 0;
  while (first < values.length && values[first].every(isBlankCell)) first++;
  let last = values.length - 1;
  while (last > first && values[last].every(isBlankCell)) last--;
  if (first >= values.length)
    throw new InputProblem(
      'The selection is empty. Select your CRM export with its header row (a HubSpot contacts export, or an opportunities report), or one cell in it.',
    );
  const rows = values.slice(first, last + 1).map((r) => r.map(tableCell));
  const headers = rows[0].map((h) => (h === null || h === undefined ? '' : String(h).trim()));
  if (rows.length < 2)
    throw new InputProblem(
      'The selection is only a header row. Select the records below it too (or one cell in the table).',
    );
  const records = rows.slice(1).filter((r) => !r.every((c) => isBlankCell(c as CellValue))).length;
  const box: Box = { ...sel.box, top: sel.box.top + first, bottom: sel.box.top + last };
  return {
    sheet: sel.sheet,
    box,
    headers,
    source: { rows, origin: { row: box.top + 1, column: box.left } },
    records,
  };
}
