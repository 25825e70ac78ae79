/**
 * The lead-source scorecard: from a selected table of sources (a header row, then one row
 * per source: name, leads, qualified opportunities, won, revenue, cost), live formula
 * columns beside it (or on a new sheet when the cells beside are not empty): quality, its
 * lower bound at a confidence, a rank by that bound, cost per lead and per qualified
 * opportunity, CAC, ROMI, revenue per lead, and a "volume without quality" flag; colour
 * scales on the quality columns and a scatter of quality against volume. One batch.
 *
 * Every number the pane shows is computed by the core (callFunction), with the same rule
 * the sheet's formulas apply, so the pane and the sheet agree.
 */
import { RoiError, callFunction, isRoiError, type CellValue, type Result } from '../../core';
import {
  RangeNotEmptyError,
  WorkbookWriteError,
  type CellStyle,
  type CellWrite,
  type WorkbookPort,
  type WriteBatch,
} from '../../workbook/port';
import { absBoxA1, boxA1, cellA1, indexToCol, MAX_SHEET_COLS, qualified, type Box } from '../../base/a1';
import { formatValue } from '../../base/format';
import {
  InputProblem,
  isBlankCell,
  readBox,
  readSelection,
  type CellsRead,
  type ReadSelection,
} from '../reading/selection';

export type SourceField = 'name' | 'leads' | 'qualified' | 'won' | 'revenue' | 'cost';

export interface FieldSpec {
  field: SourceField;
  label: string;
  required: boolean;
  numeric: boolean;
  /** Header texts that mean this field, most specific first (compared without case, punctuation, units or plural s). */
  synonyms: string[];
}

export const SOURCE_FIELDS: readonly FieldSpec[] = [
  {
    field: 'name',
    label: 'Source',
    required: true,
    numeric: false,
    synonyms: [
      'lead source',
      'source',
      'source name',
      'channel',
      'campaign',
      'program',
      'programme',
      'name',
      'origin',
      'medium',
      'utm source',
      'tactic',
      'activity',
      'event',
    ],
  },
  {
    field: 'leads',
    label: 'Leads',
    required: true,
    numeric: true,
    synonyms: [
      'leads',
      'lead count',
      'number of leads',
      'total leads',
      'new leads',
      'raw leads',
      'lead volume',
      'inquiries',
      'enquiries',
      'responses',
      'contacts',
      'volume',
    ],
  },
  {
    field: 'qualified',
    label: 'Qualified opportunities',
    required: true,
    numeric: true,
    synonyms: [
      'qualified opportunities',
      'qualified opportunity',
      'qualified opps',
      'qualified',
      'qualified leads',
      'sales qualified opportunities',
      'sqos',
      'sqls',
      'sales qualified leads',
      'sales accepted leads',
      'sals',
      'accepted leads',
      'accepted',
      'opportunities',
      'opps',
      'pipeline opportunities',
    ],
  },
  {
    field: 'won',
    label: 'Won (customers)',
    required: false,
    numeric: true,
    synonyms: [
      'won',
      'deals won',
      'won deals',
      'customers won',
      'new customers',
      'customers',
      'closed won',
      'closed won deals',
      'wins',
      'deals',
      'new logos',
    ],
  },
  {
    field: 'revenue',
    label: 'Revenue',
    required: false,
    numeric: true,
    synonyms: [
      'revenue',
      'won revenue',
      'revenue won',
      'attributed revenue',
      'closed revenue',
      'new revenue',
      'bookings',
      'sales revenue',
      'new arr',
      'arr',
    ],
  },
  {
    field: 'cost',
    label: 'Cost',
    required: false,
    numeric: true,
    synonyms: [
      'cost',
      'total cost',
      'marketing cost',
      'program cost',
      'programme cost',
      'spend',
      'marketing spend',
      'ad spend',
      'media spend',
      'investment',
      'budget',
    ],
  },
];

export type ColumnMapping = Partial<Record<SourceField, number>>;

/** Words of a header: lower case, units in brackets and punctuation dropped, plural s off. */
function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/^\s*(#|no\.?|nr\.?)\s*(of\s+)?/, '')
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .join(' ');
}

