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
import { cellA1 } from '../base/a1';
import type { XValue } from './cell-xml';
import {
  cellKey,
  cellOf,
  cellsIn,
  closure,
  displayFormula,
  contentOf,
  isRoi,
  isSpillMember,
  keyCol,
  keyRow,
  modelSheetsOf,
  namedCells,
  nodeId,
  nodeKey,
  nodeSheet,
  normalFormula,
  indexVersion,
  sameValue,
  type Book,
  type BookSheet,
  type Version,
} from './diff-book';
import { Matching, oldFormulaInNewTerms, pairSheets } from './diff-match';

export {
  cellKey,
  contentOf,
  displayFormula,
  keyCol,
  keyRow,
  normalFormula,
  sameValue,
  type Book,
  type BookCell,
  type BookName,
  type BookSheet,
} from './diff-book';

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
  /**
   * Defined names of cells that keep bookkeeping, not the plan (the model's id, which two
   * separately built models never share): a difference there is no change. Compared
   * without letter case.
   */
  bookkeeping?: readonly string[];
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
  const bookkeeping = new Set((options.bookkeeping ?? []).map((x) => x.toLowerCase()));
  for (const [o, n] of pairsOf(allOld, allNew)) {
    if (bookkeeping.has((nameFor(o, n) ?? '').toLowerCase())) continue;
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
