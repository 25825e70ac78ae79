/**
 * Inputs validation (the core's own messages), and building / updating model sheets
 * through the engine WorkbookPort: never overwrite, only the builder's own cells,
 * settings round trip.
 */
import { RoiError, callFunction, type FunctionId } from '../../../src/core';
import {
  DEFAULT_INPUTS,
  ModelInputError,
  SETTINGS_INPUTS,
  SETTINGS_REGISTRY,
  buildModel,
  defaultInputs,
  findModelRecord,
  listModelSheets,
  loadSavedInputs,
  nextSheetName,
  planModel,
  previewModel,
  STAGE_CAPACITY,
  saveInputs,
  updateModel,
  validateInputs,
  type ModelInputs,
} from '../../../src/features/model';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import { WorkbookWriteError } from '../../../src/workbook/port';

const coreMessage = (id: FunctionId, args: unknown[]) => (callFunction(id, args as never) as RoiError).message;

describe('validateInputs', () => {
  it('accepts the defaults', () => {
    expect(validateInputs(defaultInputs())).toEqual({});
    expect(previewModel(DEFAULT_INPUTS).errors).toEqual({});
  });

  it('gives the core its own words for values out of their kinds', () => {
    const i = defaultInputs();
    i.growthRate = -2;
    i.churnRate = 1.5;
    i.currentRevenue = -5;
    i.grossMargin = 80;
    i.confidence = 1;
    i.sensitivityStep = 0;
    i.salesCycleMonths = -1;
    i.stages[1].rate = 50;
    const e = validateInputs(i);
    expect(e.growthRate).toBe(coreMessage('REVENUEGAP', [1, -2]));
    expect(e.churnRate).toBe(coreMessage('REVENUEGAP', [1, 0.2, 1.5]));
    expect(e.currentRevenue).toBe(coreMessage('REVENUEGAP', [-5, 0.2]));
    expect(e.grossMargin).toBe(coreMessage('LTV', [1000, 80, 0.1]));
    expect(e.confidence).toBe(coreMessage('REQUIREDLEADS', [1, 1, 0.5, 1]));
    expect(e.sensitivityStep).toBe(coreMessage('SENSITIVITY', [1, 1, 0.5, 0]));
    expect(e.salesCycleMonths).toBe(coreMessage('VELOCITY', [1, 0.5, 1, -1]));
    expect(e['stages.1.rate']).toBe(coreMessage('REQUIREDLEADS', [1, 1, [[0.02], [50]]]));
  });

  it('treats an empty number field (NaN) as the core treats a blank required argument', () => {
    const i = defaultInputs();
    i.averageDealValue = NaN;
    expect(validateInputs(i).averageDealValue).toBe(coreMessage('REQUIREDDEALS', [1, null]));
  });

  it("flags a zero deal value and a zero rate with the core's #DIV/0! messages", () => {
    const i = defaultInputs();
    i.averageDealValue = 0;
    i.stages[2].rate = 0;
    const e = validateInputs(i);
    expect(e.averageDealValue).toBe(coreMessage('REQUIREDDEALS', [100, 0]));
    expect(e['stages.2.rate']).toBe(coreMessage('FUNNEL', [100, 1, [[0.5], [0.5], [0], [0.5]]]));
  });

  it('checks scenario values: kinds by the core, Low above High by the builder', () => {
    const i = defaultInputs();
    i.scenarios = {
      mode: 'manual',
      share: 0.1,
      rates: [
        { low: 0.01, high: 0.03 },
        { low: 0.6, high: 0.4 },
        { low: 0.3, high: 1.2 },
        { low: 0.2, high: 0.3 },
      ],
      dealValue: { low: -1, high: 60_000 },
    };
    const e = validateInputs(i);
    expect(e['scenarios.rates.1.low']).toMatch(/Low is above High for the lead-to-SAL/);
    expect(e['scenarios.rates.2.high']).toBe(coreMessage('REQUIREDLEADS', [1, 1, 1.2]));
    expect(e['scenarios.dealValue.low']).toBe(coreMessage('REQUIREDDEALS', [1, -1]));
    expect(e['scenarios.rates.0.low']).toBeUndefined();
    i.scenarios.dealValue = { low: 70_000, high: 60_000 };
    expect(validateInputs(i)['scenarios.dealValue.low']).toMatch(/Low is above High/);
    i.scenarios = { ...i.scenarios, mode: 'share', share: 1.5 };
    expect(Object.keys(validateInputs(i))).toEqual(['scenarios.share']);
  });

  it('needs stage names, distinct, and a lead stage inside the funnel', () => {
    const i = defaultInputs();
    i.stages[0].name = ' ';
    i.stages[3].name = 'leads';
    i.leadStage = 4;
    const e = validateInputs(i);
    expect(e['stages.0.name']).toBeDefined();
    expect(e['stages.3.name']).toMatch(/Two stages/);
    expect(e.leadStage).toBeDefined();
  });
});