/** Headers that are ratios of a field, not the field ("Cost per lead", "Lead rate"). */
const RATIO_WORDS = /\b(per|rate|ratio|share|avg|average|pct|percent|%|cpl|cac|roi|romi)\b/;

/**
 * Which column holds which field, from the header row. Exact synonyms beat headers that
 * only contain one ("Leads Q1"); each column serves one field; ratio headers ("Cost per
 * lead") never match a count or money field.
 */
export function matchHeaders(headers: readonly CellValue[]): ColumnMapping {
  const keys = headers.map((h) => (typeof h === 'string' ? headerKey(h) : ''));
  const candidates: Array<{ field: SourceField; col: number; score: number }> = [];
  for (const spec of SOURCE_FIELDS) {
    spec.synonyms.forEach((syn, rank) => {
      const s = headerKey(syn);
      keys.forEach((k, col) => {
        if (!k) return;
        if (k === s) candidates.push({ field: spec.field, col, score: 1000 - rank });
        else if (spec.numeric && !RATIO_WORDS.test(k) && ` ${k} `.includes(` ${s} `))
          candidates.push({ field: spec.field, col, score: 500 - rank - k.length / 100 });
        else if (!spec.numeric && ` ${k} `.includes(` ${s} `))
          candidates.push({ field: spec.field, col, score: 400 - rank });
      });
    });
  }
  candidates.sort((a, b) => b.score - a.score);
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const c of candidates) {
    if (mapping[c.field] !== undefined || used.has(c.col)) continue;
    mapping[c.field] = c.col;
    used.add(c.col);
  }
  return mapping;
}

/** One source as read from the table. */
export interface SourceRow {
  /** 0-based position among the data rows. */
  index: number;
  /** The sheet row (1-based, as Excel shows it). */
  row: number;
  name: string;
  leads?: number;
  qualified?: number;
  won?: number;
  revenue?: number;
  cost?: number;
}

/** The selected table: header and data rows. */
export interface SourceTable {
  sheet: string;
  /** The whole selection, header row included. */
  box: Box;
  headers: string[];
  /** Data rows (trailing blank rows dropped). */
  cells: CellValue[][];
  /**
   * The cells right of the table, read with it by readSourceTable: buildScorecard sees
   * whether the scorecard fits beside the table without reading again (the write itself
   * still checks that the area is empty).
   */
  around?: CellsRead;
}

function show(v: CellValue): string {
  if (isRoiError(v)) return v.code;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const s = String(v);
  return s.length > 30 ? `${s.slice(0, 27)}...` : s;
}

/** The selected table, or an InputProblem that says what to select. */
export function tableFromSelection(sel: ReadSelection): SourceTable {
  const { values } = sel;
  if (!values.length || values.flat().every(isBlankCell))
    throw new InputProblem(
      'The selection is empty. Select your lead sources with their header row (Source, Leads, Qualified opportunities, ...).',
    );
  if (!values.flat().some((v) => typeof v === 'number')) {
    throw new InputProblem(
      'The selection has no numbers. Select your lead sources with their header row: a name, then leads, qualified opportunities and, if you have them, won, revenue and cost.',
    );
  }
  const header = values[0];
  if (!header.some((h) => typeof h === 'string' && h.trim() !== '')) {
    throw new InputProblem(
      'The first row of the selection should be the headers (Source, Leads, Qualified opportunities, ...); it has none. Select the header row too.',
    );
  }
  let last = values.length - 1;
  while (last > 0 && values[last].every(isBlankCell)) last--;
  const cells = values.slice(1, last + 1);
  if (!cells.length)
    throw new InputProblem('The selection is only a header row. Select the rows of sources below it too.');
  return {
    sheet: sel.sheet,
    box: { ...sel.box, bottom: sel.box.top + last },
    headers: header.map((h) => (isBlankCell(h) ? '' : show(h))),
    cells,
    ...(sel.around ? { around: sel.around } : {}),
  };
}

export async function readSourceTable(port: WorkbookPort): Promise<SourceTable> {
  // One selected cell stands for the table around it. The cells where the widest scorecard
  // would go are read with the table, so "Add scorecard" needs no read of its own.
  const sel = await readSelection(port, 'your lead sources with their header row', undefined, {
    region: true,
    around: { right: BESIDE_MAX_COLUMNS, minRows: BESIDE_MIN_ROWS },
  });
  return tableFromSelection(sel);
}

