/**
 * A workbook as the comparison of two versions reads it (diff.ts): its cells (formula in
 * any ROI spelling, value, number format, and why a value cannot be trusted when it
 * cannot), spills and defined names, as a Book; and one version indexed for the
 * comparison: which cells each formula reads (references, ranges, names, spills), what
 * reaches what, the model's sheets and named cells. Values and formulas in one normal
 * form. Pure.
 */
import { MAX_SHEET_COLS, type Box } from '../base/a1';
import { findRoiCalls, toEngineSpelling, tokenize } from './formula';
import { formulaReferences } from './references';
import { isXError, sameValue, type XValue } from './cell-xml';

export { sameValue };

export interface BookCell {
  /** The formula as stored or typed, in any ROI spelling ("=" optional); absent for a constant. */
  formula?: string;
  /** Its value (a formula's result; a constant itself); null for blank. */
  value: XValue;
  numberFormat?: string;
  /** Why the value cannot be trusted (a saved value that is stale or missing), when it cannot. */
  stale?: string;
}

export interface BookSheet {
  name: string;
  /** The cells with something in them, by cellKey(row, col) (0-based). Spilled cells hold their values, without a formula. */
  cells: Map<number, BookCell>;
  /** Spilling formulas: the anchor's cellKey -> the area its result fills (anchor included). */
  spills: Map<number, Box>;
}

export interface BookName {
  name: string;
  /** The sheet a sheet-scoped name belongs to; undefined for a workbook name. */
  scope?: string;
  /** What it refers to, as formula text ("'ROI Model'!$B$7", "=INDEX(...)"). */
  refersTo: string;
}

export interface Book {
  sheets: BookSheet[];
  names: BookName[];
}

export function cellKey(row: number, col: number): number {
  return row * MAX_SHEET_COLS + col;
}

export function keyRow(key: number): number {
  return Math.floor(key / MAX_SHEET_COLS);
}

export function keyCol(key: number): number {
  return key % MAX_SHEET_COLS;
}

/* ---------- helpers ---------- */

export function stripEq(f: string): string {
  return f.startsWith('=') ? f.slice(1) : f;
}

/** A formula as Excel shows it: "=" first, ROI calls dotted, no _xlfn. prefixes. */
export function displayFormula(f: string): string {
  return `=${toEngineSpelling(stripEq(f))}`;
}

const OPERAND = new Set(['word', 'number', 'quoted', 'bracket', 'string', 'error']);

/**
 * One normal form for comparing formulas: ROI calls dotted (any spelling), _xlfn./_xlws.
 * prefixes dropped, letter case and spaces ignored (a space between two references, the
 * intersection operator, is kept), numbers in one spelling. Strings stay as they are.
 */
export function normalFormula(f: string): string {
  const text = toEngineSpelling(stripEq(f.trim()));
  const toks = tokenize(text);
  let out = '';
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'space') {
      const prev = toks[i - 1];
      const next = toks[i + 1];
      if (prev && next && (OPERAND.has(prev.kind) || prev.text === ')') && OPERAND.has(next.kind)) out += ' ';
      continue;
    }
    if (t.kind === 'string') out += t.text;
    else if (t.kind === 'number' && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t.text)) out += String(Number(t.text));
    else out += t.text.toUpperCase();
  }
  return out;
}

/** The content of a cell as typed: "=formula" or the constant as text ("" for blank). */
export function contentOf(c: BookCell | undefined): string {
  if (!c) return '';
  if (c.formula !== undefined) return displayFormula(c.formula);
  const v = c.value;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isXError(v)) return v.error;
  return String(v);
}

/* ---------- one version, indexed ---------- */

export interface Version {
  book: Book;
  byName: Map<string, BookSheet>;
  index: Map<BookSheet, number>;
  /** spill member cell -> its anchor's key, per sheet */
  spillOf: Map<BookSheet, Map<number, number>>;
  /** sheet (lower case) or "" -> name (upper case) -> BookName */
  names: Map<string, Map<string, BookName>>;
  /** Per formula cell: its references (sheet, key) resolved to existing cells. Lazily. */
  precedents: Map<number, number[]>;
  refsCache: Map<string, number[]>;
}

const SHEET_SPAN = 2 ** 34; // > MAX_SHEET_ROWS * MAX_SHEET_COLS

export function nodeId(sheetIndex: number, key: number): number {
  return sheetIndex * SHEET_SPAN + key;
}

export function nodeSheet(id: number): number {
  return Math.floor(id / SHEET_SPAN);
}

export function nodeKey(id: number): number {
  return id % SHEET_SPAN;
}

export function indexVersion(book: Book): Version {
  const byName = new Map<string, BookSheet>();
  const index = new Map<BookSheet, number>();
  const spillOf = new Map<BookSheet, Map<number, number>>();
  book.sheets.forEach((s, i) => {
    byName.set(s.name.toLowerCase(), s);
    index.set(s, i);
    const members = new Map<number, number>();
    for (const [anchor, box] of s.spills) {
      if ((box.bottom - box.top + 1) * (box.right - box.left + 1) > 1_000_000) continue;
      for (let r = box.top; r <= box.bottom; r++)
        for (let c = box.left; c <= box.right; c++) {
          const k = cellKey(r, c);
          if (k !== anchor && s.cells.get(k)?.formula === undefined) members.set(k, anchor);
        }
    }
    spillOf.set(s, members);
  });
  const names = new Map<string, Map<string, BookName>>();
  for (const n of book.names) {
    const scope = n.scope === undefined ? '' : n.scope.toLowerCase();
    let m = names.get(scope);
    if (!m) names.set(scope, (m = new Map()));
    m.set(n.name.toUpperCase(), n);
  }
  return { book, byName, index, spillOf, names, precedents: new Map(), refsCache: new Map() };
}

