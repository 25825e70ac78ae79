/**
 * `roi calibrate FILE [--by COLUMN] [--as-of YYYY-MM-DD] [--confidence 0.9]
 * [--stages "Col A,Col B,..."] [--json]`
 *
 * Measures the funnel from a CRM export instead of guessing it: a HubSpot contacts export
 * (stage rates with their lower bounds and median lags, per lead source) or a Salesforce
 * opportunities report (win rate, deal values, sales cycle). The verb only reads the file
 * and prints: the reading and every number are src/features/calibrate's (the Calibrate view
 * shows the same report), so the text table and --json never disagree with the task pane.
 *
 * FILE is CSV text (comma, semicolon or tab separated; UTF-8, or Windows-1252 when it is
 * not valid UTF-8, as Excel on Windows saves "CSV") or an .xlsx workbook, told apart by
 * their bytes, not their names: a zip is read as a workbook, with the package reader the
 * other verbs use, and its first worksheet's used range is the table.
 *
 * Exit status: 0 done, 2 a bad file or option (one line naming the problem; the row and
 * column of a bad date).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  calibrate,
  calibrationText,
  decodeText,
  isCalibrationError,
  type CalibrateOptions,
  type TableCell,
  type TableInput,
} from '../features/calibrate';
import { isXError } from '../formula/cell-xml';
import { isXlsxError, XlsxError } from '../xlsx/errors';
import { XlsxPackage } from '../xlsx/package';
import { cachedValue, scanSheet } from '../xlsx/sheet';
import { isOleCompoundFile, looksLikeZip } from '../xlsx/zip';
import type { CliIo } from './io';
import { UsageError, verb } from './verb';

export const USAGE = `Usage: npm run --silent roi -- calibrate FILE [--by COLUMN] [--as-of YYYY-MM-DD]
                                       [--confidence 0.9] [--stages "Col A,Col B,..."] [--json]
  Measure the funnel from a CRM export (.csv or .xlsx): per lead source, each stage's
  conversion rate with its lower bound and the median days between stages (a HubSpot
  contacts export), or the win rate, won deal values and sales cycle (an opportunities
  report). Records too recent to have converted yet are not counted against a stage.
  --by COLUMN        group by this column (default: Original Source, Lead Source or Source)
  --as-of DATE       measure as of this day (default: the latest date in the file)
  --confidence C     confidence of the lower bounds, between 0 and 1 (default 0.9)
  --stages "A,B,..." the stage date columns, top of the funnel first (default: HubSpot's
                     "Became a ... Date" columns, found by name)
  --json             print the report as JSON
Exit status: 0 done, 2 bad file or option.
`;

/** Files above this size get a progress line (when stderr is a terminal). */
const PROGRESS_BYTES = 4 * 1024 * 1024;

export const run = verb({
  name: 'calibrate',
  usage: USAGE,
  options: {
    by: { type: 'string' },
    'as-of': { type: 'string' },
    confidence: { type: 'string' },
    stages: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: 1,
  async run({ values, positionals }, io) {
    const file = positionals[0];
    if (file === undefined) throw new UsageError('give the export to read (a .csv or .xlsx file)');
    const options: CalibrateOptions = {};
    if (values.confidence !== undefined) options.confidence = parseConfidence(values.confidence as string);
    if (values['as-of'] !== undefined) {
      const asOf = (values['as-of'] as string).trim();
      if (!asOf) throw new UsageError('--as-of needs a date (YYYY-MM-DD)');
      options.asOf = asOf;
    }
    if (values.by !== undefined) {
      const by = (values.by as string).trim();
      if (!by) throw new UsageError('--by needs a column name');
      options.by = by;
    }
    if (values.stages !== undefined) options.stages = (values.stages as string).split(',');

    try {
      const bytes = readBytes(file);
      const source = exportSource(bytes, path.basename(file));
      const progress = progressLine(io, path.basename(file), bytes.length);
      try {
        const cal = calibrate(source, { ...options, ...(progress ? { onProgress: progress.show } : {}) });
        progress?.done();
        if (values.json === true) io.stdout.write(`${JSON.stringify(cal.report, null, 2)}\n`);
        else io.stdout.write(`${calibrationText(cal, { confidence: options.confidence })}\n`);
        return 0;
      } finally {
        progress?.done();
      }
    } catch (e) {
      if (isCalibrationError(e) && e.kind === 'bad-option') throw new UsageError(e.message);
      if (isCalibrationError(e) || isXlsxError(e)) {
        io.stderr.write(`roi calibrate: ${file}: ${oneLine(e.message)}\n`);
        return 2;
      }
      throw e;
    }
  },
});

function oneLine(s: string): string {
  return s.split('\n')[0].slice(0, 500);
}

/** "0.9", or "90%" (the percent sign says it is a percentage; a bare 90 is refused, never rescaled). */
export function parseConfidence(text: string): number {
  const t = text.trim();
  const m = /^([0-9]*\.?[0-9]+)\s*(%?)$/.exec(t);
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(v > 0 && v < 1))
    throw new UsageError(`--confidence must be between 0 and 1 (for example 0.9, or 90%), not "${text}"`);
  return v;
}

