/**
 * The workbench grid's logic without a browser: geometry (widths, the rendered window,
 * keyboard moves, scrolling into view), how cells look and edit (alignment, formula bar
 * text, Excel's percent entry, error hover text, General numbers that do not fit), and
 * the screenful read from the engine (conditional formats, spill outlines).
 */
import { RoiError } from '../../../src/core';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import {
  alignOf,
  colorScale,
  editTextOf,
  fitGeneral,
  normalizeEntry,
  titleOf,
} from '../../../src/workbench/grid/display';
import {
  DEFAULT_COLUMN_CHARS,
  ROW_HEIGHT,
  columnAt,
  columnPx,
  gridExtent,
  layoutColumns,
  move,
  rectOf,
  scrollToShow,
  visibleColumns,
  visibleRows,
} from '../../../src/workbench/grid/geometry';
import { parseCell as parseCellAddress } from '../../../src/base/a1';
import { cellKey, readWindow, trimSpill } from '../../../src/workbench/grid/window';

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

describe('how a cell looks and edits', () => {
  test('alignment as in Excel unless the style says otherwise', () => {
    expect(alignOf(12)).toBe('right');
    expect(alignOf('Leads')).toBe('left');
    expect(alignOf(true)).toBe('center');
    expect(alignOf(new RoiError('#NUM!', 'x'))).toBe('center');
    expect(alignOf(12, { horizontalAlignment: 'Center' })).toBe('center');
  });

  test('the formula bar shows the formula, or the constant as it would be typed', () => {
    expect(editTextOf({ value: 60, formula: '=ROI.REQUIREDDEALS(3000000,50000)' })).toBe(
      '=ROI.REQUIREDDEALS(3000000,50000)',
    );
    expect(editTextOf({ value: 0.25, numberFormat: '0.0%' })).toBe('25%');
    expect(editTextOf({ value: 0.1 + 0.2, numberFormat: '0%' })).toBe('30%');
    expect(editTextOf({ value: 50_000, numberFormat: '$#,##0' })).toBe('50000');
    expect(editTextOf({ value: 1 / 3 })).toBe('0.333333333333333');
    expect(editTextOf({ value: false })).toBe('FALSE');
    expect(editTextOf({ value: 'Leads' })).toBe('Leads');
    expect(editTextOf({ value: null })).toBe('');
    expect(editTextOf(undefined)).toBe('');
  });

  test("text that would read as something else shows its apostrophe, as in Excel ('2024)", () => {
    for (const t of [
      '2024',
      '-5',
      '1,200',
      '$3,000',
      '25%',
      '1e5',
      '.5',
      'TRUE',
      'false',
      '#N/A',
      '=ROI.CAC(1,2)',
      "'quoted",
      '12/31/2024',
      '2024-01-31',
    ]) {
      expect([t, editTextOf({ value: t })]).toEqual([t, `'${t}`]);
    }
    for (const t of ['Leads', 'Q1 2024', 'ROI.CAC', '-', '+', '12 deals', 'N/A', 'Truey'])
      expect([t, editTextOf({ value: t })]).toEqual([t, t]);
  });

  test("'2024 typed into a cell stays text, and the formula bar gives it back as typed", () => {
    const wb = createEngineWorkbook({ sheets: { S: [[null]] } });
    wb.setCellFromUser('S', 'A1', "'2024");
    const cell = wb.getSheetSnapshot('S').cells.find((c) => c.address === 'A1');
    expect(cell?.value).toBe('2024');
    expect(editTextOf(cell)).toBe("'2024");
  });

  test("typing into a percent or money cell keeps its format (Excel's percent entry)", () => {
    expect(normalizeEntry('30', '0.0%')).toBe('0.3');
    expect(normalizeEntry('30%', '0.0%')).toBe('0.3');
    expect(normalizeEntry('0.3', '0.0%')).toBe('0.3');
    expect(normalizeEntry('1', '0%')).toBe('0.01');
    expect(normalizeEntry('12.5%', '0%')).toBe('0.125');
    expect(normalizeEntry('$60,000', '$#,##0')).toBe('60000');
    expect(normalizeEntry('-$1,250.50', '$#,##0.00')).toBe('-1250.5');
    expect(normalizeEntry('=B2*2', '0%')).toBe('=B2*2');
    expect(normalizeEntry('lots', '0%')).toBe('lots');
    expect(normalizeEntry('30', undefined)).toBe('30');
    expect(normalizeEntry('30%', 'General')).toBe('30%');
  });

  test("an error's hover text is its code and message; a note joins it", () => {
    expect(titleOf({ value: new RoiError('#NUM!', 'close_rate must be above 0.') })).toBe(
      '#NUM! close_rate must be above 0.',
    );
    expect(titleOf({ value: 3, note: 'Typed by finance.' })).toBe('Typed by finance.');
    expect(titleOf({ value: 3 })).toBeUndefined();
  });

  test('a General number too wide for its column shortens as in Excel', () => {
    const fitsIn = (chars: number) => (t: string) => t.length <= chars;
    expect(fitGeneral(123.456789, fitsIn(20), '123.456789')).toBe('123.456789');
    expect(fitGeneral(123.456789, fitsIn(6), '123.456789')).toBe('123.46');
    expect(fitGeneral(100_010_000, fitsIn(8), '100010000')).toBe('1.00E+08');
    expect(fitGeneral(100_010_000, fitsIn(5), '100010000')).toBe('1E+08');
    expect(fitGeneral(0.000012345, fitsIn(8), '0.000012345')).toBe('1.23E-05');
    expect(fitGeneral(123456, fitsIn(2), '123456')).toBe('#');
  });

  test("Excel's three-colour scale", () => {
    expect(colorScale(0, 0, 10)).toBe('#F8696B');
    expect(colorScale(5, 0, 10)).toBe('#FFEB84');
    expect(colorScale(10, 0, 10)).toBe('#63BE7B');
    expect(colorScale(3, 3, 3)).toBe('#FFEB84');
  });
});

