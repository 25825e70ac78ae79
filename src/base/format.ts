/**
 * The one number formatter: a cell value and its Excel number format -> the text the cell
 * shows (and a colour the format asks for). The workbench grid, its chart labels, the
 * engine adapter's snapshots and the task pane all format through it, so one cell reads
 * the same everywhere.
 *
 * What it covers (test/base/format.test.ts checks each against the numfmt package, the
 * reference implementation of Excel's formatting): the model's own formats ("$#,##0",
 * "0.0%", "#,##0", '0.0"x"', ...) and the ones Excel writes into files people open here:
 * sections (positive;negative;zero;text), conditions ([>=100]), quoted and escaped
 * literals, [Red] and other colours, [$€-407] currency tags (their symbol, with en-US
 * grouping), _x padding, *x fills (not stretched), thousands separators and scaling,
 * percent, scientific, and dates and times from 1 March 1900 on (Excel's 1900 system).
 * Fractions ("# ?/?") and unknown codes show as General.
 *
 * Why not numfmt itself: bundled and minified it is 33.6 KB gzipped (esbuild, numfmt
 * 4.0.1), against about 3 KB for this module, and the task pane must stay within its
 * first-screen budget; it is the oracle in the tests instead.
 *
 * Pure: no Office, no DOM.
 */
import { isRoiError } from '../core/errors';
import type { CellValue } from '../core/types';

/** Excel's "General" for a number in a cell: up to 11 significant digits, no exponent for everyday sizes. */
export function generalNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a >= 1e11 || a < 1e-9) return n.toExponential(5).replace(/\.?0+e/, 'E');
  return String(Number(n.toPrecision(11)));
}

/**
 * "General" for a reader (the task pane): up to 15 significant digits, Excel's precision,
 * thousands grouped, so float noise such as 3000000.0000000005 never shows and no digit
 * that means something is cut.
 */
export function generalFull(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a >= 1e15 || a < 1e-9)) return n.toExponential(5).replace(/\.?0+e/, 'E');
  return n.toLocaleString('en-US', { maximumSignificantDigits: 15, useGrouping: true });
}

export interface FormatOptions {
  /**
   * How "General" (and "@") shows a number: 'cell' as a cell of standard width shows it
   * (generalNumber, the default), 'reader' with every significant digit (generalFull).
   */
  general?: 'cell' | 'reader';
}

export interface Formatted {
  text: string;
  /** A colour the format asks for ([Red], [Blue], ...), as "#RRGGBB". */
  color?: string;
}

const COLORS: Record<string, string> = {
  black: '#000000',
  white: '#FFFFFF',
  red: '#FF0000',
  green: '#00B050',
  blue: '#0000FF',
  yellow: '#FFFF00',
  magenta: '#FF00FF',
  cyan: '#00FFFF',
};

/** Splits a format on ";" outside quotes, brackets and escapes. */
export function splitSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '"') {
      const end = fmt.indexOf('"', i + 1);
      const stop = end < 0 ? fmt.length : end + 1;
      cur += fmt.slice(i, stop);
      i = stop - 1;
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      cur += fmt.slice(i, i + 2);
      i++;
    } else if (ch === '[') {
      const end = fmt.indexOf(']', i);
      const stop = end < 0 ? fmt.length : end + 1;
      cur += fmt.slice(i, stop);
      i = stop - 1;
    } else if (ch === ';') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

type Piece = { lit: string } | { code: string };