export interface SourceCheck {
  rows: SourceRow[];
  /** Blocking: nothing is written while there is one. */
  problems: string[];
  /** The formulas will show an error in these rows (the pane says why). */
  warnings: string[];
}

const MAX_LISTED = 5;

function capped(list: string[]): string[] {
  return list.length > MAX_LISTED ? [...list.slice(0, MAX_LISTED), `...and ${list.length - MAX_LISTED} more.`] : list;
}

/** Reads every source row under a mapping, and says what stops the scorecard or will show as an error. */
export function checkSources(table: SourceTable, mapping: ColumnMapping): SourceCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const spec of SOURCE_FIELDS) {
    if (spec.required && mapping[spec.field] === undefined)
      problems.push(`No column is picked for ${spec.label}: choose the column that holds it.`);
  }
  const cols = Object.values(mapping).filter((c): c is number => c !== undefined);
  if (new Set(cols).size !== cols.length)
    problems.push('The same column is picked for two fields: pick a different column for each.');
  if (problems.length) return { rows: [], problems, warnings };

  const rows: SourceRow[] = [];
  const cellProblems: string[] = [];
  table.cells.forEach((cells, index) => {
    const row = table.box.top + 2 + index;
    if (cells.every(isBlankCell)) {
      cellProblems.push(`Row ${row} is empty: select the sources without blank rows between them.`);
      return;
    }
    const nameCell = cells[mapping.name!];
    const name = isBlankCell(nameCell) ? `Row ${row}` : show(nameCell);
    if (/^\s*(grand\s+)?totals?\b|^\s*sum\s*$/i.test(name)) {
      cellProblems.push(`Row ${row} ("${name}") looks like a total, not a source: leave it out of the selection.`);
      return;
    }
    const src: SourceRow = { index, row, name };
    for (const spec of SOURCE_FIELDS) {
      const col = mapping[spec.field];
      if (!spec.numeric || col === undefined) continue;
      const v = cells[col];
      const where = `Row ${row} (${name})`;
      if (typeof v === 'number') {
        (src as unknown as Record<string, number>)[spec.field] = v;
        if (v < 0) warnings.push(`${where}: ${spec.label} is negative (${v}); its formulas will show #NUM!.`);
      } else if (isBlankCell(v)) {
        if (spec.required) warnings.push(`${where}: ${spec.label} is blank; its quality will show #VALUE!.`);
      } else if (isRoiError(v)) {
        cellProblems.push(`${where}: ${spec.label} holds the error ${v.code}. Fix that cell first.`);
      } else {
        cellProblems.push(
          `${where}: ${spec.label} holds the text "${show(v)}", not a number. Type the number itself (1200, not "1,200 leads"), or clear the cell.`,
        );
      }
    }
    if (src.leads !== undefined && src.qualified !== undefined && src.qualified > src.leads) {
      warnings.push(
        `Row ${row} (${name}): ${src.qualified} qualified opportunities from ${src.leads} leads; its quality will show #NUM! until one is corrected.`,
      );
    } else if (src.leads === 0) {
      warnings.push(`Row ${row} (${name}): no leads, so its quality will show #DIV/0!.`);
    }
    rows.push(src);
  });
  return { rows, problems: capped(cellProblems), warnings: capped(warnings) };
}

/* ---------- scores (the pane's preview, by the core) ---------- */

export interface ScorecardOptions {
  /** Confidence of the lower bound, in (0, 1); 0.9 by default. */
  confidence: number;
  /** Gross margin for ROMI, a rate; needed when revenue and cost are mapped. */
  grossMargin?: number;
  /** A source is "volume without quality" when its bound is below this share of the average quality (0.5). */
  flagShare?: number;
}

export const DEFAULT_FLAG_SHARE = 0.5;

export interface SourceScore extends SourceRow {
  quality: number | RoiError;
  bound: number | RoiError;
  /** 1 = the highest lower bound; undefined when the bound is an error. */
  rank?: number;
  costPerLead?: number | RoiError;
  costPerQualified?: number | RoiError;
  cac?: number | RoiError;
  romi?: number | RoiError;
  revenuePerLead?: number | RoiError;
  volumeWithoutQuality: boolean;
}

