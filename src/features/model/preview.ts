/**
 * The live preview: every number the model sheet will show, for the form's inputs. It is
 * the sheet itself, computed in TypeScript: the plan (plan.ts) is laid out, its names are
 * resolved to its cells, and its formula trees are evaluated (evaluate-plan.ts), the core
 * answering every ROI call. So the preview is not a second description of the model but
 * a reading of the one the sheet is written from (a test evaluates the written plan in the
 * headless engine and compares every cell with this).
 *
 * Pure TypeScript: the task pane calls it on every keystroke.
 */
import { cellA1, parseCellRange } from '../../base/a1';
import { isRoiError, type CellValue, type RoiError } from '../../core';
import { evaluatePlan } from './evaluate-plan';
import { SCENARIO_NAMES, YEAR_MONTHS, type ScenarioName } from './fields';
import { validateInputs, type ModelInputs } from './inputs';
import { MODEL_OUTPUTS, SCENARIO_OUTCOMES, type OutputKey, type ScenarioOutcomeKey } from './outputs';
import { planModel, type ModelPlan } from './plan';

export type { ScenarioName };

/** One number (or text) the sheet shows, or the error its cell shows. */
export type PreviewValue = number | string | RoiError;

export interface FunnelRow {
  name: string;
  volume: PreviewValue;
}

export interface SensitivityRow {
  /** Index into inputs.stages of the rate that moves. */
  stage: number;
  rateName: string;
  rate: number;
  /** Leads needed if this rate rose by the step. */
  volume: PreviewValue;
  /** Its change against today's leads, a fraction (negative: fewer leads). */
  change: PreviewValue;
  /** Leads saved: today's leads minus volume. */
  saved: PreviewValue;
  /** The same in words: "46 fewer leads". */
  savedText: PreviewValue;
}

export type ScenarioRow = {
  name: ScenarioName;
  dealValue: PreviewValue;
  /** One rate per stage, as the scenario block holds them. */
  rates: PreviewValue[];
} & { [K in ScenarioOutcomeKey]: PreviewValue };

/** One row of the month-by-month plan: a stage, what must enter it before the year, then in each month. */
export interface MonthRow {
  name: string;
  before: PreviewValue;
  months: PreviewValue[];
}

/** The "Month by month" block as the sheet shows it. */
export interface MonthPlan {
  /** "Jan", "Feb", ... from the fiscal start. */
  labels: string[];
  /** Revenue to close in each month. */
  targets: PreviewValue[];
  /** FUNNELPLAN's rows, top stage first, deals last (or the error its cell shows). */
  rows: MonthRow[] | RoiError;
  leads: MonthRow;
  deals: MonthRow;
  /** "To close the deals of January to April you need 400 leads before the year starts (...)." */
  beforeSentence: PreviewValue;
  /** "To close $3.0M by December you need leads from September of last year; 1,680 leads in all, 400 of them before January." */
  sentence: PreviewValue;
}

export type ModelPreview = { [K in OutputKey]: PreviewValue } & {
  /** Input problems (as validateInputs); when not empty, nothing may be written. */
  errors: Record<string, string>;
  /** The whole funnel, top stage first, won deals last (or the error the FUNNEL cell shows). */
  funnel: FunnelRow[] | RoiError;
  sensitivity: SensitivityRow[] | RoiError;
  scenarios: ScenarioRow[];
  /** "One more point of close rate saves 46 leads; one more point of SAL-to-SQO saves 29 leads." */
  sensitivitySentence: PreviewValue;
  months: MonthPlan;
};

/** A cell's value as the preview holds it: blank is "" (as a formula's empty text shows). */
function shown(v: CellValue): PreviewValue {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v;
}

/**
 * Every number the model sheet will show for these inputs. Never throws: a value the
 * sheet would show as an error is the core's RoiError here too.
 */
export function previewModel(inputs: ModelInputs): ModelPreview {
  const plan = planModel(inputs, 'ROI Model');
  return readPreview(plan, evaluatePlan(plan), inputs);
}

