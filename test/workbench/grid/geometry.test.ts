/**
 * The workbench grid's geometry without a browser: column widths, the rendered window,
 * keyboard moves, scrolling into view, and cell addresses typed into the name box.
 */
import {
  DEFAULT_COLUMN_CHARS,
  ROW_HEIGHT,
  columnAt,
  columnPx,
  gridExtent,
  layoutColumns,
  move,
  moveInRun,
  rectOf,
  scrollToShow,
  visibleColumns,
  visibleRows,
} from '../../../src/workbench/grid/geometry';
import { parseCell as parseCellAddress } from '../../../src/base/a1';

describe('geometry', () => {
  test("column widths follow Excel's characters-to-pixels rule", () => {
    expect(columnPx(undefined)).toBe(72);
    expect(columnPx(DEFAULT_COLUMN_CHARS)).toBe(72);
    expect(columnPx(40)).toBe(325);
    expect(columnPx(-3)).toBe(72);
    const l = layoutColumns(4, { B: 16, D: 40 });
    expect(l.widths).toEqual([72, 133, 72, 325]);
    expect(l.offsets).toEqual([0, 72, 205, 277, 602]);
    expect(l.total).toBe(602);
  });

  test('the rendered rows are the visible ones plus a few either side, never past the sheet', () => {
    expect(visibleRows(0, 600, 10_000, 5)).toEqual({ first: 0, last: Math.ceil(600 / ROW_HEIGHT) + 5 });
    const mid = visibleRows(5000 * ROW_HEIGHT, 600, 10_000, 5);
    expect(mid.first).toBe(4995);
    expect(mid.last - mid.first).toBeLessThan(40);
    expect(visibleRows(1e9, 600, 10_000)).toEqual({ first: expect.any(Number), last: 9999 });
    expect(visibleRows(0, 600, 0)).toEqual({ first: 0, last: -1 });
  });

  test('columns: the one under a pixel, and the ones in view', () => {
    const l = layoutColumns(30, { A: 40 });
    expect(columnAt(l, 0)).toBe(0);
    expect(columnAt(l, 324)).toBe(0);
    expect(columnAt(l, 325)).toBe(1);
    expect(columnAt(l, 1e6)).toBe(29);
    expect(visibleColumns(l, 0, 500, 0)).toEqual({ first: 0, last: 3 });
    expect(visibleColumns(l, 325 + 72 * 10, 200, 1)).toEqual({ first: 10, last: 14 });
  });

  test('the sheet extends past its used area, at least a screenful', () => {
    expect(gridExtent(0, 0)).toEqual({ rows: 100, cols: 26 });
    expect(gridExtent(10_000, 5)).toEqual({ rows: 10_050, cols: 26 });
    expect(gridExtent(20, 40)).toEqual({ rows: 100, cols: 44 });
  });

  test('arrow keys, Page keys, Home/End, Enter and Tab move the selection inside the sheet', () => {
    const o = { rows: 100, cols: 26, pageRows: 20, lastUsed: { row: 49, col: 4 } };
    expect(move({ row: 0, col: 0 }, 'ArrowUp', o)).toEqual({ row: 0, col: 0 });
    expect(move({ row: 0, col: 0 }, 'ArrowLeft', o)).toEqual({ row: 0, col: 0 });
    expect(move({ row: 3, col: 2 }, 'ArrowDown', o)).toEqual({ row: 4, col: 2 });
    expect(move({ row: 3, col: 2 }, 'ArrowRight', o)).toEqual({ row: 3, col: 3 });
    expect(move({ row: 99, col: 25 }, 'ArrowDown', o)).toEqual({ row: 99, col: 25 });
    expect(move({ row: 3, col: 2 }, 'PageDown', o)).toEqual({ row: 23, col: 2 });
    expect(move({ row: 3, col: 2 }, 'PageUp', o)).toEqual({ row: 0, col: 2 });
    expect(move({ row: 3, col: 2 }, 'Home', o)).toEqual({ row: 3, col: 0 });
    expect(move({ row: 3, col: 2 }, 'Home', { ...o, ctrl: true })).toEqual({ row: 0, col: 0 });
    expect(move({ row: 3, col: 2 }, 'End', { ...o, ctrl: true })).toEqual({ row: 49, col: 4 });
    expect(move({ row: 3, col: 2 }, 'ArrowDown', { ...o, ctrl: true })).toEqual({ row: 49, col: 2 });
    expect(move({ row: 3, col: 2 }, 'ArrowUp', { ...o, ctrl: true })).toEqual({ row: 0, col: 2 });
    expect(move({ row: 3, col: 2 }, 'Enter', o)).toEqual({ row: 4, col: 2 });
    expect(move({ row: 3, col: 2 }, 'Enter', { ...o, shift: true })).toEqual({ row: 2, col: 2 });
    expect(move({ row: 3, col: 2 }, 'Tab', o)).toEqual({ row: 3, col: 3 });
    expect(move({ row: 3, col: 2 }, 'Tab', { ...o, shift: true })).toEqual({ row: 3, col: 1 });
  });

  test('scrolling brings a cell into view only when it is not', () => {
    const l = layoutColumns(26);
    const view = { scrollTop: 0, scrollLeft: 0, height: 240, width: 320 };
    expect(scrollToShow(l, { row: 2, col: 2 }, view)).toEqual({ scrollTop: 0, scrollLeft: 0 });
    expect(scrollToShow(l, { row: 20, col: 0 }, view)).toEqual({ scrollTop: 21 * ROW_HEIGHT - 240, scrollLeft: 0 });
    expect(scrollToShow(l, { row: 0, col: 10 }, view)).toEqual({ scrollTop: 0, scrollLeft: 11 * 72 - 320 });
    expect(scrollToShow(l, { row: 1, col: 1 }, { ...view, scrollTop: 500, scrollLeft: 500 })).toEqual({
      scrollTop: ROW_HEIGHT,
      scrollLeft: 72,
    });
    expect(rectOf(l, 1, 1, 2, 2)).toEqual({ top: ROW_HEIGHT, left: 72, width: 144, height: 2 * ROW_HEIGHT });
  });

  test('cell addresses typed in the name box', () => {
    expect(parseCellAddress('B7')).toEqual({ row: 6, col: 1 });
    expect(parseCellAddress(' $aa$10 ')).toEqual({ row: 9, col: 26 });
    expect(parseCellAddress('XFD1048576')).toEqual({ row: 1_048_575, col: 16_383 });
    expect(parseCellAddress('XFE1')).toBeUndefined();
    expect(parseCellAddress('A0')).toBeUndefined();
    expect(parseCellAddress('ROI_Leads')).toBeUndefined();
  });
});

