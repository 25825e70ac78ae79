/**
 * How one cell looks and edits, pure: its alignment (numbers right, text left, errors and
 * booleans centred, as Excel), the text the formula bar shows for it, what a typed entry
 * means in a cell that already has a number format (Excel keeps the format: typing 30 in
 * a percent cell is 30%), the hover text of an error or a note, and the colour a colour
 * scale gives a value. The shown text itself comes from the one number formatter
 * (src/base/format.ts), as everywhere else.
 */
import { isErrorCode, isRoiError, type CellValue } from '../../core';
import type { CellStyle } from '../../workbook/port';

export type Align = 'left' | 'center' | 'right';

/** Excel's default alignment for a value, unless the cell's style says otherwise. */
export function alignOf(value: CellValue, style?: CellStyle): Align {
  const h = style?.horizontalAlignment;
  if (h) return h.toLowerCase() as Align;
  if (typeof value === 'number') return 'right';
  if (typeof value === 'boolean' || isRoiError(value)) return 'center';
  return 'left';
}

export function isPercentFormat(fmt: string | undefined): boolean {
  return !!fmt && /%/.test(fmt.split(';')[0].replace(/"[^"]*"/g, ''));
}

export function isMoneyFormat(fmt: string | undefined): boolean {
  return !!fmt && /[$€£¥]/.test(fmt.split(';')[0].replace(/"[^"]*"/g, ''));
}

/** A number as the formula bar shows it: up to 15 significant digits, no exponent for everyday sizes. */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(Number(n.toPrecision(15)));
  return s.includes('e') ? s.replace('e', 'E') : s;
}

/**
 * What the formula bar (and F2) shows for a cell: its formula, or its constant as the
 * user would type it again ("25%" for 0.25 in a percent cell, TRUE for a boolean).
 */
export function editTextOf(cell: { value: CellValue; formula?: string; numberFormat?: string } | undefined): string {
  if (!cell) return '';
  if (cell.formula) return cell.formula;
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return isPercentFormat(cell.numberFormat) ? `${plainNumber(v * 100)}%` : plainNumber(v);
  if (isRoiError(v)) return v.code;
  return readsAsNonText(v) ? `'${v}` : v;
}

/**
 * Would this text, typed into a cell, become something other than that text (a number,
 * percentage, money, date, boolean, error or formula)? Excel's formula bar then shows the
 * apostrophe that keeps it text ('2024), so editing it and pressing Enter keeps it text.
 */
function readsAsNonText(text: string): boolean {
  const t = text.trim();
  if (t === '') return false;
  if (/^['=]/.test(t)) return true;
  if (/^(true|false)$/i.test(t)) return true;
  if (isErrorCode(t.toUpperCase())) return true;
  if (/^[-+]?\(?[$€£¥]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[-+]?\d+)?\s*%?\)?$/i.test(t) && /\d/.test(t))
    return true;
  return /^\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?$/.test(t);
}

const NUMBER = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/;

function numberOf(text: string): number | undefined {
  const t = text.replace(/,/g, '');
  if (!NUMBER.test(text) || !/\d/.test(text)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The text to hand the engine for what the user typed into a cell with number format
 * `fmt`, so the cell keeps its format as Excel does:
 * - in a percent cell, "30%" and "30" both mean 30% and "0.3" means 30% (Excel's
 *   automatic percent entry: numbers of 1 or more are percentages, smaller ones fractions);
 * - in a money cell, "$60,000" means 60000.
 * Anything else (formulas, text, other cells) is passed on unchanged.
 */
export function normalizeEntry(text: string, fmt: string | undefined): string {
  const t = text.trim();
  if (t === '' || t.startsWith('=') || t.startsWith("'")) return text;
  if (isPercentFormat(fmt)) {
    const pct = /^(.*?)\s*%$/.exec(t);
    if (pct) {
      const n = numberOf(pct[1]);
      return n === undefined ? text : plainNumber(n / 100);
    }
    const n = numberOf(t);
    if (n !== undefined) return plainNumber(Math.abs(n) >= 1 ? n / 100 : n);
    return text;
  }
  if (isMoneyFormat(fmt)) {
    const m = /^([-+]?)\s*[$€£¥]\s*(.+)$/.exec(t);
    const n = numberOf(m ? m[2] : t);
    if (n !== undefined) return plainNumber(m?.[1] === '-' ? -n : n);
  }
  return text;
}

/** The hover text of a cell: an error's code and message, a note, or a long text in full. */
export function titleOf(cell: { value: CellValue; note?: string; display?: string } | undefined): string | undefined {
  if (!cell) return undefined;
  const parts: string[] = [];
  const v = cell.value;
  if (isRoiError(v)) parts.push(v.message ? `${v.code} ${v.message}` : v.code);
  if (cell.note) parts.push(cell.note);
  return parts.length ? parts.join('\n\n') : undefined;
}

/** "#RRGGBB" -> [r, g, b]; undefined when unreadable. */
function rgb(hex: string): [number, number, number] | undefined {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return undefined;
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a: string, b: string, t: number): string {
  const x = rgb(a)!;
  const y = rgb(b)!;
  const c = x.map((v, i) => Math.round(v + (y[i] - v) * t));
  return `#${c
    .map((v) => v.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}`;
}

/** Excel's default three-colour scale (low red, middle yellow, high green) for a value between min and max. */
export function colorScale(value: number, min: number, max: number): string {
  const LOW = '#F8696B';
  const MID = '#FFEB84';
  const HIGH = '#63BE7B';
  if (!(max > min)) return MID;
  const t = Math.max(0, Math.min(1, (value - min) / (max - min)));
  return t < 0.5 ? mix(LOW, MID, t * 2) : mix(MID, HIGH, (t - 0.5) * 2);
}

/**
 * What Excel shows for a General number too wide for its column: fewer decimals, then
 * scientific notation with fewer digits, and "#" only when even that does not fit.
 * `fits` says whether a text fits the column.
 */
export function fitGeneral(value: number, fits: (text: string) => boolean, shown: string): string {
  if (fits(shown)) return shown;
  const abs = Math.abs(value);
  if (abs >= 1e-4 && abs < 1e11) {
    const intDigits = Math.max(1, Math.floor(Math.log10(abs)) + 1);
    for (let d = Math.max(0, 10 - intDigits); d >= 0; d--) {
      const s = String(Number(value.toFixed(d)));
      if (s !== '0' && s !== '-0' && fits(s) && !/e/i.test(s)) return s;
    }
  }
  for (let d = 5; d >= 0; d--) {
    const [m, e] = value.toExponential(d).split('e');
    const exp = Number(e);
    const s = `${Number(m).toFixed(d)}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    if (fits(s)) return s;
  }
  return '#';
}
