/**
 * How a file stores one cell, as text: a cached value (XValue) and how reports and the
 * freeze ledger show it, the number text Excel writes (not a renderer for people: the
 * shortest round-trip form), XML escaping, and the <c> element of a value cell or of a
 * resolved dynamic-array formula. Pure text, no XML parser: the freeze ledger's format
 * (ledger-format.ts) carries a cell's XML, and the add-in writes that ledger too, so
 * this ships in the add-in; src/xlsx's package surgery builds its cells with it as well.
 */

import { isRoiError } from '../core/errors';
import type { CellValue } from '../core/types';
import { approxEqual } from '../base/equal';

/** The parts of a scanned cell the writers keep (src/xlsx/sheet.ts's CellNode has them). */
export interface CellXmlSource {
  attrs: Record<string, string>;
  f?: { attrs: Record<string, string> };
}

/**
 * OOXML's string escape (ECMA-376 Part 1, 22.9.2.19, ST_Xstring), the one encoder every
 * writer of cell text uses: a character XML 1.0 cannot carry (C0 controls but tab and line
 * feed, carriage return, which XML would read as a line feed, U+FFFE, U+FFFF, an unpaired
 * surrogate) becomes `_xHHHH_`, and a literal `_xHHHH_` in the text keeps its meaning by
 * escaping its underscore (`_x005F_xHHHH_`). decodeOoxml is the inverse.
 */
export function encodeOoxml(s: string): string {
  return replaceUnsafe(s, true, (c) => `_x${c.toString(16).toUpperCase().padStart(4, '0')}_`);
}

/**
 * `s` with each character XML 1.0 cannot carry replaced by `by(code)`; with `ooxml`, also a
 * carriage return and the underscore of a literal `_xHHHH_`. One pass; `s` itself when
 * nothing needs replacing.
 */
function replaceUnsafe(s: string, ooxml: boolean, by: (code: number) => string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let unsafe = false;
    if (c < 0x20) unsafe = c !== 0x09 && c !== 0x0a && (ooxml || c !== 0x0d);
    else if (c === 0x5f) unsafe = ooxml && isEscapeAt(s, i);
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else unsafe = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) unsafe = true;
    else if (c === 0xfffe || c === 0xffff) unsafe = true;
    if (!unsafe) continue;
    out += s.slice(from, i) + by(c);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Is there a `_xHHHH_` escape starting at s[i]? */
function isEscapeAt(s: string, i: number): boolean {
  return s.charCodeAt(i + 1) === 0x78 && s.charCodeAt(i + 6) === 0x5f && /^[0-9A-Fa-f]{4}$/.test(s.slice(i + 2, i + 6));
}

