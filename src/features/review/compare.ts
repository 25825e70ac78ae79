/**
 * The Review view's "Compare with another version", its logic: the open workbook read
 * through the WorkbookPort as a Book (its live values, formulas, number formats, spills
 * and defined names), the other file's saved ROI values checked against what the core
 * computes from the file's own saved inputs (a saved value that disagrees is stale, and
 * said to be), what the comparison (src/formula/diff.ts, the one `roi diff` runs) says
 * in words, and "Mark the changes": the changed input cells coloured in one batch, what
 * each had before kept in the document's settings, so "Clear marks" puts exactly that back.
 * Formats only: no value is ever written.
 *
 * The split with `roi diff`: the pane has no engine (HyperFormula never ships in the
 * add-in), so the open workbook's values are Excel's own (live) and the other file's are
 * the values Excel saved in it; `roi diff` recalculates both files. docs/views.md.
 */
import { callByName, getFunction, isRoiError, type CellValue } from '../../core';
import { boxA1, cellA1, parseBox, parseRef, type Box } from '../../base/a1';
import { xValueOf, type XValue } from '../../formula/cell-xml';
import {
  cellKey,
  keyCol,
  keyRow,
  sameValue,
  type Book,
  type BookCell,
  type BookDiff,
  type BookName,
  type BookSheet,
  type DiffOptions,
  type Place,
} from '../../formula/diff';
import { cellValueOf, diffSentence, valueText, type SentenceOptions } from '../../formula/diff-words';
import { findRoiCalls, isDynamicArrayFormula } from '../../formula/formula';
import type { CellStyle, RangeRead, WorkbookPort, WriteBatch } from '../../workbook/port';
import { MODEL_OUTPUTS } from '../model/outputs';
import { MARKER_NAME } from '../model/plan';
import { readSheet } from '../reading/inventory';
import { ArgEvaluator, resultAsArg } from './evaluate';

/** The fill "Mark the changes" gives a changed input (an orange no model cell uses). */
export const MARK_FILL = '#F4B183';

/** The document setting that keeps what the marks coloured over. */
export const MARKS_SETTING = 'roi.compare.marks';

/**
 * What the comparison's sentence leads with when it moved, here and in `roi diff`: the
 * model's "leads needed" output, by its defined name in the model's table (issue 18's
 * sentence: "leads needed rose from 1,180 to 1,420 (+20%) because ...").
 */
export const SENTENCE_LEAD: SentenceOptions = { lead: MODEL_OUTPUTS.find((o) => o.key === 'leads')?.name };

/**
 * How the comparison treats the model, here and in `roi diff`: the model's id (the marker
 * Update model checks) is bookkeeping, so two models built apart with the same inputs are
 * the same plan.
 */
export const MODEL_DIFF: DiffOptions = { bookkeeping: [MARKER_NAME] };

/** Which version the open workbook is: the newer one (the other file is earlier) or the older. */
export type Side = 'old' | 'new';

const STUCK_HERE = 'shows #NAME?: typed while the add-in was not loaded, so it holds no result';

/* ---------- the open workbook as a Book ---------- */

