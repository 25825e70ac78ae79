/**
 * The model builder's inputs: what the task pane's form edits, what the model sheet's
 * Inputs block holds, and what is saved in the workbook's document settings.
 *
 * Validation reuses the core's own checks and messages (the argument kinds of the
 * ROI.* function each input feeds); only what the core cannot know (an empty stage name,
 * a scenario's Low above its High, which stage counts as leads) has a message here.
 *
 * Pure TypeScript: no Office, no DOM. The task pane, the command line and the tests use it.
 */
import { callByName, getFunction, isRoiError, msg, type CellValue, type RoiError } from '../../core';
import { checkScalar, type ParamKind } from '../../core/args';

/** One funnel stage: the volume at this stage, and the rate at which it converts to the next. */
export interface StageInput {
  /** The stage's name as the funnel shows it, e.g. "Leads". */
  name: string;
  /** Conversion to the next stage, a fraction (0.5 = 50%). The last stage's rate is the close rate. */
  rate: number;
}

export interface LowHigh {
  low: number;
  high: number;
}

export interface ScenarioInputs {
  /** 'share': Low and High are Base -/+ `share` of Base (rates capped at 100%); 'manual': typed. */
  mode: 'share' | 'manual';
  /** For mode 'share', e.g. 0.1 for -/+10%. */
  share: number;
  /** For mode 'manual': one entry per stage, in the order of `stages`. */
  rates: LowHigh[];
  /** For mode 'manual': the average deal value's Low and High. */
  dealValue: LowHigh;
}

export interface ModelInputs {
  /** Growth: this year's revenue, in money. */
  currentRevenue: number;
  /** Growth target as a fraction (0.2 = 20%); may exceed 1; at least -1. */
  growthRate: number;
  /** Share of current revenue expected to churn in the year, a rate. */
  churnRate: number;
  /** Deal: average value of one won deal (its yearly revenue), in money. */
  averageDealValue: number;
  /** Deal: months from qualified opportunity to won deal. */
  salesCycleMonths: number;
  /**
   * Funnel stages in funnel order, top first. Each converts to the next at `rate`; the last
   * converts to won deals (its rate is the close rate). The funnel has one row more than
   * there are stages: the won deals, named `wonStageName`.
   */
  stages: StageInput[];
  /** The name of the funnel's last row (the won deals). */
  wonStageName: string;
  /** Index into `stages` of the stage whose volume counts as "leads" (above it: visitors). */
  leadStage: number;
  /** Economics: gross margin, a rate. */
  grossMargin: number;
  /** Economics: the year's marketing budget, in money (the acquisition cost behind CAC and ROMI). */
  marketingBudget: number;
  /** Economics: yearly cost of serving one customer, in money. */
  costToServe: number;
  /** Share of qualified opportunities marketing sources, a rate. */
  marketingShare: number;
  /** The leads a month marketing plans to deliver (for the chance of hitting the target). */
  plannedLeadsPerMonth: number;
  /** Confidence for "leads needed to be this sure", strictly between 0 and 1. */
  confidence: number;
  /** The step of "What moves the number", a rate above 0 (0.01 = one point). */
  sensitivityStep: number;
  scenarios: ScenarioInputs;
}

/** The default funnel (the spec's five numbers: growth target, deal value, close rate, visitor-to-lead, lead acceptance). */
export const DEFAULT_STAGES: readonly StageInput[] = Object.freeze([
  { name: 'Visitors', rate: 0.02 },
  { name: 'Leads', rate: 0.5 },
  { name: 'SALs', rate: 0.4 },
  { name: 'SQOs', rate: 0.25 },
]);

export const DEFAULT_INPUTS: ModelInputs = Object.freeze({
  currentRevenue: 10_000_000,
  growthRate: 0.2,
  churnRate: 0.1,
  averageDealValue: 50_000,
  salesCycleMonths: 3,
  stages: DEFAULT_STAGES.map((s) => ({ ...s })),
  wonStageName: 'Won deals',
  leadStage: 1,
  grossMargin: 0.8,
  marketingBudget: 1_000_000,
  costToServe: 5_000,
  marketingShare: 1,
  plannedLeadsPerMonth: 110,
  confidence: 0.9,
  sensitivityStep: 0.01,
  scenarios: {
    mode: 'share',
    share: 0.1,
    rates: DEFAULT_STAGES.map((s) => ({ low: round(s.rate * 0.9), high: round(Math.min(1, s.rate * 1.1)) })),
    dealValue: { low: 45_000, high: 55_000 },
  },
}) as ModelInputs;

