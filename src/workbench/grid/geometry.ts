/**
 * The grid's geometry, pure: column widths in pixels (from Excel's width in characters),
 * column offsets, which rows and columns a scroll position shows (the grid renders only
 * those), how far the sheet extends past its used area, and where the arrow keys move
 * the selection. No DOM, no React: tested on its own.
 */
import { MAX_SHEET_COLS, MAX_SHEET_ROWS, indexToCol, type Cell } from '../../base/a1';

export const ROW_HEIGHT = 24;
export const HEADER_HEIGHT = 26;
export const ROW_HEADER_WIDTH = 56;
/** Excel's default column width, in characters of the default font. */
export const DEFAULT_COLUMN_CHARS = 8.43;

/**
 * Pixels of one character of column width. Excel uses its default font's digit width (7 px
 * for Calibri 11); the grid's 13 px Segoe UI digits are wider, so a column gets 8 px a
 * character and what fits in a column in Excel fits here too.
 */
export const CHAR_PX = 8;

/** Excel's width in characters to pixels (CHAR_PX a character plus 5 px of padding). */
export function columnPx(chars: number | undefined): number {
  const c = chars === undefined || !Number.isFinite(chars) || chars < 0 ? DEFAULT_COLUMN_CHARS : chars;
  return Math.round(c * CHAR_PX + 5);
}

export interface ColumnLayout {
  count: number;
  widths: number[];
  /** Left edge of each column, and the total width at index `count`. */
  offsets: number[];
  total: number;
}

/** Widths and left edges of the first `count` columns; `widths` maps letters to characters. */
export function layoutColumns(count: number, widths: Record<string, number> = {}): ColumnLayout {
  const w: number[] = [];
  const offsets: number[] = [0];
  for (let c = 0; c < count; c++) {
    const px = columnPx(widths[indexToCol(c)]);
    w.push(px);
    offsets.push(offsets[c] + px);
  }
  return { count, widths: w, offsets, total: offsets[count] };
}

/** Rows and columns the grid offers: the used area plus room to type, at least a screenful. */
export function gridExtent(usedRows: number, usedCols: number): { rows: number; cols: number } {
  return {
    rows: Math.min(MAX_SHEET_ROWS, Math.max(100, usedRows + 50)),
    cols: Math.min(MAX_SHEET_COLS, Math.max(26, usedCols + 4)),
  };
}

export interface Span {
  first: number;
  last: number;
}

/** The rows to render for a scroll position: the visible ones plus `overscan` either side. */
export function visibleRows(scrollTop: number, viewportHeight: number, rowCount: number, overscan = 6): Span {
  if (rowCount <= 0) return { first: 0, last: -1 };
  const top = Math.max(0, scrollTop);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - overscan);
  const last = Math.min(rowCount - 1, Math.ceil((top + Math.max(0, viewportHeight)) / ROW_HEIGHT) + overscan);
  return { first, last };
}

