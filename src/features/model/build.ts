/**
 * Build and update the model sheet through a WorkbookPort (Excel or the headless engine).
 *
 * - buildModel writes the whole model to a new sheet ("ROI Model", then "ROI Model (2)",
 *   ...) in one batch; nothing that exists is overwritten.
 * - updateModel rewrites a model sheet the builder created, touching only the cells it
 *   recorded as its own, and only when each of them still holds what the builder left
 *   there (checked in the batch's first round trip): a cell the user changed on the sheet
 *   fails the update with a CellsChangedError, so the pane can say what changed and ask.
 * - The form's inputs and the record of created sheets and cells live in the workbook's
 *   document settings, written in the same batch (so a build or an update is two round
 *   trips in Excel, settings included), so they travel with the file.
 * - The record is not trusted as it is: its sheet must carry the model's id in the marker
 *   cell (ROI_ModelId), and its cells must be the cells the layout uses.
 */
import type { A1, ExpectedContent, SettingWrite, WorkbookPort, WriteBatch } from '../../workbook/port';
import { CellsChangedError, WorkbookWriteError, uniqueSheetName, type ChangedCell } from '../../workbook/port';
import { STAGE_CAPACITY } from './fields';
import { cloneInputs, validateInputs, type ModelInputs } from './inputs';
import { cellsOf, planModel, type ModelPlan } from './plan';

export const SETTINGS_INPUTS = 'outcomeRoi.model.inputs';
export const SETTINGS_REGISTRY = 'outcomeRoi.model.sheets';
export const MODEL_SHEET_BASE = 'ROI Model';

/** What the builder created on one sheet: everything updateModel may touch there. */
export interface ModelRecord {
  sheet: string;
  /** The model's id, also written in the sheet's marker cell (ROI_ModelId). */
  id?: string;
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
  return reg.models.find((m) => m && m.sheet === sheet);
}

/** Model sheets the builder created that still exist in the workbook. */
export async function listModelSheets(port: WorkbookPort): Promise<string[]> {
  const [reg, sheets] = await Promise.all([loadRegistry(port), port.listSheets()]);
  const present = new Set(sheets);
  return reg.models.map((m) => m?.sheet).filter((s): s is string => typeof s === 'string' && present.has(s));
}

/** The inputs saved in the workbook by the last build, update or saveInputs, if any. */
export async function loadSavedInputs(port: WorkbookPort): Promise<ModelInputs | undefined> {
  const v = await port.getSetting<ModelInputs>(SETTINGS_INPUTS);
  return v && typeof v === 'object' && Array.isArray((v as ModelInputs).stages) ? v : undefined;
}

export async function saveInputs(port: WorkbookPort, inputs: ModelInputs): Promise<void> {
  await port.setSetting(SETTINGS_INPUTS, cloneInputs(inputs));
}

function assertValid(inputs: ModelInputs): void {
  const errors = validateInputs(inputs);
  if (Object.keys(errors).length) throw new ModelInputError(errors);
}

/** A new model's id: eight hex digits, enough to tell one model sheet from another. */
export function newModelId(): string {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  const n = c?.getRandomValues ? c.getRandomValues(new Uint32Array(1))[0] : Math.floor(Math.random() * 2 ** 32);
  return n.toString(16).padStart(8, '0');
}

/** The cells, names and charts a plan writes, as a record. */
function recordOf(plan: ModelPlan, inputs: ModelInputs, cells = plan.footprint): ModelRecord {
  return {
    sheet: plan.sheet,
    id: plan.id,
    cells,
    names: (plan.batch.names ?? []).map((n) => n.name),
    charts: (plan.batch.charts ?? []).map((c) => c.name),
    capacity: plan.capacity,
    updated: new Date().toISOString(),
    inputs: cloneInputs(inputs),
  };
}

/** The settings a build or an update writes with its batch: the sheet's record and the inputs. */
function settingsFor(record: ModelRecord, inputs: ModelInputs): SettingWrite[] {
  return [
    {
      key: SETTINGS_REGISTRY,
      sheetRecord: {
        list: 'models',
        record: record as unknown as { sheet: string } & Record<string, unknown>,
        empty: { version: 1, models: [] },
      },
    },
    { key: SETTINGS_INPUTS, value: cloneInputs(inputs) },
  ];
}

/**
 * Write the whole model to a new sheet in one batch, its record and inputs with it.
 * Throws ModelInputError (nothing written) for bad inputs, WorkbookWriteError (the
 * workbook left as it was) when the write fails.
 */
export async function buildModel(port: WorkbookPort, inputs: ModelInputs): Promise<{ sheet: string }> {
  assertValid(inputs);
  // One batch: the port picks the first free name ("ROI Model", "ROI Model (2)", ...) in
  // the round trip that reads what exists, renames the record with it, and writes the
  // sheet, the record and the inputs in the other: two round trips in Excel, in all.
  const base = MODEL_SHEET_BASE;
  const plan = planModel(inputs, base, { id: newModelId() });
  const result = await port.applyBatch({
    ...plan.batch,
    addSheets: [base],
    uniqueSheetNames: true,
    settings: settingsFor(recordOf(plan, inputs), inputs),
  });
  return { sheet: (result && result.sheets[base]) || base };
}

