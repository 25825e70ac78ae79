/**
 * Calibrating from your data: the kernels behind ROI.STAGERATES and ROI.STAGELAGS
 * (functions.md, "Calibrating from your data"). Plain functions over already-validated
 * input: `dates` has one row per record and one column per stage (top first, won last),
 * each cell an Excel serial date (a time of day as a fraction) or NaN for blank. The
 * runner validates the range (text dates, errors); these kernels check only the scalar
 * arguments' domains, so they are safe to call directly (the calibration report does).
 * Each returns numbers, or RoiError values with the catalogue's messages.
 *
 * Cost: O(n m) passes plus one sort of each transition's lags (typed arrays, no
 * per-record objects), so 100,000 records x 5 stages stays close to inline counting.
 *
 * DECISIONS (where the contract is silent; each is stated in plain words in the function's
 * notes in docs.ts, so in the reference, docs/functions.md):
 * 1. Order of the rules: as_of first, then the fill rule. Dates after as_of are blank, and a
 *    missing earlier date is filled only from later dates on or before as_of, so an
 *    earlier as_of replays exactly what was known then. Lags for the default min_age are
 *    also taken from the dates as of as_of.
 * 2. Default as_of: the latest date anywhere in the range (before filling). A range with no
 *    date at all has nothing to count: every transition is 0, 0, #DIV/0!, #DIV/0!.
 *    An as_of after the latest date is taken as the latest date: the range cannot show a
 *    conversion after its last date, so a later as_of would only make recent records look
 *    mature and count them as failures whose conversions are simply not in the data yet
 *    (the bias the maturity rule exists to remove; TODAY() on a stale export would do it).
 *    So an as_of in the future changes nothing. Each range is judged by its own latest
 *    date: a FILTERed source whose last date is earlier than the file's is as of that date.
 * 3. as_of before every date: every date is blank, so nothing is counted anywhere
 *    (0, 0, #DIV/0!, #DIV/0! per transition; the message says as_of precedes the dates).
 * 4. Maturity is inclusive: a record is counted at transition i when as_of - (its stage-i
 *    date) >= min_age. min_age 0 counts every record that entered stage i by as_of.
 * 5. Converted: counted at i and holding a stage-(i+1) date on or before as_of, present or
 *    filled from a later stage, however long it took (maturity, not a time window, keeps
 *    the rate fair).
 * 6. A negative lag (the later stage's date before the earlier one's, a CRM re-set): the
 *    dates are taken as written, not reordered. The record is counted by its own stage-i
 *    date under the maturity rule and, when counted, converted (it did reach stage i+1);
 *    its lag stays out of the lag sets (the contract's "lag >= 0").
 * 7. Counted > 0 with an empty lag set (nobody converted, or every conversion skipped the
 *    stage and was filled): min_age is 0 as the contract says, so every record that
 *    entered is counted. With no conversion the rate is an honest 0 (bound 0); the
 *    calibration report flags thin transitions by their counted records.
 * 8. Domains: confidence strictly between 0 and 1 (#NUM!, as LEADQUALITY; below 50% the
 *    Wilson "lower" bound lies above the rate, as LEADQUALITY's does); min_age a finite
 *    number >= 0 (#NUM!); as_of a finite number (#NUM!); quantile in [0, 1], as
 *    PERCENTILE.INC (#NUM!); days_per_period 0 is #DIV/0!, negative or not finite #NUM!.
 * 9. Cells that are not finite numbers (NaN, +-Infinity) are blank. A row shorter than the
 *    widest is blank in its missing cells; the widest row sets the number of stages, and
 *    fewer than two stages (or no rows) is #VALUE!.
 * 10. STAGELAGS has no as_of: its lags use every date in the range.
 */
import { RoiError, msg } from './errors';
import { wilsonLower } from './numeric';

/** One STAGERATES row: records counted, of them converted, rate, Wilson lower bound. */
export type StageRateRow = [counted: number, converted: number, rate: number | RoiError, lowerBound: number | RoiError];

/**
 * Excel's PERCENTILE.INC on values already sorted ascending: the q-quantile with linear
 * interpolation between closest ranks, rank q*(n-1) counted from 0. `q` in [0, 1] and at
 * least one value (callers check; an empty list gives NaN). Reads `length` values, so a
 * typed-array view of a larger buffer works.
 */