describe("Excel's Tab run", () => {
  const o = { rows: 100, cols: 30 };

  test('Tab, Tab, Enter: the next row, under the cell where the Tab run started', () => {
    let r = moveInRun({ row: 4, col: 1 }, 'Tab', null, o);
    expect(r).toEqual({ to: { row: 4, col: 2 }, run: { row: 4, col: 1 } });
    r = moveInRun(r.to, 'Tab', r.run, o);
    expect(r).toEqual({ to: { row: 4, col: 3 }, run: { row: 4, col: 1 } });
    r = moveInRun(r.to, 'Enter', r.run, o);
    expect(r).toEqual({ to: { row: 5, col: 1 }, run: null });
    // A second Enter goes straight down.
    expect(moveInRun(r.to, 'Enter', r.run, o).to).toEqual({ row: 6, col: 1 });
  });

  test('Shift+Tab stays in the run; Shift+Enter returns up; an arrow key ends the run', () => {
    let r = moveInRun({ row: 4, col: 3 }, 'Tab', null, o);
    r = moveInRun(r.to, 'Tab', r.run, { ...o, shift: true });
    expect(r).toEqual({ to: { row: 4, col: 3 }, run: { row: 4, col: 3 } });
    r = moveInRun({ row: 4, col: 5 }, 'Enter', r.run, { ...o, shift: true });
    expect(r).toEqual({ to: { row: 3, col: 3 }, run: null });
    r = moveInRun({ row: 4, col: 1 }, 'Tab', null, o);
    r = moveInRun(r.to, 'ArrowRight', r.run, o);
    expect(r.run).toBeNull();
    expect(moveInRun(r.to, 'Enter', r.run, o).to).toEqual({ row: 5, col: 3 });
  });

  test('a run from another row does not count', () => {
    expect(moveInRun({ row: 9, col: 4 }, 'Enter', { row: 4, col: 1 }, o)).toEqual({
      to: { row: 10, col: 4 },
      run: null,
    });
  });
});