/** A section as literal text and format codes, brackets read (colour, currency tag, condition). */
function pieces(section: string): {
  parts: Piece[];
  color?: string;
  condition?: (n: number) => boolean;
  /** The condition picks negative numbers ([<0], [<=-1]): the section shows them without their sign. */
  negative?: boolean;
} {
  const parts: Piece[] = [];
  let color: string | undefined;
  let condition: ((n: number) => boolean) | undefined;
  let negative = false;
  const lit = (s: string) => {
    const last = parts[parts.length - 1];
    if (last && 'lit' in last) last.lit += s;
    else parts.push({ lit: s });
  };
  const code = (s: string) => {
    const last = parts[parts.length - 1];
    if (last && 'code' in last) last.code += s;
    else parts.push({ code: s });
  };
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      lit(section.slice(i + 1, end < 0 ? section.length : end));
      i = end < 0 ? section.length : end;
    } else if (ch === '\\') {
      lit(section[i + 1] ?? '');
      i++;
    } else if (ch === '_') {
      lit(' ');
      i++;
    } else if (ch === '*') {
      i++; // a fill: the grid does not stretch text to the cell
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const inner = section.slice(i + 1, end < 0 ? section.length : end);
      i = end < 0 ? section.length : end;
      const c = COLORS[inner.toLowerCase()];
      const m = /^\$([^-\]]*)(?:-[0-9A-Fa-f]+)?$/.exec(inner);
      const cond = /^(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)$/.exec(inner);
      if (c) color = c;
      else if (m) lit(m[1]);
      else if (cond) {
        const x = Number(cond[2]);
        const op = cond[1];
        negative = (op === '<' || op === '<=') && x <= 0;
        condition = (n) =>
          op === '<'
            ? n < x
            : op === '<='
              ? n <= x
              : op === '>'
                ? n > x
                : op === '>='
                  ? n >= x
                  : op === '='
                    ? n === x
                    : n !== x;
      } else if (/^(h+|m+|s+)$/i.test(inner)) code(`[${inner}]`);
      // other tags (locale, DBNum, ...) are dropped
    } else if ('0#?.,%Ee+-/@'.includes(ch) || /[ymdhsAaPp]/.test(ch)) {
      if ((ch === 'E' || ch === 'e') && (section[i + 1] === '+' || section[i + 1] === '-')) {
        code(ch + section[i + 1]);
        i++;
      } else if ((ch === '+' || ch === '-' || ch === '/') && !parts.some((p) => 'code' in p && /[0#?]/.test(p.code))) {
        lit(ch);
      } else if (ch === 'A' || ch === 'a' || ch === 'P' || ch === 'p') {
        const ampm = /^(AM\/PM|am\/pm|A\/P|a\/p)/.exec(section.slice(i));
        if (ampm) {
          code(ampm[1]);
          i += ampm[1].length - 1;
        } else lit(ch);
      } else code(ch);
    } else lit(ch);
  }
  // Trailing +/- after the number are literals too (e.g. 0.0-)
  return { parts, color, condition, negative };
}

