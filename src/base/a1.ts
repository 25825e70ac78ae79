/**
 * A1 addresses, the one implementation every layer uses: column letters, cells and boxes
 * (0-based rows and columns), whole columns ("A:F") and rows ("3:5"), absolute references,
 * sheet names as formulas write them, and sheet-qualified references ("'Q1 plan'!B2:C4").
 *
 * Rows and columns count from 0 here, as the WorkbookPort and the views do; a file's own
 * numbers (OOXML's <row r="7">) count from 1 and are converted at that boundary
 * (src/xlsx/refs.ts). Pure: no Office, no DOM, no HyperFormula (it ships in the add-in).
 */

/** Excel's grid. */
export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_SHEET_COLS = 16_384;

/** One cell, 0-based. */
export interface Cell {
  row: number;
  col: number;
}

/** A rectangle of cells, 0-based and inclusive. */
export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** "A" -> 0, "AA" -> 26 (letters of any case). */
export function colToIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0 -> "A", 26 -> "AA". */
export function indexToCol(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "B7" for row 6, column 1 (0-based). */
export function cellA1(row: number, col: number): string {
  return `${indexToCol(col)}${row + 1}`;
}

/** "$B$7". */
export function absCellA1(row: number, col: number): string {
  return `$${indexToCol(col)}$${row + 1}`;
}

/** "B7", or "B7:D12" for a box of more than one cell. */
export function boxA1(b: Box): string {
  const a = cellA1(b.top, b.left);
  return b.top === b.bottom && b.left === b.right ? a : `${a}:${cellA1(b.bottom, b.right)}`;
}

/** "$B$7", or "$B$7:$D$12". */
export function absBoxA1(b: Box): string {
  const a = absCellA1(b.top, b.left);
  return b.top === b.bottom && b.left === b.right ? a : `${a}:${absCellA1(b.bottom, b.right)}`;
}

/** The same cell or range with every row and column made absolute: "B2:C4" -> "$B$2:$C$4". Other text is returned as it is. */
export function absoluteA1(address: string): string {
  const b = parseCellRange(address);
  return b ? absBoxA1(b) : address;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

/**
 * "B7" as a sheet writes every cell's reference (capitals, then a row number without a
 * leading zero), read by character codes (0-based), or undefined for anything else, or
 * past Excel's grid: parseCell's first step, and the whole of it for a sheet's cells.
 */
export function plainCell(a: string): Cell | undefined {
  let i = 0;
  let col = 0;
  for (; i < 3 && i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c < 0x41 || c > 0x5a) break;
    col = col * 26 + (c - 0x40);
  }
  if (i === 0 || a.length - i > 7 || a.charCodeAt(i) === 0x30) return undefined;
  let row = 0;
  for (let j = i; j < a.length; j++) {
    const c = a.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return undefined;
    row = row * 10 + (c - 0x30);
  }
  if (row < 1 || row > MAX_SHEET_ROWS || col > MAX_SHEET_COLS) return undefined;
  return { row: row - 1, col: col - 1 };
}

/** A cell "B7" or "$B$7" (0-based), or undefined (anything else, or past Excel's grid). */
export function parseCell(a: string): Cell | undefined {
  const plain = plainCell(a);
  if (plain) return plain;
  const m = CELL.exec(a.trim());
  if (!m) return undefined;
  const row = Number(m[2]) - 1;
  const col = colToIndex(m[1]);
  if (row < 0 || row >= MAX_SHEET_ROWS || col < 0 || col >= MAX_SHEET_COLS) return undefined;
  return { row, col };
}

function span(a: Cell, b: Cell): Box {
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

/** A box from cells only: "B7" or "B7:D12" (either corner first, with or without $); undefined for anything else. */
export function parseCellRange(address: string): Box | undefined {
  const parts = address.trim().split(':');
  if (parts.length > 2) return undefined;
  const a = parseCell(parts[0]);
  const b = parts.length === 2 ? parseCell(parts[1]) : a;
  return a && b ? span(a, b) : undefined;
}

/**
 * A box from "B7", "B7:D12", "A:F" (whole columns) or "3:5" (whole rows), with or
 * without $; undefined for anything else (a name, several areas).
 */
export function parseBox(address: string): Box | undefined {
  const cells = parseCellRange(address);
  if (cells) return cells;
  const parts = address.trim().split(':');
  if (parts.length !== 2) return undefined;
  const [p, q] = parts.map((s) => s.trim());
  const c1 = COL.exec(p);
  const c2 = COL.exec(q);
  if (c1 && c2) {
    const x = colToIndex(c1[1]);
    const y = colToIndex(c2[1]);
    if (x < MAX_SHEET_COLS && y < MAX_SHEET_COLS)
      return { top: 0, left: Math.min(x, y), bottom: MAX_SHEET_ROWS - 1, right: Math.max(x, y) };
  }
  const r1 = ROW.exec(p);
  const r2 = ROW.exec(q);
  if (r1 && r2 && Number(r1[1]) >= 1 && Number(r2[1]) >= 1) {
    const x = Number(r1[1]) - 1;
    const y = Number(r2[1]) - 1;
    if (x < MAX_SHEET_ROWS && y < MAX_SHEET_ROWS)
      return { top: Math.min(x, y), left: 0, bottom: Math.max(x, y), right: MAX_SHEET_COLS - 1 };
  }
  return undefined;
}

export function boxRows(b: Box): number {
  return b.bottom - b.top + 1;
}

export function boxCols(b: Box): number {
  return b.right - b.left + 1;
}

export function intersect(a: Box, b: Box): Box | undefined {
  const top = Math.max(a.top, b.top);
  const left = Math.max(a.left, b.left);
  const bottom = Math.min(a.bottom, b.bottom);
  const right = Math.min(a.right, b.right);
  return top <= bottom && left <= right ? { top, left, bottom, right } : undefined;
}

export function contains(outer: Box, row: number, col: number): boolean {
  return row >= outer.top && row <= outer.bottom && col >= outer.left && col <= outer.right;
}

/** The cell `rows` down and `cols` right of a cell. */
export function offsetCell(a: string, rows: number, cols: number): string {
  const c = parseCell(a);
  if (!c) throw new Error(`"${a}" is not a cell address.`);
  return cellA1(c.row + rows, c.col + cols);
}

/* ---------- sheet names and sheet-qualified references ---------- */

/** A sheet name as formulas write it: bare when Excel allows, else quoted ('Q1 plan'). */
export function sheetRef(sheet: string): string {
  const bare =
    /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*$/.test(sheet) &&
    !CELL.test(sheet) &&
    !/^R\d*C\d*$/i.test(sheet) &&
    !/^(TRUE|FALSE)$/i.test(sheet);
  return bare ? sheet : quoteSheet(sheet);
}

/** A sheet name always quoted ('Sheet1'): valid for any name, as files and the engine's names store it. */
export function quoteSheet(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** "Sheet1!$B$3:$B$9" (bare on the same sheet when `from` is that sheet). */
export function qualified(sheet: string, address: string, from?: string): string {
  return from === sheet ? address : `${sheetRef(sheet)}!${address}`;
}

/** "'ROI Model'!B2:C4" -> { sheet: "ROI Model", address: "B2:C4" }; no "!" -> sheet "". The address is not checked. */
export function splitAddress(full: string): { sheet: string; address: string } {
  const i = full.lastIndexOf('!');
  if (i < 0) return { sheet: '', address: full };
  let sheet = full.slice(0, i);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, address: full.slice(i + 1) };
}

const QUALIFIED = /^(?:(?:'((?:[^']|'')+)'|([A-Za-z0-9_.\u00C0-\uFFFF]+))!)?([^!']+)$/;

/**
 * A reference as a formula writes it: "B7", "$B$2:$D$9", "A:F", "3:5", optionally after a
 * sheet ("Sheet1!B7", "'Q1 plan'!B2:C4"). Undefined for anything else (names, functions).
 */
export function parseRef(text: string): { sheet?: string; address: string; box: Box } | undefined {
  const m = QUALIFIED.exec(text.trim());
  if (!m) return undefined;
  const box = parseBox(m[3]);
  if (!box || /\s/.test(m[3])) return undefined;
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  return sheet === undefined ? { address: m[3], box } : { sheet, address: m[3], box };
}
