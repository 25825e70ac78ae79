/**
 * The references in a formula's text (src/formula/references.ts): what the comparison's
 * precedent graph reads, and rewriting them when rows moved.
 */
import { MAX_SHEET_COLS, MAX_SHEET_ROWS } from '../../src/base/a1';
import { formulaReferences, rewriteReferences } from '../../src/formula/references';

const refs = (f: string) =>
  formulaReferences(f).refs.map((r) => ({
    sheet: r.sheet,
    kind: r.kind,
    box: [r.box.top, r.box.left, r.box.bottom, r.box.right],
    spill: r.spill,
  }));
const names = (f: string) => formulaReferences(f).names.map((n) => (n.sheet ? `${n.sheet}!${n.name}` : n.name));

describe('formulaReferences', () => {
  test('cells, ranges, absolute parts, and the leading "=" allowed', () => {
    expect(refs('=B7+$C$2*SUM(B3:B5)')).toEqual([
      { sheet: undefined, kind: 'cell', box: [6, 1, 6, 1], spill: false },
      { sheet: undefined, kind: 'cell', box: [1, 2, 1, 2], spill: false },
      { sheet: undefined, kind: 'range', box: [2, 1, 4, 1], spill: false },
    ]);
    // A range given bottom-right first is the same box.
    expect(refs('SUM(B5:A3)')[0].box).toEqual([2, 0, 4, 1]);
  });

  test('sheet names, quoted or bare, and the spill operator', () => {
    expect(refs("'ROI Model'!B7+Data!A1:A3+'It''s'!C1+A40#")).toEqual([
      { sheet: 'ROI Model', kind: 'cell', box: [6, 1, 6, 1], spill: false },
      { sheet: 'Data', kind: 'range', box: [0, 0, 2, 0], spill: false },
      { sheet: "It's", kind: 'cell', box: [0, 2, 0, 2], spill: false },
      { sheet: undefined, kind: 'cell', box: [39, 0, 39, 0], spill: true },
    ]);
  });

  test('whole columns and rows reach the edge of the grid', () => {
    expect(refs('SUM(A:C)+SUM($3:$5)')).toEqual([
      { sheet: undefined, kind: 'columns', box: [0, 0, MAX_SHEET_ROWS - 1, 2], spill: false },
      { sheet: undefined, kind: 'rows', box: [2, 0, 4, MAX_SHEET_COLS - 1], spill: false },
    ]);
  });

  test('defined names, sheet-qualified names; functions, booleans and strings are not references', () => {
    const f =
      '=ROI.REQUIREDLEADS(ROI_RevenueGap,ROI_DealValue,Model!ROI_Rates)+IF(TRUE,"B7 and ROI_X",0)+_xlfn.XLOOKUP(1,A1:A2,B1:B2)';
    expect(names(f)).toEqual(['ROI_RevenueGap', 'ROI_DealValue', 'Model!ROI_Rates']);
    expect(refs(f).map((r) => r.box)).toEqual([
      [0, 0, 1, 0],
      [0, 1, 1, 1],
    ]);
  });

  test('other workbooks, 3-D references and structured references are not cells of this workbook', () => {
    expect(refs('[1]Sheet1!A1+Jan:Dec!B2+Table1[Revenue]+C3')).toEqual([
      { sheet: undefined, kind: 'cell', box: [2, 2, 2, 2], spill: false },
    ]);
    expect(names('[1]Sheet1!A1+Table1[Revenue]')).toEqual([]);
  });

  test('cells past the grid are not references', () => {
    expect(refs('XFE1+A1048577')).toEqual([]);
  });
});

describe('rewriteReferences', () => {
  test('moves each reference through the map, keeping $ signs, sheets and everything else', () => {
    const shifted = rewriteReferences('=SUM($B$3:B5)+\'ROI Model\'!C7*ROI_X+"B3"', (r) => ({
      ...r.box,
      top: r.box.top + 1,
      bottom: r.box.bottom + 1,
    }));
    expect(shifted).toBe('=SUM($B$4:B6)+\'ROI Model\'!C8*ROI_X+"B3"');
  });

  test('a reference whose cells went becomes #REF!', () => {
    expect(rewriteReferences('A1+B2', (r) => (r.box.top === 0 ? null : r.box))).toBe('#REF!+B2');
  });

  test('whole rows and columns keep their kind', () => {
    expect(rewriteReferences('SUM(3:5)+SUM(A:B)', (r) => ({ ...r.box, top: r.box.top + 1 }))).toBe(`SUM(4:5)+SUM(A:B)`);
  });
});
