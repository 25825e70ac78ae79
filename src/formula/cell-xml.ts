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

/** The parts of a scanned cell the writers keep (src/xlsx/sheet.ts's CellNode has them). */
export interface CellXmlSource {
  attrs: Record<string, string>;
  f?: { attrs: Record<string, string> };
}

export function escapeText(s: string): string {
  return s
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g,
      (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`,
    );
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** Serializes attributes in the given order: ` a="1" b="2"`. Undefined values are skipped. */
export function attrsToString(attrs: Array<[string, string | undefined]>): string {
  let s = '';
  for (const [k, v] of attrs) if (v !== undefined) s += ` ${k}="${escapeAttr(v)}"`;
  return s;
}

/** A cached value as the tools see it. null is a blank (no value). */
export type XValue = number | string | boolean | { error: string; message?: string } | null;

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
  for (const [k, v] of Object.entries(o))
    if (!['r', 's', 't', 'cm', 'vm', 'ph', ...drop].includes(k)) list.push([k, v]);
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
  const fExtra: Array<[string, string | undefined]> = [];
  for (const [k, v] of Object.entries(orig?.f?.attrs ?? {}))
    if (!['t', 'ref', 'aca', 'ca', 'si'].includes(k)) fExtra.push([k, v]);
  const fAttrs = attrsToString([['t', 'array'], ...fExtra, ['ref', arrayRef]]);
  return `<${p}c${cellAttrs(ref, orig?.attrs, t, cm)}><${p}f${fAttrs}>${escapeText(formula)}</${p}f>${p ? inner.replace(/<(\/?)(v|is|t)\b/g, `<$1${p}$2`) : inner}</${p}c>`;
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
