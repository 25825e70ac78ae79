/**
 * The calibration report as a plain-text table, for `roi calibrate`'s default output:
 * built from the same report object the --json output serialises, so the two never
 * disagree. Rates as percentages with one decimal, lags in days with one decimal, counts
 * with thousands separators, "-" where the report has null; the flags below the table.
 */
import type { ContactsReport, OpportunityReport } from './report';
import { MIN_COUNTED, contactsFlags, opportunityFlags, type CalibrationFlag, type FlagOptions } from './flags';

export interface TextOptions extends FlagOptions {
  /** The confidence the bounds were computed at, for the column title (0.9 by default). */
  confidence?: number;
}

/** Short names for HubSpot's long stage names, in the table only. */
const SHORT: Record<string, string> = {
  'Marketing Qualified Lead': 'MQL',
  'Sales Qualified Lead': 'SQL',
};
/** A stage's short name (MQL, SQL) where HubSpot's is long; others as they are. */
export const shortStage = (s: string): string => SHORT[s] ?? s;
const short = shortStage;

const count = (n: number) => n.toLocaleString('en-US');
const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const days = (x: number | null) => (x === null ? '-' : x.toFixed(1));
const money = (x: number | null) =>
  x === null ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });

/** Columns laid out: text left-aligned, numbers right-aligned, two spaces apart. */
function table(head: string[], rows: string[][], numeric: boolean[]): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, c) => (numeric[c] ? s.padStart(widths[c]) : s.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/**
 * The flags below the table: volume without quality one line each, then too few to judge
 * gathered into one line per group ("Offline Sources: too few to judge at MQL -> SQL (14),
 * ..."), so a small source does not fill the screen.
 */
function flagLines(flags: CalibrationFlag[], minCounted: number, unit: string): string[] {
  if (!flags.length) return [];
  const lines = flags.filter((f) => f.kind === 'volume-without-quality').map((f) => `- ${f.message}`);
  const few = new Map<string, CalibrationFlag[]>();
  for (const f of flags.filter((f) => f.kind === 'too-few')) {
    const list = few.get(f.group) ?? [];
    list.push(f);
    few.set(f.group, list);
  }
  for (const [group, list] of few)
    lines.push(
      list[0].transition === undefined
        ? `- ${group}: too few ${unit} to judge the ${list[0].what} (${count(list[0].counted)}, fewer than ${minCounted}).`
        : `- ${group}: too few ${unit} to judge (fewer than ${minCounted}) at ${list.map((f) => `${shortWhat(f.what)} (${count(f.counted)})`).join(', ')}.`,
    );
  return ['', 'Flags:', ...lines];
}

function shortWhat(what: string): string {
  return what.split(' -> ').map(short).join(' -> ');
}

function confidenceLabel(c: number | undefined): string {
  return `${Number(((c ?? 0.9) * 100).toPrecision(6))}%`;
}

/** The contacts report as text. */
export function contactsText(report: ContactsReport, options: TextOptions = {}): string {
  const all = report.groups[0];
  const head = [
    'Group',
    'Records',
    'Transition',
    'Counted',
    'Converted',
    'Rate',
    `${confidenceLabel(options.confidence)} lower bound`,
    'Median lag (days)',
  ];
  const rows: string[][] = [];
  for (const g of report.groups) {
    g.transitions.forEach((t, i) => {
      rows.push([
        i === 0 ? g.name : '',
        i === 0 ? count(g.records) : '',
        `${short(t.from)} -> ${short(t.to)}`,
        count(t.counted),
        count(t.converted),
        pct(t.rate),
        pct(t.lower_bound),
        days(t.median_lag_days),
      ]);
    });
  }
  return [
    `Calibration as of ${report.as_of}: ${count(all?.records ?? 0)} records, stages ${report.stages.map(short).join(' > ')}.`,
    'Counted: records that entered the stage long enough before the as-of date (the 90th percentile of its lags), so recent records do not drag the rate down.',
    '',
    ...table(head, rows, [false, true, false, true, true, true, true, true]),
    ...flagLines(contactsFlags(report, options), options.minCounted ?? MIN_COUNTED, 'mature records'),
  ].join('\n');
}

/** The opportunities report as text. */
export function opportunityText(report: OpportunityReport, options: TextOptions = {}): string {
  const head = [
    'Group',
    'Opportunities',
    'Closed',
    'Won',
    'Win rate',
    `${confidenceLabel(options.confidence)} lower bound`,
    'Median won value',
    'Mean won value',
    'Median cycle (days)',
  ];
  const rows = report.groups.map((g) => [
    g.name,
    count(g.opportunities),
    count(g.closed),
    count(g.won),
    pct(g.win_rate),
    pct(g.win_rate_lower_bound),
    money(g.median_won_value),
    money(g.mean_won_value),
    days(g.median_cycle_days),
  ]);
  return [
    `Opportunities as of ${report.as_of}: win rate of closed opportunities, won deal values and sales cycle (created to close, won deals).`,
    '',
    ...table(head, rows, [false, true, true, true, true, true, true, true, true]),
    ...flagLines(opportunityFlags(report, options), options.minCounted ?? MIN_COUNTED, 'closed opportunities'),
  ].join('\n');
}
