/**
 * roi recalc on workbooks as Excel writes them (src/files/recalc.ts): stale, stuck and
 * damaged ROI cells, spills, shared formulas, and only the changed cells rewritten.
 */
import { unzipSync } from 'fflate';
import { XlsxPackage } from '../../src/xlsx/package';
import { recalcPackage } from '../../src/files/recalc';
import { scanSheet } from '../../src/xlsx/sheet';
import { buildWorkbook, modelSheetData, readFixture, unzipText, withParts } from '../helpers/xlsx-fixtures';

// The engine's first evaluation in a worker warms HyperFormula up; a loaded CI machine needs headroom.
jest.setTimeout(30000);

function recalc(bytes: Uint8Array) {
  const pkg = XlsxPackage.open(bytes);
  const { report } = recalcPackage(pkg, { write: true });
  const out = pkg.toBytes();
  return { report, out, files: unzipText(out), raw: unzipSync(out) };
}

function cellXml(sheetXml: string, ref: string): string | undefined {
  const c = scanSheet(sheetXml, 's')
    .rows.flatMap((r) => r.cells)
    .find((x) => x.ref === ref);
  return c ? sheetXml.slice(c.start, c.end) : undefined;
}

const STUCK =
  '<row r="7"><c r="B7" t="e" cm="1"><f t="array" aca="1" ref="B7" ca="1">ROI.REQUIREDLEADS(B1,B2,B3:B5)</f><v>#NAME?</v></c></row>';
const DAMAGED =
  '<row r="8"><c r="B8" cm="1"><f t="array" ref="B8">[2]!_xldudf_ROI_REQUIREDDEALS(B1,B2)</f><v>60</v></c></row>';
const PLAIN = '<row r="9"><c r="B9"><f>ROI.REQUIREDDEALS(B1,B2)</f><v>60</v></c></row>';
const SPILL =
  '<row r="10"><c r="B10" cm="1"><f t="array" ref="B10:B13">_xldudf_ROI_FUNNEL(B1,B2,B3:B5)</f><v>1200</v></c></row><row r="11"><c r="B11"><v>600</v></c></row><row r="12"><c r="B12"><v>240</v></c></row><row r="13"><c r="B13"><v>60</v></c></row>';

