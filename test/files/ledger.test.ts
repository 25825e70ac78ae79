import { unzipSync } from 'fflate';
import { freezePackage, LEDGER_NAME, thawPackage } from '../../src/files/ledger';
import { XlsxPackage } from '../../src/xlsx/package';
import { recalcPackage } from '../../src/files/recalc';
import { scanSheet } from '../../src/xlsx/sheet';
import { buildWorkbook, modelSheetData, readFixture, unzipText, withParts } from '../helpers/xlsx-fixtures';

// The engine's first evaluation in a worker warms HyperFormula up; a loaded CI machine needs headroom.
jest.setTimeout(30000);

function roiCells(sheetXml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of scanSheet(sheetXml, 's').rows.flatMap((r) => r.cells))
    if (c.f && /ROI/i.test(c.f.text)) out[c.ref] = sheetXml.slice(c.start, c.end);
  return out;
}

function cellXml(sheetXml: string, ref: string): string | undefined {
  const c = scanSheet(sheetXml, 's')
    .rows.flatMap((r) => r.cells)
    .find((x) => x.ref === ref);
  return c ? sheetXml.slice(c.start, c.end) : undefined;
}

function run(bytes: Uint8Array, op: (p: XlsxPackage) => unknown): Uint8Array {
  const pkg = XlsxPackage.open(bytes);
  op(pkg);
  return pkg.toBytes();
}

const SPILL =
  '<row r="10"><c r="B10" s="2" cm="1"><f t="array" ref="B10:B13">_xldudf_ROI_FUNNEL(B1,B2,B3:B5)</f><v>1200</v></c></row><row r="11"><c r="B11"><v>600</v></c></row><row r="12"><c r="B12"><v>240</v></c></row><row r="13"><c r="B13"><v>60</v></c></row>';
const METRIC =
  '<row r="14"><c r="B14" t="str" cm="1"><f t="array" ref="B14">_xldudf_ROI_METRICKIND("NPS")</f><v>outcome</v></c></row>';

