/**
 * roi thaw reads a ledger row's cell XML rather than splicing it: whatever a row holds
 * (other elements, attributes, injected cells, a ref outside the grid), what is written is a
 * cell rebuilt from the parsed, allowed parts, or nothing and a warning.
 */
import { freezePackage, thawPackage } from '../../src/files/ledger';
import { XlsxPackage } from '../../src/xlsx/package';
import { scanSheet } from '../../src/xlsx/sheet';
import { buildWorkbook, modelSheetData, unzipText, withParts } from '../helpers/xlsx-fixtures';

jest.setTimeout(30000);

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A frozen model whose ledger row 2 (the cell B6) holds `xml` and names `ref`. */
function frozenWith(xml: string, ref = 'B6'): Uint8Array {
  const pkg = XlsxPackage.open(buildWorkbook({ sheets: [{ name: 'M', sheetData: modelSheetData() }] }));
  freezePackage(pkg);
  const frozen = pkg.toBytes();
  const ledger = unzipText(frozen)['xl/worksheets/sheet2.xml'];
  const row = /<row r="2">.*?<\/row>/.exec(ledger)![0];
  const cells = [...row.matchAll(/<c r="([A-F])2" t="inlineStr"><is><t[^>]*>(.*?)<\/t><\/is><\/c>/g)];
  const values = cells.map((m) => m[2]);
  values[1] = ref;
  values[5] = escape(xml);
  const rebuilt = `<row r="2">${values.map((v, i) => `<c r="${'ABCDEF'[i]}2" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`;
  return withParts(frozen, { 'xl/worksheets/sheet2.xml': ledger.replace(row, rebuilt) });
}

function thaw(bytes: Uint8Array) {
  const pkg = XlsxPackage.open(bytes);
  const report = thawPackage(pkg);
  const xml = unzipText(pkg.toBytes())['xl/worksheets/sheet1.xml'];
  const cells = scanSheet(xml, 's').rows.flatMap((r) => r.cells);
  return { report, xml, cells };
}

test('injected cells, elements and attributes are left out: the cell is rebuilt from its parts', () => {
  const evil =
    '<c r="B6" s="2" cm="1" evil="1" vm="9"><f t="array" ref="B6" aca="1" ca="1" dt2D="1">_xldudf_ROI_REQUIREDLEADS(B1,B2,B3:B5)</f><v>1200</v><is><t>x</t></is><extLst/></c>';
  const { report, cells, xml } = thaw(frozenWith(evil));
  expect(report.restored.map((r) => r.cell)).toEqual(['M!B6']);
  const b6 = cells.find((c) => c.ref === 'B6')!;
  expect(xml.slice(b6.start, b6.end)).toBe(
    '<c r="B6" s="2" cm="1"><f t="array" ref="B6">_xldudf_ROI_REQUIREDLEADS(B1,B2,B3:B5)</f><v>1200</v></c>',
  );
});

test('a row that holds more than one cell is not restored', () => {
  const two = '<c r="B6"><f t="array" ref="B6">_xldudf_ROI_CAC(1,2)</f><v>0.5</v></c><c r="C6"><v>666</v></c>';
  const { report, cells } = thaw(frozenWith(two));
  expect(report.restored).toEqual([]);
  expect(report.warnings.join('\n')).toMatch(/M!B6: the ledger's cell XML is not a recorded ROI formula; not restored/);
  expect(cells.some((c) => c.ref === 'C6')).toBe(false);
});

test("a ref outside Excel's grid is named in a warning, not an internal error", () => {
  const { report } = thaw(frozenWith('<c r="B6"><f>_xldudf_ROI_CAC(1,2)</f></c>', 'ZZZZ99999999'));
  expect(report.restored).toEqual([]);
  expect(report.warnings.join('\n')).toMatch(/M!ZZZZ99999999: the ledger names a cell outside Excel's grid/);
});

test('an array ref that leaves the grid or does not start at the cell becomes the cell alone', () => {
  const far = '<c r="B6"><f t="array" ref="A1:XFE9">_xldudf_ROI_REQUIREDLEADS(B1,B2,B3:B5)</f><v>1200</v></c>';
  const { cells, xml } = thaw(frozenWith(far));
  const b6 = cells.find((c) => c.ref === 'B6')!;
  expect(xml.slice(b6.start, b6.end)).toContain('<f t="array" ref="B6">');
});

test('a cell XML that is not XML, or calls no ROI function, is not restored', () => {
  for (const bad of ['<c r="B6"><f>SUM(1)</f></c>', '<c r="B6"><f>_xldudf_ROI_CAC(1,2)', 'hello']) {
    const { report } = thaw(frozenWith(bad));
    expect(report.restored).toEqual([]);
  }
});
