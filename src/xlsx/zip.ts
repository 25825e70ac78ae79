/**
 * A small, strict reader and writer for the zip container of an .xlsx package.
 *
 * Hostile archives are refused before anything is inflated (src/xlsx/limits.ts): too many
 * entries, declared sizes over the per-part or total limit or a compression ratio no real
 * part has, entries whose bytes overlap (one deflate stream shared by many entries), names
 * that are not OPC part names (`../`, absolute paths, backslashes), and duplicate names
 * (exactly or differing in case: OPC compares part names without case). An entry is
 * inflated only when a verb reads it, into a buffer of its declared size, so a stream that
 * inflates further cannot grow past it.
 *
 * Why not just fflate's unzipSync/zipSync: we need to carry every entry we do not change
 * through untouched (same compressed bytes, same CRC, same order, same timestamps) and
 * to tell a truncated file from a file that is not a zip at all. fflate does the
 * (de)compression; this module only walks the zip structures (APPNOTE.TXT 4.3).
 */
import { deflateSync, inflateSync } from 'fflate';
import { XlsxError } from './errors';
import { LIMITS, tooLarge } from './limits';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  crc: number;
  /** Uncompressed size. */
  size: number;
  /** The entry's bytes as stored in the archive (compressed when method is 8). */
  compressed: Uint8Array;
  /** MS-DOS time and date fields, kept as they were. */
  time: number;
  date: number;
  /** General purpose flags from the central directory. */
  flags: number;
  externalAttributes: number;
  versionMadeBy: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

/** Is this the start of an OLE compound file (an encrypted/password-protected Office file, or a legacy .xls)? */
export function isOleCompoundFile(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 &&
    bytes[0] === 0xd0 &&
    bytes[1] === 0xcf &&
    bytes[2] === 0x11 &&
    bytes[3] === 0xe0 &&
    bytes[4] === 0xa1 &&
    bytes[5] === 0xb1 &&
    bytes[6] === 0x1a &&
    bytes[7] === 0xe1
  );
}

export function looksLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7) &&
    (bytes[3] === 4 || bytes[3] === 6 || bytes[3] === 8)
  );
}

function corrupt(why: string): XlsxError {
  return new XlsxError(`the zip archive is damaged or truncated (${why})`, 'corrupt');
}

/** Reads the central directory. Throws XlsxError for anything that is not a sound zip. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  if (bytes.length < 22) {
    throw looksLikeZip(bytes)
      ? corrupt('file too short')
      : new XlsxError('not an .xlsx file (not a zip archive)', 'not-zip');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);

  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  let eocd = -1;
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let o = bytes.length - 22; o >= stop; o--) {
    if (bytes[o] === 0x50 && bytes[o + 1] === 0x4b && u32(o) === SIG_EOCD && o + 22 + u16(o + 20) <= bytes.length) {
      eocd = o;
      break;
    }
  }
  if (eocd < 0) {
    throw looksLikeZip(bytes)
      ? corrupt('no end of central directory')
      : new XlsxError('not an .xlsx file (not a zip archive)', 'not-zip');
  }
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0)
    throw new XlsxError('multi-volume zip archives are not supported', 'unsupported');
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (eocd >= 20 && u32(eocd - 20) === SIG_ZIP64_LOCATOR) {
    const z = Number(view.getBigUint64(eocd - 20 + 8, true));
    if (z + 56 > bytes.length || u32(z) !== SIG_ZIP64_EOCD) throw corrupt('bad zip64 end record');
    count = Number(view.getBigUint64(z + 32, true));
    cdSize = Number(view.getBigUint64(z + 40, true));
    cdOffset = Number(view.getBigUint64(z + 48, true));
  }
  if (cdOffset + cdSize > bytes.length) throw corrupt('central directory past the end of the file');
  if (count > LIMITS.zipEntries.value) throw tooLarge('zipEntries', 'the zip has too many entries', count);

  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  const spans: Array<{ name: string; start: number; end: number }> = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(p) !== SIG_CENTRAL) throw corrupt(`bad central directory entry ${i + 1}`);
    const versionMadeBy = u16(p + 4);
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const time = u16(p + 12);
    const date = u16(p + 14);
    const crc = u32(p + 16);
    let csize = u32(p + 20);
    let size = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    const externalAttributes = u32(p + 38);
    let localOffset = u32(p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > bytes.length) throw corrupt(`bad central directory entry ${i + 1}`);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x800 ? decoder.decode(nameBytes) : latin1(nameBytes);
    // zip64 extended information
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = u16(e);
      const len = u16(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = Number(view.getBigUint64(q, true));
          q += 8;
        }
        if (csize === 0xffffffff) {
          csize = Number(view.getBigUint64(q, true));
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(view.getBigUint64(q, true));
      }
      e += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;

    if (flags & 0x1) throw new XlsxError(`the zip entry ${name} is encrypted (password-protected file)`, 'encrypted');
    if (method !== 0 && method !== 8)
      throw new XlsxError(
        `the zip entry ${name} uses compression method ${method}, which is not supported`,
        'unsupported',
      );
    if (localOffset + 30 > bytes.length || u32(localOffset) !== SIG_LOCAL)
      throw corrupt(`missing local header of ${name}`);
    const dataStart = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (dataStart + csize > bytes.length) throw corrupt(`${name} is cut short`);
    spans.push({ name, start: localOffset, end: dataStart + csize });
    entries.push({
      name,
      method,
      crc,
      size,
      compressed: bytes.subarray(dataStart, dataStart + csize),
      time,
      date,
      flags,
      externalAttributes,
      versionMadeBy,
    });
  }
  checkEntries(entries, spans, { start: cdOffset, end: cdOffset + cdSize });
  return entries;
}

const MB = 1024 * 1024;

/**
 * What makes an archive hostile, checked on the central directory alone: names, duplicate
 * names, declared sizes and ratios, and bytes shared between entries (or with the
 * central directory).
 */
