/**
 * Another version of a workbook, read from its .xlsx bytes in the task pane (the Review
 * view's "Compare with another version"): every worksheet cell with its formula, the value
 * Excel saved and its number format, the spills, the defined names, as a Book for the
 * comparison (src/formula/diff.ts). Light enough for the add-in: fflate's inflate and a
 * small XML reader (light-xml.ts); no engine, so saved values are taken as saved, and
 * those that cannot be trusted say why (BookCell.stale).
 *
 * Bounded, because a file someone sends can be hostile or huge and the pane lives inside
 * Excel: the file's size, the zip's entry count, each part's and the total inflated size
 * (counted while inflating, whatever the headers claim), the compression ratio, parts
 * sharing their bytes, duplicate names, cells per sheet and in all, cells beyond Excel's
 * grid, text longer than Excel's 32,767 characters. Only the parts the comparison needs
 * are inflated. Every failure is a FileReadError with one line for the reader.
 */
import { Inflate } from 'fflate';
import { MAX_SHEET_COLS, MAX_SHEET_ROWS, parseCell, parseCellRange } from '../base/a1';
import { BUILTIN_FORMATS } from '../base/builtin-formats';
import { cellKey, type Book, type BookCell, type BookName, type BookSheet } from '../formula/diff';
import { findRoiCalls, shiftFormula } from '../formula/formula';
import type { XValue } from '../formula/cell-xml';
import { LIMITS } from '../base/limits';
import { LIGHT_LIMITS, type LightLimits } from './light-limits';
import { XmlReadError, readXml } from './light-xml';

export { LIGHT_LIMITS, type LightLimits } from './light-limits';

/** Excel's limit on the text of one cell (the table's textChars). */
export const MAX_TEXT = LIMITS.textChars.value;

export type FileReadReason = 'not-xlsx' | 'encrypted' | 'corrupt' | 'too-large';

export class FileReadError extends Error {
  constructor(
    message: string,
    readonly reason: FileReadReason,
  ) {
    super(message);
    this.name = 'FileReadError';
  }
}

export interface VersionFile {
  book: Book;
  /** The file asks Excel to recalculate everything when it opens (calcPr fullCalcOnLoad). */
  calcOnLoad: boolean;
}

/* ---------- the zip ---------- */

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressed: number;
  size: number;
  offset: number;
}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

function entriesOf(bytes: Uint8Array, limits: LightLimits): Map<string, Entry> {
  if (bytes.length >= 8 && u32(bytes, 0) === 0xe011cfd0 && u32(bytes, 4) === 0xe11ab1a1)
    throw new FileReadError(
      'it is password-protected or an old .xls file (an OLE compound file, not an .xlsx zip)',
      'encrypted',
    );
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--)
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new FileReadError('not an .xlsx file (not a zip archive)', 'not-xlsx');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff)
    throw new FileReadError('too large to compare here (a ZIP64 archive)', 'too-large');
  if (count > limits.entries)
    throw new FileReadError(`too many parts to compare here (${count}; at most ${limits.entries})`, 'too-large');
  if (cdOffset + cdSize > eocd) throw new FileReadError('the zip archive is damaged (its directory)', 'corrupt');
  const out = new Map<string, Entry>();
  const lower = new Set<string>();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50)
      throw new FileReadError('the zip archive is damaged (its directory)', 'corrupt');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const compressed = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const offset = u32(bytes, p + 42);
    const name = new TextDecoder('utf-8').decode(bytes.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (lower.has(name.toLowerCase())) throw new FileReadError(`the zip archive holds "${name}" twice`, 'corrupt');
    lower.add(name.toLowerCase());
    out.set(name, { name, method, flags, compressed, size, offset });
  }
  return out;
}

/** Inflates the parts the comparison needs, counting what comes out. */
class Parts {
  private total = 0;
  private spans: Array<[number, number, string]> = [];

  constructor(
    private readonly bytes: Uint8Array,
    private readonly entries: Map<string, Entry>,
    private readonly limits: LightLimits,
  ) {}

  has(name: string): boolean {
    return this.entries.has(name);
  }