function round(x: number): number {
  return Number(x.toPrecision(12));
}

/** A fresh, deep copy of the defaults (DEFAULT_INPUTS itself must never be mutated). */
export function defaultInputs(): ModelInputs {
  return cloneInputs(DEFAULT_INPUTS);
}

/**
 * The spec's worked example as model inputs: 10,000,000 revenue, 20% growth + 10% churn,
 * 50,000 deals, leads -> SAL 50%, SAL -> SQO 40%, close 25% (60 deals, 240 SQOs, 600 SALs,
 * 1,200 leads), 100 leads a month planned, 60% of opportunities from marketing.
 */
export function referenceInputs(): ModelInputs {
  const i = defaultInputs();
  i.stages = [
    { name: 'Leads', rate: 0.5 },
    { name: 'SALs', rate: 0.4 },
    { name: 'SQOs', rate: 0.25 },
  ];
  i.leadStage = 0;
  i.plannedLeadsPerMonth = 100;
  i.marketingShare = 0.6;
  i.scenarios = {
    mode: 'share',
    share: 0.1,
    rates: i.stages.map((s) => ({ low: s.rate, high: s.rate })),
    dealValue: { low: 50_000, high: 50_000 },
  };
  return i;
}

/**
 * Inputs from a JSON object that may give only some fields (the command line's
 * --inputs file, a saved setting from an older version): the defaults for the rest.
 * Stages replace the default stages whole; when stages are given without `leadStage`, the
 * stage named like "Leads" counts as leads (else the top stage). Returns a message for a
 * value that is not an object or a field the model does not know. Values are not checked
 * here: validateInputs does that, with the core's messages.
 */
export function mergeInputs(given: unknown): ModelInputs | string {
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    return 'the inputs must be a JSON object of model fields.';
  const g = given as Record<string, unknown>;
  const base = defaultInputs();
  const known = new Set(Object.keys(base));
  for (const k of Object.keys(g))
    if (!known.has(k)) return `"${k}" is not a model input (known: ${[...known].join(', ')}).`;
  const out = { ...base, ...(g as Partial<ModelInputs>) } as ModelInputs;
  if (g.stages !== undefined) {
    if (!Array.isArray(g.stages) || g.stages.some((x) => x === null || typeof x !== 'object'))
      return '"stages" must be a list of {"name": ..., "rate": ...}.';
    out.stages = (g.stages as Array<Record<string, unknown>>).map((x) => ({
      name: x.name as string,
      rate: x.rate as number,
    }));
    if (g.leadStage === undefined) {
      const i = out.stages.findIndex((x) => typeof x.name === 'string' && /^leads?$/i.test(x.name.trim()));
      const j = out.stages.findIndex((x) => typeof x.name === 'string' && /lead/i.test(x.name));
      out.leadStage = i >= 0 ? i : Math.max(0, j);
    }
  }
  const sc = g.scenarios;
  if (sc !== undefined) {
    if (sc === null || typeof sc !== 'object' || Array.isArray(sc)) return '"scenarios" must be an object.';
    const gs = sc as Partial<ScenarioInputs>;
    out.scenarios = {
      ...base.scenarios,
      ...gs,
      dealValue: { ...base.scenarios.dealValue, ...(gs.dealValue ?? {}) },
    } as ScenarioInputs;
  }
  if (!sc || !(sc as Partial<ScenarioInputs>).rates) {
    const share = out.scenarios.share;
    out.scenarios.rates = out.stages.map((x) => ({
      low: round(x.rate * (1 - share)),
      high: round(Math.min(1, x.rate * (1 + share))),
    }));
  }
  if (!sc || !(sc as Partial<ScenarioInputs>).dealValue) {
    const share = out.scenarios.share;
    out.scenarios.dealValue = {
      low: round(out.averageDealValue * (1 - share)),
      high: round(out.averageDealValue * (1 + share)),
    };
  }
  return cloneInputs(out);
}

export function cloneInputs(i: ModelInputs): ModelInputs {
  return {
    ...i,
    stages: i.stages.map((s) => ({ ...s })),
    scenarios: {
      ...i.scenarios,
      rates: i.scenarios.rates.map((r) => ({ ...r })),
      dealValue: { ...i.scenarios.dealValue },
    },
  };
}

