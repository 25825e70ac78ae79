/**
 * Which cell of one version of a workbook is which cell of the other (diff.ts): sheets by
 * name (a renamed model sheet by its ROI_* names), cells by address, and on model sheets
 * rows aligned first, a longest common subsequence of row signatures (text, ROI_* names,
 * the functions formulas call; numbers left out), so a row inserted or deleted is not a
 * change of everything below it. And an old formula in the new version's terms: its
 * references moved with their rows, its sheets renamed, in normal form. Pure.
 */
import { sheetRef, type Box } from '../base/a1';
import { tokenize, toEngineSpelling } from './formula';
import { rewriteReferences, type FormulaRef } from './references';
import {
  cellKey,
  keyCol,
  keyRow,
  modelSheetsOf,
  namedCells,
  nodeId,
  nodeKey,
  nodeSheet,
  normalFormula,
  stripEq,
  type BookSheet,
  type Version,
} from './diff-book';

export interface SheetPair {
  old?: BookSheet;
  new?: BookSheet;
  /** old row -> new row (-1: the row went); undefined: rows keep their numbers. */
  rows?: Int32Array;
  /** new row -> old row (-1: a new row). */
  back?: Int32Array;
}

export const ROW_LIMIT = 20_000;

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

export function pairSheets(oldV: Version, newV: Version): SheetPair[] {
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
export class Matching {
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
export function oldFormulaInNewTerms(m: Matching, oldSheet: BookSheet, formula: string): string {
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
