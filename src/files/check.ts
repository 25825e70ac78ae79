/**
 * roi check: every ROI formula with its cached and recomputed value, and the assumptions
 * a reviewer should question. Disagreement (a cached value that is not what the formula
 * gives today, numbers compared with a relative tolerance of 1e-9) is what fails a check.
 */
import type { HyperFormula } from 'hyperformula';
import { assumptionFlags, type Flag } from '../formula/assumptions';
import { directArguments, evaluateWorkbook } from '../engine/evaluate';
import type { Progress } from '../xlsx/progress';
import { toEngineSpelling } from '../formula/formula';
import type { XlsxPackage } from '../xlsx/package';
import { cellName, planRecalc, sameValue, type PlannedFormula } from './plan';
import { isRoiFormula, loadWorkbook, type FormulaCell } from '../xlsx/workbook';
import { isXError } from '../formula/cell-xml';
import { showValue } from '../formula/cell-xml';

export type { Flag } from '../formula/assumptions';

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

function numbersOf(v: unknown): number[] {
  if (Array.isArray(v)) return (v as unknown[][]).flat().filter((x): x is number => typeof x === 'number');
  return typeof v === 'number' ? [v] : [];
}

/** The assumptions behind one ROI formula's rate arguments, each argument read by `read` (undefined: it cannot). */
function flagsFor(f: FormulaCell, read: (text: string) => unknown): Flag[] | undefined {
  let unread = false;
  const flags = assumptionFlags(cellName(f), f.roiCalls, (text) => {
    const v = read(text);
    if (v === undefined) unread = true;
    return numbersOf(v);
  });
  return unread ? undefined : flags;
}

/** An argument evaluated by the engine, in the formula's sheet. */
function engineReader(hf: HyperFormula, f: FormulaCell): (text: string) => unknown {
  const sheetId = hf.getSheetId(f.sheet.info.name);
  return (text) => {
    if (sheetId === undefined) return [];
    try {
      return hf.calculateFormula(`=${toEngineSpelling(text)}`, sheetId);
    } catch {
      return [];
    }
  };
}

export function checkPackage(pkg: XlsxPackage, opts: { progress?: Progress } = {}): CheckReport {
  const wb = loadWorkbook(pkg, opts);
  // The rates of most calls are constants or cells that hold values: read them from the
  // file. The engine reads the rest (a rate computed by a formula), only when there is one.
  const direct = directArguments(wb);
  const perFormula = new Map<FormulaCell, Flag[]>();
  const unread: FormulaCell[] = [];
  for (const f of wb.formulas) {
    if (!isRoiFormula(f)) continue;
    const flags = flagsFor(f, (text) => direct(f, text));
    if (flags) perFormula.set(f, flags);
    else unread.push(f);
  }
  const evaluation = evaluateWorkbook(wb, {
    progress: opts.progress,
    inspect: unread.length
      ? (hf) => {
          for (const f of unread) perFormula.set(f, flagsFor(f, engineReader(hf, f)) ?? []);
        }
      : undefined,
  });
  const flags: Flag[] = [];
  for (const f of wb.formulas) flags.push(...(perFormula.get(f) ?? []));
  const plan = planRecalc(wb, evaluation);
  const formulas: CheckedFormula[] = [];
  let disagreements = 0;
  for (const p of plan.formulas) {
    if (!p.roi) continue;
    const status: CheckedFormula['status'] = !p.ev.evaluated ? 'not-evaluated' : p.stale ? 'disagrees' : 'ok';
    if (status === 'disagrees') disagreements++;
    formulas.push({
      cell: cellName(p.f),
      formula: `=${p.f.formula}`,
      cached: showValue(p.f.cached),
      recomputed: p.ev.evaluated ? recomputedText(p) : '(not evaluated)',
      status,
      note: noteOf(p),
    });
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
  lines.push(
    `${file}: ${r.formulas.length} ROI formula${r.formulas.length === 1 ? '' : 's'}, ${r.disagreements} disagree${r.disagreements === 1 ? 's' : ''} with the recomputed value, ${r.flags.length} assumption${r.flags.length === 1 ? '' : 's'} to question`,
  );
  for (const f of r.formulas) {
    const mark = f.status === 'ok' ? 'ok' : f.status === 'disagrees' ? 'DISAGREES' : 'not evaluated';
    lines.push(
      `  ${f.cell}  ${f.formula}  cached ${f.cached}  recomputed ${f.recomputed}  ${mark}${f.note ? `  (${f.note})` : ''}`,
    );
  }
  if (r.flags.length) {
    lines.push('Assumptions to question:');
    for (const fl of r.flags) lines.push(`  ${fl.cell}  ${fl.message}`);
  }
  return lines.join('\n');
}
