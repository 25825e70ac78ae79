/**
 * Once a model exists, its sheet is the truth. This module reads the inputs back from a
 * model sheet (through the defined names of the field table, the stage table and the
 * scenarios: one batched read), says which inputs differ from what the builder last wrote
 * (field by field, old -> new, in the user's words), and merges those edits into the
 * form's inputs: a value the user changed on the sheet and not in the form is taken from
 * the sheet; one changed in both places is a conflict the pane asks about.
 *
 * Pure logic over the WorkbookPort: no Office, no DOM.
 */
import { isRoiError, type CellValue } from '../../core';
import { parseCellRange } from '../../base/a1';
import type { NamedRead, WorkbookPort } from '../../workbook/port';
import {
  FIELD_BY_KEY,
  MODEL_FIELDS,
  STAGE_COLUMNS,
  STAGE_NUMBER_COLUMNS,
  SEASONALITY,
  type ModelField,
  type StageColumn,
} from './fields';
import {
  cloneInputs,
  fieldValue,
  fillLags,
  rateLabel,
  rateName,
  setFieldValue,
  type ModelInputs,
  type StageInput,
} from './inputs';
import { shortLabel, shownAs } from './messages';
import { MARKER_NAME } from './plan';
import type { ModelRecord } from './build';

/** The inputs as the model sheet holds them now. */
export interface SheetInputs {
  sheet: string;
  inputs: ModelInputs;
  /** Input cells holding something that is not a number where one belongs, by path: what they hold. */
  notNumbers: Record<string, CellValue>;
  /** Scenario cells (share mode) where the user typed a value over the formula, by path ("scenarios.rates.2.low"): the value. */
  typedOver: Record<string, number>;
  /** Read-only, for callers that write into the stage table (Calibrate's "Use in the model"): the row of the stage table (0 = its first row) each of inputs.stages sits in. */
  stageRows: number[];
}

const SCENARIO_NAMES_READ = ['ROI_ScenarioLow', 'ROI_ScenarioHigh'] as const;

/** Every defined name the read-back needs: the fields', the stage table's, the lead rates', the scenarios', the marker. */
export function readBackNames(): string[] {
  return [
    ...MODEL_FIELDS.map((f) => f.name),
    ...STAGE_COLUMNS.map((c) => c.name),
    'ROI_LeadRates',
    SEASONALITY.name,
    ...SCENARIO_NAMES_READ,
    MARKER_NAME,
  ];
}

const blank = (v: CellValue) => v === null || v === undefined || v === '';

/**
 * The inputs the model sheet holds now, read through its defined names in one round trip,
 * or a message saying why they cannot be read (the sheet is gone, its marker does not
 * match the record, the port cannot read names).
 */
export async function readModelSheet(port: WorkbookPort, record: ModelRecord): Promise<SheetInputs | string> {
  if (!port.readNames) return 'This workbook cannot be read back by name.';
  let reads: Record<string, NamedRead | null>;
  try {
    reads = await port.readNames(record.sheet, readBackNames());
  } catch {
    return `"${record.sheet}" could not be read.`;
  }
  const marker = reads[MARKER_NAME]?.values[0]?.[0];
  if (!record.id || marker !== record.id) return `"${record.sheet}" does not carry this model's id.`;
  return sheetInputsFrom(record, reads);
}

