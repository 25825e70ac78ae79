/**
 * A worksheet part, read with saxes: every row and cell of <sheetData> with its exact
 * source offsets, the cell's attributes, formula (<f>) and value (<v> / inline string).
 * `rebuildSheet` then writes the part again in one pass, replacing, removing or inserting
 * only the cells it is given and copying every other byte as it was.
 */
import { SaxesParser } from 'saxes';
import { XlsxError } from './errors';
import { MAX_SHEET_COLS } from '../base/a1';
import { cellRef, parseCellRef } from './refs';
import { localName, prefixOf, runParser } from './xml';
import type { XValue } from '../formula/cell-xml';

export interface FormulaNode {
  attrs: Record<string, string>;
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
  /** Text of <v>, undefined when there is none. */
  v?: string;
  /** Text of an inline string (<is>), undefined when there is none. */
  is?: string;
}

export interface RowNode {
  r: number;
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
  attrs: Record<string, string>;
  cells: CellNode[];
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

export function scanSheet(xml: string, part: string): SheetScan {
  const parser = new SaxesParser({ position: true });
  const scan: SheetScan = { rows: [], prefix: '' };
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
  parser.on('opentag', (tag) => {
    depth++;
    const name = localName(tag.name);
    const pos = parser.position;
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
      scan.dimension = { start, end: pos, ref: tag.attributes.ref as string };
      return;
    }
    if (depthInSheetData < 0) return;
    const attrs = tag.attributes as Record<string, string>;
    if (name === 'row' && depth === depthInSheetData + 1) {
      const r = attrs.r ? Number(attrs.r) : lastRow + 1;
      lastRow = r;
      lastCol = 0;
      row = {
        r,
        start: xml.lastIndexOf('<', pos - 1),
        openEnd: pos,
        closeStart: pos,
        end: pos,
        selfClosing: tag.isSelfClosing,
        attrs,
        cells: [],
      };
      scan.rows.push(row);
    } else if (name === 'c' && row && depth === depthInSheetData + 2) {
      let rc = attrs.r ? parseCellRef(attrs.r) : undefined;
      if (!rc) rc = { row: row.r, col: lastCol + 1 };
      lastCol = rc.col;
      cell = {
        ref: attrs.r ?? cellRef(rc.row, rc.col),
        row: rc.row,
        col: rc.col,
        start: xml.lastIndexOf('<', pos - 1),
        end: pos,
        attrs,
      };
      row.cells.push(cell);
    } else if (cell && depth === depthInSheetData + 3) {
      if (name === 'f') {
        cell.f = { attrs, text: '', start: xml.lastIndexOf('<', pos - 1), end: pos };
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
  });
  parser.on('text', (t) => {
    if (collect) text += t;
  });
  parser.on('cdata', (t) => {
    if (collect) text += t;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    const pos = parser.position;
    if (depthInSheetData >= 0) {
      if (name === 'sheetData' && depth === depthInSheetData) {
        scan.sheetData!.end = pos;
        scan.sheetData!.closeStart = scan.sheetData!.selfClosing ? pos : xml.lastIndexOf('<', pos - 1);
        depthInSheetData = -2; // done; ignore anything after
      } else if (name === 'row' && row && depth === depthInSheetData + 1) {
        row.end = pos;
        row.closeStart = row.selfClosing ? pos : xml.lastIndexOf('<', pos - 1);
        row = undefined;
      } else if (name === 'c' && cell && depth === depthInSheetData + 2) {
        cell.end = pos;
        cell = undefined;
      } else if (cell) {
        if (name === 'f' && cell.f && depth === depthInSheetData + 3) {
          if (collect === 'f') cell.f.text = text;
          cell.f.end = pos;
          collect = undefined;
        } else if (name === 'v' && collect === 'v') {
          cell.v = text;
          collect = undefined;
        } else if (name === 't' && collect === 't') {
          cell.is += text;
          collect = undefined;
        } else if (name === 'rPh') {
          inRph = false;
        } else if (name === 'is') {
          inIs = false;
        }
      }
    } else if (name === 'sheetProtection' && protectionStart >= 0) {
      scan.protection = xml.slice(protectionStart, pos);
      protectionStart = -1;
    }
    depth--;
  });
  runParser(parser, xml, part);
  if (!scan.sheetData) throw new XlsxError(`${part} has no <sheetData>`, 'corrupt');
  return scan;
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
  const splices: Array<{ start: number; end: number; text: string }> = [];
  const existingRows = new Set(scan.rows.map((r) => r.r));

  for (const row of scan.rows) {
    const rowEdits = byRow.get(row.r);
    if (!rowEdits) continue;
    const byCol = new Map(rowEdits.map((e) => [e.col, e]));
    const inserts = rowEdits
      .filter((e) => !row.cells.some((c) => c.col === e.col) && 'xml' in e)
      .sort((a, b) => a.col - b.col);
    const parts: string[] = [];
    let open = xml.slice(row.start, row.openEnd);
    if (row.selfClosing) open = open.replace(/\s*\/>$/, '>');
    const cols = [
      ...row.cells.filter((c) => !(byCol.get(c.col) && 'remove' in byCol.get(c.col)!)).map((c) => c.col),
      ...inserts.map((e) => e.col),
    ];
    open = adjustSpans(open, cols);
    parts.push(open);
    let cursor = row.openEnd;
    let k = 0;
    for (const c of row.cells) {
      // whatever sits between cells (whitespace) is kept
      parts.push(xml.slice(cursor, c.start));
      while (k < inserts.length && inserts[k].col < c.col) parts.push((inserts[k++] as { xml: string }).xml);
      const e = byCol.get(c.col);
      if (!e) parts.push(xml.slice(c.start, c.end));
      else if ('xml' in e) parts.push(e.xml);
      cursor = c.end;
    }
    if (!row.selfClosing) parts.push(xml.slice(cursor, row.closeStart));
    while (k < inserts.length) parts.push((inserts[k++] as { xml: string }).xml);
    parts.push(row.selfClosing ? `</${p}row>` : xml.slice(row.closeStart, row.end));
    splices.push({ start: row.start, end: row.end, text: parts.join('') });
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
      const next = scan.rows.find((x) => x.r > r);
      const at = next ? next.start : sd.selfClosing ? sd.start : sd.closeStart;
      let g = groups.get(at);
      if (!g) groups.set(at, (g = []));
      g.push(`<${p}row r="${r}">${cells.map((e) => (e as { xml: string }).xml).join('')}</${p}row>`);
    }
    for (const [at, rows] of groups) {
      if (sd.selfClosing && at === sd.start) {
        const open = xml.slice(sd.start, sd.end).replace(/\s*\/>$/, '>');
        splices.push({ start: sd.start, end: sd.end, text: `${open}${rows.join('')}</${p}sheetData>` });
      } else {
        splices.push({ start: at, end: at, text: rows.join('') });
      }
    }
  }
  if (newDimension && scan.dimension && scan.dimension.ref !== newDimension) {
    const d = scan.dimension;
    splices.push({
      start: d.start,
      end: d.end,
      text: xml.slice(d.start, d.end).replace(/ref="[^"]*"/, `ref="${newDimension}"`),
    });
  }
  if (!splices.length) return xml;
  splices.sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start));
  const out: string[] = [];
  let cursor = 0;
  for (const s of splices) {
    out.push(xml.slice(cursor, s.start), s.text);
    cursor = s.end;
  }
  out.push(xml.slice(cursor));
  return out.join('');
}

function adjustSpans(open: string, cols: number[]): string {
  const m = / spans="(\d+):(\d+)"/.exec(open);
  if (!m || !cols.length) return open;
  const lo = Math.min(Number(m[1]), ...cols);
  const hi = Math.max(Number(m[2]), ...cols);
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
      return cell.v;
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
