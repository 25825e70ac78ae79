/**
 * The workbook-level parts kept consistent with the cells (src/xlsx/parts.ts): the
 * dynamic-array metadata `cm` points to, and the calc chain.
 */
import { strToU8 } from 'fflate';
import { XlsxPackage } from '../../src/xlsx/package';
import {
  DEFAULT_METADATA_XML,
  ensureDynamicArrayCm,
  findDynamicArrayCm,
  removeFromCalcChain,
} from '../../src/xlsx/parts';
import { buildWorkbook, METADATA_XML, readFixture, unzipText, withParts } from '../helpers/xlsx-fixtures';

// The engine's first evaluation in a worker warms HyperFormula up; a loaded CI machine needs headroom.
jest.setTimeout(30000);

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