/**
 * A readable name for the rate that leaves stage i: "visitor-to-lead", "lead-to-SAL",
 * ..., and "close rate" for the last one.
 */
export function rateName(stages: readonly StageInput[], i: number): string {
  if (i === stages.length - 1) return 'close rate';
  return `${singular(stages[i].name)}-to-${singular(stages[i + 1].name)}`;
}

/** "Visitors" -> "visitor", "SALs" -> "SAL", "Leads" -> "lead"; acronyms keep their case. */
function singular(name: string): string {
  const n = name.trim();
  const base = /[a-z]s$/i.test(n) && !/ss$/i.test(n) ? n.slice(0, -1) : n;
  return /^[A-Z][a-z]/.test(base) && !/[A-Z]/.test(base.slice(1)) ? base.toLowerCase() : base;
}

/** Which core argument each numeric input is checked as: its kind and the name the core's message uses. */
interface FieldCheck {
  fn: string;
  param: string;
}
const FIELD_CHECKS: Record<string, FieldCheck> = {
  currentRevenue: { fn: 'REVENUEGAP', param: 'current_revenue' },
  growthRate: { fn: 'REVENUEGAP', param: 'growth_rate' },
  churnRate: { fn: 'REVENUEGAP', param: 'churn_rate' },
  averageDealValue: { fn: 'REQUIREDDEALS', param: 'average_deal_value' },
  salesCycleMonths: { fn: 'VELOCITY', param: 'cycle_length' },
  grossMargin: { fn: 'LTV', param: 'gross_margin' },
  marketingBudget: { fn: 'CAC', param: 'acquisition_cost' },
  costToServe: { fn: 'CUSTOMERPROFIT', param: 'cost_to_serve' },
  marketingShare: { fn: 'REQUIREDOPPS', param: 'marketing_share' },
  plannedLeadsPerMonth: { fn: 'HITPROBABILITY', param: 'planned_leads' },
  confidence: { fn: 'REQUIREDLEADS', param: 'confidence' },
  sensitivityStep: { fn: 'SENSITIVITY', param: 'step' },
};

function paramOf(fn: string, param: string): { kind: ParamKind; name: string } {
  const p = getFunction(fn)?.params.find((x) => x.name === param);
  if (!p) throw new Error(`The core has no parameter ${param} in ROI.${fn}.`);
  return { kind: p.kind, name: p.name };
}

/** The core's verdict on one value as an argument of a function: its message, or undefined when valid. */
function coreCheck(fn: string, param: string, v: unknown): string | undefined {
  const p = paramOf(fn, param);
  const r = checkScalar(p.kind === 'rateList' ? 'rateList' : p.kind, p.name, toCell(v));
  return isRoiError(r) ? (r as RoiError).message : undefined;
}

/** A form value as the core sees a cell: NaN (an empty number field) is blank. */
function toCell(v: unknown): CellValue {
  if (typeof v === 'number' && Number.isNaN(v)) return null;
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    return v as CellValue;
  return String(v);
}

/** Field path -> message, e.g. { "stages.2.rate": "conversion_rates must be a rate ..." }. */
export type InputErrors = Record<string, string>;

/**
 * Every problem with the inputs, by field path ("growthRate", "stages.1.rate",
 * "scenarios.rates.0.low", "scenarios.dealValue.high", "scenarios.share", ...), with the
 * core's own message wherever the core checks the value. Empty when the model can be built.
 */
