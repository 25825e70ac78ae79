/**
 * WorkbookPort: everything the task pane needs from a workbook. Views never call Excel
 * directly; they call this, and it has two adapters: Excel (Excel.run, batched) and the
 * headless engine (the workbench and the tests).
 */
import { parseCell, parseCellRange, type Box, type Cell } from '../base/a1';
import type { CellValue } from '../core';

/** A1 address without a sheet, e.g. "B7" or "B7:D12". */
export type A1 = string;

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  /** "#RRGGBB" */
  fill?: string;
  fontColor?: string;
  horizontalAlignment?: 'Left' | 'Center' | 'Right';
}

/**
 * One cell to write. At most one of value / formula (formula starts with "="); with
 * neither, only the number format and style are set (e.g. on the cells a spill fills).
 * `value: null` clears the cell's contents. Text is written as text ("2024", "=x" stay
 * text), except an error code ("#N/A", "#NUM!"), which is written as that error value,
 * as Excel makes it (a frozen formula that showed an error keeps showing it).
 */
export interface CellWrite {
  sheet: string;
  /**
   * One cell. A write that sets only numberFormat and/or style (no value, formula or
   * note) may name a range ("B3:B9000"), so a spill's cells are formatted in one write.
   */
  address: A1;
  value?: number | string | boolean | null;
  formula?: string;
  numberFormat?: string;
  style?: CellStyle;
  /** A note for the reader (Excel: a cell note/comment where supported). */
  note?: string;
}

export interface NameDef {
  /** Defined name, e.g. ROI_CurrentRevenue. */
  name: string;
  /**
   * 'workbook' (the default): visible from every sheet. 'sheet': scoped to `sheet`, so
   * that two model sheets can each carry their own ROI_CurrentRevenue.
   */
  scope?: 'workbook' | 'sheet';
  sheet: string;
  address: A1;
  /**
   * A name for a formula rather than a range ("=INDEX(ROI_Rates,COUNT(ROI_Rates))");
   * `address` is then only where the value sits today (for records and fallbacks).
   */
  formula?: string;
  comment?: string;
}

export interface ChartSpec {
  sheet: string;
  /** Stable name, so "Update model" can find and replace its own chart. */
  name: string;
  /** Preferred type; the Excel adapter falls back to 'barClustered' where the host lacks it. */
  type: 'funnel' | 'barClustered' | 'columnClustered' | 'xyScatter';
  /** Source data on the same sheet (categories in the first column/row). */
  source: A1;
  /**
   * xyScatter only: the X values (one column on the same sheet) when they are not beside
   * the Y values; `source` then holds only the Y values (one series).
   */
  xValues?: A1;
  seriesBy?: 'columns' | 'rows';
  title: string;
  /** Where it sits: top-left and bottom-right cells. */
  from: A1;
  to: A1;
}

export interface ConditionalFormat {
  sheet: string;
  address: A1;
  /** A colour scale from low to high, or a rule highlighting cells matching a formula. */
  kind: 'colorScale' | 'formula';
  formula?: string;
  fill?: string;
  fontColor?: string;
}

/** Everything one user action writes, applied as one batch. */
export interface WriteBatch {
  /** Sheets to create first (must not exist yet). */
  addSheets?: string[];
  cells: CellWrite[];
  names?: NameDef[];
  charts?: ChartSpec[];
  conditionalFormats?: ConditionalFormat[];
  /** Widths in characters of the default font (Excel's column width unit). */
  columnWidths?: Array<{ sheet: string; column: string; width: number }>;
  /** Sheets to hide (e.g. a ledger), after writing. */
  hideSheets?: string[];
  /** Sheets to make very hidden (Excel: unhidden only by code, like roi freeze's ledger), after writing. */
  veryHideSheets?: string[];
  /** Sheets to delete, last (e.g. the ledger once its formulas are restored). Put back if the batch fails. */
  deleteSheets?: string[];
  /**
   * When a sheet of addSheets exists already, add "<name> (2)", "<name> (3)", ... instead
   * (the first free name, compared case-insensitively as Excel does) and write everything
   * aimed at <name> there; applyBatch resolves to the names used. The batch's formulas
   * must then not name the sheet. Without it, an existing sheet fails the batch.
   */
  uniqueSheetNames?: boolean;
  /**
   * Ranges on existing sheets that must hold nothing (no value, no formula) when the batch
   * is applied, checked in the round trip that reads what the batch overwrites. If one
   * does not, nothing is written and applyBatch throws a RangeNotEmptyError.
   */
  requireEmpty?: Array<{ sheet: string; address: A1 }>;
  /** A range to select (its sheet activated) once everything is written, in the write's own round trip. */
  select?: { sheet: string; address: A1 };
}

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
}
