/**
 * roi check (src/files/check.ts): cached against recomputed values, and the assumptions
 * a reviewer should question.
 */
import { checkPackage } from '../../src/files/check';
import { XlsxPackage } from '../../src/xlsx/package';
import { buildWorkbook, modelSheetData } from '../helpers/xlsx-fixtures';

// The engine's first evaluation in a worker warms HyperFormula up; a loaded CI machine needs headroom.
jest.setTimeout(30000);

describe('roi check', () => {
  test('exit-worthy disagreement only for a stale cached value (relative tolerance 1e-9)', () => {
    const near =
      '<row r="7"><c r="B7" cm="1"><f t="array" ref="B7">_xldudf_ROI_LTV(1000,B3,0.02)</f><v>25000.000000000004</v></c></row>';
    const r = checkPackage(
      XlsxPackage.open(buildWorkbook({ sheets: [{ name: 'M', sheetData: modelSheetData() + near }] })),
    );
    expect(r.disagreements).toBe(0);
    expect(r.formulas.map((f) => f.status)).toEqual(['ok', 'ok']);
    const stale = checkPackage(
      XlsxPackage.open(buildWorkbook({ sheets: [{ name: 'M', sheetData: modelSheetData({ cachedLeads: 1199 }) }] })),
    );
    expect(stale.disagreements).toBe(1);
    expect(stale.formulas[0]).toMatchObject({ cell: 'M!B6', cached: '1199', recomputed: '1200', status: 'disagrees' });
  });

  test('flags assumptions a reviewer should question', () => {
    const data =
      modelSheetData({ close: 0.7, cachedLeads: 429 }) +
      '<row r="7"><c r="B7" cm="1"><f t="array" ref="B7">_xldudf_ROI_REQUIREDLEADS(B1,B2,{0.5,0.4,0.25})</f><v>1200</v></c></row>' +
      '<row r="8"><c r="A8"><v>0</v></c><c r="B8" cm="1"><f t="array" ref="B8">_xldudf_ROI_LTV(1000,0.8,A8,0.1)</f><v>8000</v></c></row>' +
      '<row r="9"><c r="B9" cm="1"><f t="array" ref="B9">_xldudf_ROI_PAYBACK(20000,1000,80%)</f><v>25</v></c></row>' +
      '<row r="10"><c r="A10"><v>25</v></c><c r="B10" t="e" cm="1"><f t="array" ref="B10">_xldudf_ROI_REQUIREDOPPS(B1,B2,A10)</f><v>#NUM!</v></c></row>';
    const r = checkPackage(XlsxPackage.open(buildWorkbook({ sheets: [{ name: 'M', sheetData: data }] })));
    const codes = r.flags.map((f) => `${f.cell} ${f.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'M!B6 high-close-rate',
        'M!B7 constant-rate',
        'M!B8 zero-churn',
        'M!B8 constant-rate',
        'M!B9 no-churn',
        'M!B9 constant-rate',
        'M!B10 whole-number-rate',
      ]),
    );
    expect(codes).not.toContain('M!B7 high-close-rate');
    expect(r.disagreements).toBe(0);
  });
});