function checkEntries(
  entries: ZipEntry[],
  spans: Array<{ name: string; start: number; end: number }>,
  central: { start: number; end: number },
): void {
  const seen = new Map<string, string>();
  let total = 0;
  for (const e of entries) {
    const why = partNameProblem(e.name);
    if (why) throw new XlsxError(`the zip holds an entry named ${JSON.stringify(e.name)}, which ${why}`, 'corrupt');
    const key = e.name.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined)
      throw new XlsxError(
        other === e.name
          ? `the zip holds two entries named ${e.name}`
          : `the zip holds entries ${other} and ${e.name}, whose names differ only in case`,
        'corrupt',
      );
    seen.set(key, e.name);
    if (e.size > LIMITS.partBytes.value) throw tooLarge('partBytes', `${e.name} inflates`, e.size);
    total += e.size;
    if (total > LIMITS.totalBytes.value) throw tooLarge('totalBytes', 'the parts inflate', total);
    if (e.method === 8 && e.size > MB && e.size > LIMITS.compressionRatio.value * Math.max(1, e.compressed.length))
      throw new XlsxError(
        `too large: ${e.name} would inflate ${Math.round(e.size / Math.max(1, e.compressed.length)).toLocaleString('en-US')} times; the limit is ${LIMITS.compressionRatio.value} times (${LIMITS.compressionRatio.what})`,
        'too-large',
      );
  }
  const sorted = [...spans, { name: 'the central directory', ...central }].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].start < sorted[i - 1].end)
      throw new XlsxError(
        `the zip's entries overlap (${sorted[i - 1].name} and ${sorted[i].name} share bytes): a zip bomb, or a damaged file`,
        'corrupt',
      );
}

/**
 * Why a zip entry's name is not an OPC part name (ECMA-376 Part 2, 6.2.2), or undefined
 * when it is one. Folder entries ("xl/") are allowed: zip tools write them.
 */
export function partNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.includes('\\')) return 'holds a backslash (not a part name)';
  if (name.startsWith('/')) return 'is an absolute path (not a part name)';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'holds a control character (not a part name)';
  if (/%(2f|5c)/i.test(name)) return 'holds an encoded slash (not a part name)';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  for (const seg of segments) {
    if (seg === '..' || seg === '.') return 'climbs out of the package (not a part name)';
    if (seg === '') return 'has an empty segment (not a part name)';
    if (seg.endsWith('.')) return 'has a segment ending with "." (not a part name)';
  }
  return undefined;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** The entry's uncompressed bytes, checked against its CRC-32 and size. */
