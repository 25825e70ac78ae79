/**
 * The WorkbookPort over the headless engine (HyperFormula with the ROI.* functions, see
 * src/engine/hf.ts). The workbench draws its grid on this adapter, and the tests build
 * and evaluate models with it.
 *
 * HyperFormula holds the values and formulas (A1 formulas as in Excel; defined names as
 * named expressions). What it has no notion of is kept in side tables: number formats,
 * styles and notes per cell, charts and conditional formats as specs, hidden sheets,
 * document settings, the selection. applyBatch is all-or-nothing: a snapshot of every
 * sheet's contents, the names and the side tables is taken first and put back if any
 * write fails.
 *
 * Undo (the workbench's Ctrl+Z, Ctrl+Y): every change made through the adapter is one step
 * of a History (src/workbook/history.ts): a cell typed or cleared (setCellFromUser: the cell
 * as it was), one applyBatch (the task pane's write, however many cells: the snapshot it
 * takes anyway, with the document settings it wrote, such as the model registry), a sheet
 * deleted. Settings set on their own and the selection are not steps, as in Excel; a file
 * loaded (loadSheets) starts a new history.
 *
 * GPL side: this module imports HyperFormula; the add-in bundle never imports it.
 */
import { boxA1, cellA1, colToIndex, parseRef, quoteSheet, absoluteA1, type Box } from '../base/a1';
import type { HyperFormula, RawCellContent, SimpleCellAddress } from 'hyperformula';
import { RoiError, isErrorCode, isRoiError, type CellValue } from '../core';
import { createEngine } from '../engine/hf';
import { fromEngineValue } from '../engine/convert';
import { errorText } from '../base/error-text';
import { formatValue } from '../base/format';
import {
  CellsChangedError,
  RangeNotEmptyError,
  WorkbookWriteError,
  cellOf,
  holdsExpected,
  settingValue,
  rangeOf,
  renameBatchSheets,
  uniqueSheetName,
  type A1,
  type BatchResult,
  type CellStyle,
  type ChartSpec,
  type ChangedCell,
  type ConditionalFormat,
  type NameDef,
  type NamedRead,
  type NameInfo,
  type RangeRead,
  type Selection,
  type WorkbookPort,
  type WriteBatch,
} from './port';
import type { ChangeListener, SheetSnapshot, SheetSource, SnapshotCell, WorkbookChange } from './sheet-source';
import { History, type HistoryStep } from './history';

/** What an undo or a redo did: its step's label, and where the selection went. */
export interface Undone {
  label: string;
  selection: Selection | null;
}

type Snapshot = ReturnType<EngineWorkbook['snapshot']>;

interface SideTables {
  formats: Map<string, Map<A1, string>>;
  styles: Map<string, Map<A1, CellStyle>>;
  notes: Map<string, Map<A1, string>>;
  charts: ChartSpec[];
  conditionalFormats: ConditionalFormat[];
  names: NameDef[];
  hidden: Set<string>;
  widths: Map<string, Map<string, number>>;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/* ---------- the adapter ---------- */

export interface EngineWorkbookOptions {
  /** Initial sheets of raw contents (numbers, text, booleans, null, "=formulas"). Default: one empty "Sheet1". */
  sheets?: Record<string, RawCellContent[][]>;
  settings?: Record<string, unknown>;
}

export class EngineWorkbook implements WorkbookPort, SheetSource {
  readonly hf: HyperFormula;
  private side: SideTables = {
    formats: new Map(),
    styles: new Map(),
    notes: new Map(),
    charts: [],
    conditionalFormats: [],
    names: [],
    hidden: new Set(),
    widths: new Map(),
  };
  private settings = new Map<string, string>();
  private selection: Selection | null = null;
  private listeners = new Set<ChangeListener>();
  private activationListeners = new Set<(sheet: string) => void>();
  private history = new History<Selection | null>();

  constructor(options: EngineWorkbookOptions = {}) {
    this.hf = createEngine(options.sheets ?? { Sheet1: [] });
    for (const [k, v] of Object.entries(options.settings ?? {})) this.settings.set(k, JSON.stringify(v));
    const first = this.hf.getSheetNames()[0];
    if (first) this.selection = { sheet: first, address: 'A1' };
  }

  /* ----- change notification ----- */

