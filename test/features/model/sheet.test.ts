/**
 * The sheet is the truth, on the engine port: the inputs read back from a model sheet
 * (one batched read of its names), what changed there said field by field, merged into
 * the form; Update never writes over a cell the user changed without being told it was
 * seen; and the registry in the document settings is not trusted as it is (the marker
 * cell, the record's cells against the layout).
 */
import {
  SETTINGS_REGISTRY,
  buildModel,
  defaultInputs,
  findModelRecord,
  inputChanges,
  mergeSheetEdits,
  planModel,
  readBackNames,
  readModelSheet,
  updateModel,
  type ModelRecord,
  type ModelRegistry,
} from '../../../src/features/model';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';
import { CellsChangedError, WorkbookWriteError } from '../../../src/workbook/port';

async function built(): Promise<{ wb: EngineWorkbook; sheet: string; record: ModelRecord; at: (k: string) => string }> {
  const wb = createEngineWorkbook();
  const { sheet } = await buildModel(wb, defaultInputs());
  const record = (await findModelRecord(wb, sheet))!;
  const plan = planModel(defaultInputs(), sheet);
  return { wb, sheet, record, at: (k) => plan.cells[k] };
}

describe('reading the inputs back from the model sheet', () => {
  it('reads every input through its defined name, in one call', async () => {
    const { wb, record, sheet, at } = await built();
    const spy = jest.spyOn(wb, 'readNames');
    wb.setCellFromUser(sheet, at('input.averageDealValue'), '60000');
    wb.setCellFromUser(sheet, at('input.growthRate'), '25%');
    wb.setCellFromUser(sheet, at('input.stages.3.rate'), '30%');
    wb.setCellFromUser(sheet, at('input.stages.1.name'), 'MQLs');
    const back = await readModelSheet(wb, record);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][1]).toEqual(readBackNames());
    if (typeof back === 'string') throw new Error(back);
    expect(back.inputs.averageDealValue).toBe(60_000);
    expect(back.inputs.growthRate).toBe(0.25);
    expect(back.inputs.stages.map((s) => [s.name, s.rate])).toEqual([
      ['Visitors', 0.02],
      ['MQLs', 0.5],
      ['SALs', 0.4],
      ['SQOs', 0.3],
    ]);
    expect(inputChanges(record.inputs, back.inputs)).toEqual([
      { path: 'growthRate', label: 'Growth target', from: '20%', to: '25%' },
      { path: 'averageDealValue', label: 'Average deal value', from: '$50,000', to: '$60,000' },
      {
        path: 'stages',
        label: 'Funnel stages',
        from: 'Visitors 2% (0 mo), Leads 50% (0.5 mo), SALs 40% (0.5 mo), SQOs 25% (3 mo)',
        to: 'Visitors 2% (0 mo), MQLs 50% (0.5 mo), SALs 40% (0.5 mo), SQOs 30% (3 mo)',
      },
    ]);
  });

  it('takes a stage typed into an empty row, a rate name typed over, and text where a number belongs', async () => {
    const { wb, record, sheet, at } = await built();
    const stageTop = Number(/\d+/.exec(at('input.stages.0.name'))![0]);
    wb.setCellFromUser(sheet, `A${stageTop + 4}`, 'Signed');
    wb.setCellFromUser(sheet, `B${stageTop + 4}`, '90%');
    wb.setCellFromUser(sheet, at('input.stages.2.rateName'), 'acceptance');
    wb.setCellFromUser(sheet, at('input.costToServe'), 'n/a');
    const back = await readModelSheet(wb, record);
    if (typeof back === 'string') throw new Error(back);
    expect(back.inputs.stages.map((s) => s.name)).toEqual(['Visitors', 'Leads', 'SALs', 'SQOs', 'Signed']);
    expect(back.inputs.stages[2].label).toBe('acceptance');
    expect(back.inputs.stages[1].label).toBeUndefined();
    expect(back.inputs.leadStage).toBe(1);
    expect(back.notNumbers).toEqual({ costToServe: 'n/a' });
    expect(back.inputs.costToServe).toBeNaN();
  });

  it('says which scenario cells were typed over their formula', async () => {
    const { wb, record, sheet, at } = await built();
    wb.setCellFromUser(sheet, at('scenario.Low.rates.3'), '20%');
    wb.setCellFromUser(sheet, at('scenario.High.dealValue'), '70000');
    const back = await readModelSheet(wb, record);
    if (typeof back === 'string') throw new Error(back);
    expect(back.typedOver).toEqual({ 'scenarios.rates.3.low': 0.2, 'scenarios.dealValue.high': 70_000 });
  });

  it('refuses a sheet whose marker is not the record id', async () => {
    const { wb, record, sheet, at } = await built();
    wb.setCellFromUser(sheet, at('marker'), 'something else');
    expect(await readModelSheet(wb, record)).toMatch(/does not carry this model's id/);
  });
});

