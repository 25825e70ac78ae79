/**
 * Rows of a CRM export, one at a time, whatever it came from: CSV text (parsed by Papa
 * Parse: quotes, embedded commas and line breaks, a UTF-8 byte-order mark, CRLF; comma,
 * semicolon or tab separated) or a table already read from an .xlsx file or a selected
 * range (rows of cell values). The same calibration code reads all three.
 *
 * CSV rows are streamed (Papa Parse's step mode): the caller keeps only what it needs of
 * each row, so a 100,000-row export is never held as a grid of strings.
 *
 * Row numbers are the ones the user sees: the header row is row 1 of a file (or the
 * sheet's own row for a range, from `origin`), blank lines count as rows, as a
 * spreadsheet shows the file; a record with a quoted line break is one row.
 */
import Papa from 'papaparse';
import { indexToCol } from '../../base/a1';
import { CalibrationError } from './errors';
import type { TableCell } from './dates';

/** A table already read (from .xlsx or a selection): rows of cell values, the header row first. */
export interface TableInput {
  rows: readonly (readonly TableCell[])[];
  /**
   * Where the first of `rows` sits on its sheet (a selection's top-left cell), so messages
   * name the sheet's own row and column letter: `row` 1-based (default 1), `column`
   * 0-based (default 0, column A). Blank rows above the header are skipped.
   */
  origin?: { row?: number; column?: number };
}

/** CSV text (a byte-order mark is fine), or a table already read. */
export type CalibrationSource = string | TableInput;

export interface HeaderRow {
  /** Header texts, trimmed ("" for a blank header cell). */
  names: string[];
  /** The header's row number as the user sees it. */
  row: number;
  /** 0-based column of the first header cell (for column letters). */
  firstColumn: number;
}

/** Receives each non-blank record after the header, with its row number. */
export type RowVisitor = (cells: readonly TableCell[], row: number) => void;

/** Told now and then how far a read has come: the share of the source read, 0 to 1. */
export type ProgressListener = (fraction: number) => void;

/** Rows between two progress reports. */
const PROGRESS_EVERY = 10_000;

/** "column H (Became a Lead Date)". */
export function columnLabel(header: HeaderRow, index: number): string {
  const name = header.names[index];
  const letter = indexToCol(header.firstColumn + index);
  return name ? `column ${letter} (${name})` : `column ${letter}`;
}

export function isBlankTableCell(v: TableCell): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function isBlankRow(cells: readonly TableCell[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankTableCell(cells[i])) return false;
  return true;
}

function headerNames(cells: readonly TableCell[]): string[] {
  return cells.map((c) =>
    c === null || c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c).trim(),
  );
}

function checkHeader(names: string[], row: number): void {
  if (names.filter((n) => n !== '').length < 2)
    throw new CalibrationError(
      'not-a-table',
      `Not a table: the header row (row ${row}) has fewer than two columns. Export the CRM report as CSV (comma, semicolon or tab separated) with a header row.`,
    );
}

/** The separator of the first line: the most frequent of comma, semicolon and tab outside quotes. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (counts[','] + counts[';'] + counts['\t'] > 0) break;
    } else if (!quoted && ch in counts) counts[ch]++;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d] > counts[best]) best = d;
  return best;
}

/**
 * Reads the header row, asks `onHeader` for the visitor of the records, then calls it
 * for every non-blank record. Throws CalibrationError for an empty source, something
 * that is not a table, or a header with no record under it. Returns the records visited.
 */
export function readTable(
  source: CalibrationSource,
  onHeader: (header: HeaderRow) => RowVisitor,
  onProgress?: ProgressListener,
): number {
  return typeof source === 'string' ? readCsv(source, onHeader, onProgress) : readRows(source, onHeader, onProgress);
}

function noRecords(row: number): CalibrationError {
  return new CalibrationError('empty', `The file has a header row (row ${row}) but no records under it.`);
}

function readRows(
  table: TableInput,
  onHeader: (header: HeaderRow) => RowVisitor,
  onProgress?: ProgressListener,
): number {
  const rows = (table as { rows?: unknown }).rows;
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r)))
    throw new CalibrationError('not-a-table', 'Not a table: expected rows of cells, the header row first.');
  const top = table.origin?.row ?? 1;
  const firstColumn = table.origin?.column ?? 0;
  let h = 0;
  while (h < rows.length && isBlankRow(rows[h])) h++;
  if (h >= rows.length)
    throw new CalibrationError('empty', 'The table is empty: there is no header row and no record.');
  const header: HeaderRow = { names: headerNames(rows[h]), row: top + h, firstColumn };
  checkHeader(header.names, header.row);
  const visit = onHeader(header);
  let n = 0;
  for (let r = h + 1; r < rows.length; r++) {
    if (isBlankRow(rows[r])) continue;
    visit(rows[r], top + r);
    n++;
    if (onProgress && n % PROGRESS_EVERY === 0) onProgress(r / rows.length);
  }
  if (!n) throw noRecords(header.row);
  return n;
}

function readCsv(input: string, onHeader: (header: HeaderRow) => RowVisitor, onProgress?: ProgressListener): number {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') throw new CalibrationError('empty', 'The file is empty.');
  if (text.startsWith('PK\u0003\u0004'))
    throw new CalibrationError(
      'not-a-table',
      'Not a table: this is a zipped file (an .xlsx workbook?), not CSV text. Open it as a workbook, or export CSV.',
    );
  if (text.slice(0, 4096).includes('\u0000'))
    throw new CalibrationError(
      'not-a-table',
      'Not a table: the file is binary, not CSV text. Export the report as CSV.',
    );

  let row = 0; // the row number of the record being read
  let header: HeaderRow | undefined;
  let visit: RowVisitor | undefined;
  let n = 0;
  let failure: unknown;
  Papa.parse<string[]>(text, {
    delimiter: detectDelimiter(text),
    skipEmptyLines: false,
    step: (results, parser) => {
      row++;
      try {
        const quote = results.errors.find((e) => e.type === 'Quotes');
        if (quote)
          throw new CalibrationError(
            'not-a-table',
            `Not a table: row ${row} has a quoted field that is not closed properly (a stray " in a cell?).`,
            row,
          );
        const cells = results.data;
        if (isBlankRow(cells)) return;
        if (!header) {
          header = { names: headerNames(cells), row, firstColumn: 0 };
          checkHeader(header.names, row);
          visit = onHeader(header);
          return;
        }
        visit!(cells, row);
        n++;
        if (onProgress && n % PROGRESS_EVERY === 0) onProgress(results.meta.cursor / text.length);
      } catch (e) {
        failure = e;
        parser.abort();
      }
    },
  });
  if (failure) throw failure;
  if (!header) throw new CalibrationError('empty', 'The file is empty.');
  if (!n) throw noRecords(header.row);
  return n;
}
