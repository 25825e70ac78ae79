/**
 * The model form's state: the text in every box (so "25%" stays as typed while the user
 * edits), turned into ModelInputs for the core on every change. The boxes are the field
 * table's rows (MODEL_FIELDS) and the stage table's numeric columns (STAGE_NUMBER_COLUMNS):
 * a new input is a new box here without a line of this file changing. Pure functions and
 * a reducer, no React, so the form logic is tested on its own.
 */
import {
  MODEL_FIELDS,
  STAGE_CAPACITY,
  STAGE_NUMBER_COLUMNS,
  YEAR_MONTHS,
  defaultInputs,
  defaultLag,
  fieldValue,
  fillLags,
  scenarioValues,
  setFieldValue,
  type FieldKey,
  type ModelField,
  type ModelInputs,
  type StageInput,
  type StageNumberKey,
} from '../../features/model';
import { numberText, parserFor, percentText, type FieldKind } from './parse';

export interface StageDraft {
  /** Stable key for React and for focus while rows move. */
  key: string;
  name: string;
  /** The text of each numeric column ("rate", and any the stage table gains). */
  values: Record<StageNumberKey, string>;
  /** A rate name typed on the sheet (kept as it is; the pane does not edit it). */
  label?: string;
  /** The typed Low / High of this stage's rate (scenario mode "manual"). */
  low: string;
  high: string;
}

export interface FormState {
  /** The text of each field's box, by the field's key (including "scenarios.share"). */
  fields: Record<FieldKey, string>;
  stages: StageDraft[];
  wonStageName: string;
  /** Key of the stage whose volume counts as leads. */
  leadStageKey: string;
  scenarioMode: 'share' | 'manual';
  dealLow: string;
  dealHigh: string;
  /** The seasonality: flat (every month 1), or twelve typed weights. */
  seasonalityMode: 'flat' | 'typed';
  /** The text of each month's weight box, first month of the fiscal year first. */
  seasonality: string[];
  /** Counter for new stage keys. */
  nextKey: number;
}

/** The most stages the form holds: the sheet's stage capacity. */
export const MAX_STAGES = STAGE_CAPACITY;

