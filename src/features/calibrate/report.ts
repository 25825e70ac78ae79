/**
 * The calibration report: per group ("All" first, then each source), the measured
 * stage-to-stage rates with their lower bounds and the median lags of a contacts export,
 * or the win rate, deal values and sales cycle of an opportunities report. Plain data
 * that serialises (JSON.stringify) to exactly the shape `roi calibrate --json` prints:
 *
 * contacts: {"as_of": "YYYY-MM-DD", "stages": [...], "groups": [{"name": "All", "records": N,
 *   "transitions": [{"from", "to", "counted", "converted", "rate", "lower_bound",
 *   "median_lag_days"}, ...]}, ...]}
 * opportunities: {"as_of": "YYYY-MM-DD", "groups": [{"name": "All", "opportunities": N,
 *   "closed", "won", "win_rate", "win_rate_lower_bound", "median_won_value",
 *   "mean_won_value", "median_cycle_days"}, ...]}
 *
 * Every number comes from the core's kernels on the parsed dates: rate and lower_bound
 * are STAGERATES with the default maturity rule at the report's as-of (the latest date
 * in the file unless one is given), median_lag_days is STAGELAGS with quantile 0.5 in days
 * over the dates as of that day (dates after it blank; with the default as-of that is
 * every date). Each group is STAGERATES on that group's records with the file's as-of, as
 * a FILTERed range would be in a sheet (the kernel judges each range by its own latest
 * date when that is earlier: core/calibrate.ts, DECISIONS 2). null where the kernel gives
 * an error: nothing counted (#DIV/0!), no lag (#N/A).
 *
 * Opportunities (decided here): as of the as-of day, an opportunity created after it is
 * left out and one closed after it is still open. The win rate is won / closed (open
 * opportunities wait), its bound the one-sided Wilson bound at the confidence, as
 * LEADQUALITY computes it; deal values are the Amounts of won opportunities (blank
 * amounts left out); the cycle is close minus created over won opportunities with both
 * dates and close on or after created, its median as PERCENTILE.INC(0.5).
 */
import { effectiveAsOf, percentileInc, stageLags, stageRates } from '../../core/calibrate';
import { isRoiError, wilsonLower } from '../../core';
import { CalibrationError } from './errors';
import { isoFromSerial, parseDateCell } from './dates';
import { ALL_GROUP, type ContactsData, type Group, type OpportunityData } from './read';

export const DEFAULT_CONFIDENCE = 0.9;

export interface ReportOptions {
  /** Confidence of the lower bounds, strictly between 0 and 1; 0.9 by default. */
  confidence?: number;
  /**
   * The as-of moment: an Excel serial, or a date as text (2025-06-30, 6/30/2025, with a
   * time if wanted). A date without a time is that day's midnight, as =DATE(2025,6,30) is in
   * a cell, so activity during that day is after it. Default: the latest date in the file;
   * a later one is the latest date (see core/calibrate.ts, DECISIONS 2).
   */
  asOf?: number | string;
}

export interface TransitionReport {
  from: string;
  to: string;
  counted: number;
  converted: number;
  rate: number | null;
  lower_bound: number | null;
  median_lag_days: number | null;
}

export interface ContactsGroupReport {
  name: string;
  records: number;
  transitions: TransitionReport[];
}

export interface ContactsReport {
  as_of: string;
  stages: string[];
  groups: ContactsGroupReport[];
}

export interface OpportunityGroupReport {
  name: string;
  /** Opportunities created by the as-of day (or with no created date). */
  opportunities: number;
  /** Of them, closed (won or lost) by the as-of day. */
  closed: number;
  won: number;
  /** won / closed; null when none is closed. */
  win_rate: number | null;
  win_rate_lower_bound: number | null;
  /** Median (PERCENTILE.INC 0.5) and mean Amount of won opportunities; null when none has an amount. */
  median_won_value: number | null;
  mean_won_value: number | null;
  /** Median days from created to close of won opportunities; null when none has both dates. */
  median_cycle_days: number | null;
}

export interface OpportunityReport {
  as_of: string;
  groups: OpportunityGroupReport[];
}

/** The confidence, checked. */
export function checkConfidence(c: number | undefined): number {
  const v = c ?? DEFAULT_CONFIDENCE;
  if (!(typeof v === 'number' && v > 0 && v < 1))
    throw new CalibrationError(
      'bad-option',
      `The confidence must be strictly between 0 and 1 (for example 0.9 for 90%), not ${String(v)}.`,
    );
  return v;
}

