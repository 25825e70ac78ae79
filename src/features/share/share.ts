/**
 * Share: "Prepare for sharing" freezes every ROI.* formula to its value, and records the
 * formulas in a very hidden ledger sheet in the format `roi freeze` writes
 * (src/xlsx/ledger-format.ts), so `roi thaw` restores a workbook frozen here and
 * "Restore formulas" restores one frozen by `roi freeze`. Each is one batch through the
 * WorkbookPort, and touches only the ROI cells (their spills included) and the ledger:
 * number formats, styles and every other cell stay as they are.
 */
import { isRoiError, type CellValue } from '../../core';
import type { CellWrite, WorkbookPort, WriteBatch } from '../../workbook/port';
import { toEngineSpelling } from '../../formula/formula';
import {
  LEDGER_HEADER,
  isLedgerSheetName,
  ledgerEntryFor,
  matchesLedgerValue,
  newLedgerName,
  type LedgerEntry,
} from '../../formula/ledger-format';
import { boxA1, cellA1, parseBox, parseCell } from '../../base/a1';
import {
  formulaAt,
  isLedgerRead,
  listRoiFormulas,
  readSheet,
  valueAt,
  type Inventory,
  type RoiFormulaCell,
  type SheetRead,
} from '../reading/inventory';
import { InputProblem, isBlankCell } from '../reading/selection';
import { showCell } from '../../base/format';
import { report, stopIfCancelled, type WorkControl } from '../../base/progress';
import { showValue, xValueOf } from '../../formula/cell-xml';

/** A value to write back as a constant: errors as their code (Excel reads "#N/A" typed as the error), "" as blank. */
function constantOf(v: CellValue): number | string | boolean | null {
  if (v === null || v === undefined || v === '') return null;
  if (isRoiError(v)) return v.code;
  return v;
}

/** The entries of a ledger sheet as read (row 1 is the header). */
export function ledgerEntries(read: SheetRead): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  if (!read.box) return out;
  for (let r = 1; r <= read.box.bottom; r++) {
    const text = (c: number) => {
      const v = valueAt(read, r, c);
      return v === null || v === undefined ? '' : isRoiError(v) ? v.code : String(v);
    };
    const e = { sheet: text(0), ref: text(1), formula: text(2), range: text(3), value: text(4), xml: text(5) };
    if (e.sheet && e.ref) out.push(e);
  }
  return out;
}

function ledgerRow(sheet: string, row: number, cells: string[] | null): CellWrite[] {
  return LEDGER_HEADER.map((_, c) => ({ sheet, address: cellA1(row, c), value: cells ? cells[c] : null }));
}

export interface FreezePlan {
  batch: WriteBatch;
  ledger: string;
  entries: LedgerEntry[];
  /** `value`: as the ledger records it; `shown`: as the cell's number format shows it ("$3,000,000"). */
  frozen: Array<{ sheet: string; address: string; range: string; formula: string; value: string; shown: string }>;
}

/**
 * The batch that freezes `formulas`: each anchor and every cell of its spill become the
 * values they show, and the ledger gets one row per anchor (added to an existing ledger).
 * `spills`: the area each formula fills ("B7:B10"; the anchor alone when it does not spill).
 */
