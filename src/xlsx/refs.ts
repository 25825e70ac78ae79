/**
 * A file's own row and column numbers. OOXML counts from 1 (<row r="7">, <c r="B7">,
 * ref="B7:B10"), src/base/a1 from 0: these read and write the file's numbers through that
 * one A1 implementation, so the package code keeps the numbers the XML carries.
 */
import { boxA1, cellA1, parseCell, parseCellRange, type Box } from '../base/a1';

/** A range in the file's numbers: 1-based, inclusive. */
export type RangeRef = Box;

/** "B7" -> {row: 7, col: 2} (1-based). Undefined for anything else. */
export function parseCellRef(ref: string): { row: number; col: number } | undefined {
  const c = parseCell(ref);
  return c && { row: c.row + 1, col: c.col + 1 };
}

/** {row: 7, col: 2} (1-based) -> "B7". */
export function cellRef(row: number, col: number): string {
  return cellA1(row - 1, col - 1);
}

/** "B7:C10" (or "B7") -> 1-based corners. Undefined for anything else. */
export function parseRangeRef(ref: string): RangeRef | undefined {
  const b = parseCellRange(ref);
  return b && { top: b.top + 1, left: b.left + 1, bottom: b.bottom + 1, right: b.right + 1 };
}

/** 1-based corners -> "B7:C10" ("B7" for one cell). */
export function rangeRefToString(r: RangeRef): string {
  return boxA1({ top: r.top - 1, left: r.left - 1, bottom: r.bottom - 1, right: r.right - 1 });
}