/** Why a record cannot be used for an update (a message), or undefined when it can. */
export function recordProblem(record: ModelRecord, sheet: string): string | undefined {
  const rebuild = 'Build a new model instead: Update model writes only into a sheet it can recognise.';
  if (!record || typeof record !== 'object' || record.sheet !== sheet)
    return `"${sheet}" was not created by the model builder, so Update model leaves it alone. Build a new model instead.`;
  if (typeof record.id !== 'string' || !/^[0-9a-f]{8}$/.test(record.id))
    return `"${sheet}" was built by an earlier version of Outcome ROI, whose layout this one does not write. ${rebuild}`;
  const capacity = record.capacity;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > STAGE_CAPACITY * 4)
    return `The workbook's record of "${sheet}" is damaged (its stage rows). ${rebuild}`;
  if (!Array.isArray(record.cells) || !record.inputs || !Array.isArray(record.inputs.stages))
    return `The workbook's record of "${sheet}" is damaged. ${rebuild}`;
  // The record's cells must be the layout's: a record that lists other cells (edited, or
  // from another layout) would have Update clear cells that are not the model's.
  const layout = new Set(planModel(record.inputs, sheet, { capacity, id: record.id }).footprint);
  const foreign = record.cells.filter((a) => typeof a !== 'string' || !layout.has(a));
  if (foreign.length)
    return `The workbook's record of "${sheet}" lists cells the model does not use (${foreign
      .slice(0, 3)
      .map(String)
      .join(', ')}${foreign.length > 3 ? ', ...' : ''}). ${rebuild}`;
  return undefined;
}

/** What the builder left in each of its cells for these inputs: the content a cell must still hold before an update. */
export function expectedContents(plan: ModelPlan): Map<A1, ExpectedContent> {
  const spill = new Set(plan.spillZones.flatMap(cellsOf));
  const out = new Map<A1, ExpectedContent>();
  for (const a of plan.footprint) if (!spill.has(a)) out.set(a, { value: null });
  for (const c of plan.batch.cells) {
    if (spill.has(c.address) && !plan.spillAnchors.has(c.address)) continue;
    if (c.formula !== undefined) out.set(c.address, { formula: true });
    else if (c.value !== undefined) out.set(c.address, { value: c.value === '' ? null : c.value });
  }
  return out;
}

export interface UpdateOptions {
  /**
   * Cells the user has been shown as changed and agreed to replace (CellsChangedError's
   * cells): they must still hold what was shown; every other cell must hold what the
   * builder left there.
   */
  seen?: readonly ChangedCell[];
}

/**
 * Rewrite a model sheet the builder created from new inputs, in one batch with its record
 * and the inputs. Only cells in the sheet's record are written; cells the old layout used
 * and the new one does not are cleared. Refused with a WorkbookWriteError, nothing
 * written: a sheet the builder did not create (or whose record or marker does not match),
 * inputs whose layout needs cells outside the record (more stages than the sheet has room
 * for), and (CellsChangedError) any of its cells the user changed since the last write,
 * unless options.seen lists it as shown to the user.
 */
export async function updateModel(
  port: WorkbookPort,
  inputs: ModelInputs,
  sheet: string,
  options: UpdateOptions = {},
): Promise<{ sheet: string }> {
  assertValid(inputs);
  const record = await findModelRecord(port, sheet);
  if (!record)
    throw new WorkbookWriteError(
      `"${sheet}" was not created by the model builder, so Update model leaves it alone. Build a new model instead.`,
    );
  const problem = recordProblem(record, sheet);
  if (problem) throw new WorkbookWriteError(problem);
  // A sheet that is gone fails the batch itself (no extra round trip to check first).

  const capacity = record.capacity ?? STAGE_CAPACITY;
  if (inputs.stages.length > capacity) {
    throw new WorkbookWriteError(
      `This model sheet has room for ${capacity} funnel stages, not ${inputs.stages.length}. Build a new model instead.`,
    );
  }
  const plan = planModel(inputs, sheet, { capacity, id: record.id });
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
  const clears = record.cells
    .filter((a) => !written.has(a) && !spill.has(a))
    .map((address) => ({ sheet, address, value: null }));

  // Each cell must still hold what the last build or update left there (the marker its id),
  // or what the user was shown and agreed to replace.
  // A cell may also already hold what this update writes there (the user typed the same
  // value on the sheet and in the form): nothing of theirs is lost then.
  const last = planModel(record.inputs, sheet, { capacity, id: record.id });
  const before = expectedContents(last);
  const next = expectedContents(plan);
  const marker = last.cells.marker;
  const seen = new Map<A1, ExpectedContent>();
  for (const c of options.seen ?? [])
    if (c.sheet === sheet && c.address !== marker)
      seen.set(c.address, c.formula.startsWith('=') ? { formula: true } : { value: (c.value as never) ?? null });
  const expectCells = [...before].map(([address, holds]) => ({
    sheet,
    address,
    holds:
      address === marker
        ? holds
        : [
            holds,
            ...(next.has(address) ? [next.get(address)!] : []),
            ...(seen.has(address) ? [seen.get(address)!] : []),
          ],
  }));

  // The user's cells (actuals, open pipeline) are theirs: Build styled them once; Update never touches them.
  const users = new Set(plan.userCells);
  const batch: WriteBatch = {
    ...plan.batch,
    addSheets: [],
    cells: [...clears, ...plan.batch.cells.filter((c) => !users.has(c.address))],
    expectCells,
    // The record keeps every cell it ever owned, so a later update may use them again.
    settings: settingsFor(
      recordOf(plan, inputs, [...record.cells, ...plan.footprint.filter((a) => !own.has(a))]),
      inputs,
    ),
  };
  try {
    await port.applyBatch(batch);
  } catch (e) {
    // Without its marker the sheet is not (or no longer) the model the record describes:
    // rows moved, the sheet replaced, or a record that does not belong to it.
    if (e instanceof CellsChangedError && e.changed.some((c) => c.address === marker))
      throw new WorkbookWriteError(
        `"${sheet}" does not hold this model's id in ${marker} any more (rows or columns inserted or deleted, or the sheet replaced), ` +
          'so Update model cannot tell which cells are its own. Build a new model instead.',
        e,
      );
    throw e;
  }
  return { sheet };
}
