/**
 * Which columns of a CRM export hold what, by their header names: HubSpot's lifecycle
 * date columns in funnel order, the lead-source column to group by, and an opportunities
 * report's Stage / Amount / Created Date / Close Date / Won / Closed columns. Headers are
 * compared without case, punctuation or extra spaces. The Calibrate view shows these
 * matches in its column dropdowns; the options of `roi calibrate` override them.
 */
import { CalibrationError } from './errors';
import type { HeaderRow } from './table';

/** A header reduced for comparison: lower case, words only ("Amount (converted)" -> "amount converted"). */
export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The funnel HubSpot's lifecycle dates describe, top first, with the words its headers use. */
export const LIFECYCLE_STAGES: ReadonlyArray<{ name: string; keys: readonly string[] }> = [
  { name: 'Lead', keys: ['lead'] },
  { name: 'Marketing Qualified Lead', keys: ['marketing qualified lead', 'mql'] },
  { name: 'Sales Qualified Lead', keys: ['sales qualified lead', 'sql'] },
  { name: 'Opportunity', keys: ['opportunity'] },
  { name: 'Customer', keys: ['customer'] },
];

/**
 * "Became a Lead Date", "Became an Opportunity Date" (the classic export) and
 * "Date entered Lead (Lifecycle Stage Pipeline)" (the newer one), as the stage's words.
 */
const LIFECYCLE_HEADER = /^(?:became (?:a |an )?(.+?) date|date entered (.+?)(?: lifecycle stage pipeline)?)$/;

/** The lifecycle stage (index into LIFECYCLE_STAGES) a header names, if any. */
export function lifecycleStageOf(header: string): number | undefined {
  const m = LIFECYCLE_HEADER.exec(headerKey(header));
  if (!m) return undefined;
  const words = (m[1] ?? m[2]).trim();
  const i = LIFECYCLE_STAGES.findIndex((s) => s.keys.includes(words));
  return i >= 0 ? i : undefined;
}

/** Source columns, most specific first: the first one present is the default grouping. */
export const SOURCE_HEADERS: readonly string[] = [
  'Original Source',
  'Original Traffic Source',
  'Lead Source',
  'Source',
];

/** A column of the export: its 0-based index in the header row and its header text. */
export interface ColumnRef {
  index: number;
  header: string;
}

function findHeader(header: HeaderRow, wanted: string): ColumnRef | undefined {
  const key = headerKey(wanted);
  const index = header.names.findIndex((n) => headerKey(n) === key);
  return index >= 0 ? { index, header: header.names[index] } : undefined;
}

function listHeaders(header: HeaderRow): string {
  const names = header.names.filter(Boolean);
  const shown = names.slice(0, 12).map((n) => `"${n}"`);
  return shown.join(', ') + (names.length > shown.length ? ', ...' : '');
}

/** A column named by the user (an option), or a CalibrationError listing the headers there are. */
export function namedColumn(header: HeaderRow, name: string, what: string): ColumnRef {
  const found = findHeader(header, name);
  if (!found)
    throw new CalibrationError(
      'unknown-column',
      `No column "${name}" for ${what}: the header row (row ${header.row}) has ${listHeaders(header)}.`,
    );
  return found;
}

/** One stage of the funnel being calibrated: its name and the column of its dates. */
export interface StageColumn extends ColumnRef {
  /** The stage's name in the report: LIFECYCLE_STAGES' name, or the header as written for a named column. */
  name: string;
}

/** HubSpot's lifecycle date columns present, in funnel order (the first column for each stage). */
export function lifecycleColumns(header: HeaderRow): StageColumn[] {
  const found: Array<StageColumn | undefined> = LIFECYCLE_STAGES.map(() => undefined);
  header.names.forEach((h, index) => {
    const s = lifecycleStageOf(h);
    if (s !== undefined && !found[s]) found[s] = { index, header: h, name: LIFECYCLE_STAGES[s].name };
  });
  return found.filter((c): c is StageColumn => c !== undefined);
}

/** The stage columns named by the user, in the order given. */
export function namedStageColumns(header: HeaderRow, names: readonly string[]): StageColumn[] {
  const cols = names.map((n) => n.trim()).filter(Boolean);
  if (cols.length < 2)
    throw new CalibrationError(
      'no-date-columns',
      `Name at least two stage date columns, top of the funnel first (got ${cols.length}).`,
    );
  const out = cols.map((n) => {
    const c = namedColumn(header, n, 'a stage');
    return { ...c, name: c.header };
  });
  const seen = new Set<number>();
  for (const c of out) {
    if (seen.has(c.index))
      throw new CalibrationError('bad-option', `The column "${c.header}" is named twice as a stage.`);
    seen.add(c.index);
  }
  return out;
}

/**
 * The column to group by: the one named (`by`), none (`by` null), or by default the first
 * recognised source column (SOURCE_HEADERS' order), none when there is none.
 */
export function groupColumn(header: HeaderRow, by: string | null | undefined): ColumnRef | undefined {
  if (by === null) return undefined;
  if (by !== undefined && by.trim() !== '') return namedColumn(header, by, 'grouping');
  for (const name of SOURCE_HEADERS) {
    const c = findHeader(header, name);
    if (c) return c;
  }
  return undefined;
}

/** The columns of an opportunities report. */
export interface OpportunityColumns {
  created: ColumnRef;
  close: ColumnRef;
  stage?: ColumnRef;
  amount?: ColumnRef;
  won?: ColumnRef;
  closed?: ColumnRef;
}

const OPPORTUNITY_HEADERS: Record<keyof OpportunityColumns, readonly string[]> = {
  created: [
    'Created Date',
    'Create Date',
    'Opportunity Created Date',
    'Deal Created Date',
    'Created On',
    'Date Created',
  ],
  close: ['Close Date', 'Closed Date', 'Opportunity Close Date', 'Deal Close Date'],
  stage: ['Stage', 'Opportunity Stage', 'Deal Stage', 'Stage Name'],
  amount: ['Amount', 'Amount (converted)', 'Opportunity Amount', 'Deal Amount', 'Total Amount'],
  won: ['Won', 'Is Won'],
  closed: ['Closed', 'Is Closed'],
};

/**
 * The opportunities report's columns, or undefined when the header is not one: it needs a
 * created date, a close date, and a way to tell won (Won or Stage) and closed (Closed or
 * Stage) opportunities apart. A close date alone cannot: Salesforce fills it with the
 * expected date while an opportunity is open.
 */
export function opportunityColumns(header: HeaderRow): OpportunityColumns | undefined {
  const pick = (k: keyof OpportunityColumns) => {
    for (const name of OPPORTUNITY_HEADERS[k]) {
      const c = findHeader(header, name);
      if (c) return c;
    }
    return undefined;
  };
  const created = pick('created');
  const close = pick('close');
  const stage = pick('stage');
  const amount = pick('amount');
  const won = pick('won');
  const closed = pick('closed');
  if (!created || !close || !(won || stage) || !(closed || stage)) return undefined;
  return {
    created,
    close,
    ...(stage ? { stage } : {}),
    ...(amount ? { amount } : {}),
    ...(won ? { won } : {}),
    ...(closed ? { closed } : {}),
  };
}
