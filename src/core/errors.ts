/**
 * Errors are values, not exceptions: every core function returns a RoiError instead of
 * throwing, and each adapter turns it into its host's error (CustomFunctions.Error,
 * HyperFormula's CellError, the CLI's {"error","message"} object).
 */
export type ErrorCode =
  | '#VALUE!'
  | '#NUM!'
  | '#DIV/0!'
  | '#N/A'
  | '#NAME?'
  | '#REF!'
  | '#NULL!'
  | '#SPILL!'
  | '#CALC!'
  | '#GETTING_DATA'
  | '#BUSY!';

export const ERROR_CODES: readonly ErrorCode[] = [
  '#VALUE!',
  '#NUM!',
  '#DIV/0!',
  '#N/A',
  '#NAME?',
  '#REF!',
  '#NULL!',
  '#SPILL!',
  '#CALC!',
  '#GETTING_DATA',
  '#BUSY!',
];

export class RoiError {
  readonly kind = 'roi-error' as const;
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}
  toString(): string {
    return this.message ? `${this.code} ${this.message}` : this.code;
  }
}

export function isRoiError(x: unknown): x is RoiError {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'roi-error';
}

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}

/**
 * The one catalogue of messages, so wording stays consistent across functions: every
 * message the core returns is made here (the kernels, the runner and the argument
 * readers call these; no message is written as a literal anywhere else). It ships in
 * functions.js, so each entry is one short template.
 */
