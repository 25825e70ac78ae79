/**
 * WorkbookPort: everything the task pane needs from a workbook. Views never call Excel
 * directly; they call this, and it has two adapters: Excel (Excel.run, batched) and the
 * headless engine (the workbench and the tests).
 */
import { parseCell, parseCellRange, type Box, type Cell } from '../base/a1';
import type { CellValue } from '../core';
import type { A1, CellStyle, ExpectedContent, WriteBatch } from '../base/batch';

// What a batch writes, as data: shared with the .xlsx writer (src/xlsx/new-file.ts), so it
// lives in src/base; it is the port's vocabulary, so the port hands it on.
export type {
  A1,
  CellStyle,
  CellWrite,
  ChartSpec,
  ConditionalFormat,
  ExpectedContent,
  NameDef,
  SettingWrite,
  WriteBatch,
} from '../base/batch';
export { settingValue } from '../base/batch';

/** What applyBatch did. */
export interface BatchResult {
  /** For each sheet of addSheets: the name it was created with (differs only with uniqueSheetNames). */
  sheets: Record<string, string>;
}

export interface RangeRead {
  /** Calculated values (blank: null; errors: RoiError with its code). */
  values: CellValue[][];
  /** Formulas as typed ("=ROI.FUNNEL(...)"), or the constant as text, "" for blank. */
  formulas: string[][];
  numberFormats: string[][];
}

/** A defined name as the workbook holds it. */
export interface NameInfo {
  name: string;
  /** The sheet a sheet-scoped name belongs to; undefined for a workbook name. */
  scope?: string;
  /** What it refers to, as Excel shows it: "='ROI Model'!$B$7". */
  formula: string;
}

export interface Selection {
  sheet: string;
  address: A1;
}

