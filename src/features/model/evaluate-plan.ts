/**
 * The model sheet computed in TypeScript: the plan's cells, their constants and their
 * formula trees, evaluated as the sheet would evaluate them (references resolved to the
 * cells and ranges they name, spills filled from their anchors, errors propagated as in
 * cells). This is how the task pane previews every number before anything is written:
 * "resolve the names, then evaluate", with the very trees the sheet's formulas are
 * rendered from, so the pane and the sheet cannot disagree.
 *
 * Pure TypeScript: no Office, no DOM, no engine.
 */
import { cellA1, parseCellRange } from '../../base/a1';
import { RoiError, type CellValue } from '../../core';
import { addressOfKey, evaluate, type Value } from './expr';
import type { ModelPlan } from './plan';

/** A cell's value by address (blank: null). */
export type PlanValues = (address: string) => CellValue;

const CYCLE = new RoiError('#REF!', 'A formula of the model refers to itself.');

export function evaluatePlan(plan: ModelPlan): PlanValues {
  const constants = new Map<string, CellValue>();
  for (const c of plan.batch.cells)
    if (c.value !== undefined) constants.set(c.address, c.value === '' ? null : c.value);
  const memo = new Map<string, CellValue>();
  const busy = new Set<string>();
  // Each cell of a spill zone -> its anchor.
  const spilledFrom = new Map<string, string>();
  for (const [anchor, zone] of plan.spillAnchors) {
    const b = parseCellRange(zone);
    if (!b) continue;
    for (let r = b.top; r <= b.bottom; r++)
      for (let c = b.left; c <= b.right; c++) if (cellA1(r, c) !== anchor) spilledFrom.set(cellA1(r, c), anchor);
  }

  const valueAt = (address: string): CellValue => {
    if (memo.has(address)) return memo.get(address)!;
    const expr = plan.formulas.get(address);
    if (expr) {
      if (busy.has(address)) return CYCLE;
      busy.add(address);
      const v = evaluate(expr, env);
      busy.delete(address);
      if (Array.isArray(v)) {
        // A spill: the anchor holds the top-left value; the zone's other cells the rest.
        const b = parseCellRange(address)!;
        v.forEach((row, r) =>
          row.forEach((x, c) => {
            if (r || c) memo.set(cellA1(b.top + r, b.left + c), x ?? null);
          }),
        );
        memo.set(address, v[0]?.[0] ?? null);
      } else memo.set(address, v);
      return memo.get(address)!;
    }
    if (constants.has(address)) return constants.get(address)!;
    const anchor = spilledFrom.get(address);
    if (anchor) {
      valueAt(anchor);
      if (!memo.has(address)) memo.set(address, null);
      return memo.get(address)!;
    }
    return null;
  };

  const env = (key: string): Value => {
    const address = addressOfKey(key) ?? plan.refs.get(key);
    if (!address) return new RoiError('#NAME?', `The model has no "${key}".`);
    const b = parseCellRange(address);
    if (!b) return new RoiError('#REF!', `"${address}" is not a cell.`);
    if (b.top === b.bottom && b.left === b.right) return valueAt(cellA1(b.top, b.left));
    const grid: CellValue[][] = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const row: CellValue[] = [];
      for (let c = b.left; c <= b.right; c++) row.push(valueAt(cellA1(r, c)));
      grid.push(row);
    }
    return grid;
  };

  return valueAt;
}