export function planFreeze(
  formulas: readonly RoiFormulaCell[],
  spills: ReadonlyMap<RoiFormulaCell, string>,
  reads: ReadonlyMap<string, SheetRead>,
  existing: { sheets: readonly string[]; ledger?: string; entries: LedgerEntry[] },
): FreezePlan {
  const cells: CellWrite[] = [];
  const fresh: LedgerEntry[] = [];
  const frozen: FreezePlan['frozen'] = [];
  for (const f of formulas) {
    const range = spills.get(f) ?? f.address;
    const box = parseBox(range) ?? { top: f.row, left: f.col, bottom: f.row, right: f.col };
    const read = reads.get(f.sheet);
    // The anchor first: once it holds a value, its spill is gone and the cells below take their own values.
    cells.push({ sheet: f.sheet, address: f.address, value: constantOf(f.value) });
    for (let r = box.top; r <= box.bottom; r++) {
      for (let c = box.left; c <= box.right; c++) {
        if (r === f.row && c === f.col) continue;
        const v = constantOf(valueAt(read, r, c));
        if (v !== null) cells.push({ sheet: f.sheet, address: cellA1(r, c), value: v });
      }
    }
    const entry = ledgerEntryFor(f.sheet, f.address, f.formula, boxA1(box), xValueOf(f.value));
    fresh.push(entry);
    frozen.push({
      sheet: f.sheet,
      address: f.address,
      range: entry.range,
      formula: f.formula,
      value: entry.value,
      shown: showCell(f.value, f.numberFormat),
    });
  }
  const kept = existing.entries.filter(
    (e) => !fresh.some((n) => n.sheet === e.sheet && n.ref.toUpperCase() === e.ref.toUpperCase()),
  );
  const entries = [...kept, ...fresh];
  const ledger = existing.ledger ?? newLedgerName(existing.sheets);
  const batch: WriteBatch = { cells };
  if (!existing.ledger) {
    batch.addSheets = [ledger];
    cells.push(...ledgerRow(ledger, 0, LEDGER_HEADER));
    batch.veryHideSheets = [ledger];
  }
  entries.forEach((e, i) =>
    cells.push(...ledgerRow(ledger, i + 1, [e.sheet, e.ref, e.formula, e.range, e.value, e.xml])),
  );
  for (let i = entries.length; i < existing.entries.length; i++) cells.push(...ledgerRow(ledger, i + 1, null));
  return { batch, ledger, entries, frozen };
}

export interface ShareStatus {
  /** Live ROI formulas in the workbook. */
  live: number;
  /** The ledger sheet and how many formulas it holds, when the workbook was prepared for sharing. */
  ledger?: string;
  frozen: number;
}

export async function shareStatus(port: WorkbookPort, inventory?: Inventory): Promise<ShareStatus> {
  const inv = inventory ?? (await listRoiFormulas(port));
  const ledgerRead = inv.ledger ? inv.reads.get(inv.ledger) : undefined;
  return { live: inv.formulas.length, ledger: inv.ledger, frozen: ledgerRead ? ledgerEntries(ledgerRead).length : 0 };
}

export interface FreezeResult {
  ledger: string;
  frozen: FreezePlan['frozen'];
  /** Formulas recorded in the ledger in all (earlier freezes included). */
  recorded: number;
}

/**
 * "Prepare for sharing": every ROI formula to its value, recorded in the ledger. One batch.
 * Reports the sheets read, then the formulas whose spill was located; a cancel stops it
 * before the batch is sent, so nothing is written.
 */
export async function prepareForSharing(port: WorkbookPort, control?: WorkControl): Promise<FreezeResult> {
  if (!port.spillRanges)
    throw new InputProblem(
      'This workbook connection cannot tell where spilled results end, so the formulas are not frozen.',
    );
  const inv = await listRoiFormulas(port, control);
  const live = inv.formulas.filter((f) => f.unknownFunctions.length === 0);
  if (!live.length) {
    throw new InputProblem(
      inv.ledger
        ? 'There are no live ROI formulas left: the workbook is already prepared for sharing. "Restore formulas" puts them back.'
        : 'There are no ROI formulas in this workbook to freeze.',
    );
  }
  const spills = new Map<RoiFormulaCell, string>();
  const bySheet = new Map<string, RoiFormulaCell[]>();
  for (const f of live) bySheet.set(f.sheet, [...(bySheet.get(f.sheet) ?? []), f]);
  let located = 0;
  report(control, 0, live.length, 'formulas located');
  for (const [sheet, fs] of bySheet) {
    stopIfCancelled(control);
    const areas = await port.spillRanges(
      sheet,
      fs.map((f) => f.address),
    );
    fs.forEach((f, i) => spills.set(f, areas[i] ?? f.address));
    located += fs.length;
    report(control, located, live.length, 'formulas located');
  }
  const ledgerRead = inv.ledger ? inv.reads.get(inv.ledger) : undefined;
  const plan = planFreeze(live, spills, inv.reads, {
    sheets: [...inv.reads.keys()],
    ledger: inv.ledger,
    entries: ledgerRead ? ledgerEntries(ledgerRead) : [],
  });
  stopIfCancelled(control);
  await port.applyBatch(plan.batch);
  return { ledger: plan.ledger, frozen: plan.frozen, recorded: plan.entries.length };
}

export interface ThawPlan {
  batch: WriteBatch;
  restored: Array<{ sheet: string; address: string; formula: string }>;
  warnings: string[];
}

