/**
 * The lead-source scorecard's columns, each described once: its header, the formula the
 * sheet gets (a template over the table's ranges, the other columns and the input cells),
 * the evaluator that gives the pane the same number for one source (by the core, with the
 * sheet's rule), its number format, its width and when it is written. The sheet's formulas
 * (planScorecard) and the pane's numbers (scoreSources) are both generated from these rows;
 * test/features/lead-sources/columns.test.ts checks every evaluator against the engine
 * evaluating its formula, over many tables.
 *
 * Order: the columns a decision is made on first (quality, its lower bound, the rank, the
 * flag), so they stay in view beside a wide table; the money columns after them.
 */
import { RoiError, callFunction, isRoiError, type ArgValue, type Result } from '../../core';

export type SourceField = 'name' | 'leads' | 'qualified' | 'won' | 'revenue' | 'cost';

/** One source as read from the table (a blank cell is undefined). */
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

export interface ScorecardOptions {
  /** Confidence of the lower bound, in (0, 1); 0.9 by default. */
  confidence: number;
  /** Gross margin for ROMI, a rate; needed when revenue and cost are mapped. */
  grossMargin?: number;
  /** A source is "volume without quality" when its bound is below this share of the average quality (0.5). */
  flagShare?: number;
}

export const DEFAULT_FLAG_SHARE = 0.5;

/** The words the flag column writes (and the pane's flag shows). */
export const FLAG_TEXT = 'Volume without quality';

/** The scorecard's number formats (its columns and input cells). */
export const FORMAT = {
  percent: '0.0%',
  percent0: '0%',
  money: '$#,##0',
  money2: '$#,##0.00',
  rank: '0',
  count: '#,##0',
} as const;

/* ---------- the inputs the formulas read ---------- */

export type InputKey = 'confidence' | 'grossMargin' | 'flagShare';

export interface ScoreInput {
  key: InputKey;
  /** The label beside the input cell. */
  label: string;
  format: string;
  note: string;
  value: (o: ScorecardOptions) => number;
  /** Written when these fields are mapped. */
  needs: readonly SourceField[];
}

/** The input cells, top to bottom, beside the scorecard. */
export const SCORE_INPUTS: readonly ScoreInput[] = [
  {
    key: 'confidence',
    label: 'Confidence of the lower bound',
    format: FORMAT.percent0,
    note: 'The quality lower bound holds with this probability; small samples get a lower bound.',
    value: (o) => o.confidence,
    needs: [],
  },
  {
    key: 'grossMargin',
    label: 'Gross margin (for ROMI)',
    format: FORMAT.percent0,
    note: 'ROMI counts margin, not revenue: (revenue x margin - cost) / cost.',
    value: (o) => o.grossMargin ?? 0,
    needs: ['revenue', 'cost'],
  },
  {
    key: 'flagShare',
    label: 'Flag when the bound is below this share of the average quality',
    format: FORMAT.percent0,
    note: `A source with at least the median leads whose lower bound is below this share of the average quality is flagged "${FLAG_TEXT}".`,
    value: (o) => o.flagShare ?? DEFAULT_FLAG_SHARE,
    needs: [],
  },
];

/* ---------- the columns ---------- */

export type ScoreKey =
  'quality' | 'bound' | 'rank' | 'flag' | 'costPerLead' | 'costPerQualified' | 'cac' | 'romi' | 'revenuePerLead';

/** A column's value for one source: a number, an error, or text ("" for blank). */
export type ScoreValue = number | RoiError | string;

/** What a formula template names: absolute ranges and cells as the target sheet's formulas write them. */
export interface FormulaRefs {
  /** The table's column of a field, data rows only. */
  field: (f: SourceField) => string;
  /** Another scorecard column's data rows (its spill area). */
  column: (k: ScoreKey) => string;
  /** An input cell. */
  input: (k: InputKey) => string;
}

/** The whole table as the sheet's aggregates see it: SUM and MEDIAN over the columns. */
export interface TableStats {
  /** SUM(qualified) / SUM(leads); undefined when there are no leads (the sheet's #DIV/0!). */
  averageQuality: number | undefined;
  /** MEDIAN(leads) over the numbers; undefined when there is none. */
  medianLeads: number | undefined;
}

