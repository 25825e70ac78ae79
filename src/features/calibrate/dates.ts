/**
 * Dates as CRM exports write them, read into Excel serial numbers (the 1900 date system,
 * 1 = 1900-01-01, a time of day as a fraction of a day), so the calibration kernels see
 * the same numbers a sheet holding those dates would. Everything is computed from the
 * calendar fields with Date.UTC: no time zone is ever applied, so a date never drifts by
 * the machine's offset.
 *
 * Accepted (after trimming):
 * - ISO `2025-03-04`, `2025-03-04 10:15`, `2025-03-04T10:15:30.250`, also with `/`
 *   (`2025/03/04`); a trailing `Z` or offset (`+01:00`) is accepted and ignored: the
 *   clock time is taken as written, as the export's own users read it (lags are
 *   differences, and we cannot know the reader's zone);
 * - US `3/4/2025` (month first), `3/4/2025 10:15`, `3/4/2025 10:15:30 AM`, two-digit
 *   years by Excel's rule (00-29 are 2000-2029, 30-99 are 1930-1999);
 * - month names: `4 Mar 2025`, `04-Mar-2025`, `Mar 4, 2025`, `March 4 2025`, with a time;
 * - Excel serial numbers, as numbers (a cell read from .xlsx) or as plain decimal text,
 *   from 1 (1900-01-01) to 2958465 (9999-12-31);
 * - JavaScript Date objects, read by their UTC fields (ExcelJS gives a sheet's dates so).
 * Day-first dates (`25/3/2025`) are not accepted: a slash date is month first, and a
 * month above 12 is an error rather than a silent swap.
 */

/** A cell of a table read from a CSV, an .xlsx or a selected range. */
export type TableCell = string | number | boolean | Date | null | undefined;

const MS_PER_DAY = 86_400_000;
const EPOCH_1899_12_30 = Date.UTC(1899, 11, 30);
/** The last day Excel knows, 9999-12-31. */
export const MAX_SERIAL = 2_958_465;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function monthNumber(name: string): number | undefined {
  const k = name.toLowerCase().replace(/\.$/, '');
  if (MONTHS[k]) return MONTHS[k];
  const full = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ].indexOf(k);
  return full >= 0 ? full + 1 : undefined;
}

/**
 * The serial number of a calendar day (1900 date system), or undefined when the day does
 * not exist (2025-02-30) or is outside 1900-01-01 .. 9999-12-31. Excel's phantom
 * 1900-02-29 (serial 60) is skipped as Excel's own serials do.
 */
export function serialFromDate(year: number, month: number, day: number): number | undefined {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  const days = Math.round((t - EPOCH_1899_12_30) / MS_PER_DAY);
  return days < 61 ? days - 1 : days; // before 1900-03-01 Excel counts from 1899-12-31
}

/** "YYYY-MM-DD" of the day a serial falls on (its time of day dropped). */
export function isoFromSerial(serial: number): string {
  let days = Math.floor(serial);
  if (days < 61) days += 1;
  const d = new Date(EPOCH_1899_12_30 + days * MS_PER_DAY);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${dd}`;
}

/** A time of day as a fraction of a day, or undefined when it is not a valid time. */
function timeFraction(h?: string, mi?: string, s?: string, frac?: string, ampm?: string): number | undefined {
  if (h === undefined) return 0;
  let hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = ampm.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return (hour * 3600_000 + minute * 60_000 + second * 1000 + ms) / MS_PER_DAY;
}

// A time after the date: 10:15, 10:15:30, 10:15:30.250, 10:15 AM, an ignored zone.
const TIME = String.raw`(?:(?:[T ]|,? +)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)? *([AaPp][Mm])? *(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${TIME}$`);
const US = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})${TIME}$`);
const DAY_MON = new RegExp(String.raw`^(\d{1,2})[ -]([A-Za-z]{3,9}\.?)[ -](\d{4}|\d{2})${TIME}$`);
const MON_DAY = new RegExp(String.raw`^([A-Za-z]{3,9}\.?) +(\d{1,2}),? +(\d{4})${TIME}$`);
const SERIAL = /^\d+(?:\.\d+)?$/;

function fullYear(y: string): number {
  if (y.length === 4) return Number(y);
  const n = Number(y);
  return n < 30 ? 2000 + n : 1900 + n;
}

function withTime(
  day: number | undefined,
  h?: string,
  mi?: string,
  s?: string,
  frac?: string,
  ampm?: string,
): number | undefined {
  if (day === undefined) return undefined;
  const t = timeFraction(h, mi, s, frac, ampm);
  return t === undefined ? undefined : day + t;
}

/** A serial number typed as a number: a day Excel knows. */
function serialNumber(v: number): number | undefined {
  return Number.isFinite(v) && v >= 1 && v < MAX_SERIAL + 1 ? v : undefined;
}

/**
 * One cell of a date column as an Excel serial number: `null` when the cell is blank,
 * `undefined` when it holds something that is not a date (the caller names the row and
 * column), else the serial (a time of day as its fraction).
 */
export function parseDateCell(v: TableCell): number | null | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return serialNumber(v);
  if (typeof v === 'boolean') return undefined;
  if (v instanceof Date) {
    const t = v.getTime();
    if (!Number.isFinite(t)) return undefined;
    const day = serialFromDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
    const ms = ((t % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
    return day === undefined ? undefined : day + ms / MS_PER_DAY;
  }
  const s = v.trim();
  if (s === '') return null;
  let m = ISO.exec(s);
  if (m) return withTime(serialFromDate(Number(m[1]), Number(m[2]), Number(m[3])), m[4], m[5], m[6], m[7], m[8]);
  m = US.exec(s);
  if (m) return withTime(serialFromDate(fullYear(m[3]), Number(m[1]), Number(m[2])), m[4], m[5], m[6], m[7], m[8]);
  m = DAY_MON.exec(s);
  if (m) {
    const mon = monthNumber(m[2]);
    return withTime(
      mon === undefined ? undefined : serialFromDate(fullYear(m[3]), mon, Number(m[1])),
      m[4],
      m[5],
      m[6],
      m[7],
      m[8],
    );
  }
  m = MON_DAY.exec(s);
  if (m) {
    const mon = monthNumber(m[1]);
    return withTime(
      mon === undefined ? undefined : serialFromDate(Number(m[3]), mon, Number(m[2])),
      m[4],
      m[5],
      m[6],
      m[7],
      m[8],
    );
  }
  if (SERIAL.test(s)) return serialNumber(Number(s));
  return undefined;
}
