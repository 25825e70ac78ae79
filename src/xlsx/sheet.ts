/**
 * A worksheet part, read with saxes: every row and cell of <sheetData> with its exact
 * source offsets, the cell's attributes, formula (<f>) and value (<v> / inline string).
 * `rebuildSheet` then writes the part again in one pass, replacing, removing or inserting
 * only the cells it is given and copying every other byte as it was.
 */
import { XlsxError } from './errors';
import { MAX_SHEET_COLS, MAX_SHEET_ROWS, sheetRef } from '../base/a1';
import { LIMITS, tooLarge } from './limits';
import { cellRef, parseCellRef } from './refs';
import { localName, parseXml, prefixOf, tagAttributes } from './xml';
import { isNameChar } from './xml-scan';
import { decodeOoxml, type XValue } from '../formula/cell-xml';

export interface FormulaNode {
  attrs: Record<string, string>;
  /** The formula's text, `_xHHHH_` escapes decoded. */
  text: string;
  /** Source offsets of the whole <f> element. */
  start: number;
  end: number;
}

export interface CellNode {
  ref: string;
  row: number;
  col: number;
  start: number;
  end: number;
  attrs: Record<string, string>;
  f?: FormulaNode;
  /** Text of <v> as stored, undefined when there is none (cachedValue decodes a string's `_xHHHH_` escapes). */
  v?: string;
  /** Text of an inline string (<is>), `_xHHHH_` escapes decoded; undefined when there is none. */
  is?: string;
}

export interface RowNode {
  r: number;
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
  /** The row's attributes, read from its start tag when asked (no sheet needs them kept). */
  readonly attrs: Record<string, string>;
  cells: CellNode[];
}

class Row implements RowNode {
  closeStart: number;
  end: number;
  cells: CellNode[] = [];
  constructor(
    private readonly xml: string,
    readonly r: number,
    readonly start: number,
    readonly openEnd: number,
    readonly selfClosing: boolean,
  ) {
    this.closeStart = openEnd;
    this.end = openEnd;
  }
  get attrs(): Record<string, string> {
    return tagAttributes(this.xml.slice(this.start, this.openEnd));
  }
}

export interface SheetScan {
  rows: RowNode[];
  /** <sheetData> element offsets. */
  sheetData?: { start: number; openEnd: number; closeStart: number; end: number; selfClosing: boolean };
  /** <dimension> element offsets and ref. */
  dimension?: { start: number; end: number; ref: string };
  /** <sheetProtection> element source text, if any (for tests and reports). */
  protection?: string;
  /** Namespace prefix of the SpreadsheetML elements ("" or e.g. "x:"). */
  prefix: string;
}

export interface ScanOptions {
  /** The sheet's name, for messages ("Sheet1!XFE1 is outside Excel's grid"); the part's name when absent. */
  sheet?: string;
  /** Cells already read in other sheets of the workbook (for the per-workbook limit); updated. */
  budget?: { cells: number };
  /** Told how far the scan got, in characters of the part, every few thousand cells. */
  progress?: (done: number, total: number) => void;
}

/**
 * Reads a worksheet part. Throws XlsxError for what Excel itself would not write: a row or
 * cell outside Excel's grid or out of order (naming it), a cell whose reference does not
 * match its row, text or formulas over Excel's own lengths, more cells than the limits.
 */
