/**
 * The Calibrate view's rows, from the report and its flags: the same numbers `roi
 * calibrate` prints, formatted as the calibration sheet formats them (rates 0.0%, counts
 * #,##0, lags 0.0 days, money #,##0), with each number's flags beside it. Pure, so the
 * view stays a layout and the tests check the words without a browser.
 */
import { formatValue } from '../../base/format';
import type { CalibrationFlag } from './flags';
import type { ContactsReport, OpportunityReport } from './report';
import { shortStage } from './text';

const pct = (x: number | null) => (x === null ? '-' : formatValue(x, '0.0%'));
const count = (x: number) => formatValue(x, '#,##0');
const days = (x: number | null) => (x === null ? '-' : formatValue(x, '0.0'));
const money = (x: number | null) => (x === null ? '-' : formatValue(x, '$#,##0'));

export interface StepRow {
  /** "Lead → MQL". */
  step: string;
  counted: string;
  rate: string;
  bound: string;
  /** Median days from the stage to the next. */
  lag: string;
  tooFew: boolean;
  volumeWithoutQuality: boolean;
}

export interface ContactsGroupView {
  name: string;
  records: string;
  steps: StepRow[];
  /** Steps flagged volume without quality. */
  flagged: number;
  /** Steps with too few mature records to judge. */
  thin: number;
}

function flagged(flags: CalibrationFlag[], kind: CalibrationFlag['kind'], group: string, transition?: number): boolean {
  return flags.some((f) => f.kind === kind && f.group === group && f.transition === transition);
}

export function contactsView(report: ContactsReport, flags: CalibrationFlag[]): ContactsGroupView[] {
  return report.groups.map((g) => {
    const steps = g.transitions.map((t, i) => ({
      step: `${shortStage(t.from)} → ${shortStage(t.to)}`,
      counted: count(t.counted),
      rate: pct(t.rate),
      bound: pct(t.lower_bound),
      lag: days(t.median_lag_days),
      tooFew: flagged(flags, 'too-few', g.name, i),
      volumeWithoutQuality: flagged(flags, 'volume-without-quality', g.name, i),
    }));
    return {
      name: g.name,
      records: count(g.records),
      steps,
      flagged: steps.filter((s) => s.volumeWithoutQuality).length,
      thin: steps.filter((s) => s.tooFew).length,
    };
  });
}

export interface OpportunityGroupView {
  name: string;
  opportunities: string;
  closed: string;
  winRate: string;
  bound: string;
  medianValue: string;
  meanValue: string;
  cycle: string;
  tooFew: boolean;
  volumeWithoutQuality: boolean;
}

export function opportunityView(report: OpportunityReport, flags: CalibrationFlag[]): OpportunityGroupView[] {
  return report.groups.map((g) => ({
    name: g.name,
    opportunities: count(g.opportunities),
    closed: count(g.closed),
    winRate: pct(g.win_rate),
    bound: pct(g.win_rate_lower_bound),
    medianValue: money(g.median_won_value),
    meanValue: money(g.mean_won_value),
    cycle: days(g.median_cycle_days),
    tooFew: flagged(flags, 'too-few', g.name),
    volumeWithoutQuality: flagged(flags, 'volume-without-quality', g.name),
  }));
}

/** One sentence above the numbers. */
export function reportSentence(report: ContactsReport | OpportunityReport): string {
  if ('stages' in report) {
    const all = report.groups[0];
    return `As of ${report.as_of}: ${count(all?.records ?? 0)} records, ${report.groups.length - 1} source${report.groups.length === 2 ? '' : 's'}, stages ${report.stages.map(shortStage).join(' → ')}. A record counts at a stage once it is older than the stage's usual time to convert (the 90th percentile), so recent records do not drag a rate down.`;
  }
  const all = report.groups[0];
  return `As of ${report.as_of}: ${count(all?.opportunities ?? 0)} opportunities, ${count(all?.closed ?? 0)} closed. The win rate counts closed opportunities only (open ones wait); deal values and cycle are from won deals.`;
}
