/**
 * What the Calibrate view (and the CLI's table) points out in a report, by two rules:
 *
 * - Too few to judge: a group's transition with fewer than MIN_COUNTED (30) mature records
 *   counted (for opportunities: fewer than 30 closed). Below 30 one record moves the rate
 *   by more than three points and the lower bound is wide; the rate is shown, but it should
 *   not be typed into the model as if it were measured. ("All" is judged too: a thin file
 *   is thin overall.)
 * - Volume without quality, the lead-source scorecard's rule (src/features/scorecard.ts)
 *   applied per transition: a source with at least the median volume among the sources
 *   (records counted at that transition; closed opportunities) whose lower bound is below
 *   DEFAULT_FLAG_SHARE (half) of the overall rate ("All"'s rate, every source pooled, as
 *   the scorecard's average quality is). "All" itself is never flagged, nor a source with
 *   too few to judge: a thin sample is not volume, and its low bound is mostly its size.
 */
import { DEFAULT_FLAG_SHARE } from '../lead-sources/scorecard';
import type { ContactsReport, OpportunityReport } from './report';

/** Fewer records counted than this at a transition is too few to judge. */
export const MIN_COUNTED = 30;

export interface FlagOptions {
  /** Too few below this many counted (closed, for opportunities); 30 by default. */
  minCounted?: number;
  /** Volume without quality below this share of the overall rate; the scorecard's 0.5 by default. */
  flagShare?: number;
}

export type FlagKind = 'too-few' | 'volume-without-quality';

export interface CalibrationFlag {
  kind: FlagKind;
  /** The group's name, as in the report. */
  group: string;
  /** The transition's index in the group's transitions (contacts reports only). */
  transition?: number;
  /** "Lead -> Marketing Qualified Lead", or "win rate" for an opportunities report. */
  what: string;
  /** Records counted (closed opportunities) behind the number. */
  counted: number;
  /** One plain sentence for the view and the CLI. */
  message: string;
}

function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** "1 mature record", "28 mature records": unit is [singular, plural]. */
function plural(n: number, unit: readonly [string, string]): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? unit[0] : unit[1]}`;
}

const RECORDS = ['mature record', 'mature records'] as const;
const CLOSED = ['closed opportunity', 'closed opportunities'] as const;

interface Cell {
  group: string;
  transition?: number;
  what: string;
  counted: number;
  rate: number | null;
  bound: number | null;
}

/** Both rules over one column of cells: one per group, "All" first. */
function flagColumn(cells: Cell[], options: FlagOptions, unit: readonly [string, string]): CalibrationFlag[] {
  const min = options.minCounted ?? MIN_COUNTED;
  const share = options.flagShare ?? DEFAULT_FLAG_SHARE;
  const out: CalibrationFlag[] = [];
  const [all, ...sources] = cells;
  const volumeMedian = median(sources.map((c) => c.counted));
  for (const c of cells) {
    const base = { group: c.group, ...(c.transition !== undefined ? { transition: c.transition } : {}) };
    if (c.counted < min) {
      out.push({
        kind: 'too-few',
        ...base,
        what: c.what,
        counted: c.counted,
        message: `${c.group}, ${c.what}: ${c.counted ? `only ${plural(c.counted, unit)}` : `no ${unit[1]}`} counted (fewer than ${min}), too few to judge.`,
      });
      continue;
    }
    if (
      c !== all &&
      all.rate !== null &&
      c.bound !== null &&
      volumeMedian !== undefined &&
      c.counted >= volumeMedian &&
      c.bound < share * all.rate
    )
      out.push({
        kind: 'volume-without-quality',
        ...base,
        what: c.what,
        counted: c.counted,
        message: `${c.group}, ${c.what}: volume without quality, ${plural(c.counted, unit)} at a rate of ${pct(c.rate ?? 0)} (at least ${pct(c.bound)}), against ${pct(all.rate)} overall.`,
      });
  }
  return out;
}

/** The flags of a contacts report, transition by transition (in funnel order), each group in report order. */
export function contactsFlags(report: ContactsReport, options: FlagOptions = {}): CalibrationFlag[] {
  const out: CalibrationFlag[] = [];
  const transitions = report.groups[0]?.transitions.length ?? 0;
  for (let i = 0; i < transitions; i++) {
    const cells: Cell[] = report.groups.map((g) => {
      const t = g.transitions[i];
      return {
        group: g.name,
        transition: i,
        what: `${t.from} -> ${t.to}`,
        counted: t.counted,
        rate: t.rate,
        bound: t.lower_bound,
      };
    });
    out.push(...flagColumn(cells, options, RECORDS));
  }
  return out;
}

/** The flags of an opportunities report: its win rates. */
export function opportunityFlags(report: OpportunityReport, options: FlagOptions = {}): CalibrationFlag[] {
  if (!report.groups.length) return [];
  return flagColumn(
    report.groups.map((g) => ({
      group: g.name,
      what: 'win rate',
      counted: g.closed,
      rate: g.win_rate,
      bound: g.win_rate_lower_bound,
    })),
    options,
    CLOSED,
  );
}

/** Is this number too thin to judge? For the view's cells. */
export function tooFewToJudge(counted: number, options: FlagOptions = {}): boolean {
  return counted < (options.minCounted ?? MIN_COUNTED);
}
