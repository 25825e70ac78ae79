/**
 * The hostile files every reader must refuse, each with the reason its one line gives:
 * the CLI suite (test/cli/hostile.test.ts) and the workbench's (test/workbench/xlsx/
 * hostile.test.ts) both go through this list. Made on the fly, each small on disk.
 */
import {
  entriesOf,
  oneSheet,
  plusEntry,
  rawZip,
  sheetPart,
  sheetXml,
  textEntry,
  withPart,
  zeros,
} from './hostile-files';
import { buildWorkbook } from './xlsx-fixtures';

export interface HostileCase {
  name: string;
  make: () => Uint8Array;
  message: RegExp;
}

const base = () => oneSheet('<row r="1"><c r="A1"><v>1</v></c></row>');

/** A sheet part with this many cells (as `<c s="N"/>`, random styles so the part deflates like real XML). */
function manyCells(count: number): string {
  const rows: string[] = [];
  const cell = Array.from({ length: 10 }, (_, s) => `<c s="${s}"/>`);
  let seed = 7;
  for (let r = 1, left = count; left > 0; r++) {
    const n = Math.min(left, 16_384);
    const cells: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      cells[i] = cell[seed % 10];
    }
    rows.push(`<row r="${r}">${cells.join('')}</row>`);
    left -= n;
  }
  return sheetXml(rows.join(''));
}

