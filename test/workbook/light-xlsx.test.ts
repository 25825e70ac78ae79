/**
 * The task pane's light reader of another version (src/workbook/light-xlsx.ts): it reads
 * what the package reader reads (a model file cell for cell, Excel's own file), says which
 * saved values cannot be trusted, and refuses hostile or huge files with one line, within
 * its limits, without inflating more than they allow.
 */
import { deflateSync, strToU8, unzipSync, zipSync } from 'fflate';
import { bookOfPackage } from '../../src/files/diff';
import { cellKey, type Book } from '../../src/formula/diff';
import { FileReadError, LIGHT_LIMITS, readVersionFile, type LightLimits } from '../../src/workbook/light-xlsx';
import { XlsxPackage } from '../../src/xlsx/package';
import { modelFile } from '../helpers/model-files';
import { buildWorkbook, modelSheetData, readFixture, withParts } from '../helpers/xlsx-fixtures';

jest.setTimeout(60000);

/** A book as plain data, for comparing two readers. */
function plain(b: Book) {
  return {
    sheets: b.sheets.map((s) => ({
      name: s.name,
      // A formula showing "" is saved without a value by some writers: blank either way.
      cells: [...s.cells]
        .sort((x, y) => x[0] - y[0])
        .map(([k, c]) => [k, c.formula ?? null, c.value === '' ? null : c.value, c.numberFormat]),
      spills: [...s.spills].sort((x, y) => x[0] - y[0]),
    })),
    names: [...b.names].sort((x, y) => x.name.localeCompare(y.name)),
  };
}

const sheet = (sheetData: string, extra: Partial<Parameters<typeof buildWorkbook>[0]> = {}) =>
  buildWorkbook({ sheets: [{ name: 'S', sheetData }], ...extra });

const refused = (bytes: Uint8Array, limits?: Partial<LightLimits>) => {
  try {
    readVersionFile(bytes, { ...LIGHT_LIMITS, ...limits });
  } catch (e) {
    if (e instanceof FileReadError) return { reason: e.reason, message: e.message };
    throw e;
  }
  throw new Error('the file was read');
};

describe('readVersionFile reads what the package reader reads', () => {
  test('a model file, cell for cell: formulas, saved values, number formats, spills, sheet-scoped names', async () => {
    const bytes = await modelFile();
    const light = readVersionFile(bytes);
    expect(light.calcOnLoad).toBe(false);
    // The file's values are fresh, so the package reader's recalculation changes none of them.
    expect(plain(light.book)).toEqual(plain(bookOfPackage(XlsxPackage.open(bytes))));
    expect(light.book.names.find((n) => n.name === 'ROI_CloseRate')).toEqual({
      name: 'ROI_CloseRate',
      scope: 'ROI Model',
      refersTo: "'ROI Model'!$B$35",
    });
    expect([...light.book.sheets[0].cells.values()].some((c) => c.stale)).toBe(false);
  });

  test("Excel's own file: three sheets, other add-ins' formulas and their saved values", () => {
    const { book } = readVersionFile(readFixture());
    expect(book.sheets.map((s) => s.name)).toEqual(['Protected', 'Unprotected', 'Correct']);
    expect(book.sheets[2].cells.get(cellKey(0, 0))).toEqual({ formula: '_xldudf_CONTOSO_ADD(1,2)', value: 3 });
    expect(book.sheets[0].cells.get(cellKey(0, 0))).toEqual({
      formula: 'CONTOSO.ADD(1,2)',
      value: { error: '#NAME?' },
    });
  });

  test('shared formulas are expanded; inline, shared and rich strings, booleans and errors read as Excel saved them', () => {
    const bytes = sheet(
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c></row>' +
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c><c r="C2" t="b"><v>1</v></c></row>' +
        '<row r="3"><c r="A3" t="inlineStr"><is><t>in</t><rPh><t>x</t></rPh></is></c><c r="B3"><f t="shared" si="0"/><v>0</v></c><c r="C3" t="e"><v>#DIV/0!</v></c><c r="D3" t="s"><v>0</v></c></row>',
      { sharedStrings: ['Close rate'] },
    );
    const cells = readVersionFile(bytes).book.sheets[0].cells;
    expect(cells.get(cellKey(1, 1))).toEqual({ formula: 'A2*2', value: 4 });
    expect(cells.get(cellKey(2, 1))).toEqual({ formula: 'A3*2', value: 0 });
    expect(cells.get(cellKey(2, 0))).toEqual({ value: 'in' });
    expect(cells.get(cellKey(1, 2))).toEqual({ value: true });
    expect(cells.get(cellKey(2, 2))).toEqual({ value: { error: '#DIV/0!' } });
    expect(cells.get(cellKey(2, 3))).toEqual({ value: 'Close rate', numberFormat: undefined });
  });
});