function book(extra = '') {
  return buildWorkbook({
    sheets: [
      { name: 'Model', sheetData: modelSheetData() + SPILL + METRIC + extra, chart: true, dimension: 'A1:B14' },
      { name: 'Notes', sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>notes</t></is></c></row>' },
    ],
    calcChain: '<c r="B6" i="1" l="1"/><c r="B10" a="1"/><c r="B14" a="1"/><c r="C1" i="1"/>',
    definedNames:
      '<definedName name="Target">Model!$B$1</definedName><definedName name="_xlnm.Print_Area" localSheetId="1">Notes!$A$1:$B$2</definedName>',
  });
}

describe('roi freeze', () => {
  test('replaces each ROI formula by its value, keeping the style; spilled values stay', () => {
    const frozen = run(book(), (p) => freezePackage(p));
    const xml = unzipText(frozen)['xl/worksheets/sheet1.xml'];
    expect(Object.keys(roiCells(xml))).toEqual([]);
    expect(cellXml(xml, 'B6')).toBe('<c r="B6" s="2"><v>1200</v></c>');
    expect(cellXml(xml, 'B10')).toBe('<c r="B10" s="2"><v>1200</v></c>');
    expect(cellXml(xml, 'B11')).toBe('<c r="B11"><v>600</v></c>');
    expect(cellXml(xml, 'B14')).toBe('<c r="B14" t="inlineStr"><is><t>outcome</t></is></c>');
  });

  test('records the formulas in a very hidden ledger sheet, added to the package properly', () => {
    const frozen = run(book(), (p) => freezePackage(p));
    const files = unzipText(frozen);
    expect(files['xl/workbook.xml']).toMatch(
      new RegExp(`<sheet name="${LEDGER_NAME}" sheetId="3" state="veryHidden" r:id="(rId\\d+)"/></sheets>`),
    );
    const rid = new RegExp(`<sheet name="${LEDGER_NAME}" sheetId="3" state="veryHidden" r:id="(rId\\d+)"/>`).exec(
      files['xl/workbook.xml'],
    )![1];
    expect(files['xl/_rels/workbook.xml.rels']).toContain(
      `<Relationship Id="${rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/>`,
    );
    expect(files['[Content_Types].xml']).toContain(
      '<Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
    );
    const ledger = files['xl/worksheets/sheet3.xml'];
    expect(ledger).toContain('=ROI.FUNNEL(B1,B2,B3:B5)');
    expect(ledger).toContain('B10:B13');
    // defined names, styles, chart parts unchanged
    const before = unzipSync(book());
    const after = unzipSync(frozen);
    for (const k of [
      'xl/styles.xml',
      'xl/charts/chart1.xml',
      'xl/drawings/drawing1.xml',
      'xl/metadata.xml',
      'xl/webextensions/webextension1.xml',
      'xl/worksheets/sheet2.xml',
    ])
      expect(Buffer.from(after[k]).equals(Buffer.from(before[k]))).toBe(true);
    expect(files['xl/workbook.xml']).toContain(
      '<definedName name="_xlnm.Print_Area" localSheetId="1">Notes!$A$1:$B$2</definedName>',
    );
  });

  test('frozen cells leave the calc chain; the others stay, with their sheet written out', () => {
    const files = unzipText(run(book(), (p) => freezePackage(p)));
    expect(files['xl/calcChain.xml']).toContain(
      '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="C1" i="1" l="1"/></calcChain>',
    );
  });

  test('freezing fixes stale values first: the ledger and the cells hold fresh numbers', () => {
    const files = unzipText(
      run(buildWorkbook({ sheets: [{ name: 'M', sheetData: modelSheetData({ cachedLeads: 7 }) }] }), (p) =>
        freezePackage(p),
      ),
    );
    expect(cellXml(files['xl/worksheets/sheet1.xml'], 'B6')).toBe('<c r="B6" s="2"><v>1200</v></c>');
  });

  test('the Excel-saved fixture: CONTOSO formulas are not ours and stay formulas', () => {
    const fixture = unzipText(readFixture());
    const withRoi = fixture['xl/worksheets/sheet3.xml'].replace(
      '</row></sheetData>',
      '</row><row r="2"><c r="A2" cm="1"><f t="array" ref="A2">_xldudf_ROI_CAC(A1*1000,3)</f><v>1000</v></c></row></sheetData>',
    );
    const bytes = withParts(readFixture(), { 'xl/worksheets/sheet3.xml': withRoi });
    const files = unzipText(run(bytes, (p) => freezePackage(p)));
    const xml = files['xl/worksheets/sheet3.xml'];
    expect(cellXml(xml, 'A1')).toBe('<c r="A1" cm="1"><f t="array" ref="A1">_xldudf_CONTOSO_ADD(1,2)</f><v>3</v></c>');
    expect(cellXml(xml, 'A2')).toBe('<c r="A2"><v>1000</v></c>');
    expect(files['xl/calcChain.xml']).toBe(fixture['xl/calcChain.xml']);
  });
});

describe('roi thaw', () => {
  test('thaw(freeze(x)) gives back every ROI cell of x exactly, and removes the ledger', () => {
    const x = book(
      '<row r="15"><c r="B15" t="e" cm="1"><f t="array" ref="B15">_xldudf_ROI_CAC(1,0)</f><v>#DIV/0!</v></c></row>',
    );
    const frozen = run(x, (p) => freezePackage(p));
    const thawed = run(frozen, (p) => thawPackage(p));
    const a = unzipText(x);
    const b = unzipText(thawed);
    expect(roiCells(b['xl/worksheets/sheet1.xml'])).toEqual(roiCells(a['xl/worksheets/sheet1.xml']));
    expect(Object.keys(roiCells(a['xl/worksheets/sheet1.xml']))).toEqual(['B6', 'B10', 'B14', 'B15']);
    expect(b['xl/worksheets/sheet1.xml']).toBe(a['xl/worksheets/sheet1.xml']);
    expect(b['xl/workbook.xml']).toBe(a['xl/workbook.xml']);
    expect(b['xl/_rels/workbook.xml.rels']).toBe(a['xl/_rels/workbook.xml.rels']);
    expect(b['[Content_Types].xml']).toBe(a['[Content_Types].xml']);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    // the chain lists the restored formulas again
    for (const r of ['B6', 'B10', 'B14', 'B15']) expect(b['xl/calcChain.xml']).toMatch(new RegExp(`<c r="${r}" i="1"`));
  });

  test('thaw restores stuck cells in their repaired, resolved spelling (what freeze recorded)', () => {
    const stuck =
      '<row r="7"><c r="B7" t="e" cm="1"><f t="array" aca="1" ref="B7" ca="1">ROI.REQUIREDLEADS(B1,B2,B3:B5)</f><v>#NAME?</v></c></row>';
    const x = buildWorkbook({ sheets: [{ name: 'M', sheetData: modelSheetData() + stuck, protected: true }] });
    const thawed = unzipText(
      run(
        run(x, (p) => freezePackage(p)),
        (p) => thawPackage(p),
      ),
    );
    const repaired = XlsxPackage.open(x);
    recalcPackage(repaired, { write: true });
    expect(roiCells(thawed['xl/worksheets/sheet1.xml'])).toEqual(
      roiCells(unzipText(repaired.toBytes())['xl/worksheets/sheet1.xml']),
    );
    expect(scanSheet(thawed['xl/worksheets/sheet1.xml'], 's').protection).toMatch(
      /^<sheetProtection algorithmName="SHA-512"/,
    );
  });

  test('a value changed after freezing is reported, and the formula restored anyway', () => {
    const frozen = unzipText(
      run(buildWorkbook({ sheets: [{ name: 'M', sheetData: modelSheetData() }] }), (p) => freezePackage(p)),
    );
    const edited = frozen['xl/worksheets/sheet1.xml'].replace(
      '<c r="B6" s="2"><v>1200</v></c>',
      '<c r="B6" s="2"><v>900</v></c>',
    );
    const repacked = withParts(
      run(buildWorkbook({ sheets: [{ name: 'M', sheetData: modelSheetData() }] }), (p) => freezePackage(p)),
      { 'xl/worksheets/sheet1.xml': edited },
    );
    const pkg = XlsxPackage.open(repacked);
    const report = thawPackage(pkg);
    expect(report.restored.map((r) => r.cell)).toEqual(['M!B6']);
    expect(report.warnings.join('\n')).toMatch(/B6: the frozen value 1200 was changed to 900/);
  });

  test('a workbook that was never frozen has nothing to thaw', () => {
    const pkg = XlsxPackage.open(buildWorkbook({ sheets: [{ name: 'M', sheetData: modelSheetData() }] }));
    expect(() => thawPackage(pkg)).toThrow(/no ROI_Ledger sheet/);
  });

  test('freezing twice keeps one ledger with every formula', () => {
    const once = run(book(), (p) => freezePackage(p));
    const files = unzipText(once);
    const more = files['xl/worksheets/sheet2.xml'].replace(
      '</row></sheetData>',
      '</row><row r="2"><c r="A2" cm="1"><f t="array" ref="A2">_xldudf_ROI_CAC(100,4)</f><v>25</v></c></row></sheetData>',
    );
    const twice = run(withParts(once, { 'xl/worksheets/sheet2.xml': more }), (p) => freezePackage(p));
    const t = unzipText(twice);
    expect((t['xl/workbook.xml'].match(/ROI_Ledger/g) ?? []).length).toBe(1);
    const back = unzipText(run(twice, (p) => thawPackage(p)));
    expect(Object.keys(roiCells(back['xl/worksheets/sheet1.xml']))).toEqual(['B6', 'B10', 'B14']);
    expect(Object.keys(roiCells(back['xl/worksheets/sheet2.xml']))).toEqual(['A2']);
  });
});
