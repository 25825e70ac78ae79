/**
 * roi check: every ROI formula with its cached and recomputed value, and the assumptions
 * a reviewer should question. Disagreement (a cached value that is not what the formula
 * gives today, numbers compared with a relative tolerance of 1e-9) is what fails a check.
 */
import type { HyperFormula } from 'hyperformula';
import { FUNCTIONS, type FunctionSpec } from '../core';
import { evaluateWorkbook } from './evaluate';
import { isLiteralConstant, toEngineSpelling } from './formula';
import type { XlsxPackage } from './package';
import { cellName, planRecalc, sameValue, showValue, type PlannedFormula } from './plan';
import { isXError } from './sheet';
import { isRoiFormula, loadWorkbook, type FormulaCell } from './workbook';

export interface Flag {
  cell: string;
  /** A short code: constant-rate, high-close-rate, zero-churn, no-churn, whole-number-rate, full-conversion. */
  code: string;
  message: string;
}

export interface CheckedFormula {
  cell: string;
  formula: string;
  cached: string;
  recomputed: string;
  status: 'ok' | 'disagrees' | 'not-evaluated';
  note?: string;
}

export interface CheckReport {
  formulas: CheckedFormula[];
  flags: Flag[];
  disagreements: number;
}

const SPECS = new Map<string, FunctionSpec>(FUNCTIONS.map((f) => [f.id, f]));
const pct = (x: number) => `${Number((x * 100).toPrecision(6))}%`;

function numbersOf(v: unknown): number[] {
  if (Array.isArray(v)) return (v as unknown[][]).flat().filter((x): x is number => typeof x === 'number');
  return typeof v === 'number' ? [v] : [];
}

/** The assumptions behind one ROI formula's rate arguments. */
function flagsFor(f: FormulaCell, hf: HyperFormula): Flag[] {
  const flags: Flag[] = [];
  const cell = cellName(f);
  const sheetId = hf.getSheetId(f.sheet.info.name);
  for (const call of f.roiCalls) {
    const spec = SPECS.get(call.id);
    if (!spec) continue;
    spec.params.forEach((param, i) => {
      if (param.kind !== 'rate' && param.kind !== 'rateList') return;
      const arg = call.args[i];
      const text = arg?.text.trim() ?? '';
      const isChurn = /churn/.test(param.name);
      if (!text) {
        if (isChurn && param.optional) flags.push({ cell, code: 'no-churn', message: `${spec.name}: churn_rate is left out, so the model assumes no customer ever leaves (churn 0).` });
        return;
      }
      if (isLiteralConstant(text)) {
        flags.push({ cell, code: 'constant-rate', message: `${spec.name}: ${param.name} is typed into the formula as ${text}; put it in a cell and reference it, so reviewers can see and change the assumption.` });
      }
      let values: number[] = [];
      if (sheetId !== undefined) {
        try {
          values = numbersOf(hf.calculateFormula(`=${toEngineSpelling(text)}`, sheetId));
        } catch {
          values = [];
        }
      }
      if (!values.length) return;
      const whole = values.filter((v) => v > 1 && v <= 100);
      if (whole.length) flags.push({ cell, code: 'whole-number-rate', message: `${spec.name}: ${param.name} holds ${whole[0]}, which looks like a percentage typed as a whole number (enter 25% or 0.25, not 25).` });
      if (param.kind === 'rateList') {
        const close = values[values.length - 1];
        if (close > 0.6 && close <= 1) flags.push({ cell, code: 'high-close-rate', message: `${spec.name}: the close rate (last conversion rate) is ${pct(close)}, above 60%: is that really the share of qualified opportunities won?` });
        if (values.slice(0, -1).some((v) => v === 1)) flags.push({ cell, code: 'full-conversion', message: `${spec.name}: a stage converts 100% in ${param.name}: no stage of a real funnel loses nobody.` });
      } else if (param.name === 'win_rate') {
        const hi = values.find((v) => v > 0.6 && v <= 1);
        if (hi !== undefined) flags.push({ cell, code: 'high-close-rate', message: `${spec.name}: win_rate is ${pct(hi)}, above 60%: is that really the share of qualified opportunities won?` });
      } else if (isChurn && values.some((v) => v === 0)) {
        flags.push({ cell, code: 'zero-churn', message: `${spec.name}: churn_rate is 0, so the model assumes no customer ever leaves.` });
      }
    });
  }
  return flags;
}

export function checkPackage(pkg: XlsxPackage): CheckReport {
  const wb = loadWorkbook(pkg);
  const flags: Flag[] = [];
  const evaluation = evaluateWorkbook(wb, {
    inspect: (hf) => {
      for (const f of wb.formulas) if (isRoiFormula(f)) flags.push(...flagsFor(f, hf));
    },
  });
  const plan = planRecalc(wb, evaluation);
  const formulas: CheckedFormula[] = [];
  let disagreements = 0;
  for (const p of plan.formulas) {
    if (!p.roi) continue;
    const status: CheckedFormula['status'] = !p.ev.evaluated ? 'not-evaluated' : p.stale ? 'disagrees' : 'ok';
    if (status === 'disagrees') disagreements++;
    formulas.push({ cell: cellName(p.f), formula: `=${p.f.formula}`, cached: showValue(p.f.cached), recomputed: p.ev.evaluated ? recomputedText(p) : '(not evaluated)', status, note: noteOf(p) });
  }
  return { formulas, flags, disagreements };
}

function recomputedText(p: PlannedFormula): string {
  const v = showValue(p.value);
  const cells = p.grid.length * (p.grid[0]?.length ?? 1);
  const msg = isXError(p.value) && p.value.message ? ` (${p.value.message})` : '';
  return cells > 1 ? `${v}${msg} [spills ${p.grid.length}x${p.grid[0].length}]` : `${v}${msg}`;
}

function noteOf(p: PlannedFormula): string | undefined {
  const notes: string[] = [];
  if (!p.ev.evaluated && p.ev.reason) notes.push(p.ev.reason);
  if (p.f.stuck) notes.push('stuck: typed while the add-in was not loaded (roi recalc --out repairs it)');
  if (p.f.damaged) notes.push('damaged [n]! prefix (roi recalc --out repairs it)');
  if (p.stale && !p.f.stuck && sameValue(p.f.cached, p.value)) notes.push('the spilled values are stale');
  return notes.length ? notes.join('; ') : undefined;
}

export function formatCheckReport(file: string, r: CheckReport): string {
  const lines: string[] = [];
  lines.push(`${file}: ${r.formulas.length} ROI formula${r.formulas.length === 1 ? '' : 's'}, ${r.disagreements} disagree${r.disagreements === 1 ? 's' : ''} with the recomputed value, ${r.flags.length} assumption${r.flags.length === 1 ? '' : 's'} to question`);
  for (const f of r.formulas) {
    const mark = f.status === 'ok' ? 'ok' : f.status === 'disagrees' ? 'DISAGREES' : 'not evaluated';
    lines.push(`  ${f.cell}  ${f.formula}  cached ${f.cached}  recomputed ${f.recomputed}  ${mark}${f.note ? `  (${f.note})` : ''}`);
  }
  if (r.flags.length) {
    lines.push('Assumptions to question:');
    for (const fl of r.flags) lines.push(`  ${fl.cell}  ${fl.message}`);
  }
  return lines.join('\n');
}
