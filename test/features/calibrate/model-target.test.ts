/**
 * "Use in the model", the workbook half: the model's input cells found through its own
 * tables (the cells planModel puts them in), the measured numbers written into those cells
 * only, with their notes, in one batch (two round trips on the Excel mock); a cell changed
 * in between stops the write with nothing written; and afterwards the sheet read back and
 * Update model keep the measured numbers.
 */
import { calibrate, contactsHandOff, defaultPairing, opportunityHandOff } from '../../../src/features/calibrate';
import { calibrationBatch, readModelTarget, useInModel, type ModelTarget } from '../../../src/features/calibrate';
import type { ContactsReport, OpportunityReport } from '../../../src/features/calibrate';
import {
  buildModel,
  defaultInputs,
  findModelRecord,
  mergeSheetEdits,
  planModel,
  readModelSheet,
  updateModel,
} from '../../../src/features/model';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';
import { CellsChangedError, type WorkbookPort } from '../../../src/workbook/port';
import { MockExcel, mockPort } from '../../helpers/mock-excel';
import { hubspotCsv, salesforceCsv } from './crm-fixtures';

jest.setTimeout(60_000);

const source = { label: 'hubspot-contacts-export.csv', asOf: '2025-12-31', confidence: 0.9 };
const hubspot = calibrate(hubspotCsv()).report as ContactsReport;
const salesforce = calibrate(salesforceCsv()).report as OpportunityReport;

async function target(port: WorkbookPort): Promise<ModelTarget> {
  const t = await readModelTarget(port);
  if (typeof t === 'string') throw new Error(t);
  return t;
}

const cellValue = async (wb: WorkbookPort, sheet: string, address: string) =>
  (await wb.readRange(sheet, address)).values[0][0];

test('no model yet: a message, nothing read or written', async () => {
  const wb = createEngineWorkbook({ sheets: { Sheet1: [] } });
  expect(await readModelTarget(wb)).toMatch(/no model in this workbook yet/);
});

test('the slots are the cells the model plan uses, found through its names (every numeric column of the stage table)', async () => {
  const wb = createEngineWorkbook({ sheets: { Sheet1: [] } });
  const { sheet } = await buildModel(wb, defaultInputs());
  const t = await target(wb);
  const plan = planModel(defaultInputs(), sheet);
  expect(t.slots.sheet).toBe(sheet);
  expect(t.slots.leadStage).toBe(1);
  expect(t.slots.stages.map((s) => [s.name, s.cells.rate.address, s.cells.rate.value, s.cells.rate.label])).toEqual(
    defaultInputs().stages.map((s, i) => [
      s.name,
      plan.cells[`input.stages.${i}.rate`],
      s.rate,
      expect.stringMatching(i === 3 ? /^close rate$/ : / rate$/),
    ]),
  );
  expect(t.slots.stages.map((s) => s.cells.lag?.address)).toEqual(
    defaultInputs().stages.map((_, i) => plan.cells[`input.stages.${i}.lag`]),
  );
  expect(t.slots.fields.averageDealValue).toMatchObject({
    address: plan.cells['input.averageDealValue'],
    value: 50_000,
  });
  expect(t.slots.fields.salesCycleMonths).toMatchObject({ address: plan.cells['input.salesCycleMonths'], value: 3 });
  expect(t.marker.address).toBe(plan.cells.marker);
});

async function engineModel(): Promise<{ wb: EngineWorkbook; sheet: string }> {
  const wb = createEngineWorkbook({ sheets: { Sheet1: [] } });
  const { sheet } = await buildModel(wb, defaultInputs());
  return { wb, sheet };
}