export function scanSheet(xml: string, part: string, opts: ScanOptions = {}): SheetScan {
  let scan: SheetScan = { rows: [], prefix: '' };
  const where = opts.sheet === undefined ? part : sheetLabel(opts.sheet);
  const budget = opts.budget ?? { cells: 0 };
  // The cell limits, checked before a single cell is read: a count of the start tags of
  // cells (an upper bound of the cells), so a sheet over the limit costs one pass of indexOf.
  // A cell's start tag takes at least four characters (<c/>): a part too short to reach a
  // limit needs no count.
  const most = Math.floor(xml.length / 4);
  const tags =
    most <= LIMITS.cellsPerSheet.value && budget.cells + most <= LIMITS.cellsPerWorkbook.value ? 0 : countCellTags(xml);
  if (tags > LIMITS.cellsPerSheet.value) throw tooLarge('cellsPerSheet', `${where} has more cells`, tags);
  if (budget.cells + tags > LIMITS.cellsPerWorkbook.value)
    throw tooLarge('cellsPerWorkbook', 'the workbook has more cells', budget.cells + tags);
  const cellsBefore = budget.cells;
  // Fresh state for each reading (the fast reader may leave the part to saxes halfway).
  parseXml(xml, part, () => {
    scan = { rows: [], prefix: '' };
    budget.cells = cellsBefore;
    let cellsHere = 0;
    let depthInSheetData = -1;
    let depth = 0;
    let row: RowNode | undefined;
    let cell: CellNode | undefined;
    let lastRow = 0;
    let lastCol = 0;
    /** what text we collect: 'f' | 'v' | 't' (inline string) */
    let collect: 'f' | 'v' | 't' | undefined;
    let inIs = false;
    let inRph = false;
    let text = '';
    let protectionStart = -1;
    const bad = (what: string) => new XlsxError(`${where}: ${what}`, 'corrupt');
    const cellName = (ref: string) => `${opts.sheet === undefined ? `${part} ` : sheetLabel(opts.sheet) + '!'}${ref}`;
    return {
      opentag(tag, pos) {
        depth++;
        const name = localName(tag.name);
        if (name === 'sheetData' && depthInSheetData < 0) {
          const start = xml.lastIndexOf('<', pos - 1);
          scan.prefix = prefixOf(tag.name);
          scan.sheetData = { start, openEnd: pos, closeStart: pos, end: pos, selfClosing: tag.isSelfClosing };
          depthInSheetData = depth;
          return;
        }
        if (name === 'sheetProtection' && depthInSheetData < 0) {
          protectionStart = xml.lastIndexOf('<', pos - 1);
          return;
        }
        if (name === 'dimension' && depthInSheetData < 0) {
          const start = xml.lastIndexOf('<', pos - 1);
          scan.dimension = { start, end: pos, ref: tag.attributes.ref };
          return;
        }
        if (depthInSheetData < 0) return;
        if (name === 'row' && depth === depthInSheetData + 1) {
          const attrs = tag.attributes;
          let r = lastRow + 1;
          if (attrs.r !== undefined) {
            if (!/^\s*\d{1,10}\s*$/.test(attrs.r)) throw bad(`<row r="${clip(attrs.r)}"> is not a row number`);
            r = Number(attrs.r);
          }
          if (r < 1 || r > MAX_SHEET_ROWS)
            throw bad(`row ${r.toLocaleString('en-US')} is outside Excel's grid (rows 1 to 1,048,576)`);
          if (r <= lastRow) throw bad(`row ${r} comes after row ${lastRow} (rows must be in order, each once)`);
          lastRow = r;
          lastCol = 0;
          row = new Row(xml, r, xml.lastIndexOf('<', pos - 1), pos, tag.isSelfClosing);
          scan.rows.push(row);
        } else if (name === 'c' && row && depth === depthInSheetData + 2) {
          const attrs = plainAttrs(tag.attributes);
          let rc: { row: number; col: number } | undefined;
          if (attrs.r !== undefined) {
            rc = parseCellRef(attrs.r);
            if (!rc) {
              const m = /^\s*([A-Za-z]+)(\d+)\s*$/.exec(attrs.r);
              throw m
                ? new XlsxError(`${cellName(clip(attrs.r))} is outside Excel's grid (A1:XFD1048576)`, 'corrupt')
                : bad(`<c r="${clip(attrs.r)}"> in row ${row.r} is not a cell reference`);
            }
            if (rc.row !== row.r) throw new XlsxError(`${cellName(attrs.r)} sits in row ${row.r}`, 'corrupt');
          } else {
            if (lastCol >= MAX_SHEET_COLS)
              throw bad(`row ${row.r} has a cell past column XFD, outside Excel's grid (A1:XFD1048576)`);
            rc = { row: row.r, col: lastCol + 1 };
          }
          if (rc.col <= lastCol)
            throw new XlsxError(
              `${cellName(attrs.r ?? cellRef(rc.row, rc.col))} comes after ${cellRef(row.r, lastCol)} (cells must be in order, each once)`,
              'corrupt',
            );
          lastCol = rc.col;
          if ((cellsHere & 0x1fff) === 0) opts.progress?.(pos, xml.length);
          if (++cellsHere > LIMITS.cellsPerSheet.value) throw tooLarge('cellsPerSheet', `${where} has more cells`);
          if (++budget.cells > LIMITS.cellsPerWorkbook.value)
            throw tooLarge('cellsPerWorkbook', 'the workbook has more cells');
          // Every field set here, in one order: one compact shape for all cells (a field added
          // later would give each cell a separate property store).
          cell = {
            ref: attrs.r ?? cellRef(rc.row, rc.col),
            row: rc.row,
            col: rc.col,
            start: xml.lastIndexOf('<', pos - 1),
            end: pos,
            attrs,
            f: undefined,
            v: undefined,
            is: undefined,
          };
          row.cells.push(cell);
        } else if (cell && depth === depthInSheetData + 3) {
          if (name === 'f') {
            const fa = plainAttrs(tag.attributes);
            // An array formula's ref is most often its own cell's: one string for both.
            if (fa.ref === cell.ref) fa.ref = cell.ref;
            cell.f = { attrs: fa, text: '', start: xml.lastIndexOf('<', pos - 1), end: pos };
            collect = 'f';
            text = '';
          } else if (name === 'v') {
            collect = 'v';
            text = '';
          } else if (name === 'is') {
            inIs = true;
            cell.is = '';
          }
        } else if (cell && inIs && name === 'rPh') {
          inRph = true;
        } else if (cell && inIs && !inRph && name === 't') {
          collect = 't';
          text = '';
        }
      },
      text(t) {
        if (!collect) return;
        text += t;
        if (collect === 'f' ? text.length > LIMITS.formulaChars.value : text.length > LIMITS.textChars.value)
          throw collect === 'f'
            ? tooLarge('formulaChars', `the formula in ${cellName(cell!.ref)} is longer`)
            : tooLarge('textChars', `${cellName(cell!.ref)} holds longer text`);
      },
      closetag(tag, pos) {
        const name = localName(tag.name);
        if (depthInSheetData >= 0) {
          if (name === 'sheetData' && depth === depthInSheetData) {
            scan.sheetData!.end = pos;
            scan.sheetData!.closeStart = scan.sheetData!.selfClosing ? pos : xml.lastIndexOf('<', pos - 1);
            depthInSheetData = -2; // done; ignore anything after
          } else if (name === 'row' && row && depth === depthInSheetData + 1) {
            // An array grown by push keeps room for 17 items: a row holds a few, and a sheet many rows.
            if (row.cells.length) row.cells = row.cells.slice();
            row.end = pos;
            row.closeStart = row.selfClosing ? pos : xml.lastIndexOf('<', pos - 1);
            row = undefined;
          } else if (name === 'c' && cell && depth === depthInSheetData + 2) {
            cell.end = pos;
            cell = undefined;
          } else if (cell) {
            if (name === 'f' && cell.f && depth === depthInSheetData + 3) {
              if (collect === 'f') cell.f.text = decodeOoxml(text);
              cell.f.end = pos;
              collect = undefined;
            } else if (name === 'v' && collect === 'v') {
              cell.v = text;
              collect = undefined;
            } else if (name === 't' && collect === 't') {
              cell.is += text;
              if (cell.is!.length > LIMITS.textChars.value)
                throw tooLarge('textChars', `${cellName(cell.ref)} holds longer text`);
              collect = undefined;
            } else if (name === 'rPh') {
              inRph = false;
            } else if (name === 'is') {
              inIs = false;
              cell.is = decodeOoxml(cell.is ?? '');
            }
          }
        } else if (name === 'sheetProtection' && protectionStart >= 0) {
          scan.protection = xml.slice(protectionStart, pos);
          protectionStart = -1;
        }
        depth--;
      },
      wantText: () => collect !== undefined,
    };
  });
  if (!scan.sheetData) throw new XlsxError(`${part} has no <sheetData>`, 'corrupt');
  return scan;
}

