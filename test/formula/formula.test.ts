import {
  findRoiCalls,
  isLiteralConstant,
  shiftFormula,
  toEngineSpelling,
  toResolvedSpelling,
  tokenize,
} from '../../src/formula/formula';
import { parseRangeRef } from '../../src/xlsx/refs';

describe('formula spellings', () => {
  test('finds ROI calls in all four spellings with their ids', () => {
    const calls = findRoiCalls(
      'ROI.REQUIREDLEADS(B2,B3,B4:B6)+_xldudf_ROI_FUNNEL(1,2,{0.5})+[2]!_xldudf_ROI_CAC(A1,A2)+roi.ltv(1,0.8,0.02)',
    );
    expect(calls.map((c) => [c.id, c.spelling])).toEqual([
      ['REQUIREDLEADS', 'dotted'],
      ['FUNNEL', 'resolved'],
      ['CAC', 'damaged'],
      ['LTV', 'dotted'],
    ]);
  });

  test('never touches text inside strings or quoted sheet names', () => {
    const f = `IF(A1="ROI.CAC(1,2)",'ROI.CAC(x'!A1,ROI.CAC(1,2))`;
    expect(findRoiCalls(f)).toHaveLength(1);
    expect(toResolvedSpelling(f)).toBe(`IF(A1="ROI.CAC(1,2)",'ROI.CAC(x'!A1,_xldudf_ROI_CAC(1,2))`);
  });

  test('resolved spelling drops the [n]! damage; engine spelling is dotted and drops _xlfn.', () => {
    expect(toResolvedSpelling('[2]!_xldudf_ROI_REQUIREDDEALS(B1,B2)*2')).toBe('_xldudf_ROI_REQUIREDDEALS(B1,B2)*2');
    expect(toEngineSpelling('_xlfn.IFS(A1>0,[2]!_xldudf_ROI_CAC(A1,2),TRUE,0)')).toBe('IFS(A1>0,ROI.CAC(A1,2),TRUE,0)');
  });

  test("other add-ins' calls are not ours", () => {
    expect(findRoiCalls('_xldudf_CONTOSO_ADD(1,2)+CONTOSO.ADD(1,2)+ROIX.CAC(1)')).toHaveLength(0);
  });

  test('splits arguments at the top level only', () => {
    const [c] = findRoiCalls('ROI.REQUIREDLEADS(SUM(A1,A2), 50000, {0.5,0.4;0.3,0.2}, "a,b")');
    expect(c.args.map((a) => a.text.trim())).toEqual(['SUM(A1,A2)', '50000', '{0.5,0.4;0.3,0.2}', '"a,b"']);
  });

  test('tokens cover the formula exactly', () => {
    const f = "SUM('My Sheet'!$A$1:B2,Table1[[#This Row],[Col]],#REF!,1.5E+3)";
    expect(
      tokenize(f)
        .map((t) => t.text)
        .join(''),
    ).toBe(f);
  });
});

describe('shared formulas', () => {
  test('relative references move, absolute ones stay', () => {
    expect(shiftFormula('A1*$B$1+B$2+$C3', 2, 1)).toBe('B3*$B$1+C$2+$C5');
  });
  test('ranges, whole columns and rows, and sheet-qualified references', () => {
    expect(shiftFormula('SUM(Sheet2!A1:A3)+SUM(C:C)+SUM(1:1)', 1, 1)).toBe('SUM(Sheet2!B2:B4)+SUM(D:D)+SUM(2:2)');
  });
  test('strings, function names and references pushed off the sheet', () => {
    expect(shiftFormula('LOG10(A1)&"A1"', 0, 1)).toBe('LOG10(B1)&"A1"');
    expect(shiftFormula('A1', -1, 0)).toBe('#REF!');
  });
});

describe('helpers', () => {
  test('literal constants', () => {
    expect(['25%', '0.25', '{0.5,0.4,0.25}', ' 3E-2 ']).toEqual(expect.arrayContaining(['25%']));
    for (const s of ['25%', '0.25', '{0.5,0.4,0.25}', ' 3E-2 ']) expect(isLiteralConstant(s)).toBe(true);
    for (const s of ['B4:B6', 'Rates', 'B2*0.5', '"25%"']) expect(isLiteralConstant(s)).toBe(false);
  });
  test('range refs', () => {
    expect(parseRangeRef('B7:C10')).toEqual({ top: 7, left: 2, bottom: 10, right: 3 });
    expect(parseRangeRef('XFD1048576')).toEqual({ top: 1048576, left: 16384, bottom: 1048576, right: 16384 });
    expect(parseRangeRef('XFE1')).toBeUndefined();
  });
});
