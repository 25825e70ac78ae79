/**
 * From a CRM export to the numbers calibration needs, in one pass over its rows: a
 * contacts export becomes one row of stage dates per record (Excel serials, NaN blank,
 * as ROI.STAGERATES takes them) with each record's group; an opportunities report
 * becomes its created and close dates, amounts and won/closed flags. Only those columns
 * are kept from each row. Bad cells stop the read with a CalibrationError naming the row
 * and column.
 *
 * Groups (decided here, shown by the report and the view): the group column's values,
 * trimmed, compared exactly (case counts); a blank value is the group "(no source)".
 * Groups are ordered by their number of records, most first, ties by name; "(no source)"
 * always comes last, whatever its size. The report puts "All" before them. Without a group
 * column there are no groups: the report is "All" alone.
 */
import { CalibrationError } from './errors';
import { parseDateCell, type TableCell } from './dates';
import {
  groupColumn,
  lifecycleColumns,
  namedStageColumns,
  opportunityColumns,
  type ColumnRef,
  type OpportunityColumns,
  type StageColumn,
} from './columns';
import { mappingProblems, stageNameOf, type ColumnMapping } from './mapping';
import {
  columnLabel,
  isBlankTableCell,
  readTable,
  type CalibrationSource,
  type HeaderRow,
  type ProgressListener,
} from './table';

/** The name of the group every record is in (the report's first group). */
export const ALL_GROUP = 'All';
/** The group of records whose group column is blank. */
export const NO_SOURCE = '(no source)';

export interface ReadOptions {
  /** Stage date columns by header, top of the funnel first; default: HubSpot's lifecycle dates found by name. */
  stages?: readonly string[];
  /** The column to group by; default the first of Original Source, Original Traffic Source, Lead Source, Source; null for no groups. */
  by?: string | null;
  /** What the export is; default: contacts when stage columns are found (or named), else opportunities when its columns are. */
  kind?: 'contacts' | 'opportunities';
  /** Told every 10,000 records how far the read has come (the share of the source read). */
  onProgress?: ProgressListener;
  /**
   * The columns as the Calibrate view's mapping has them (indexes into the header row):
   * used as given instead of `stages`, `by` and `kind`; a mapping with problems
   * (mappingProblems) is a CalibrationError naming the first.
   */
  columns?: ColumnMapping;
}

/** One group's records: indexes into the data's per-record arrays, in file order. */
export interface Group {
  name: string;
  records: number[];
}

export interface ContactsData {
  kind: 'contacts';
  /** The stages in funnel order with their columns. */
  stages: StageColumn[];
  /** The column grouped by, if any. */
  group?: ColumnRef;
  /** One row per record, one column per stage: Excel serial dates, NaN for blank. */
  dates: number[][];
  /** The groups in report order ("All" is not among them: it is every record). */
  groups: Group[];
  /** The latest date in the stage columns (the default as-of), undefined when there is none. */
  latest: number | undefined;
}

export interface OpportunityData {
  kind: 'opportunities';
  columns: OpportunityColumns;
  group?: ColumnRef;
  /** Per opportunity: created and close dates (serials, NaN blank), amount (NaN blank), won and closed. */
  created: number[];
  close: number[];
  amount: number[];
  won: boolean[];
  closed: boolean[];
  groups: Group[];
  /** The latest created or close date, undefined when there is none. */
  latest: number | undefined;
}

export type CalibrationData = ContactsData | OpportunityData;