/** The as-of serial a report uses: the option (checked) or the latest date, never after the latest date. */
export function reportAsOf(latest: number | undefined, asOf: number | string | undefined): number {
  if (latest === undefined)
    throw new CalibrationError('no-dates', 'The date columns hold no date: there is nothing to calibrate from.');
  let given: number | undefined;
  if (asOf !== undefined && asOf !== '') {
    const d = parseDateCell(asOf);
    if (d === null || d === undefined)
      throw new CalibrationError(
        'bad-option',
        `The as-of date "${String(asOf)}" is not a date (expected 2025-06-30, 6/30/2025 or an Excel date number).`,
      );
    given = d;
  }
  return effectiveAsOf(latest, given)!;
}

/** The rows of one group (every record for "All"). */
export function groupRows<T>(rows: readonly T[], group: Group | undefined): T[] {
  return group ? group.records.map((i) => rows[i]) : (rows as T[]);
}

/** The dates as of `asOf`: dates after it blank (a copy only when one is). */
export function datesAsOf(dates: readonly (readonly number[])[], asOf: number): number[][] {
  let after = false;
  for (const row of dates) for (const d of row) if (d > asOf) after = true;
  if (!after) return dates as number[][];
  return dates.map((row) => row.map((d) => (d > asOf ? NaN : d)));
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The contacts report (see the file's comment). Throws CalibrationError for a bad option. */
export function contactsReport(data: ContactsData, options: ReportOptions = {}): ContactsReport {
  const confidence = checkConfidence(options.confidence);
  const asOf = reportAsOf(data.latest, options.asOf);
  const stages = data.stages.map((s) => s.name);
  const groups: Array<Group | undefined> = [undefined, ...data.groups];
  return {
    as_of: isoFromSerial(asOf),
    stages,
    groups: groups.map((g) => {
      const dates = groupRows(data.dates, g);
      const rates = stageRates(dates, confidence, asOf);
      const lags = stageLags(datesAsOf(dates, asOf), 0.5, 1);
      if (isRoiError(rates)) throw new CalibrationError('bad-option', rates.message);
      if (isRoiError(lags)) throw new CalibrationError('bad-option', lags.message);
      return {
        name: g ? g.name : ALL_GROUP,
        records: dates.length,
        transitions: rates.map(([counted, converted, rate, bound], i) => ({
          from: stages[i],
          to: stages[i + 1],
          counted,
          converted,
          rate: num(rate),
          lower_bound: num(bound),
          median_lag_days: num(lags[i]),
        })),
      };
    }),
  };
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  values.sort((a, b) => a - b);
  return percentileInc(values, 0.5);
}

/** The opportunities report (see the file's comment). Throws CalibrationError for a bad option. */
export function opportunityReport(data: OpportunityData, options: ReportOptions = {}): OpportunityReport {
  const confidence = checkConfidence(options.confidence);
  const asOf = reportAsOf(data.latest, options.asOf);
  const groups: Array<Group | undefined> = [undefined, ...data.groups];
  const all = data.created.map((_, i) => i);
  return {
    as_of: isoFromSerial(asOf),
    groups: groups.map((g) => {
      let opportunities = 0;
      let closed = 0;
      let won = 0;
      const values: number[] = [];
      const cycles: number[] = [];
      for (const i of g ? g.records : all) {
        if (data.created[i] > asOf) continue; // not created yet
        opportunities++;
        if (!data.closed[i] || data.close[i] > asOf) continue; // still open then
        closed++;
        if (!data.won[i]) continue;
        won++;
        if (data.amount[i] === data.amount[i]) values.push(data.amount[i]);
        const cycle = data.close[i] - data.created[i];
        if (cycle >= 0) cycles.push(cycle);
      }
      const bound = closed ? wilsonLower(won, closed, confidence) : NaN;
      const mean = values.length ? values.reduce((t, v) => t + v, 0) / values.length : NaN;
      return {
        name: g ? g.name : ALL_GROUP,
        opportunities,
        closed,
        won,
        win_rate: closed ? won / closed : null,
        win_rate_lower_bound: num(bound),
        median_won_value: median(values),
        mean_won_value: num(mean),
        median_cycle_days: median(cycles),
      };
    }),
  };
}