/** What an evaluator sees besides its own source: the options, the table's aggregates, the columns left of it. */
export interface ScoreEnv {
  options: ScorecardOptions;
  stats: TableStats;
  /** The values of an earlier column, one per source. */
  values: (k: ScoreKey) => readonly ScoreValue[];
}

export interface ScoreColumn {
  key: ScoreKey;
  /** The header cell's text. */
  header: string;
  /** The formula of the first data row; it spills one value per source. */
  formula: (x: FormulaRefs) => string;
  /** The same value for one source, computed here: the pane's number. */
  evaluate: (s: SourceRow, i: number, env: ScoreEnv) => ScoreValue;
  /** The cells' number format (none: General). */
  format?: string;
  /** Least width in characters (the header's length sets it when longer). */
  width: number;
  /** Written when these fields are mapped. */
  needs: readonly SourceField[];
  /** Bold red, for a flag. */
  emphasis?: boolean;
  /** A colour scale over the column (good to bad at a glance). */
  colorScale?: boolean;
}

/** A blank cell as a range argument gives it to the core: null, as the engine does. */
const cell = (x: number | undefined): ArgValue => (x === undefined ? null : x);

/** A single result of the core (these calls take single values, so never a grid). */
function one(r: Result): number | RoiError {
  if (typeof r === 'number' || isRoiError(r)) return r;
  return new RoiError('#VALUE!', 'Not a number.');
}

/** "=A/B" as the sheet computes it: a blank is 0; dividing by 0 is #DIV/0!. */
function divide(a: number | undefined, b: number | undefined): number | RoiError {
  const d = b ?? 0;
  if (d === 0) return new RoiError('#DIV/0!', 'Division by zero.');
  return (a ?? 0) / d;
}

