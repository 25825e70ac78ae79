/**
 * The Review view's logic: the inventory of ROI formulas (inventory.ts) and roi check's
 * assumption rules (src/xlsx/assumptions.ts, the very functions `roi check` runs), with
 * the arguments evaluated through the WorkbookPort instead of HyperFormula.
 */
import { getFunction } from '../../core';
import type { WorkbookPort } from '../../workbook/port';
import { assumptionFlags, type Flag } from '../../formula/assumptions';
import { ArgEvaluator } from './evaluate';
import { listRoiFormulas, type Inventory, type RoiFormulaCell } from '../reading/inventory';
import { sheetRef } from '../../base/a1';
import { report, stopIfCancelled, type WorkControl } from '../../base/progress';

export interface ReviewFlag extends Flag {
  sheet: string;
  address: string;
}

export interface Review {
  inventory: Inventory;
  flags: ReviewFlag[];
  /** Formulas showing #NAME? though their function exists (typed while the add-in was not loaded). */
  stuck: RoiFormulaCell[];
  /** Formulas calling ROI.* names Outcome ROI does not have. */
  unknown: RoiFormulaCell[];
}

/** The checks of one formula, its arguments read through `evaluator`. */
export async function checkFormula(f: RoiFormulaCell, evaluator: ArgEvaluator): Promise<ReviewFlag[]> {
  // roi check's rules ask for the numbers of rate arguments; evaluate those first (async), then run them.
  const numbers = new Map<string, number[]>();
  for (const call of f.calls) {
    const spec = getFunction(call.id);
    for (const [i, a] of call.args.entries()) {
      const kind = spec?.params[i]?.kind;
      if ((kind === 'rate' || kind === 'rateList') && !numbers.has(a.text))
        numbers.set(a.text, await evaluator.numbers(a.text, f.sheet));
    }
  }
  const cell = `${sheetRef(f.sheet)}!${f.address}`;
  return assumptionFlags(cell, f.calls, (text) => numbers.get(text) ?? []).map((fl) => ({
    ...fl,
    sheet: f.sheet,
    address: f.address,
  }));
}

/**
 * Reads the workbook once and reviews every ROI formula in it, reporting the sheets read
 * and then the formulas checked; a cancel stops it between two of them (it writes nothing).
 */
export async function reviewWorkbook(port: WorkbookPort, control?: WorkControl): Promise<Review> {
  const inventory = await listRoiFormulas(port, control);
  const evaluator = new ArgEvaluator(port, { reads: inventory.reads });
  const flags: ReviewFlag[] = [];
  const total = inventory.formulas.length;
  report(control, 0, total, 'formulas checked');
  for (const [i, f] of inventory.formulas.entries()) {
    stopIfCancelled(control);
    flags.push(...(await checkFormula(f, evaluator)));
    report(control, i + 1, total, 'formulas checked');
  }
  return {
    inventory,
    flags,
    stuck: inventory.formulas.filter((f) => f.stuck),
    unknown: inventory.formulas.filter((f) => f.unknownFunctions.length > 0),
  };
}
