/**
 * "Use in the model", the workbook half: find the model sheet's input cells through the
 * model's own tables (the registry of model sheets, MODEL_FIELDS and STAGE_COLUMNS and
 * their defined names, read back as the Model view reads them: readBackNames and
 * sheetInputsFrom), hand them to the pure half (handoff.ts) as slots, and write the
 * changes the user ticked in one batch: the new values with a note on each cell, each cell
 * checked to hold what the user was shown (and the marker this model's id), so a cell
 * changed in between stops the write and nothing is written. Only the model's input cells
 * are written; its formulas follow, and the Model view reads the cells back when it opens,
 * so Update model keeps them.
 */
import { cellA1, parseCellRange } from '../../base/a1';
import type { NamedRead, WorkbookPort, WriteBatch } from '../../workbook/port';
import {
  FIELD_BY_KEY,
  MARKER_NAME,
  STAGE_NUMBER_COLUMNS,
  findModelRecord,
  listModelSheets,
  rateLabel,
  readBackNames,
  recordProblem,
  sheetInputsFrom,
  type ModelRecord,
  type StageColumn,
} from '../model';
import type { HandOffChange, InputCell, ModelSlots, StageSlot } from './handoff';

/** The fields Calibrate may fill, by their key in MODEL_FIELDS (handoff.ts says with what). */
export const CALIBRATED_FIELDS = ['averageDealValue', 'salesCycleMonths'] as const;

/** A model sheet the calibration can go into: its slots and what the write checks. */
export interface ModelTarget {
  slots: ModelSlots;
  /** The model's marker cell and id: the write checks the sheet still is this model. */
  marker: { address: string; id: string };
  /** The model sheets there are (the view offers a choice when there are several). */
  sheets: string[];
}

const cellAt = (read: NamedRead | null | undefined, row: number): string | undefined => {
  const box = read ? parseCellRange(read.address) : undefined;
  return box && box.top + row <= box.bottom ? cellA1(box.top + row, box.left) : undefined;
};

/** A stage cell's words as the Model view labels its box ("lead-to-SAL rate", "close rate"), else "<rate>: <header>". */
function cellLabel(c: StageColumn, rate: string, last: boolean): string {
  return c.paneLabel ? c.paneLabel(rate, last) : `${rate}: ${c.header.toLowerCase()}`;
}

/** The slots from the names' contents (pure: the tests give it reads). */
export function slotsFrom(record: ModelRecord, reads: Record<string, NamedRead | null>): ModelSlots {
  const sheetInputs = sheetInputsFrom(record, reads);
  const { inputs, stageRows } = sheetInputs;
  const stages: StageSlot[] = [];
  inputs.stages.forEach((s, i) => {
    const row = stageRows[i];
    if (row === undefined) return;
    const cells: Record<string, InputCell> = {};
    const rate = rateLabel(inputs.stages, i);
    const last = i === inputs.stages.length - 1;
    for (const c of STAGE_NUMBER_COLUMNS) {
      const address = cellAt(reads[c.name], row);
      const value = (s as Record<string, unknown>)[c.key];
      if (address && typeof value === 'number' && Number.isFinite(value))
        cells[c.key] = { value, address, format: c.format ?? 'General', kind: c.kind, label: cellLabel(c, rate, last) };
    }
    stages.push({ name: s.name, label: rate, cells });
  });
  const fields: ModelSlots['fields'] = {};
  for (const key of CALIBRATED_FIELDS) {
    const f = FIELD_BY_KEY.get(key);
    const read = f ? reads[f.name] : null;
    const value = read?.values[0]?.[0];
    if (f && read && typeof value === 'number')
      fields[key] = { value, address: cellAt(read, 0)!, format: f.format, kind: f.kind, label: f.label };
  }
  return {
    sheet: record.sheet,
    stages,
    leadStage: Math.min(inputs.leadStage, Math.max(0, stages.length - 1)),
    fields,
  };
}

/**
 * The model sheet to calibrate (the one named, else the newest the builder made), read
 * through its defined names in one round trip; a message when there is none that can be
 * written (no model yet, a sheet not the builder's, a port that cannot read names).
 */
export async function readModelTarget(port: WorkbookPort, sheet?: string): Promise<ModelTarget | string> {
  const sheets = await listModelSheets(port);
  if (!sheets.length) return 'There is no model in this workbook yet: build one in the Model view first.';
  const name = sheet && sheets.includes(sheet) ? sheet : sheets[sheets.length - 1];
  const record = await findModelRecord(port, name);
  const problem = record ? recordProblem(record, name) : `"${name}" was not created by the model builder.`;
  if (!record || problem) return problem ?? `"${name}" cannot be written.`;
  if (!port.readNames) return 'This workbook cannot be read by name, so the model cells cannot be found.';
  const reads = await port.readNames(name, readBackNames());
  const marker = reads[MARKER_NAME];
  if (!marker || marker.values[0]?.[0] !== record.id)
    return `"${name}" does not hold its model id any more (rows moved or the sheet replaced): build a new model.`;
  return { slots: slotsFrom(record, reads), marker: { address: marker.address, id: record.id! }, sheets };
}

/**
 * The batch that writes the changes: each cell its new value and note, each checked to
 * hold the value the user was shown, the marker its id. One batch (two round trips in
 * Excel); nothing else of the sheet is touched.
 */
export function calibrationBatch(target: ModelTarget, changes: readonly HandOffChange[]): WriteBatch {
  const sheet = target.slots.sheet;
  return {
    cells: changes.map((c) => ({ sheet, address: c.address, value: c.value, note: c.note })),
    expectCells: [
      { sheet, address: target.marker.address, holds: { value: target.marker.id } },
      ...changes.map((c) => ({ sheet, address: c.address, holds: { value: c.old } })),
    ],
  };
}

/** Writes the changes (see calibrationBatch). Throws the port's WorkbookWriteError; nothing is written then. */
export async function useInModel(
  port: WorkbookPort,
  target: ModelTarget,
  changes: readonly HandOffChange[],
): Promise<void> {
  if (!changes.length) return;
  await port.applyBatch(calibrationBatch(target, changes));
}