/** The first free sheet name: "ROI Model", "ROI Model (2)", ... (Excel compares sheet names case-insensitively). */
export function uniqueSheetName(existing: readonly string[], base: string): string {
  const taken = new Set(existing.map((s) => s.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const name = `${base} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** The batch with every sheet name mapped through `rename` (for uniqueSheetNames). */
export function renameBatchSheets(batch: WriteBatch, rename: Record<string, string>): WriteBatch {
  const to = (s: string) => rename[s] ?? s;
  return {
    ...batch,
    addSheets: batch.addSheets?.map(to),
    cells: batch.cells.map((c) => ({ ...c, sheet: to(c.sheet) })),
    names: batch.names?.map((n) => ({ ...n, sheet: to(n.sheet) })),
    charts: batch.charts?.map((c) => ({ ...c, sheet: to(c.sheet) })),
    conditionalFormats: batch.conditionalFormats?.map((c) => ({ ...c, sheet: to(c.sheet) })),
    columnWidths: batch.columnWidths?.map((w) => ({ ...w, sheet: to(w.sheet) })),
    hideSheets: batch.hideSheets?.map(to),
    veryHideSheets: batch.veryHideSheets?.map(to),
    requireEmpty: batch.requireEmpty?.map((r) => ({ ...r, sheet: to(r.sheet) })),
    select: batch.select && { ...batch.select, sheet: to(batch.select.sheet) },
    settings: batch.settings?.map((w) =>
      'sheetRecord' in w
        ? {
            ...w,
            sheetRecord: {
              ...w.sheetRecord,
              record: { ...w.sheetRecord.record, sheet: to(w.sheetRecord.record.sheet) },
            },
          }
        : w,
    ),
    expectCells: batch.expectCells?.map((x) => ({ ...x, sheet: to(x.sheet) })),
  };
}

/** Whether a cell's content (its formula text or constant, and its value) is what a batch expected there. */
export function holdsExpected(
  holds: ExpectedContent | readonly ExpectedContent[],
  formula: string,
  value: unknown,
): boolean {
  if (Array.isArray(holds)) return holds.some((h) => holdsExpected(h, formula, value));
  return holdsOne(holds as ExpectedContent, formula, value);
}

function holdsOne(holds: ExpectedContent, formula: string, value: unknown): boolean {
  const isFormula = typeof formula === 'string' && formula.startsWith('=');
  if ('formula' in holds) return isFormula;
  if (isFormula) return false;
  const want = holds.value;
  const got = value === '' || value === undefined ? null : value;
  if (want === null || want === '') return got === null;
  if (typeof want === 'number')
    return typeof got === 'number' && (got === want || Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)));
  if (typeof want === 'string') return typeof got === 'string' && got === want;
  return got === want;
}

/** A defined name read back: the range it refers to, and that range's contents. */
export interface NamedRead extends RangeRead {
  /** The range the name refers to now, on its sheet ("B9", "B22:B31"). */
  address: A1;
}

export class WorkbookWriteError extends Error {
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'WorkbookWriteError';
  }
}

/** A cell a batch expected to hold something else, and what it holds now. */
export interface ChangedCell {
  sheet: string;
  address: A1;
  /** What the cell holds now: its formula ("=...") or constant as text, "" for blank. */
  formula: string;
  value: CellValue;
}

/** Cells of WriteBatch.expectCells held something else (the user changed them): nothing was written. */
export class CellsChangedError extends WorkbookWriteError {
  constructor(readonly changed: ChangedCell[]) {
    super(
      `${changed.length === 1 ? 'A cell' : `${changed.length} cells`} changed since the pane last read the sheet (${changed
        .slice(0, 3)
        .map((c) => `${c.sheet}!${c.address}`)
        .join(', ')}${changed.length > 3 ? ', ...' : ''}); nothing was written.`,
    );
    this.name = 'CellsChangedError';
  }
}

/** One cell of an address ("B7", "$B$7"), 0-based; a WorkbookWriteError for anything else. */
export function cellOf(address: A1): Cell {
  const c = parseCell(address);
  if (!c) throw new WorkbookWriteError(`"${address}" is not a cell address.`);
  return c;
}

/** The cells of an address ("B7" or "B2:D4"), 0-based; a WorkbookWriteError for anything else. */
export function rangeOf(address: A1): Box {
  const b = parseCellRange(address);
  if (!b) throw new WorkbookWriteError(`"${address}" is not a cell address.`);
  return b;
}

/** A range of WriteBatch.requireEmpty held something: nothing was written. */
export class RangeNotEmptyError extends WorkbookWriteError {
  constructor(
    readonly sheet: string,
    readonly address: A1,
  ) {
    super(`${sheet}!${address} is not empty any more; nothing was written.`);
    this.name = 'RangeNotEmptyError';
  }
}

export interface WorkbookPort {
  listSheets(): Promise<string[]>;
  /** The used range of a sheet (null when the sheet is empty). */
  usedRange(sheet: string): Promise<A1 | null>;
  readRange(sheet: string, address: A1): Promise<RangeRead>;
  getSelection(): Promise<Selection | null>;
  select(sheet: string, address: A1): Promise<void>;
  /**
   * Apply a batch all-or-nothing: one round trip to read what is needed for undo, one to
   * write. On failure, everything this batch created or changed is put back as it was
   * and a WorkbookWriteError is thrown with the reason.
   */
  applyBatch(batch: WriteBatch): Promise<BatchResult | void>;
  deleteSheet(name: string): Promise<void>;
  getSetting<T = unknown>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
  /**
   * Set several settings (undefined removes one) and save them together: in Excel one
   * settings.saveAsync, a round trip to the host, instead of one per key. Optional, for
   * ports that do not have it: saveSettings() in src/model/build.ts falls back to setSetting.
   */
  setSettings?(entries: Record<string, unknown>): Promise<void>;
  /**
   * For each anchor cell: the area its formula's result fills, the anchor included (the
   * anchor alone when it does not spill), or null when the cell holds no formula. One
   * round trip. (Freezing a spill to values needs every cell of it.)
   */
  spillRanges?(sheet: string, anchors: A1[]): Promise<Array<A1 | null>>;
  /**
   * The current value of a defined name as seen from `sheet` (its sheet-scoped name
   * first, then the workbook's): a 1x1 grid for a single value, null when there is no
   * such name. (The Review view explains ROI formulas written on names.)
   */
  evaluateName?(name: string, sheet: string): Promise<CellValue[][] | null>;
  /**
   * The ranges several defined names scoped to `sheet` refer to, with their values and
   * formulas, in one round trip (null for a name that does not exist or is no range).
   */
  readNames?(sheet: string, names: string[]): Promise<Record<string, NamedRead | null>>;
  /**
   * Call `listener` with the sheet's name whenever a sheet becomes the active one (in
   * Excel: worksheets.onActivated). Returns the function that stops it.
   */
  onSheetActivated?(listener: (sheet: string) => void): Promise<() => void>;
  /**
   * Call `listener` with the sheet's name whenever the user changes cells on a sheet (in
   * Excel: worksheets.onChanged, ExcelApi 1.9; nothing where the host lacks it). Returns
   * the function that stops it.
   */
  onSheetChanged?(listener: (sheet: string) => void): Promise<() => void>;
  /**
   * Every defined name, workbook and sheet-scoped (Excel's own _xlnm.* names left out).
   * (The Review view's comparison finds the model's inputs and outputs by their ROI_* names.)
   */
  listNames?(): Promise<NameInfo[]>;
  /**
   * What a style write must carry to put these cells back as they look now, one per
   * address: at least the fill (null for none); an adapter whose style writes replace the
   * whole style (the engine's) gives all of it. One round trip. ("Mark the changes" keeps
   * it, so "Clear marks" restores exactly what it coloured over.)
   */
  readStyles?(sheet: string, addresses: A1[]): Promise<CellStyle[]>;
  /**
   * Whether the host's FILTER takes a table of several columns (Excel with dynamic arrays),
   * so a view may write FILTER(table, condition). Without it (HyperFormula's FILTER takes
   * one column or row), or when a port lacks the method, views write a form that works
   * everywhere (see src/features/calibrate/sheet.ts).
   */
  hasTableFilter?(): boolean;
}