describe('merging the sheet into the form', () => {
  it('takes what changed on the sheet only, keeps what changed in the form only, and names conflicts', () => {
    const last = defaultInputs();
    const sheet = { ...defaultInputs(), averageDealValue: 60_000, churnRate: 0.12, growthRate: 0.3 };
    const form = { ...defaultInputs(), growthRate: 0.25, marketingBudget: 2_000_000, churnRate: 0.12 };
    const m = mergeSheetEdits(form, last, sheet);
    expect(m.adopted.map((a) => [a.label, a.from, a.to])).toEqual([['Average deal value', '$50,000', '$60,000']]);
    expect(m.conflicts).toEqual([{ path: 'growthRate', label: 'Growth target', from: '20%', to: '30%', form: '25%' }]);
    expect(m.merged.averageDealValue).toBe(60_000);
    expect(m.merged.growthRate).toBe(0.25);
    expect(m.merged.marketingBudget).toBe(2_000_000);
  });
});

describe('Update never writes over a cell the user changed', () => {
  it('stops, writing nothing, and names each changed cell', async () => {
    const { wb, sheet, at } = await built();
    wb.setCellFromUser(sheet, at('input.averageDealValue'), '60000');
    wb.setCellFromUser(sheet, at('deals'), '75'); // typed over a formula
    wb.setCellFromUser(sheet, 'C5', 'my note'); // into a cell of the model's section band
    const before = (await wb.readRange(sheet, 'A1:G130')).formulas;
    const error = await updateModel(wb, { ...defaultInputs(), growthRate: 0.3 }, sheet).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CellsChangedError);
    expect((error as CellsChangedError).changed.map((c) => [c.address, c.value]).sort()).toEqual(
      [
        [at('input.averageDealValue'), 60_000],
        [at('deals'), 75],
        ['C5', 'my note'],
      ].sort(),
    );
    expect((await wb.readRange(sheet, 'A1:G130')).formulas).toEqual(before);
    expect((await findModelRecord(wb, sheet))!.inputs.growthRate).toBe(0.2);
  });

  it('writes once the changed cells were seen, and only if they still hold what was seen', async () => {
    const { wb, sheet, at } = await built();
    wb.setCellFromUser(sheet, at('input.averageDealValue'), '60000');
    const error = (await updateModel(wb, defaultInputs(), sheet).catch((e: unknown) => e)) as CellsChangedError;
    // Changed again after it was shown: still refused.
    wb.setCellFromUser(sheet, at('input.averageDealValue'), '65000');
    await expect(updateModel(wb, defaultInputs(), sheet, { seen: error.changed })).rejects.toBeInstanceOf(
      CellsChangedError,
    );
    wb.setCellFromUser(sheet, at('input.averageDealValue'), '60000');
    await updateModel(wb, { ...defaultInputs(), growthRate: 0.3 }, sheet, { seen: error.changed });
    expect(wb.getValue(sheet, at('input.averageDealValue'))).toBe(50_000);
    expect(wb.getValue(sheet, at('input.growthRate'))).toBe(0.3);
  });

  it('needs no question when the form holds what the sheet holds (the pane took it from the sheet)', async () => {
    const { wb, sheet, at } = await built();
    wb.setCellFromUser(sheet, at('input.averageDealValue'), '60000');
    await updateModel(wb, { ...defaultInputs(), averageDealValue: 60_000, growthRate: 0.3 }, sheet);
    expect(wb.getValue(sheet, at('deals'))).toBe(Math.ceil((10_000_000 * 0.4) / 60_000));
  });
});

describe('the registry in the document settings is not trusted as it is', () => {
  async function withRegistry(change: (r: ModelRecord) => void) {
    const b = await built();
    const reg = (await b.wb.getSetting<ModelRegistry>(SETTINGS_REGISTRY))!;
    change(reg.models[0]);
    await b.wb.setSetting(SETTINGS_REGISTRY, reg);
    return b;
  }

  it('refuses a record that lists cells outside the layout, clearing nothing', async () => {
    const { wb, sheet } = await withRegistry((r) => r.cells.push('Z100', 'H2'));
    wb.setCellFromUser(sheet, 'H2', 'mine');
    await expect(updateModel(wb, defaultInputs(), sheet)).rejects.toThrow(
      /lists cells the model does not use \(Z100, H2\)/,
    );
    expect(wb.getValue(sheet, 'H2')).toBe('mine');
  });

  it('refuses a record without an id (an earlier version) and one whose id is not on the sheet', async () => {
    const a = await withRegistry((r) => delete r.id);
    await expect(updateModel(a.wb, defaultInputs(), a.sheet)).rejects.toThrow(/earlier version/);
    const b = await withRegistry((r) => (r.id = '0badc0de'));
    const error = await updateModel(b.wb, defaultInputs(), b.sheet).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookWriteError);
    expect(error).not.toBeInstanceOf(CellsChangedError);
    expect((error as Error).message).toMatch(/does not hold this model's id/);
  });

  it('refuses a record pointing at a sheet the builder did not write (no marker there)', async () => {
    const wb = createEngineWorkbook({ sheets: { Plan: [['my plan', 1, 2, 3]] } });
    const { sheet } = await buildModel(wb, defaultInputs());
    const reg = (await wb.getSetting<ModelRegistry>(SETTINGS_REGISTRY))!;
    reg.models.push({ ...reg.models[0], sheet: 'Plan' });
    await wb.setSetting(SETTINGS_REGISTRY, reg);
    await expect(updateModel(wb, defaultInputs(), 'Plan')).rejects.toThrow(/does not hold this model's id/);
    expect(wb.getValue('Plan', 'A1')).toBe('my plan');
    expect(await wb.usedRange('Plan')).toBe('A1:D1');
    expect(sheet).toBe('ROI Model');
  });
});
