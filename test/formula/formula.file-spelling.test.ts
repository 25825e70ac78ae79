import { isDynamicArrayFormula, toEngineSpelling, toFileSpelling } from '../../src/formula/formula';

describe('formulas as a file stores them', () => {
  test('ROI calls resolved, future functions prefixed', () => {
    expect(toFileSpelling('SORT(ROI.LEADQUALITY(B2:B9,C2:C9),1,-1)')).toBe(
      '_xlfn._xlws.SORT(_xldudf_ROI_LEADQUALITY(B2:B9,C2:C9),1,-1)',
    );
    expect(toFileSpelling('XLOOKUP(A1,B:B,C:C)+IFNA(D1,0)')).toBe('_xlfn.XLOOKUP(A1,B:B,C:C)+_xlfn.IFNA(D1,0)');
    expect(toFileSpelling('NORM.S.INV(0.9)')).toBe('_xlfn.NORM.S.INV(0.9)');
  });
  test('Excel’s own old functions and text in quotes are left alone', () => {
    expect(toFileSpelling('SUM(A1:A3)&"SORT(x)"')).toBe('SUM(A1:A3)&"SORT(x)"');
    expect(toFileSpelling('ROUNDUP(A1/B1,0)')).toBe('ROUNDUP(A1/B1,0)');
  });
  test('a name that is not called keeps its spelling', () => {
    expect(toFileSpelling('SORT+1')).toBe('SORT+1');
  });
  test('the engine reads back what the file stores', () => {
    const typed = 'SORT(ROI.LEADQUALITY(B2:B9,C2:C9),1,-1)';
    expect(toEngineSpelling(toFileSpelling(typed))).toBe(typed);
  });
  test('ROI calls and spilling functions are dynamic arrays; plain formulas are not', () => {
    expect(isDynamicArrayFormula('ROI.CAC(A1,B1)')).toBe(true);
    expect(isDynamicArrayFormula('SORT(A1:A9)')).toBe(true);
    expect(isDynamicArrayFormula('_xlfn._xlws.FILTER(A1:A9,B1:B9>0)')).toBe(true);
    expect(isDynamicArrayFormula('SUM(A1:A9)')).toBe(false);
  });
});
