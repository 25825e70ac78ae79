/**
 * What changed between two versions of a workbook, the way a finance reviewer reads it:
 * the assumptions (inputs) that changed, the ROI formulas added, removed or rewritten, the
 * results (outputs) that moved and which changed inputs they depend on, and a count of the
 * other cells edited. The one comparison behind `roi diff` (src/files/diff.ts gives it two
 * recalculated files) and the Review view's "Compare with another version"
 * (src/features/review/compare.ts gives it the open workbook and another file's saved
 * values); each side turns its workbook into a Book first. Pure: no I/O, no engine.
 *
 * Decisions (docs/workbook-files.md, "roi diff"):
 * - Sheets are matched by name; a model sheet (one the builder made, known by its ROI_*
 *   defined names) without a namesake is matched to the other version's model sheet that
 *   shares most of its ROI_* names.
 * - Cells are matched by address, except on model sheets, whose rows are aligned first (a
 *   longest common subsequence of row signatures: the row's text, its ROI_* names, the
 *   functions its formulas call; numbers left out, since inputs change), so an inserted or
 *   deleted row does not make everything below it a change, and a named input is matched
 *   by its name wherever its row went.
 * - An input is a constant cell that an ROI formula reads, directly or through other
 *   formulas, defined names, ranges and spills (in either version).
 * - The formulas compared are the ROI formulas, the formulas they read, and every formula
 *   on a model sheet, in one normal form: any ROI spelling (ROI.X, _xldudf_ROI_X,
 *   [n]!_xldudf_ROI_X), Excel's _xlfn. prefixes, letter case, spaces and the old
 *   version's references moved with their rows do not count as changes.
 * - The outputs are every ROI formula's value (each cell of a spill) and the cells the
 *   model's ROI_* names give to formulas; one moved when both versions have a value there
 *   and they differ (numbers beyond a relative 1e-9).
 * - Other changes are edits: a constant or a formula's text that differs, a cell that
 *   appeared or went. A value that moved only because what it reads moved is not an edit.
 *   Formatting is never a change.
 */
import { MAX_SHEET_COLS, cellA1, sheetRef, type Box } from '../base/a1';
import { approxEqual } from '../base/equal';
import { findRoiCalls, toEngineSpelling, tokenize } from './formula';
import { formulaReferences, rewriteReferences, type FormulaRef } from './references';
import { isXError, type XValue } from './cell-xml';

/* ---------- the input: a workbook as cells ---------- */

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

/* ---------- the result ---------- */

export interface Place {
  sheet: string;
  /** "B7" */
  address: string;
  row: number;
  col: number;
}

export interface InputChange {
  /** Where it is in each version (one is missing for a cell that appeared or went). */
  old?: Place;
  new?: Place;
  /** The defined name that names exactly this cell (ROI_ChurnRate), if any. */
  name?: string;
  /** What the sheet calls it (the row's label), if anything. */
  label?: string;
  oldValue: XValue;
  newValue: XValue;
  oldFormat?: string;
  newFormat?: string;
}

export interface FormulaChange {
  old?: Place;
  new?: Place;
  change: 'added' | 'removed' | 'changed';
  /** As Excel shows it: "=ROI.REQUIREDLEADS(ROI_RevenueGap,ROI_DealValue,ROI_LeadRates)". */
  oldFormula?: string;
  newFormula?: string;
  /** Does it call ROI.* (in either version)? */
  roi: boolean;
}

export interface OutputMove {
  old?: Place;
  new?: Place;
  name?: string;
  label?: string;
  oldValue: XValue;
  newValue: XValue;
  oldFormat?: string;
  newFormat?: string;
  /** (new - old) / |old| in percent, one decimal; null when either is not a number or old is 0. */
  changePct: number | null;
  /** The changed inputs and formulas it reads (directly or through other cells; its own formula if that changed), in reading order. */
  because: Place[];
  /** Why a version's value cannot be trusted, when it cannot (see BookCell.stale). */
  staleOld?: string;
  staleNew?: string;
}

export interface OtherChange {
  old?: Place;
  new?: Place;
  /** The cell's content as typed ("=A1+1", "Notes", 42), "" for blank. */
  oldContent: string;
  newContent: string;
}