/** Collects group membership in first-seen order, then orders the groups (see the file's comment). */
class Grouper {
  private readonly byName = new Map<string, number[]>();
  add(cell: TableCell, record: number): void {
    const name = isBlankTableCell(cell) ? NO_SOURCE : String(cell).trim();
    let list = this.byName.get(name);
    if (!list) this.byName.set(name, (list = []));
    list.push(record);
  }
  groups(): Group[] {
    const out = [...this.byName].map(([name, records]) => ({ name, records }));
    out.sort((a, b) => {
      if ((a.name === NO_SOURCE) !== (b.name === NO_SOURCE)) return a.name === NO_SOURCE ? 1 : -1;
      if (a.records.length !== b.records.length) return b.records.length - a.records.length;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    return out;
  }
}

function showCell(v: TableCell): string {
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function badDate(header: HeaderRow, col: number, row: number, v: TableCell): CalibrationError {
  return new CalibrationError(
    'bad-date',
    `Row ${row}, ${columnLabel(header, col)}: "${showCell(v)}" is not a date (expected 2025-03-04, 2025-03-04 10:15, 3/4/2025 or an Excel date number).`,
    row,
    header.names[col],
  );
}

function dateAt(header: HeaderRow, cells: readonly TableCell[], col: number, row: number): number {
  const v = cells[col];
  const d = parseDateCell(v);
  if (d === undefined) throw badDate(header, col, row, v);
  return d === null ? NaN : d;
}

/** Reads a contacts export (or opportunities report) into the numbers calibration needs. */
export function readCalibrationData(source: CalibrationSource, options: ReadOptions = {}): CalibrationData {
  let reader: Reader | undefined;
  readTable(
    source,
    (header) => {
      reader = readerFor(header, options);
      return reader.visit;
    },
    options.onProgress,
  );
  return reader!.finish();
}

/** Takes the records one by one, then hands over the data with its groups ordered. */
interface Reader {
  visit: (cells: readonly TableCell[], row: number) => void;
  finish: () => CalibrationData;
}

function noColumns(header: HeaderRow): CalibrationError {
  const found = lifecycleColumns(header);
  const what =
    found.length === 1
      ? `only one lifecycle date column ("${found[0].header}"); calibration needs at least two stages`
      : 'no date columns to calibrate from';
  return new CalibrationError(
    'no-date-columns',
    `Found ${what}: expected HubSpot's "Became a Lead Date", "Became a Marketing Qualified Lead Date", ... columns, an opportunities report (Created Date, Close Date, Stage or Won), or name the stage columns.`,
  );
}

/** A column of the header by its index. */
function columnAt(header: HeaderRow, index: number): ColumnRef {
  return { index, header: header.names[index] ?? '' };
}

/** The reader for a mapping the user chose (the Calibrate view). */
function mappedReader(header: HeaderRow, mapping: ColumnMapping): Reader {
  const problems = mappingProblems(mapping, header);
  if (problems.length) throw new CalibrationError('no-date-columns', problems[0]);
  const group = mapping.group === undefined ? undefined : columnAt(header, mapping.group);
  if (mapping.kind === 'contacts') {
    const stages = mapping.stages.map((i) => ({ ...columnAt(header, i), name: stageNameOf(header.names[i] ?? '') }));
    return contactsReader(header, stages, group);
  }
  const o = mapping.opportunity;
  const columns: OpportunityColumns = { created: columnAt(header, o.created!), close: columnAt(header, o.close!) };
  for (const k of ['stage', 'amount', 'won', 'closed'] as const)
    if (o[k] !== undefined) columns[k] = columnAt(header, o[k]);
  return opportunityReader(header, columns, group);
}

function readerFor(header: HeaderRow, options: ReadOptions): Reader {
  if (options.columns) return mappedReader(header, options.columns);
  const kind = options.kind ?? (options.stages?.length ? 'contacts' : undefined);
  if (kind !== 'opportunities') {
    const stages = options.stages?.length ? namedStageColumns(header, options.stages) : lifecycleColumns(header);
    if (stages.length >= 2) return contactsReader(header, stages, groupColumn(header, options.by));
    if (kind === 'contacts') throw noColumns(header);
  }
  const opp = opportunityColumns(header);
  if (!opp) throw noColumns(header);
  return opportunityReader(header, opp, groupColumn(header, options.by));
}

function contactsReader(header: HeaderRow, stages: StageColumn[], group: ColumnRef | undefined): Reader {
  const data: ContactsData = {
    kind: 'contacts',
    stages,
    ...(group ? { group } : {}),
    dates: [],
    groups: [],
    latest: undefined,
  };
  const grouper = new Grouper();
  const cols = stages.map((s) => s.index);
  const m = cols.length;
  let latest = -Infinity;
  const visit = (cells: readonly TableCell[], row: number) => {
    const dates = new Array<number>(m);
    for (let i = 0; i < m; i++) {
      const d = dateAt(header, cells, cols[i], row);
      dates[i] = d;
      if (d > latest) latest = d;
    }
    if (group) grouper.add(cells[group.index], data.dates.length);
    data.dates.push(dates);
  };
  const finish = () => {
    data.groups = grouper.groups();
    data.latest = latest === -Infinity ? undefined : latest;
    return data;
  };
  return { visit, finish };
}

/** Won and Closed cells: yes/no words, 1/0, TRUE/FALSE; null for blank, undefined for anything else. */
export function parseYesNo(v: TableCell): boolean | null | undefined {
  if (isBlankTableCell(v)) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (v instanceof Date) return undefined;
  const s = String(v).trim().toLowerCase();
  if (['1', 'true', 'yes', 'y', 'won'].includes(s)) return true;
  if (['0', 'false', 'no', 'n'].includes(s)) return false;
  return undefined;
}

/**
 * An Amount cell: a number, or text such as 32600.00, 32,600, $32,600.00, USD 32,600 or
 * (1,200.00) for a negative; null for blank, undefined for anything else (a decimal
 * comma, 32.600,00, is refused rather than misread).
 */
export function parseAmount(v: TableCell): number | null | undefined {
  if (isBlankTableCell(v)) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  let s = v.trim();
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  s = s
    .replace(/^[A-Za-z]{3}\s*|\s*[A-Za-z]{3}$/g, '') // USD 32,600 or 32,600 EUR
    .replace(/[$€£¥]/g, '')
    .trim()
    .replace(/^-\s+/, '-');
  if (!/^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(s)) return undefined;
  const n = Number(s.replace(/,/g, ''));
  if (!Number.isFinite(n)) return undefined;
  return negative ? -n : n;
}

const CLOSED_WON = /^(?:closed[\s_-]*won|won)$/i;
const CLOSED_LOST = /^(?:closed[\s_-]*lost|lost)$/i;

function opportunityReader(header: HeaderRow, columns: OpportunityColumns, group: ColumnRef | undefined): Reader {
  const data: OpportunityData = {
    kind: 'opportunities',
    columns,
    ...(group ? { group } : {}),
    created: [],
    close: [],
    amount: [],
    won: [],
    closed: [],
    groups: [],
    latest: undefined,
  };
  const grouper = new Grouper();
  let latest = -Infinity;
  const flag = (cells: readonly TableCell[], col: ColumnRef | undefined, row: number): boolean | null => {
    if (!col) return null;
    const f = parseYesNo(cells[col.index]);
    if (f === undefined)
      throw new CalibrationError(
        'bad-value',
        `Row ${row}, ${columnLabel(header, col.index)}: "${showCell(cells[col.index])}" is not yes or no (expected 1/0, TRUE/FALSE or Yes/No).`,
        row,
        col.header,
      );
    return f;
  };
  const visit = (cells: readonly TableCell[], row: number) => {
    const created = dateAt(header, cells, columns.created.index, row);
    const close = dateAt(header, cells, columns.close.index, row);
    if (created > latest) latest = created;
    if (close > latest) latest = close;
    let amount = NaN;
    if (columns.amount) {
      const a = parseAmount(cells[columns.amount.index]);
      if (a === undefined)
        throw new CalibrationError(
          'bad-value',
          `Row ${row}, ${columnLabel(header, columns.amount.index)}: "${showCell(cells[columns.amount.index])}" is not an amount (expected a number such as 32600.00 or $32,600).`,
          row,
          columns.amount.header,
        );
      if (a !== null) amount = a;
    }
    const stage = columns.stage ? String(cells[columns.stage.index] ?? '').trim() : '';
    const wonFlag = flag(cells, columns.won, row);
    const closedFlag = flag(cells, columns.closed, row);
    const won = wonFlag ?? CLOSED_WON.test(stage);
    // Won implies closed, whatever a Closed column says.
    const closed = won || (closedFlag ?? (CLOSED_WON.test(stage) || CLOSED_LOST.test(stage)));
    if (group) grouper.add(cells[group.index], data.created.length);
    data.created.push(created);
    data.close.push(close);
    data.amount.push(amount);
    data.won.push(won);
    data.closed.push(closed);
  };
  const finish = () => {
    data.groups = grouper.groups();
    data.latest = latest === -Infinity ? undefined : latest;
    return data;
  };
  return { visit, finish };
}