export const msg = {
  required: (arg: string) => `${arg} is required.`,
  text: (arg: string, v: string) =>
    `${arg} must be a number, not the text "${truncate(v)}". Type the number itself (25% or 0.25), not text.`,
  boolean: (arg: string) => `${arg} must be a number, not TRUE or FALSE.`,
  notText: (arg: string, v: boolean | number) =>
    `${arg} must be text, not ${typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : 'a number'}.`,
  notFinite: (arg: string) => `${arg} must be a finite number.`,
  rate: (arg: string, v: number) =>
    `${arg} must be a rate between 0 and 1 (0% to 100%): enter 25% or 0.25, not ${fmt(v)} (which is ${fmt(v * 100)}%).`,
  nonNegative: (arg: string, v: number) => `${arg} must be 0 or more, not ${fmt(v)}.`,
  atLeast: (arg: string, min: number, v: number) => `${arg} must be ${fmt(min)} or more, not ${fmt(v)}.`,
  whole: (arg: string, min: number, v: number) => `${arg} must be a whole number, ${fmt(min)} or more, not ${fmt(v)}.`,
  openUnit: (arg: string, v: number) =>
    `${arg} must be a probability strictly between 0 and 1 (for example 90%), not ${fmt(v)}.`,
  positiveRate: (arg: string, v: number) =>
    `${arg} must be a rate above 0 and at most 1 (for example 1% or 0.01), not ${fmt(v)}.`,
  between: (arg: string, lo: number, hi: number, v: number) =>
    `${arg} must be between ${fmt(lo)} and ${fmt(hi)}, not ${fmt(v)}.`,
  emptyList: (arg: string) => `${arg} has no numbers: give one number, or a one-row or one-column range of them.`,
  notAList: (arg: string, rows: number, cols: number) =>
    `${arg} must be one row or one column, not a ${rows}x${cols} block.`,
  namesBoolean: (arg: string) => `${arg} must be names (text), not TRUE or FALSE.`,
  noNames: (arg: string) => `${arg} has no names: give one name per funnel row.`,
  tooManyStages: (arg: string, n: number, max: number) => `${arg} has ${n} stages: at most ${max} are supported.`,
  sameLength: (arg: string, n: number, other: string, m: number) =>
    `${arg} has ${n} value${n === 1 ? '' : 's'} but ${other} has ${m}: give one per stage (blank cells are skipped in both alike).`,
  namesLength: (arg: string, n: number, rows: number) =>
    `${arg} has ${n} names but the funnel has ${rows} rows (one per rate, plus deals).`,
  dateColumns: (arg: string, cols: number) => `${arg} must have one column per stage, at least two, not ${cols}.`,
  dateText: (arg: string, row: number, v: string) =>
    `${arg} row ${row} holds the text "${truncate(v)}": convert text dates to dates first (DATEVALUE, or Data > Text to Columns).`,
  dateBoolean: (arg: string, row: number) => `${arg} row ${row} holds TRUE or FALSE, not a date.`,
  dateNumber: (arg: string, row: number, v: number) =>
    `${arg} row ${row} holds ${fmt(v)}: a date must be a serial number, 0 or more.`,
  shape: (fn: string) =>
    `The ranges given to ${fn} have different shapes: give ranges of the same size, or single values.`,
  single: (arg: string, fn: string) => `${arg} must be a single value in ${fn} (its result already spills).`,
  tooLarge: (what: string) => `The ${what} is too large to represent exactly.`,
  tooManyArgs: (fn: string, n: number) => `${fn} takes at most ${n} arguments.`,
  unknownFunction: (name: string) => `${truncate(name)} is not a function of Outcome ROI.`,
  kernelFailed: (fn: string, reason: string) => `${fn} could not compute this: ${reason}`,
  readFailed: (fn: string, reason: string) => `${fn} could not read its arguments: ${reason}`,
  unreadable: () => 'An argument holds a value Outcome ROI cannot read.',
  // The kernels' own conditions (src/core/funnel.ts, src/core/economics.ts).
  zeroDealValue: () => 'average_deal_value is 0: a deal of no value never reaches a revenue target.',
  zeroRate: (arg: string, i: number) =>
    `${arg} has a rate of 0 at stage ${i + 1}: no number of leads reaches the target through a stage nothing passes.`,
  leadsTooLarge: () => 'The number of leads needed at that confidence is too large to compute exactly.',
  zeroWinRate: () => 'win_rate is 0: no number of opportunities wins a deal.',
  zeroLeads: () => 'leads is 0: quality is a share of leads, and there are none.',
  qualifiedAboveLeads: (qualified: number, leads: number) =>
    `qualified (${fmt(qualified)}) cannot exceed leads (${fmt(leads)}).`,
  zeroCustomers: () => 'new_customers is 0: no customer to divide the cost among.',
  unboundedLtv: () =>
    'churn_rate and discount_rate are both 0: the lifetime value is unbounded. Enter the churn you expect.',
  noMargin: () => 'revenue_per_period * gross_margin is 0: there is no margin to earn back cac.',
  neverPaidBack: (lifetime: number, cac: number) =>
    `The customer's lifetime margin (${money(lifetime)}) never reaches cac (${money(cac)}).`,
  zeroMarketingCost: () => 'marketing_cost is 0: a return needs an investment.',
  zeroEbitdaMargin: () => 'ebitda_margin is 0: no margin to compare growth with.',
  zeroCycle: () => 'cycle_length is 0: a sales cycle takes some time.',

  // ---- METRICKIND (src/core/metrics.ts): unknown metric names, shown cut and cleaned (shownName) ----
  unknownMetric: (name: string, nearest: ReadonlyArray<readonly [string, string]>) =>
    `Unknown metric "${shownName(name)}". ${
      nearest.length
        ? `Nearest known names: ${nearest.map(([n, kind]) => `${n} (${kind})`).join(', ')}. Known outputs, results and outcomes: see the function reference.`
        : 'Known outputs: emails sent, impressions...; results: page views, leads...; outcomes: customers won, CAC... (see the function reference).'
    }`,
  metricTooLong: (name: string, max: number) =>
    `Unknown metric "${shownName(name)}": a metric name is at most ${max} characters, this one has ${name.length}.`,
  // ---- end METRICKIND ----
  // ---- Calibrating from your data (STAGERATES, STAGELAGS: src/core/calibrate.ts) ----
  stageColumns: (arg: string, cols: number) =>
    `${arg} needs at least two columns, one per stage (top first, won last); it has ${cols}.`,
  noStageDates: (from: number, to: number) =>
    `Nothing to count from stage ${from} to stage ${to}: stage_dates holds no date.`,
  asOfBeforeDates: (from: number, to: number) =>
    `Nothing to count from stage ${from} to stage ${to}: as_of is before every date in stage_dates.`,
  nothingCounted: (from: number, to: number, minAge: number) =>
    `Nothing to count from stage ${from} to stage ${to}: no record entered stage ${from} at least ${fmt(minAge)} days before as_of.`,
  noLag: (from: number, to: number) =>
    `No lag from stage ${from} to stage ${to}: no record has both dates typed (not filled) with the later one on or after the earlier.`,
  daysPerPeriodZero: () =>
    'days_per_period is 0: lags are divided by it. Use 1 for days, 7 for weeks, 30.4375 for months.',
  daysPerPeriod: (v: number) =>
    `days_per_period must be above 0 (1 for days, 7 for weeks, 30.4375 for months), not ${fmt(v)}.`,
  // --- Time functions: FUNNELPLAN, FUNNELFORECAST, PIPELINEHIT (issue 13) ---
  planTooLarge: (stages: number, periods: number, lag: number, max: number) =>
    `The plan is too large: ${fmt(stages + 1)} rows over ${fmt(periods + 1 + lag)} periods (${fmt(periods)} periods, "before", and ${fmt(lag)} periods of lag) is more than ${fmt(max)} values. Use fewer periods or stages, or shorter lags.`,
  forecastTooLarge: (stages: number, periods: number, max: number) =>
    `The forecast is too large: ${fmt(stages + 1)} rows by ${fmt(periods + 1)} columns is more than ${fmt(max)} values. Use fewer periods or stages.`,
  pipelineTooWide: (max: number) =>
    `open_counts are too large to compute the probability exactly: the deals they could yield spread over more than ${fmt(max)} values.`,
};

