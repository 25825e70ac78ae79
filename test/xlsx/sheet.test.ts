import { strToU8 } from 'fflate';
import { XlsxPackage } from '../../src/xlsx/package';
import {
  DEFAULT_METADATA_XML,
  ensureDynamicArrayCm,
  findDynamicArrayCm,
  removeFromCalcChain,
} from '../../src/xlsx/parts';
import { key, rebuildSheet, scanSheet } from '../../src/xlsx/sheet';
import { buildWorkbook, METADATA_XML, readFixture, unzipText, withParts } from '../helpers/xlsx-fixtures';
import { formulaCellXml, valueCellXml } from '../../src/formula/cell-xml';

// The engine's first evaluation in a worker warms HyperFormula up; a loaded CI machine needs headroom.
jest.setTimeout(30000);

const SHEET = (data: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData>${data}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;

describe('sheet scanner', () => {
  test('finds cells, formulas and values with exact offsets (the fixture)', () => {
    const xml = unzipText(readFixture())['xl/worksheets/sheet1.xml'];
    const scan = scanSheet(xml, 'sheet1');
    const cells = scan.rows.flatMap((r) => r.cells);
    expect(cells.map((c) => c.ref)).toEqual(['A1', 'B1']);
    expect(xml.slice(cells[0].start, cells[0].end)).toBe(
      '<c r="A1" t="e" cm="1"><f t="array" aca="1" ref="A1" ca="1">CONTOSO.ADD(1,2)</f><v>#NAME?</v></c>',
    );
    expect(cells[1].f?.text).toBe('CONTOSO.GET("test")');
    expect(cells[1].v).toBe('#NAME?');
    expect(scan.protection).toMatch(/^<sheetProtection algorithmName="SHA-512"/);
  });

  test('a rebuild with no edits returns the very same string', () => {
    const xml = SHEET('<row r="1"><c r="A1"><v>1</v></c></row>');
    expect(rebuildSheet(xml, scanSheet(xml, 's'), new Map())).toBe(xml);
  });

  test('inserts cells in column order and new rows in row order, growing spans and the dimension', () => {
    const xml = SHEET(
      '<row r="1" spans="1:2"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row><row r="4"><c r="A4"><v>4</v></c></row>',
    );
    const scan = scanSheet(xml, 's');
    const edits = new Map([
      [key(1, 2), { row: 1, col: 2, xml: '<c r="B1"><v>2</v></c>' }],
      [key(1, 5), { row: 1, col: 5, xml: '<c r="E1"><v>5</v></c>' }],
      [key(2, 1), { row: 2, col: 1, xml: '<c r="A2"><v>6</v></c>' }],
      [key(9, 1), { row: 9, col: 1, xml: '<c r="A9"><v>9</v></c>' }],
      [key(4, 1), { row: 4, col: 1, remove: true as const }],
    ]);
    const out = rebuildSheet(xml, scan, edits, 'A1:E9');
    expect(out).toContain(
      '<row r="1" spans="1:5"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c><c r="E1"><v>5</v></c></row><row r="2"><c r="A2"><v>6</v></c></row><row r="4"></row><row r="9"><c r="A9"><v>9</v></c></row></sheetData>',
    );
    expect(out).toContain('<dimension ref="A1:E9"/>');
    expect(scanSheet(out, 's').rows.map((r) => r.r)).toEqual([1, 2, 4, 9]);
  });

  test('cell XML as Excel writes it, escaped, keeping the style', () => {
    const xml = SHEET(
      '<row r="7"><c r="B7" s="3" t="e" cm="1"><f t="array" aca="1" ref="B7" ca="1">ROI.CAC(A1,A2)</f><v>#NAME?</v></c></row>',
    );
    const cell = scanSheet(xml, 's').rows[0].cells[0];
    expect(formulaCellXml('', 'B7', cell, '_xldudf_ROI_CAC(A1,"<&>")', 'B7', 40000, '1')).toBe(
      '<c r="B7" s="3" cm="1"><f t="array" ref="B7">_xldudf_ROI_CAC(A1,"&lt;&amp;&gt;")</f><v>40000</v></c>',
    );
    expect(valueCellXml('', 'B7', cell, 'text')).toBe('<c r="B7" s="3" t="inlineStr"><is><t>text</t></is></c>');
    expect(valueCellXml('', 'B7', cell, { error: '#NUM!' })).toBe('<c r="B7" s="3" t="e"><v>#NUM!</v></c>');
  });
});

describe('dynamic-array metadata', () => {
  test("reuses the XLDAPR entry of Excel's metadata.xml", () => {
    expect(findDynamicArrayCm(METADATA_XML)).toBe('1');
    const pkg = XlsxPackage.open(buildWorkbook({ sheets: [{ name: 'S', sheetData: '' }] }));
    expect(ensureDynamicArrayCm(pkg)).toBe('1');
    expect(pkg.changed('xl/metadata.xml')).toBe(false);
  });

  test('creates metadata.xml with its relationship and content type when the file has none', () => {
    const pkg = XlsxPackage.open(buildWorkbook({ sheets: [{ name: 'S', sheetData: '' }], metadata: false }));
    expect(ensureDynamicArrayCm(pkg)).toBe('1');
    const files = unzipText(pkg.toBytes());
    expect(files['xl/metadata.xml']).toBe(DEFAULT_METADATA_XML);
    expect(files['xl/_rels/workbook.xml.rels']).toMatch(/relationships\/sheetMetadata" Target="metadata.xml"/);
    expect(files['[Content_Types].xml']).toContain(
      '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/>',
    );
  });

  test('adds an XLDAPR entry after existing rich-value metadata', () => {
    const other =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xlrd="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"><metadataTypes count="1"><metadataType name="XLRICHVALUE" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1"/></metadataTypes><futureMetadata name="XLRICHVALUE" count="1"><bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}"><xlrd:rvb i="0"/></ext></extLst></bk></futureMetadata><valueMetadata count="1"><bk><rc t="1" v="0"/></bk></valueMetadata></metadata>';
    const base = buildWorkbook({ sheets: [{ name: 'S', sheetData: '' }] });
    const pkg = XlsxPackage.open(withParts(base, { 'xl/metadata.xml': other }));
    expect(ensureDynamicArrayCm(pkg)).toBe('1');
    const xml = pkg.text('xl/metadata.xml');
    expect(xml).toContain('<metadataTypes count="2">');
    expect(xml).toContain('<futureMetadata name="XLDAPR" count="1">');
    expect(xml).toContain('<cellMetadata count="1"><bk><rc t="2" v="0"/></bk></cellMetadata><valueMetadata');
    expect(findDynamicArrayCm(xml)).toBe('1');
    expect(xml).toContain('<xlrd:rvb i="0"/>');
  });
});

describe('calc chain', () => {
  test('removing entries writes out the sheet index the next entry inherited', () => {
    const pkg = XlsxPackage.open(readFixture());
    // the fixture's chain: B1 i=3 l=1 a=1, B1 i=3 s=1, A1 i=3 a=1, ...
    const n = removeFromCalcChain(pkg, [{ sheetId: 3, ref: 'B1' }]);
    expect(n).toBe(2);
    const xml = pkg.text('xl/calcChain.xml');
    expect(xml).toContain(
      '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="A1" i="3" a="1" l="1"/><c r="A1" i="3" s="1"/><c r="B1" i="2" a="1"/>',
    );
  });

  test('an entry without i after a removed one gets it written', () => {
    const base = buildWorkbook({
      sheets: [
        { name: 'S', sheetData: '' },
        { name: 'T', sheetData: '' },
      ],
      calcChain: '<c r="A1" i="2"/><c r="A2"/><c r="A3"/>',
    });
    const pkg = XlsxPackage.open(base);
    removeFromCalcChain(pkg, [{ sheetId: 2, ref: 'A1' }]);
    expect(pkg.text('xl/calcChain.xml')).toContain(
      '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c i="2" r="A2"/><c r="A3"/></calcChain>',
    );
  });

  test('removing every entry drops the part, its relationship and its content type', () => {
    const pkg = XlsxPackage.open(
      buildWorkbook({ sheets: [{ name: 'S', sheetData: '' }], calcChain: '<c r="A1" i="1"/>' }),
    );
    removeFromCalcChain(pkg, [{ sheetId: 1, ref: 'A1' }]);
    const files = unzipText(pkg.toBytes());
    expect(files['xl/calcChain.xml']).toBeUndefined();
    expect(files['xl/_rels/workbook.xml.rels']).not.toContain('calcChain');
    expect(files['[Content_Types].xml']).not.toContain('calcChain');
    expect(strToU8(files['xl/workbook.xml']).length).toBeGreaterThan(0);
  });
});