/** The preview's structure read from a plan's cell values (from TypeScript, or from the engine in tests). */
export function readPreview(
  plan: ModelPlan,
  valueAt: (address: string) => CellValue,
  inputs: ModelInputs,
): ModelPreview {
  const at = (key: string) => shown(valueAt(plan.cells[key]));
  const outputs = Object.fromEntries(MODEL_OUTPUTS.map((o) => [o.key, at(o.key)])) as {
    [K in OutputKey]: PreviewValue;
  };

  const grid = (range: string): CellValue[][] => {
    const b = parseCellRange(range);
    if (!b) return [];
    const rows: CellValue[][] = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const row: CellValue[] = [];
      for (let c = b.left; c <= b.right; c++) row.push(valueAt(cellA1(r, c)));
      rows.push(row);
    }
    return rows;
  };

  const funnelAnchor = valueAt(plan.cells.funnel);
  const funnel: FunnelRow[] | RoiError = isRoiError(funnelAnchor)
    ? funnelAnchor
    : grid(plan.spillZones[0])
        .filter((row) => row[0] !== null && row[0] !== undefined && row[0] !== '')
        .map((row) => ({ name: String(row[0]), volume: shown(row[1]) }));

  const sensAnchor = valueAt(plan.cells.sensitivity);
  const rates = inputs.stages.map((s) => s.rate);
  const sensitivity: SensitivityRow[] | RoiError = isRoiError(sensAnchor)
    ? sensAnchor
    : grid(plan.spillZones[1])
        .map((row, j) => ({ row, j }))
        .filter(({ row }) => row[0] !== null && row[0] !== undefined && row[0] !== '')
        .map(({ row, j }) => {
          const i = inputs.leadStage + j;
          return {
            stage: i,
            rateName: String(at(`sensitivity.${j}.rateName`)),
            rate: rates[i],
            volume: shown(row[0]),
            change: shown(row[1]),
            saved: at(`sensitivity.${j}.saved`),
            savedText: at(`sensitivity.${j}.savedText`),
          };
        });

  const scenarios: ScenarioRow[] = SCENARIO_NAMES.map((name) => {
    const row = {
      name,
      dealValue: at(`scenario.${name}.dealValue`),
      rates: inputs.stages.map((_, i) => at(`scenario.${name}.rates.${i}`)),
    } as ScenarioRow;
    for (const o of SCENARIO_OUTCOMES) row[o.key] = at(`scenario.${name}.${o.key}`);
    return row;
  });

  const twelve = Array.from({ length: YEAR_MONTHS }, (_, m) => m);
  const monthRow = (which: string, name: string): MonthRow => ({
    name,
    before: at(`months.${which}.before`),
    months: twelve.map((m) => at(`months.${which}.${m}`)),
  });
  const planAnchor = valueAt(plan.cells.monthPlan);
  const months: MonthPlan = {
    labels: twelve.map((m) => String(at(`months.label.${m}`))),
    targets: twelve.map((m) => at(`months.target.${m}`)),
    rows: isRoiError(planAnchor)
      ? planAnchor
      : grid(plan.spills.monthPlan).map((row) => ({
          name: String(row[0] ?? ''),
          before: shown(row[1]),
          months: row.slice(2).map(shown),
        })),
    leads: monthRow('leads', inputs.stages[inputs.leadStage]?.name ?? 'Leads'),
    deals: monthRow('deals', inputs.wonStageName),
    beforeSentence: at('beforeSentence'),
    sentence: at('monthSentence'),
  };

  return {
    ...outputs,
    months,
    errors: validateInputs(inputs),
    funnel,
    sensitivity,
    scenarios,
    sensitivitySentence: at('sensitivitySentence'),
  };
}

/** The Low / Base / High values the scenario block holds for these inputs (formulas on Base in 'share' mode). */
export function scenarioValues(inputs: ModelInputs): Record<ScenarioName, { dealValue: number; rates: number[] }> {
  const p = previewModel(inputs);
  const num = (v: PreviewValue) => (typeof v === 'number' ? v : NaN);
  return Object.fromEntries(
    p.scenarios.map((s) => [s.name, { dealValue: num(s.dealValue), rates: s.rates.map(num) }]),
  ) as Record<ScenarioName, { dealValue: number; rates: number[] }>;
}

/**
 * The levers in the order the sheet's rank column puts them: most leads saved first;
 * ties keep funnel order.
 */
export function rankLevers(rows: readonly SensitivityRow[]): SensitivityRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (b.r.saved as number) - (a.r.saved as number) || a.i - b.i)
    .map((x) => x.r);
}