export interface Scores {
  sources: SourceScore[];
  /** All qualified / all leads. */
  averageQuality: number | undefined;
  medianLeads: number | undefined;
  flagged: SourceScore[];
}

/** A single result of the core (these calls take single values, so never a grid). */
function num(r: Result): number | RoiError {
  if (typeof r === 'number' || isRoiError(r)) return r;
  return new RoiError('#VALUE!', 'Not a number.');
}

/** A plain division as the sheet does it (=cost/leads): #DIV/0! for 0, blank when a side is missing. */
function ratio(a: number | undefined, b: number | undefined, what: string): number | RoiError | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (b === 0) return new RoiError('#DIV/0!', `${what} is 0.`);
  return a / b;
}

function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Every source's numbers, computed by the core, and the "volume without quality" rule the sheet applies. */
export function scoreSources(rows: readonly SourceRow[], mapping: ColumnMapping, options: ScorecardOptions): Scores {
  const share = options.flagShare ?? DEFAULT_FLAG_SHARE;
  const sources: SourceScore[] = rows.map((r) => {
    const s: SourceScore = {
      ...r,
      quality: num(callFunction('LEADQUALITY', [r.leads, r.qualified])),
      bound: num(callFunction('LEADQUALITY', [r.leads, r.qualified, options.confidence])),
      volumeWithoutQuality: false,
    };
    if (mapping.cost !== undefined) {
      s.costPerLead = ratio(r.cost, r.leads, 'Leads');
      s.costPerQualified = ratio(r.cost, r.qualified, 'Qualified opportunities');
      if (mapping.won !== undefined) s.cac = num(callFunction('CAC', [r.cost, r.won]));
      if (mapping.revenue !== undefined) s.romi = num(callFunction('ROMI', [r.revenue, options.grossMargin, r.cost]));
    }
    if (mapping.revenue !== undefined) s.revenuePerLead = ratio(r.revenue, r.leads, 'Leads');
    return s;
  });
  const bounds = sources.map((s) => s.bound).filter((b): b is number => typeof b === 'number');
  for (const s of sources)
    if (typeof s.bound === 'number') s.rank = 1 + bounds.filter((b) => b > (s.bound as number)).length;
  const leads = rows.map((r) => r.leads).filter((x): x is number => typeof x === 'number');
  const qualifiedSum = rows.reduce((t, r) => t + (typeof r.qualified === 'number' ? r.qualified : 0), 0);
  const leadsSum = leads.reduce((t, x) => t + x, 0);
  const averageQuality = leadsSum > 0 ? qualifiedSum / leadsSum : undefined;
  const medianLeads = median(leads);
  const flagged: SourceScore[] = [];
  if (averageQuality !== undefined && medianLeads !== undefined) {
    for (const s of sources) {
      if (
        typeof s.bound === 'number' &&
        typeof s.leads === 'number' &&
        s.leads >= medianLeads &&
        s.bound < share * averageQuality
      ) {
        s.volumeWithoutQuality = true;
        flagged.push(s);
      }
    }
  }
  return { sources, averageQuality, medianLeads, flagged };
}

/** The scorecard's number formats (the sheet's columns and input cells). */
const FORMAT = { percent: '0.0%', percent0: '0%', money: '$#,##0', money2: '$#,##0.00', rank: '0', count: '#,##0' };

/**
 * The pane's one rule for percentages, the sheet's own number formats: a quality (or its
 * bound, or the average) as its scorecard column shows it (0.0%), a setting or a share as
 * the input cells show it (0%).
 */
export const fmtQuality = (x: number): string => formatValue(x, FORMAT.percent);
export const fmtSetting = (x: number): string => formatValue(x, FORMAT.percent0);
const pct = fmtSetting;
const pct1 = fmtQuality;
const count = (x: number) => Math.round(x).toLocaleString('en-US');

