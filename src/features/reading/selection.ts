/**
 * Reading what the user selected, with the limits every view shares: whole columns or
 * rows are cut to the sheet's used range, a selection over 100,000 rows is refused before
 * anything is read, and large ranges are read in chunks (Excel on the web limits a
 * response to 5 MB).
 */
import type { CellValue } from '../../core';
import type { RangeRead, WorkbookPort } from '../../workbook/port';
import { report, stopIfCancelled, type WorkControl } from '../../base/progress';
import { MAX_SHEET_COLS, MAX_SHEET_ROWS, boxA1, boxCols, boxRows, intersect, parseBox, type Box } from '../../base/a1';

/** The most rows a view reads from a selection. */
export const MAX_ROWS = 100_000;

/** Cells read per round trip (values, formulas, formats and types of each: well under 5 MB). */
export const CELLS_PER_READ = 50_000;

/**
 * Input the user can fix (a selection, a header, a cell): the message says what to do.
 * Nothing was written.
 */
export class InputProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputProblem';
  }
}

export interface ReadSelection {
  sheet: string;
  /** The box read (the selection, cut to the used range). */
  box: Box;
  address: string;
  values: CellValue[][];
  formulas: string[][];
  numberFormats: string[][];
  /** With readSelection's `around`: the selection and the cells right of and below it, read with it. */
  around?: CellsRead;
}

/** Cells read from a box of a sheet, row by row. */
export interface CellsRead {
  box: Box;
  values: CellValue[][];
  formulas: string[][];
}

function rowsText(n: number): string {
  return n.toLocaleString('en-US');
}

/** The selection's sheet and box, whole columns/rows cut to the used range; refuses more than maxRows rows. */
export async function selectedBox(
  port: WorkbookPort,
  what = 'a range',
  maxRows = MAX_ROWS,
): Promise<{ sheet: string; box: Box }> {
  const sel = await port.getSelection();
  if (!sel) throw new InputProblem(`Select ${what} in the workbook first.`);
  const parsed = parseBox(sel.address.includes(',') ? '' : sel.address);
  if (!parsed) {
    throw new InputProblem(
      sel.address.includes(',')
        ? `The selection has several areas (${sel.address}): select one block of cells.`
        : `"${sel.address}" is not a range of cells: select ${what}.`,
    );
  }
  let box = parsed;
  // Whole columns or rows (or just very tall selections) are cut to the cells in use.
  if (boxRows(box) > maxRows || boxCols(box) > 1000) {
    const used = await port.usedRange(sel.sheet);
    const usedBox = used ? parseBox(used) : undefined;
    const cut = usedBox ? intersect(box, usedBox) : undefined;
    if (!cut) throw new InputProblem(`The selection ${sel.address} on "${sel.sheet}" is empty: select ${what}.`);
    box = cut;
  }
  if (boxRows(box) > maxRows) {
    throw new InputProblem(
      `The selection has ${rowsText(boxRows(box))} rows; Outcome ROI reads at most ${rowsText(maxRows)}. Select fewer rows (a summary per source or metric).`,
    );
  }
  return { sheet: sel.sheet, box };
}

/**
 * Reads a box in chunks of rows; the parts are joined as one RangeRead. With a control,
 * each chunk reports the rows read so far and a cancel stops the reading between chunks
 * (nothing has been written: reading only).
 */
export async function readBox(port: WorkbookPort, sheet: string, box: Box, control?: WorkControl): Promise<RangeRead> {
  const cols = boxCols(box);
  const step = Math.max(1, Math.floor(CELLS_PER_READ / cols));
  const out: RangeRead = { values: [], formulas: [], numberFormats: [] };
  const rows = boxRows(box);
  for (let top = box.top; top <= box.bottom; top += step) {
    stopIfCancelled(control);
    report(control, top - box.top, rows, 'rows read');
    const part = await port.readRange(
      sheet,
      boxA1({ top, left: box.left, bottom: Math.min(box.bottom, top + step - 1), right: box.right }),
    );
    out.values.push(...part.values);
    out.formulas.push(...part.formulas);
    out.numberFormats.push(...part.numberFormats);
  }
  report(control, rows, rows, 'rows read');
  return out;
}

/** The used range read in full, up to this many cells (else a single cell stays a single cell). */
const MAX_REGION_CELLS = 2_000_000;

