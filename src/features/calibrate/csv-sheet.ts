/**
 * A CSV file as a spreadsheet opens it: the workbench's "Open .csv" puts a CRM export on a
 * sheet named after the file, and what Excel (US) would turn into numbers, dates and
 * TRUE/FALSE becomes that, so ROI.STAGERATES sees dates, not text. Dates are read by the
 * calibration's own date reader (dates.ts), so a date on the sheet is exactly the serial
 * `roi calibrate` computes from the same text, and the Calibrate view's report on the
 * sheet equals the CLI's on the file.
 *
 * Cells: blank stays blank; plain decimal numbers (`32600.00`, `-5`, `1e3`) are numbers;
 * `25%` is 0.25; TRUE/FALSE are booleans; dates as exports write them (ISO with or
 * without a time, US month-first, month names) are serials with a date format; anything
 * else is text, as written. Amounts with a currency sign or thousands separators stay text
 * (Excel's reading of them depends on the locale).
 */
import Papa from 'papaparse';
import { parseDateCell } from './dates';
import { CalibrationError } from './errors';
import { detectDelimiter } from './table';

export type SheetCell = string | number | boolean | null;

export interface CsvSheet {
  /** Rows of cells, as the file has them (every row as long as the longest). */
  rows: SheetCell[][];
  /** Number formats for date and percent cells: row, column (0-based) and format. */
  formats: Array<{ row: number; col: number; format: string }>;
}

export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const PERCENT = /^([-+]?(?:\d+\.?\d*|\.\d+))\s*%$/;
/** Date text (not a bare number, which stays a number): has a separator or a month name. */
const DATE_LIKE = /^\d{1,4}[-/]\d{1,2}[-/]\d{1,4}|^\d{1,2}[ -][A-Za-z]{3}|^[A-Za-z]{3,9}\.? +\d{1,2}/;

/** One cell's text as a spreadsheet reads it, with the number format it gets (if any). */
export function readCsvCell(text: string): { value: SheetCell; format?: string } {
  const t = text.trim();
  if (t === '') return { value: null };
  if (NUMBER.test(t)) {
    const n = Number(t);
    if (Number.isFinite(n)) return { value: n };
  }
  const p = PERCENT.exec(t);
  if (p) return { value: Number(p[1]) / 100, format: '0%' };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true' };
  if (DATE_LIKE.test(t)) {
    const d = parseDateCell(t);
    if (typeof d === 'number')
      return { value: d, format: d % 1 === 0 && !/\d:\d/.test(t) ? DATE_FORMAT : DATE_TIME_FORMAT };
  }
  return { value: text };
}

/**
 * A CSV file's bytes as text: UTF-8 (a byte-order mark is dropped by the readers), else
 * Windows-1252, the encoding of Excel's "CSV" on Windows (accented source names survive).
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The most cells "Open .csv" takes (a sheet beyond it would be slow to draw and to calculate). */
export const MAX_CSV_CELLS = 5_000_000;

/** Parses CSV text (a byte-order mark, CRLF, quotes, comma/semicolon/tab) into sheet cells. Throws CalibrationError. */
export function csvToSheet(input: string, maxCells = MAX_CSV_CELLS): CsvSheet {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') throw new CalibrationError('empty', 'The file is empty.');
  if (text.slice(0, 4096).includes('\u0000'))
    throw new CalibrationError('not-a-table', 'Not a table: the file is binary, not CSV text.');
  const rows: SheetCell[][] = [];
  const formats: CsvSheet['formats'] = [];
  let cells = 0;
  let failure: CalibrationError | undefined;
  Papa.parse<string[]>(text, {
    delimiter: detectDelimiter(text),
    skipEmptyLines: false,
    step: (results, parser) => {
      const row = rows.length;
      if (results.errors.some((e) => e.type === 'Quotes')) {
        failure = new CalibrationError(
          'not-a-table',
          `Not a table: row ${row + 1} has a quoted field that is not closed properly (a stray " in a cell?).`,
          row + 1,
        );
        parser.abort();
        return;
      }
      const out: SheetCell[] = results.data.map((s, col) => {
        const c = readCsvCell(s);
        if (c.format) formats.push({ row, col, format: c.format });
        return c.value;
      });
      cells += out.length;
      if (cells > maxCells) {
        failure = new CalibrationError(
          'not-a-table',
          `The file has more than ${maxCells.toLocaleString('en-US')} cells; the workbench opens at most that many.`,
        );
        parser.abort();
        return;
      }
      rows.push(out);
    },
  });
  if (failure) throw failure;
  // A final line break gives one empty row at the end: not a row of the file.
  while (rows.length && rows[rows.length - 1].every((c) => c === null)) rows.pop();
  const width = Math.max(0, ...rows.map((r) => r.length));
  for (const r of rows) while (r.length < width) r.push(null);
  return { rows, formats };
}

/** A sheet name for a file, as Excel names the sheet of a CSV it opens: the file's name without its extension, at most 31 characters, without []:*?/\. */
export function sheetNameForFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const clean = base
    .replace(/[[\]:*?/\\]/g, '_')
    .replace(/^'+|'+$/g, '')
    .trim();
  return (clean || 'Sheet1').slice(0, 31);
}