export function lookupName(v: Version, name: string, from: string, qualifiedSheet?: string): BookName | undefined {
  const upper = name.toUpperCase();
  if (qualifiedSheet !== undefined) return v.names.get(qualifiedSheet.toLowerCase())?.get(upper);
  return v.names.get(from.toLowerCase())?.get(upper) ?? v.names.get('')?.get(upper);
}

/** The existing cells of a box on a sheet, as node ids. */
export function cellsIn(v: Version, sheet: BookSheet, box: Box): number[] {
  const cacheKey = `${v.index.get(sheet)}|${box.top},${box.left},${box.bottom},${box.right}`;
  const hit = v.refsCache.get(cacheKey);
  if (hit) return hit;
  const si = v.index.get(sheet)!;
  const out: number[] = [];
  const area = (box.bottom - box.top + 1) * (box.right - box.left + 1);
  if (area <= 4096) {
    for (let r = box.top; r <= box.bottom; r++)
      for (let c = box.left; c <= box.right; c++)
        if (sheet.cells.has(cellKey(r, c))) out.push(nodeId(si, cellKey(r, c)));
  } else {
    for (const k of sheet.cells.keys()) {
      const r = keyRow(k);
      const c = keyCol(k);
      if (r >= box.top && r <= box.bottom && c >= box.left && c <= box.right) out.push(nodeId(si, k));
    }
  }
  v.refsCache.set(cacheKey, out);
  return out;
}

/** The cells a formula's text reads, seen from `sheet` (names followed, at most 16 deep). */
export function readsOf(v: Version, text: string, sheet: BookSheet, depth = 0, out: number[] = []): number[] {
  if (depth > 16) return out;
  const { refs, names } = formulaReferences(stripEq(text));
  for (const r of refs) {
    const target = r.sheet === undefined ? sheet : v.byName.get(r.sheet.toLowerCase());
    if (!target) continue;
    if (r.spill) {
      const anchor = cellKey(r.box.top, r.box.left);
      const area = target.spills.get(anchor);
      out.push(...cellsIn(v, target, area ?? r.box));
    } else out.push(...cellsIn(v, target, r.box));
  }
  for (const n of names) {
    const def = lookupName(v, n.name, sheet.name, n.sheet);
    if (!def) continue;
    const home = def.scope !== undefined ? (v.byName.get(def.scope.toLowerCase()) ?? sheet) : sheet;
    readsOf(v, def.refersTo, home, depth + 1, out);
  }
  return out;
}

export function precedentsOf(v: Version, id: number): number[] {
  let p = v.precedents.get(id);
  if (p) return p;
  const sheet = v.book.sheets[nodeSheet(id)];
  const key = nodeKey(id);
  const cell = sheet.cells.get(key);
  if (cell?.formula !== undefined) p = readsOf(v, cell.formula, sheet);
  else {
    const anchor = v.spillOf.get(sheet)!.get(key);
    p = anchor === undefined ? [] : [nodeId(nodeSheet(id), anchor)];
  }
  v.precedents.set(id, p);
  return p;
}

export function isRoi(c: BookCell | undefined): boolean {
  return c?.formula !== undefined && findRoiCalls(stripEq(c.formula)).length > 0;
}

export function cellOf(v: Version, id: number): BookCell | undefined {
  return v.book.sheets[nodeSheet(id)]?.cells.get(nodeKey(id));
}

export function isSpillMember(v: Version, id: number): boolean {
  const sheet = v.book.sheets[nodeSheet(id)];
  return v.spillOf.get(sheet)!.has(nodeKey(id));
}

/** Every cell reachable from `start` through precedents (the start included). */
export function closure(v: Version, start: Iterable<number>): Set<number> {
  const seen = new Set<number>();
  const stack = [...start];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const p of precedentsOf(v, id)) if (!seen.has(p)) stack.push(p);
  }
  return seen;
}

/** Sheets holding the model: targets of ROI_* names, and the sheets of sheet-scoped ROI_* names. */
export function modelSheetsOf(v: Version): Set<BookSheet> {
  const out = new Set<BookSheet>();
  for (const n of v.book.names) {
    if (!/^ROI_/i.test(n.name)) continue;
    if (n.scope !== undefined) {
      const s = v.byName.get(n.scope.toLowerCase());
      if (s) out.add(s);
      continue;
    }
    for (const r of formulaReferences(stripEq(n.refersTo)).refs) {
      const s = r.sheet !== undefined ? v.byName.get(r.sheet.toLowerCase()) : undefined;
      if (s) out.add(s);
    }
  }
  return out;
}

/** Single cells named by a defined name: node id -> the name (ROI_* names first). */
export function namedCells(v: Version): Map<number, string> {
  const out = new Map<number, string>();
  const sorted = [...v.book.names].sort((a, b) => Number(/^ROI_/i.test(b.name)) - Number(/^ROI_/i.test(a.name)));
  for (const n of sorted) {
    const { refs, names } = formulaReferences(stripEq(n.refersTo));
    if (refs.length !== 1 || names.length || refs[0].kind !== 'cell') continue;
    const text = stripEq(n.refersTo).trim();
    // Only a bare reference ('Sheet'!$B$7), not a formula that happens to read one cell.
    if (!/^('[^']*(?:''[^']*)*'|[^!'()]+)!\$?[A-Za-z]{1,3}\$?\d+$/.test(text)) continue;
    const r = refs[0];
    const home = r.sheet ?? n.scope;
    const sheet = home === undefined ? undefined : v.byName.get(home.toLowerCase());
    if (!sheet) continue;
    const id = nodeId(v.index.get(sheet)!, cellKey(r.box.top, r.box.left));
    if (!out.has(id)) out.set(id, n.name);
  }
  return out;
}
