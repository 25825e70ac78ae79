/**
 * The lead-source scorecard: from a selected table of sources (a header row, then one row
 * per source: name, leads, qualified opportunities, won, revenue, cost), live formula
 * columns beside it (or on a new sheet when the cells beside are not empty): quality, its
 * lower bound at a confidence, a rank by that bound, a "volume without quality" flag, then
 * cost per lead and per qualified opportunity, CAC, ROMI and revenue per lead; colour
 * scales on the quality columns and a scatter of quality against volume. One batch.
 *
 * The columns are the rows of columns.ts: each row gives the sheet's formula and the
 * evaluator the pane's numbers come from, so the pane and the sheet agree by construction.
 * This file reads and checks the table, lays the rows out, and writes them.
 */
import { RoiError, callFunction, isRoiError, metricKey, type CellValue } from '../../core';
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
import {
  DEFAULT_FLAG_SHARE,
  FLAG_TEXT,
  FORMAT,
  SCORE_COLUMNS,
  SCORE_INPUTS,
  applies,
  evaluateColumns,
  type FormulaRefs,
  type InputKey,
  type ScoreColumn,
  type ScoreKey,
  type ScoreValue,
  type ScorecardOptions,
  type SourceField,
  type SourceRow,
} from './columns';

export {
  DEFAULT_FLAG_SHARE,
  FLAG_TEXT,
  SCORE_COLUMNS,
  SCORE_INPUTS,
  type ScoreColumn,
  type ScoreKey,
  type ScoreValue,
  type ScorecardOptions,
  type SourceField,
  type SourceRow,
} from './columns';

