/**
 * SheetSource: what a grid needs to draw a workbook, and nothing more: the sheets, a sheet
 * (or one screenful of it) as cells with their value, formula, number format, style, note
 * and shown text, its spills, charts and conditional formats, a formula evaluated on a
 * sheet (conditional-format rules), and change notifications. The engine adapter
 * implements it (src/workbook/engine.ts); the workbench's grid, formula bar, tabs and
 * charts read only this, never the engine behind it.
 */
import type { Box } from '../base/a1';
import type { CellStyle, ChartSpec, ConditionalFormat, NameDef } from '../base/batch';
import type { CellValue } from '../core/types';

/** One cell of a sheet snapshot, for a grid to draw. */
export interface SnapshotCell {
  address: string;
  row: number; // 0-based
  col: number; // 0-based
  value: CellValue;
  /** The formula as typed ("=ROI.FUNNEL(...)"), only on the cell that holds it. */
  formula?: string;
  numberFormat?: string;
  style?: CellStyle;
  note?: string;
  /** The text the cell shows (its value under its number format). */
  display: string;
  /** For a cell a spill fills (the anchor included): the anchor's address. */
  spillAnchor?: string;
}

export interface SheetSnapshot {
  sheet: string;
  /** Rows and columns in use (from A1). */
  rows: number;
  cols: number;
  /** Non-empty cells (a value, a formula, a format or a style), row by row. */
  cells: SnapshotCell[];
  /** Each spilling formula: its anchor and the range its result fills. */
  spills: Array<{ anchor: string; range: string }>;
  charts: ChartSpec[];
  conditionalFormats: ConditionalFormat[];
  names: NameDef[];
  hidden: boolean;
  /** Column widths in characters, by letter, where set. */
  columnWidths: Record<string, number>;
}

export interface WorkbookChange {
  /** The sheets whose contents or formatting changed ("*" for a structural change: sheets added or removed). */
  sheets: string[];
  kind: 'batch' | 'user' | 'sheets' | 'selection' | 'settings';
}

export type ChangeListener = (change: WorkbookChange) => void;

export interface SheetSource {
  /** Every sheet in order, with whether it is hidden. */
  sheets(): Array<{ name: string; hidden: boolean }>;
  hasSheet(name: string): boolean;
  /**
   * One sheet for a grid to draw. With `window` (0-based, inclusive) only the cells inside
   * it, so a large sheet is read a screenful at a time.
   */
  getSheetSnapshot(sheet: string, window?: Box): SheetSnapshot;
  /** A formula's value as if it sat on `sheet` ("=B2>10"). */
  evaluateFormula(sheet: string, formula: string): CellValue;
  /** Call `listener` after every change; returns the function that stops it. */
  onChange(listener: ChangeListener): () => void;
}
