/**
 * "Write calibration sheet": the calibration as live formulas on a new sheet, so the
 * numbers follow the data when it is refreshed in place. For a contacts export, per source
 * (and "All" first): its records, then ROI.STAGERATES (counted, converted, rate, lower
 * bound) and ROI.STAGELAGS (median days) over that source's rows of the stage date
 * columns. For an opportunities report, per source: opportunities, closed, won, the win
 * rate with ROI.LEADQUALITY's Wilson bound (the report's own bound), won deal values and
 * the sales cycle, as masked aggregates. The As of and Confidence cells are inputs.
 *
 * A source's rows, by host:
 * - FILTER where the host's FILTER takes a table of several columns (Excel with dynamic
 *   arrays; the port says so, WorkbookPort.hasTableFilter):
 *   `ROI.STAGERATES(FILTER(IF(D="","",D),EXACT(TRIM(S),"Organic Search")),$B$5,$B$4)`;
 * - otherwise the same rows by a mask, the other sources' rows blank:
 *   `ROI.STAGERATES(IF(EXACT(TRIM(S),"Organic Search"),IF(D="","",D),""),$B$5,$B$4)`.
 *   HyperFormula 3.5 (the workbench's engine) has FILTER for one column or row only (a
 *   table gives #N/A), so the workbench takes this form. STAGERATES never counts a row with
 *   no date, so both give the same numbers, and the mask works wherever dynamic arrays do.
 * `IF(D="","",D)` keeps blank cells blank: Excel's array functions turn a blank into 0, and
 * 0 is a date (1900-01-00) to STAGERATES. EXACT(TRIM()) compares as the reader groups
 * (trimmed, case kept); Excel's TRIM also folds runs of inner spaces, which the reader
 * does not (names that differ only so are one source on the sheet).
 *
 * The formulas equal the report the pane shows: each source's STAGERATES takes the same
 * as-of (the As of cell: =MAX of the stage dates, or the date chosen), lags are taken over
 * the dates on or before it (as the report's), the Wilson bound of the win rate is
 * LEADQUALITY's. The sources are the ones in the data when the sheet is written (the
 * first MAX_SHEET_GROUPS by size; a note says how many more there are); ranges are the
 * table's rows as selected, so rows appended below it later are not counted until the
 * sheet is written again.
 *
 * One batch on a new sheet (a unique name: "Calibration", "Calibration (2)", ...): nothing
 * outside it is written, and nothing at all when the data or the options cannot be read.
 */
import { absBoxA1, boxA1, cellA1, indexToCol, qualified, type Box } from '../../base/a1';
import type { CellStyle, CellWrite, WriteBatch } from '../../base/batch';
import type { WorkbookPort } from '../../workbook/port';
import { ALL_GROUP, NO_SOURCE, readCalibrationData, type CalibrationData, type ContactsData } from './read';
import { contactsReport, opportunityReport, checkConfidence } from './report';
import { parseDateCell } from './dates';
import { CalibrationError } from './errors';
import type { ColumnMapping } from './mapping';
import { tableAddress, type CalibrationTable } from './selection';

export const CALIBRATION_SHEET = 'Calibration';
/** The most sources the sheet lays out (largest first); the rest are named in a note. */
export const MAX_SHEET_GROUPS = 40;
/** Tables wider than this count a record by its mapped columns only (a formula stays well under Excel's 8,192 characters). */
const MAX_RECORD_COLUMNS = 40;
/** Column A's width: room for its longest label, "Confidence of the lower bound". */
const LABEL_WIDTH = 30;
/** Column B's width: room for the As of date and time ("2025-12-31 00:00"). */
const DATE_WIDTH = 17;