/** Plain sentences for the pane: the sources flagged, or that none is, and the best source. */
export function scoreSentences(scores: Scores, options: ScorecardOptions): string[] {
  const out: string[] = [];
  const conf = pct(options.confidence);
  const avg = scores.averageQuality;
  const totalLeads = scores.sources.reduce((t, s) => t + (s.leads ?? 0), 0);
  for (const s of scores.flagged) {
    const q = typeof s.quality === 'number' ? pct1(s.quality) : '?';
    const sharePart = totalLeads > 0 && s.leads !== undefined ? ` (${pct(s.leads / totalLeads)} of all leads)` : '';
    out.push(
      `${s.name} brings ${count(s.leads ?? 0)} leads${sharePart}, but only ${q} of them became qualified opportunities (at ${conf} confidence at least ${pct1(s.bound as number)}), against ${avg !== undefined ? pct1(avg) : '?'} across all sources: volume without quality.`,
    );
  }
  if (!scores.flagged.length && scores.sources.length > 1 && avg !== undefined) {
    out.push(
      `No source brings volume without quality: every source with at least the median number of leads keeps its ${conf} lower bound above ${pct(options.flagShare ?? DEFAULT_FLAG_SHARE)} of the average quality (${pct1(avg)}).`,
    );
  }
  const best = scores.sources.filter((s) => s.rank === 1);
  if (best.length) {
    out.push(
      `Best by the ${conf} lower bound: ${best.map((s) => s.name).join(', ')} (at least ${pct1(best[0].bound as number)} of leads become qualified opportunities).`,
    );
  }
  return out;
}

/* ---------- the plan: cells, formats, chart ---------- */

/** Column widths in characters: a header fits on one line, up to this width. */
const MAX_WIDTH = 64;

/** A scorecard column's width: its header in full, at least a number's (a source name's on a new sheet). */
export function columnWidth(c: Pick<OutputColumn, 'key' | 'header'>): number {
  const least = c.key === 'name' ? 24 : 10;
  return Math.min(MAX_WIDTH, Math.max(least, c.header.length + 2));
}

export const SCORECARD_SHEET = 'Lead scorecard';

const STYLE = {
  header: { bold: true, fill: '#DDEBF7', fontColor: '#1F3864' } as CellStyle,
  label: { bold: true, fontColor: '#404040' } as CellStyle,
  input: { fontColor: '#0000FF', fill: '#FFF2CC' } as CellStyle,
  flag: { bold: true, fontColor: '#9C0006' } as CellStyle,
};

export interface OutputColumn {
  key:
    | 'name'
    | 'leads'
    | 'quality'
    | 'bound'
    | 'rank'
    | 'costPerLead'
    | 'costPerQualified'
    | 'cac'
    | 'romi'
    | 'revenuePerLead'
    | 'flag';
  header: string;
  /** The formula in the first data row (it spills one value per source). */
  formula: string;
  numberFormat?: string;
}

export interface ScorecardPlan {
  batch: WriteBatch;
  /** The sheet written (before any renaming by uniqueSheetNames). */
  sheet: string;
  newSheet: boolean;
  /** The output columns, header row included. */
  outputs: Box;
  columns: Array<OutputColumn & { address: string }>;
  /** Input cells: confidence, gross margin (when ROMI is written), flag share. */
  inputs: Record<string, string>;
  chart: string;
}

/** How many columns the scorecard puts beside the table (outputs, a gap, the inputs' label and value). */
export function outputColumnCount(mapping: ColumnMapping): number {
  let n = 4; // quality, bound, rank, flag
  if (mapping.cost !== undefined) n += 2;
  if (mapping.cost !== undefined && mapping.won !== undefined) n += 1;
  if (mapping.cost !== undefined && mapping.revenue !== undefined) n += 1;
  if (mapping.revenue !== undefined) n += 1;
  return n;
}

/** Rows the inputs beside the table need, whatever the table's height. */
const BESIDE_MIN_ROWS = 4;

/** The cells that must be empty for the scorecard to go beside the table. */
export function besideArea(table: SourceTable, mapping: ColumnMapping): Box | undefined {
  const left = table.box.right + 1;
  const right = left + outputColumnCount(mapping) + 2; // outputs, a gap, label, value
  if (right >= MAX_SHEET_COLS) return undefined;
  return { top: table.box.top, left, bottom: Math.max(table.box.bottom, table.box.top + BESIDE_MIN_ROWS - 1), right };
}