export const HOSTILE: HostileCase[] = [
  {
    name: 'a row numbered 999999999',
    make: () => oneSheet('<row r="999999999"><c r="A999999999"><v>1</v></c></row>'),
    message: /Sheet1: row 999,999,999 is outside Excel's grid \(rows 1 to 1,048,576\)$/,
  },
  {
    name: 'a cell past column XFD',
    make: () => oneSheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'),
    message: /Sheet1!XFE1 is outside Excel's grid \(A1:XFD1048576\)$/,
  },
  {
    name: 'a row number that is not a number',
    make: () => oneSheet('<row r="seven"><c><v>1</v></c></row>'),
    message: /Sheet1: <row r="seven"> is not a row number$/,
  },
  {
    name: 'a cell reference that is not one',
    make: () => oneSheet('<row r="1"><c r="1A"><v>1</v></c></row>'),
    message: /Sheet1: <c r="1A"> in row 1 is not a cell reference$/,
  },
  {
    name: 'a cell in the wrong row',
    make: () => oneSheet('<row r="2"><c r="B7"><v>1</v></c></row>'),
    message: /Sheet1!B7 sits in row 2$/,
  },
  {
    name: 'rows out of order',
    make: () => oneSheet('<row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="A3"><v>1</v></c></row>'),
    message: /Sheet1: row 3 comes after row 5/,
  },
  {
    name: 'a part that declares 1 GB',
    make: () =>
      rawZip(
        entriesOf(base()).map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, size: 1024 * 1024 * 1024 } : e)),
      ),
    message: /too large: xl\/worksheets\/sheet1\.xml inflates \(1\.0 GB\); the limit is 256 MB/,
  },
  {
    name: 'a zip bomb: 10 KB that inflate to 10 MB',
    make: () => {
      const z = zeros(10 * 1024 * 1024);
      return plusEntry({ name: 'xl/media/bomb.bin', stored: z.stored, method: 8, size: 10 * 1024 * 1024, crc: z.crc });
    },
    message: /too large: xl\/media\/bomb\.bin would inflate [\d,]+ times; the limit is 200 times/,
  },
  {
    name: 'parts that inflate to more than 1 GB together',
    make: () => {
      const stored = new Uint8Array([3, 0]); // an empty deflate stream
      const extra = Array.from({ length: 1100 }, (_, i) => ({
        name: `xl/media/p${i}.bin`,
        stored,
        method: 8 as const,
        size: 1_000_000,
        crc: 0,
      }));
      return rawZip([...entriesOf(base()), ...extra]);
    },
    message: /too large: the parts inflate \(1\.0 GB\); the limit is 1\.0 GB/,
  },
  {
    name: 'a part whose stream inflates past its declared size',
    make: () => {
      const z = zeros(100_000);
      const sheet = entriesOf(base()).map((e) =>
        e.name === 'xl/worksheets/sheet1.xml' ? { ...e, stored: z.stored, size: 100, crc: z.crc } : e,
      );
      return rawZip(sheet);
    },
    message:
      /the zip archive is damaged or truncated \(xl\/worksheets\/sheet1\.xml (fails its CRC check|has the wrong size|does not decompress)/,
  },
  {
    name: 'more than 10,000 entries',
    make: () => {
      const tiny = textEntry('x', 'x');
      return rawZip([
        ...entriesOf(base()),
        ...Array.from({ length: 10_001 }, (_, i) => ({ ...tiny, name: `docProps/x${i}.txt` })),
      ]);
    },
    message: /too large: the zip has too many entries \(10,0\d\d\); the limit is 10,000/,
  },
  {
    name: 'entries sharing one deflate stream',
    make: () => {
      const z = zeros(128 * 1024);
      const first = { name: 'xl/media/a0.bin', stored: z.stored, method: 8 as const, size: 128 * 1024, crc: z.crc };
      const entries = [...entriesOf(base()), first];
      const at = entries.length - 1;
      for (let i = 1; i < 200; i++) entries.push({ ...first, name: `xl/media/a${i}.bin`, sameAs: at });
      return rawZip(entries);
    },
    message: /the zip's entries overlap \(xl\/media\/a0\.bin and xl\/media\/a1\.bin share bytes\)/,
  },
  {
    name: 'two entries with the same name',
    make: () => plusEntry(textEntry('xl/styles.xml', '<styleSheet/>')),
    message: /the zip holds two entries named xl\/styles\.xml$/,
  },
  {
    name: 'two entries whose names differ in case',
    make: () => plusEntry(textEntry('XL/Styles.xml', '<styleSheet/>')),
    message: /the zip holds entries xl\/styles\.xml and XL\/Styles\.xml, whose names differ only in case$/,
  },
  {
    name: 'an entry named ../evil.xml',
    make: () => plusEntry(textEntry('../evil.xml', '<x/>')),
    message: /the zip holds an entry named "\.\.\/evil\.xml", which climbs out of the package/,
  },
  {
    name: 'an entry with an absolute name',
    make: () => plusEntry(textEntry('/etc/evil.xml', '<x/>')),
    message: /the zip holds an entry named "\/etc\/evil\.xml", which is an absolute path/,
  },
  {
    name: 'an entry with a backslash in its name',
    make: () => plusEntry(textEntry('xl\\evil.xml', '<x/>')),
    message: /the zip holds an entry named "xl\\\\evil\.xml", which holds a backslash/,
  },
  {
    name: 'a DOCTYPE in a part',
    make: () =>
      withPart(
        'xl/workbook.xml',
        '<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">]><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
        base(),
      ),
    message: /xl\/workbook\.xml declares a DOCTYPE, which Excel refuses to open$/,
  },
  {
    name: 'elements nested 10,000 deep',
    make: () =>
      sheetPart(
        sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
          '</worksheet>',
          `${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</worksheet>`,
        ),
      ),
    message: /too large: xl\/worksheets\/sheet1\.xml nests elements 257 deep; the limit is 256 levels/,
  },
  {
    name: 'more than 4,000,000 cells in a sheet',
    make: () => sheetPart(manyCells(4_000_001)),
    message: /too large: Sheet1 has more cells \(4,000,001\); the limit is 4,000,000/,
  },
  {
    name: 'a cell holding 40,000 characters',
    make: () => oneSheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(40_000)}</t></is></c></row>`),
    message: /too large: Sheet1!A1 holds longer text; the limit is 32,767 characters/,
  },
  {
    name: 'a shared string of 40,000 characters',
    make: () =>
      buildWorkbook({
        sheets: [{ name: 'Sheet1', sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }],
        sharedStrings: ['y'.repeat(40_000)],
      }),
    message: /too large: shared string 1 of xl\/sharedStrings\.xml is longer; the limit is 32,767 characters/,
  },
  {
    name: 'a formula of 9,000 characters',
    make: () => oneSheet(`<row r="1"><c r="A1"><f>${'1+'.repeat(4500)}1</f><v>1</v></c></row>`),
    message: /too large: the formula in Sheet1!A1 is longer; the limit is 8,192 characters/,
  },
];
