/**
 * The model builder's inputs: what the task pane's form edits, what the model sheet's
 * Inputs block holds, and what is saved in the workbook's document settings. The scalar
 * inputs, their defaults and their checks come from the field table (fields.ts).
 *
 * Validation reuses the core's own checks and messages (the argument kind each input is
 * checked as); only what the core cannot know (an empty or overlong stage name, a
 * scenario's Low above its High, which stage counts as leads, more stages than the sheet
 * has room for) has a message here. Each problem also carries the core's verdict (what
 * kind of failure), from which the pane words its own message (messages.ts).
 *
 * Pure TypeScript: no Office, no DOM. The task pane, the command line and the tests use it.
 */
import { callByName, isRoiError, msg, type CellValue } from '../../core';
import { DOMAINS, checkScalar, type ParamKind } from '../../core/args';
import { getFunction } from '../../core';
import {
  FIELD_BY_KEY,
  MAX_NAME_LENGTH,
  MODEL_FIELDS,
  STAGE_CAPACITY,
  STAGE_NUMBER_COLUMNS,
  SEASONALITY,
  YEAR_MONTHS,
  type CoreParam,
  type ModelField,
  type ScalarKey,
  type ScenarioMode,
  type StageNumberKey,
} from './fields';

/** One funnel stage: its name, the rate at which it converts to the next, and (optionally) a name for that rate. */
export type StageInput = { name: string; label?: string } & { [K in StageNumberKey]: number };

export interface LowHigh {
  low: number;
  high: number;
}

export interface ScenarioInputs {
  /** 'share': Low and High are Base -/+ `share` of Base (rates capped at 100%); 'manual': typed. */
  mode: ScenarioMode;
  /** For mode 'share', e.g. 0.1 for -/+10%. */
  share: number;
  /** For mode 'manual': one entry per stage, in the order of `stages`. */
  rates: LowHigh[];
  /** For mode 'manual': the average deal value's Low and High. */
  dealValue: LowHigh;
}

/** Every top-level number of the field table (currentRevenue, growthRate, ...), as a number. */
export type ScalarInputs = { [K in ScalarKey]: number };

export interface ModelInputs extends ScalarInputs {
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
  scenarios: ScenarioInputs;
  /**
   * One weight per month of the fiscal year (from fiscalStartMonth): each month's revenue
   * target is the year's new revenue times its weight over the weights' sum. Twelve 1s
   * are flat (the default); typed weights such as 0.8 ... 1.4 shape the year.
   */
  seasonality: number[];
}

/** The default funnel (the spec's five numbers: growth target, deal value, close rate, visitor-to-lead, lead acceptance). */
export const DEFAULT_STAGES: readonly StageInput[] = Object.freeze([
  { name: 'Visitors', rate: 0.02, lag: 0 },
  { name: 'Leads', rate: 0.5, lag: 0.5 },
  { name: 'SALs', rate: 0.4, lag: 0.5 },
  { name: 'SQOs', rate: 0.25, lag: 3 },
]);

/**
 * The lags a funnel gets when none are typed, from the sales cycle (months from qualified
 * opportunity to signed deal): the last stage closes in the sales cycle; each stage from
 * the lead stage down to it moves on in a sixth of the cycle (half a month for a 3-month
 * cycle: a lead is accepted, then qualified); a stage above the leads (visitors) converts
 * the month it arrives (0). So the default funnel's leads close about 4 months later:
 * January's deals need leads from September.
 */
export function defaultLag(stageCount: number, i: number, leadStage: number, salesCycleMonths: number): number {
  const cycle = Number.isFinite(salesCycleMonths) && salesCycleMonths >= 0 ? Math.min(salesCycleMonths, 1000) : 3;
  if (i === stageCount - 1) return cycle;
  if (i < leadStage) return 0;
  return Math.round((cycle / 6) * 10) / 10;
}