/** Columns right of the table the widest scorecard takes (every field mapped). */
const BESIDE_MAX_COLUMNS = outputColumnCount({ name: 0, leads: 1, qualified: 2, won: 3, revenue: 4, cost: 5 }) + 3;

/** Is every cell of `area` blank, as read with the table? undefined when the read did not cover it. */
function blankInRead(read: CellsRead | undefined, area: Box): boolean | undefined {
  if (
    !read ||
    area.top < read.box.top ||
    area.left < read.box.left ||
    area.bottom > read.box.bottom ||
    area.right > read.box.right
  )
    return undefined;
  for (let r = area.top; r <= area.bottom; r++) {
    for (let c = area.left; c <= area.right; c++) {
      const i = r - read.box.top;
      const j = c - read.box.left;
      if (!isBlankCell(read.values[i]?.[j] ?? null) || (read.formulas[i]?.[j] ?? '') !== '') return false;
    }
  }
  return true;
}

/**
 * The batch that writes the scorecard. `target`: beside the table on its own sheet, or
 * on a new sheet (mirroring the names and leads there, formulas on the source sheet).
 */
export function planScorecard(
  table: SourceTable,
  mapping: ColumnMapping,
  options: ScorecardOptions,
  target: { mode: 'beside' } | { mode: 'sheet'; sheet: string },
): ScorecardPlan {
  const n = table.cells.length;
  const src = table.sheet;
  const newSheet = target.mode === 'sheet';
  const sheet = target.mode === 'sheet' ? target.sheet : src;
  const dataTop = table.box.top + 1;
  const dataBottom = table.box.top + n;
  // Source ranges as the target sheet's formulas name them.
  const srcRange = (field: SourceField) => {
    const col = table.box.left + mapping[field]!;
    return qualified(src, absBoxA1({ top: dataTop, left: col, bottom: dataBottom, right: col }), sheet);
  };
  const top = newSheet ? 0 : table.box.top;
  const firstCol = newSheet ? 0 : table.box.right + 1;
  const outTop = top + 1;
  const outBottom = top + n;
  const columns: OutputColumn[] = [];
  if (newSheet) {
    // Mirrors that spill (a blank stays blank, not 0).
    const mirror = (field: SourceField) => `=IF(ISBLANK(${srcRange(field)}),"",${srcRange(field)})`;
    columns.push({ key: 'name', header: table.headers[mapping.name!] || 'Source', formula: mirror('name') });
    columns.push({
      key: 'leads',
      header: table.headers[mapping.leads!] || 'Leads',
      formula: mirror('leads'),
      numberFormat: FORMAT.count,
    });
  }
  const outCount = outputColumnCount(mapping);
  const inputLabelCol = firstCol + columns.length + outCount + 1;
  const inputValueCol = inputLabelCol + 1;
  const inputs: Record<string, string> = {};
  const inputCells: CellWrite[] = [];
  const addInput = (key: string, label: string, value: number, fmt: string, note: string) => {
    const r = top + Object.keys(inputs).length;
    inputs[key] = cellA1(r, inputValueCol);
    inputCells.push({ sheet, address: cellA1(r, inputLabelCol), value: label, style: STYLE.label });
    inputCells.push({ sheet, address: cellA1(r, inputValueCol), value, numberFormat: fmt, style: STYLE.input, note });
  };
  addInput(
    'confidence',
    'Confidence of the lower bound',
    options.confidence,
    FORMAT.percent0,
    'The quality lower bound holds with this probability; small samples get a lower bound.',
  );
  const romi = mapping.cost !== undefined && mapping.revenue !== undefined;
  if (romi)
    addInput(
      'grossMargin',
      'Gross margin (for ROMI)',
      options.grossMargin ?? 0,
      FORMAT.percent0,
      'ROMI counts margin, not revenue: (revenue x margin - cost) / cost.',
    );
  addInput(
    'flagShare',
    'Flag when the bound is below this share of the average quality',
    options.flagShare ?? DEFAULT_FLAG_SHARE,
    FORMAT.percent0,
    'A source with at least the median leads whose lower bound is below this share of the average quality is flagged "Volume without quality".',
  );
  const abs = (a: string) => a.replace(/([A-Z]+)(\d+)/, '$$$1$$$2');
  const conf = abs(inputs.confidence);

  const L = srcRange('leads');
  const Q = srcRange('qualified');
  columns.push({
    key: 'quality',
    header: 'Quality (qualified / leads)',
    formula: `=ROI.LEADQUALITY(${L},${Q})`,
    numberFormat: FORMAT.percent,
  });
  columns.push({
    key: 'bound',
    header: 'Quality, lower bound',
    formula: `=ROI.LEADQUALITY(${L},${Q},${conf})`,
    numberFormat: FORMAT.percent,
  });
  const boundCol = firstCol + columns.length - 1;
  const B = absBoxA1({ top: outTop, left: boundCol, bottom: outBottom, right: boundCol });
  columns.push({
    key: 'rank',
    header: 'Rank by lower bound',
    formula: `=IF(ISNUMBER(${B}),ROWS(${B})-MATCH(${B},SORT(IF(ISNUMBER(${B}),${B},-1)),1)+1,"")`,
    numberFormat: FORMAT.rank,
  });
  if (mapping.cost !== undefined) {
    const C = srcRange('cost');
    columns.push({ key: 'costPerLead', header: 'Cost per lead', formula: `=${C}/${L}`, numberFormat: FORMAT.money2 });
    columns.push({
      key: 'costPerQualified',
      header: 'Cost per qualified opportunity',
      formula: `=${C}/${Q}`,
      numberFormat: FORMAT.money2,
    });
    if (mapping.won !== undefined)
      columns.push({
        key: 'cac',
        header: 'CAC',
        formula: `=ROI.CAC(${C},${srcRange('won')})`,
        numberFormat: FORMAT.money,
      });
    if (romi)
      columns.push({
        key: 'romi',
        header: 'ROMI',
        formula: `=ROI.ROMI(${srcRange('revenue')},${abs(inputs.grossMargin)},${C})`,
        numberFormat: FORMAT.percent0,
      });
  }
  if (mapping.revenue !== undefined)
    columns.push({
      key: 'revenuePerLead',
      header: 'Revenue per lead',
      formula: `=${srcRange('revenue')}/${L}`,
      numberFormat: FORMAT.money2,
    });
  columns.push({
    key: 'flag',
    header: 'Volume without quality?',
    formula: `=IFERROR(IF((${L}>=MEDIAN(${L}))*(${B}<${abs(inputs.flagShare)}*SUM(${Q})/SUM(${L})),"Volume without quality",""),"")`,
  });

  const cells: CellWrite[] = [];
  const placed = columns.map((c, i) => {
    const col = firstCol + i;
    cells.push({ sheet, address: cellA1(top, col), value: c.header, style: STYLE.header });
    cells.push({ sheet, address: cellA1(outTop, col), formula: c.formula });
    const area = boxA1({ top: outTop, left: col, bottom: outBottom, right: col });
    if (c.numberFormat) cells.push({ sheet, address: area, numberFormat: c.numberFormat });
    if (c.key === 'flag') cells.push({ sheet, address: area, style: STYLE.flag });
    return { ...c, address: area };
  });
  cells.push(...inputCells);
  const lastCol = firstCol + columns.length - 1;
  const outputs: Box = { top, left: firstCol, bottom: outBottom, right: lastCol };
  const qualityCol = placed.find((c) => c.key === 'quality')!;
  const boundCell = placed.find((c) => c.key === 'bound')!;
  const xValues = newSheet
    ? placed.find((c) => c.key === 'leads')!.address
    : boxA1({
        top: dataTop,
        left: table.box.left + mapping.leads!,
        bottom: dataBottom,
        right: table.box.left + mapping.leads!,
      });
  const chartTop = top + Object.keys(inputs).length + 1;
  const chart = `Lead quality against volume ${boxA1(outputs)}`;
  const batch: WriteBatch = {
    cells,
    conditionalFormats: [
      { sheet, address: qualityCol.address, kind: 'colorScale' },
      { sheet, address: boundCell.address, kind: 'colorScale' },
    ],
    charts: [
      {
        sheet,
        name: chart,
        type: 'xyScatter',
        source: boundCell.address,
        xValues,
        title: 'Lead quality (lower bound) against volume (leads)',
        from: cellA1(chartTop, inputLabelCol),
        to: cellA1(chartTop + 15, inputLabelCol + 6),
      },
    ],
  };
  // Every column the scorecard writes is as wide as its header (and the input labels as
  // their longest), beside the user's table as on a new sheet; the user's own columns keep theirs.
  const labels = inputCells.filter((c) => typeof c.value === 'string').map((c) => c.value as string);
  batch.columnWidths = [
    ...columns.map((c, i) => ({ sheet, column: indexToCol(firstCol + i), width: columnWidth(c) })),
    {
      sheet,
      column: indexToCol(inputLabelCol),
      width: Math.min(MAX_WIDTH, Math.max(...labels.map((l) => l.length)) + 2),
    },
    { sheet, column: indexToCol(inputValueCol), width: 8 },
  ];
  if (newSheet) {
    batch.addSheets = [sheet];
    batch.uniqueSheetNames = true;
  }
  return { batch, sheet, newSheet, outputs, columns: placed, inputs, chart };
}