const FORMAT = {
  count: '#,##0',
  percent: '0.0%',
  percent0: '0%',
  days: '0.0',
  money: '#,##0',
  date: 'yyyy-mm-dd hh:mm',
};
const STYLE = {
  title: { bold: true } as CellStyle,
  note: { italic: true, fontColor: '#595959' } as CellStyle,
  header: { bold: true, fill: '#DDEBF7', fontColor: '#1F3864' } as CellStyle,
  label: { bold: true, fontColor: '#404040' } as CellStyle,
  input: { fontColor: '#0000FF', fill: '#FFF2CC' } as CellStyle,
  group: { bold: true } as CellStyle,
};

export interface CalibrationSheetOptions {
  /** Confidence of the lower bounds, strictly between 0 and 1. */
  confidence: number;
  /** A fixed as-of date (an Excel serial or date text); default: live, the latest date in the data. */
  asOf?: number | string;
  /** Whether the host's FILTER takes a table (see the file's comment). */
  tableFilter: boolean;
}

export interface CalibrationSheetPlan {
  batch: WriteBatch;
  sheet: string;
  /** The As of and Confidence input cells. */
  inputs: { asOf: string; confidence: string };
  /** Per source laid out ("All" first): its name and the row (0-based) of its first line. */
  groups: Array<{ name: string; row: number }>;
  /** Sources left off (beyond MAX_SHEET_GROUPS). */
  omitted: number;
  /** The results block, header row included (selected after the write). */
  results: Box;
}

/** A text literal for a formula. */
const lit = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The ranges of the data as the new sheet's formulas name them. */
function dataRanges(table: CalibrationTable) {
  const top = table.box.top + 1;
  const bottom = table.box.bottom;
  const col = (i: number) =>
    qualified(table.sheet, absBoxA1({ top, left: table.box.left + i, bottom, right: table.box.left + i }));
  /** Adjacent columns in order as one range, else undefined. */
  const block = (cols: readonly number[]) =>
    cols.every((c, k) => k === 0 || c === cols[k - 1] + 1)
      ? qualified(
          table.sheet,
          absBoxA1({ top, left: table.box.left + cols[0], bottom, right: table.box.left + cols[cols.length - 1] }),
        )
      : undefined;
  return { col, block };
}

/** `(LEN(A&B&...)>0)`: the rows that hold anything (a record), over the given columns. */
function filledRows(cols: string[]): string {
  return `(LEN(${cols.join('&')})>0)`;
}

interface Layout {
  cells: CellWrite[];
  sheet: string;
}

function put(l: Layout, row: number, col: number, w: Omit<CellWrite, 'sheet' | 'address'>): string {
  const address = cellA1(row, col);
  l.cells.push({ sheet: l.sheet, address, ...w });
  return address;
}

function fmt(l: Layout, top: number, left: number, bottom: number, right: number, numberFormat: string): void {
  l.cells.push({ sheet: l.sheet, address: boxA1({ top, left, bottom, right }), numberFormat });
}

const abs = (a: string) => a.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2');

/**
 * The calibration sheet's batch for data already read from `table` (see the file's
 * comment). Pure: the caller has checked the options (writeCalibrationSheet does).
 */
