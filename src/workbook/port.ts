/**
 * WorkbookPort: everything the task pane needs from a workbook. Views never call Excel
 * directly; they call this, and it has two adapters: Excel (Excel.run, batched) and the
 * headless engine (the workbench and the tests).
 */
import { parseCell, parseCellRange, type Box, type Cell } from '../base/a1';
import type { CellValue } from '../core';
import type { A1, WriteBatch } from '../base/batch';

// What a batch writes, as data: shared with the .xlsx writer (src/xlsx/new-file.ts), so it
// lives in src/base; it is the port's vocabulary, so the port hands it on.
export type { A1, CellStyle, CellWrite, ChartSpec, ConditionalFormat, NameDef, WriteBatch } from '../base/batch';

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
  };
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
   * Whether the host's FILTER takes a table of several columns (Excel with dynamic arrays),
   * so a view may write FILTER(table, condition). Without it (HyperFormula's FILTER takes
   * one column or row), or when a port lacks the method, views write a form that works
   * everywhere (see src/features/calibrate/sheet.ts).
   */
  hasTableFilter?(): boolean;
}
