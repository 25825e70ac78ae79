/**
 * The package: parts inflated only when read, every changed part parsed before the package
 * is written (a part that does not parse is an error, never a file), and hostile zips
 * refused on their central directory alone.
 */
import { XlsxError } from '../../src/xlsx/errors';
import { XlsxPackage } from '../../src/xlsx/package';
import { partNameProblem } from '../../src/xlsx/zip';
import { entriesOf, oneSheet, rawZip } from '../helpers/hostile-files';

test('a changed part that is not well-formed stops the write', () => {
  const pkg = XlsxPackage.open(oneSheet('<row r="1"><c r="A1"><v>1</v></c></row>'));
  pkg.setText('xl/worksheets/sheet1.xml', '<worksheet><sheetData></worksheet>');
  expect(() => pkg.toBytes()).toThrow(XlsxError);
  expect(() => pkg.toBytes()).toThrow(/xl\/worksheets\/sheet1\.xml \(as written\) is not well-formed XML/);
});

test('a part nobody reads is carried as stored, never inflated (a damaged one included)', () => {
  const entries = entriesOf(oneSheet('<row r="1"><c r="A1"><v>1</v></c></row>'));
  const damaged = entries.map((e) => (e.name === 'docProps/app.xml' ? { ...e, crc: e.crc ^ 1 } : e));
  const pkg = XlsxPackage.open(rawZip(damaged));
  expect(pkg.text('xl/worksheets/sheet1.xml')).toContain('<v>1</v>');
  expect(() => pkg.bytes('docProps/app.xml')).toThrow(/docProps\/app\.xml fails its CRC check/);
  const again = XlsxPackage.open(pkg.toBytes());
  expect(again.names()).toEqual(pkg.names());
});

test('OPC part names', () => {
  expect(partNameProblem('xl/worksheets/sheet1.xml')).toBeUndefined();
  expect(partNameProblem('[Content_Types].xml')).toBeUndefined();
  expect(partNameProblem('xl/')).toBeUndefined();
  expect(partNameProblem('../x.xml')).toMatch(/climbs out/);
  expect(partNameProblem('xl/./x.xml')).toMatch(/climbs out/);
  expect(partNameProblem('/x.xml')).toMatch(/absolute/);
  expect(partNameProblem('xl\\x.xml')).toMatch(/backslash/);
  expect(partNameProblem('xl//x.xml')).toMatch(/empty segment/);
  expect(partNameProblem('xl/x.')).toMatch(/ending with "."/);
  expect(partNameProblem('xl/%2e%2e%2fx')).toMatch(/encoded slash/);
  expect(partNameProblem('xl/\u0000x')).toMatch(/control character/);
});