test('written into the input cells only, with notes; the sheet read back and Update keep them', async () => {
  const { wb, sheet } = await engineModel();
  const t = await target(wb);
  const before = wb.getSheetSnapshot(sheet).cells;
  const changes = [
    ...contactsHandOff(hubspot, 'All', defaultPairing(4, t.slots), t.slots, source),
    ...opportunityHandOff(salesforce, 'All', t.slots, source),
  ];
  // Contacts give three rates and their lags (the model's stage table has a lag column), the
  // opportunities report the close rate again (keep the last), the deal value and the cycle.
  const chosen = [...new Map(changes.map((c) => [c.target, c])).values()];
  expect(chosen.map((c) => c.target).sort()).toEqual(
    ['averageDealValue', 'lag:1', 'lag:2', 'lag:3', 'rate:1', 'rate:2', 'rate:3', 'salesCycleMonths'].sort(),
  );
  const lags = hubspot.groups[0].transitions.map((t) => t.median_lag_days! / 30.4375);
  expect(chosen.filter((c) => c.target.startsWith('lag:')).map((c) => c.value)).toEqual(lags.slice(1));
  await useInModel(wb, t, chosen);

  // Only those cells changed (formulas and what spills from them follow), each holding its number and its note.
  const after = wb.getSheetSnapshot(sheet).cells;
  const changed = after.filter((c) => {
    const b = before.find((x) => x.address === c.address);
    return !b || b.formula !== c.formula || (b.formula === undefined && b.value !== c.value) || b.note !== c.note;
  });
  expect(
    changed
      .filter((c) => c.formula === undefined && c.spillAnchor === undefined)
      .map((c) => c.address)
      .sort(),
  ).toEqual(chosen.map((c) => c.address).sort());
  for (const c of chosen) {
    const cell = after.find((x) => x.address === c.address)!;
    expect(cell.value).toBe(c.value);
    expect(cell.note).toBe(c.note);
  }
  // The formulas follow: the close rate feeds the leads needed.
  const close = chosen.find((c) => c.target === 'rate:3')!;
  expect(await cellValue(wb, sheet, close.address)).toBe(salesforce.groups[0].win_rate);

  // The Model view reads the sheet back (its inputs are the measured numbers) and Update keeps them.
  const record = (await findModelRecord(wb, sheet))!;
  const read = await readModelSheet(wb, record);
  if (typeof read === 'string') throw new Error(read);
  const merged = mergeSheetEdits(record.inputs, record.inputs, read.inputs);
  expect(merged.conflicts).toEqual([]);
  expect(merged.merged.stages.map((s) => s.rate)).toEqual([
    0.02,
    hubspot.groups[0].transitions[1].rate,
    hubspot.groups[0].transitions[2].rate,
    salesforce.groups[0].win_rate,
  ]);
  expect(merged.merged.stages.slice(1).map((s) => (s as unknown as { lag: number }).lag)).toEqual(lags.slice(1));
  expect(merged.merged.averageDealValue).toBe(salesforce.groups[0].mean_won_value);
  await updateModel(wb, merged.merged, sheet);
  for (const c of chosen) {
    expect(await cellValue(wb, sheet, c.address)).toBe(c.value);
    expect(wb.getSheetSnapshot(sheet).cells.find((x) => x.address === c.address)?.note).toBe(c.note);
  }
});

test('a cell changed after the user was shown it: nothing written', async () => {
  const { wb, sheet } = await engineModel();
  const t = await target(wb);
  const changes = contactsHandOff(hubspot, 'All', defaultPairing(4, t.slots), t.slots, source);
  await wb.applyBatch({ cells: [{ sheet, address: changes[0].address, value: 0.33 }] });
  await expect(useInModel(wb, t, changes)).rejects.toBeInstanceOf(CellsChangedError);
  expect(await cellValue(wb, sheet, changes[0].address)).toBe(0.33);
  for (const c of changes.slice(1)) expect(await cellValue(wb, sheet, c.address)).toBe(c.old);
});

test('on Excel: one batch, two round trips, only the chosen cells written, each with its note', async () => {
  const x = new MockExcel(['Sheet1']);
  const { port } = mockPort(x);
  const { sheet } = await buildModel(port, defaultInputs());
  const t = await target(port);
  const changes = contactsHandOff(hubspot, 'All', defaultPairing(4, t.slots), t.slots, source);
  // Three rates and three lags.
  expect(calibrationBatch(t, changes).cells).toHaveLength(6);
  x.written = [];
  const syncs = x.syncs;
  const runs = x.runs.length;
  await useInModel(port, t, changes);
  expect(x.syncs - syncs).toBeLessThanOrEqual(2);
  expect(x.runs.length - runs).toBe(1);
  expect(x.written.sort()).toEqual(changes.map((c) => `${sheet}!${c.address}`).sort());
  for (const c of changes) expect(x.sheets.get(sheet)!.cells.get(c.address)?.value).toBe(c.value);
  // Each with its note (Excel's cell notes, ExcelApi 1.18), in the same two round trips.
  expect(Object.fromEntries(x.sheets.get(sheet)!.notes)).toEqual(
    Object.fromEntries(changes.map((c) => [c.address, c.note])),
  );
});