/** The inputs from the names' contents, on top of the record's inputs (what the sheet cannot say: the lead stage's name, the mode). */
export function sheetInputsFrom(record: ModelRecord, reads: Record<string, NamedRead | null>): SheetInputs {
  const inputs = cloneInputs(record.inputs);
  const notNumbers: Record<string, CellValue> = {};
  const typedOver: Record<string, number> = {};
  for (const f of MODEL_FIELDS as readonly ModelField[]) {
    const v = reads[f.name]?.values[0]?.[0];
    if (typeof v === 'number') setFieldValue(inputs, f.key, v);
    else if (reads[f.name]) {
      notNumbers[f.key] = v ?? null;
      setFieldValue(inputs, f.key, NaN);
    }
  }

  // The stage table: the rows that hold a name or a number, top first; the won deals last.
  const columns = STAGE_COLUMNS as readonly StageColumn[];
  const col = (c: StageColumn) => reads[c.name]?.values.map((row) => row[0] ?? null) ?? [];
  const names = col(columns.find((c) => c.key === 'name')!);
  const won = names.length ? names[names.length - 1] : null;
  const rows = names.length - 1;
  const stages: StageInput[] = [];
  const rowOfStage: number[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = columns.map((c) => (c.key === 'name' ? names[r] : col(c)[r]));
    if (cells.every((v) => blank(v))) continue;
    const stage = { name: blank(names[r]) ? '' : String(names[r]) } as StageInput;
    for (const c of STAGE_NUMBER_COLUMNS) {
      const v = col(c)[r];
      // A stage typed without a lag gets the default lag (filled in below, once the stages are known).
      if (c.key === 'lag' && blank(v)) continue;
      (stage as Record<string, unknown>)[c.key] = typeof v === 'number' ? v : NaN;
      if (typeof v !== 'number') notNumbers[`stages.${stages.length}.${c.key}`] = v ?? null;
    }
    // The rate name: the user's when it is not what the builder wrote in that row.
    const labelColumn = columns.find((c) => c.key === 'label');
    const label = labelColumn ? col(labelColumn)[r] : null;
    const wrote = r < record.inputs.stages.length ? rateLabel(record.inputs.stages, r) : undefined;
    if (!blank(label) && String(label) !== wrote) stage.label = String(label);
    else if (!blank(label) && record.inputs.stages[r]?.label) stage.label = record.inputs.stages[r].label;
    stages.push(stage);
    rowOfStage.push(r);
  }
  // A typed rate name that is only the generated one is not a name of the user's.
  stages.forEach((s, i) => {
    if (s.label !== undefined && s.label.trim() === rateName(stages, i)) delete s.label;
  });
  if (stages.length) inputs.stages = stages;
  const seasonality = reads[SEASONALITY.name]?.values[0];
  if (seasonality)
    inputs.seasonality = seasonality.map((v, m) => {
      if (typeof v !== 'number') notNumbers[`seasonality.${m}`] = v ?? null;
      return typeof v === 'number' ? v : NaN;
    });
  if (!blank(won)) inputs.wonStageName = String(won);
  const rates = reads[columns.find((c) => c.key === 'rate')!.name];
  const lead = reads.ROI_LeadRates;
  const top = (r: NamedRead | null | undefined) => (r ? parseCellRange(r.address)?.top : undefined);
  const leadRow = top(lead) !== undefined && top(rates) !== undefined ? top(lead)! - top(rates)! : undefined;
  if (leadRow !== undefined) {
    const at = rowOfStage.indexOf(leadRow);
    inputs.leadStage = at >= 0 ? at : Math.min(inputs.leadStage, Math.max(0, stages.length - 1));
  }

  fillLags(inputs);

  // Scenarios: typed values (manual), or formulas someone typed over (share).
  const [low, high] = SCENARIO_NAMES_READ.map((n) => reads[n]);
  if (low && high) {
    const cells = (r: NamedRead, i: number) => ({ v: r.values[i]?.[0] ?? null, f: r.formulas[i]?.[0] ?? '' });
    const dealAt = low.values.length - 1;
    const perStage = rowOfStage.map((r) => ({ low: cells(low, r), high: cells(high, r) }));
    const deal = { low: cells(low, dealAt), high: cells(high, dealAt) };
    if (inputs.scenarios.mode === 'manual') {
      const n = (c: { v: CellValue }) => (typeof c.v === 'number' ? c.v : NaN);
      inputs.scenarios.rates = perStage.map((p) => ({ low: n(p.low), high: n(p.high) }));
      inputs.scenarios.dealValue = { low: n(deal.low), high: n(deal.high) };
    } else {
      perStage.forEach((p, i) => {
        for (const side of ['low', 'high'] as const)
          if (!p[side].f.startsWith('=') && typeof p[side].v === 'number')
            typedOver[`scenarios.rates.${i}.${side}`] = p[side].v as number;
      });
      for (const side of ['low', 'high'] as const)
        if (!deal[side].f.startsWith('=') && typeof deal[side].v === 'number')
          typedOver[`scenarios.dealValue.${side}`] = deal[side].v as number;
    }
  }
  return { sheet: record.sheet, inputs, notNumbers, typedOver, stageRows: rowOfStage };
}

/* ---------- what changed ---------- */

/** One input that differs between two sets of inputs, in the user's words. */
export interface InputChange {
  /** The field's path ("averageDealValue"), or "stages", "wonStageName", "scenarios.values", "scenarios.rates.2.low". */
  path: string;
  label: string;
  /** The value before and after, as the pane shows them ("$50,000", "25%", "Leads, SALs, SQOs"). */
  from: string;
  to: string;
}

const same = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number'
    ? a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a))
    : JSON.stringify(a) === JSON.stringify(b);

function showField(f: ModelField, v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? shownAs(f.kind, v) : 'not a number';
}

function showStages(i: ModelInputs): string {
  return i.stages
    .map((s) => {
      const nums = STAGE_NUMBER_COLUMNS.map((c, j) => {
        const v = (s as Record<string, unknown>)[c.key];
        const t = typeof v === 'number' && Number.isFinite(v) ? shownAs(c.kind, v) : '?';
        // The rate, then the other columns in brackets with their unit: "Leads 50% (0.5 mo)".
        return j === 0 ? t : `(${t}${c.kind === 'months' ? ' mo' : ''})`;
      });
      return `${s.name || '(no name)'} ${nums.join(' ')}${s.label ? ` (${s.label})` : ''}`;
    })
    .join(', ');
}

/** The stage table as compared: names, numbers and typed rate names, and the lead stage. */
function stageKey(i: ModelInputs): unknown {
  return {
    stages: i.stages.map((s) => ({
      name: s.name,
      label: s.label ?? null,
      ...Object.fromEntries(STAGE_NUMBER_COLUMNS.map((c) => [c.key, (s as Record<string, unknown>)[c.key]])),
    })),
    lead: i.leadStage,
  };
}