/** May this formula's result spill (so its neighbours hold its values, not typed ones)? */
function maySpill(formula: string): boolean {
  return findRoiCalls(formula.slice(1)).length > 0 || isDynamicArrayFormula(formula.slice(1)) || /[:#]/.test(formula);
}

/** The open workbook, read through the port: every sheet's used range, its spills, and the defined names. */
export async function readCurrentBook(port: WorkbookPort): Promise<Book> {
  const book: Book = { sheets: [], names: [] };
  for (const name of await port.listSheets()) {
    const read = await readSheet(port, name);
    const sheet: BookSheet = { name, cells: new Map(), spills: new Map() };
    const anchors: string[] = [];
    if (read.box) {
      const { top, left } = read.box;
      read.formulas.forEach((row, i) =>
        row.forEach((f, j) => {
          const value: CellValue = read.values[i]?.[j] ?? null;
          // Text that only looks like a formula ('=x typed as text) reads back as itself.
          const isFormula = typeof f === 'string' && f.startsWith('=') && !(typeof value === 'string' && value === f);
          if (!isFormula && (value === null || value === '')) return;
          const cell: BookCell = { value: xValueOf(value) };
          if (isFormula) {
            cell.formula = f;
            const calls = findRoiCalls(f.slice(1));
            if (
              isRoiError(value) &&
              value.code === '#NAME?' &&
              calls.length &&
              calls.every((c) => getFunction(c.id) !== undefined)
            )
              cell.stale = STUCK_HERE;
            if (maySpill(f)) anchors.push(cellA1(top + i, left + j));
          }
          const fmt = read.numberFormats?.[i]?.[j];
          if (fmt && fmt !== 'General') cell.numberFormat = fmt;
          sheet.cells.set(cellKey(top + i, left + j), cell);
        }),
      );
    }
    if (anchors.length && port.spillRanges) {
      for (let k = 0; k < anchors.length; k += 2000) {
        const chunk = anchors.slice(k, k + 2000);
        const areas = await port.spillRanges(name, chunk);
        areas.forEach((area, n) => {
          const box = area ? parseBox(area) : undefined;
          const at = parseBox(chunk[n])!;
          if (box && (box.bottom > box.top || box.right > box.left)) sheet.spills.set(cellKey(at.top, at.left), box);
        });
      }
    }
    book.sheets.push(sheet);
  }
  for (const n of (await port.listNames?.()) ?? [])
    book.names.push({
      name: n.name,
      ...(n.scope !== undefined ? { scope: n.scope } : {}),
      refersTo: n.formula.replace(/^=/, ''),
    });
  return book;
}

/* ---------- the other file's saved ROI values, checked ---------- */

/** A read-only WorkbookPort over a Book: what ArgEvaluator reads references and names through. */
class BookPort implements WorkbookPort {
  constructor(private readonly book: Book) {}

  private sheet(name: string): BookSheet | undefined {
    return this.book.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  async listSheets(): Promise<string[]> {
    return this.book.sheets.map((s) => s.name);
  }

  async usedRange(sheet: string): Promise<string | null> {
    const s = this.sheet(sheet);
    if (!s || !s.cells.size) return null;
    let box: Box | undefined;
    for (const k of s.cells.keys()) {
      const r = keyRow(k);
      const c = keyCol(k);
      box = box
        ? {
            top: Math.min(box.top, r),
            left: Math.min(box.left, c),
            bottom: Math.max(box.bottom, r),
            right: Math.max(box.right, c),
          }
        : { top: r, left: c, bottom: r, right: c };
    }
    return `${cellA1(box!.top, box!.left)}:${cellA1(box!.bottom, box!.right)}`;
  }

  async readRange(sheet: string, address: string): Promise<RangeRead> {
    const s = this.sheet(sheet);
    const box = parseBox(address);
    if (!box || (box.bottom - box.top + 1) * (box.right - box.left + 1) > 1_000_000)
      throw new Error(`cannot read ${address} here`);
    const values: CellValue[][] = [];
    const formulas: string[][] = [];
    const numberFormats: string[][] = [];
    for (let r = box.top; r <= box.bottom; r++) {
      const vr: CellValue[] = [];
      const fr: string[] = [];
      const nr: string[] = [];
      for (let c = box.left; c <= box.right; c++) {
        const cell = s?.cells.get(cellKey(r, c));
        vr.push(cell ? cellValueOf(cell.value) : null);
        fr.push(cell?.formula !== undefined ? `=${cell.formula.replace(/^=/, '')}` : '');
        nr.push(cell?.numberFormat ?? 'General');
      }
      values.push(vr);
      formulas.push(fr);
      numberFormats.push(nr);
    }
    return { values, formulas, numberFormats };
  }

  async evaluateName(name: string, sheet: string): Promise<CellValue[][] | null> {
    const upper = name.toUpperCase();
    const scoped = (n: BookName) => n.scope?.toLowerCase() === sheet.toLowerCase();
    const def =
      this.book.names.find((n) => n.name.toUpperCase() === upper && scoped(n)) ??
      this.book.names.find((n) => n.name.toUpperCase() === upper && n.scope === undefined);
    if (!def) return null;
    const ref = parseRef(def.refersTo.replace(/^=/, '').trim());
    if (!ref) return null;
    return (await this.readRange(ref.sheet ?? def.scope ?? sheet, boxA1(ref.box))).values;
  }

  getSelection = async () => null;
  select = async () => undefined;
  applyBatch = async () => {
    throw new Error('the other file is read-only');
  };
  deleteSheet = this.applyBatch;
  getSetting = async <T>() => undefined as T | undefined;
  setSetting = this.applyBatch;
}

/**
 * The other file's saved ROI values checked against the core: each formula that is one ROI
 * call on references, names and constants is computed from the file's own saved values; a
 * saved value that differs is marked stale (it was saved before its inputs changed, or by
 * a tool that does not calculate). Resolves to the number marked.
 */
export async function checkSavedValues(book: Book): Promise<number> {
  const evaluator = new ArgEvaluator(new BookPort(book));
  let marked = 0;
  for (const sheet of book.sheets) {
    for (const cell of sheet.cells.values()) {
      if (cell.formula === undefined || cell.stale) continue;
      const text = cell.formula.replace(/^=/, '').trim();
      const calls = findRoiCalls(text);
      const call = calls[0];
      if (!call || call.nameStart !== 0 || call.close !== text.length || !getFunction(call.id)) continue;
      const args = [];
      let ok = true;
      for (const a of call.args) {
        const r = await evaluator.evaluate(a.text, sheet.name);
        if (!r.ok) {
          ok = false;
          break;
        }
        args.push(r.value);
      }
      if (!ok) continue;
      const result = resultAsArg(callByName(call.id, args));
      const anchor: XValue = xValueOf(Array.isArray(result) ? (result[0]?.[0] ?? null) : (result as CellValue));
      if (sameValue(anchor, cell.value)) continue;
      cell.stale = `its saved value (${valueText(cell.value, cell.numberFormat)}) is not what its formula gives from the file's own saved inputs (${valueText(anchor, cell.numberFormat)})`;
      marked++;
    }
  }
  return marked;
}

/* ---------- the comparison in words ---------- */

export interface Comparison {
  diff: BookDiff;
  /** Which version the open workbook is. */
  current: Side;
  /** The other file's name. */
  otherName: string;
  sentence: string;
  /** What the reader must know before trusting the lists (stale values, recalculation on open). */
  warnings: string[];
}

/** Where a change is in the open workbook (undefined: only in the other file). */
export function currentPlace(item: { old?: Place; new?: Place }, current: Side): Place | undefined {
  return current === 'new' ? item.new : item.old;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The comparison's sentence and warnings. */
export function summarize(
  diff: BookDiff,
  current: Side,
  otherName: string,
  opts: { calcOnLoad?: boolean } = {},
): Comparison {
  const other: Side = current === 'new' ? 'old' : 'new';
  const warnings: string[] = [];
  const staleOther = diff.stale.filter((s) => s.side === other);
  const staleHere = diff.stale.filter((s) => s.side === current);
  if (staleOther.length)
    warnings.push(
      `${plural(staleOther.length, 'saved value')} in ${otherName} cannot be trusted (marked "stale" below): open and save it in Excel with the add-in loaded, or run roi recalc on it, then compare again.`,
    );
  else if (opts.calcOnLoad)
    warnings.push(`${otherName} asks Excel to recalculate when it opens: its saved values may be stale.`);
  if (staleHere.length)
    warnings.push(
      `${plural(staleHere.length, 'ROI formula')} in this workbook ${staleHere.length === 1 ? 'shows' : 'show'} #NAME? (typed while the add-in was not loaded): re-enter ${staleHere.length === 1 ? 'it' : 'them'} (F2, Enter) to compare ${staleHere.length === 1 ? 'its' : 'their'} result.`,
    );
  return { diff, current, otherName, sentence: diffSentence(diff, SENTENCE_LEAD), warnings };
}

/* ---------- marks ---------- */

export interface MarkRecord {
  fill: string;
  cells: Array<{ sheet: string; address: string; prior: CellStyle }>;
}

const key = (sheet: string, address: string) => `${sheet}\u0000${address}`;

function bySheet<T extends { sheet: string; address: string }>(list: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const l = out.get(x.sheet);
    if (l) l.push(x);
    else out.set(x.sheet, [x]);
  }
  return out;
}

/** The marks in the workbook, as its settings record them. */
export async function marksInWorkbook(port: WorkbookPort): Promise<MarkRecord | undefined> {
  const rec = await port.getSetting<MarkRecord>(MARKS_SETTING);
  return rec && Array.isArray(rec.cells) && rec.cells.length ? rec : undefined;
}

/**
 * Colours the changed input cells of the open workbook, in one batch, formats only. What
 * each cell had is recorded in the same batch (a cell marked already keeps its first
 * record), so "Clear marks" can put it back. Resolves to the number of cells marked.
 */
export async function markChanges(port: WorkbookPort, c: Comparison): Promise<number> {
  if (!port.readStyles) throw new Error('Marks need a workbook whose cell formats can be read here.');
  const sheets = new Set((await port.listSheets()).map((s) => s.toLowerCase()));
  const targets = new Map<string, { sheet: string; address: string }>();
  for (const i of c.diff.inputs) {
    const p = currentPlace(i, c.current);
    if (p && sheets.has(p.sheet.toLowerCase()))
      targets.set(key(p.sheet, p.address), { sheet: p.sheet, address: p.address });
  }
  if (!targets.size) return 0;
  const before = await marksInWorkbook(port);
  const known = new Map((before?.cells ?? []).map((x) => [key(x.sheet, x.address), x]));
  const fresh = [...targets.values()].filter((t) => !known.has(key(t.sheet, t.address)));
  const added: MarkRecord['cells'] = [];
  for (const [sheet, list] of bySheet(fresh)) {
    const styles = await port.readStyles(
      sheet,
      list.map((x) => x.address),
    );
    list.forEach((x, n) => added.push({ sheet, address: x.address, prior: styles[n] ?? { fill: null } }));
  }
  const record: MarkRecord = { fill: MARK_FILL, cells: [...(before?.cells ?? []), ...added] };
  const priorOf = new Map(record.cells.map((x) => [key(x.sheet, x.address), x.prior]));
  // The record goes with the fills, in the batch's own write: a mark is never left without
  // what it covered, a failed batch leaves neither, and undo takes both back as one step.
  const batch: WriteBatch = {
    cells: [...targets.values()].map((t) => ({
      sheet: t.sheet,
      address: t.address,
      style: { ...priorOf.get(key(t.sheet, t.address)), fill: MARK_FILL },
    })),
    settings: [{ key: MARKS_SETTING, value: record }],
  };
  await port.applyBatch(batch);
  return targets.size;
}

/**
 * Puts back what the marks coloured over, in one batch: only cells that still show the
 * mark's fill (a fill changed since is the user's), on sheets that still exist. Resolves
 * to the number of cells put back.
 */
export async function clearMarks(port: WorkbookPort): Promise<number> {
  const rec = await marksInWorkbook(port);
  if (!rec) return 0;
  if (!port.readStyles) throw new Error('Marks need a workbook whose cell formats can be read here.');
  const sheets = new Map((await port.listSheets()).map((s) => [s.toLowerCase(), s]));
  const restore: WriteBatch['cells'] = [];
  for (const [sheet, list] of bySheet(rec.cells)) {
    const name = sheets.get(sheet.toLowerCase());
    if (!name) continue;
    const now = await port.readStyles(
      name,
      list.map((x) => x.address),
    );
    list.forEach((x, n) => {
      if ((now[n]?.fill ?? '').toUpperCase() === rec.fill.toUpperCase())
        restore.push({ sheet: name, address: x.address, style: { ...x.prior, fill: x.prior.fill ?? null } });
    });
  }
  // The fills put back and the record removed in one write (one undo step).
  await port.applyBatch({ cells: restore, settings: [{ key: MARKS_SETTING, value: undefined }] });
  return restore.length;
}