  /** Call `listener` after every change; returns the function that stops it. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: WorkbookChange): void {
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch {
        /* a listener's failure is not the workbook's */
      }
    }
  }

  /* ----- reading ----- */

  private sheetId(sheet: string): number {
    const id = this.hf.getSheetId(sheet);
    if (id === undefined) throw new WorkbookWriteError(`There is no sheet named "${sheet}".`);
    return id;
  }

  async listSheets(): Promise<string[]> {
    return this.hf.getSheetNames();
  }

  async usedRange(sheet: string): Promise<A1 | null> {
    const box = this.bounds(sheet);
    return box ? `${cellA1(box.top, box.left)}:${cellA1(box.bottom, box.right)}` : null;
  }

  /** The bounding box of cells with contents (values or formulas, spills included). */
  private bounds(sheet: string): Box | null {
    const id = this.sheetId(sheet);
    const values = this.hf.getSheetValues(id);
    const raw = this.hf.getSheetSerialized(id);
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    const visit = (grid: unknown[][]) =>
      grid.forEach((row, r) =>
        row.forEach((v, c) => {
          if (v === null || v === undefined || v === '') return;
          top = Math.min(top, r);
          left = Math.min(left, c);
          bottom = Math.max(bottom, r);
          right = Math.max(right, c);
        }),
      );
    visit(values as unknown[][]);
    visit(raw as unknown[][]);
    return bottom < 0 ? null : { top, left, bottom, right };
  }

  private cellValue(addr: SimpleCellAddress): CellValue {
    const v = fromEngineValue(this.hf.getCellValue(addr));
    return Array.isArray(v) ? (v[0]?.[0] ?? null) : v;
  }

  /** The formula or constant of a cell as typed ("" for blank). */
  private cellFormula(addr: SimpleCellAddress): string {
    const f = this.hf.getCellFormula(addr);
    if (f !== undefined) return f;
    if (this.hf.isCellPartOfArray(addr)) return '';
    const raw = this.hf.getCellSerialized(addr);
    if (raw === null || raw === undefined) return '';
    if (typeof raw === 'boolean') return raw ? 'TRUE' : 'FALSE';
    const text = String(raw);
    return text.startsWith("'") ? text.slice(1) : text;
  }

  async readRange(sheet: string, address: A1): Promise<RangeRead> {
    const id = this.sheetId(sheet);
    const { top, left, bottom, right } = rangeOf(address);
    const values: CellValue[][] = [];
    const formulas: string[][] = [];
    const numberFormats: string[][] = [];
    const fmts = this.side.formats.get(sheet);
    for (let r = top; r <= bottom; r++) {
      const vr: CellValue[] = [];
      const fr: string[] = [];
      const nr: string[] = [];
      for (let c = left; c <= right; c++) {
        const a = { sheet: id, row: r, col: c };
        vr.push(this.cellValue(a));
        fr.push(this.cellFormula(a));
        nr.push(fmts?.get(cellA1(r, c)) ?? 'General');
      }
      values.push(vr);
      formulas.push(fr);
      numberFormats.push(nr);
    }
    return { values, formulas, numberFormats };
  }

  async getSelection(): Promise<Selection | null> {
    return this.selection ? { ...this.selection } : null;
  }

  async select(sheet: string, address: A1): Promise<void> {
    this.sheetId(sheet);
    rangeOf(address);
    const activated = this.selection?.sheet !== sheet;
    this.selection = { sheet, address };
    this.emit({ sheets: [sheet], kind: 'selection' });
    if (activated) for (const l of [...this.activationListeners]) l(sheet);
  }

  /** Calls `listener` when another sheet becomes the active one (the workbench's tabs select it). */
  async onSheetActivated(listener: (sheet: string) => void): Promise<() => void> {
    this.activationListeners.add(listener);
    return () => this.activationListeners.delete(listener);
  }

  /** Calls `listener` when the user types into a sheet (setCellFromUser), with the sheet's name. */
  async onSheetChanged(listener: (sheet: string) => void): Promise<() => void> {
    return this.onChange((change) => {
      if (change.kind === 'user') for (const sheet of change.sheets) listener(sheet);
    });
  }

  /** The ranges several sheet-scoped (else workbook) names refer to now, with their contents: one call. */
  async readNames(sheet: string, names: string[]): Promise<Record<string, NamedRead | null>> {
    const id = this.sheetId(sheet);
    const out: Record<string, NamedRead | null> = {};
    for (const name of names) {
      const ne = this.hf.getNamedExpression(name, id) ?? this.hf.getNamedExpression(name);
      const target = ne ? parseRef(String(ne.expression).replace(/^=/, '')) : undefined;
      if (!target || !target.sheet || !this.hasSheet(target.sheet)) {
        out[name] = null;
        continue;
      }
      const address = boxA1(target.box);
      out[name] = { address, ...(await this.readRange(target.sheet, address)) };
    }
    return out;
  }

  /* ----- settings ----- */

  async getSetting<T = unknown>(key: string): Promise<T | undefined> {
    const v = this.settings.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.setSettings({ [key]: value });
  }

  /** Every key set (or removed), then one change notification for all of them. */
  async setSettings(entries: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) this.settings.delete(key);
      else this.settings.set(key, JSON.stringify(value));
    }
    this.emit({ sheets: [], kind: 'settings' });
  }

  /* ----- writing ----- */

  private snapshot() {
    const sheets = this.hf.getSheetNames().map((name) => {
      const id = this.hf.getSheetId(name)!;
      const content = this.hf.getSheetSerialized(id);
      // A spilled formula's area holds its values in the serialized sheet: put back as
      // constants they would block the formula (#SPILL!). Only the anchor's formula is kept.
      for (const s of this.spillAreas(id)) {
        const anchor = cellOf(s.anchor);
        const box = rangeOf(s.range);
        for (let r = box.top; r <= box.bottom; r++)
          for (let c = box.left; c <= box.right; c++)
            if ((r !== anchor.row || c !== anchor.col) && content[r]) content[r][c] = null;
      }
      return { name, content };
    });
    const names = this.hf.getAllNamedExpressionsSerialized();
    const side: SideTables = {
      formats: new Map([...this.side.formats].map(([k, v]) => [k, new Map(v)])),
      styles: new Map([...this.side.styles].map(([k, v]) => [k, new Map(v)])),
      notes: new Map([...this.side.notes].map(([k, v]) => [k, new Map(v)])),
      charts: clone(this.side.charts),
      conditionalFormats: clone(this.side.conditionalFormats),
      names: clone(this.side.names),
      hidden: new Set(this.side.hidden),
      widths: new Map([...this.side.widths].map(([k, v]) => [k, new Map(v)])),
    };
    return { sheets, names, side, settings: new Map(this.settings) };
  }

  private restore(snap: Snapshot): void {
    const hf = this.hf;
    if (hf.isEvaluationSuspended()) hf.resumeEvaluation();
    hf.batch(() => {
      for (const n of hf.getAllNamedExpressionsSerialized()) hf.removeNamedExpression(n.name, n.scope);
      const keep = new Set(snap.sheets.map((s) => s.name));
      for (const name of hf.getSheetNames()) if (!keep.has(name)) hf.removeSheet(hf.getSheetId(name)!);
      for (const s of snap.sheets) if (hf.getSheetId(s.name) === undefined) hf.addSheet(s.name);
    });
    // Names first (their sizes must be known when the formulas are read), then the cells.
    hf.batch(() => {
      for (const n of snap.names) hf.addNamedExpression(n.name, n.expression, n.scope, n.options);
    });
    hf.batch(() => {
      for (const s of snap.sheets) hf.setSheetContent(hf.getSheetId(s.name)!, s.content);
    });
    this.side = snap.side;
    this.settings = snap.settings;
  }

  async applyBatch(input: WriteBatch): Promise<BatchResult> {
    const snap = this.snapshot();
    const touched = new Set<string>();
    const sheets: Record<string, string> = {};
    const existing = this.hf.getSheetNames();
    for (const s of input.addSheets ?? []) {
      const name = input.uniqueSheetNames ? uniqueSheetName([...existing, ...Object.values(sheets)], s) : s;
      sheets[s] = name;
    }
    const batch = input.uniqueSheetNames ? renameBatchSheets(input, sheets) : input;
    if (batch.select) {
      rangeOf(batch.select.address);
      const target = batch.select.sheet.toLowerCase();
      if (![...existing, ...(batch.addSheets ?? [])].some((n) => n.toLowerCase() === target))
        throw new WorkbookWriteError(`There is no sheet named "${batch.select.sheet}" to select; nothing was written.`);
    }
    for (const r of batch.requireEmpty ?? []) {
      const id = this.sheetId(r.sheet);
      const { top, left, bottom, right } = rangeOf(r.address);
      for (let row = top; row <= bottom; row++) {
        for (let col = left; col <= right; col++) {
          const at = { sheet: id, row, col };
          const v = this.cellValue(at);
          if (this.cellFormula(at) !== '' || (v !== null && v !== undefined && v !== ''))
            throw new RangeNotEmptyError(r.sheet, r.address);
        }
      }
    }
    const changed: ChangedCell[] = [];
    for (const x of batch.expectCells ?? []) {
      const id = this.sheetId(x.sheet);
      const { row, col } = cellOf(x.address);
      const at = { sheet: id, row, col };
      const formula = this.cellFormula(at);
      const value = this.cellValue(at);
      if (!holdsExpected(x.holds, formula, value)) changed.push({ sheet: x.sheet, address: x.address, formula, value });
    }
    if (changed.length) throw new CellsChangedError(changed);
    try {
      this.write(batch, touched);
    } catch (e) {
      try {
        this.restore(snap);
      } catch (restoreError) {
        throw new WorkbookWriteError(
          `The write failed (${errorText(e)}) and the workbook could not be put back (${errorText(restoreError)}).`,
          e,
        );
      }
      throw e instanceof WorkbookWriteError
        ? e
        : new WorkbookWriteError(`The model could not be written: ${errorText(e)}`, e);
    }
    // One batch, one undo step: it returns the workbook, and the selection, to before the write.
    this.history.record(this.wholeStep(`The task pane's change to ${[...touched].join(', ') || 'the workbook'}`, snap));
    const structural = (batch.addSheets ?? []).length > 0 || (batch.deleteSheets ?? []).length > 0;
    this.emit({ sheets: structural ? ['*', ...touched] : [...touched], kind: 'batch' });
    if (batch.select) await this.select(batch.select.sheet, batch.select.address);
    return { sheets };
  }

  private write(batch: WriteBatch, touched: Set<string>): void {
    const hf = this.hf;
    // 1. Sheets (none may exist yet).
    for (const s of batch.addSheets ?? []) {
      if (hf.getSheetNames().some((n) => n.toLowerCase() === s.toLowerCase()))
        throw new WorkbookWriteError(`A sheet named "${s}" already exists.`);
      if (!hf.isItPossibleToAddSheet(s)) throw new WorkbookWriteError(`"${s}" cannot be a sheet name.`);
      hf.addSheet(s);
      touched.add(s);
    }
    // 2. Names before formulas, so spills over named ranges get their size.
    for (const n of batch.names ?? []) {
      const id = this.sheetId(n.sheet);
      const scope = n.scope === 'sheet' ? id : undefined;
      const expression = n.formula ?? `=${quoteSheet(n.sheet)}!${absoluteA1(n.address)}`;
      if (hf.getNamedExpression(n.name, scope)) hf.changeNamedExpression(n.name, expression, scope);
      else if (hf.isItPossibleToAddNamedExpression(n.name, expression, scope))
        hf.addNamedExpression(n.name, expression, scope);
      else throw new WorkbookWriteError(`"${n.name}" cannot be a defined name.`);
      this.side.names = this.side.names.filter(
        (x) =>
          !(
            x.name.toLowerCase() === n.name.toLowerCase() &&
            (x.scope ?? 'workbook') === (n.scope ?? 'workbook') &&
            (n.scope !== 'sheet' || x.sheet === n.sheet)
          ),
      );
      this.side.names.push({ ...n });
    }
    // 3. Cells, in one HyperFormula batch (one recalculation).
    hf.suspendEvaluation();
    try {
      for (const c of batch.cells) {
        const id = this.sheetId(c.sheet);
        if (c.address.includes(':')) {
          // A range: number format and style only (see CellWrite).
          if (c.value !== undefined || c.formula !== undefined || c.note !== undefined)
            throw new WorkbookWriteError(
              `${c.sheet}!${c.address}: only a number format or a style may be written to a range.`,
            );
          const box = rangeOf(c.address);
          for (let r = box.top; r <= box.bottom; r++) {
            for (let k = box.left; k <= box.right; k++) {
              if (c.numberFormat !== undefined) tableFor(this.side.formats, c.sheet).set(cellA1(r, k), c.numberFormat);
              if (c.style !== undefined) tableFor(this.side.styles, c.sheet).set(cellA1(r, k), { ...c.style });
            }
          }
          touched.add(c.sheet);
          continue;
        }
        const { row, col } = cellOf(c.address);
        const key = cellA1(row, col);
        if (c.formula !== undefined && c.value !== undefined)
          throw new WorkbookWriteError(`${c.sheet}!${c.address}: a cell gets a value or a formula, not both.`);
        if (c.formula !== undefined) {
          if (!c.formula.startsWith('='))
            throw new WorkbookWriteError(`${c.sheet}!${c.address}: a formula starts with "=".`);
          hf.setCellContents({ sheet: id, row, col }, c.formula);
        } else if (c.value !== undefined) {
          // Text stays text: HyperFormula would read "2024" or "25%" as numbers. An error
          // code ("#N/A") is that error, as Excel makes it when it is written as a value.
          const text = typeof c.value === 'string' && c.value !== '' && !isErrorCode(c.value) ? `'${c.value}` : c.value;
          hf.setCellContents({ sheet: id, row, col }, text === '' ? null : text);
        }
        if (c.numberFormat !== undefined) tableFor(this.side.formats, c.sheet).set(key, c.numberFormat);
        if (c.style !== undefined) tableFor(this.side.styles, c.sheet).set(key, { ...c.style });
        if (c.note !== undefined) tableFor(this.side.notes, c.sheet).set(key, c.note);
        touched.add(c.sheet);
      }
    } finally {
      hf.resumeEvaluation();
    }
    // 4. Charts (a chart with the same name on the sheet is replaced), conditional formats, widths, hidden sheets.
    for (const ch of batch.charts ?? []) {
      this.sheetId(ch.sheet);
      rangeOf(ch.source);
      this.side.charts = this.side.charts.filter((x) => !(x.sheet === ch.sheet && x.name === ch.name));
      this.side.charts.push(clone(ch));
      touched.add(ch.sheet);
    }
    for (const cf of batch.conditionalFormats ?? []) {
      this.sheetId(cf.sheet);
      rangeOf(cf.address);
      this.side.conditionalFormats = this.side.conditionalFormats.filter(
        (x) => !(x.sheet === cf.sheet && x.address === cf.address),
      );
      this.side.conditionalFormats.push(clone(cf));
      touched.add(cf.sheet);
    }
    for (const w of batch.columnWidths ?? []) {
      this.sheetId(w.sheet);
      colToIndex(w.column);
      tableFor(this.side.widths, w.sheet).set(w.column.toUpperCase(), w.width);
    }
    for (const s of [...(batch.hideSheets ?? []), ...(batch.veryHideSheets ?? [])]) {
      this.sheetId(s);
      this.side.hidden.add(s);
    }
    // 5. Sheets to delete, last (the snapshot puts them back if anything above failed).
    for (const s of batch.deleteSheets ?? []) {
      this.hf.removeSheet(this.sheetId(s));
      this.dropSideTables(s);
      touched.add(s);
    }
    // 6. Settings, after everything else (the snapshot puts them back too).
    for (const w of batch.settings ?? []) {
      const present = this.settings.get(w.key);
      const value = settingValue(w, present === undefined ? undefined : JSON.parse(present));
      if (value === undefined) this.settings.delete(w.key);
      else this.settings.set(w.key, JSON.stringify(value));
    }
  }

  private dropSideTables(name: string): void {
    for (const t of [this.side.formats, this.side.styles, this.side.notes, this.side.widths]) t.delete(name);
    this.side.charts = this.side.charts.filter((c) => c.sheet !== name);
    this.side.conditionalFormats = this.side.conditionalFormats.filter((c) => c.sheet !== name);
    this.side.names = this.side.names.filter((n) => !(n.scope === 'sheet' && n.sheet === name));
    this.side.hidden.delete(name);
    if (this.selection?.sheet === name) {
      const first = this.hf.getSheetNames()[0];
      this.selection = first ? { sheet: first, address: 'A1' } : null;
    }
  }

  async spillRanges(sheet: string, anchors: A1[]): Promise<Array<A1 | null>> {
    const id = this.sheetId(sheet);
    return anchors.map((a) => {
      const { row, col } = cellOf(a);
      const at = { sheet: id, row, col };
      if (this.hf.getCellFormula(at) === undefined) return null;
      const size = this.arraySize(at);
      return size && (size.width > 1 || size.height > 1)
        ? `${cellA1(row, col)}:${cellA1(row + size.height - 1, col + size.width - 1)}`
        : cellA1(row, col);
    });
  }

  /** HyperFormula 3.5's FILTER takes one column or row (a table gives #N/A): views use their masked form here. */
  hasTableFilter(): boolean {
    return false;
  }

  async evaluateName(name: string, sheet: string): Promise<CellValue[][] | null> {
    const id = this.sheetId(sheet);
    if (!this.hf.getNamedExpression(name, id) && !this.hf.getNamedExpression(name)) return null;
    const v = fromEngineValue(this.hf.calculateFormula(`=${name}`, id));
    return Array.isArray(v) ? (v as CellValue[][]) : [[v as CellValue]];
  }

  async listNames(): Promise<NameInfo[]> {
    return this.side.names.map((n) => ({
      name: n.name,
      ...(n.scope === 'sheet' ? { scope: n.sheet } : {}),
      formula: n.formula ?? `=${quoteSheet(n.sheet)}!${absoluteA1(n.address)}`,
    }));
  }

  /** The whole style of each cell (a style write here replaces it), fill null for none. */
  async readStyles(sheet: string, addresses: A1[]): Promise<CellStyle[]> {
    this.sheetId(sheet);
    const styles = this.side.styles.get(sheet);
    return addresses.map((a) => {
      const { row, col } = cellOf(a);
      const st = styles?.get(cellA1(row, col));
      return { ...st, fill: st?.fill ?? null };
    });
  }

  async deleteSheet(name: string): Promise<void> {
    const id = this.sheetId(name);
    const step = this.wholeStep(`Deleting the sheet ${name}`, this.snapshot());
    this.hf.removeSheet(id);
    this.history.record(step);
    this.dropSideTables(name);
    this.emit({ sheets: ['*', name], kind: 'sheets' });
  }

  /* ----- for the workbench's grid ----- */

  /**
   * Everything a grid needs to draw one sheet. With `window` (0-based rows and columns,
   * inclusive), `cells` holds only the cells inside it and `rows`/`cols` come from the
   * engine's sheet size, so a virtualised grid reads a large sheet a screenful at a time.
   */
  getSheetSnapshot(sheet: string, window?: Box): SheetSnapshot {
    const id = this.sheetId(sheet);
    const fmts = this.side.formats.get(sheet);
    const styles = this.side.styles.get(sheet);
    const notes = this.side.notes.get(sheet);
    const spills = this.spillAreas(id);
    const anchorOf = new Map<string, A1>();
    for (const s of spills) {
      const { top, left, bottom, right } = rangeOf(s.range);
      for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) anchorOf.set(cellA1(r, c), s.anchor);
    }
    const box = window ? undefined : this.bounds(sheet);
    const size = window ? this.hf.getSheetDimensions(id) : undefined;
    let rows = size ? size.height : box ? box.bottom + 1 : 0;
    let cols = size ? size.width : box ? box.right + 1 : 0;
    for (const t of [fmts, styles, notes]) {
      for (const a of t?.keys() ?? []) {
        const { row, col } = cellOf(a);
        rows = Math.max(rows, row + 1);
        cols = Math.max(cols, col + 1);
      }
    }
    const cells: SnapshotCell[] = [];
    const [rowFrom, rowTo] = window ? [Math.max(0, window.top), Math.min(rows - 1, window.bottom)] : [0, rows - 1];
    const [colFrom, colTo] = window ? [Math.max(0, window.left), Math.min(cols - 1, window.right)] : [0, cols - 1];
    for (let r = rowFrom; r <= rowTo; r++) {
      for (let c = colFrom; c <= colTo; c++) {
        const address = cellA1(r, c);
        const at = { sheet: id, row: r, col: c };
        const value = this.cellValue(at);
        const formula = this.hf.getCellFormula(at);
        const numberFormat = fmts?.get(address);
        const style = styles?.get(address);
        const note = notes?.get(address);
        if ((value === null || value === '') && formula === undefined && !numberFormat && !style && !note) continue;
        const cell: SnapshotCell = { address, row: r, col: c, value, display: formatValue(value, numberFormat) };
        if (formula !== undefined) cell.formula = formula;
        if (numberFormat) cell.numberFormat = numberFormat;
        if (style) cell.style = { ...style };
        if (note) cell.note = note;
        const anchor = anchorOf.get(address);
        if (anchor) cell.spillAnchor = anchor;
        cells.push(cell);
      }
    }
    return {
      sheet,
      rows,
      cols,
      cells,
      spills,
      charts: clone(this.side.charts.filter((c) => c.sheet === sheet)),
      conditionalFormats: clone(this.side.conditionalFormats.filter((c) => c.sheet === sheet)),
      names: clone(this.side.names.filter((n) => n.sheet === sheet)),
      hidden: this.side.hidden.has(sheet),
      columnWidths: Object.fromEntries(this.side.widths.get(sheet) ?? []),
    };
  }

  /**
   * Formulas showing #SPILL! on a sheet, entered again: a cell cleared may have been what
   * blocked them, and HyperFormula does not spill again by itself when it is cleared (Excel
   * does). Called when a cell is cleared.
   */
  private respill(id: number): void {
    const blocked: Array<{ at: SimpleCellAddress; formula: string }> = [];
    this.hf.getSheetFormulas(id).forEach((row, r) =>
      row?.forEach((formula, c) => {
        if (!formula) return;
        const at = { sheet: id, row: r, col: c };
        const v = this.cellValue(at);
        if (isRoiError(v) && v.code === '#SPILL!') blocked.push({ at, formula });
      }),
    );
    if (!blocked.length) return;
    this.hf.batch(() => {
      for (const b of blocked) this.hf.setCellContents(b.at, b.formula);
    });
  }

  /** Spilling formulas on a sheet: anchor and the area the result fills. */
  private spillAreas(id: number): Array<{ anchor: A1; range: A1 }> {
    // Fast path: HyperFormula keeps every array formula by its corner, so a sheet of
    // thousands of plain formulas need not be walked (the workbench asks on every scroll).
    const corners = (this.hf as unknown as { dependencyGraph?: { arrayMapping?: { arrayMapping?: unknown } } })
      .dependencyGraph?.arrayMapping?.arrayMapping;
    const found: SimpleCellAddress[] = [];
    if (corners instanceof Map) {
      for (const v of corners.values() as Iterable<{ leftCorner?: SimpleCellAddress }>)
        if (v.leftCorner?.sheet === id) found.push(v.leftCorner);
      found.sort((a, b) => a.row - b.row || a.col - b.col);
    } else {
      this.hf
        .getSheetFormulas(id)
        .forEach((row, r) => row?.forEach((f, c) => f && found.push({ sheet: id, row: r, col: c })));
    }
    const out: Array<{ anchor: A1; range: A1 }> = [];
    for (const { row: r, col: c } of found) {
      const size = this.arraySize({ sheet: id, row: r, col: c });
      if (size && (size.width > 1 || size.height > 1))
        out.push({ anchor: cellA1(r, c), range: `${cellA1(r, c)}:${cellA1(r + size.height - 1, c + size.width - 1)}` });
    }
    return out;
  }

  /** The size of an array (spilling) formula's area, from HyperFormula's dependency graph. */
  private arraySize(at: SimpleCellAddress): { width: number; height: number } | undefined {
    const graph = (this.hf as unknown as { dependencyGraph?: { getCell?(a: SimpleCellAddress): unknown } })
      .dependencyGraph;
    const vertex = graph?.getCell?.(at) as
      { array?: { size?: { width: number; height: number } }; width?: number; height?: number } | undefined;
    if (!vertex) return undefined;
    if (vertex.array?.size) return { width: vertex.array.size.width, height: vertex.array.size.height };
    if (typeof vertex.width === 'number' && typeof vertex.height === 'number')
      return { width: vertex.width, height: vertex.height };
    return undefined;
  }

  /**
   * The user typed `text` into a cell: "=..." is a formula; "25%" is 0.25 with a percent
   * format; "$50,000" is 50000 with a money format; "1,200" and "1.5" are numbers;
   * TRUE/FALSE are booleans; "" clears the cell; anything else is text.
   */
  setCellFromUser(sheet: string, address: A1, text: string): void {
    const id = this.sheetId(sheet);
    const { row, col } = cellOf(address);
    const key = cellA1(row, col);
    const parsed = parseUserInput(text);
    // Typed after an apostrophe, it is text as Excel keeps it ('2024 is the text "2024",
    // '=1+1 the text "=1+1"): HyperFormula would read the bare string as a number, a
    // boolean or a formula again, so it gets HyperFormula's own text prefix.
    const typedAsText = typeof parsed.content === 'string' && text.trim().startsWith("'");
    const step = this.cellStep(`${text.trim() === '' ? 'Clearing' : 'Typing in'} ${sheet}!${key}`, sheet, key);
    this.hf.setCellContents({ sheet: id, row, col }, typedAsText ? `'${parsed.content}` : parsed.content);
    if (parsed.content === null) this.respill(id);
    if (parsed.numberFormat) tableFor(this.side.formats, sheet).set(key, parsed.numberFormat);
    this.history.record(step);
    this.emit({ sheets: [sheet], kind: 'user' });
  }

  /* ----- undo ----- */

  /** Undoes the last step (a cell edit, a task-pane write, a sheet deleted); undefined when there is none. */
  undo(): Undone | undefined {
    return this.afterMove(this.history.undo());
  }

  /** Redoes the last undone step; undefined when there is none. */
  redo(): Undone | undefined {
    return this.afterMove(this.history.redo());
  }

  /** What Ctrl+Z would undo ("Typing in Plan!B2"), if anything. */
  get undoLabel(): string | undefined {
    return this.history.undoLabel;
  }

  /** What Ctrl+Y would redo, if anything. */
  get redoLabel(): string | undefined {
    return this.history.redoLabel;
  }

  private afterMove(step: HistoryStep<Selection | null> | undefined): Undone | undefined {
    if (!step) return undefined;
    const at = step.info;
    if (at && this.hasSheet(at.sheet)) {
      this.selection = { ...at };
      this.emit({ sheets: [at.sheet], kind: 'selection' });
    }
    return { label: step.label, selection: this.selection ? { ...this.selection } : null };
  }

  /** A step that puts the whole workbook back as `snap` holds it, and the selection there. */
  private wholeStep(label: string, snap: Snapshot, at = this.selection): HistoryStep<Selection | null> {
    return {
      label,
      info: at ? { ...at } : null,
      capture: () => this.wholeStep(label, this.snapshot()),
      apply: () => {
        this.restore(snap);
        this.emit({ sheets: ['*'], kind: 'batch' });
      },
    };
  }

  /** A step that puts one cell back: its contents (formula, constant, or empty) and its number format. */
  private cellStep(label: string, sheet: string, address: A1): HistoryStep<Selection | null> {
    const { row, col } = cellOf(address);
    const at = { sheet: this.sheetId(sheet), row, col };
    // A cell inside another formula's spill holds nothing of its own.
    const raw =
      this.hf.getCellFormula(at) === undefined && this.hf.isCellPartOfArray(at)
        ? null
        : (this.hf.getCellSerialized(at) ?? null);
    const format = this.side.formats.get(sheet)?.get(address);
    return {
      label,
      info: { sheet, address },
      capture: () => this.cellStep(label, sheet, address),
      apply: () => {
        const id = this.sheetId(sheet);
        this.hf.setCellContents({ sheet: id, row, col }, raw);
        if (raw === null) this.respill(id);
        if (format === undefined) this.side.formats.get(sheet)?.delete(address);
        else tableFor(this.side.formats, sheet).set(address, format);
        this.emit({ sheets: [sheet], kind: 'user' });
      },
    };
  }

  /** Every sheet in order, with whether it is hidden (SheetSource). */
  sheets(): Array<{ name: string; hidden: boolean }> {
    return this.hf.getSheetNames().map((name) => ({ name, hidden: this.side.hidden.has(name) }));
  }

  hasSheet(name: string): boolean {
    return this.hf.getSheetId(name) !== undefined;
  }

  /** A formula's value as if it sat on `sheet` (SheetSource: conditional-format rules); an error's RoiError for a bad formula. */
  evaluateFormula(sheet: string, formula: string): CellValue {
    try {
      const v = fromEngineValue(
        this.hf.calculateFormula(formula.startsWith('=') ? formula : `=${formula}`, this.sheetId(sheet)),
      );
      return Array.isArray(v) ? ((v[0]?.[0] as CellValue) ?? null) : (v as CellValue);
    } catch (e) {
      return new RoiError('#VALUE!', errorText(e));
    }
  }

  /**
   * Replaces the contents of existing sheets at once (raw contents: numbers, text, booleans,
   * "=formulas"), in one recalculation: how the workbench loads a file after its names.
   */
  loadSheets(contents: Record<string, RawCellContent[][]>): void {
    this.hf.batch(() => {
      for (const [name, rows] of Object.entries(contents)) this.hf.setSheetContent(this.sheetId(name), rows);
    });
    // A file just read is where the user starts: nothing before it to undo.
    this.history.clear();
    this.emit({ sheets: ['*', ...Object.keys(contents)], kind: 'batch' });
  }

  /** The value of one cell (for tests and the workbench's formula bar). */
  getValue(sheet: string, address: A1): CellValue {
    const { row, col } = cellOf(address);
    return this.cellValue({ sheet: this.sheetId(sheet), row, col });
  }

  getCharts(sheet?: string): ChartSpec[] {
    return clone(this.side.charts.filter((c) => !sheet || c.sheet === sheet));
  }

  getNames(): NameDef[] {
    return clone(this.side.names);
  }

  getConditionalFormats(sheet?: string): ConditionalFormat[] {
    return clone(this.side.conditionalFormats.filter((c) => !sheet || c.sheet === sheet));
  }

  getNumberFormat(sheet: string, address: A1): string {
    return this.side.formats.get(sheet)?.get(cellA1(cellOf(address).row, cellOf(address).col)) ?? 'General';
  }

  getStyle(sheet: string, address: A1): CellStyle | undefined {
    const s = this.side.styles.get(sheet)?.get(cellA1(cellOf(address).row, cellOf(address).col));
    return s ? { ...s } : undefined;
  }

  isHidden(sheet: string): boolean {
    return this.side.hidden.has(sheet);
  }
}