export interface BookDiff {
  inputs: InputChange[];
  formulas: FormulaChange[];
  outputs: OutputMove[];
  /** Other cells edited, in reading order. */
  other: OtherChange[];
  /** Their count per sheet (the new version's name; a removed sheet's old name). */
  otherCounts: Record<string, number>;
  sheets: { added: string[]; removed: string[]; renamed: Array<{ old: string; new: string }> };
  /** Cells whose value could not be trusted in either version (outputs and inputs included). */
  stale: Array<{ side: 'old' | 'new'; place: Place; reason: string }>;
}

/** Did anything that counts change (the exit status of roi diff)? */
export function hasChanges(d: BookDiff): boolean {
  return d.inputs.length + d.formulas.length + d.outputs.length + d.other.length > 0;
}

/* ---------- helpers ---------- */

/** Equal as values: numbers within a relative 1e-9, blank equals "", errors by code. */
export function sameValue(a: XValue, b: XValue): boolean {
  const blankA = a === null || a === '';
  const blankB = b === null || b === '';
  if (blankA || blankB) return blankA && blankB;
  if (typeof a === 'number' && typeof b === 'number') return approxEqual(a, b);
  if (isXError(a) || isXError(b)) return isXError(a) && isXError(b) && a.error === b.error;
  return a === b;
}