/** A flat year: every month weighs the same. */
export function flatSeasonality(): number[] {
  return Array.from({ length: YEAR_MONTHS }, () => SEASONALITY.default);
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

/** A field's value in some inputs (a top-level key or "scenarios.share"). */
export function fieldValue(inputs: ModelInputs, key: string): unknown {
  if (key === 'scenarios.share') return inputs.scenarios?.share;
  return (inputs as unknown as Record<string, unknown>)[key];
}

/** Set a field's value in some inputs (in place). */
export function setFieldValue(inputs: ModelInputs, key: string, value: number): void {
  if (key === 'scenarios.share') inputs.scenarios.share = value;
  else (inputs as unknown as Record<string, unknown>)[key] = value;
}

function buildDefaults(): ModelInputs {
  const scalars = Object.fromEntries(
    MODEL_FIELDS.filter((f) => !f.key.includes('.')).map((f) => [f.key, f.default]),
  ) as ScalarInputs;
  const share = FIELD_BY_KEY.get('scenarios.share')!.default;
  return {
    ...scalars,
    stages: DEFAULT_STAGES.map((s) => ({ ...s })),
    wonStageName: 'Won deals',
    leadStage: 1,
    seasonality: flatSeasonality(),
    scenarios: {
      mode: 'share',
      share,
      rates: DEFAULT_STAGES.map((s) => ({
        low: round(s.rate * (1 - share)),
        high: round(Math.min(1, s.rate * (1 + share))),
      })),
      dealValue: {
        low: round(scalars.averageDealValue * (1 - share)),
        high: round(scalars.averageDealValue * (1 + share)),
      },
    },
  };
}

export const DEFAULT_INPUTS: ModelInputs = Object.freeze(buildDefaults()) as ModelInputs;

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
    { name: 'Leads', rate: 0.5, lag: 1 },
    { name: 'SALs', rate: 0.4, lag: 1 },
    { name: 'SQOs', rate: 0.25, lag: 2 },
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

/** The keys a JSON object of inputs may have: every top-level field of the table, and the structure. */
export const INPUT_KEYS: readonly string[] = [
  ...MODEL_FIELDS.filter((f) => !f.key.includes('.')).map((f) => f.key),
  'stages',
  'wonStageName',
  'leadStage',
  'scenarios',
  'seasonality',
];

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
  const known = new Set(INPUT_KEYS);
  for (const k of Object.keys(g))
    if (!known.has(k)) return `"${k}" is not a model input (known: ${INPUT_KEYS.join(', ')}).`;
  const out = { ...base, ...(g as Partial<ModelInputs>) } as ModelInputs;
  if (g.stages !== undefined) {
    if (!Array.isArray(g.stages) || g.stages.some((x) => x === null || typeof x !== 'object'))
      return '"stages" must be a list of {"name": ..., "rate": ...}.';
    const given = g.stages as Array<Record<string, unknown>>;
    out.stages = given.map((x) => {
      const s = { name: x.name as string } as StageInput;
      for (const c of STAGE_NUMBER_COLUMNS)
        (s as Record<string, unknown>)[c.key] = x[c.key] ?? (c.key === 'lag' ? undefined : c.default);
      if (x.label !== undefined) s.label = x.label as string;
      return s;
    });
    if (g.leadStage === undefined) {
      const i = out.stages.findIndex((x) => typeof x.name === 'string' && /^leads?$/i.test(x.name.trim()));
      const j = out.stages.findIndex((x) => typeof x.name === 'string' && /lead/i.test(x.name));
      out.leadStage = i >= 0 ? i : Math.max(0, j);
    }
  }
  fillLags(out);
  if (g.seasonality !== undefined) {
    if (!Array.isArray(g.seasonality)) return `"seasonality" must be a list of ${YEAR_MONTHS} monthly weights.`;
    out.seasonality = (g.seasonality as unknown[]).slice() as number[];
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

/**
 * Stages without a lag (inputs saved before lags existed, a JSON file that gives none) get
 * the default from the sales cycle, in place; a missing seasonality is flat.
 */
export function fillLags(inputs: ModelInputs): ModelInputs {
  const n = Array.isArray(inputs.stages) ? inputs.stages.length : 0;
  for (let i = 0; i < n; i++) {
    const s = inputs.stages[i];
    if (s && typeof s === 'object' && (s.lag === undefined || s.lag === null))
      s.lag = defaultLag(n, i, inputs.leadStage, inputs.salesCycleMonths);
  }
  if (!Array.isArray(inputs.seasonality)) inputs.seasonality = flatSeasonality();
  return inputs;
}

export function cloneInputs(i: ModelInputs): ModelInputs {
  return {
    ...i,
    seasonality: Array.isArray(i.seasonality) ? i.seasonality.slice() : flatSeasonality(),
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
export function rateName(stages: readonly { name: string }[], i: number): string {
  if (i === stages.length - 1) return 'close rate';
  return `${singular(stages[i].name)}-to-${singular(stages[i + 1].name)}`;
}

/** The name the sheet shows for the rate leaving stage i: the typed label, else rateName. */
export function rateLabel(stages: readonly StageInput[], i: number): string {
  const typed = stages[i]?.label;
  return typeof typed === 'string' && typed.trim() ? typed.trim() : rateName(stages, i);
}

/** "Visitors" -> "visitor", "SALs" -> "SAL", "Leads" -> "lead"; acronyms keep their case. */
function singular(name: string): string {
  const n = String(name ?? '').trim();
  const base = /[a-z]s$/i.test(n) && !/ss$/i.test(n) ? n.slice(0, -1) : n;
  return /^[A-Z][a-z]/.test(base) && !/[A-Z]/.test(base.slice(1)) ? base.toLowerCase() : base;
}

/* ---------- validation ---------- */

/**
 * What kind of failure a value is, as the core judged it (for the pane's wording):
 * - blank / text / notNumber: not a number at all;
 * - below / above: outside the core's domain for the kind (`bound` is the limit crossed,
 *   `inclusive` whether the limit itself is allowed);
 * - notWhole: a whole number was wanted;
 * - zero: a value the core refuses only in combination (a deal value of 0 with revenue to
 *   win, a rate of 0 in the funnel): a #DIV/0! on the sheet;
 * - own: a rule of the model's own (names, Low above High, the lead stage): the message is
 *   already in the user's words.
 */
export type Verdict =
  | { kind: 'blank' | 'text' | 'notNumber' | 'notFinite' | 'notWhole' | 'zero' | 'own' }
  | { kind: 'below' | 'above'; bound: number; inclusive: boolean };

export interface InputProblem {
  /** The core's message (for the sheet and the command line: it names the core's argument). */
  message: string;
  verdict: Verdict;
  /** The value that failed, when it is a number (for the pane's "you typed ..."). */
  value?: number;
}

/** Field path -> the core's message, e.g. { "stages.2.rate": "conversion_rates must be a rate ..." }. */
export type InputErrors = Record<string, string>;

/** Field path -> the problem (message and verdict). */
export type InputProblems = Record<string, InputProblem>;

function paramKind(p: CoreParam): { kind: ParamKind; name: string } {
  const found = getFunction(p.fn)?.params.find((x) => x.name === p.param);
  if (!found) throw new Error(`The core has no parameter ${p.param} in ROI.${p.fn}.`);
  return { kind: found.kind, name: found.name };
}

/** A form value as the core sees a cell: NaN (an empty number field) is blank. */
function toCell(v: unknown): CellValue {
  if (typeof v === 'number' && Number.isNaN(v)) return null;
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    return v as CellValue;
  return String(v);
}

/** The core's verdict on one value checked as a parameter: undefined when valid. */
export function coreProblem(p: CoreParam, v: unknown): InputProblem | undefined {
  const { kind, name } = paramKind(p);
  const cell = toCell(v);
  const r = checkScalar(kind === 'rateList' ? 'rateList' : kind, name, cell);
  if (!isRoiError(r)) return undefined;
  return { message: r.message, verdict: verdictOf(kind, cell), value: typeof cell === 'number' ? cell : undefined };
}

/** Why the core refused a value, from its domain table (the same one its check reads). */
function verdictOf(kind: ParamKind, v: CellValue): Verdict {
  if (v === null || v === undefined || v === '') return { kind: 'blank' };
  if (typeof v === 'string') return { kind: 'text' };
  if (typeof v !== 'number') return { kind: 'notNumber' };
  if (!Number.isFinite(v)) return { kind: 'notFinite' };
  const d = DOMAINS[kind];
  if (!d) return { kind: 'notNumber' };
  // An open end is kept in the table as the nearest double inside it (0 as MIN_VALUE, 1 just below 1).
  const openLow = d.lo > 0 && d.lo < 1e-300;
  const openHigh = d.hi < 1 && d.hi > 1 - 1e-15;
  if (v < d.lo) return { kind: 'below', bound: openLow ? 0 : d.lo, inclusive: !openLow };
  if (v > d.hi) return { kind: 'above', bound: openHigh ? 1 : d.hi, inclusive: !openHigh };
  if (d.whole && !Number.isInteger(v)) return { kind: 'notWhole' };
  return { kind: 'notNumber' };
}

const own = (message: string): InputProblem => ({ message, verdict: { kind: 'own' } });

/**
 * Every problem with the inputs, by field path ("growthRate", "stages.1.rate",
 * "scenarios.rates.0.low", "scenarios.dealValue.high", "scenarios.share", ...), with the
 * core's own message and verdict wherever the core checks the value. Empty when the model
 * can be built.
 */
export function inputProblems(inputs: ModelInputs): InputProblems {
  const problems: InputProblems = {};
  const put = (path: string, p: InputProblem | undefined) => {
    if (p && !(path in problems)) problems[path] = p;
  };

  for (const field of MODEL_FIELDS as readonly ModelField[]) {
    if (field.key === 'scenarios.share' && inputs.scenarios?.mode !== 'share') continue;
    put(field.key, coreProblem(field.checkedAs, fieldValue(inputs, field.key)));
  }

  // The fiscal year's first month: a whole month number, 1 to 12.
  if (!problems.fiscalStartMonth && inputs.fiscalStartMonth > YEAR_MONTHS)
    put('fiscalStartMonth', {
      message: `The fiscal year starts in a month from 1 (January) to ${YEAR_MONTHS} (December), not ${inputs.fiscalStartMonth}.`,
      verdict: { kind: 'above', bound: YEAR_MONTHS, inclusive: true },
      value: inputs.fiscalStartMonth,
    });

  // The seasonality: twelve weights, each a number >= 0, not all 0.
  const weights = Array.isArray(inputs.seasonality) ? inputs.seasonality : [];
  if (weights.length !== YEAR_MONTHS)
    put('seasonality', own(`Give one seasonality weight for each of the ${YEAR_MONTHS} months.`));
  else {
    weights.forEach((w, m) => put(`seasonality.${m}`, coreProblem(SEASONALITY.checkedAs, w)));
    if (weights.every((w) => w === 0))
      put('seasonality', own('At least one month needs a seasonality weight above 0.'));
  }

  // Stages: at least one, at most the sheet's room; each a name and its numbers.
  const stages = Array.isArray(inputs.stages) ? inputs.stages : [];
  if (stages.length === 0) put('stages', own(msg.emptyList('conversion_rates')));
  if (stages.length > STAGE_CAPACITY)
    put(
      'stages',
      own(`The model has room for ${STAGE_CAPACITY} funnel stages, not ${stages.length}: merge some stages.`),
    );
  const checked = stages.slice(0, STAGE_CAPACITY);
  checked.forEach((s, i) => {
    put(`stages.${i}.name`, nameProblem(s?.name, 'this stage'));
    if (s?.label !== undefined && s.label !== '') put(`stages.${i}.label`, nameProblem(s.label, 'this rate', false));
    for (const c of STAGE_NUMBER_COLUMNS)
      put(`stages.${i}.${c.key}`, coreProblem(c.checkedAs, (s as Record<string, unknown> | undefined)?.[c.key]));
  });
  put('wonStageName', nameProblem(inputs.wonStageName, 'the won deals'));
  const names = [
    ...checked.map((s) =>
      String(s?.name ?? '')
        .trim()
        .toLowerCase(),
    ),
    String(inputs.wonStageName ?? '')
      .trim()
      .toLowerCase(),
  ];
  names.forEach((n, i) => {
    if (n && names.indexOf(n) !== i)
      put(
        i < checked.length ? `stages.${i}.name` : 'wonStageName',
        own('Two stages have this name: give each stage its own.'),
      );
  });
  if (!Number.isInteger(inputs.leadStage) || inputs.leadStage < 0 || inputs.leadStage >= Math.max(1, checked.length)) {
    put('leadStage', own('Choose which stage counts as leads.'));
  }

  // Values the core rejects only in combination: a deal value of 0, a rate of 0.
  if (!problems.averageDealValue && !problems.currentRevenue && !problems.growthRate && !problems.churnRate) {
    const gap = inputs.currentRevenue * (inputs.growthRate + inputs.churnRate);
    if (gap > 0 && inputs.averageDealValue === 0)
      put('averageDealValue', { message: divMessage('REQUIREDDEALS', [gap, 0]), verdict: { kind: 'zero' }, value: 0 });
  }
  checked.forEach((s, i) => {
    if (s?.rate === 0 && !problems[`stages.${i}.rate`])
      put(`stages.${i}.rate`, { message: zeroRateMessage(checked.length, i), verdict: { kind: 'zero' }, value: 0 });
  });

  // Scenarios.
  const sc = inputs.scenarios;
  if (!sc || (sc.mode !== 'share' && sc.mode !== 'manual')) {
    put('scenarios.mode', own('Choose how to set the Low and High scenarios.'));
  } else if (sc.mode === 'manual') {
    const rate = STAGE_NUMBER_COLUMNS.find((c) => c.key === 'rate')!.checkedAs;
    const deal = FIELD_BY_KEY.get('averageDealValue')!.checkedAs;
    checked.forEach((_, i) => {
      const r = sc.rates?.[i];
      put(`scenarios.rates.${i}.low`, coreProblem(rate, r?.low));
      put(`scenarios.rates.${i}.high`, coreProblem(rate, r?.high));
      if (r && !problems[`scenarios.rates.${i}.low`] && !problems[`scenarios.rates.${i}.high`]) {
        if (r.low > r.high) put(`scenarios.rates.${i}.low`, own(lowAboveHigh(rateLabel(checked, i))));
        else if (r.low === 0)
          put(`scenarios.rates.${i}.low`, {
            message: zeroRateMessage(checked.length, i),
            verdict: { kind: 'zero' },
            value: 0,
          });
      }
    });
    const d = sc.dealValue;
    put('scenarios.dealValue.low', coreProblem(deal, d?.low));
    put('scenarios.dealValue.high', coreProblem(deal, d?.high));
    if (d && !problems['scenarios.dealValue.low'] && !problems['scenarios.dealValue.high']) {
      if (d.low > d.high) put('scenarios.dealValue.low', own(lowAboveHigh('average deal value')));
      else if (d.low === 0)
        put('scenarios.dealValue.low', {
          message: divMessage('REQUIREDDEALS', [1, 0]),
          verdict: { kind: 'zero' },
          value: 0,
        });
    }
  }
  return problems;
}

/** Field path -> the core's message: empty when the model can be built. */
export function validateInputs(inputs: ModelInputs): InputErrors {
  return Object.fromEntries(Object.entries(inputProblems(inputs)).map(([k, p]) => [k, p.message]));
}

/** An empty or overlong name. */
function nameProblem(name: unknown, what: string, required = true): InputProblem | undefined {
  const n = typeof name === 'string' ? name.trim() : '';
  if (!n) return required ? own(what === 'this stage' ? 'Give this stage a name.' : `Give ${what} a name.`) : undefined;
  if (n.length > MAX_NAME_LENGTH)
    return own(
      `Keep the name of ${what} to ${MAX_NAME_LENGTH} characters or fewer (it has ${n.length.toLocaleString('en-US')}).`,
    );
  return undefined;
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
