/**
 * The model form's state: the text in every box (so "25%" stays as typed while the user
 * edits), turned into ModelInputs for the core on every change. Pure functions and a
 * reducer, no React, so the form logic is tested on its own.
 */
import { defaultInputs, scenarioValues, type ModelInputs } from '../../features/model';
import { numberText, parseCount, parseMoney, parsePercent, percentText, type FieldKind, type Parsed } from './parse';

/** The single-number inputs of ModelInputs the form edits with one box each. */
export type ScalarField =
  | 'currentRevenue'
  | 'growthRate'
  | 'churnRate'
  | 'averageDealValue'
  | 'salesCycleMonths'
  | 'grossMargin'
  | 'marketingBudget'
  | 'costToServe'
  | 'marketingShare'
  | 'confidence'
  | 'plannedLeadsPerMonth'
  | 'sensitivityStep';

export const SCALAR_KINDS: Record<ScalarField, FieldKind> = {
  currentRevenue: 'money',
  growthRate: 'percent',
  churnRate: 'percent',
  averageDealValue: 'money',
  salesCycleMonths: 'count',
  grossMargin: 'percent',
  marketingBudget: 'money',
  costToServe: 'money',
  marketingShare: 'percent',
  confidence: 'percent',
  plannedLeadsPerMonth: 'count',
  sensitivityStep: 'percent',
};

const SCALARS = Object.keys(SCALAR_KINDS) as ScalarField[];

export interface StageDraft {
  /** Stable key for React and for focus while rows move. */
  key: string;
  name: string;
  rate: string;
  /** The typed Low / High of this stage's rate (scenario mode "manual"). */
  low: string;
  high: string;
}

export interface FormState {
  scalars: Record<ScalarField, string>;
  stages: StageDraft[];
  wonStageName: string;
  /** Key of the stage whose volume counts as leads. */
  leadStageKey: string;
  scenarioMode: 'share' | 'manual';
  scenarioShare: string;
  dealLow: string;
  dealHigh: string;
  /** Counter for new stage keys. */
  nextKey: number;
}

export const MAX_STAGES = 10;

function parserFor(kind: FieldKind): (t: string) => Parsed {
  return kind === 'percent' ? parsePercent : kind === 'money' ? parseMoney : parseCount;
}

function textFor(kind: FieldKind, v: number | undefined): string {
  return kind === 'percent' ? percentText(v) : numberText(v);
}

/**
 * The form for some inputs (defaults, or what the workbook saved). Saved inputs from an
 * older version may lack fields: those take the defaults.
 */