  text(name: string): string {
    const e = this.entries.get(name);
    if (!e) throw new FileReadError(`the file has no ${name}`, 'corrupt');
    if (e.flags & 1) throw new FileReadError('it is password-protected (its parts are encrypted)', 'encrypted');
    const b = this.bytes;
    if (e.offset + 30 > b.length || u32(b, e.offset) !== 0x04034b50)
      throw new FileReadError(`the zip archive is damaged (${name})`, 'corrupt');
    const start = e.offset + 30 + u16(b, e.offset + 26) + u16(b, e.offset + 28);
    const end = start + e.compressed;
    if (end > b.length) throw new FileReadError(`the zip archive is damaged (${name} is cut short)`, 'corrupt');
    for (const [s, t, other] of this.spans)
      if (start < t && s < end) throw new FileReadError(`${name} and ${other} share their bytes in the zip`, 'corrupt');
    this.spans.push([start, end, name]);
    const data = b.subarray(start, end);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const add = (chunk: Uint8Array) => {
      size += chunk.length;
      this.total += chunk.length;
      if (size > this.limits.partBytes)
        throw new FileReadError(
          `${name} is too large to compare here (over ${this.limits.partBytes / 1024 / 1024} MB inflated)`,
          'too-large',
        );
      if (this.total > this.limits.totalBytes)
        throw new FileReadError(
          `the file is too large to compare here (over ${this.limits.totalBytes / 1024 / 1024} MB inflated)`,
          'too-large',
        );
      if (size > 1024 * 1024 && size > this.limits.ratio * Math.max(1, e.compressed))
        throw new FileReadError(`${name} inflates more than ${this.limits.ratio} times: a zip bomb?`, 'too-large');
      chunks.push(chunk);
    };
    if (e.method === 0) add(data.slice());
    else if (e.method === 8) {
      const inflate = new Inflate((chunk) => add(chunk));
      const STEP = 16 * 1024;
      try {
        for (let i = 0; i < data.length; i += STEP)
          inflate.push(data.subarray(i, Math.min(data.length, i + STEP)), i + STEP >= data.length);
        if (data.length === 0) inflate.push(new Uint8Array(0), true);
      } catch (err) {
        if (err instanceof FileReadError) throw err;
        throw new FileReadError(`the zip archive is damaged (${name} does not inflate)`, 'corrupt');
      }
    } else
      throw new FileReadError(`${name} is compressed in a way Excel does not write (method ${e.method})`, 'corrupt');
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(all);
    } catch {
      throw new FileReadError(`${name} is not UTF-8 text`, 'corrupt');
    }
  }
}

/* ---------- parts ---------- */

const REL = {
  officeDocument: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
  worksheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  sharedStrings: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings',
  styles: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles',
};

/** "worksheets/sheet1.xml" beside "xl/workbook.xml" -> "xl/worksheets/sheet1.xml" ("/xl/..." is from the root). */
function resolve(base: string, target: string): string {
  const parts = target.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const seg of target.replace(/^\//, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relsOf(parts: Parts, part: string): Array<{ id: string; type: string; target: string; external: boolean }> {
  const dir = part.split('/').slice(0, -1);
  const relsPart = [...dir, '_rels', `${part.split('/').pop()}.rels`].join('/');
  if (!parts.has(relsPart)) return [];
  const out: Array<{ id: string; type: string; target: string; external: boolean }> = [];
  readXml(parts.text(relsPart), relsPart, {
    open: (name, a) => {
      if (name === 'Relationship' && a.Id && a.Target)
        out.push({ id: a.Id, type: a.Type ?? '', target: a.Target, external: a.TargetMode === 'External' });
    },
    close: () => undefined,
    text: () => undefined,
  });
  return out;
}

interface SheetEntry {
  name: string;
  rid: string;
}

function readWorkbookPart(parts: Parts, part: string) {
  const sheets: SheetEntry[] = [];
  const names: Array<{ name: string; localSheetId?: number; text: string }> = [];
  let calcOnLoad = false;
  let current: { name: string; localSheetId?: number; text: string } | undefined;
  readXml(parts.text(part), part, {
    open: (name, a) => {
      if (name === 'sheet') sheets.push({ name: a.name ?? '', rid: a.id ?? '' });
      else if (name === 'definedName') {
        current = { name: a.name ?? '', text: '' };
        if (a.localSheetId !== undefined && /^\d+$/.test(a.localSheetId)) current.localSheetId = Number(a.localSheetId);
      } else if (name === 'calcPr') calcOnLoad = a.fullCalcOnLoad === '1' || a.fullCalcOnLoad === 'true';
    },
    close: (name) => {
      if (name === 'definedName' && current) {
        names.push(current);
        current = undefined;
      }
    },
    text: (t) => {
      if (current) current.text += t;
    },
  });
  return { sheets, names, calcOnLoad };
}

function readSharedStrings(parts: Parts, part: string): string[] {
  const out: string[] = [];
  let si: string | undefined;
  let inT = false;
  let phonetic = 0;
  readXml(parts.text(part), part, {
    open: (name, _a, self) => {
      if (name === 'si') si = '';
      else if (name === 'rPh' && !self) phonetic++;
      else if (name === 't' && !self) inT = true;
    },
    close: (name) => {
      if (name === 'si') {
        out.push(si ?? '');
        si = undefined;
      } else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 't') inT = false;
    },
    text: (t) => {
      if (si !== undefined && inT && !phonetic) si += t;
    },
  });
  return out;
}