export function validateInputs(inputs: ModelInputs): InputErrors {
  const errors: InputErrors = {};
  const put = (path: string, m: string | undefined) => {
    if (m && !(path in errors)) errors[path] = m;
  };

  for (const [field, check] of Object.entries(FIELD_CHECKS)) {
    put(field, coreCheck(check.fn, check.param, (inputs as unknown as Record<string, unknown>)[field]));
  }

  // Stages: at least one; each a name and a rate (the core's conversion_rates check).
  const stages = Array.isArray(inputs.stages) ? inputs.stages : [];
  if (stages.length === 0) put('stages', msg.emptyList('conversion_rates'));
  stages.forEach((s, i) => {
    if (typeof s.name !== 'string' || s.name.trim() === '') put(`stages.${i}.name`, 'Give this stage a name.');
    put(`stages.${i}.rate`, coreCheck('FUNNEL', 'conversion_rates', s.rate));
  });
  if (typeof inputs.wonStageName !== 'string' || inputs.wonStageName.trim() === '')
    put('wonStageName', 'Give the won deals a name.');
  const names = [
    ...stages.map((s) => (s.name ?? '').trim().toLowerCase()),
    (inputs.wonStageName ?? '').trim().toLowerCase(),
  ];
  names.forEach((n, i) => {
    if (n && names.indexOf(n) !== i)
      put(
        i < stages.length ? `stages.${i}.name` : 'wonStageName',
        'Two stages have this name: give each stage its own.',
      );
  });
  if (!Number.isInteger(inputs.leadStage) || inputs.leadStage < 0 || inputs.leadStage >= Math.max(1, stages.length)) {
    put('leadStage', 'Choose which stage counts as leads.');
  }

  // Values the core rejects only in combination: a deal value of 0, a rate of 0.
  if (!errors.averageDealValue && !errors.currentRevenue && !errors.growthRate && !errors.churnRate) {
    const gap = inputs.currentRevenue * (inputs.growthRate + inputs.churnRate);
    if (gap > 0 && inputs.averageDealValue === 0) put('averageDealValue', divMessage('REQUIREDDEALS', [gap, 0]));
  }
  stages.forEach((s, i) => {
    if (s.rate === 0 && !errors[`stages.${i}.rate`]) put(`stages.${i}.rate`, zeroRateMessage(stages.length, i));
  });

  // Scenarios.
  const sc = inputs.scenarios;
  if (!sc || (sc.mode !== 'share' && sc.mode !== 'manual')) {
    put('scenarios.mode', 'Choose how to set the Low and High scenarios.');
  } else if (sc.mode === 'share') {
    const share = toCell(sc.share);
    const m =
      typeof share === 'number' && (share < 0 || share > 1)
        ? msg.rate('scenario share', share)
        : coreCheckKind('rate', 'scenario share', share);
    put('scenarios.share', m);
  } else {
    stages.forEach((_, i) => {
      const r = sc.rates?.[i];
      put(`scenarios.rates.${i}.low`, coreCheck('FUNNEL', 'conversion_rates', r?.low));
      put(`scenarios.rates.${i}.high`, coreCheck('FUNNEL', 'conversion_rates', r?.high));
      if (r && !errors[`scenarios.rates.${i}.low`] && !errors[`scenarios.rates.${i}.high`]) {
        if (r.low > r.high) put(`scenarios.rates.${i}.low`, lowAboveHigh(rateName(stages, i)));
        else if (r.low === 0) put(`scenarios.rates.${i}.low`, zeroRateMessage(stages.length, i));
      }
    });
    const d = sc.dealValue;
    put('scenarios.dealValue.low', coreCheck('REQUIREDDEALS', 'average_deal_value', d?.low));
    put('scenarios.dealValue.high', coreCheck('REQUIREDDEALS', 'average_deal_value', d?.high));
    if (d && !errors['scenarios.dealValue.low'] && !errors['scenarios.dealValue.high']) {
      if (d.low > d.high) put('scenarios.dealValue.low', lowAboveHigh('average deal value'));
      else if (d.low === 0) put('scenarios.dealValue.low', divMessage('REQUIREDDEALS', [1, 0]));
    }
  }
  return errors;
}

function coreCheckKind(kind: ParamKind, name: string, v: CellValue): string | undefined {
  const r = checkScalar(kind, name, v);
  return isRoiError(r) ? (r as RoiError).message : undefined;
}

function lowAboveHigh(what: string): string {
  return `Low is above High for the ${what}: Low must be at most High.`;
}

/** The core's own #DIV/0! message for a call. */
function divMessage(fn: string, args: number[]): string {
  const r = callByName(fn, args);
  return isRoiError(r) ? r.message : 'This value cannot be 0.';
}

/** The core's message for a rate of 0 at stage i of a funnel of n rates. */
function zeroRateMessage(n: number, i: number): string {
  const rates = Array.from({ length: n }, (_, j) => (j === i ? 0 : 0.5));
  const r = callByName('FUNNEL', [1, 1, [rates]]);
  return isRoiError(r) ? r.message : 'A rate of 0 lets nothing through.';
}