function isDateCode(codes: string): boolean {
  const stripped = codes.replace(/E[+-]/gi, '');
  return /[ymdhs]/i.test(stripped) && !/[0#?]/.test(stripped.replace(/\.0+/, ''));
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * x (>= 0) to `dec` decimals, rounded half up on the number as Excel reads it (15
 * significant digits): 1.005 -> "1.01" and 2.675 -> "2.68", where toFixed, working on the
 * binary double, gives 1.00 and 2.67.
 */
function toFixedDecimal(x: number, dec: number): string {
  if (!Number.isFinite(x) || x >= 1e21) return x.toFixed(dec);
  const [m, e] = Number(x.toPrecision(15)).toExponential().split('e');
  const scaled = Math.round(Number(`${m}e${Number(e) + dec}`));
  return (scaled / 10 ** dec).toFixed(dec);
}

/** One number under the numeric codes of a section (placeholders 0 # ?, , . % E+). */
function numberCodes(codes: string, n: number): string {
  const sci = /[Ee][+-]/.exec(codes);
  const percent = (codes.match(/%/g) ?? []).length;
  let x = n * 100 ** percent;
  let body = codes.replace(/%/g, '');
  if (sci) {
    const mantCodes = body.slice(0, sci.index);
    const expDigits = body.slice(sci.index + 2).replace(/[^0#?]/g, '').length || 1;
    const dec = (mantCodes.split('.')[1] ?? '').replace(/[^0#?]/g, '').length;
    if (x === 0) return `${(0).toFixed(dec)}E+${'0'.repeat(expDigits)}`;
    // The mantissa rounded as Excel reads the number (999.5 -> 1.00E+03, 1.005 -> 1.01E+00).
    const [m0, e0] = Number(Math.abs(x).toPrecision(15)).toExponential().split('e');
    let mant = toFixedDecimal(Number(m0), dec);
    let exp = Number(e0);
    if (Number(mant) >= 10) {
      mant = toFixedDecimal(Number(mant) / 10, dec);
      exp++;
    }
    return `${mant}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(expDigits, '0')}`;
  }
  // Commas right after the last digit placeholder scale by 1,000 each.
  const scale = /([0#?])(,+)(?![0#?])/.exec(body);
  if (scale) {
    x /= 1000 ** scale[2].length;
    body = body.slice(0, scale.index + 1) + body.slice(scale.index + 1 + scale[2].length);
  }
  const [intCodes, decCodes = ''] = body.split('.');
  const grouped = /[0#?],[0#?]/.test(intCodes);
  const minInt = (intCodes.match(/0/g) ?? []).length;
  const padInt = (intCodes.match(/\?/g) ?? []).length;
  const decPlaces = decCodes.replace(/[^0#?]/g, '').length;
  const minDec = (decCodes.match(/0/g) ?? []).length;
  const padDec = (decCodes.match(/\?/g) ?? []).length;
  let [i, d = ''] = toFixedDecimal(Math.abs(x), decPlaces).split('.');
  if (i === '0' && minInt === 0) i = '';
  else if (i.length < minInt) i = i.padStart(minInt, '0');
  while (d.length > minDec && d.endsWith('0')) d = d.slice(0, -1);
  // "?" holds a digit's place with a space.
  d = d.padEnd(minDec + padDec, ' ');
  const intText = (grouped ? group(i) : i).padStart(minInt + padInt, ' ');
  // A format with a decimal point always shows it, as Excel does ("#,##0.##" shows 1 as "1.").
  return body.includes('.') ? `${intText}.${d}` : intText;
}

/** The month names, January first (the formatter's mmmm, and the model's month labels). */
export const MONTHS: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** An Excel serial date (1900 system) as its parts. */
function serialParts(serial: number) {
  // Excel shows the nearest whole second.
  const seconds = Math.round(serial * 86_400);
  const days = Math.floor(seconds / 86_400);
  const ms = (seconds - days * 86_400) * 1000;
  const date = new Date(Date.UTC(1899, 11, 30) + days * 86_400_000 + ms);
  return {
    y: date.getUTCFullYear(),
    mo: date.getUTCMonth(),
    d: date.getUTCDate(),
    wd: date.getUTCDay(),
    h: date.getUTCHours(),
    mi: date.getUTCMinutes(),
    s: date.getUTCSeconds(),
  };
}

const DATE_TOKEN = /\[[hms]+\]|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM\/PM|am\/pm|A\/P|a\/p|\.0+|./gi;

/** A date/time section: its literals and codes, with "m" read as minutes next to h or s. */
function dateText(parts: Piece[], serial: number): string {
  const p = serialParts(serial);
  const tokens: Array<{ t: string; lit: boolean }> = [];
  for (const part of parts) {
    if ('lit' in part) tokens.push({ t: part.lit, lit: true });
    else for (const t of part.code.match(DATE_TOKEN) ?? []) tokens.push({ t, lit: false });
  }
  const ampm = tokens.some((x) => !x.lit && /^(AM\/PM|A\/P)$/i.test(x.t));
  const isCode = (x: { t: string; lit: boolean } | undefined, re: RegExp) => !!x && !x.lit && re.test(x.t);
  return tokens
    .map((x, k) => {
      if (x.lit) return x.t;
      const low = x.t.toLowerCase();
      const prev = tokens
        .slice(0, k)
        .reverse()
        .find((y) => isCode(y, /^[hmsdy]/i));
      const next = tokens.slice(k + 1).find((y) => isCode(y, /^[hmsdy]/i));
      const minute = (low === 'm' || low === 'mm') && (isCode(prev, /^\[?h/i) || isCode(next, /^s/i));
      switch (low) {
        case 'yyyy':
          return String(p.y);
        case 'yy':
          return String(p.y % 100).padStart(2, '0');
        case 'mmmmm':
          return MONTHS[p.mo][0];
        case 'mmmm':
          return MONTHS[p.mo];
        case 'mmm':
          return MONTHS[p.mo].slice(0, 3);
        case 'mm':
          return String(minute ? p.mi : p.mo + 1).padStart(2, '0');
        case 'm':
          return String(minute ? p.mi : p.mo + 1);
        case 'dddd':
          return DAYS[p.wd];
        case 'ddd':
          return DAYS[p.wd].slice(0, 3);
        case 'dd':
          return String(p.d).padStart(2, '0');
        case 'd':
          return String(p.d);
        case 'hh':
        case 'h': {
          const h = ampm ? p.h % 12 || 12 : p.h;
          return low === 'hh' ? String(h).padStart(2, '0') : String(h);
        }
        case 'ss':
          return String(p.s).padStart(2, '0');
        case 's':
          return String(p.s);
        case '[h]':
        case '[hh]':
          return String(Math.floor(serial * 24));
        case 'am/pm':
          return p.h < 12 ? 'AM' : 'PM';
        case 'a/p':
          return p.h < 12 ? 'A' : 'P';
        default:
          return x.t;
      }
    })
    .join('');
}

/** How a value shows under an Excel number format, with its colour. Errors show their code; blanks "". */
export function formatLook(value: CellValue, numberFormat: string | undefined, options: FormatOptions = {}): Formatted {
  const general = options.general === 'reader' ? generalFull : generalNumber;
  if (value === null || value === undefined) return { text: '' };
  if (isRoiError(value)) return { text: value.code };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  const fmt = numberFormat && numberFormat !== 'General' ? numberFormat : '';
  const sections = fmt ? splitSections(fmt) : [];
  if (typeof value === 'string') {
    const textSection = sections.length >= 4 ? sections[3] : sections.find((s) => s.includes('@'));
    if (!textSection) return { text: value };
    const { parts, color } = pieces(textSection);
    return { text: parts.map((p) => ('lit' in p ? p.lit : p.code.replace(/@/g, value))).join(''), color };
  }
  if (!Number.isFinite(value)) return { text: '#NUM!' };
  if (!fmt || /^@$/.test(fmt.trim())) return { text: general(value) };
  // Which section: conditions first, else positive;negative;zero.
  const read = sections.slice(0, 3).map(pieces);
  let chosen = read[0];
  let absolute = false;
  if (read.some((r) => r.condition)) {
    chosen = read.find((r) => r.condition?.(value)) ?? read.find((r) => !r.condition) ?? read[0];
    absolute = !!chosen.negative;
  } else if (value < 0 && read.length >= 2) {
    chosen = read[1];
    absolute = true;
  } else if (value === 0 && read.length >= 3) {
    chosen = read[2];
  }
  const codes = chosen.parts
    .filter((p): p is { code: string } => 'code' in p)
    .map((p) => p.code)
    .join('');
  if (/General/i.test(chosen.parts.map((p) => ('lit' in p ? p.lit : p.code)).join('')) && !/[0#?]/.test(codes)) {
    const text = chosen.parts
      .map((p) => ('lit' in p ? p.lit.replace(/General/i, general(absolute ? Math.abs(value) : value)) : p.code))
      .join('');
    return { text, color: chosen.color };
  }
  // Fractions ("# ?/?") are not drawn: General instead of a wrong number.
  if (/[0#?]\s*\/\s*[0-9#?]/.test(codes) && !isDateCode(codes)) return { text: general(value), color: chosen.color };
  if (isDateCode(codes)) {
    if (value < 0) return { text: '#'.repeat(8) };
    return { text: dateText(chosen.parts, value), color: chosen.color };
  }
  if (!/[0#?]/.test(codes)) {
    // Only literals (e.g. "-" for zero in accounting formats); a negative number keeps its sign.
    const text = chosen.parts.map((p) => ('lit' in p ? p.lit : p.code.replace(/[.,]/g, ''))).join('');
    return { text: !absolute && value < 0 ? `-${text}` : text, color: chosen.color };
  }
  const shownValue = absolute ? Math.abs(value) : value;
  const digits = numberCodes(codes, Math.abs(shownValue));
  let numberDone = false;
  const body = chosen.parts
    .map((p) => {
      if ('lit' in p) return p.lit;
      const rest = p.code.replace(/[0#?,.]|[Ee][+-]/g, '');
      if (numberDone) return rest;
      numberDone = true;
      // The placeholders (all code pieces together) give the number; a % stays where it was written.
      return digits + rest;
    })
    .join('');
  const negative = !absolute && shownValue < 0 && /[1-9]/.test(digits);
  return { text: negative ? `-${body}` : body, color: chosen.color };
}

/** The text a cell shows for a value under a number format (blank: ""). */
export function formatValue(value: CellValue, numberFormat = 'General', options?: FormatOptions): string {
  return formatLook(value, numberFormat, options).text;
}

/** A value as the task pane shows it to a reader: as its format shows it, General with every digit, blank as "(blank)". */
export function showCell(value: CellValue, numberFormat?: string): string {
  if (value === null || value === undefined || value === '') return '(blank)';
  return formatLook(value, numberFormat, { general: 'reader' }).text;
}