function stripEq(f: string): string {
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

interface Version {
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

function nodeId(sheetIndex: number, key: number): number {
  return sheetIndex * SHEET_SPAN + key;
}

function nodeSheet(id: number): number {
  return Math.floor(id / SHEET_SPAN);
}

function nodeKey(id: number): number {
  return id % SHEET_SPAN;
}

function indexVersion(book: Book): Version {
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

function lookupName(v: Version, name: string, from: string, qualifiedSheet?: string): BookName | undefined {
  const upper = name.toUpperCase();
  if (qualifiedSheet !== undefined) return v.names.get(qualifiedSheet.toLowerCase())?.get(upper);
  return v.names.get(from.toLowerCase())?.get(upper) ?? v.names.get('')?.get(upper);
}

/** The existing cells of a box on a sheet, as node ids. */
function cellsIn(v: Version, sheet: BookSheet, box: Box): number[] {
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
function readsOf(v: Version, text: string, sheet: BookSheet, depth = 0, out: number[] = []): number[] {
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

function precedentsOf(v: Version, id: number): number[] {
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

function isRoi(c: BookCell | undefined): boolean {
  return c?.formula !== undefined && findRoiCalls(stripEq(c.formula)).length > 0;
}

function cellOf(v: Version, id: number): BookCell | undefined {
  return v.book.sheets[nodeSheet(id)]?.cells.get(nodeKey(id));
}

function isSpillMember(v: Version, id: number): boolean {
  const sheet = v.book.sheets[nodeSheet(id)];
  return v.spillOf.get(sheet)!.has(nodeKey(id));
}

/** Every cell reachable from `start` through precedents (the start included). */
function closure(v: Version, start: Iterable<number>): Set<number> {
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
function modelSheetsOf(v: Version): Set<BookSheet> {
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
function namedCells(v: Version): Map<number, string> {
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

/* ---------- matching the two versions ---------- */

interface SheetPair {
  old?: BookSheet;
  new?: BookSheet;
  /** old row -> new row (-1: the row went); undefined: rows keep their numbers. */
  rows?: Int32Array;
  /** new row -> old row (-1: a new row). */
  back?: Int32Array;
}

const ROW_LIMIT = 20_000;

function rowSignatures(v: Version, sheet: BookSheet, named: Map<number, string>): string[] {
  let maxRow = -1;
  for (const k of sheet.cells.keys()) maxRow = Math.max(maxRow, keyRow(k));
  const parts: string[][] = Array.from({ length: maxRow + 1 }, () => []);
  const si = v.index.get(sheet)!;
  const members = v.spillOf.get(sheet)!;
  for (const [k, c] of sheet.cells) {
    const row = keyRow(k);
    const col = keyCol(k);
    const name = named.get(nodeId(si, k));
    if (name) parts[row].push(`n${col}:${name.toUpperCase()}`);
    if (c.formula !== undefined) {
      const fns = tokenize(toEngineSpelling(stripEq(c.formula)))
        .filter((t, i, all) => t.kind === 'word' && all[i + 1]?.text === '(')
        .map((t) => t.text.toUpperCase());
      parts[row].push(`f${col}:${fns.join(',')}`);
    } else if (typeof c.value === 'string' && c.value !== '' && !members.has(k)) parts[row].push(`t${col}:${c.value}`);
  }
  return parts.map((p) => p.sort().join('\u0001'));
}

/** Row alignment of two versions of a sheet: a longest common subsequence of row signatures. */
function alignRows(a: string[], b: string[]): { rows: Int32Array; back: Int32Array } {
  const rows = new Int32Array(a.length).fill(-1);
  const back = new Int32Array(b.length).fill(-1);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) {
    rows[pre] = pre;
    back[pre] = pre;
    pre++;
  }
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) {
    rows[a.length - 1 - suf] = b.length - 1 - suf;
    back[b.length - 1 - suf] = a.length - 1 - suf;
    suf++;
  }
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  const pairs: Array<[number, number]> = [];
  if (n > 0 && m > 0 && n * m <= 4_000_000) {
    // LCS table over the middle part.
    const w = m + 1;
    const dp = new Uint16Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        dp[i * w + j] =
          a[pre + i] === b[pre + j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[pre + i] === b[pre + j]) {
        pairs.push([pre + i, pre + j]);
        i++;
        j++;
      } else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) i++;
      else j++;
    }
  } else if (n > 0 && m > 0 && n === m) {
    for (let i = 0; i < n; i++) pairs.push([pre + i, pre + i]);
  }
  // Gaps between matched rows: the same number of rows on both sides are the same rows, edited.
  const anchors: Array<[number, number]> = [[pre - 1, pre - 1], ...pairs, [a.length - suf, b.length - suf]];
  for (let p = 0; p < anchors.length; p++) {
    const [x, y] = anchors[p];
    if (p > 0 && p < anchors.length - 1) {
      rows[x] = y;
      back[y] = x;
    }
    if (p + 1 < anchors.length) {
      const [x2, y2] = anchors[p + 1];
      if (x2 - x === y2 - y)
        for (let d = 1; d < x2 - x; d++) {
          rows[x + d] = y + d;
          back[y + d] = x + d;
        }
    }
  }
  return { rows, back };
}

function pairSheets(oldV: Version, newV: Version): SheetPair[] {
  const pairs: SheetPair[] = [];
  const usedNew = new Set<BookSheet>();
  const unmatchedOld: BookSheet[] = [];
  for (const s of oldV.book.sheets) {
    const t = newV.byName.get(s.name.toLowerCase());
    if (t) {
      pairs.push({ old: s, new: t });
      usedNew.add(t);
    } else unmatchedOld.push(s);
  }
  const roiNames = (v: Version, s: BookSheet) =>
    new Set(
      v.book.names
        .filter((n) => /^ROI_/i.test(n.name) && n.scope?.toLowerCase() === s.name.toLowerCase())
        .map((n) => n.name.toUpperCase()),
    );
  const oldModels = modelSheetsOf(oldV);
  const newModels = modelSheetsOf(newV);
  for (const s of unmatchedOld) {
    let best: BookSheet | undefined;
    let score = 0;
    if (oldModels.has(s)) {
      const mine = roiNames(oldV, s);
      for (const t of newV.book.sheets) {
        if (usedNew.has(t) || !newModels.has(t)) continue;
        const theirs = roiNames(newV, t);
        const shared = [...mine].filter((x) => theirs.has(x)).length;
        if (shared * 2 >= Math.max(mine.size, 1) && shared > score) {
          best = t;
          score = shared;
        }
      }
    }
    if (best) usedNew.add(best);
    pairs.push({ old: s, new: best });
  }
  for (const t of newV.book.sheets) if (!usedNew.has(t)) pairs.push({ new: t });
  // Model sheets: align their rows.
  const oldNamed = namedCells(oldV);
  const newNamed = namedCells(newV);
  for (const p of pairs) {
    if (!p.old || !p.new || !(oldModels.has(p.old) || newModels.has(p.new))) continue;
    const a = rowSignatures(oldV, p.old, oldNamed);
    const b = rowSignatures(newV, p.new, newNamed);
    if (a.length > ROW_LIMIT || b.length > ROW_LIMIT) continue;
    if (a.length === b.length && a.every((x, i) => x === b[i])) continue;
    const { rows, back } = alignRows(a, b);
    p.rows = rows;
    p.back = back;
  }
  return pairs;
}

/** The mapping of old cells to new ones (and back), through the sheet pairs. */
class Matching {
  private oldPair = new Map<BookSheet, SheetPair>();
  private newPair = new Map<BookSheet, SheetPair>();

  constructor(
    readonly pairs: SheetPair[],
    readonly oldV: Version,
    readonly newV: Version,
  ) {
    for (const p of pairs) {
      if (p.old) this.oldPair.set(p.old, p);
      if (p.new) this.newPair.set(p.new, p);
    }
  }

  private static tails = new WeakMap<Int32Array, number>();

  private static row(map: Int32Array | undefined, row: number): number {
    if (!map) return row;
    if (row < map.length) return map[row];
    // Below the last row the version uses: shifted as its last matched row was.
    let shift = Matching.tails.get(map);
    if (shift === undefined) {
      shift = 0;
      for (let last = map.length - 1; last >= 0; last--)
        if (map[last] >= 0) {
          shift = map[last] - last;
          break;
        }
      Matching.tails.set(map, shift);
    }
    return row + shift;
  }

  /** The new version's node for an old node (-1: none). */
  toNew(id: number): number {
    const s = this.oldV.book.sheets[nodeSheet(id)];
    const p = this.oldPair.get(s);
    if (!p?.new) return -1;
    const key = nodeKey(id);
    const row = Matching.row(p.rows, keyRow(key));
    return row < 0 ? -1 : nodeId(this.newV.index.get(p.new)!, cellKey(row, keyCol(key)));
  }

  toOld(id: number): number {
    const s = this.newV.book.sheets[nodeSheet(id)];
    const p = this.newPair.get(s);
    if (!p?.old) return -1;
    const key = nodeKey(id);
    const row = Matching.row(p.back, keyRow(key));
    return row < 0 ? -1 : nodeId(this.oldV.index.get(p.old)!, cellKey(row, keyCol(key)));
  }

  /** The new sheet an old sheet became (by name, for rewriting references). */
  newSheetName(oldName: string): string | undefined {
    const s = this.oldV.byName.get(oldName.toLowerCase());
    return s ? this.oldPair.get(s)?.new?.name : undefined;
  }

  /** An old reference's box in the new version's rows (null: all its rows went). */
  mapBox(oldSheet: BookSheet, ref: FormulaRef): Box | null {
    const target = ref.sheet === undefined ? oldSheet : this.oldV.byName.get(ref.sheet.toLowerCase());
    const p = target ? this.oldPair.get(target) : undefined;
    if (!p?.rows || ref.kind === 'columns') return ref.box;
    let top = Infinity;
    let bottom = -1;
    const span = ref.box.bottom - ref.box.top;
    if (span > ROW_LIMIT) return ref.box;
    for (let r = ref.box.top; r <= ref.box.bottom; r++) {
      const n = Matching.row(p.rows, r);
      if (n < 0) continue;
      top = Math.min(top, n);
      bottom = Math.max(bottom, n);
    }
    if (bottom < 0) return null;
    return { top, left: ref.box.left, bottom, right: ref.box.right };
  }
}

/** An old formula in the new version's terms: references moved with their rows, sheets renamed, in normal form. */
function oldFormulaInNewTerms(m: Matching, oldSheet: BookSheet, formula: string): string {
  let text = rewriteReferences(stripEq(formula), (ref) => m.mapBox(oldSheet, ref));
  const renames = m.pairs.filter((p) => p.old && p.new && p.old.name !== p.new.name);
  if (renames.length) {
    const toks = tokenize(text);
    text = toks
      .map((t, i) => {
        if ((t.kind === 'word' || t.kind === 'quoted') && toks[i + 1]?.text === '!') {
          const bare = t.kind === 'quoted' ? t.text.slice(1, -1).replace(/''/g, "'") : t.text;
          const to = m.newSheetName(bare);
          if (to && to !== bare) return sheetRef(to);
        }
        return t.text;
      })
      .join('');
  }
  return normalFormula(text);
}

/* ---------- the comparison ---------- */

function placeOf(v: Version, id: number): Place {
  const key = nodeKey(id);
  const row = keyRow(key);
  const col = keyCol(key);
  return { sheet: v.book.sheets[nodeSheet(id)].name, address: cellA1(row, col), row, col };
}

interface Roles {
  roi: Set<number>;
  inputs: Set<number>;
  formulas: Set<number>;
  outputs: Set<number>;
  named: Map<number, string>;
}

function rolesOf(v: Version): Roles {
  const roi = new Set<number>();
  const models = modelSheetsOf(v);
  const modelFormulas: number[] = [];
  v.book.sheets.forEach((s, si) => {
    for (const [k, c] of s.cells) {
      if (c.formula === undefined) continue;
      const id = nodeId(si, k);
      if (isRoi(c)) roi.add(id);
      if (models.has(s)) modelFormulas.push(id);
    }
  });
  const reach = closure(v, roi);
  const inputs = new Set<number>();
  const formulas = new Set<number>(modelFormulas);
  for (const id of reach) {
    const c = cellOf(v, id);
    if (c?.formula !== undefined) formulas.add(id);
    else if (!isSpillMember(v, id)) inputs.add(id);
  }
  const outputs = new Set<number>();
  for (const id of roi) {
    outputs.add(id);
    const s = v.book.sheets[nodeSheet(id)];
    const area = s.spills.get(nodeKey(id));
    if (area) for (const m of cellsIn(v, s, area)) if (isSpillMember(v, m)) outputs.add(m);
  }
  const named = namedCells(v);
  for (const [id, name] of named) if (/^ROI_/i.test(name) && cellOf(v, id)?.formula !== undefined) outputs.add(id);
  return { roi, inputs, formulas, outputs, named };
}

/** A reading-order sort key for a pair of places (new first). */
function order(p: { old?: Place; new?: Place }, sheetOrder: Map<string, number>): [number, number, number] {
  const x = p.new ?? p.old!;
  return [sheetOrder.get(x.sheet) ?? 1e9, x.row, x.col];
}

function byOrder<T extends { old?: Place; new?: Place }>(list: T[], sheetOrder: Map<string, number>): T[] {
  return list.sort((a, b) => {
    const x = order(a, sheetOrder);
    const y = order(b, sheetOrder);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

export interface DiffOptions {
  /** The label of a cell (what the sheet calls it); default: labelOf. */
  label?: (book: Book, sheet: BookSheet, row: number, col: number) => string | undefined;
}

/** Compares two versions of a workbook. */
export function diffBooks(oldBook: Book, newBook: Book, options: DiffOptions = {}): BookDiff {
  const oldV = indexVersion(oldBook);
  const newV = indexVersion(newBook);
  const m = new Matching(pairSheets(oldV, newV), oldV, newV);
  const oldR = rolesOf(oldV);
  const newR = rolesOf(newV);
  const label = options.label ?? labelOf;
  const sheetOrder = new Map<string, number>();
  newBook.sheets.forEach((s, i) => sheetOrder.set(s.name, i));
  oldBook.sheets.forEach((s, i) => {
    if (!sheetOrder.has(s.name)) sheetOrder.set(s.name, newBook.sheets.length + i);
  });

  /** Pairs (old id, new id) for a set of ids from either side, each pair once. */
  const pairsOf = (oldIds: Iterable<number>, newIds: Iterable<number>): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    const seenNew = new Set<number>();
    const seenOld = new Set<number>();
    for (const id of newIds) {
      if (seenNew.has(id)) continue;
      seenNew.add(id);
      const o = m.toOld(id);
      if (o >= 0) seenOld.add(o);
      out.push([o, id]);
    }
    for (const id of oldIds) {
      if (seenOld.has(id)) continue;
      seenOld.add(id);
      const n = m.toNew(id);
      if (n >= 0 && seenNew.has(n)) continue;
      out.push([id, n]);
    }
    return out;
  };
  const oldCell = (id: number) => (id >= 0 ? cellOf(oldV, id) : undefined);
  const newCell = (id: number) => (id >= 0 ? cellOf(newV, id) : undefined);
  const places = (o: number, n: number) => ({
    ...(o >= 0 ? { old: placeOf(oldV, o) } : {}),
    ...(n >= 0 ? { new: placeOf(newV, n) } : {}),
  });
  const labelFor = (o: number, n: number): string | undefined => {
    if (n >= 0) {
      const s = newBook.sheets[nodeSheet(n)];
      const l = label(newBook, s, keyRow(nodeKey(n)), keyCol(nodeKey(n)));
      if (l) return l;
    }
    if (o >= 0) {
      const s = oldBook.sheets[nodeSheet(o)];
      return label(oldBook, s, keyRow(nodeKey(o)), keyCol(nodeKey(o)));
    }
    return undefined;
  };
  const nameFor = (o: number, n: number) =>
    (n >= 0 ? newR.named.get(n) : undefined) ?? (o >= 0 ? oldR.named.get(o) : undefined);

  // Inputs.
  const inputs: InputChange[] = [];
  const changedOld = new Set<number>();
  const changedNew = new Set<number>();
  for (const [o, n] of pairsOf(oldR.inputs, newR.inputs)) {
    const a = oldCell(o);
    const b = newCell(n);
    const av = a?.value ?? null;
    const bv = b?.value ?? null;
    const kindChanged = (a?.formula !== undefined) !== (b?.formula !== undefined) && !!a && !!b;
    if (sameValue(av, bv) && !kindChanged) continue;
    if (o >= 0) changedOld.add(o);
    if (n >= 0) changedNew.add(n);
    inputs.push({
      ...places(o, n),
      name: nameFor(o, n),
      label: labelFor(o, n),
      oldValue: av,
      newValue: bv,
      oldFormat: a?.numberFormat,
      newFormat: b?.numberFormat,
    });
  }

  // Formulas.
  const formulas: FormulaChange[] = [];
  for (const [o, n] of pairsOf(oldR.formulas, newR.formulas)) {
    const a = oldCell(o);
    const b = newCell(n);
    const af = a?.formula;
    const bf = b?.formula;
    if (af === undefined && bf === undefined) continue;
    let change: FormulaChange['change'];
    if (af === undefined) change = 'added';
    else if (bf === undefined) change = 'removed';
    else if (oldFormulaInNewTerms(m, oldBook.sheets[nodeSheet(o)], af) !== normalFormula(bf)) change = 'changed';
    else continue;
    if (o >= 0) changedOld.add(o);
    if (n >= 0) changedNew.add(n);
    formulas.push({
      ...places(o, n),
      change,
      ...(af !== undefined ? { oldFormula: displayFormula(af) } : {}),
      ...(bf !== undefined ? { newFormula: displayFormula(bf) } : {}),
      roi: isRoi(a) || isRoi(b),
    });
  }

  // Outputs.
  const outputs: OutputMove[] = [];
  const stale: BookDiff['stale'] = [];
  const staleSeen = new Set<string>();
  const noteStale = (side: 'old' | 'new', v: Version, id: number) => {
    const c = cellOf(v, id);
    if (!c?.stale || staleSeen.has(`${side}${id}`)) return;
    staleSeen.add(`${side}${id}`);
    stale.push({ side, place: placeOf(v, id), reason: c.stale });
  };
  for (const [o, n] of pairsOf(oldR.outputs, newR.outputs)) {
    const a = oldCell(o);
    const b = newCell(n);
    if (o >= 0) noteStale('old', oldV, o);
    if (n >= 0) noteStale('new', newV, n);
    if (!a || !b) continue;
    const av = a.value;
    const bv = b.value;
    if (sameValue(av, bv)) continue;
    const because = new Map<string, Place>();
    // Its own formula, when that changed, is among its reasons.
    if (n >= 0) for (const id of closure(newV, [n])) if (changedNew.has(id)) because.set(`n${id}`, placeOf(newV, id));
    if (o >= 0)
      for (const id of closure(oldV, [o])) {
        if (!changedOld.has(id)) continue;
        const there = m.toNew(id);
        if (there >= 0 && because.has(`n${there}`)) continue;
        because.set(there >= 0 ? `n${there}` : `o${id}`, there >= 0 ? placeOf(newV, there) : placeOf(oldV, id));
      }
    outputs.push({
      ...places(o, n),
      name: nameFor(o, n),
      label: labelFor(o, n),
      oldValue: av,
      newValue: bv,
      oldFormat: a.numberFormat,
      newFormat: b.numberFormat,
      changePct: changePct(av, bv),
      because: [...because.values()].sort(
        (x, y) => (sheetOrder.get(x.sheet) ?? 0) - (sheetOrder.get(y.sheet) ?? 0) || x.row - y.row || x.col - y.col,
      ),
      ...(a.stale ? { staleOld: a.stale } : {}),
      ...(b.stale ? { staleNew: b.stale } : {}),
    });
  }
  for (const id of oldR.inputs) noteStale('old', oldV, id);
  for (const id of newR.inputs) noteStale('new', newV, id);

  // Other edits.
  const other: OtherChange[] = [];
  const otherCounts: Record<string, number> = {};
  const allOld = (function* () {
    for (let si = 0; si < oldBook.sheets.length; si++)
      for (const k of oldBook.sheets[si].cells.keys()) yield nodeId(si, k);
  })();
  const allNew = (function* () {
    for (let si = 0; si < newBook.sheets.length; si++)
      for (const k of newBook.sheets[si].cells.keys()) yield nodeId(si, k);
  })();
  for (const [o, n] of pairsOf(allOld, allNew)) {
    if (o >= 0 && (oldR.inputs.has(o) || oldR.formulas.has(o) || oldR.outputs.has(o))) continue;
    if (n >= 0 && (newR.inputs.has(n) || newR.formulas.has(n) || newR.outputs.has(n))) continue;
    // A spilled value is its formula's, not an edit: compared as blank.
    const a = o >= 0 && !isSpillMember(oldV, o) ? oldCell(o) : undefined;
    const b = n >= 0 && !isSpillMember(newV, n) ? newCell(n) : undefined;
    let changed: boolean;
    if (a?.formula !== undefined && b?.formula !== undefined)
      changed = oldFormulaInNewTerms(m, oldBook.sheets[nodeSheet(o)], a.formula) !== normalFormula(b.formula);
    else if (a?.formula !== undefined || b?.formula !== undefined) changed = true;
    else changed = !sameValue(a?.value ?? null, b?.value ?? null);
    if (!changed) continue;
    const pl = places(o, n);
    other.push({ ...pl, oldContent: contentOf(a), newContent: contentOf(b) });
    const sheet = (pl.new ?? pl.old)!.sheet;
    otherCounts[sheet] = (otherCounts[sheet] ?? 0) + 1;
  }

  const sheets: BookDiff['sheets'] = { added: [], removed: [], renamed: [] };
  for (const p of m.pairs) {
    if (p.old && !p.new) sheets.removed.push(p.old.name);
    else if (!p.old && p.new) sheets.added.push(p.new.name);
    else if (p.old && p.new && p.old.name !== p.new.name) sheets.renamed.push({ old: p.old.name, new: p.new.name });
  }
  return {
    inputs: byOrder(inputs, sheetOrder),
    formulas: byOrder(formulas, sheetOrder),
    outputs: byOrder(outputs, sheetOrder),
    other: byOrder(other, sheetOrder),
    otherCounts,
    sheets,
    stale,
  };
}

/** (new - old) / |old| in percent, one decimal; null when it is not defined. */
export function changePct(a: XValue, b: XValue): number | null {
  if (typeof a !== 'number' || typeof b !== 'number' || a === 0) return null;
  const pct = ((b - a) / Math.abs(a)) * 100;
  // Half away from zero, as a reader rounds: -0.75% is -0.8%.
  return Number.isFinite(pct) ? (Math.sign(pct) * Math.round(Math.abs(pct) * 10)) / 10 : null;
}

/* ---------- labels ---------- */

function textAt(sheet: BookSheet, row: number, col: number): string | undefined {
  const v = sheet.cells.get(cellKey(row, col))?.value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * What the sheet calls a cell: the short text just right of it (a rate's name, "close
 * rate"), else the nearest text to its left on its row (the label, "Churn"); a sentence
 * (ending with ".") is a note, not a label.
 */
export function labelOf(_book: Book, sheet: BookSheet, row: number, col: number): string | undefined {
  const right = textAt(sheet, row, col + 1);
  if (right && right.length <= 32 && !/[.!?]$/.test(right)) return right;
  for (let c = col - 1; c >= 0 && c >= col - 8; c--) {
    const t = textAt(sheet, row, c);
    if (!t) continue;
    const label = t.length > 60 ? `${t.slice(0, 57)}...` : t;
    const header = columnHeader(sheet, row, col, c);
    return header ? `${label}, ${header}` : label;
  }
  return undefined;
}

/**
 * The heading of a table column above a cell ("Low", "Volume needed"): the first text up
 * the column, over cells with values only, on a row whose label column has text too.
 */
function columnHeader(sheet: BookSheet, row: number, col: number, labelCol: number): string | undefined {
  for (let r = row - 1; r >= 0 && r >= row - 12; r--) {
    const c = sheet.cells.get(cellKey(r, col));
    if (!c || c.value === null || c.value === '') return undefined;
    if (typeof c.value !== 'string') continue;
    return textAt(sheet, r, labelCol) && c.value.length <= 32 ? c.value.trim() : undefined;
  }
  return undefined;
}
