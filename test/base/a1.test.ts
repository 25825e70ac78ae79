/**
 * The one A1 implementation (src/base/a1.ts): column letters, cells and boxes in both
 * directions over the whole grid, whole columns and rows, absolute references, sheet
 * names as formulas write them, sheet-qualified references; and the file's 1-based view
 * of it (src/xlsx/refs.ts) agreeing with it.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_SHEET_COLS,
  MAX_SHEET_ROWS,
  absBoxA1,
  absoluteA1,
  boxA1,
  cellA1,
  colToIndex,
  indexToCol,
  intersect,
  parseBox,
  parseCell,
  plainCell,
  parseCellRange,
  parseRef,
  qualified,
  quoteSheet,
  sheetRef,
  splitAddress,
} from '../../src/base/a1';
import { cellRef, parseCellRef, parseRangeRef, rangeRefToString } from '../../src/xlsx/refs';

const row = fc.integer({ min: 0, max: MAX_SHEET_ROWS - 1 });
const col = fc.integer({ min: 0, max: MAX_SHEET_COLS - 1 });

describe('cells and column letters', () => {
  test('letters and indexes are inverse over the whole grid', () => {
    expect([0, 25, 26, 701, 702, 16_383].map(indexToCol)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
    fc.assert(fc.property(col, (c) => colToIndex(indexToCol(c)) === c));
    expect(colToIndex('xfd')).toBe(16_383);
  });

  test('a cell written and read back is the same cell; $ and spaces are allowed', () => {
    fc.assert(fc.property(row, col, (r, c) => assert.deepEqual(parseCell(cellA1(r, c)), { row: r, col: c })));
    expect(parseCell(' $B$7 ')).toEqual({ row: 6, col: 1 });
  });

  test("nothing past Excel's grid, and nothing that is not a cell", () => {
    for (const bad of ['XFE1', 'A1048577', 'A0', 'B', '7', 'ROI_Leads', 'B7:C8', ''])
      expect({ bad, cell: parseCell(bad) }).toEqual({ bad, cell: undefined });
  });
});

describe('boxes', () => {
  test('cells, ranges in either corner order, whole columns and rows', () => {
    expect(parseBox('D12:B7')).toEqual({ top: 6, left: 1, bottom: 11, right: 3 });
    expect(parseBox('A:F')).toEqual({ top: 0, left: 0, bottom: MAX_SHEET_ROWS - 1, right: 5 });
    expect(parseBox('$3:$5')).toEqual({ top: 2, left: 0, bottom: 4, right: MAX_SHEET_COLS - 1 });
    expect(parseBox('A1:B2:C3')).toBeUndefined();
    expect(parseBox('0:3')).toBeUndefined();
    // Only cells for parseCellRange: the adapters never write a whole column by accident.
    expect(parseCellRange('A:F')).toBeUndefined();
    expect(parseCellRange('B7')).toEqual({ top: 6, left: 1, bottom: 6, right: 1 });
  });

  test('written and read back, relative and absolute', () => {
    fc.assert(
      fc.property(row, col, row, col, (a, b, c, d) => {
        const box = { top: Math.min(a, c), left: Math.min(b, d), bottom: Math.max(a, c), right: Math.max(b, d) };
        assert.deepEqual(parseBox(boxA1(box)), box);
        assert.deepEqual(parseBox(absBoxA1(box)), box);
      }),
    );
    expect(absoluteA1('B2:C4')).toBe('$B$2:$C$4');
    expect(absoluteA1('ROI_Rates')).toBe('ROI_Rates');
    expect(intersect(parseBox('A1:C3')!, parseBox('B2:D9')!)).toEqual(parseBox('B2:C3'));
    expect(intersect(parseBox('A1')!, parseBox('B2')!)).toBeUndefined();
  });
});

describe('sheet names and qualified references', () => {
  test('bare where Excel allows, quoted otherwise', () => {
    expect(sheetRef('Sheet1')).toBe('Sheet1');
    expect(sheetRef('Q1 plan')).toBe("'Q1 plan'");
    expect(sheetRef("It's")).toBe("'It''s'");
    for (const looksLikeARef of ['A1', 'R1C1', 'TRUE', '2024']) expect(sheetRef(looksLikeARef)).toMatch(/^'.*'$/);
    expect(quoteSheet('Sheet1')).toBe("'Sheet1'");
    expect(qualified('Data', '$B$2', 'Data')).toBe('$B$2');
    expect(qualified('ROI Model', 'B6')).toBe("'ROI Model'!B6");
  });

  test('a reference as formulas write it, with or without a sheet', () => {
    expect(parseRef("'It''s'!$B$2:C4")).toEqual({
      sheet: "It's",
      address: '$B$2:C4',
      box: { top: 1, left: 1, bottom: 3, right: 2 },
    });
    expect(parseRef('Data!A:A')?.box.right).toBe(0);
    expect(parseRef('B7')).toEqual({ address: 'B7', box: { top: 6, left: 1, bottom: 6, right: 1 } });
    for (const notARef of ['ROI_Leads', 'SUM(A1)', 'A1 B2', "'Open!A1", 'B7,C8'])
      expect({ notARef, ref: parseRef(notARef) }).toEqual({ notARef, ref: undefined });
    expect(splitAddress("'ROI Model (2)'!B2:C3")).toEqual({ sheet: 'ROI Model (2)', address: 'B2:C3' });
    expect(splitAddress('B2')).toEqual({ sheet: '', address: 'B2' });
  });
});

describe("the file's 1-based numbers (src/xlsx/refs.ts)", () => {
  test('are base A1 shifted by one', () => {
    fc.assert(
      fc.property(row, col, (r, c) => {
        assert.deepEqual(parseCellRef(cellA1(r, c)), { row: r + 1, col: c + 1 });
        assert.equal(cellRef(r + 1, c + 1), cellA1(r, c));
      }),
    );
    expect(parseRangeRef('B7:C10')).toEqual({ top: 7, left: 2, bottom: 10, right: 3 });
    expect(rangeRefToString({ top: 7, left: 2, bottom: 7, right: 2 })).toBe('B7');
    expect(parseRangeRef('A:A')).toBeUndefined();
  });
});

describe('plainCell: parseCell\'s fast path for a sheet\'s "B7"', () => {
  /** parseCell by its regular expression alone: a leading space skips the fast path (parseCell trims). */
  const byRegex = (s: string) => parseCell(` ${s}`);
  const PLAIN = /^[A-Z]{1,3}[1-9][0-9]{0,6}$/;

  test('it reads every plain reference in the grid as the regular expression does, and leaves the rest to it', () => {
    for (const s of [
      'A1',
      'B7',
      'XFD1048576',
      'XFE1',
      'A1048577',
      'A0',
      'A01',
      'a1',
      '$A$1',
      'AAAA1',
      'A',
      '1',
      '',
      ' B7',
      'B7 ',
      'ZZZ9999999',
      'B12345678',
    ])
      expect([s, plainCell(s)]).toEqual([s, PLAIN.test(s) ? byRegex(s) : undefined]);
    expect(plainCell('XFD1048576')).toEqual({ row: MAX_SHEET_ROWS - 1, col: MAX_SHEET_COLS - 1 });
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z$ ]{0,4}[0-9]{0,9}$/), (s) => {
        assert.deepEqual(plainCell(s), PLAIN.test(s) ? byRegex(s) : undefined);
        assert.deepEqual(parseCell(s), byRegex(s));
      }),
      { numRuns: 5000 },
    );
  });
});
