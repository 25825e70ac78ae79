/**
 * A1 addresses for the views' logic: cells, boxes, whole columns ("A:F") and rows
 * ("3:5"), absolute references and sheet-qualified references. Pure: no Office, no
 * HyperFormula (this module ships in the add-in bundle); column letters come from
 * src/workbook/a1.ts, shared with both adapters.
 */
import { colToIndex, indexToCol } from '../workbook/a1';

/** Excel's grid. */
export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_SHEET_COLS = 16_384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export { colToIndex, indexToCol };

/** "B7" for row 6, column 1 (0-based). */
export function cellA1(row: number, col: number): string {
  return `${indexToCol(col)}${row + 1}`;
}

/** "$B$7". */
export function absCellA1(row: number, col: number): string {
  return `$${indexToCol(col)}$${row + 1}`;
}

export function boxA1(b: Box): string {
  const a = cellA1(b.top, b.left);
  return b.top === b.bottom && b.left === b.right ? a : `${a}:${cellA1(b.bottom, b.right)}`;
}

export function absBoxA1(b: Box): string {
  const a = absCellA1(b.top, b.left);
  return b.top === b.bottom && b.left === b.right ? a : `${a}:${absCellA1(b.bottom, b.right)}`;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

/** A cell "B7" (0-based), or undefined. */
export function parseCell(a: string): { row: number; col: number } | undefined {
  const m = CELL.exec(a.trim());
  if (!m) return undefined;
  const row = Number(m[2]) - 1;
  const col = colToIndex(m[1]);
  if (row < 0 || row >= MAX_SHEET_ROWS || col < 0 || col >= MAX_SHEET_COLS) return undefined;
  return { row, col };
}

/**
 * A box from "B7", "B7:D12", "A:F" (whole columns) or "3:5" (whole rows), with or
 * without $; undefined for anything else (a name, several areas).
 */
export function parseBox(address: string): Box | undefined {
  const parts = address.trim().split(':');
  if (parts.length > 2) return undefined;
  const [p, q = p] = parts;
  const a = parseCell(p);
  const b = parseCell(q);
  if (a && b)
    return {
      top: Math.min(a.row, b.row),
      left: Math.min(a.col, b.col),
      bottom: Math.max(a.row, b.row),
      right: Math.max(a.col, b.col),
    };
  if (parts.length === 2) {
    const c1 = COL.exec(p.trim());
    const c2 = COL.exec(q.trim());
    if (c1 && c2) {
      const x = colToIndex(c1[1]);
      const y = colToIndex(c2[1]);
      if (x < MAX_SHEET_COLS && y < MAX_SHEET_COLS)
        return { top: 0, left: Math.min(x, y), bottom: MAX_SHEET_ROWS - 1, right: Math.max(x, y) };
    }
    const r1 = ROW.exec(p.trim());
    const r2 = ROW.exec(q.trim());
    if (r1 && r2 && Number(r1[1]) >= 1 && Number(r2[1]) >= 1) {
      const x = Number(r1[1]) - 1;
      const y = Number(r2[1]) - 1;
      return { top: Math.min(x, y), left: 0, bottom: Math.max(x, y), right: MAX_SHEET_COLS - 1 };
    }
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

/** A sheet name as formulas write it: bare when Excel allows, else quoted ('Q1 plan'). */
export function sheetRef(sheet: string): string {
  const bare =
    /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*$/.test(sheet) &&
    !CELL.test(sheet) &&
    !/^R\d*C\d*$/i.test(sheet) &&
    !/^(TRUE|FALSE)$/i.test(sheet);
  return bare ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** "Sheet1!$B$3:$B$9" (bare on the same sheet when `from` is that sheet). */
export function qualified(sheet: string, address: string, from?: string): string {
  return from === sheet ? address : `${sheetRef(sheet)}!${address}`;
}

/** The cell `rows` down and `cols` right of a cell. */
export function offsetCell(a: string, rows: number, cols: number): string {
  const c = parseCell(a);
  if (!c) throw new Error(`"${a}" is not a cell address.`);
  return cellA1(c.row + rows, c.col + cols);
}
