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
 * - The writes themselves (buildModel, updateModel, the settings they write) are write.ts,
 *   which the task pane loads on the first Build or Update; this file finds and checks.
 * - The record is not trusted as it is: its sheet must carry the model's id in the marker
 *   cell (ROI_ModelId), and its cells must be the cells the layout uses.
 */
import { uniqueSheetName, type WorkbookPort } from '../../workbook/port';
import { STAGE_CAPACITY } from './fields';
import type { ModelInputs } from './inputs';
import { planModel } from './plan';

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