export function percentileInc(sorted: ArrayLike<number>, q: number, length = sorted.length): number {
  if (length <= 0) return NaN;
  if (length === 1 || q <= 0) return sorted[0];
  if (q >= 1) return sorted[length - 1];
  const pos = q * (length - 1);
  const lo = Math.floor(pos);
  const frac = pos - lo;
  if (frac === 0 || lo + 1 >= length) return sorted[lo];
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

/** Stages in the range: the widest row. */
function stageCount(dates: readonly (readonly number[])[]): number {
  let m = 0;
  for (let r = 0; r < dates.length; r++) if (dates[r].length > m) m = dates[r].length;
  return m;
}

/** The latest date in the range (the default as_of), or undefined when there is none. */
export function latestDate(dates: readonly (readonly number[])[]): number | undefined {
  let max = -Infinity;
  for (let r = 0; r < dates.length; r++) {
    const row = dates[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v > max && v !== Infinity) max = v; // NaN fails the comparison
    }
  }
  return max === -Infinity ? undefined : max;
}

/**
 * The as_of the rules use: the one given, but never after the latest date in the range
 * (DECISIONS 2); the latest date when none is given; undefined when the range has no date.
 */
export function effectiveAsOf(latest: number | undefined, asOf?: number): number | undefined {
  if (latest === undefined) return undefined;
  return asOf === undefined || asOf > latest ? latest : asOf;
}

/**
 * The dates as of `asOf` with the fill rule applied, row-major in one buffer (n * m):
 * dates after asOf and non-finite cells are NaN, then each blank takes the earliest
 * later date present. `present` marks the dates actually present (not filled).
 */
function fillAsOf(
  dates: readonly (readonly number[])[],
  m: number,
  asOf: number,
): { filled: Float64Array; present: Uint8Array } {
  const n = dates.length;
  const filled = new Float64Array(n * m);
  const present = new Uint8Array(n * m);
  for (let r = 0; r < n; r++) {
    const row = dates[r];
    const base = r * m;
    let earliest = NaN; // the earliest date present at a later stage
    for (let c = m - 1; c >= 0; c--) {
      const v = c < row.length ? row[c] : NaN;
      if (Number.isFinite(v) && v <= asOf) {
        filled[base + c] = v;
        present[base + c] = 1;
        if (!(v >= earliest)) earliest = v; // also when earliest is NaN
      } else {
        filled[base + c] = earliest;
      }
    }
  }
  return { filled, present };
}

/**
 * Every transition's lags (later date - earlier date) over records with both dates present
 * and a lag >= 0, each transition's lags sorted once. `lags` holds transition i's lags in
 * [i * n, i * n + counts[i]).
 */
function sortedLags(
  filled: Float64Array,
  present: Uint8Array,
  n: number,
  m: number,
): { lags: Float64Array; counts: Int32Array } {
  const lags = new Float64Array(n * (m - 1));
  const counts = new Int32Array(m - 1);
  for (let r = 0; r < n; r++) {
    const base = r * m;
    for (let i = 0; i < m - 1; i++) {
      if (present[base + i] && present[base + i + 1]) {
        const lag = filled[base + i + 1] - filled[base + i];
        if (lag >= 0) lags[i * n + counts[i]++] = lag;
      }
    }
  }
  for (let i = 0; i < m - 1; i++) lags.subarray(i * n, i * n + counts[i]).sort();
  return { lags, counts };
}

/**
 * The default min_age of each transition as of `asOf`: PERCENTILE.INC(0.9) of its observed
 * lags (both dates present, lag >= 0), 0 when there is none. For the calibration view
 * ("counted: records that entered at least N days before as_of").
 */
export function defaultMinAges(dates: readonly (readonly number[])[], asOf?: number): number[] {
  const m = stageCount(dates);
  if (m < 2) return [];
  const at = effectiveAsOf(latestDate(dates), asOf);
  if (at === undefined) return new Array(m - 1).fill(0);
  const { filled, present } = fillAsOf(dates, m, at);
  return minAgesFrom(filled, present, dates.length, m);
}

function minAgesFrom(filled: Float64Array, present: Uint8Array, n: number, m: number): number[] {
  const { lags, counts } = sortedLags(filled, present, n, m);
  const out: number[] = [];
  for (let i = 0; i < m - 1; i++) out.push(counts[i] ? percentileInc(lags.subarray(i * n), 0.9, counts[i]) : 0);
  return out;
}

/**
 * ROI.STAGERATES: for each transition i -> i+1 (m-1 rows), records counted (entered stage i
 * at least min_age days before as_of), of them converted (reached stage i+1 by as_of),
 * the rate and its one-sided Wilson lower bound at `confidence` (as LEADQUALITY).
 * `asOf` defaults to the latest date in the range; `minAge` (one number for every
 * transition) defaults per transition to PERCENTILE.INC(0.9) of its observed lags.
 * A transition with nothing counted has #DIV/0! in its rate and bound. See DECISIONS above.
 */