export function formFromInputs(saved?: Partial<ModelInputs>): FormState {
  const d = defaultInputs();
  const i: ModelInputs = {
    ...d,
    ...(saved ?? {}),
    stages: Array.isArray(saved?.stages) && saved.stages.length ? saved.stages : d.stages,
    scenarios: { ...d.scenarios, ...(saved?.scenarios ?? {}) },
  } as ModelInputs;
  const scalars = {} as Record<ScalarField, string>;
  for (const f of SCALARS) scalars[f] = textFor(SCALAR_KINDS[f], (i as unknown as Record<string, number>)[f]);
  const rates = Array.isArray(i.scenarios.rates) ? i.scenarios.rates : [];
  const stages = i.stages.map((s, n) => ({
    key: `s${n}`,
    name: String(s.name ?? ''),
    rate: percentText(s.rate),
    low: percentText(rates[n]?.low ?? round(s.rate * 0.9)),
    high: percentText(rates[n]?.high ?? round(Math.min(1, s.rate * 1.1))),
  }));
  const lead = Number.isInteger(i.leadStage) && i.leadStage >= 0 && i.leadStage < stages.length ? i.leadStage : 0;
  const dv = i.scenarios.dealValue ?? d.scenarios.dealValue;
  return {
    scalars,
    stages,
    wonStageName: String(i.wonStageName ?? d.wonStageName),
    leadStageKey: stages[lead].key,
    scenarioMode: i.scenarios.mode === 'manual' ? 'manual' : 'share',
    scenarioShare: percentText(i.scenarios.share),
    dealLow: numberText(dv.low),
    dealHigh: numberText(dv.high),
    nextKey: stages.length,
  };
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

export interface FormReading {
  inputs: ModelInputs;
  /** Boxes whose text is not a number, by field path (the pane's own messages). */
  parseErrors: Record<string, string>;
}

/** The ModelInputs the form stands for; a box that does not parse becomes NaN (blank to the core). */
export function readForm(form: FormState): FormReading {
  const parseErrors: Record<string, string> = {};
  const read = (path: string, kind: FieldKind, text: string, report = true): number => {
    const p = parserFor(kind)(text);
    if (p.ok) return p.value;
    if (report) parseErrors[path] = p.message;
    return NaN;
  };
  const manual = form.scenarioMode === 'manual';
  const scalars = {} as Record<ScalarField, number>;
  for (const f of SCALARS) scalars[f] = read(f, SCALAR_KINDS[f], form.scalars[f]);
  const leadIndex = form.stages.findIndex((s) => s.key === form.leadStageKey);
  const inputs: ModelInputs = {
    ...scalars,
    stages: form.stages.map((s, i) => ({ name: s.name.trim(), rate: read(`stages.${i}.rate`, 'percent', s.rate) })),
    wonStageName: form.wonStageName.trim(),
    leadStage: leadIndex < 0 ? 0 : leadIndex,
    scenarios: {
      mode: form.scenarioMode,
      share: read('scenarios.share', 'percent', form.scenarioShare, !manual),
      rates: form.stages.map((s, i) => ({
        low: read(`scenarios.rates.${i}.low`, 'percent', s.low, manual),
        high: read(`scenarios.rates.${i}.high`, 'percent', s.high, manual),
      })),
      dealValue: {
        low: read('scenarios.dealValue.low', 'money', form.dealLow, manual),
        high: read('scenarios.dealValue.high', 'money', form.dealHigh, manual),
      },
    },
  };
  return { inputs, parseErrors };
}

export type FormAction =
  | { type: 'reset'; form: FormState }
  | { type: 'scalar'; field: ScalarField; text: string }
  | { type: 'stageName'; key: string; text: string }
  | { type: 'stageRate'; key: string; text: string }
  | { type: 'stageLow'; key: string; text: string }
  | { type: 'stageHigh'; key: string; text: string }
  | { type: 'addStage' }
  | { type: 'removeStage'; key: string }
  | { type: 'moveStage'; key: string; by: -1 | 1 }
  | { type: 'wonStageName'; text: string }
  | { type: 'leadStage'; key: string }
  | { type: 'scenarioMode'; mode: 'share' | 'manual' }
  | { type: 'scenarioShare'; text: string }
  | { type: 'dealLow'; text: string }
  | { type: 'dealHigh'; text: string };

function editStage(form: FormState, key: string, patch: Partial<StageDraft>): FormState {
  return { ...form, stages: form.stages.map((s) => (s.key === key ? { ...s, ...patch } : s)) };
}

export function formReducer(form: FormState, action: FormAction): FormState {
  switch (action.type) {
    case 'reset':
      return action.form;
    case 'scalar':
      return { ...form, scalars: { ...form.scalars, [action.field]: action.text } };
    case 'stageName':
      return editStage(form, action.key, { name: action.text });
    case 'stageRate':
      return editStage(form, action.key, { rate: action.text });
    case 'stageLow':
      return editStage(form, action.key, { low: action.text });
    case 'stageHigh':
      return editStage(form, action.key, { high: action.text });
    case 'addStage': {
      if (form.stages.length >= MAX_STAGES) return form;
      const key = `s${form.nextKey}`;
      const stage: StageDraft = { key, name: `Stage ${form.stages.length + 1}`, rate: '50', low: '45', high: '55' };
      return { ...form, stages: [...form.stages, stage], nextKey: form.nextKey + 1 };
    }
    case 'removeStage': {
      if (form.stages.length <= 1) return form;
      const at = form.stages.findIndex((s) => s.key === action.key);
      if (at < 0) return form;
      const stages = form.stages.filter((s) => s.key !== action.key);
      const leadStageKey =
        form.leadStageKey === action.key ? stages[Math.min(at, stages.length - 1)].key : form.leadStageKey;
      return { ...form, stages, leadStageKey };
    }
    case 'moveStage': {
      const at = form.stages.findIndex((s) => s.key === action.key);
      const to = at + action.by;
      if (at < 0 || to < 0 || to >= form.stages.length) return form;
      const stages = form.stages.slice();
      [stages[at], stages[to]] = [stages[to], stages[at]];
      return { ...form, stages };
    }
    case 'wonStageName':
      return { ...form, wonStageName: action.text };
    case 'leadStage':
      return form.stages.some((s) => s.key === action.key) ? { ...form, leadStageKey: action.key } : form;
    case 'scenarioMode': {
      if (action.mode === form.scenarioMode) return form;
      if (action.mode === 'share') return { ...form, scenarioMode: 'share' };
      // Switching to typed values starts from what "Base -/+ share" gives today, where it can be read.
      const { inputs, parseErrors } = readForm(form);
      const usable = !Object.keys(parseErrors).some(
        (p) => p.startsWith('stages.') || p === 'averageDealValue' || p === 'scenarios.share',
      );
      if (!usable) return { ...form, scenarioMode: 'manual' };
      const v = scenarioValues(inputs);
      return {
        ...form,
        scenarioMode: 'manual',
        stages: form.stages.map((s, i) => ({
          ...s,
          low: percentText(round(v.Low.rates[i])),
          high: percentText(round(v.High.rates[i])),
        })),
        dealLow: numberText(round(v.Low.dealValue)),
        dealHigh: numberText(round(v.High.dealValue)),
      };
    }
    case 'scenarioShare':
      return { ...form, scenarioShare: action.text };
    case 'dealLow':
      return { ...form, dealLow: action.text };
    case 'dealHigh':
      return { ...form, dealHigh: action.text };
    default:
      return form;
  }
}
