/**
 * Build and update the model sheet through a WorkbookPort (Excel or the headless engine).
 *
 * - buildModel writes the whole model to a new sheet ("ROI Model", then "ROI Model (2)",
 *   ...) in one batch; nothing that exists is overwritten.
 * - updateModel rewrites a model sheet the builder created, touching only the cells it
 *   recorded as its own; any other sheet, or a layout that would need new cells, is refused.
 * - The form's inputs and the record of created sheets and cells live in the workbook's
 *   document settings, so they travel with the file.
 */
import type { CellWrite, WorkbookPort, WriteBatch } from '../../workbook/port';
import { WorkbookWriteError, uniqueSheetName } from '../../workbook/port';
import { cloneInputs, validateInputs, type ModelInputs } from './inputs';
import { cellA1, parseCellRange } from '../../base/a1';
import { STAGE_CAPACITY, planModel, type ModelPlan } from './plan';

export const SETTINGS_INPUTS = 'outcomeRoi.model.inputs';
export const SETTINGS_REGISTRY = 'outcomeRoi.model.sheets';
export const MODEL_SHEET_BASE = 'ROI Model';

/** What the builder created on one sheet: everything updateModel may touch there. */
export interface ModelRecord {
  sheet: string;
  /** Every cell address the builder wrote, including the areas its spills fill. */
  cells: string[];
  names: string[];
  charts: string[];
  /** Stage rows the sheet was laid out with (see planModel). */
  capacity: number;
  /** ISO time of the last build or update. */
  updated: string;
  /** The inputs the sheet was last written from. */
  inputs: ModelInputs;
}

export interface ModelRegistry {
  version: 1;
  models: ModelRecord[];
}

/** The inputs could not be used: field path -> the core's message. Nothing was written. */
export class ModelInputError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(`The model inputs need attention: ${Object.values(errors)[0]}`);
    this.name = 'ModelInputError';
  }
}

/** The first free name: "ROI Model", "ROI Model (2)", ... (Excel compares sheet names case-insensitively). */
export function nextSheetName(existing: readonly string[], base = MODEL_SHEET_BASE): string {
  return uniqueSheetName(existing, base);
}

export async function loadRegistry(port: WorkbookPort): Promise<ModelRegistry> {
  const r = await port.getSetting<ModelRegistry>(SETTINGS_REGISTRY);
  if (r && r.version === 1 && Array.isArray(r.models)) return r;
  return { version: 1, models: [] };
}

/** The builder's record of a sheet, or undefined when the builder did not create it. */
export async function findModelRecord(port: WorkbookPort, sheet: string): Promise<ModelRecord | undefined> {
  const reg = await loadRegistry(port);
  return reg.models.find((m) => m.sheet === sheet);
}

/** Model sheets the builder created that still exist in the workbook. */
export async function listModelSheets(port: WorkbookPort): Promise<string[]> {
  const [reg, sheets] = await Promise.all([loadRegistry(port), port.listSheets()]);
  const present = new Set(sheets);
  return reg.models.map((m) => m.sheet).filter((s) => present.has(s));
}

/** The inputs saved in the workbook by the last build, update or saveInputs, if any. */
export async function loadSavedInputs(port: WorkbookPort): Promise<ModelInputs | undefined> {
  const v = await port.getSetting<ModelInputs>(SETTINGS_INPUTS);
  return v && typeof v === 'object' && Array.isArray((v as ModelInputs).stages) ? v : undefined;
}

export async function saveInputs(port: WorkbookPort, inputs: ModelInputs): Promise<void> {
  await port.setSetting(SETTINGS_INPUTS, cloneInputs(inputs));
}

/** Several settings saved together: one save (in Excel one round trip) where the port can. */
async function saveSettings(port: WorkbookPort, entries: Record<string, unknown>): Promise<void> {
  if (port.setSettings) {
    await port.setSettings(entries);
    return;
  }
  for (const [key, value] of Object.entries(entries)) await port.setSetting(key, value);
}

function assertValid(inputs: ModelInputs): void {
  const errors = validateInputs(inputs);
  if (Object.keys(errors).length) throw new ModelInputError(errors);
}

/** The cells, names and charts a plan writes, as a record. */
function recordOf(plan: ModelPlan, inputs: ModelInputs): ModelRecord {
  return {
    sheet: plan.sheet,
    cells: plan.footprint,
    names: (plan.batch.names ?? []).map((n) => n.name),
    charts: (plan.batch.charts ?? []).map((c) => c.name),
    capacity: plan.capacity,
    updated: new Date().toISOString(),
    inputs: cloneInputs(inputs),
  };
}

