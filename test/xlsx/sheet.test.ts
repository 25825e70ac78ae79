/**
 * The worksheet scanner and rebuilder (src/xlsx/sheet.ts): cells and their exact source
 * offsets, and a rebuild that changes only the cells it is given.
 */
import { cachedValue, key, rebuildSheet, scanSheet } from '../../src/xlsx/sheet';
import { XlsxPackage } from '../../src/xlsx/package';
import { cellAt, loadWorkbook } from '../../src/xlsx/workbook';
import { buildWorkbook, readFixture, unzipText } from '../helpers/xlsx-fixtures';
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

test('inline strings decode _xHHHH_ as shared strings and formula text values do (one decoder)', () => {
  const sheet =
    '<row r="1"><c r="A1" t="inlineStr"><is><t>a_x0041_b_x005F_x0042_</t></is></c><c r="B1" t="s"><v>0</v></c>' +
    '<c r="C1" t="str"><f>"x"</f><v>c_x0043_</v></c></row>';
  const wb = loadWorkbook(
    XlsxPackage.open(buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: sheet }], sharedStrings: ['s_x0041_'] })),
  );
  const at = (col: number) => cachedValue(cellAt(wb.sheets[0], 1, col)!, wb.shared);
  expect([at(1), at(2), at(3)]).toEqual(['aAb_x0042_', 'sA', 'cC']);
});