export function stageRates(
  dates: readonly (readonly number[])[],
  confidence = 0.9,
  asOf?: number,
  minAge?: number,
): StageRateRow[] | RoiError {
  const m = stageCount(dates);
  if (m < 2) return new RoiError('#VALUE!', msg.stageColumns('stage_dates', m));
  if (!(confidence > 0 && confidence < 1)) return new RoiError('#NUM!', msg.openUnit('confidence', confidence));
  if (asOf !== undefined && !Number.isFinite(asOf)) return new RoiError('#NUM!', msg.notFinite('as_of'));
  if (minAge !== undefined && !(minAge >= 0 && Number.isFinite(minAge)))
    return new RoiError(
      '#NUM!',
      Number.isFinite(minAge) ? msg.nonNegative('min_age', minAge) : msg.notFinite('min_age'),
    );
  const n = dates.length;
  const latest = latestDate(dates);
  const at = effectiveAsOf(latest, asOf);
  const rows: StageRateRow[] = [];
  if (at === undefined) {
    for (let i = 0; i < m - 1; i++) {
      const e = new RoiError('#DIV/0!', msg.noStageDates(i + 1, i + 2));
      rows.push([0, 0, e, e]);
    }
    return rows;
  }
  const { filled, present } = fillAsOf(dates, m, at);
  const ages = minAge === undefined ? minAgesFrom(filled, present, n, m) : null;
  for (let i = 0; i < m - 1; i++) {
    const age = ages ? ages[i] : (minAge as number);
    let counted = 0;
    let converted = 0;
    for (let r = 0, base = i; r < n; r++, base += m) {
      const entered = filled[base];
      // NaN (never entered stage i by as_of) fails the comparison.
      if (at - entered >= age) {
        counted++;
        if (filled[base + 1] === filled[base + 1]) converted++; // not NaN
      }
    }
    if (counted === 0) {
      const why = at < earliestDate(dates) ? msg.asOfBeforeDates(i + 1, i + 2) : msg.nothingCounted(i + 1, i + 2, age);
      const e = new RoiError('#DIV/0!', why);
      rows.push([0, 0, e, e]);
    } else {
      // A confidence so close to 0 that its z is infinite (below about 1e-300) has no bound,
      // as LEADQUALITY says too.
      const bound = wilsonLower(converted, counted, confidence);
      rows.push([
        counted,
        converted,
        converted / counted,
        Number.isFinite(bound) ? bound : new RoiError('#NUM!', msg.tooLarge('lower bound')),
      ]);
    }
  }
  return rows;
}

function earliestDate(dates: readonly (readonly number[])[]): number {
  let min = Infinity;
  for (let r = 0; r < dates.length; r++) {
    const row = dates[r];
    for (let c = 0; c < row.length; c++) if (row[c] < min && row[c] !== -Infinity) min = row[c];
  }
  return min;
}

/**
 * ROI.STAGELAGS: for each transition, PERCENTILE.INC(quantile) of (date i+1 - date i) over
 * records with both dates actually present (not filled) and a lag >= 0, divided by
 * days_per_period (30.4375 for months). One value per transition (m-1); a transition with
 * no such record is #N/A in its cell.
 */
export function stageLags(
  dates: readonly (readonly number[])[],
  quantile = 0.5,
  daysPerPeriod = 1,
): Array<number | RoiError> | RoiError {
  const m = stageCount(dates);
  if (m < 2) return new RoiError('#VALUE!', msg.stageColumns('stage_dates', m));
  if (!(quantile >= 0 && quantile <= 1)) return new RoiError('#NUM!', msg.between('quantile', 0, 1, quantile));
  if (daysPerPeriod === 0) return new RoiError('#DIV/0!', msg.daysPerPeriodZero());
  if (!(daysPerPeriod > 0 && Number.isFinite(daysPerPeriod)))
    return new RoiError(
      '#NUM!',
      Number.isFinite(daysPerPeriod) ? msg.daysPerPeriod(daysPerPeriod) : msg.notFinite('days_per_period'),
    );
  const n = dates.length;
  const { filled, present } = fillAsOf(dates, m, Infinity);
  const { lags, counts } = sortedLags(filled, present, n, m);
  const out: Array<number | RoiError> = [];
  for (let i = 0; i < m - 1; i++) {
    if (!counts[i]) out.push(new RoiError('#N/A', msg.noLag(i + 1, i + 2)));
    else {
      const v = percentileInc(lags.subarray(i * n), quantile, counts[i]) / daysPerPeriod;
      // A days_per_period near the smallest double can overflow the division.
      out.push(Number.isFinite(v) ? v : new RoiError('#NUM!', msg.tooLarge('lag in periods')));
    }
  }
  return out;
}