/** The file's bytes, with every failure to read it as an XlsxError (one line). */
function readBytes(file: string): Uint8Array {
  try {
    if (fs.statSync(file).isDirectory()) throw new XlsxError('it is a directory, not a file', 'unreadable');
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    if (isXlsxError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new XlsxError('no such file', 'missing');
    if (code === 'EACCES' || code === 'EPERM') throw new XlsxError('permission denied (cannot read it)', 'unreadable');
    throw new XlsxError(`cannot read it (${code ?? (e as Error).message})`, 'unreadable');
  }
}

/** CSV text, or the first worksheet of a workbook (a zip, or an old .xls the package reader names) as a table. */
export function exportSource(bytes: Uint8Array, label: string): string | TableInput {
  if (looksLikeZip(bytes) || isOleCompoundFile(bytes)) return firstSheetTable(XlsxPackage.open(bytes, label));
  return decodeText(bytes);
}

/**
 * The first worksheet's used range as rows of cell values (cached values: a formula's
 * result, dates as the serial numbers Excel stores), with its origin so messages name the
 * sheet's own rows and column letters. Error values are their text (#N/A), which the reader
 * then names as not a date.
 */
export function firstSheetTable(pkg: XlsxPackage): TableInput {
  const info = pkg.sheets().find((s) => s.isWorksheet && s.partName);
  if (!info || !info.partName || !pkg.has(info.partName))
    throw new XlsxError('the workbook has no worksheet to read', 'invalid');
  const shared = pkg.sharedStrings();
  const scan = scanSheet(pkg.text(info.partName), info.partName);
  let top = Infinity;
  let bottom = -Infinity;
  let left = Infinity;
  let right = -Infinity;
  for (const row of scan.rows)
    for (const c of row.cells) {
      if (cachedValue(c, shared) === null) continue;
      top = Math.min(top, c.row);
      bottom = Math.max(bottom, c.row);
      left = Math.min(left, c.col);
      right = Math.max(right, c.col);
    }
  if (top === Infinity) return { rows: [] };
  const rows: TableCell[][] = [];
  for (let r = top; r <= bottom; r++) rows.push(new Array<TableCell>(right - left + 1).fill(null));
  for (const row of scan.rows)
    for (const c of row.cells) {
      const v = cachedValue(c, shared);
      if (v === null) continue;
      rows[c.row - top][c.col - left] = isXError(v) ? v.error : v;
    }
  // The scanner's rows and columns are the file's (1-based); the origin's column is 0-based.
  return { rows, origin: { row: top, column: left - 1 } };
}

/**
 * "roi calibrate: reading big.csv... 42%" on one line of stderr, rewritten in place, for
 * a file over PROGRESS_BYTES when stderr is a terminal; undefined otherwise (a pipe or a
 * log gets no carriage returns).
 */
function progressLine(io: CliIo, name: string, size: number) {
  if ((io.stderr as NodeJS.WriteStream).isTTY !== true || size < PROGRESS_BYTES) return undefined;
  let shown = false;
  return {
    show(fraction: number) {
      shown = true;
      io.stderr.write(`\rroi calibrate: reading ${name}... ${Math.min(99, Math.floor(fraction * 100))}%`);
    },
    done() {
      if (shown) io.stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}