describe('roi recalc on workbooks as Excel writes them', () => {
  test('a fresh, resolved workbook is left byte for byte as it was', () => {
    const bytes = buildWorkbook({ sheets: [{ name: 'Model', sheetData: modelSheetData() + SPILL }] });
    const { report, raw } = recalc(bytes);
    expect(report.stale).toEqual([]);
    expect(report.cellsChanged).toBe(0);
    const before = unzipSync(bytes);
    expect(Object.keys(raw)).toEqual(Object.keys(before));
    for (const k of Object.keys(before)) expect(Buffer.from(raw[k]).equals(Buffer.from(before[k]))).toBe(true);
  });

  test('all four spellings evaluate; stuck, damaged and plain ones are rewritten resolved', () => {
    const bytes = buildWorkbook({ sheets: [{ name: 'Model', sheetData: modelSheetData() + STUCK + DAMAGED + PLAIN }] });
    const { report, files } = recalc(bytes);
    expect(report.roiFormulas).toBe(4);
    expect(report.resolved.map((r) => r.cell)).toEqual(['Model!B7', 'Model!B8', 'Model!B9']);
    const xml = files['xl/worksheets/sheet1.xml'];
    expect(cellXml(xml, 'B7')).toBe(
      '<c r="B7" cm="1"><f t="array" ref="B7">_xldudf_ROI_REQUIREDLEADS(B1,B2,B3:B5)</f><v>1200</v></c>',
    );
    expect(cellXml(xml, 'B8')).toBe(
      '<c r="B8" cm="1"><f t="array" ref="B8">_xldudf_ROI_REQUIREDDEALS(B1,B2)</f><v>60</v></c>',
    );
    expect(cellXml(xml, 'B9')).toBe(
      '<c r="B9" cm="1"><f t="array" ref="B9">_xldudf_ROI_REQUIREDDEALS(B1,B2)</f><v>60</v></c>',
    );
    // the fresh resolved cell is untouched
    expect(cellXml(xml, 'B6')).toBe(
      '<c r="B6" s="2" cm="1"><f t="array" ref="B6">_xldudf_ROI_REQUIREDLEADS(B1,B2,B3:B5)</f><v>1200</v></c>',
    );
    expect(xml).not.toMatch(/aca=|ca="1"|\[2\]!/);
  });

  test('a stale cached value is reported old -> new and refreshed, with the Excel formulas that depend on it', () => {
    const data =
      modelSheetData({ cachedLeads: 999 }) +
      '<row r="20"><c r="C20"><f>B6*2</f><v>1998</v></c><c r="D20"><f>B1/1000</f><v>3000</v></c></row>';
    const { report, files } = recalc(buildWorkbook({ sheets: [{ name: 'Model', sheetData: data }] }));
    expect(report.stale.map((s) => [s.cell, s.old, s.new])).toEqual([
      ['Model!B6', '999', '1200'],
      ['Model!C20', '1998', '2400'],
    ]);
    const xml = files['xl/worksheets/sheet1.xml'];
    expect(cellXml(xml, 'C20')).toBe('<c r="C20"><f>B6*2</f><v>2400</v></c>');
    expect(cellXml(xml, 'D20')).toBe('<c r="D20"><f>B1/1000</f><v>3000</v></c>');
  });

  test('a spill that grows writes the new cells and the new ref; one that shrinks clears the old cells', () => {
    const grow =
      '<row r="10"><c r="B10" cm="1"><f t="array" ref="B10:B11">_xldudf_ROI_FUNNEL(B1,B2,B3:B5)</f><v>1200</v></c></row><row r="11"><c r="B11"><v>600</v></c></row>';
    const g = recalc(
      buildWorkbook({ sheets: [{ name: 'Model', sheetData: modelSheetData() + grow, dimension: 'A1:B11' }] }),
    );
    const gx = g.files['xl/worksheets/sheet1.xml'];
    expect(cellXml(gx, 'B10')).toContain('ref="B10:B13"');
    expect(cellXml(gx, 'B12')).toBe('<c r="B12"><v>240</v></c>');
    expect(cellXml(gx, 'B13')).toBe('<c r="B13"><v>60</v></c>');
    expect(gx).toContain('<dimension ref="A1:B13"/>');

    const shrink =
      '<row r="10"><c r="B10" cm="1"><f t="array" ref="B10:B14">_xldudf_ROI_FUNNEL(B1,B2,B3:B5)</f><v>1200</v></c></row><row r="11"><c r="B11"><v>600</v></c></row><row r="12"><c r="B12"><v>240</v></c></row><row r="13"><c r="B13"><v>60</v></c></row><row r="14"><c r="B14" s="2"><v>7</v></c></row>';
    const s = recalc(buildWorkbook({ sheets: [{ name: 'Model', sheetData: modelSheetData() + shrink }] }));
    const sx = s.files['xl/worksheets/sheet1.xml'];
    expect(cellXml(sx, 'B10')).toContain('ref="B10:B13"');
    expect(cellXml(sx, 'B14')).toBe('<c r="B14" s="2"/>');
  });

  test("a spill blocked by a user's value is #SPILL!, and the user's cell is not overwritten", () => {
    const blocked =
      '<row r="10"><c r="B10" cm="1"><f t="array" ref="B10">_xldudf_ROI_FUNNEL(B1,B2,B3:B5)</f><v>1200</v></c></row><row r="12"><c r="B12" t="inlineStr"><is><t>mine</t></is></c></row>';
    const { report, files } = recalc(
      buildWorkbook({ sheets: [{ name: 'Model', sheetData: modelSheetData() + blocked }] }),
    );
    expect(report.errors.map((e) => [e.cell, e.error])).toEqual([['Model!B10', '#SPILL!']]);
    const xml = files['xl/worksheets/sheet1.xml'];
    expect(cellXml(xml, 'B12')).toBe('<c r="B12" t="inlineStr"><is><t>mine</t></is></c>');
    expect(cellXml(xml, 'B10')).toBe(
      '<c r="B10" t="e" cm="1"><f t="array" ref="B10">_xldudf_ROI_FUNNEL(B1,B2,B3:B5)</f><v>#SPILL!</v></c>',
    );
  });

  test('errors are reported with the reason, and written as error values', () => {
    const bad =
      '<row r="7"><c r="B7" cm="1"><f t="array" ref="B7">_xldudf_ROI_REQUIREDLEADS(B1,B2,{0.5,25})</f><v>1</v></c></row>';
    const { report, files } = recalc(buildWorkbook({ sheets: [{ name: 'Model', sheetData: modelSheetData() + bad }] }));
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0].error).toBe('#NUM!');
    expect(report.errors[0].message).toMatch(/25%|0\.25/);
    expect(cellXml(files['xl/worksheets/sheet1.xml'], 'B7')).toContain('t="e"');
  });

  test('cross-sheet references, defined names and shared formulas', () => {
    const inputs =
      '<row r="1"><c r="A1"><v>3000000</v></c><c r="B1"><v>50000</v></c></row><row r="2"><c r="A2"><v>0.5</v></c><c r="B2"><v>0.4</v></c><c r="C2"><v>0.25</v></c></row>' +
      '<row r="3"><c r="A3"><v>1</v></c><c r="B3"><f t="shared" ref="B3:B5" si="0">A3*2</f><v>2</v></c></row><row r="4"><c r="A4"><v>2</v></c><c r="B4"><f t="shared" si="0"/><v>4</v></c></row><row r="5"><c r="A5"><v>3</v></c><c r="B5"><f t="shared" si="0"/><v>0</v></c></row>';
    const model =
      '<row r="1"><c r="A1" cm="1"><f t="array" ref="A1">_xldudf_ROI_REQUIREDLEADS(\'Plan inputs\'!A1,\'Plan inputs\'!B1,Rates)</f><v>1</v></c><c r="B1"><f>\'Plan inputs\'!B5+1</f><v>7</v></c></row>';
    const bytes = buildWorkbook({
      sheets: [
        { name: 'Plan inputs', sheetData: inputs },
        { name: 'Model', sheetData: model },
      ],
      definedNames: '<definedName name="Rates">\'Plan inputs\'!$A$2:$C$2</definedName>',
    });
    const { report, files } = recalc(bytes);
    expect(report.stale.find((s) => s.cell === 'Model!A1')?.new).toBe('1200');
    // the shared formula's third cell is computed from the shifted master (A5*2 = 6), yet it does
    // not depend on an ROI cell: Excel's cached value stands and the difference is reported
    expect(report.engineDiffers.map((d) => [d.cell, d.excel, d.engine])).toEqual([["'Plan inputs'!B5", '0', '6']]);
    expect(cellXml(files['xl/worksheets/sheet1.xml'], 'B5')).toBe('<c r="B5"><f t="shared" si="0"/><v>0</v></c>');
    expect(files['xl/workbook.xml']).toContain('<definedName name="Rates">');
  });

  test("another add-in's formulas keep their cached values; ROI formulas around them still evaluate", () => {
    const data =
      '<row r="1"><c r="A1" cm="1"><f t="array" ref="A1">_xldudf_CONTOSO_ADD(1,2)</f><v>3</v></c><c r="B1" cm="1"><f t="array" ref="B1">_xldudf_ROI_CAC(A1*1000,3)</f><v>5</v></c><c r="C1" t="e" cm="1"><f t="array" aca="1" ref="C1" ca="1">CONTOSO.GET("x")</f><v>#NAME?</v></c></row>';
    const { report, files } = recalc(buildWorkbook({ sheets: [{ name: 'S', sheetData: data }] }));
    expect(report.stale.map((s) => [s.cell, s.new])).toEqual([['S!B1', '1000']]);
    expect(report.notEvaluated.map((n) => n.cell)).toEqual(['S!A1', 'S!C1']);
    const xml = files['xl/worksheets/sheet1.xml'];
    expect(cellXml(xml, 'A1')).toBe('<c r="A1" cm="1"><f t="array" ref="A1">_xldudf_CONTOSO_ADD(1,2)</f><v>3</v></c>');
    expect(cellXml(xml, 'C1')).toBe(
      '<c r="C1" t="e" cm="1"><f t="array" aca="1" ref="C1" ca="1">CONTOSO.GET("x")</f><v>#NAME?</v></c>',
    );
  });

  test('the Excel-saved fixture with ROI calls put into it: CONTOSO untouched, stuck ROI cells resolved on the protected sheet', () => {
    const fixture = unzipText(readFixture());
    const protectedXml = fixture['xl/worksheets/sheet1.xml'].replace(
      '</row></sheetData>',
      '</row><row r="2"><c r="A2"><v>3000000</v></c><c r="B2"><v>50000</v></c></row><row r="3"><c r="A3"><v>0.5</v></c><c r="B3"><v>0.4</v></c><c r="C3"><v>0.25</v></c></row><row r="4"><c r="A4" t="e" cm="1"><f t="array" aca="1" ref="A4" ca="1">ROI.REQUIREDLEADS(A2,B2,A3:C3)</f><v>#NAME?</v></c></row></sheetData>',
    );
    const bytes = withParts(readFixture(), { 'xl/worksheets/sheet1.xml': protectedXml });
    const { report, files, raw } = recalc(bytes);
    expect(report.resolved.map((r) => [r.cell, r.value])).toEqual([['Protected!A4', '1200']]);
    const xml = files['xl/worksheets/sheet1.xml'];
    expect(cellXml(xml, 'A4')).toBe(
      '<c r="A4" cm="1"><f t="array" ref="A4">_xldudf_ROI_REQUIREDLEADS(A2,B2,A3:C3)</f><v>1200</v></c>',
    );
    // CONTOSO cells, the protection and every other part: as they were
    const before = unzipText(bytes);
    expect(cellXml(xml, 'A1')).toBe(cellXml(before['xl/worksheets/sheet1.xml'], 'A1'));
    expect(cellXml(xml, 'B1')).toBe(cellXml(before['xl/worksheets/sheet1.xml'], 'B1'));
    expect(scanSheet(xml, 's').protection).toBe(scanSheet(before['xl/worksheets/sheet1.xml'], 's').protection);
    const beforeRaw = unzipSync(bytes);
    expect(Object.keys(raw)).toEqual(Object.keys(beforeRaw));
    for (const k of Object.keys(beforeRaw))
      if (k !== 'xl/worksheets/sheet1.xml') expect(Buffer.from(raw[k]).equals(Buffer.from(beforeRaw[k]))).toBe(true);
    expect(report.notEvaluated.filter((n) => /CONTOSO/.test(n.formula))).toHaveLength(6);
  });

  test('a chart, its drawing and the web extension survive byte for byte', () => {
    const bytes = buildWorkbook({
      sheets: [{ name: 'Model', sheetData: modelSheetData({ cachedLeads: 5 }) + STUCK, chart: true, protected: true }],
    });
    const { raw, files } = recalc(bytes);
    const before = unzipSync(bytes);
    for (const k of [
      'xl/charts/chart1.xml',
      'xl/drawings/drawing1.xml',
      'xl/drawings/_rels/drawing1.xml.rels',
      'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/webextensions/webextension1.xml',
      'xl/webextensions/taskpanes.xml',
      'xl/metadata.xml',
      'xl/styles.xml',
      '[Content_Types].xml',
    ]) {
      expect(Buffer.from(raw[k]).equals(Buffer.from(before[k]))).toBe(true);
    }
    expect(files['xl/worksheets/sheet1.xml']).toContain('<drawing r:id="rId1"/>');
    expect(files['xl/worksheets/sheet1.xml']).toContain('<sheetProtection algorithmName="SHA-512"');
  });

  test('without metadata.xml, recalc adds it (rel and content type) for the dynamic-array cells it writes', () => {
    const { files } = recalc(
      buildWorkbook({ sheets: [{ name: 'Model', sheetData: modelSheetData() + PLAIN }], metadata: false }),
    );
    expect(files['xl/metadata.xml']).toContain('name="XLDAPR"');
    expect(files['[Content_Types].xml']).toContain('/xl/metadata.xml');
    expect(cellXml(files['xl/worksheets/sheet1.xml'], 'B9')).toContain('cm="1"');
  });

  test('a formula the engine cannot evaluate keeps its cached value', () => {
    const data =
      modelSheetData() +
      '<row r="7"><c r="B7" cm="1"><f t="array" ref="B7">_xldudf_ROI_REQUIREDLEADS(B1,B2,Table1[Rates])</f><v>1234</v></c></row><row r="8"><c r="B8"><f>_xlfn.NOSUCHFUNCTION(B7)</f><v>42</v></c></row>';
    const { report, files } = recalc(buildWorkbook({ sheets: [{ name: 'Model', sheetData: data }] }));
    expect(report.notEvaluated.map((n) => n.cell)).toEqual(['Model!B7', 'Model!B8']);
    expect(cellXml(files['xl/worksheets/sheet1.xml'], 'B7')).toContain('<v>1234</v>');
    expect(cellXml(files['xl/worksheets/sheet1.xml'], 'B8')).toBe(
      '<c r="B8"><f>_xlfn.NOSUCHFUNCTION(B7)</f><v>42</v></c>',
    );
  });

  test('a worksheet written with a namespace prefix (x:) is edited in the same prefix', () => {
    const sheet =
      '<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>100</x:v></x:c><x:c r="B1"><x:f>ROI.CAC(A1,4)</x:f><x:v>0</x:v></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>NPS</x:t></x:is></x:c><x:c r="B2"><x:f>ROI.METRICKIND(A2)</x:f></x:c></x:row></x:sheetData></x:worksheet>';
    const { report, files } = recalc(
      withParts(buildWorkbook({ sheets: [{ name: 'S', sheetData: '' }] }), { 'xl/worksheets/sheet1.xml': sheet }),
    );
    expect(report.resolved.map((r) => [r.cell, r.value])).toEqual([
      ['S!B1', '25'],
      ['S!B2', '"outcome"'],
    ]);
    expect(files['xl/worksheets/sheet1.xml']).toContain(
      '<x:c r="B1" cm="1"><x:f t="array" ref="B1">_xldudf_ROI_CAC(A1,4)</x:f><x:v>25</x:v></x:c>',
    );
    expect(files['xl/worksheets/sheet1.xml']).toContain(
      '<x:c r="B2" t="str" cm="1"><x:f t="array" ref="B2">_xldudf_ROI_METRICKIND(A2)</x:f><x:v>outcome</x:v></x:c>',
    );
  });

  test('shared strings are read as inputs', () => {
    const data =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" cm="1"><f t="array" ref="B1">_xldudf_ROI_METRICKIND(A1)</f><v>0</v></c></row>';
    const { report } = recalc(
      buildWorkbook({ sheets: [{ name: 'S', sheetData: data }], sharedStrings: ['Customers won'] }),
    );
    expect(report.stale[0].new).toBe('"outcome"');
  });
});