function tableFor<V>(t: Map<string, Map<A1, V>>, sheet: string): Map<A1, V> {
  let m = t.get(sheet);
  if (!m) {
    m = new Map();
    t.set(sheet, m);
  }
  return m;
}

/** What a user's typing means: the cell's content, and a number format it implies. */
export function parseUserInput(text: string): { content: RawCellContent; numberFormat?: string } {
  const t = text.trim();
  if (t === '') return { content: null };
  if (t.startsWith('=') && t.length > 1) return { content: t };
  if (/^true$/i.test(t)) return { content: true };
  if (/^false$/i.test(t)) return { content: false };
  const pct = /^([-+]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?)\s*%$/.exec(t);
  if (pct && /\d/.test(pct[1])) {
    const x = Number(pct[1].replace(/,/g, '')) / 100;
    const decimals = pct[1].includes('.') ? pct[1].split('.')[1].length : 0;
    return {
      content: Number(x.toPrecision(15)),
      numberFormat: decimals ? `0.${'0'.repeat(Math.min(decimals, 4))}%` : '0%',
    };
  }
  const money = /^([-+]?)\$\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$/.exec(t);
  if (money) {
    const x = Number(money[2].replace(/,/g, '')) * (money[1] === '-' ? -1 : 1);
    return { content: x, numberFormat: money[2].includes('.') ? '$#,##0.00' : '$#,##0' };
  }
  const grouped = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.exec(t);
  if (grouped) return { content: Number(t.replace(/,/g, '')), numberFormat: '#,##0' };
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(t)) return { content: Number(t) };
  return { content: t.startsWith("'") ? t.slice(1) : t };
}

/** A new engine-backed workbook (one empty "Sheet1" unless sheets are given). */
export function createEngineWorkbook(options?: EngineWorkbookOptions): EngineWorkbook {
  return new EngineWorkbook(options);
}