export interface ScorecardResult {
  sheet: string;
  newSheet: boolean;
  /** Where the outputs went, header row included. */
  address: string;
  scores: Scores;
}

/**
 * Checks, places and writes the scorecard (one batch). Throws InputProblem (nothing
 * written) for input it cannot use, WorkbookWriteError when the write fails (the workbook
 * is left as it was).
 */
export async function buildScorecard(
  port: WorkbookPort,
  table: SourceTable,
  mapping: ColumnMapping,
  options: ScorecardOptions,
): Promise<ScorecardResult> {
  const check = checkSources(table, mapping);
  if (check.problems.length) throw new InputProblem(check.problems.join(' '));
  const conf = callFunction('LEADQUALITY', [1, 1, options.confidence]);
  if (isRoiError(conf)) throw new InputProblem(`Confidence: ${conf.message.replace(/^confidence/, 'it')}`);
  if (mapping.cost !== undefined && mapping.revenue !== undefined) {
    const m = callFunction('ROMI', [1, options.grossMargin, 1]);
    if (isRoiError(m)) throw new InputProblem(`Gross margin: ${m.message.replace(/^gross_margin/, 'it')}`);
  }
  const area = besideArea(table, mapping);
  let beside = false;
  if (area) {
    // Read with the table by readSourceTable (no round trip), else read now.
    beside =
      blankInRead(table.around, area) ??
      blankInRead({ box: area, ...(await readBox(port, table.sheet, area)) }, area) === true;
  }
  // One batch: it selects the result in its own write, and beside the table it first
  // checks, in the round trip that reads what it overwrites, that the area is still empty.
  const apply = async (p: ScorecardPlan, requireEmpty?: Box) =>
    port.applyBatch({
      ...p.batch,
      select: { sheet: p.sheet, address: boxA1(p.outputs) },
      ...(requireEmpty ? { requireEmpty: [{ sheet: table.sheet, address: boxA1(requireEmpty) }] } : {}),
    });
  let plan = planScorecard(
    table,
    mapping,
    options,
    beside ? { mode: 'beside' } : { mode: 'sheet', sheet: SCORECARD_SHEET },
  );
  let result;
  try {
    result = await apply(plan, beside ? area : undefined);
  } catch (e) {
    if (!(e instanceof RangeNotEmptyError)) throw e;
    // Something was typed beside the table since it was read: a new sheet after all.
    plan = planScorecard(table, mapping, options, { mode: 'sheet', sheet: SCORECARD_SHEET });
    result = await apply(plan);
  }
  const sheet = (result && result.sheets[plan.sheet]) || plan.sheet;
  if (!sheet) throw new WorkbookWriteError('The scorecard sheet was not created.');
  return {
    sheet,
    newSheet: plan.newSheet,
    address: boxA1(plan.outputs),
    scores: scoreSources(check.rows, mapping, options),
  };
}

/** Columns of the table a dropdown offers for a field: "B: Leads". */
export function columnChoices(table: SourceTable): Array<{ col: number; label: string }> {
  return table.headers.map((h, i) => ({ col: i, label: `${indexToCol(table.box.left + i)}: ${h || '(no header)'}` }));
}