describe('saved values that cannot be trusted say why', () => {
  test('an ROI cell stuck at #NAME?, a formula without a saved value, a file that asks Excel to recalculate on open', () => {
    const stuck =
      '<row r="7"><c r="B7" t="e" cm="1"><f t="array" aca="1" ref="B7" ca="1">ROI.REQUIREDLEADS(B1,B2,B3:B5)</f><v>#NAME?</v></c><c r="C7"><f>_xldudf_ROI_CAC(B1,2)</f></c><c r="D7"><f>IF(B1="","","")</f></c></row>';
    const { book } = readVersionFile(sheet(modelSheetData() + stuck));
    const cells = book.sheets[0].cells;
    expect(cells.get(cellKey(6, 1))!.stale).toMatch(/^stuck at #NAME\?: typed while the add-in was not loaded/);
    expect(cells.get(cellKey(6, 2))!.stale).toBe('no value saved with the file');
    // Another formula without a value shows nothing ("" is saved so by some writers): no warning.
    expect(cells.get(cellKey(6, 3))).toEqual({ formula: 'IF(B1="","","")', value: null });
    expect(cells.get(cellKey(5, 1))!.stale).toBeUndefined();

    const fx = buildWorkbook({ sheets: [{ name: 'S', sheetData: modelSheetData() }] });
    const wbXml = new TextDecoder().decode(unzipSync(fx)['xl/workbook.xml']);
    const onLoad = withParts(fx, {
      'xl/workbook.xml': wbXml.replace('<calcPr calcId="191029"/>', '<calcPr calcId="191029" fullCalcOnLoad="1"/>'),
    });
    const r = readVersionFile(onLoad);
    expect(r.calcOnLoad).toBe(true);
    expect(r.book.sheets[0].cells.get(cellKey(5, 1))!.stale).toMatch(/recalculate when it opens/);
  });
});

/** A zip whose central directory entry `from` points at the local header of entry `to`. */
function sharedBytes(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const b = bytes.slice();
  const dv = new DataView(b.buffer);
  const offsets = new Map<string, number>();
  const at = new Map<string, number>();
  for (let i = 0; i < b.length - 4; i++)
    if (dv.getUint32(i, true) === 0x02014b50) {
      const len = dv.getUint16(i + 28, true);
      const name = new TextDecoder().decode(b.subarray(i + 46, i + 46 + len));
      offsets.set(name, dv.getUint32(i + 42, true));
      at.set(name, i);
    }
  dv.setUint32(at.get(from)! + 42, offsets.get(to)!, true);
  return b;
}

describe('hostile and huge files are refused with one line, within the limits', () => {
  test('not a zip, an encrypted (OLE) file, a truncated file', () => {
    expect(refused(strToU8('Region,Revenue\nEMEA,100\n'))).toEqual({
      reason: 'not-xlsx',
      message: 'not an .xlsx file (not a zip archive)',
    });
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(refused(ole).reason).toBe('encrypted');
    const good = sheet(modelSheetData());
    expect(refused(good.subarray(0, good.length - 30)).reason).toBe('not-xlsx');
  });

  test('a zip bomb is stopped once it inflates past the ratio, without inflating the rest', () => {
    const zeros = new Uint8Array(16 * 1024 * 1024);
    const bomb = deflateSync(zeros, { level: 9 });
    expect(bomb.length).toBeLessThan(40_000);
    const files = unzipSync(sheet(modelSheetData()));
    const bytes = zipSync({ ...files, 'xl/worksheets/sheet1.xml': [zeros, { level: 9 }] });
    const r = refused(bytes);
    expect(r).toEqual({
      reason: 'too-large',
      message: expect.stringMatching(/inflates more than 200 times: a zip bomb\?/),
    });
  });

  test('a part or the whole file past its size limit, too many parts, too many cells', () => {
    const bytes = sheet(modelSheetData());
    expect(refused(bytes, { partBytes: 1000 }).message).toMatch(/^xl\/\S+ is too large to compare here/);
    expect(refused(bytes, { fileBytes: 1000 }).message).toMatch(/^too large to compare here \(0\.0 MB; at most/);
    expect(refused(bytes, { entries: 3 }).message).toMatch(/^too many parts to compare here/);
    expect(refused(bytes, { cells: 5 }).message).toBe('too many cells to compare here (more than 5)');
  });

  test('parts sharing their bytes, and a name twice', () => {
    const two = buildWorkbook({
      sheets: [
        { name: 'A', sheetData: modelSheetData() },
        { name: 'B', sheetData: modelSheetData() },
      ],
    });
    expect(refused(sharedBytes(two, 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet1.xml')).message).toBe(
      'xl/worksheets/sheet2.xml and xl/worksheets/sheet1.xml share their bytes in the zip',
    );
    const dup = two.slice();
    const text = new TextDecoder('latin1').decode(dup);
    const cd = text.lastIndexOf('xl/worksheets/sheet2.xml');
    dup.set(strToU8('xl/worksheets/sheet1.xml'), cd);
    expect(refused(dup).message).toBe('the zip archive holds "xl/worksheets/sheet1.xml" twice');
  });

  test("cells beyond Excel's grid, text beyond Excel's 32,767 characters, a DOCTYPE", () => {
    expect(refused(sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>')).message).toBe(
      "S: cell XFE1 is beyond Excel's grid",
    );
    expect(refused(sheet('<row r="1048577"><c><v>1</v></c></row>')).message).toBe(
      "S: row 1048577 is beyond Excel's grid",
    );
    expect(
      refused(sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(32_768)}</t></is></c></row>`)).message,
    ).toBe("S!A1: holds more than 32,767 characters (Excel's limit for a cell)");
    const files = unzipSync(sheet('<row r="1"><c r="A1"><v>1</v></c></row>'));
    const xml = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
    const doctype = withParts(sheet('<row r="1"><c r="A1"><v>1</v></c></row>'), {
      'xl/worksheets/sheet1.xml': xml.replace('<worksheet', '<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet'),
    });
    expect(refused(doctype)).toEqual({ reason: 'corrupt', message: expect.stringMatching(/DOCTYPE/) });
  });
});