/**
 * Messages of the doors that are not the add-in (the engine and the command line). Kept apart from `msg` so that webpack leaves them out of
 * functions.js, which imports `msg` only.
 */
export const hostMsg = {
  unsupported: () => 'Unsupported value.',
  wrongArgCount: (signature: string) => `Wrong number of arguments: ${signature}.`,
  noValues: (fn: string) => `${fn} returned no values.`,
  spillTooLarge: (fn: string, rows: number, cols: number, reserved: { rows: number; cols: number }, stale: boolean) =>
    `${fn} returned ${rows}x${cols} values, but the engine reserved ${reserved.rows}x${reserved.cols} cells when it read the formula` +
    (stale ? ': enter the formula again.' : '. Pass ranges or array constants directly.'),
  notCalculated: (reason: string) => `The formula could not be calculated: ${reason}`,
  notRead: (reason: string) => `The formula could not be read: ${reason}.`,
  /** A generic message for one of HyperFormula's own errors that comes without one. */
  engineDefault: (code: string) => ENGINE_DEFAULTS[code] ?? 'Error.',
};

const ENGINE_DEFAULTS: Record<string, string> = {
  '#DIV/0!': 'Division by zero.',
  '#VALUE!': 'A value has the wrong type.',
  '#NUM!': 'A number is out of range.',
  '#N/A': 'A value is not available.',
  '#NAME?': 'Unknown function or name.',
  '#REF!': 'Invalid reference.',
  '#CYCLE!': 'Circular reference.',
  '#SPILL!': 'The result has no room to spill.',
  '#ERROR!': 'The formula could not be calculated.',
};

/** A whole amount of money for a message ("40,000"); "unbounded" for Infinity. */
function money(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'unbounded';
}

function truncate(s: string): string {
  return s.length > 30 ? `${s.slice(0, 27)}...` : s;
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(12)));
}

/* ---- METRICKIND's shownName (used by its messages above) ---- */

/** Control, bidi and zero-width characters: never echoed into a message. */
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const SPACES = /\s+/g;

/**
 * A user's text as a message shows it: control and bidi characters dropped, spaces
 * collapsed, cut to `max` characters (never inside a character) with "..." when cut. Only
 * the start of the text is looked at, so a 10 MB argument costs no more than a short one.
 */
export function shownName(s: string, max = 60): string {
  const chars = Array.from(
    s
      .slice(0, 4 * max)
      .replace(UNSHOWABLE, '')
      .replace(SPACES, ' ')
      .trim(),
  );
  return chars.length > max || s.length > 4 * max ? `${chars.slice(0, max).join('')}...` : chars.join('');
}
