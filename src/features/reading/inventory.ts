/**
 * Every ROI.* formula in the workbook, read through the WorkbookPort: sheet, cell,
 * formula, value, grouped by sheet (the freeze ledger sheets left out). The sheets' used
 * ranges are read once (in chunks) and kept, so the checks and the freeze that follow
 * read cells from memory instead of asking the workbook again.
 */
import { report, stopIfCancelled, type WorkControl } from '../../base/progress';
import { getFunction, isRoiError, type CellValue } from '../../core';
import type { WorkbookPort } from '../../workbook/port';
import { findRoiCalls, type RoiCall } from '../../formula/formula';
import { LEDGER_HEADER, isLedgerSheetName } from '../../formula/ledger-format';
import { cellA1, parseBox, type Box } from '../../base/a1';
import { readBox } from './selection';

export interface RoiFormulaCell {
  sheet: string;
  /** "B7" */
  address: string;
  row: number;
  col: number;
  /** As Excel shows it: "=ROI.REQUIREDLEADS(B2,B3,B4:B6)". */
  formula: string;
  value: CellValue;
  /** The cell's number format ("$#,##0"; "General" or undefined when none was read). */
  numberFormat?: string;
  calls: RoiCall[];
  /** Shows #NAME? although it calls a function Outcome ROI has: typed while the add-in was not loaded. */
  stuck: boolean;
  /** Calls a ROI.* name Outcome ROI does not have (ROI.FOO). */
  unknownFunctions: string[];
}

/** What was read of one sheet: its used range, values and formulas. */
export interface SheetRead {
  sheet: string;
  box: Box | null;
  values: CellValue[][];
  formulas: string[][];
  /** Number formats, when they were read. */
  numberFormats?: string[][];
}

export interface Inventory {
  sheets: Array<{ sheet: string; formulas: RoiFormulaCell[] }>;
  formulas: RoiFormulaCell[];
  /** The freeze ledger sheet, when there is one (not listed among the sheets). */
  ledger?: string;
  /** Every sheet read, by name (the ledger too). */
  reads: Map<string, SheetRead>;
}

/** The value of a cell from what was read (null outside the used range). */
export function valueAt(read: SheetRead | undefined, row: number, col: number): CellValue {
  if (!read?.box) return null;
  return read.values[row - read.box.top]?.[col - read.box.left] ?? null;
}

export function formulaAt(read: SheetRead | undefined, row: number, col: number): string {
  if (!read?.box) return '';
  return read.formulas[row - read.box.top]?.[col - read.box.left] ?? '';
}

export async function readSheet(port: WorkbookPort, sheet: string): Promise<SheetRead> {
  const used = await port.usedRange(sheet);
  const box = used ? parseBox(used) : undefined;
  if (!box) return { sheet, box: null, values: [], formulas: [] };
  const r = await readBox(port, sheet, box);
  return { sheet, box, values: r.values, formulas: r.formulas, numberFormats: r.numberFormats };
}

/** Is this sheet, as read, a freeze ledger (its name, and the header roi freeze writes)? */
export function isLedgerRead(read: SheetRead): boolean {
  if (!isLedgerSheetName(read.sheet) || !read.box) return false;
  return valueAt(read, 0, 5) === LEDGER_HEADER[5];
}

/** The ROI formulas of one sheet as read. */
export function roiFormulasOf(read: SheetRead): RoiFormulaCell[] {
  const out: RoiFormulaCell[] = [];
  if (!read.box) return out;
  read.formulas.forEach((row, i) =>
    row.forEach((f, j) => {
      if (typeof f !== 'string' || !f.startsWith('=')) return;
      const value = read.values[i]?.[j] ?? null;
      // Text that only looks like a formula ('=ROI.X typed as text) reads back as itself.
      if (typeof value === 'string' && value === f) return;
      const calls = findRoiCalls(f.slice(1));
      if (!calls.length) return;
      const unknownFunctions = [...new Set(calls.filter((c) => !getFunction(c.id)).map((c) => `ROI.${c.id}`))];
      const row0 = read.box!.top + i;
      const col0 = read.box!.left + j;
      out.push({
        sheet: read.sheet,
        address: cellA1(row0, col0),
        row: row0,
        col: col0,
        formula: f,
        value,
        numberFormat: read.numberFormats?.[i]?.[j],
        calls,
        stuck: isRoiError(value) && value.code === '#NAME?' && unknownFunctions.length === 0,
        unknownFunctions,
      });
    }),
  );
  return out;
}

/** Reads every sheet and lists its ROI formulas. */
export async function listRoiFormulas(port: WorkbookPort, control?: WorkControl): Promise<Inventory> {
  const names = await port.listSheets();
  report(control, 0, names.length, 'sheets read');
  const reads = new Map<string, SheetRead>();
  const sheets: Inventory['sheets'] = [];
  let ledger: string | undefined;
  for (const sheet of names) {
    stopIfCancelled(control);
    const read = await readSheet(port, sheet);
    reads.set(sheet, read);
    report(control, reads.size, names.length, 'sheets read');
    if (isLedgerRead(read)) {
      ledger ??= sheet;
      continue;
    }
    const formulas = roiFormulasOf(read);
    if (formulas.length) sheets.push({ sheet, formulas });
  }
  return { sheets, formulas: sheets.flatMap((s) => s.formulas), ledger, reads };
}