/** A number as the text of a box of a kind. */
export function textFor(kind: FieldKind, v: number | undefined): string {
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
  // Inputs saved before lags and seasonality existed: lags from the sales cycle, a flat year.
  i.stages = i.stages.map((s) => ({ ...s }));
  fillLags(i);
  const fields = {} as Record<FieldKey, string>;
  for (const f of MODEL_FIELDS as readonly ModelField[]) {
    const v = fieldValue(i, f.key);
    fields[f.key as FieldKey] = textFor(f.kind, typeof v === 'number' ? v : (fieldValue(d, f.key) as number));
  }
  const rates = Array.isArray(i.scenarios.rates) ? i.scenarios.rates : [];
  const stages = i.stages.map((s, n) => ({
    key: `s${n}`,
    name: String(s.name ?? ''),
    values: Object.fromEntries(
      STAGE_NUMBER_COLUMNS.map((c) => [c.key, textFor(c.kind, (s as Record<string, unknown>)[c.key] as number)]),
    ) as Record<StageNumberKey, string>,
    ...(s.label ? { label: s.label } : {}),
    low: percentText(rates[n]?.low ?? round(s.rate * 0.9)),
    high: percentText(rates[n]?.high ?? round(Math.min(1, s.rate * 1.1))),
  }));
  const lead = Number.isInteger(i.leadStage) && i.leadStage >= 0 && i.leadStage < stages.length ? i.leadStage : 0;
  const dv = i.scenarios.dealValue ?? d.scenarios.dealValue;
  return {
    fields,
    stages,
    wonStageName: String(i.wonStageName ?? d.wonStageName),
    leadStageKey: stages[lead].key,
    scenarioMode: i.scenarios.mode === 'manual' ? 'manual' : 'share',
    dealLow: numberText(dv.low),
    dealHigh: numberText(dv.high),
    seasonalityMode: i.seasonality.every((w) => w === 1) ? 'flat' : 'typed',
    seasonality: Array.from({ length: YEAR_MONTHS }, (_, m) => numberText(i.seasonality[m])),
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
  const leadIndex = form.stages.findIndex((s) => s.key === form.leadStageKey);
  const inputs = {
    ...defaultInputs(),
    stages: form.stages.map((s, i) => {
      const stage = { name: s.name.trim() } as StageInput;
      for (const c of STAGE_NUMBER_COLUMNS)
        (stage as Record<string, unknown>)[c.key] = read(`stages.${i}.${c.key}`, c.kind, s.values[c.key] ?? '');
      if (s.label) stage.label = s.label;
      return stage;
    }),
    wonStageName: form.wonStageName.trim(),
    leadStage: leadIndex < 0 ? 0 : leadIndex,
    seasonality:
      form.seasonalityMode === 'flat'
        ? Array.from({ length: YEAR_MONTHS }, () => 1)
        : form.seasonality.map((t, m) => read(`seasonality.${m}`, 'months', t ?? '')),
    scenarios: {
      mode: form.scenarioMode,
      share: NaN,
      rates: form.stages.map((s, i) => ({
        low: read(`scenarios.rates.${i}.low`, 'percent', s.low, manual),
        high: read(`scenarios.rates.${i}.high`, 'percent', s.high, manual),
      })),
      dealValue: {
        low: read('scenarios.dealValue.low', 'money', form.dealLow, manual),
        high: read('scenarios.dealValue.high', 'money', form.dealHigh, manual),
      },
    },
  } as ModelInputs;
  for (const f of MODEL_FIELDS as readonly ModelField[]) {
    // The scenario share only counts in share mode: a hidden box is not reported.
    const report = f.key !== 'scenarios.share' || !manual;
    setFieldValue(inputs, f.key, read(f.key, f.kind, form.fields[f.key as FieldKey] ?? '', report));
  }
  return { inputs, parseErrors };
}

export type FormAction =
  | { type: 'reset'; form: FormState }
  | { type: 'scalar'; field: FieldKey; text: string }
  | { type: 'stageName'; key: string; text: string }
  | { type: 'stageNumber'; key: string; column: StageNumberKey; text: string }
  | { type: 'stageLow'; key: string; text: string }
  | { type: 'stageHigh'; key: string; text: string }
  | { type: 'addStage' }
  | { type: 'removeStage'; key: string }
  | { type: 'moveStage'; key: string; by: -1 | 1 }
  | { type: 'wonStageName'; text: string }
  | { type: 'leadStage'; key: string }
  | { type: 'scenarioMode'; mode: 'share' | 'manual' }
  | { type: 'dealLow'; text: string }
  | { type: 'dealHigh'; text: string }
  | { type: 'seasonalityMode'; mode: 'flat' | 'typed' }
  | { type: 'seasonalityWeight'; month: number; text: string };

function editStage(form: FormState, key: string, patch: Partial<StageDraft>): FormState {
  return { ...form, stages: form.stages.map((s) => (s.key === key ? { ...s, ...patch } : s)) };
}

export function formReducer(form: FormState, action: FormAction): FormState {
  switch (action.type) {
    case 'reset':
      return action.form;
    case 'scalar':
      return { ...form, fields: { ...form.fields, [action.field]: action.text } };
    case 'stageName':
      return editStage(form, action.key, { name: action.text });
    case 'stageNumber': {
      const s = form.stages.find((x) => x.key === action.key);
      return s ? editStage(form, action.key, { values: { ...s.values, [action.column]: action.text } }) : form;
    }
    case 'stageLow':
      return editStage(form, action.key, { low: action.text });
    case 'stageHigh':
      return editStage(form, action.key, { high: action.text });
    case 'addStage': {
      if (form.stages.length >= MAX_STAGES) return form;
      const key = `s${form.nextKey}`;
      // A new stage's lag: a step of the funnel below the leads, from the sales cycle typed above.
      const cycle = parserFor('months')(form.fields.salesCycleMonths ?? '');
      const lag = defaultLag(3, 1, 0, cycle.ok ? cycle.value : NaN);
      const values = Object.fromEntries(
        STAGE_NUMBER_COLUMNS.map((c) => [c.key, textFor(c.kind, c.key === 'lag' ? lag : c.default)]),
      ) as Record<StageNumberKey, string>;
      const stage: StageDraft = { key, name: `Stage ${form.stages.length + 1}`, values, low: '45', high: '55' };
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
    case 'dealLow':
      return { ...form, dealLow: action.text };
    case 'dealHigh':
      return { ...form, dealHigh: action.text };
    case 'seasonalityMode':
      return { ...form, seasonalityMode: action.mode };
    case 'seasonalityWeight':
      return action.month >= 0 && action.month < YEAR_MONTHS
        ? { ...form, seasonality: form.seasonality.map((t, m) => (m === action.month ? action.text : t)) }
        : form;
    default:
      return form;
  }
}

/**
 * The form with some inputs taken from `inputs` (values read back from the model sheet),
 * by the paths of mergeSheetEdits: a field's key, "stages", "wonStageName" or
 * "scenarios.values". Every other box keeps its text as typed.
 */
export function adoptInputs(form: FormState, inputs: ModelInputs, paths: readonly string[]): FormState {
  const fresh = formFromInputs(inputs);
  let next: FormState = { ...form, fields: { ...form.fields } };
  for (const path of paths) {
    if (path in fresh.fields) next.fields[path as FieldKey] = fresh.fields[path as FieldKey];
    else if (path === 'wonStageName') next.wonStageName = fresh.wonStageName;
    else if (path === 'seasonality')
      next = { ...next, seasonality: fresh.seasonality, seasonalityMode: fresh.seasonalityMode };
    else if (path === 'stages') {
      // New keys past the form's, so React never confuses an old row with a new one.
      const base = next.nextKey;
      const stages = fresh.stages.map((s, i) => ({ ...s, key: `s${base + i}` }));
      const lead = fresh.stages.findIndex((s) => s.key === fresh.leadStageKey);
      next = { ...next, stages, leadStageKey: stages[Math.max(0, lead)].key, nextKey: base + stages.length };
    } else if (path === 'scenarios.values') {
      next = {
        ...next,
        stages: next.stages.map((s, i) => ({
          ...s,
          low: fresh.stages[i]?.low ?? s.low,
          high: fresh.stages[i]?.high ?? s.high,
        })),
        dealLow: fresh.dealLow,
        dealHigh: fresh.dealHigh,
      };
    }
  }
  return next;
}