export function entryData(entry: ZipEntry): Uint8Array {
  let out: Uint8Array;
  if (entry.method === 0) {
    out = entry.compressed;
  } else {
    try {
      out = inflateSync(entry.compressed, { out: new Uint8Array(entry.size) });
    } catch (err) {
      throw corrupt(`${entry.name} does not decompress: ${(err as Error).message}`);
    }
  }
  if (out.length !== entry.size) throw corrupt(`${entry.name} has the wrong size`);
  if (crc32(out) !== entry.crc) throw corrupt(`${entry.name} fails its CRC check`);
  return out;
}

/** CRC-32 tables for slicing by four: T[0] the classic byte table, T[k][n] = T[k-1][n] advanced by one zero byte. */
let CRC_TABLES: Int32Array[] | undefined;
export function crc32(data: Uint8Array): number {
  if (!CRC_TABLES) {
    const t0 = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t0[n] = c;
    }
    CRC_TABLES = [t0];
    for (let k = 1; k < 4; k++) {
      const prev = CRC_TABLES[k - 1];
      const t = new Int32Array(256);
      for (let n = 0; n < 256; n++) t[n] = t0[prev[n] & 0xff] ^ (prev[n] >>> 8);
      CRC_TABLES.push(t);
    }
  }
  const [t0, t1, t2, t3] = CRC_TABLES;
  let c = -1;
  let i = 0;
  // Four bytes a step (a part of a big sheet is many megabytes, checked when read and when written).
  for (const end = data.length - 3; i < end; i += 4) {
    c ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    c = t3[c & 0xff] ^ t2[(c >>> 8) & 0xff] ^ t1[(c >>> 16) & 0xff] ^ t0[c >>> 24];
  }
  for (; i < data.length; i++) c = t0[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** An entry to write: either carried through as stored (`entry`), or new content (`data`). */
export type ZipOut = { name: string; entry: ZipEntry } | { name: string; data: Uint8Array; template?: ZipEntry };

/** DOS date 1980-01-01 00:00, what Excel itself writes. */
const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1;

/**
 * Writes a zip archive. Carried entries keep their compressed bytes, CRC, method and
 * timestamps; new or changed entries are deflated (keeping the template's timestamp).
 */
export function writeZip(items: ZipOut[]): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const item of items) {
    let method: number,
      crc: number,
      size: number,
      compressed: Uint8Array,
      time: number,
      date: number,
      extAttr: number,
      madeBy: number;
    if ('entry' in item) {
      ({ method, crc, size, compressed, time, date } = item.entry);
      extAttr = item.entry.externalAttributes;
      madeBy = item.entry.versionMadeBy;
    } else {
      size = item.data.length;
      crc = crc32(item.data);
      compressed = deflateSync(item.data, { level: 6 });
      method = 8;
      if (compressed.length >= size) {
        compressed = item.data;
        method = 0;
      }
      time = item.template?.time ?? 0;
      date = item.template?.date ?? DOS_DATE_1980;
      extAttr = item.template?.externalAttributes ?? 0;
      madeBy = item.template?.versionMadeBy ?? 45;
    }
    if (size > 0xfffffffe || compressed.length > 0xfffffffe || offset > 0xfffffffe) {
      throw new XlsxError('the workbook is too large to write (over 4 GB)', 'unsupported');
    }
    const nameBytes = encoder.encode(item.name);
    const utf8 = /[^\x20-\x7e]/.test(item.name) ? 0x800 : 0;
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, SIG_LOCAL, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, utf8, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, time, true);
    lv.setUint16(12, date, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, compressed.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, 0, true);
    local.set(nameBytes, 30);

    const cd = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, SIG_CENTRAL, true);
    cv.setUint16(4, madeBy, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, utf8, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, time, true);
    cv.setUint16(14, date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, compressed.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(38, extAttr, true);
    cv.setUint32(42, offset, true);
    cd.set(nameBytes, 46);

    chunks.push(local, compressed);
    central.push(cd);
    offset += local.length + compressed.length;
  }
  if (items.length > 0xffff) throw new XlsxError('the workbook has too many parts to write', 'unsupported');
  const cdStart = offset;
  let cdSize = 0;
  for (const c of central) cdSize += c.length;
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, SIG_EOCD, true);
  ev.setUint16(8, items.length, true);
  ev.setUint16(10, items.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, cdStart, true);

  const total = offset + cdSize + 22;
  const out = new Uint8Array(total);
  let q = 0;
  for (const c of [...chunks, ...central]) {
    out.set(c, q);
    q += c.length;
  }
  out.set(end, q);
  return out;
}