/** The sheet's record and the inputs, saved together after a build or an update. */
async function saveRecordAndInputs(port: WorkbookPort, record: ModelRecord, inputs: ModelInputs): Promise<void> {
  const reg = await loadRegistry(port);
  const models = reg.models.filter((m) => m.sheet !== record.sheet);
  models.push(record);
  await saveSettings(port, {
    [SETTINGS_REGISTRY]: { version: 1, models } satisfies ModelRegistry,
    [SETTINGS_INPUTS]: cloneInputs(inputs),
  });
}

/**
 * Write the whole model to a new sheet in one batch. Throws ModelInputError (nothing
 * written) for bad inputs, WorkbookWriteError (the workbook left as it was) when the
 * write fails.
 */
export async function buildModel(port: WorkbookPort, inputs: ModelInputs): Promise<{ sheet: string }> {
  assertValid(inputs);
  // One batch: the port picks the first free name ("ROI Model", "ROI Model (2)", ...) in
  // the same round trip that reads what exists, so a build is at most two syncs in Excel;
  // then the sheet record and the inputs are saved together (one settings save).
  const base = MODEL_SHEET_BASE;
  const draft = planModel(inputs, base);
  const result = await port.applyBatch({ ...draft.batch, addSheets: [base], uniqueSheetNames: true });
  const sheet = (result && result.sheets[base]) || base;
  const plan = sheet === base ? draft : planModel(inputs, sheet);
  await saveRecordAndInputs(port, recordOf(plan, inputs), inputs);
  return { sheet };
}

/**
 * Rewrite a model sheet the builder created from new inputs. Only cells in the sheet's
 * record are written; cells the old layout used and the new one does not are cleared.
 * A sheet the builder did not create, or inputs whose layout needs cells outside the
 * record (more funnel stages than the sheet was built with), is refused with a
 * WorkbookWriteError and nothing is written.
 */
export async function updateModel(port: WorkbookPort, inputs: ModelInputs, sheet: string): Promise<{ sheet: string }> {
  assertValid(inputs);
  const record = await findModelRecord(port, sheet);
  if (!record)
    throw new WorkbookWriteError(
      `"${sheet}" was not created by the model builder, so Update model leaves it alone. Build a new model instead.`,
    );
  // A sheet that is gone fails the batch itself (no extra round trip to check first).

  const capacity = record.capacity ?? STAGE_CAPACITY;
  if (inputs.stages.length > capacity) {
    throw new WorkbookWriteError(
      `This model sheet has room for ${capacity} funnel stages, not ${inputs.stages.length}. Build a new model instead.`,
    );
  }
  const plan = planModel(inputs, sheet, { capacity });
  const own = new Set(record.cells);
  const outside = plan.footprint.filter((a) => !own.has(a));
  if (outside.length) {
    throw new WorkbookWriteError(
      `This update needs cells the model did not use before (${outside.slice(0, 3).join(', ')}${outside.length > 3 ? ', ...' : ''}), ` +
        'for example because the funnel has more stages. Build a new model instead: Update model never writes outside its own cells.',
    );
  }
  // Cells the builder owns that the new plan leaves empty: cleared (old stages, old
  // formulas), except where a spill may land (writing there would block the spill).
  const written = new Set(
    plan.batch.cells.filter((c) => c.value !== undefined || c.formula !== undefined).map((c) => c.address),
  );
  const spill = new Set(plan.spillZones.flatMap(cellsOf));
  const clears: CellWrite[] = record.cells
    .filter((a) => !written.has(a) && !spill.has(a))
    .map((address) => ({ sheet, address, value: null }));
  const batch: WriteBatch = { ...plan.batch, addSheets: [], cells: [...clears, ...plan.batch.cells] };
  await port.applyBatch(batch);
  // The record keeps every cell it ever owned, so a later update may use them again.
  await saveRecordAndInputs(
    port,
    { ...recordOf(plan, inputs), cells: [...record.cells, ...plan.footprint.filter((a) => !own.has(a))] },
    inputs,
  );
  return { sheet };
}

/** The cells of an A1 range ("A1:B3" -> A1, B1, A2, ...). */
function cellsOf(range: string): string[] {
  const b = parseCellRange(range);
  const out: string[] = [];
  if (b) for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) out.push(cellA1(r, c));
  return out;
}
