import { strToU8, unzipSync, zipSync } from 'fflate';
import { XlsxError } from '../../src/xlsx/errors';
import { XlsxPackage } from '../../src/xlsx/package';
import { crc32, entryData, readZip, writeZip } from '../../src/xlsx/zip';
import { readFixture } from '../helpers/xlsx-fixtures';

function reasonOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof XlsxError) return e.reason;
    throw e;
  }
  return undefined;
}

describe('zip container', () => {
  test('reads the Excel-saved fixture: every entry, in order, CRC-checked', () => {
    const bytes = readFixture();
    const entries = readZip(bytes);
    expect(entries.map((e) => e.name)).toEqual(Object.keys(unzipSync(bytes)));
    const ref = unzipSync(bytes);
    for (const e of entries) expect(Buffer.from(entryData(e)).equals(Buffer.from(ref[e.name]))).toBe(true);
  });

  test('crc32 (four bytes a step) matches a bit-by-bit CRC-32 at every length and alignment', () => {
    const bitwise = (d: Uint8Array) => {
      let c = -1;
      for (const b of d) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      return (c ^ -1) >>> 0;
    };
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 197 + 13) & 0xff);
    for (let start = 0; start < 4; start++)
      for (let n = 0; n <= 40; n++)
        expect(crc32(bytes.subarray(start, start + n))).toBe(bitwise(bytes.subarray(start, start + n)));
    expect(crc32(bytes)).toBe(bitwise(bytes));
  });

  test('crc32 matches the known value of "123456789"', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
  });

  test('carried entries keep their compressed bytes; changed ones are re-deflated', () => {
    const bytes = readFixture();
    const entries = readZip(bytes);
    const out = writeZip(
      entries.map((e) =>
        e.name === 'xl/styles.xml' ? { name: e.name, data: strToU8('<x/>'), template: e } : { name: e.name, entry: e },
      ),
    );
    const again = readZip(out);
    expect(again.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    for (let i = 0; i < entries.length; i++) {
      if (entries[i].name === 'xl/styles.xml') continue;
      expect(Buffer.from(again[i].compressed).equals(Buffer.from(entries[i].compressed))).toBe(true);
      expect(again[i].crc).toBe(entries[i].crc);
      expect(again[i].time).toBe(entries[i].time);
    }
    expect(new TextDecoder().decode(entryData(again.find((e) => e.name === 'xl/styles.xml')!))).toBe('<x/>');
  });

  test('a truncated zip is "corrupt"', () => {
    const bytes = readFixture();
    expect(reasonOf(() => XlsxPackage.open(bytes.subarray(0, Math.floor(bytes.length / 2))))).toBe('corrupt');
    expect(reasonOf(() => XlsxPackage.open(bytes.subarray(0, 10)))).toBe('corrupt');
  });

  test('a flipped byte inside a part fails its CRC check', () => {
    const files = { 'a.txt': strToU8('hello hello hello hello') };
    const bytes = zipSync(files, { level: 0 });
    const i = Buffer.from(bytes).indexOf('hello');
    bytes[i] = 'j'.charCodeAt(0);
    const e = readZip(bytes)[0];
    expect(() => entryData(e)).toThrow(/CRC/);
  });

  test('text, an empty file and an OLE compound file are told apart', () => {
    expect(reasonOf(() => XlsxPackage.open(strToU8('Region,Revenue\nEMEA,100\n')))).toBe('not-zip');
    expect(reasonOf(() => XlsxPackage.open(new Uint8Array()))).toBe('not-zip');
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(reasonOf(() => XlsxPackage.open(ole))).toBe('encrypted');
  });

  test('a zip that is not a workbook is "not-xlsx"', () => {
    expect(reasonOf(() => XlsxPackage.open(zipSync({ 'readme.txt': strToU8('hi') })))).toBe('not-xlsx');
  });

  test('an entry flagged as encrypted is refused', () => {
    const bytes = zipSync({ '[Content_Types].xml': strToU8('<Types/>') }, { level: 0 });
    // set bit 0 of the general purpose flags in the central directory record
    const cd = Buffer.from(bytes).lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes[cd + 8] |= 1;
    expect(reasonOf(() => readZip(bytes))).toBe('encrypted');
  });
});