/**
 * saxes's attribute objects have no prototype, which V8 keeps as slow dictionaries: a plain
 * copy is a fraction of the size, and a sheet keeps one per row, cell and formula.
 */
function plainAttrs(a: Record<string, string>): Record<string, string> {
  if (Object.getPrototypeOf(a) === Object.prototype) return a;
  const out: Record<string, string> = {};
  for (const k of Object.keys(a)) out[k] = a[k];
  return out;
}

/** How many start tags of cells (`<c`, `<x:c`, followed by a space, "/" or ">") the text holds. */
function countCellTags(xml: string): number {
  let n = 0;
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) {
    let j = i + 1;
    // skip a short prefix ("x:"): name characters up to the colon
    let k = j;
    while (k - j < 16 && xml.charCodeAt(k) !== 0x3a && isNameChar(xml.charCodeAt(k))) k++;
    if (xml.charCodeAt(k) === 0x3a /* : */ && k > j) j = k + 1;
    if (xml.charCodeAt(j) !== 0x63 /* c */) continue;
    const next = xml.charCodeAt(j + 1);
    if (next === 0x20 || next === 0x2f || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d) n++;
  }
  return n;
}

/** A sheet's name as messages show it: quoted when a formula would quote it. */
function sheetLabel(name: string): string {
  return sheetRef(name);
}