export interface FieldSpec {
  field: SourceField;
  label: string;
  required: boolean;
  numeric: boolean;
  /** Header texts that mean this field, most specific first (compared as the core's metricKey folds names: no case, punctuation, units, count prefix or plurals). */
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

/** Headers that are ratios of a field, not the field ("Cost per lead", "Lead rate"), in metricKey's words ("%" is "percent"). */
const RATIO_WORDS = /\b(per|rate|ratio|share|avg|average|pct|percent|cpl|cac|roi|romi)\b/;

/**
 * Which column holds which field, from the header row. Exact synonyms beat headers that
 * only contain one ("Leads Q1"); each column serves one field; ratio headers ("Cost per
 * lead") never match a count or money field.
 */
export function matchHeaders(headers: readonly CellValue[]): ColumnMapping {
  const keys = headers.map((h) => (typeof h === 'string' ? metricKey(h) : ''));
  const candidates: Array<{ field: SourceField; col: number; score: number }> = [];
  for (const spec of SOURCE_FIELDS) {
    spec.synonyms.forEach((syn, rank) => {
      const s = metricKey(syn);
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
  /** Every column's value for this source, as its cell shows it (SCORE_COLUMNS' evaluators). */
  values: Partial<Record<ScoreKey, ScoreValue>>;
}

export interface Scores {
  sources: SourceScore[];
  /** All qualified / all leads. */
  averageQuality: number | undefined;
  medianLeads: number | undefined;
  flagged: SourceScore[];
}

/** The columns the scorecard writes for a mapping, in their order. */
export function scoreColumns(mapping: ColumnMapping): ScoreColumn[] {
  return SCORE_COLUMNS.filter((c) => applies(c, (f) => mapping[f] !== undefined));
}

const asNumber = (v: ScoreValue | undefined): number | RoiError =>
  typeof v === 'number' || isRoiError(v) ? v : new RoiError('#VALUE!', 'Not a number.');
const orNothing = (v: ScoreValue | undefined): number | RoiError | undefined =>
  typeof v === 'number' || isRoiError(v) ? v : undefined;

/**
 * Every source's numbers: each column's evaluator (the core, with the rule its sheet
 * formula applies), so the pane shows what the sheet will.
 */
export function scoreSources(rows: readonly SourceRow[], mapping: ColumnMapping, options: ScorecardOptions): Scores {
  const { values, stats } = evaluateColumns(rows, scoreColumns(mapping), options);
  const sources: SourceScore[] = rows.map((r, i) => {
    const v: Partial<Record<ScoreKey, ScoreValue>> = {};
    for (const [k, col] of values) v[k] = col[i];
    const s: SourceScore = {
      ...r,
      quality: asNumber(v.quality),
      bound: asNumber(v.bound),
      volumeWithoutQuality: v.flag === FLAG_TEXT,
      values: v,
    };
    if (typeof v.rank === 'number') s.rank = v.rank;
    for (const k of ['costPerLead', 'costPerQualified', 'cac', 'romi', 'revenuePerLead'] as const) {
      const x = orNothing(v[k]);
      if (x !== undefined) s[k] = x;
    }
    return s;
  });
  return {
    sources,
    averageQuality: stats.averageQuality,
    medianLeads: stats.medianLeads,
    flagged: sources.filter((s) => s.volumeWithoutQuality),
  };
}

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

/** A scorecard column's width: its header in full, at least its row's least width. */
export function columnWidth(c: Pick<OutputColumn, 'width' | 'header'>): number {
  return Math.min(MAX_WIDTH, Math.max(c.width, c.header.length + 2));
}

export const SCORECARD_SHEET = 'Lead scorecard';

const STYLE = {
  header: { bold: true, fill: '#DDEBF7', fontColor: '#1F3864' } as CellStyle,
  label: { bold: true, fontColor: '#404040' } as CellStyle,
  input: { fontColor: '#0000FF', fill: '#FFF2CC' } as CellStyle,
  flag: { bold: true, fontColor: '#9C0006' } as CellStyle,
};

/** A column as written: a score column, or (on a new sheet) a mirror of the table's names or leads. */
export interface OutputColumn {
  key: ScoreKey | 'name' | 'leads';
  header: string;
  /** The formula in the first data row (it spills one value per source). */
  formula: string;
  numberFormat?: string;
  /** Least width in characters. */
  width: number;
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
  inputs: Partial<Record<InputKey, string>>;
  chart: string;
}

const mappedIn = (mapping: ColumnMapping) => (f: SourceField) => mapping[f] !== undefined;

/** How many score columns the scorecard puts beside the table for a mapping. */
export function outputColumnCount(mapping: ColumnMapping): number {
  return scoreColumns(mapping).length;
}

/** Rows the inputs beside the table need, whatever the table's height. */
const BESIDE_MIN_ROWS = SCORE_INPUTS.length + 1;

/** The cells that must be empty for the scorecard to go beside the table. */
export function besideArea(table: SourceTable, mapping: ColumnMapping): Box | undefined {
  const left = table.box.right + 1;
  const right = left + outputColumnCount(mapping) + 2; // outputs, a gap, label, value
  if (right >= MAX_SHEET_COLS) return undefined;
  return { top: table.box.top, left, bottom: Math.max(table.box.bottom, table.box.top + BESIDE_MIN_ROWS - 1), right };
}

/** Columns right of the table the widest scorecard takes (every field mapped). */
const BESIDE_MAX_COLUMNS = SCORE_COLUMNS.length + 3;

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

/** "$A$1" for "A1". */
const absolute = (a: string) => a.replace(/([A-Z]+)(\d+)/, '$$$1$$$2');

/**
 * The batch that writes the scorecard. `target`: beside the table on its own sheet, or
 * on a new sheet (mirroring the names and leads there, formulas on the source sheet).
 * The columns and input cells are SCORE_COLUMNS' and SCORE_INPUTS' rows that apply to the
 * mapping, in their order.
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

  const mirrors: OutputColumn[] = [];
  if (newSheet) {
    // Mirrors that spill (a blank stays blank, not 0).
    const mirror = (field: SourceField) => `=IF(ISBLANK(${srcRange(field)}),"",${srcRange(field)})`;
    mirrors.push({ key: 'name', header: table.headers[mapping.name!] || 'Source', formula: mirror('name'), width: 24 });
    mirrors.push({
      key: 'leads',
      header: table.headers[mapping.leads!] || 'Leads',
      formula: mirror('leads'),
      numberFormat: FORMAT.count,
      width: 10,
    });
  }
  const scores = scoreColumns(mapping);
  const colOf = new Map<ScoreKey, number>(scores.map((c, i) => [c.key, firstCol + mirrors.length + i]));

  // The inputs, beside the outputs after a gap: a label and a value cell each.
  const inputLabelCol = firstCol + mirrors.length + scores.length + 1;
  const inputValueCol = inputLabelCol + 1;
  const inputs: Partial<Record<InputKey, string>> = {};
  const inputCells: CellWrite[] = [];
  SCORE_INPUTS.filter((x) => applies(x, mappedIn(mapping))).forEach((x, i) => {
    inputs[x.key] = cellA1(top + i, inputValueCol);
    inputCells.push({ sheet, address: cellA1(top + i, inputLabelCol), value: x.label, style: STYLE.label });
    inputCells.push({
      sheet,
      address: inputs[x.key]!,
      value: x.value(options),
      numberFormat: x.format,
      style: STYLE.input,
      note: x.note,
    });
  });

  const refs: FormulaRefs = {
    field: srcRange,
    column: (k) => {
      const col = colOf.get(k);
      if (col === undefined) throw new Error(`The scorecard column "${k}" is not written for this table.`);
      return absBoxA1({ top: outTop, left: col, bottom: outBottom, right: col });
    },
    input: (k) => {
      const at = inputs[k];
      if (!at) throw new Error(`The scorecard input "${k}" is not written for this table.`);
      return absolute(at);
    },
  };
  const columns: OutputColumn[] = [
    ...mirrors,
    ...scores.map((c) => ({
      key: c.key,
      header: c.header,
      formula: c.formula(refs),
      ...(c.format ? { numberFormat: c.format } : {}),
      width: c.width,
    })),
  ];

  const cells: CellWrite[] = [];
  const conditionalFormats: WriteBatch['conditionalFormats'] = [];
  const placed = columns.map((c, i) => {
    const col = firstCol + i;
    const area = boxA1({ top: outTop, left: col, bottom: outBottom, right: col });
    const row = scores.find((x) => x.key === c.key);
    cells.push({ sheet, address: cellA1(top, col), value: c.header, style: STYLE.header });
    cells.push({ sheet, address: cellA1(outTop, col), formula: c.formula });
    if (c.numberFormat) cells.push({ sheet, address: area, numberFormat: c.numberFormat });
    if (row?.emphasis) cells.push({ sheet, address: area, style: STYLE.flag });
    if (row?.colorScale) conditionalFormats.push({ sheet, address: area, kind: 'colorScale' });
    return { ...c, address: area };
  });
  cells.push(...inputCells);
  const lastCol = firstCol + columns.length - 1;
  const outputs: Box = { top, left: firstCol, bottom: outBottom, right: lastCol };
  const boundCol = placed.find((c) => c.key === 'bound')!;
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
    conditionalFormats,
    charts: [
      {
        sheet,
        name: chart,
        type: 'xyScatter',
        source: boundCol.address,
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