export function planCalibrationSheet(
  table: CalibrationTable,
  data: CalibrationData,
  options: CalibrationSheetOptions,
  sheet = CALIBRATION_SHEET,
): CalibrationSheetPlan {
  const l: Layout = { cells: [], sheet };
  const ranges = dataRanges(table);
  const groups = data.groups.slice(0, MAX_SHEET_GROUPS);
  const omitted = data.groups.length - groups.length;
  const source = data.group ? ranges.col(data.group.index) : undefined;

  put(l, 0, 0, { value: `Calibration from ${tableAddress(table)}`, style: STYLE.title });
  put(l, 1, 0, {
    value:
      data.kind === 'contacts'
        ? "Live formulas on the data. ROI.STAGERATES counts a record at a stage once it is older than the 90th percentile of that stage's lags, so recent records do not drag a rate down; ROI.STAGELAGS gives the median days between stages."
        : 'Live formulas on the data: the win rate of opportunities closed by the As of date (open ones wait), its lower bound (ROI.LEADQUALITY), won deal values and the days from created to close of won deals.',
    style: STYLE.note,
  });

  // Inputs.
  const stageCols = data.kind === 'contacts' ? data.stages.map((s) => s.index) : [];
  const dateCols = data.kind === 'contacts' ? stageCols : [data.columns.created.index, data.columns.close.index];
  const latest = `=MAX(${dateCols.map(ranges.col).join(',')})`;
  const fixed = options.asOf === undefined || options.asOf === '' ? undefined : parseDateCell(options.asOf);
  put(l, 3, 0, { value: 'As of', style: STYLE.label });
  const asOfCell = put(l, 3, 1, {
    ...(typeof fixed === 'number' ? { value: fixed } : { formula: latest }),
    numberFormat: FORMAT.date,
    style: STYLE.input,
    note:
      typeof fixed === 'number'
        ? 'Measured as of this moment: dates after it count as not yet reached. Type another date to replay another day; =MAX of the date columns follows the data.'
        : 'The latest date in the data (its time of day counts). Type a date to replay an earlier day.',
  });
  put(l, 4, 0, { value: 'Confidence of the lower bound', style: STYLE.label });
  const confCell = put(l, 4, 1, {
    value: options.confidence,
    numberFormat: FORMAT.percent0,
    style: STYLE.input,
    note: 'The lower bounds hold with this probability (one-sided Wilson bound); a small sample gets a low bound.',
  });
  const A = abs(asOfCell);
  const C = abs(confCell);

  // Who is in a source: the mask of its rows (undefined for "All").
  const member = (name: string | undefined) =>
    name === undefined || !source
      ? undefined
      : name === NO_SOURCE
        ? `(TRIM(${source})="")`
        : `EXACT(TRIM(${source}),${lit(name)})`;
  const everyCol = table.headers.length <= MAX_RECORD_COLUMNS ? table.headers.map((_, i) => i) : undefined;
  const recordCols = (everyCol ?? [...new Set([...dateCols, ...(data.group ? [data.group.index] : [])])]).map(
    ranges.col,
  );

  const head = 6;
  const named = [undefined, ...groups.map((g) => g.name)] as Array<string | undefined>;
  const laid: CalibrationSheetPlan['groups'] = [];
  let bottom: number;
  let right: number;
  const widths: number[] = [];

  if (data.kind === 'contacts') {
    const cd = data as ContactsData;
    const headers = [
      'Source',
      'Records',
      'From',
      'To',
      'Counted',
      'Converted',
      'Rate',
      'Lower bound',
      'Median lag (days)',
    ];
    headers.forEach((h, c) => put(l, head, c, { value: h, style: STYLE.header }));
    const m = cd.stages.length;
    const block = ranges.block(stageCols);
    const clean = (c: string) => `IF(${c}="","",${c})`;
    /** The dates with blanks kept blank, as one table. */
    const D = block ? clean(block) : `HSTACK(${stageCols.map((i) => clean(ranges.col(i))).join(',')})`;
    /** The dates on or before As of (the lags' dates). */
    const Dlag = block
      ? `IF((${block}="")+(${block}>${A}),"",${block})`
      : `HSTACK(${stageCols.map((i) => `IF((${ranges.col(i)}="")+(${ranges.col(i)}>${A}),"",${ranges.col(i)})`).join(',')})`;
    const rowsOf = (dates: string, mask: string | undefined) =>
      mask === undefined ? dates : options.tableFilter ? `FILTER(${dates},${mask})` : `IF(${mask},${dates},"")`;
    let r = head + 1;
    for (const name of named) {
      const mask = member(name);
      laid.push({ name: name ?? ALL_GROUP, row: r });
      put(l, r, 0, { value: name ?? ALL_GROUP, style: STYLE.group });
      const records =
        mask === undefined
          ? `=SUMPRODUCT(--${filledRows(recordCols)})`
          : name === NO_SOURCE
            ? `=SUMPRODUCT(${mask}*${filledRows(recordCols)})`
            : `=SUMPRODUCT(--${mask})`;
      put(l, r, 1, { formula: records, numberFormat: FORMAT.count });
      for (let i = 0; i < m - 1; i++) {
        put(l, r + i, 2, { value: cd.stages[i].name });
        put(l, r + i, 3, { value: cd.stages[i + 1].name });
      }
      // "All" reads the range itself (blank cells arrive blank); a source, its rows.
      const rateDates = mask === undefined && block ? block : rowsOf(D, mask);
      put(l, r, 4, { formula: `=ROI.STAGERATES(${rateDates},${C},${A})` });
      put(l, r, 8, { formula: `=ROI.STAGELAGS(${rowsOf(Dlag, mask)})` });
      fmt(l, r, 4, r + m - 2, 5, FORMAT.count);
      fmt(l, r, 6, r + m - 2, 7, FORMAT.percent);
      fmt(l, r, 8, r + m - 2, 8, FORMAT.days);
      r += m - 1;
    }
    bottom = r - 1;
    right = headers.length - 1;
    const nameWidth = Math.max(8, ...named.map((n) => (n ?? ALL_GROUP).length));
    const stageWidth = Math.max(6, ...cd.stages.map((s) => s.name.length));
    widths.push(
      // Column A also holds "Confidence of the lower bound", B the As of date and time.
      Math.max(LABEL_WIDTH, Math.min(30, nameWidth + 2)),
      DATE_WIDTH,
      Math.min(30, stageWidth + 2),
      Math.min(30, stageWidth + 2),
      9,
      10,
      8,
      12,
      17,
    );
  } else {
    const od = data;
    const headers = [
      'Source',
      'Opportunities',
      'Closed',
      'Won',
      'Win rate',
      'Lower bound',
      'Median won value',
      'Mean won value',
      'Median cycle (days)',
    ];
    headers.forEach((h, c) => put(l, head, c, { value: h, style: STYLE.header }));
    const cr = ranges.col(od.columns.created.index);
    const cl = ranges.col(od.columns.close.index);
    const yes = (x: string) => {
      const k = `LOWER(TRIM(${x}&""))`;
      return `((${k}="1")+(${k}="true")+(${k}="yes")+(${k}="y")+(${k}="won")>0)`;
    };
    const stageKey = (x: string) => `LOWER(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(TRIM(${x}&"")," ",""),"_",""),"-",""))`;
    const st = od.columns.stage ? ranges.col(od.columns.stage.index) : undefined;
    const stageWon = st ? `((${stageKey(st)}="closedwon")+(${stageKey(st)}="won")>0)` : '0';
    const stageLost = st ? `((${stageKey(st)}="closedlost")+(${stageKey(st)}="lost")>0)` : '0';
    const flag = (col: string | undefined, otherwise: string) =>
      col ? `IF(TRIM(${col}&"")="",${otherwise},${yes(col)})` : otherwise;
    const wonCol = od.columns.won ? ranges.col(od.columns.won.index) : undefined;
    const closedCol = od.columns.closed ? ranges.col(od.columns.closed.index) : undefined;
    const won = `(${flag(wonCol, stageWon)})`;
    // Won implies closed, whatever a Closed column says.
    const closed = `((${won}+${flag(closedCol, `(${stageWon}+${stageLost}>0)`)})>0)`;
    const created = `(${cr}<=${A})`;
    const closedBy = `(${cl}<=${A})`;
    const am = od.columns.amount ? ranges.col(od.columns.amount.index) : undefined;
    let r = head + 1;
    for (const name of named) {
      const mask = member(name);
      const m = mask === undefined ? '' : `${mask}*`;
      laid.push({ name: name ?? ALL_GROUP, row: r });
      put(l, r, 0, { value: name ?? ALL_GROUP, style: STYLE.group });
      // Opportunities: created by As of (a blank created date counts, as in the report), records only.
      const base = `${m}${created}*${filledRows(recordCols)}`;
      put(l, r, 1, { formula: `=SUMPRODUCT(${base})`, numberFormat: FORMAT.count });
      const closedCell = put(l, r, 2, {
        formula: `=SUMPRODUCT(${base}*${closedBy}*${closed})`,
        numberFormat: FORMAT.count,
      });
      const wonCell = put(l, r, 3, { formula: `=SUMPRODUCT(${base}*${closedBy}*${won})`, numberFormat: FORMAT.count });
      put(l, r, 4, { formula: `=${wonCell}/${closedCell}`, numberFormat: FORMAT.percent });
      put(l, r, 5, { formula: `=ROI.LEADQUALITY(${closedCell},${wonCell},${C})`, numberFormat: FORMAT.percent });
      const wonRows = `${base}*${closedBy}*${won}`;
      if (am) {
        put(l, r, 6, { formula: `=MEDIAN(IF(${wonRows}*ISNUMBER(${am}),${am},""))`, numberFormat: FORMAT.money });
        put(l, r, 7, { formula: `=AVERAGE(IF(${wonRows}*ISNUMBER(${am}),${am},""))`, numberFormat: FORMAT.money });
      }
      put(l, r, 8, {
        formula: `=MEDIAN(IF(${wonRows}*ISNUMBER(${cr})*ISNUMBER(${cl})*(${cl}>=${cr}),${cl}-${cr},""))`,
        numberFormat: FORMAT.days,
      });
      r++;
    }
    bottom = r - 1;
    right = headers.length - 1;
    const nameWidth = Math.max(8, ...named.map((n) => (n ?? ALL_GROUP).length));
    widths.push(Math.max(LABEL_WIDTH, Math.min(30, nameWidth + 2)), Math.max(14, DATE_WIDTH), 8, 6, 9, 12, 17, 15, 19);
  }
  if (omitted > 0)
    put(l, bottom + 2, 0, {
      value: `${omitted} smaller source${omitted === 1 ? ' is' : 's are'} not laid out here (the first ${MAX_SHEET_GROUPS} by size are); "All" counts every record.`,
      style: STYLE.note,
    });

  const results: Box = { top: head, left: 0, bottom, right };
  const batch: WriteBatch = {
    addSheets: [sheet],
    uniqueSheetNames: true,
    cells: l.cells,
    columnWidths: widths.map((width, i) => ({ sheet, column: indexToCol(i), width })),
  };
  return { batch, sheet, inputs: { asOf: asOfCell, confidence: confCell }, groups: laid, omitted, results };
}

