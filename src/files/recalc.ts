/**
 * roi recalc: evaluate the whole workbook, report stale, stuck, damaged and erroring
 * cells, and (when asked) write the package back with fresh cached values and every ROI
 * call in the resolved spelling.
 */
import type { XlsxPackage } from '../xlsx/package';
import { applyPlan, cellName, planRecalc, type Plan, type PlannedFormula } from './plan';
import { loadWorkbook } from '../xlsx/workbook';
import { evaluateWorkbook } from '../engine/evaluate';
import type { Progress } from '../xlsx/progress';
import { rangeRefToString } from '../xlsx/refs';
import { isXError, type XValue } from '../formula/cell-xml';
import { showValue } from '../formula/cell-xml';

export interface RecalcReport {
  formulas: number;
  roiFormulas: number;
  stale: Array<{ cell: string; formula: string; old: string; new: string; roi: boolean }>;
  resolved: Array<{ cell: string; formula: string; was: string[]; value: string }>;
  errors: Array<{ cell: string; formula: string; error: string; message: string }>;
  notEvaluated: Array<{ cell: string; formula: string; reason: string }>;
  engineDiffers: Array<{ cell: string; formula: string; excel: string; engine: string }>;
  skippedNames: Array<{ name: string; reason: string }>;
  /** Cells whose XML changes (ROI formulas and their spills, downstream formulas). */
  cellsChanged: number;
}

function spillText(p: PlannedFormula, v: XValue): string {
  const size = p.grid.length * (p.grid[0]?.length ?? 1);
  return size > 1 ? `${showValue(v)} (spill ${rangeRefToString(p.range)})` : showValue(v);
}

export function reportOf(plan: Plan): RecalcReport {
  const r: RecalcReport = {
    formulas: plan.formulas.length,
    roiFormulas: 0,
    stale: [],
    resolved: [],
    errors: [],
    notEvaluated: [],
    engineDiffers: [],
    skippedNames: plan.evaluation.skippedNames,
    cellsChanged: 0,
  };
  for (const p of plan.formulas) {
    const cell = cellName(p.f);
    const formula = `=${p.f.formula}`;
    if (p.roi) r.roiFormulas++;
    if (p.rewrite) r.cellsChanged++;
    if (!p.ev.evaluated) {
      if (p.roi || !/^baseline$/.test(p.ev.reason ?? ''))
        r.notEvaluated.push({ cell, formula, reason: p.ev.reason ?? 'not evaluated' });
      continue;
    }
    if (p.engineDiffers) {
      const ev = p.ev.value ?? null;
      r.engineDiffers.push({ cell, formula, excel: showValue(p.f.cached), engine: showValue(ev) });
    }
    if (p.stale && !(p.roi && (p.f.stuck || p.f.damaged)))
      r.stale.push({ cell, formula, old: showValue(p.f.cached), new: spillText(p, p.value), roi: p.roi });
    if (p.roi && (p.f.stuck || p.f.damaged))
      r.resolved.push({ cell, formula, was: p.repairs, value: spillText(p, p.value) });
    if (isXError(p.value)) r.errors.push({ cell, formula, error: p.value.error, message: p.value.message ?? '' });
  }
  for (const [, cells] of plan.spillEdits) r.cellsChanged += cells.size;
  return r;
}

export interface RecalcResult {
  report: RecalcReport;
  /** Did the package change? */
  changed: boolean;
}

/** Recalculates the package in memory; with `write`, the package holds the repaired workbook. */
export function recalcPackage(pkg: XlsxPackage, opts: { write: boolean; progress?: Progress }): RecalcResult {
  const wb = loadWorkbook(pkg, { progress: opts.progress });
  const plan = planRecalc(wb, evaluateWorkbook(wb, { progress: opts.progress }));
  const report = reportOf(plan);
  if (opts.write) applyPlan(plan);
  return { report, changed: report.cellsChanged > 0 };
}

export function formatRecalcReport(file: string, r: RecalcReport, wrote?: string): string {
  const lines: string[] = [];
  lines.push(`${file}: ${r.formulas} formula${r.formulas === 1 ? '' : 's'}, ${r.roiFormulas} with ROI functions`);
  lines.push(`  stale cached values: ${r.stale.length}`);
  for (const s of r.stale) lines.push(`    ${s.cell}  ${s.formula}  ${s.old} -> ${s.new}`);
  lines.push(`  stuck or damaged ROI cells resolved: ${r.resolved.length}`);
  for (const s of r.resolved) lines.push(`    ${s.cell}  ${s.formula}  (${s.was.join(', ')}) -> ${s.value}`);
  lines.push(`  cells evaluating to errors: ${r.errors.length}`);
  for (const e of r.errors) lines.push(`    ${e.cell}  ${e.formula}  ${e.error}${e.message ? `: ${e.message}` : ''}`);
  if (r.notEvaluated.length) {
    lines.push(`  not evaluated (cached values kept): ${r.notEvaluated.length}`);
    for (const n of r.notEvaluated) lines.push(`    ${n.cell}  ${n.formula}  ${n.reason}`);
  }
  if (r.engineDiffers.length) {
    lines.push(`  Excel formulas the engine computes differently (Excel's value kept): ${r.engineDiffers.length}`);
    for (const n of r.engineDiffers) lines.push(`    ${n.cell}  ${n.formula}  Excel ${n.excel}, engine ${n.engine}`);
  }
  for (const n of r.skippedNames) lines.push(`  defined name ${n.name} not used by the engine: ${n.reason}`);
  if (wrote) lines.push(`  wrote ${wrote} (${r.cellsChanged} cell${r.cellsChanged === 1 ? '' : 's'} changed)`);
  return lines.join('\n');
}