/** The number format of each cell style index. */
function readNumberFormats(parts: Parts, part: string): string[] {
  const custom = new Map<number, string>();
  const out: string[] = [];
  let depth = 0;
  let inXfs = -1;
  let selfClosed = false;
  readXml(parts.text(part), part, {
    open: (name, a, self) => {
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? 'General');
      else if (name === 'cellXfs') inXfs = depth;
      else if (name === 'xf' && inXfs >= 0 && depth === inXfs + 1) {
        const id = Number(a.numFmtId ?? 0);
        out.push(custom.get(id) ?? BUILTIN_FORMATS[id] ?? 'General');
      }
      // A self-closing element's close follows at once and opened no level.
      if (self) selfClosed = true;
      else depth++;
    },
    close: (name) => {
      if (name === 'cellXfs') inXfs = -1;
      if (selfClosed) selfClosed = false;
      else depth--;
    },
    text: () => undefined,
  });
  return out;
}

const STUCK = 'stuck at #NAME?: typed while the add-in was not loaded, so the file holds no result for it';
const NO_VALUE = 'no value saved with the file';
const CALC_ON_LOAD = 'the file asks Excel to recalculate when it opens: its saved values may be stale';

function readSheet(
  parts: Parts,
  part: string,
  name: string,
  shared: string[],
  formats: string[],
  budget: { cells: number; limit: number },
  calcOnLoad: boolean,
): BookSheet {
  const sheet: BookSheet = { name, cells: new Map(), spills: new Map() };
  const masters = new Map<string, { text: string; row: number; col: number }>();
  let row = -1;
  let col = -1;
  let cell: { row: number; col: number; s?: string; t: string; ref: string } | undefined;
  let f: { attrs: Record<string, string>; text: string } | undefined;
  let v: string | undefined;
  let is: string | undefined;
  let collect: 'f' | 'v' | 't' | undefined;
  let inIs = false;
  let phonetic = 0;
  const tooLong = () => {
    throw new FileReadError(
      `${name}!${cell?.ref}: holds more than ${MAX_TEXT.toLocaleString('en-US')} characters (Excel's limit for a cell)`,
      'corrupt',
    );
  };
  readXml(parts.text(part), part, {
    open: (el, a, self) => {
      if (el === 'row') {
        row = a.r !== undefined ? Number(a.r) - 1 : row + 1;
        if (!Number.isInteger(row) || row < 0 || row >= MAX_SHEET_ROWS)
          throw new FileReadError(`${name}: row ${a.r} is beyond Excel's grid`, 'corrupt');
        col = -1;
      } else if (el === 'c') {
        if (a.r !== undefined) {
          const at = parseCell(a.r);
          if (!at) throw new FileReadError(`${name}: cell ${a.r} is beyond Excel's grid`, 'corrupt');
          row = at.row;
          col = at.col;
        } else col++;
        if (col >= MAX_SHEET_COLS || row < 0)
          throw new FileReadError(`${name}: a cell is beyond Excel's grid`, 'corrupt');
        cell = { row, col, s: a.s, t: a.t ?? 'n', ref: a.r ?? `R${row + 1}C${col + 1}` };
        f = undefined;
        v = undefined;
        is = undefined;
      } else if (cell && el === 'f') {
        f = { attrs: a, text: '' };
        collect = self ? undefined : 'f';
      } else if (cell && el === 'v') {
        v = ''; // an empty <v></v> is a saved empty text
        collect = self ? undefined : 'v';
      } else if (cell && el === 'is') {
        inIs = !self;
        is = '';
      } else if (cell && inIs && el === 'rPh' && !self) phonetic++;
      else if (cell && inIs && el === 't' && !self && !phonetic) collect = 't';
    },
    close: (el) => {
      if (el === 'c') finish();
      else if (el === 'f' || el === 'v' || el === 't') collect = undefined;
      else if (el === 'is') inIs = false;
      else if (el === 'rPh') phonetic = Math.max(0, phonetic - 1);
    },
    text: (t) => {
      if (!collect) return;
      if (collect === 'f') f!.text += t;
      else if (collect === 'v') v = (v ?? '') + t;
      else is = (is ?? '') + t;
      if ((f?.text.length ?? 0) > 8 * MAX_TEXT || (v?.length ?? 0) > MAX_TEXT || (is?.length ?? 0) > MAX_TEXT)
        tooLong();
    },
  });

  function cached(): XValue {
    const t = cell!.t;
    if (t === 'inlineStr') return is ?? '';
    if (v === undefined) return is !== undefined ? is : null;
    if (t === 's') return shared[Number(v)] ?? '';
    if (t === 'str' || t === 'd') return v;
    if (t === 'b') return v === '1' || v.toLowerCase() === 'true';
    if (t === 'e') return { error: v };
    if (v.trim() === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }

  function finish(): void {
    const c = cell;
    if (!c) return;
    const value = cached();
    cell = undefined;
    let formula: string | undefined;
    if (f) {
      const type = f.attrs.t ?? 'normal';
      formula = f.text;
      if (type === 'shared' && f.attrs.si !== undefined) {
        if (formula !== '') masters.set(f.attrs.si, { text: formula, row: c.row, col: c.col });
        else {
          const m = masters.get(f.attrs.si);
          formula = m ? shiftFormula(m.text, c.row - m.row, c.col - m.col) : undefined;
        }
      }
      if (formula === '' && type !== 'dataTable') formula = undefined;
      if (type === 'array' && f.attrs.ref) {
        const area = parseCellRange(f.attrs.ref);
        if (area && (area.bottom > area.top || area.right > area.left)) sheet.spills.set(cellKey(c.row, c.col), area);
      }
    }
    if (formula === undefined && value === null) return;
    if (--budget.cells < 0)
      throw new FileReadError(
        `too many cells to compare here (more than ${budget.limit.toLocaleString('en-US')})`,
        'too-large',
      );
    const out: BookCell = { value };
    if (formula !== undefined) {
      out.formula = formula;
      const calls = findRoiCalls(formula);
      if (calls.some((x) => x.spelling === 'dotted') && typeof value === 'object' && value?.error === '#NAME?')
        out.stale = STUCK;
      // Writers other than Excel leave out the value of a formula that shows nothing ("");
      // only an ROI formula's missing value is worth a warning.
      else if (v === undefined && is === undefined && calls.length) out.stale = NO_VALUE;
      else if (calcOnLoad) out.stale = CALC_ON_LOAD;
    }
    const fmt = c.s !== undefined ? formats[Number(c.s)] : undefined;
    if (fmt && fmt !== 'General') out.numberFormat = fmt;
    sheet.cells.set(cellKey(c.row, c.col), out);
  }

  return sheet;
}

/* ---------- the file ---------- */

/** Reads another version of a workbook from its bytes. Throws FileReadError with one line for the reader. */
export function readVersionFile(bytes: Uint8Array, limits: LightLimits = LIGHT_LIMITS): VersionFile {
  if (bytes.length > limits.fileBytes)
    throw new FileReadError(
      `too large to compare here (${(bytes.length / 1024 / 1024).toFixed(1)} MB; at most ${limits.fileBytes / 1024 / 1024} MB)`,
      'too-large',
    );
  try {
    const parts = new Parts(bytes, entriesOf(bytes, limits), limits);
    const root = relsOf(parts, '_rels/.rels').find((r) => r.type === REL.officeDocument);
    const wbPart = root ? resolve('', root.target) : 'xl/workbook.xml';
    if (!parts.has(wbPart)) throw new FileReadError('not an .xlsx file (it has no workbook part)', 'not-xlsx');
    const wb = readWorkbookPart(parts, wbPart);
    const rels = relsOf(parts, wbPart);
    const related = (type: string) => rels.find((r) => r.type === type && !r.external);
    const sst = related(REL.sharedStrings);
    const shared =
      sst && parts.has(resolve(wbPart, sst.target)) ? readSharedStrings(parts, resolve(wbPart, sst.target)) : [];
    const st = related(REL.styles);
    const formats =
      st && parts.has(resolve(wbPart, st.target)) ? readNumberFormats(parts, resolve(wbPart, st.target)) : [];
    const budget = { cells: limits.cells, limit: limits.cells };
    const book: Book = { sheets: [], names: [] };
    for (const s of wb.sheets) {
      const rel = rels.find((r) => r.id === s.rid);
      if (!rel || rel.type !== REL.worksheet || rel.external) continue; // chart sheets, dialog sheets
      const part = resolve(wbPart, rel.target);
      if (!parts.has(part))
        throw new FileReadError(`the workbook lists sheet "${s.name}" but its part ${part} is missing`, 'corrupt');
      book.sheets.push(readSheet(parts, part, s.name, shared, formats, budget, wb.calcOnLoad));
    }
    for (const n of wb.names) {
      if (/^_xlnm\./i.test(n.name)) continue;
      const scope = n.localSheetId !== undefined ? wb.sheets[n.localSheetId]?.name : undefined;
      const name: BookName = { name: n.name, refersTo: n.text };
      if (scope !== undefined) name.scope = scope;
      book.names.push(name);
    }
    return { book, calcOnLoad: wb.calcOnLoad };
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    if (e instanceof XmlReadError) throw new FileReadError(`the file is damaged: ${e.message}`, 'corrupt');
    if (e instanceof RangeError) throw new FileReadError('too large to compare here', 'too-large');
    throw e;
  }
}