/**
 * Excel's current region of a cell (what Ctrl+A selects first): the smallest block around
 * it bounded by empty rows and columns (diagonal neighbours count). `filled` says whether a
 * cell holds something.
 */
export function regionAround(
  filled: (row: number, col: number) => boolean,
  bounds: Box,
  row: number,
  col: number,
): Box {
  const b: Box = { top: row, left: col, bottom: row, right: col };
  const any = (r0: number, r1: number, c0: number, c1: number) => {
    for (let r = Math.max(r0, bounds.top); r <= Math.min(r1, bounds.bottom); r++)
      for (let c = Math.max(c0, bounds.left); c <= Math.min(c1, bounds.right); c++) if (filled(r, c)) return true;
    return false;
  };
  for (let grew = true; grew;) {
    grew = false;
    if (b.top > bounds.top && any(b.top - 1, b.top - 1, b.left - 1, b.right + 1)) {
      b.top--;
      grew = true;
    }
    if (b.bottom < bounds.bottom && any(b.bottom + 1, b.bottom + 1, b.left - 1, b.right + 1)) {
      b.bottom++;
      grew = true;
    }
    if (b.left > bounds.left && any(b.top - 1, b.bottom + 1, b.left - 1, b.left - 1)) {
      b.left--;
      grew = true;
    }
    if (b.right < bounds.right && any(b.top - 1, b.bottom + 1, b.right + 1, b.right + 1)) {
      b.right++;
      grew = true;
    }
  }
  return b;
}

/** The current region of a cell, read through the port (the cell alone on an empty or huge sheet). */
export async function currentRegion(port: WorkbookPort, sheet: string, row: number, col: number): Promise<Box> {
  const used = await port.usedRange(sheet);
  const usedBox = used ? parseBox(used) : undefined;
  const single = { top: row, left: col, bottom: row, right: col };
  if (!usedBox || boxRows(usedBox) * boxCols(usedBox) > MAX_REGION_CELLS) return single;
  const read = await readBox(port, sheet, usedBox);
  const filled = (r: number, c: number) => {
    const v = read.values[r - usedBox.top]?.[c - usedBox.left];
    return !isBlankCell(v ?? null) || (read.formulas[r - usedBox.top]?.[c - usedBox.left] ?? '') !== '';
  };
  return regionAround(filled, usedBox, row, col);
}

/**
 * The selection, read (see selectedBox for the limits). With `region`, a single selected
 * cell stands for its current region (the table around it), as Excel's Ctrl+A does.
 */
export async function readSelection(
  port: WorkbookPort,
  what = 'a range',
  maxRows = MAX_ROWS,
  options: { region?: boolean; around?: { right: number; minRows: number }; control?: WorkControl } = {},
): Promise<ReadSelection> {
  const picked = await selectedBox(port, what, maxRows);
  const sheet = picked.sheet;
  let box = picked.box;
  if (options.region && box.top === box.bottom && box.left === box.right) {
    box = await currentRegion(port, sheet, box.top, box.left);
    if (boxRows(box) > maxRows)
      throw new InputProblem(
        `The table around the selected cell has ${rowsText(boxRows(box))} rows; Outcome ROI reads at most ${rowsText(maxRows)}.`,
      );
  }
  if (!options.around) {
    const read = await readBox(port, sheet, box, options.control);
    return { sheet, box, address: boxA1(box), ...read };
  }
  // The selection widened by `around` (within the sheet), in the same reads: a caller that
  // will write beside the selection learns what is there without another round trip.
  const wide: Box = {
    top: box.top,
    left: box.left,
    bottom: Math.min(MAX_SHEET_ROWS - 1, Math.max(box.bottom, box.top + options.around.minRows - 1)),
    right: Math.min(MAX_SHEET_COLS - 1, box.right + options.around.right),
  };
  const read = await readBox(port, sheet, wide, options.control);
  const rows = boxRows(box);
  const cols = boxCols(box);
  const cut = <T>(grid: T[][]) => grid.slice(0, rows).map((row) => row.slice(0, cols));
  return {
    sheet,
    box,
    address: boxA1(box),
    values: cut(read.values),
    formulas: cut(read.formulas),
    numberFormats: cut(read.numberFormats),
    around: { box: wide, values: read.values, formulas: read.formulas },
  };
}

/** Is a cell blank (no value)? */
export function isBlankCell(v: CellValue): boolean {
  return v === null || v === undefined || v === '';
}
