import { XlsxPackage } from '../../src/xlsx/package';
import { recalcPackage } from '../../src/files/recalc';
import { scanSheet } from '../../src/xlsx/sheet';
import { buildWorkbook, unzipText } from '../helpers/xlsx-fixtures';

/** 50,000 ROI formulas, all stale: the whole sheet is rebuilt in one pass, without running out of memory. */
test('recalc of a workbook with 50,000 ROI formulas completes', () => {
  const N = 50000;
  const rows: string[] = ['<row r="1"><c r="A1"><v>0.5</v></c><c r="B1"><v>0.4</v></c><c r="C1"><v>0.25</v></c></row>'];
  for (let i = 2; i <= N + 1; i++)
    rows.push(
      `<row r="${i}"><c r="A${i}"><v>${1000 * i}</v></c><c r="B${i}" cm="1"><f t="array" ref="B${i}">_xldudf_ROI_REQUIREDLEADS(A${i},500,$A$1:$C$1)</f><v>1</v></c></row>`,
    );
  const pkg = XlsxPackage.open(
    buildWorkbook({ sheets: [{ name: 'Big', sheetData: rows.join(''), dimension: `A1:C${N + 1}` }] }),
  );
  const { report } = recalcPackage(pkg, { write: true });
  expect(report.roiFormulas).toBe(N);
  expect(report.stale).toHaveLength(N);
  const xml = unzipText(pkg.toBytes())['xl/worksheets/sheet1.xml'];
  const cells = scanSheet(xml, 'big').rows.flatMap((r) => r.cells);
  expect(cells).toHaveLength(3 + 2 * N);
  // row 50001: 50,001,000 / 500 = 100,002 deals; / 0.05 = 2,000,040 leads
  expect(xml).toContain(
    `<c r="B${N + 1}" cm="1"><f t="array" ref="B${N + 1}">_xldudf_ROI_REQUIREDLEADS(A${N + 1},500,$A$1:$C$1)</f><v>2000040</v></c>`,
  );
}, 180000);