/** The index of the column containing x (pixels from the left of column A). */
export function columnAt(layout: ColumnLayout, x: number): number {
  if (layout.count === 0) return 0;
  let lo = 0;
  let hi = layout.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.offsets[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The columns to render for a horizontal scroll position. */
export function visibleColumns(layout: ColumnLayout, scrollLeft: number, viewportWidth: number, overscan = 2): Span {
  if (layout.count === 0) return { first: 0, last: -1 };
  const first = Math.max(0, columnAt(layout, Math.max(0, scrollLeft)) - overscan);
  const last = Math.min(
    layout.count - 1,
    columnAt(layout, Math.max(0, scrollLeft) + Math.max(0, viewportWidth)) + overscan,
  );
  return { first, last };
}

/** A cell of the grid (0-based): src/base/a1's Cell. */
export type CellPos = Cell;

export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Pixel rectangle of a block of cells (0-based, inclusive) inside the grid's body. */
export function rectOf(layout: ColumnLayout, top: number, left: number, bottom: number, right: number): Rect {
  const r = Math.min(right, layout.count - 1);
  const l = Math.min(left, r);
  return {
    top: top * ROW_HEIGHT,
    left: layout.offsets[l] ?? 0,
    width: (layout.offsets[r + 1] ?? layout.total) - (layout.offsets[l] ?? 0),
    height: (bottom - top + 1) * ROW_HEIGHT,
  };
}

/** Rows a Page Up / Page Down moves for a viewport height. */
export function pageRows(viewportHeight: number): number {
  return Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);
}

export type NavKey =
  'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'PageUp' | 'PageDown' | 'Home' | 'End' | 'Enter' | 'Tab';

export interface MoveOptions {
  rows: number;
  cols: number;
  /** Ctrl (or Cmd): jump to the edge of the sheet, or to A1 / the last used cell with Home / End. */
  ctrl?: boolean;
  shift?: boolean;
  pageRows?: number;
  /** Last used row and column (0-based), for Ctrl+End. */
  lastUsed?: CellPos;
}

/** Where the selection goes for a navigation key, clamped to the sheet. */
export function move(from: CellPos, key: NavKey, o: MoveOptions): CellPos {
  const clampRow = (r: number) => Math.max(0, Math.min(o.rows - 1, r));
  const clampCol = (c: number) => Math.max(0, Math.min(o.cols - 1, c));
  const page = o.pageRows ?? 20;
  switch (key) {
    case 'ArrowUp':
      return { row: o.ctrl ? 0 : clampRow(from.row - 1), col: from.col };
    case 'ArrowDown':
      return { row: o.ctrl ? clampRow(o.lastUsed?.row ?? o.rows - 1) : clampRow(from.row + 1), col: from.col };
    case 'ArrowLeft':
      return { row: from.row, col: o.ctrl ? 0 : clampCol(from.col - 1) };
    case 'ArrowRight':
      return { row: from.row, col: o.ctrl ? clampCol(o.lastUsed?.col ?? o.cols - 1) : clampCol(from.col + 1) };
    case 'PageUp':
      return { row: clampRow(from.row - page), col: from.col };
    case 'PageDown':
      return { row: clampRow(from.row + page), col: from.col };
    case 'Home':
      return o.ctrl ? { row: 0, col: 0 } : { row: from.row, col: 0 };
    case 'End':
      return o.ctrl && o.lastUsed
        ? { row: clampRow(o.lastUsed.row), col: clampCol(o.lastUsed.col) }
        : { row: from.row, col: clampCol(o.lastUsed?.col ?? from.col) };
    case 'Enter':
      return { row: clampRow(from.row + (o.shift ? -1 : 1)), col: from.col };
    case 'Tab':
      return { row: from.row, col: clampCol(from.col + (o.shift ? -1 : 1)) };
  }
}

/** The scroll position that brings a cell fully into view (unchanged when it already is). */
export function scrollToShow(
  layout: ColumnLayout,
  cell: CellPos,
  view: { scrollTop: number; scrollLeft: number; height: number; width: number },
): { scrollTop: number; scrollLeft: number } {
  const top = cell.row * ROW_HEIGHT;
  const bottom = top + ROW_HEIGHT;
  const left = layout.offsets[cell.col] ?? 0;
  const right = layout.offsets[cell.col + 1] ?? left;
  let { scrollTop, scrollLeft } = view;
  if (top < scrollTop) scrollTop = top;
  else if (bottom > scrollTop + view.height) scrollTop = Math.max(0, bottom - view.height);
  if (left < scrollLeft) scrollLeft = left;
  else if (right > scrollLeft + view.width) scrollLeft = Math.max(0, right - view.width);
  return { scrollTop, scrollLeft };
}

/**
 * Where a run of Tab presses started: Excel returns there when Enter ends the run ("type
 * a row with Tab, press Enter, start the next row under the first cell").
 */
export interface TabRun {
  row: number;
  col: number;
}

/**
 * A navigation key's move, with Excel's Tab run: Tab (or Shift+Tab) starts a run or
 * continues it on the same row; Enter (Shift+Enter) after a run goes down (up) to the
 * column the run started in and ends it; any other key ends it and moves as `move` does.
 */
export function moveInRun(
  from: CellPos,
  key: NavKey,
  run: TabRun | null,
  o: MoveOptions,
): { to: CellPos; run: TabRun | null } {
  const current = run && run.row === from.row ? run : null;
  if (key === 'Tab') return { to: move(from, key, o), run: current ?? { row: from.row, col: from.col } };
  if (key === 'Enter' && current) return { to: move({ row: from.row, col: current.col }, key, o), run: null };
  return { to: move(from, key, o), run: null };
}
