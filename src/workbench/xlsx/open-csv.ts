/**
 * "Open" for a .csv file: a CRM export as the workbench's grid shows it, one sheet named
 * after the file (as Excel names the sheet of a CSV it opens), read as a spreadsheet reads
 * it by the calibration's csvToSheet (numbers, dates as serials with a date format, text as
 * text), so the Calibrate view's report on the sheet equals `roi calibrate` on the file.
 * The same plain data (OpenedFile) as readXlsx gives, so the same worker reads it and the
 * same buildOpened fills the grid. Bounded like .xlsx: the file's size first (a one-line
 * refusal before anything is decoded), then the workbench's rows and cells.
 */
import { cellA1, indexToCol } from '../../base/a1';
import { csvToSheet, decodeText, sheetNameForFile, type CsvSheet } from '../../features/calibrate/csv-sheet';
import type { Progress } from '../../xlsx/progress';
import { LIMITS, showLimit } from '../../xlsx/limits';
import type { OpenedFile } from './open';

/** The largest .csv the workbench opens: a 100,000-row CRM export is about 20 MB. */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

/** Whether a file name is a CSV's. */
export const isCsvName = (name: string): boolean => /\.csv$/i.test(name.trim());

const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** Refused before reading: the one-line reason, or undefined when the size is fine. */
export function csvSizeProblem(name: string, bytes: number): string | undefined {
  if (bytes <= MAX_CSV_BYTES) return undefined;
  return `${name} is ${megabytes(bytes)}; the workbench opens CSV files up to ${megabytes(MAX_CSV_BYTES)}.`;
}

/** A .csv file's bytes as the grid's data. Throws an Error with a one-line reason. */
export function readCsv(bytes: Uint8Array, name: string, progress?: Progress): OpenedFile {
  const size = csvSizeProblem(name, bytes.length);
  if (size) throw new Error(size);
  progress?.('reading the text');
  const { rows, formats } = csvToSheet(decodeText(bytes), LIMITS.workbenchCells.value);
  if (rows.length > LIMITS.workbenchRows.value)
    throw new Error(
      `${name} has ${rows.length.toLocaleString('en-US')} rows; the workbench opens at most ${showLimit('workbenchRows')} rows a sheet.`,
    );
  const sheet = sheetNameForFile(name);
  const cells: OpenedFile['cells'][string] = [];
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null) return;
      // Text stays text: the engine would read "=x" or "12" typed as a formula or a number.
      cells.push([r, c, typeof v === 'string' ? `'${v}` : v]);
    }),
  );
  return {
    sheets: [sheet],
    cells: { [sheet]: cells },
    names: [],
    kept: [],
    skippedNames: [],
    batch: {
      cells: formats.map((f) => ({ sheet, address: cellA1(f.row, f.col), numberFormat: f.format })),
      columnWidths: columnWidths(rows, formats).map((width, c) => ({ sheet, column: indexToCol(c), width })),
    },
  };
}

/** Rows whose contents set the columns' widths (a CSV has none of its own): the header and the first rows. */
const MEASURED_ROWS = 200;

/**
 * Widths in characters that show the header and the first rows' contents whole (dates as
 * their format shows them), between 8 and 40: a CSV opened in Excel shows ##### in every
 * date column until the user widens it; the workbench spares them that.
 */
export function columnWidths(rows: CsvSheet['rows'], formats: CsvSheet['formats']): number[] {
  const width = rows[0]?.length ?? 0;
  const formatted = new Map(formats.filter((f) => f.row < MEASURED_ROWS).map((f) => [`${f.row}:${f.col}`, f.format]));
  return Array.from({ length: width }, (_, c) => {
    let w = 0;
    for (let r = 0; r < Math.min(rows.length, MEASURED_ROWS); r++) {
      const v = rows[r][c];
      if (v === null) continue;
      const format = formatted.get(`${r}:${c}`);
      w = Math.max(w, format ? format.replace(/"/g, '').length : String(v).length);
    }
    return Math.max(8, Math.min(40, w + 1));
  });
}
