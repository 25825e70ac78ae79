/**
 * What people type into the form, turned into the numbers the core takes.
 *
 * Percent fields: "25" and "25%" both mean 25% and are stored as the fraction 0.25 (the
 * labels say so). "0.25" in a percent field means 0.25%, never 25%: nothing is guessed.
 * Money fields accept "$3,000,000", "3000000", "3m", "250k". Counts accept "1,200".
 * Text that is not a number gets the pane's own short message; numbers outside their
 * range are left to the core, whose messages the form shows.
 */

/** How a number box reads its text (the field table's kinds: months read as counts do). */
export type FieldKind = 'percent' | 'money' | 'count' | 'months';

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/** Removes floating-point noise from a division by 100 (14.000000000000002 -> 14). */
function clean(x: number): number {
  return Number(x.toPrecision(15));
}

function plainNumber(text: string): number | undefined {
  const t = text.trim().replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export const REQUIRED_MESSAGE = 'Enter a number.';

export function parsePercent(text: string): Parsed {
  const t = text.trim();
  if (t === '') return { ok: false, message: REQUIRED_MESSAGE };
  const n = plainNumber(t.replace(/%$/, ''));
  if (n === undefined) return { ok: false, message: `Enter a percentage such as 25 or 25%, not "${short(t)}".` };
  return { ok: true, value: clean(n / 100) };
}

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, b: 1e9, bn: 1e9 };

export function parseMoney(text: string): Parsed {
  const t = text.trim();
  if (t === '') return { ok: false, message: REQUIRED_MESSAGE };
  const m = /^([+-]?)\s*[$€£]?\s*([^a-z]*?)\s*(k|mm|m|bn|b)?$/i.exec(t);
  const n = m ? plainNumber(m[2]) : undefined;
  if (!m || n === undefined) return { ok: false, message: `Enter an amount such as 50000 or 50k, not "${short(t)}".` };
  const sign = m[1] === '-' ? -1 : 1;
  const scale = m[3] ? SUFFIX[m[3].toLowerCase()] : 1;
  return { ok: true, value: clean(sign * n * scale) };
}

export function parseCount(text: string): Parsed {
  const t = text.trim();
  if (t === '') return { ok: false, message: REQUIRED_MESSAGE };
  const n = plainNumber(t);
  if (n === undefined) return { ok: false, message: `Enter a number such as 1200, not "${short(t)}".` };
  return { ok: true, value: n };
}

/** The parser for a kind of box. */
export function parserFor(kind: FieldKind): (t: string) => Parsed {
  return kind === 'percent' ? parsePercent : kind === 'money' ? parseMoney : parseCount;
}

/**
 * The percent trap: in a percent box "0.3" means 0.3% (as Excel's percent entry does),
 * while 0.3 in a percent-formatted cell means 30%. When a percent box holds a number
 * below 1 other than 0, typed without a "%" sign, this is what it probably meant: the
 * typed number, and the text that means it as a fraction ("0.3" -> "30").
 */
export function percentSlip(text: string): { typed: number; suggestion: string } | null {
  const t = text.trim();
  if (t.includes('%')) return null;
  const n = plainNumber(t);
  if (n === undefined || n === 0 || Math.abs(n) >= 1) return null;
  return { typed: n, suggestion: String(clean(n * 100)) };
}

function short(s: string): string {
  return s.length > 24 ? `${s.slice(0, 21)}...` : s;
}

/** A fraction as the text a percent field shows: 0.25 -> "25", 0.125 -> "12.5". */
export function percentText(fraction: number | undefined | null): string {
  if (fraction === undefined || fraction === null || !Number.isFinite(fraction)) return '';
  return String(clean(fraction * 100));
}

// Every digit clean() keeps (15 significant), so a small number read back from the sheet (a
// measured lag of 0.186025553274048 months) parses back as the sheet holds it: 10 fraction
// digits made it 0.1860255533, and Update took the sheet's own value for a change.
const groupedFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20, useGrouping: true });

/** A number as a money or count box shows it: "10,000,000" (parses back unchanged). */
export function numberText(x: number | undefined | null): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '';
  return groupedFmt.format(clean(x));
}

/**
 * The tidy text of a box once the user leaves it: money and counts grouped ("3m" becomes
 * "3,000,000", so the box shows how it was read); percentages and text that does not
 * parse stay as typed.
 */
export function tidyText(kind: FieldKind, text: string): string {
  if (kind === 'percent') return text;
  const p = parserFor(kind)(text);
  return p.ok ? numberText(p.value) : text;
}

// ---- Display ----------------------------------------------------------------------------

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(x: number): string {
  return intFmt.format(x);
}

/** "$3.0M", "$250K", "$950" — the short money style of the preview sentence. */
export function formatMoneyShort(x: number): string {
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${sign}$${Math.round(a / 1e3)}K`;
  return `${sign}$${intFmt.format(a)}`;
}

export function formatMoney(x: number): string {
  return `${x < 0 ? '-' : ''}$${intFmt.format(Math.abs(x))}`;
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A probability in a narrow column: "79%", and "<1%" / ">99%" rather than a misleading 0% or 100%. */
export function formatChance(p: number): string {
  if (p > 0 && p < 0.005) return '<1%';
  if (p < 1 && p >= 0.995) return '>99%';
  return `${(p * 100).toFixed(0)}%`;
}
