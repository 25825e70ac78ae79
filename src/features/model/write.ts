/**
 * The model's writes (the other half of build.ts, which finds and checks what the builder
 * created): buildModel writes the whole model to a new sheet in one batch, updateModel
 * rewrites the builder's own cells of a model sheet (build.ts explains both), and the
 * inputs and record each writes with its batch. A module of its own so that the task pane
 * loads it on the first Build or Update, not with its first screen (docs/performance.md,
 * figure 4); everything else reaches it through features/model as before.
 */
import type { A1, ExpectedContent, SettingWrite, WorkbookPort, WriteBatch } from '../../workbook/port';
import { CellsChangedError, WorkbookWriteError, type ChangedCell } from '../../workbook/port';
import { STAGE_CAPACITY } from './fields';
import { cloneInputs, validateInputs, type ModelInputs } from './inputs';
import { cellsOf, planModel, type ModelPlan } from './plan';
import {
  MODEL_SHEET_BASE,
  ModelInputError,
  SETTINGS_INPUTS,
  SETTINGS_REGISTRY,
  findModelRecord,
  recordProblem,
  type ModelRecord,
} from './build';

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
