/**
 * One screenful of a sheet, read from the engine adapter: the cells in the visible rows
 * and columns (by position), and the fill and font colour each conditional format gives
 * them. Formula rules are evaluated by the engine for each cell, with the rule's relative
 * references shifted from the range's top-left cell as Excel does.
 */
import { isRoiError } from '../../core';
import type { SheetSnapshot, SheetSource, SnapshotCell } from '../../workbook/sheet-source';
import { cellA1 } from '../../base/a1';
import { rangeOf } from '../../workbook/port';
import { shiftFormula } from '../../formula/formula';
import { colorScale } from './display';
import type { Span } from './geometry';

export interface CellLook {
  fill?: string;
  fontColor?: string;
}

export interface SheetWindow {
  snapshot: SheetSnapshot;
  /**
   * The spills that reach into the window, each trimmed to its result: the engine reserves
   * the area the arguments' shapes allow, and pads a smaller result with blanks, which
   * Excel would not show as part of the spill.
   */
  spills: Array<{ anchor: string; range: string; top: number; left: number; bottom: number; right: number }>;
  cells: Map<string, SnapshotCell>;
  /** Conditional formatting that applies, by "row,col". */
  looks: Map<string, CellLook>;
}

export const cellKey = (row: number, col: number) => `${row},${col}`;

/** Reads the cells of `rows` x `cols` and evaluates the conditional formats over them. */
export function readWindow(wb: SheetSource, sheet: string, rows: Span, cols: Span): SheetWindow {
  const snapshot = wb.getSheetSnapshot(sheet, {
    top: rows.first,
    bottom: rows.last,
    left: cols.first,
    right: cols.last,
  });
  const cells = new Map<string, SnapshotCell>();
  for (const c of snapshot.cells) cells.set(cellKey(c.row, c.col), c);
  const looks = new Map<string, CellLook>();
  const spills: SheetWindow['spills'] = [];
  for (const sp of snapshot.spills) {
    const r = rangeOf(sp.range);
    if (r.bottom < rows.first || r.top > rows.last || r.right < cols.first || r.left > cols.last) continue;
    spills.push({ anchor: sp.anchor, ...trimSpill(wb, sheet, r) });
  }
  for (const cf of snapshot.conditionalFormats) {
    let range: ReturnType<typeof rangeOf>;
    try {
      range = rangeOf(cf.address);
    } catch {
      continue;
    }
    const top = Math.max(range.top, rows.first);
    const bottom = Math.min(range.bottom, rows.last);
    const left = Math.max(range.left, cols.first);
    const right = Math.min(range.right, cols.last);
    if (top > bottom || left > right) continue;
    if (cf.kind === 'formula' && cf.formula) {
      const base = cf.formula.replace(/^=/, '');
      for (let r = top; r <= bottom; r++)
        for (let c = left; c <= right; c++) {
          const v = wb.evaluateFormula(sheet, `=${shiftFormula(base, r - range.top, c - range.left)}`);
          const hit = v === true || (typeof v === 'number' && v !== 0);
          if (hit) looks.set(cellKey(r, c), { fill: cf.fill, fontColor: cf.fontColor });
        }
    } else if (cf.kind === 'colorScale') {
      const all = wb.getSheetSnapshot(sheet, {
        top: range.top,
        bottom: range.bottom,
        left: range.left,
        right: range.right,
      }).cells;
      const numbers = all.map((c) => c.value).filter((v): v is number => typeof v === 'number');
      if (!numbers.length) continue;
      const min = Math.min(...numbers);
      const max = Math.max(...numbers);
      for (const c of all) {
        if (c.row < top || c.row > bottom || c.col < left || c.col > right) continue;
        if (typeof c.value === 'number' && !isRoiError(c.value))
          looks.set(cellKey(c.row, c.col), { fill: colorScale(c.value, min, max) });
      }
    }
  }
  return { snapshot, cells, looks, spills };
}

const blank = (v: unknown) => v === null || v === undefined || v === '';

/** A spill's area without its trailing blank rows and columns (areas over 20,000 cells are left as they are). */
export function trimSpill(
  wb: SheetSource,
  sheet: string,
  r: { top: number; left: number; bottom: number; right: number },
) {
  let { bottom, right } = r;
  const range = () => `${cellA1(r.top, r.left)}:${cellA1(bottom, right)}`;
  if ((r.bottom - r.top + 1) * (r.right - r.left + 1) > 20_000)
    return { range: range(), top: r.top, left: r.left, bottom, right };
  const filled = new Set(
    wb
      .getSheetSnapshot(sheet, r)
      .cells.filter((c) => !blank(c.value))
      .map((c) => cellKey(c.row, c.col)),
  );
  const rowFilled = (row: number) =>
    Array.from({ length: right - r.left + 1 }, (_, i) => filled.has(cellKey(row, r.left + i))).some(Boolean);
  const colFilled = (col: number) =>
    Array.from({ length: bottom - r.top + 1 }, (_, i) => filled.has(cellKey(r.top + i, col))).some(Boolean);
  while (bottom > r.top && !rowFilled(bottom)) bottom--;
  while (right > r.left && !colFilled(right)) right--;
  return { range: range(), top: r.top, left: r.left, bottom, right };
}