/** At most 40 characters of a hostile attribute, for a message. */
function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

/** What to do with one cell when rebuilding: new XML for it, or remove it. */
export type CellEdit = { xml: string } | { remove: true };

/**
 * Rebuilds the sheet XML in one pass. `edits` maps "row,col" keys (see `key`) to edits;
 * an edit for a cell that does not exist inserts it in column order (creating its row in
 * row order when needed). Untouched rows are copied as they were.
 */
export function rebuildSheet(
  xml: string,
  scan: SheetScan,
  edits: Map<string, CellEdit & { row: number; col: number }>,
  newDimension?: string,
): string {
  const byRow = new Map<number, Array<CellEdit & { row: number; col: number }>>();
  for (const e of edits.values()) {
    let list = byRow.get(e.row);
    if (!list) byRow.set(e.row, (list = []));
    list.push(e);
  }
  const p = scan.prefix;
  // Each splice keeps its pieces; the part is joined once at the end (no string per row).
  const splices: Array<{ start: number; end: number; pieces: string[] }> = [];
  const existingRows = new Set<number>();

  for (const row of scan.rows) {
    existingRows.add(row.r);
    const rowEdits = byRow.get(row.r);
    if (!rowEdits) continue;
    if (rowEdits.length > 1) rowEdits.sort((x, y) => x.col - y.col);
    let open = xml.slice(row.start, row.openEnd);
    if (!row.selfClosing && replaceInPlace(row, rowEdits, open, splices)) continue;
    if (row.selfClosing) open = open.replace(/\s*\/>$/, '>');
    const pieces: string[] = [open];
    let lo = Infinity;
    let hi = -Infinity;
    const keep = (col: number) => {
      if (col < lo) lo = col;
      if (col > hi) hi = col;
    };
    let cursor = row.openEnd;
    let k = 0;
    for (const c of row.cells) {
      // whatever sits between cells (whitespace) is kept
      pieces.push(xml.slice(cursor, c.start));
      for (; k < rowEdits.length && rowEdits[k].col < c.col; k++) {
        const ins = rowEdits[k];
        if ('xml' in ins) {
          pieces.push(ins.xml);
          keep(ins.col);
        }
      }
      const e = k < rowEdits.length && rowEdits[k].col === c.col ? rowEdits[k++] : undefined;
      if (!e) {
        pieces.push(xml.slice(c.start, c.end));
        keep(c.col);
      } else if ('xml' in e) {
        pieces.push(e.xml);
        keep(c.col);
      }
      cursor = c.end;
    }
    if (!row.selfClosing) pieces.push(xml.slice(cursor, row.closeStart));
    for (; k < rowEdits.length; k++) {
      const ins = rowEdits[k];
      if ('xml' in ins) {
        pieces.push(ins.xml);
        keep(ins.col);
      }
    }
    pieces.push(row.selfClosing ? `</${p}row>` : xml.slice(row.closeStart, row.end));
    if (hi >= lo) pieces[0] = adjustSpans(open, lo, hi);
    splices.push({ start: row.start, end: row.end, pieces });
  }

  // rows that do not exist yet
  const newRows = [...byRow.keys()].filter((r) => !existingRows.has(r)).sort((a, b) => a - b);
  if (newRows.length) {
    const sd = scan.sheetData!;
    const groups = new Map<number, string[]>();
    for (const r of newRows) {
      const cells = byRow
        .get(r)!
        .filter((e) => 'xml' in e)
        .sort((a, b) => a.col - b.col);
      if (!cells.length) continue;
      const next = scan.rows[firstRowAfter(scan.rows, r)];
      const at = next ? next.start : sd.selfClosing ? sd.start : sd.closeStart;
      let g = groups.get(at);
      if (!g) groups.set(at, (g = []));
      g.push(`<${p}row r="${r}">${cells.map((e) => (e as { xml: string }).xml).join('')}</${p}row>`);
    }
    for (const [at, rows] of groups) {
      if (sd.selfClosing && at === sd.start) {
        const open = xml.slice(sd.start, sd.end).replace(/\s*\/>$/, '>');
        splices.push({ start: sd.start, end: sd.end, pieces: [open, ...rows, `</${p}sheetData>`] });
      } else {
        splices.push({ start: at, end: at, pieces: rows });
      }
    }
  }
  if (newDimension && scan.dimension && scan.dimension.ref !== newDimension) {
    const d = scan.dimension;
    splices.push({
      start: d.start,
      end: d.end,
      pieces: [xml.slice(d.start, d.end).replace(/ref="[^"]*"/, `ref="${newDimension}"`)],
    });
  }
  if (!splices.length) return xml;
  splices.sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start));
  const out: string[] = [];
  let cursor = 0;
  for (const s of splices) {
    out.push(xml.slice(cursor, s.start));
    for (const piece of s.pieces) out.push(piece);
    cursor = s.end;
  }
  out.push(xml.slice(cursor));
  return out.join('');
}