export interface WriteCalibrationOptions {
  mapping: ColumnMapping;
  confidence: number;
  asOf?: number | string;
}

/**
 * Reads the table with the mapping, checks the options by building the report (a
 * CalibrationError, nothing written, for anything it cannot use), then writes the sheet
 * in one batch and selects its results. Resolves to the sheet's name.
 */
export async function writeCalibrationSheet(
  port: WorkbookPort,
  table: CalibrationTable,
  options: WriteCalibrationOptions,
): Promise<{ sheet: string; address: string }> {
  const data = readCalibrationData(table.source, { columns: options.mapping });
  const reportOptions = { confidence: checkConfidence(options.confidence), asOf: options.asOf };
  if (data.kind === 'contacts') contactsReport(data, reportOptions);
  else opportunityReport(data, reportOptions);
  const plan = planCalibrationSheet(table, data, {
    confidence: reportOptions.confidence,
    asOf: options.asOf,
    tableFilter: port.hasTableFilter?.() === true,
  });
  const result = await port.applyBatch({
    ...plan.batch,
    select: { sheet: plan.sheet, address: boxA1(plan.results) },
  });
  const sheet = (result && result.sheets[plan.sheet]) || plan.sheet;
  if (!sheet) throw new CalibrationError('bad-option', 'The calibration sheet was not created.');
  return { sheet, address: boxA1(plan.results) };
}
