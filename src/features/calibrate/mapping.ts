/**
 * The column mapping the Calibrate view shows and the user edits: which columns of the
 * table are the stage dates (top of the funnel first), which one is the lead source, and,
 * for an opportunities report, which are its created and close dates, stage, amount, won
 * and closed. Auto-matched by header names with the same rules `roi calibrate` uses
 * (columns.ts), so the view's first report is the CLI's; then the reader takes the
 * mapping as given (ReadOptions.columns) instead of looking for columns itself.
 *
 * Columns are 0-based indexes into the header row; the names shown come from the header.
 */
import {
  LIFECYCLE_STAGES,
  groupColumn,
  lifecycleColumns,
  lifecycleStageOf,
  opportunityColumns,
  type OpportunityColumns,
} from './columns';
import type { HeaderRow } from './table';

export type ExportKind = 'contacts' | 'opportunities';
export type OpportunityField = keyof OpportunityColumns;

/** The opportunities report's fields, in the order the view lists them. */
export const OPPORTUNITY_FIELDS: ReadonlyArray<{ field: OpportunityField; label: string; required: boolean }> = [
  { field: 'created', label: 'Created date', required: true },
  { field: 'close', label: 'Close date', required: true },
  { field: 'stage', label: 'Stage', required: false },
  { field: 'amount', label: 'Amount', required: false },
  { field: 'won', label: 'Won', required: false },
  { field: 'closed', label: 'Closed', required: false },
];

/** The most stage columns a mapping takes (HubSpot's funnel has five; a few more for custom pipelines). */
export const MAX_STAGE_COLUMNS = 8;

export interface ColumnMapping {
  kind: ExportKind;
  /** Contacts: the stage date columns, top of the funnel first. */
  stages: number[];
  /** The column grouped by (lead source); undefined for no groups (only "All"). */
  group?: number;
  /** Opportunities: the report's columns. */
  opportunity: Partial<Record<OpportunityField, number>>;
}

/** The header row of a table given as its header texts (the view's table). */
export function headerRowOf(names: readonly string[], row = 1, firstColumn = 0): HeaderRow {
  return { names: names.map((n) => n.trim()), row, firstColumn };
}

/**
 * The mapping `roi calibrate` would use without options: HubSpot's lifecycle columns in
 * funnel order (then contacts), else an opportunities report's columns; the group column
 * the first of Original Source, Original Traffic Source, Lead Source, Source.
 */
export function matchColumns(header: HeaderRow): ColumnMapping {
  const stages = lifecycleColumns(header).map((c) => c.index);
  const opp = opportunityColumns(header);
  const group = groupColumn(header, undefined)?.index;
  const opportunity: ColumnMapping['opportunity'] = {};
  if (opp) for (const [k, c] of Object.entries(opp)) if (c) opportunity[k as OpportunityField] = c.index;
  const kind: ExportKind = stages.length < 2 && opp ? 'opportunities' : 'contacts';
  return { kind, stages, ...(group !== undefined ? { group } : {}), opportunity };
}

/** A stage's name in the report: the lifecycle stage a HubSpot header names, else the header as written. */
export function stageNameOf(header: string): string {
  const s = lifecycleStageOf(header);
  return s === undefined ? header.trim() : LIFECYCLE_STAGES[s].name;
}

/** What is wrong with a mapping, in words the view shows (empty when it can be read). */
export function mappingProblems(mapping: ColumnMapping, header: HeaderRow): string[] {
  const out: string[] = [];
  const n = header.names.length;
  const name = (i: number) => `"${header.names[i] || `column ${i + 1}`}"`;
  const inRange = (i: number | undefined) => i === undefined || (Number.isInteger(i) && i >= 0 && i < n);
  if (!inRange(mapping.group)) out.push('The lead source column is not in the table.');
  if (mapping.kind === 'contacts') {
    if (mapping.stages.length < 2)
      out.push('Choose at least two stage date columns, top of the funnel first (for example Lead, then Customer).');
    if (mapping.stages.length > MAX_STAGE_COLUMNS) out.push(`Choose at most ${MAX_STAGE_COLUMNS} stage columns.`);
    const seen = new Set<number>();
    for (const i of mapping.stages) {
      if (!inRange(i)) out.push('A stage column is not in the table.');
      else if (seen.has(i)) out.push(`The column ${name(i)} is chosen twice as a stage.`);
      else if (i === mapping.group) out.push(`The column ${name(i)} is the lead source; it cannot be a stage too.`);
      seen.add(i);
    }
    return out;
  }
  const o = mapping.opportunity;
  for (const f of OPPORTUNITY_FIELDS) {
    if (f.required && o[f.field] === undefined) out.push(`Choose the ${f.label.toLowerCase()} column.`);
    if (!inRange(o[f.field])) out.push(`The ${f.label.toLowerCase()} column is not in the table.`);
  }
  if (o.won === undefined && o.stage === undefined)
    out.push('Choose a Won column or a Stage column (Closed Won, Closed Lost), so won deals can be told apart.');
  if (o.closed === undefined && o.stage === undefined)
    out.push('Choose a Closed column or a Stage column, so open opportunities can be told apart.');
  return out;
}