/**
 * When every edit of a row replaces a cell it has (nothing inserted or removed, so its
 * `spans` stay right), splices just those cells (`edits` sorted by column) and returns true;
 * the rest of the row is copied with the part. Otherwise changes nothing.
 */
function replaceInPlace(
  row: RowNode,
  edits: Array<CellEdit & { col: number }>,
  open: string,
  splices: Array<{ start: number; end: number; pieces: string[] }>,
): boolean {
  const cells = row.cells;
  if (!cells.length || edits.length > cells.length) return false;
  const at: CellNode[] = [];
  let k = 0;
  for (let i = 0; i < cells.length && k < edits.length; i++) {
    const col = edits[k].col;
    if (col < cells[i].col) return false;
    if (col === cells[i].col) {
      if (!('xml' in edits[k])) return false;
      at.push(cells[i]);
      k++;
    }
  }
  if (k < edits.length) return false;
  if (adjustSpans(open, cells[0].col, cells[cells.length - 1].col) !== open) return false;
  for (let i = 0; i < at.length; i++)
    splices.push({ start: at[i].start, end: at[i].end, pieces: [(edits[i] as { xml: string }).xml] });
  return true;
}

/** Index of the first row numbered above `r` (rows are in order). */
function firstRowAfter(rows: RowNode[], r: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].r <= r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A row's start tag with its `spans` widened to columns lo..hi (when it has spans). */
function adjustSpans(open: string, first: number, last: number): string {
  const m = / spans="(\d+):(\d+)"/.exec(open);
  if (!m) return open;
  const lo = Math.min(Number(m[1]), first);
  const hi = Math.max(Number(m[2]), last);
  if (lo === Number(m[1]) && hi === Number(m[2])) return open;
  return open.replace(m[0], ` spans="${lo}:${hi}"`);
}

export function key(row: number, col: number): string {
  return `${row},${col}`;
}

/** The cached value of a cell, with shared strings resolved. */
export function cachedValue(cell: CellNode, shared: string[]): XValue {
  const t = cell.attrs.t ?? 'n';
  if (t === 'inlineStr') return cell.is ?? '';
  if (cell.v === undefined) return cell.is !== undefined ? cell.is : null;
  switch (t) {
    case 's': {
      const s = shared[Number(cell.v)];
      return s ?? '';
    }
    case 'str':
      return decodeOoxml(cell.v);
    case 'b':
      return cell.v === '1' || cell.v.toLowerCase() === 'true';
    case 'e':
      return { error: cell.v };
    case 'd':
      return cell.v; // ISO date text; rare in Excel output
    default: {
      if (cell.v.trim() === '') return null;
      const n = Number(cell.v);
      return Number.isFinite(n) ? n : cell.v;
    }
  }
}

/** The sheet's dimension grown to cover `extra` cells; undefined when it already does (or there is none). */
export function grownDimension(scan: SheetScan, extra: Array<{ row: number; col: number }>): string | undefined {
  if (!scan.dimension || !extra.length) return undefined;
  const [a, b] = scan.dimension.ref.split(':');
  const p = parseCellRef(a);
  const q = b ? parseCellRef(b) : p;
  if (!p || !q) return undefined;
  let top = Math.min(p.row, q.row),
    left = Math.min(p.col, q.col),
    bottom = Math.max(p.row, q.row),
    right = Math.max(p.col, q.col);
  const before = `${top},${left},${bottom},${right}`;
  for (const e of extra) {
    top = Math.min(top, e.row);
    bottom = Math.max(bottom, e.row);
    left = Math.min(left, e.col);
    right = Math.max(right, e.col);
  }
  if (`${top},${left},${bottom},${right}` === before) return undefined;
  const x = cellRef(top, left);
  const y = cellRef(bottom, Math.min(right, MAX_SHEET_COLS));
  return x === y ? x : `${x}:${y}`;
}