export const SCORE_COLUMNS: readonly ScoreColumn[] = [
  {
    key: 'quality',
    header: 'Quality (qualified / leads)',
    formula: (x) => `=ROI.LEADQUALITY(${x.field('leads')},${x.field('qualified')})`,
    evaluate: (s) => one(callFunction('LEADQUALITY', [cell(s.leads), cell(s.qualified)])),
    format: FORMAT.percent,
    width: 10,
    needs: [],
    colorScale: true,
  },
  {
    key: 'bound',
    header: 'Quality, lower bound',
    formula: (x) => `=ROI.LEADQUALITY(${x.field('leads')},${x.field('qualified')},${x.input('confidence')})`,
    evaluate: (s, _i, e) => one(callFunction('LEADQUALITY', [cell(s.leads), cell(s.qualified), e.options.confidence])),
    format: FORMAT.percent,
    width: 10,
    needs: [],
    colorScale: true,
  },
  {
    // 1 = the highest lower bound; ties share the best rank (as RANK.EQ); blank where the bound
    // is an error. The bound's first place among the bounds sorted high to low, by exact match:
    // an approximate MATCH over ties differs between engines (HyperFormula's binary search
    // lands on the first of equal values, Excel's on the last).
    key: 'rank',
    header: 'Rank by lower bound',
    formula: (x) => {
      const b = x.column('bound');
      return `=IF(ISNUMBER(${b}),MATCH(${b},SORT(IF(ISNUMBER(${b}),${b},-1),1,-1),0),"")`;
    },
    evaluate: (_s, i, e) => {
      const bounds = e.values('bound');
      const b = bounds[i];
      if (typeof b !== 'number') return '';
      return 1 + bounds.filter((x) => typeof x === 'number' && x > b).length;
    },
    format: FORMAT.rank,
    width: 10,
    needs: [],
  },
  {
    // At least the median leads, and a lower bound below the flag share of the average quality.
    key: 'flag',
    header: 'Volume without quality?',
    formula: (x) => {
      const [l, q, b] = [x.field('leads'), x.field('qualified'), x.column('bound')];
      return `=IFERROR(IF((${l}>=MEDIAN(${l}))*(${b}<${x.input('flagShare')}*SUM(${q})/SUM(${l})),"${FLAG_TEXT}",""),"")`;
    },
    evaluate: (s, i, e) => {
      const b = e.values('bound')[i];
      const { averageQuality, medianLeads } = e.stats;
      const share = e.options.flagShare ?? DEFAULT_FLAG_SHARE;
      if (typeof b !== 'number' || averageQuality === undefined || medianLeads === undefined) return '';
      return (s.leads ?? 0) >= medianLeads && b < share * averageQuality ? FLAG_TEXT : '';
    },
    width: 10,
    needs: [],
    emphasis: true,
  },
  {
    key: 'costPerLead',
    header: 'Cost per lead',
    formula: (x) => `=${x.field('cost')}/${x.field('leads')}`,
    evaluate: (s) => divide(s.cost, s.leads),
    format: FORMAT.money2,
    width: 10,
    needs: ['cost'],
  },
  {
    key: 'costPerQualified',
    header: 'Cost per qualified opportunity',
    formula: (x) => `=${x.field('cost')}/${x.field('qualified')}`,
    evaluate: (s) => divide(s.cost, s.qualified),
    format: FORMAT.money2,
    width: 10,
    needs: ['cost'],
  },
  {
    key: 'cac',
    header: 'CAC',
    formula: (x) => `=ROI.CAC(${x.field('cost')},${x.field('won')})`,
    evaluate: (s) => one(callFunction('CAC', [cell(s.cost), cell(s.won)])),
    format: FORMAT.money,
    width: 10,
    needs: ['cost', 'won'],
  },
  {
    key: 'romi',
    header: 'ROMI',
    formula: (x) => `=ROI.ROMI(${x.field('revenue')},${x.input('grossMargin')},${x.field('cost')})`,
    evaluate: (s, _i, e) => one(callFunction('ROMI', [cell(s.revenue), e.options.grossMargin ?? 0, cell(s.cost)])),
    format: FORMAT.percent0,
    width: 10,
    needs: ['revenue', 'cost'],
  },
  {
    key: 'revenuePerLead',
    header: 'Revenue per lead',
    formula: (x) => `=${x.field('revenue')}/${x.field('leads')}`,
    evaluate: (s) => divide(s.revenue, s.leads),
    format: FORMAT.money2,
    width: 10,
    needs: ['revenue'],
  },
];

/** Is every field a row needs mapped? */
export function applies(row: { needs: readonly SourceField[] }, mapped: (f: SourceField) => boolean): boolean {
  return row.needs.every(mapped);
}

function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The table's aggregates, as SUM and MEDIAN compute them over the sheet's columns (blanks left out). */
export function tableStats(rows: readonly SourceRow[]): TableStats {
  const leads = rows.map((r) => r.leads).filter((x): x is number => typeof x === 'number');
  const leadsSum = leads.reduce((t, x) => t + x, 0);
  const qualifiedSum = rows.reduce((t, r) => t + (r.qualified ?? 0), 0);
  return { averageQuality: leadsSum > 0 ? qualifiedSum / leadsSum : undefined, medianLeads: median(leads) };
}

/**
 * Every column that applies, evaluated for every source, left to right (a column may read
 * the ones before it): the pane's numbers, by the same rows the sheet's formulas come from.
 */
export function evaluateColumns(
  rows: readonly SourceRow[],
  columns: readonly ScoreColumn[],
  options: ScorecardOptions,
): { values: Map<ScoreKey, ScoreValue[]>; stats: TableStats } {
  const stats = tableStats(rows);
  const values = new Map<ScoreKey, ScoreValue[]>();
  const env: ScoreEnv = {
    options,
    stats,
    values: (k) => {
      const v = values.get(k);
      if (!v) throw new Error(`The scorecard column "${k}" is read before it is evaluated.`);
      return v;
    },
  };
  for (const c of columns)
    values.set(
      c.key,
      rows.map((s, i) => c.evaluate(s, i, env)),
    );
  return { values, stats };
}
