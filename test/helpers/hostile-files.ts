/**
 * Hostile and huge .xlsx files, made in the test and small on disk: what an attacker or an
 * unlucky user hands the `roi` verbs and the workbench (issue 12). Each is a function that
 * returns the file's bytes; a few write the zip's structures by hand (entries sharing a
 * stream, declared sizes that lie, names no zip tool writes).
 */
import * as zlib from 'node:zlib';
import { deflateSync, strToU8 } from 'fflate';
import { crc32 } from '../../src/xlsx/zip';
import { buildWorkbook, unzipRaw } from './xlsx-fixtures';

/** One sheet named Sheet1 with this <sheetData> content, as buildWorkbook writes it (metadata, styles...). */
export function oneSheet(sheetData: string, dimension = 'A1'): Uint8Array {
  return buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData, dimension }] });
}

/**
 * A normal package's parts, with one replaced or added. The new part is deflated by Node's
 * zlib at its fastest level (the 40 MB sheet of 4,000,001 cells in a fraction of fflate's
 * time; no case here depends on how well a part compresses), the others as they were.
 */
export function withPart(name: string, text: string | Uint8Array, base = oneSheet('')): Uint8Array {
  const data = typeof text === 'string' ? strToU8(text) : text;
  const part: RawEntry = {
    name,
    stored: zlib.deflateRawSync(data, { level: 1 }),
    method: 8,
    size: data.length,
    crc: zlib.crc32(data),
  };
  const entries = entriesOf(base);
  const at = entries.findIndex((e) => e.name === name);
  if (at >= 0) entries[at] = part;
  else entries.push(part);
  return rawZip(entries);
}

/** A sheet part's XML around <sheetData> content. */
export function sheetXml(sheetData: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`
  );
}

interface RawEntry {
  name: string;
  /** The bytes as stored (deflated when method is 8). */
  stored: Uint8Array;
  method: 0 | 8;
  /** Declared uncompressed size (may lie). */
  size: number;
  crc: number;
  /** Write no local header and data: point at another entry's (for overlapping entries). */
  sameAs?: number;
}

/** Writes a zip by hand: local headers and data in order, then the central directory. */
export function rawZip(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((e) => {
    const name = enc.encode(e.name);
    let at = offset;
    if (e.sameAs !== undefined) at = offsets[e.sameAs];
    else {
      const local = new Uint8Array(30 + name.length);
      const v = new DataView(local.buffer);
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(8, e.method, true);
      v.setUint32(14, e.crc, true);
      v.setUint32(18, e.stored.length, true);
      v.setUint32(22, Math.min(e.size, 0xffffffff), true);
      v.setUint16(26, name.length, true);
      local.set(name, 30);
      chunks.push(local, e.stored);
      offset += local.length + e.stored.length;
    }
    offsets.push(at);
    const cd = new Uint8Array(46 + name.length);
    const c = new DataView(cd.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(10, e.method, true);
    c.setUint32(16, e.crc, true);
    c.setUint32(20, e.stored.length, true);
    c.setUint32(24, Math.min(e.size, 0xffffffff), true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, at, true);
    cd.set(name, 46);
    central.push(cd);
  });
  const cdSize = central.reduce((k, c) => k + c.length, 0);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, entries.length, true);
  v.setUint16(10, entries.length, true);
  v.setUint32(12, cdSize, true);
  v.setUint32(16, offset, true);
  const all = [...chunks, ...central, end];
  const out = new Uint8Array(all.reduce((k, c) => k + c.length, 0));
  let p = 0;
  for (const c of all) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** The entries of a normal package, deflated, as rawZip takes them. */
export function entriesOf(bytes: Uint8Array): RawEntry[] {
  return Object.entries(unzipRaw(bytes)).map(([name, data]) => ({
    name,
    stored: deflateSync(data, { level: 6 }),
    method: 8 as const,
    size: data.length,
    crc: crc32(data),
  }));
}

/** A normal package with one more entry, or one entry renamed. */
export function plusEntry(extra: RawEntry, base = oneSheet('<row r="1"><c r="A1"><v>1</v></c></row>')): Uint8Array {
  return rawZip([...entriesOf(base), extra]);
}

export function textEntry(name: string, text: string): RawEntry {
  const data = strToU8(text);
  return { name, stored: deflateSync(data), method: 8, size: data.length, crc: crc32(data) };
}

/** Deflated zeros: `size` bytes from a stream of about size / 1000. */
export function zeros(size: number): { stored: Uint8Array; crc: number } {
  const data = new Uint8Array(size);
  return { stored: deflateSync(data, { level: 9 }), crc: crc32(data) };
}

/** The sheet part of a normal package replaced by this text, stored as is (any ratio). */
export function sheetPart(xml: string): Uint8Array {
  return withPart('xl/worksheets/sheet1.xml', xml);
}