describe('buildModel / updateModel on the engine port', () => {
  it('builds on a new sheet, never over an existing one, in one batch', async () => {
    const wb = createEngineWorkbook({ sheets: { 'ROI Model': [['mine']], Sheet1: [] } });
    const spy = jest.spyOn(wb, 'applyBatch');
    const { sheet } = await buildModel(wb, defaultInputs());
    expect(sheet).toBe('ROI Model (2)');
    expect(spy).toHaveBeenCalledTimes(1);
    expect(wb.getValue('ROI Model', 'A1')).toBe('mine');
    expect(await wb.usedRange('ROI Model')).toBe('A1:A1');
    const second = await buildModel(wb, defaultInputs());
    expect(second.sheet).toBe('ROI Model (3)');
    expect(await listModelSheets(wb)).toEqual(['ROI Model (2)', 'ROI Model (3)']);
    // Each model sheet has its own names: editing one does not move the other.
    const plan = planModel(defaultInputs(), 'ROI Model (2)');
    wb.setCellFromUser('ROI Model (2)', plan.cells['input.averageDealValue'], '100000');
    expect(wb.getValue('ROI Model (2)', plan.cells.deals)).toBe(30);
    expect(wb.getValue('ROI Model (3)', plan.cells.deals)).toBe(60);
  });

  it('names sheets like Excel: case-insensitively unique', () => {
    expect(nextSheetName([])).toBe('ROI Model');
    expect(nextSheetName(['roi model', 'ROI Model (2)'])).toBe('ROI Model (3)');
  });

  it('writes nothing for bad inputs', async () => {
    const wb = createEngineWorkbook();
    const i = defaultInputs();
    i.stages[0].rate = 2;
    await expect(buildModel(wb, i)).rejects.toBeInstanceOf(ModelInputError);
    expect(await wb.listSheets()).toEqual(['Sheet1']);
    expect(await wb.getSetting(SETTINGS_REGISTRY)).toBeUndefined();
  });

  it('saves the inputs in the document settings and restores them', async () => {
    const wb = createEngineWorkbook();
    expect(await loadSavedInputs(wb)).toBeUndefined();
    const i = defaultInputs();
    i.growthRate = 0.35;
    i.stages.push({ name: 'Signed', rate: 0.9, lag: 1 });
    await saveInputs(wb, i);
    i.growthRate = 0; // the saved copy is a copy
    const back = (await loadSavedInputs(wb)) as ModelInputs;
    expect(back.growthRate).toBe(0.35);
    expect(back.stages.map((s) => s.name)).toEqual(['Visitors', 'Leads', 'SALs', 'SQOs', 'Signed']);
    await buildModel(wb, { ...defaultInputs(), churnRate: 0.05 });
    expect((await loadSavedInputs(wb))?.churnRate).toBe(0.05);
  });

  it('saves the sheet record and the inputs in the batch itself: no settings call of their own, per build and per update', async () => {
    const wb = createEngineWorkbook();
    const batches = jest.spyOn(wb, 'applyBatch');
    const many = jest.spyOn(wb, 'setSettings');
    const one = jest.spyOn(wb, 'setSetting');
    const { sheet } = await buildModel(wb, { ...defaultInputs(), growthRate: 0.3 });
    expect(batches).toHaveBeenCalledTimes(1);
    expect((batches.mock.calls[0][0].settings ?? []).map((w) => w.key).sort()).toEqual(
      [SETTINGS_INPUTS, SETTINGS_REGISTRY].sort(),
    );
    await updateModel(wb, { ...defaultInputs(), growthRate: 0.4 }, sheet);
    expect(batches).toHaveBeenCalledTimes(2);
    expect(many).not.toHaveBeenCalled();
    expect(one).not.toHaveBeenCalled();
    expect((await loadSavedInputs(wb))?.growthRate).toBe(0.4);
    expect((await findModelRecord(wb, sheet))?.inputs.growthRate).toBe(0.4);
    // The record was renamed with the sheet the batch chose, and carries the marker's id.
    const second = await buildModel(wb, defaultInputs());
    expect(second.sheet).toBe('ROI Model (2)');
    const record = (await findModelRecord(wb, 'ROI Model (2)'))!;
    expect(record.id).toMatch(/^[0-9a-f]{8}$/);
    expect(wb.getValue('ROI Model (2)', planModel(defaultInputs(), 'x').cells.marker)).toBe(record.id);
    expect(await listModelSheets(wb)).toEqual(['ROI Model', 'ROI Model (2)']);
  });

  it('keeps the settings as they were when the batch fails', async () => {
    const wb = createEngineWorkbook();
    const { sheet } = await buildModel(wb, defaultInputs());
    const before = await wb.getSetting(SETTINGS_REGISTRY);
    const broken = jest.spyOn(wb as unknown as { write: (...a: unknown[]) => void }, 'write').mockImplementation(() => {
      throw new Error('disk full');
    });
    await expect(updateModel(wb, { ...defaultInputs(), growthRate: 0.5 }, sheet)).rejects.toBeInstanceOf(
      WorkbookWriteError,
    );
    broken.mockRestore();
    expect(await wb.getSetting(SETTINGS_REGISTRY)).toEqual(before);
    expect((await loadSavedInputs(wb))?.growthRate).toBe(0.2);
  });

  it('updates only the cells it created, on a sheet it created', async () => {
    const wb = createEngineWorkbook();
    const { sheet } = await buildModel(wb, defaultInputs());
    const plan = planModel(defaultInputs(), sheet);
    // The user adds their own cells to the model sheet and edits an input there.
    wb.setCellFromUser(sheet, 'H2', 'my note');
    wb.setCellFromUser(sheet, 'Q300', '=1+1');
    const updated = { ...defaultInputs(), averageDealValue: 100_000 };
    await updateModel(wb, updated, sheet);
    expect(wb.getValue(sheet, plan.cells.deals)).toBe(30);
    expect(wb.getValue(sheet, 'H2')).toBe('my note');
    expect(wb.getValue(sheet, 'Q300')).toBe(2);
    const record = await findModelRecord(wb, sheet);
    expect(record?.inputs.averageDealValue).toBe(100_000);
    expect((await loadSavedInputs(wb))?.averageDealValue).toBe(100_000);
  });

  it('refuses a sheet it did not create', async () => {
    const wb = createEngineWorkbook({ sheets: { 'ROI Model': [['theirs']] } });
    await expect(updateModel(wb, defaultInputs(), 'ROI Model')).rejects.toBeInstanceOf(WorkbookWriteError);
    expect(wb.getValue('ROI Model', 'A1')).toBe('theirs');
    expect(await wb.usedRange('ROI Model')).toBe('A1:A1');
  });

  it('updates to more or fewer stages in the same cells, refuses more than the sheet has room for, and clears what is no longer used', async () => {
    const wb = createEngineWorkbook();
    const { sheet } = await buildModel(wb, defaultInputs());
    const before = (await wb.readRange(sheet, 'A1:F100')).formulas;
    const tooMany = defaultInputs();
    while (tooMany.stages.length <= STAGE_CAPACITY)
      tooMany.stages.push({ name: `Stage ${tooMany.stages.length}`, rate: 0.9, lag: 1 });
    await expect(updateModel(wb, tooMany, sheet)).rejects.toThrow(/room for 10 funnel stages, not 11/);
    expect((await wb.readRange(sheet, 'A1:F100')).formulas).toEqual(before);

    const more = defaultInputs();
    more.stages.push({ name: 'Signed', rate: 0.9, lag: 1 });
    await updateModel(wb, more, sheet);
    const morePlan = planModel(more, sheet);
    expect(wb.getValue(sheet, morePlan.cells.deals)).toBe(60);
    expect(wb.getValue(sheet, morePlan.cells.opportunities)).toBe(previewModel(more).opportunities);
    expect(wb.getValue(sheet, morePlan.cells.leads)).toBe(previewModel(more).leads);

    const fewer = defaultInputs();
    fewer.stages = fewer.stages.slice(1); // no visitor stage
    fewer.leadStage = 0;
    await updateModel(wb, fewer, sheet);
    const plan = planModel(fewer, sheet);
    expect(wb.getValue(sheet, plan.cells.leads)).toBe(1200);
    // The fourth stage row held SQOs before: now it is empty again, names, rates and all.
    expect((await wb.readRange(sheet, 'A27:D27')).formulas).toEqual([['', '', '', '']]);
    expect(wb.getValue(sheet, 'A28')).toBe(null);
    expect(wb.getValue(sheet, plan.cells['input.wonStageName'])).toBe('Won deals');
    expect((await wb.readRange(sheet, plan.spills.funnel)).values).toEqual([
      ['Leads', 1200],
      ['SALs', 600],
      ['SQOs', 240],
      ['Won deals', 60],
    ]);
    // ... and may grow back into them later.
    await updateModel(wb, defaultInputs(), sheet);
    expect(wb.getValue(sheet, planModel(defaultInputs(), sheet).cells.leads)).toBe(1200);
  });

  it('puts the workbook back when a write fails midway', async () => {
    const wb = createEngineWorkbook({ sheets: { Data: [[1, 2], ['=A1+B1']] } });
    await wb.setSetting('keep', { a: 1 });
    const plan = planModel(defaultInputs(), 'ROI Model');
    const broken = {
      ...plan.batch,
      cells: [...plan.batch.cells, { sheet: 'ROI Model', address: 'not-a-cell', value: 1 }],
    };
    await expect(wb.applyBatch(broken)).rejects.toBeInstanceOf(WorkbookWriteError);
    expect(await wb.listSheets()).toEqual(['Data']);
    expect(wb.getNames()).toEqual([]);
    expect(wb.hf.getAllNamedExpressionsSerialized()).toEqual([]);
    expect(wb.getCharts()).toEqual([]);
    expect(wb.getValue('Data', 'A2')).toBe(3);
    expect(await wb.getSetting('keep')).toEqual({ a: 1 });
  });
});