function scenarioKey(i: ModelInputs): unknown {
  return i.scenarios.mode === 'manual' ? { rates: i.scenarios.rates, deal: i.scenarios.dealValue } : null;
}

/** The paths compared, each with how to read it from some inputs and how to say it. */
interface Part {
  path: string;
  label: string;
  get: (i: ModelInputs) => unknown;
  show: (i: ModelInputs) => string;
  set: (into: ModelInputs, from: ModelInputs) => void;
}

function parts(): Part[] {
  const fields: Part[] = (MODEL_FIELDS as readonly ModelField[]).map((f) => ({
    path: f.key,
    label: shortLabel(f.label),
    get: (i) => fieldValue(i, f.key),
    show: (i) => showField(f, fieldValue(i, f.key)),
    set: (into, from) => setFieldValue(into, f.key, fieldValue(from, f.key) as number),
  }));
  return [
    ...fields,
    {
      path: 'stages',
      label: 'Funnel stages',
      get: stageKey,
      show: showStages,
      set: (into, from) => {
        into.stages = from.stages.map((s) => ({ ...s }));
        into.leadStage = from.leadStage;
        if (into.scenarios.mode === 'manual' && from.scenarios.mode === 'manual')
          into.scenarios.rates = from.scenarios.rates.map((r) => ({ ...r }));
      },
    },
    {
      path: 'seasonality',
      label: 'Seasonality weights',
      get: (i) => i.seasonality,
      show: (i) =>
        (i.seasonality ?? []).every((w) => w === i.seasonality[0])
          ? 'flat'
          : (i.seasonality ?? []).map((w) => (Number.isFinite(w) ? String(w) : '?')).join(', '),
      set: (into, from) => (into.seasonality = from.seasonality.slice()),
    },
    {
      path: 'wonStageName',
      label: 'Name of the won deals',
      get: (i) => i.wonStageName,
      show: (i) => i.wonStageName,
      set: (into, from) => (into.wonStageName = from.wonStageName),
    },
    {
      path: 'scenarios.values',
      label: 'Low and High scenario values',
      get: scenarioKey,
      show: (i) =>
        i.scenarios.mode === 'manual'
          ? `${i.scenarios.rates.map((r) => `${shownAs('percent', r.low)}-${shownAs('percent', r.high)}`).join(', ')}; deal ${shownAs('money', i.scenarios.dealValue.low)}-${shownAs('money', i.scenarios.dealValue.high)}`
          : 'Base minus and plus the share',
      set: (into, from) => {
        into.scenarios.rates = from.scenarios.rates.map((r) => ({ ...r }));
        into.scenarios.dealValue = { ...from.scenarios.dealValue };
      },
    },
  ];
}

/** The inputs that differ from `before` to `after`, field by field. */
export function inputChanges(before: ModelInputs, after: ModelInputs): InputChange[] {
  return parts()
    .filter((p) => !same(p.get(before), p.get(after)))
    .map((p) => ({ path: p.path, label: p.label, from: p.show(before), to: p.show(after) }));
}

/** What the sheet says, merged into the form's inputs. */
export interface SheetMerge {
  /** The form's inputs with every sheet edit the form did not also make. */
  merged: ModelInputs;
  /** Changed on the sheet only: taken into the form. */
  adopted: InputChange[];
  /** Changed on the sheet and, differently, in the form: the form's value is kept until the user says. */
  conflicts: Array<InputChange & { form: string }>;
}

/**
 * Merge the sheet's edits into the form: for each input, when the sheet differs from what
 * was last written (`last`), the sheet's value is taken if the form still holds the last
 * written one; if the form changed it too (to something else), it is a conflict.
 */
export function mergeSheetEdits(form: ModelInputs, last: ModelInputs, sheet: ModelInputs): SheetMerge {
  const merged = cloneInputs(form);
  const adopted: InputChange[] = [];
  const conflicts: Array<InputChange & { form: string }> = [];
  for (const p of parts()) {
    if (same(p.get(last), p.get(sheet))) continue;
    const change = { path: p.path, label: p.label, from: p.show(last), to: p.show(sheet) };
    if (same(p.get(form), p.get(last))) {
      p.set(merged, sheet);
      adopted.push(change);
    } else if (!same(p.get(form), p.get(sheet))) conflicts.push({ ...change, form: p.show(form) });
  }
  return { merged, adopted, conflicts };
}

/** The words for a cell's content in a message: "$60,000", "the text "n/a"", "an error (#DIV/0!)", "blank". */
export function contentWords(v: CellValue, path?: string): string {
  if (isRoiError(v)) return `an error (${v.code})`;
  if (blank(v)) return 'blank';
  if (typeof v === 'number') {
    const f = path ? FIELD_BY_KEY.get(path) : undefined;
    return f ? shownAs(f.kind, v) : String(v);
  }
  return `the text "${String(v).slice(0, 40)}"`;
}