/** The text an OOXML string stands for: `_xHHHH_` decoded (`_x005F_` is a literal underscore). */
export function decodeOoxml(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Element text of an OOXML string (cell values, inline and shared strings, formulas, defined names): encodeOoxml, then &, <, >. */
export function escapeText(s: string): string {
  return escapeMarkup(encodeOoxml(s));
}

function escapeMarkup(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')) : s;
}

/**
 * Text for markup that has no `_xHHHH_` escape (DrawingML chart text): what XML cannot
 * carry becomes U+FFFD, the replacement character; then &, <, >.
 */
export function escapeXmlText(s: string): string {
  return escapeMarkup(replaceUnsafe(s, false, () => '\ufffd'));
}

/** An attribute value: escapeXmlText, then quotes, and tab and line breaks as character references. */
export function escapeAttr(s: string): string {
  // Most values (a reference, a style number) need nothing: one test instead of five passes.
  if (!ATTR_NEEDS_ESCAPE.test(s)) return s;
  return escapeXmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** What escapeAttr changes: markup, quotes, tab and line breaks, and what XML cannot carry (see replaceUnsafe). */
const ATTR_NEEDS_ESCAPE = /[&<>"\u0000-\u001f\ud800-\udfff\ufffe\uffff]/;

/** Serializes attributes in the given order: ` a="1" b="2"`. Undefined values are skipped. */
export function attrsToString(attrs: Array<[string, string | undefined]>): string {
  let s = '';
  for (const [k, v] of attrs) if (v !== undefined) s += ` ${k}="${escapeAttr(v)}"`;
  return s;
}

/** A cached value as the tools see it. null is a blank (no value). */
export type XValue = number | string | boolean | { error: string; message?: string } | null;

/** Equal as cached values: numbers by approxEqual (a relative 1e-9), blank equals "", errors by code. */
export function sameValue(a: XValue, b: XValue): boolean {
  const blankA = a === null || a === '';
  const blankB = b === null || b === '';
  if (blankA || blankB) return blankA && blankB;
  if (typeof a === 'number' && typeof b === 'number') return approxEqual(a, b);
  if (isXError(a) || isXError(b)) return isXError(a) && isXError(b) && a.error === b.error;
  return a === b;
}

export function isXError(v: XValue): v is { error: string; message?: string } {
  return typeof v === 'object' && v !== null;
}

/** A cell value (the WorkbookPort's, errors as RoiError) as a file stores it. */
export function xValueOf(v: CellValue): XValue {
  if (v === null || v === undefined) return null;
  if (isRoiError(v)) return { error: v.code, message: v.message };
  return v;
}

/** A cached value as reports and the freeze ledger show it: 1200, "text", TRUE, #NUM!, (blank). */
export function showValue(v: XValue | undefined): string {
  if (v === undefined || v === null) return '(blank)';
  if (typeof v === 'number') return formatNumber(v).replace('E', 'e');
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v.error;
}

/** The text Excel writes for a number: the shortest round-trip form, exponent as E. */
export function formatNumber(n: number): string {
  if (Object.is(n, -0)) return '0';
  return String(n).replace('e', 'E');
}

/** The attributes cellAttrs writes first, in this order. */
const ORDERED = new Set(['r', 's', 't', 'cm', 'vm', 'ph']);

/** Attributes of <c>, reordered Excel's way (r, s, t, cm, vm, ph, others) with t and cm set. */
export function cellAttrs(
  ref: string,
  orig: Record<string, string> | undefined,
  t: string | undefined,
  cm: string | undefined,
  drop: string[] = [],
): string {
  const o = orig ?? {};
  const list: Array<[string, string | undefined]> = [
    ['r', ref],
    ['s', o.s],
    ['t', t],
    ['cm', cm],
    ['vm', drop.includes('vm') ? undefined : o.vm],
    ['ph', o.ph],
  ];
  for (const k in o) if (!ORDERED.has(k) && !drop.includes(k)) list.push([k, o[k]]);
  return attrsToString(list);
}

function valueTypeAndText(v: XValue, forFormula: boolean): { t?: string; inner: string } {
  if (v === null) return forFormula ? { t: 'str', inner: '<v></v>' } : { inner: '' };
  if (typeof v === 'number') return { inner: `<v>${formatNumber(v)}</v>` };
  if (typeof v === 'boolean') return { t: 'b', inner: `<v>${v ? 1 : 0}</v>` };
  if (typeof v === 'string') {
    if (forFormula) return { t: 'str', inner: `<v>${escapeText(v)}</v>` };
    if (v === '') return { inner: '' };
    return {
      t: 'inlineStr',
      inner: `<is><t${/^\s|\s$/.test(v) ? ' xml:space="preserve"' : ''}>${escapeText(v)}</t></is>`,
    };
  }
  return { t: 'e', inner: `<v>${escapeText(v.error)}</v>` };
}

/** The attributes of <f> a resolved formula writes anew (t, ref) or drops (aca, ca, si). */
const F_REWRITTEN = new Set(['t', 'ref', 'aca', 'ca', 'si']);

/**
 * A dynamic-array formula cell as Excel writes a resolved custom function:
 * `<c r="B7" s="1" cm="1"><f t="array" ref="B7:B10">_xldudf_ROI_FUNNEL(...)</f><v>1200</v></c>`.
 * Stuck flags (aca, ca) are dropped; other attributes of <c> and <f> are kept.
 */
export function formulaCellXml(
  p: string,
  ref: string,
  orig: CellXmlSource | undefined,
  formula: string,
  arrayRef: string,
  value: XValue,
  cm: string | undefined,
): string {
  const { t, inner } = valueTypeAndText(value, true);
  const list: Array<[string, string | undefined]> = [['t', 'array']];
  const fa = orig?.f?.attrs;
  if (fa) for (const k in fa) if (!F_REWRITTEN.has(k)) list.push([k, fa[k]]);
  list.push(['ref', arrayRef]);
  const fAttrs = attrsToString(list);
  // Joined, not concatenated: one flat string (a workbook rewrites tens of thousands of these
  // and keeps them until the sheet is rebuilt; a concatenation is a tree of pieces).
  return [
    `<${p}c`,
    cellAttrs(ref, orig?.attrs, t, cm),
    `><${p}f`,
    fAttrs,
    '>',
    escapeText(formula),
    `</${p}f>`,
    p ? inner.replace(/<(\/?)(v|is|t)\b/g, `<$1${p}$2`) : inner,
    `</${p}c>`,
  ].join('');
}

/** A plain value cell (a spilled cell's cached value, or a frozen formula). Keeps s and other attributes, drops cm. */
export function valueCellXml(p: string, ref: string, orig: CellXmlSource | undefined, value: XValue): string {
  const { t, inner } = valueTypeAndText(value, false);
  const body = p ? inner.replace(/<(\/?)(v|is|t)\b/g, `<$1${p}$2`) : inner;
  const attrs = cellAttrs(ref, orig?.attrs, t, undefined, ['vm']);
  return body ? `<${p}c${attrs}>${body}</${p}c>` : `<${p}c${attrs}/>`;
}

/** A spilled cell's cached value as Excel writes it (formula-result typing: str for text). */
export function spillCellXml(p: string, ref: string, orig: CellXmlSource | undefined, value: XValue): string {
  if (typeof value === 'string' && value !== '') {
    const attrs = cellAttrs(ref, orig?.attrs, 'str', undefined);
    return `<${p}c${attrs}><${p}v>${escapeText(value)}</${p}v></${p}c>`;
  }
  return valueCellXml(p, ref, orig, value);
}