describe('a screenful read from the engine', () => {
  test('conditional formats: formula rules shifted per cell, colour scales over the whole range', async () => {
    const wb = createEngineWorkbook({
      sheets: {
        S: [
          [-1, 5, 10],
          [2, -3, 0],
        ],
      },
    });
    await wb.applyBatch({
      cells: [],
      conditionalFormats: [
        { sheet: 'S', address: 'A1:B2', kind: 'formula', formula: '=A1<0', fill: '#F8CBAD', fontColor: '#9C0006' },
        { sheet: 'S', address: 'C1:C2', kind: 'colorScale' },
      ],
    });
    const w = readWindow(wb, 'S', { first: 0, last: 1 }, { first: 0, last: 2 });
    expect([...w.looks.keys()].sort()).toEqual([cellKey(0, 0), cellKey(0, 2), cellKey(1, 1), cellKey(1, 2)].sort());
    expect(w.looks.get(cellKey(0, 0))).toEqual({ fill: '#F8CBAD', fontColor: '#9C0006' });
    expect(w.looks.get(cellKey(0, 2))).toEqual({ fill: '#63BE7B' });
    expect(w.looks.get(cellKey(1, 2))).toEqual({ fill: '#F8696B' });
    // A window that does not reach the rules' cells evaluates none of them.
    expect(readWindow(wb, 'S', { first: 5, last: 9 }, { first: 0, last: 2 }).looks.size).toBe(0);
  });

  test('spill outlines cover the result, not the blanks the engine reserved', () => {
    // A rate list of four cells, two of them empty: the engine reserves 5 rows, the funnel has 3.
    const wb = createEngineWorkbook({
      sheets: { S: [[0.5, '=ROI.FUNNEL(1000000,10000,A1:A4)'], [0.25], [null], [null]] },
    });
    const w = readWindow(wb, 'S', { first: 0, last: 10 }, { first: 0, last: 5 });
    expect(w.snapshot.spills).toEqual([{ anchor: 'B1', range: 'B1:B5' }]);
    expect(w.spills).toEqual([{ anchor: 'B1', range: 'B1:B3', top: 0, left: 1, bottom: 2, right: 1 }]);
    expect(trimSpill(wb, 'S', { top: 0, left: 1, bottom: 4, right: 1 }).range).toBe('B1:B3');
    // Out of the window: not listed.
    expect(readWindow(wb, 'S', { first: 20, last: 30 }, { first: 0, last: 5 }).spills).toEqual([]);
  });
});