/** The batch that restores a ledger's formulas (and deletes the ledger), with roi thaw's warnings. */
export function planThaw(
  ledger: string,
  entries: readonly LedgerEntry[],
  reads: ReadonlyMap<string, SheetRead>,
): ThawPlan {
  const cells: CellWrite[] = [];
  const restored: ThawPlan['restored'] = [];
  const warnings: string[] = [];
  for (const e of entries) {
    const label = `${e.sheet}!${e.ref}`;
    const read = reads.get(e.sheet);
    const at = parseCell(e.ref);
    if (!read) {
      warnings.push(`${label}: the sheet no longer exists; formula ${e.formula} not restored.`);
      continue;
    }
    if (!at || !e.formula.startsWith('=')) {
      warnings.push(`${label}: the ledger's row is not a recorded formula; not restored.`);
      continue;
    }
    const now = formulaAt(read, at.row, at.col);
    const nowValue = valueAt(read, at.row, at.col);
    if (now.startsWith('=') && !(typeof nowValue === 'string' && nowValue === now)) {
      warnings.push(`${label}: the cell holds a formula again (${now}); left as it is.`);
      continue;
    }
    const box = parseBox(e.range) ?? { top: at.row, left: at.col, bottom: at.row, right: at.col };
    const clear: string[] = [];
    let blocked: string | undefined;
    for (let r = box.top; r <= box.bottom && !blocked; r++) {
      for (let c = box.left; c <= box.right; c++) {
        if (r === at.row && c === at.col) continue;
        const f = formulaAt(read, r, c);
        const v = valueAt(read, r, c);
        if (f.startsWith('=') && !(typeof v === 'string' && v === f)) {
          blocked = cellA1(r, c);
          break;
        }
        if (!isBlankCell(v)) clear.push(cellA1(r, c));
      }
    }
    if (blocked) {
      warnings.push(`${label}: ${blocked}, where its result spills, holds a formula now; ${e.formula} not restored.`);
      continue;
    }
    if (!matchesLedgerValue(xValueOf(nowValue), e.value))
      warnings.push(
        `${label}: the frozen value ${e.value} was changed to ${showValue(xValueOf(nowValue))} after freezing; the formula is restored anyway.`,
      );
    const formula = `=${toEngineSpelling(e.formula.slice(1))}`;
    // The spill's frozen values go first, so the restored formula can spill again.
    for (const a of clear) cells.push({ sheet: e.sheet, address: a, value: null });
    cells.push({ sheet: e.sheet, address: cellA1(at.row, at.col), formula });
    restored.push({ sheet: e.sheet, address: cellA1(at.row, at.col), formula });
  }
  return { batch: { cells, deleteSheets: [ledger] }, restored, warnings };
}

export interface ThawResult extends Omit<ThawPlan, 'batch'> {
  ledger: string;
}

/**
 * "Restore formulas": the ledger's formulas back in their cells, the ledger removed. One
 * batch. Reports the sheets read; a cancel stops it before the batch is sent.
 */
export async function restoreFormulas(port: WorkbookPort, control?: WorkControl): Promise<ThawResult> {
  const sheets = await port.listSheets();
  let ledgerRead: SheetRead | undefined;
  for (const s of sheets) {
    if (!isLedgerSheetName(s)) continue;
    const read = await readSheet(port, s);
    if (isLedgerRead(read)) {
      ledgerRead = read;
      break;
    }
  }
  if (!ledgerRead)
    throw new InputProblem(
      'There is nothing to restore: this workbook has no ROI_Ledger sheet (it was not prepared for sharing, here or with roi freeze).',
    );
  const entries = ledgerEntries(ledgerRead);
  const reads = new Map<string, SheetRead>();
  const wanted = [...new Set(entries.map((e) => e.sheet))].filter((name) => sheets.includes(name));
  report(control, 0, wanted.length, 'sheets read');
  for (const name of wanted) {
    stopIfCancelled(control);
    reads.set(name, await readSheet(port, name));
    report(control, reads.size, wanted.length, 'sheets read');
  }
  const plan = planThaw(ledgerRead.sheet, entries, reads);
  if (entries.length && !plan.restored.length)
    throw new InputProblem(`No formula could be restored, so the ledger is kept: ${plan.warnings.join(' ')}`);
  stopIfCancelled(control);
  await port.applyBatch(plan.batch);
  return { ledger: ledgerRead.sheet, restored: plan.restored, warnings: plan.warnings };
}
