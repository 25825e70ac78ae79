/**
 * The Excel adapter on office-addin-mock: a model build is one Excel.run with at most two
 * context.sync() calls and formulas (not values) for every output; nothing foreign is
 * overwritten; a failing write is rolled back; settings round-trip through
 * Office.context.document.settings.
 *
 * The mock Excel below keeps a workbook's state (sheets, cells, names, charts) and hands
 * out OfficeMockObject proxies: reads need load() and sync() as in Excel (an unloaded
 * property reads as the mock's "not loaded" text), writes are applied at sync() time.
 */
import { splitAddress } from '../../src/base/a1';
import {
  buildModel,
  defaultInputs,
  findModelRecord,
  loadSavedInputs,
  planModel,
  previewModel,
  saveInputs,
  updateModel,
} from '../../src/features/model';
import { textForExcel } from '../../src/workbook/excel';
import { MockExcel, mockPort } from '../helpers/mock-excel';
import { WorkbookWriteError } from '../../src/workbook/port';

const port = mockPort;

describe('Excel adapter: a model build', () => {
  it('writes the whole model in one Excel.run with at most 2 syncs, formulas for every output', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    expect(sheet).toBe('ROI Model');
    expect(x.runs.length).toBe(1);
    expect(x.syncs).toBeLessThanOrEqual(2);
    // The sheet record and the inputs: one settings.saveAsync for both.
    expect(settings.saves()).toBe(1);
    expect([...settings.saved.keys()].sort()).toEqual(['outcomeRoi.model.inputs', 'outcomeRoi.model.sheets']);
    const plan = planModel(defaultInputs(), sheet);
    const s = x.sheets.get(sheet)!;
    for (const key of [
      'revenueGap',
      'deals',
      'opportunities',
      'leads',
      'leadsAtConfidence',
      'hitProbability',
      'cac',
      'ltv',
      'ltvToCac',
      'paybackMonths',
      'romi',
      'funnel',
      'sensitivity',
      'sentence',
      'sensitivitySentence',
      'scenario.Low.leads',
      'scenario.High.hitProbability',
    ]) {
      const cell = s.cells.get(plan.cells[key]);
      expect({ key, formula: cell?.formula?.startsWith('=') }).toEqual({ key, formula: true });
      expect(cell?.value).toBeUndefined();
    }
    expect(s.cells.get(plan.cells.deals)?.formula).toBe('=ROI.REQUIREDDEALS(ROI_RevenueGap,ROI_DealValue)');
    expect(s.cells.get(plan.cells['input.currentRevenue'])).toMatchObject({
      value: 10_000_000,
      numberFormat: '$#,##0',
      fill: '#FFF2CC',
    });
    expect(s.cells.get('A1')?.bold).toBe(true);
    // Sheet-scoped names, the charts and conditional formats came in the same batch.
    expect(s.names.get('ROI_CurrentRevenue')).toBe(`'ROI Model'!${plan.cells['input.currentRevenue']}`);
    expect(s.names.get('ROI_Rates')).toBe("'ROI Model'!B22:B29");
    expect(s.charts.get('ROI_FunnelChart')).toEqual({
      type: 'Funnel',
      source: plan.spills.funnel,
      title: 'The funnel you need',
    });
    expect(s.charts.get('ROI_SensitivityChart')).toMatchObject({ type: 'BarClustered', source: 'A69:B71' });
    expect(s.conditionalFormats.length).toBe(3);
  });

  it('falls back to a bar chart where the host has no funnel charts', async () => {
    const x = new MockExcel();
    const { port: p } = port(x, { funnel: false });
    await buildModel(p, defaultInputs());
    expect(x.sheets.get('ROI Model')!.charts.get('ROI_FunnelChart')?.type).toBe('BarClustered');
  });

  it('never overwrites: an existing "ROI Model" stays as it was, the model goes to "ROI Model (2)"', async () => {
    const x = new MockExcel({ 'ROI Model': { A1: { value: 'my own numbers' }, B6: { formula: '=1+1' } }, Sheet1: {} });
    const { port: p } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    expect(sheet).toBe('ROI Model (2)');
    expect(x.syncs).toBeLessThanOrEqual(2);
    expect([...x.sheets.get('ROI Model')!.cells.entries()]).toEqual([
      ['A1', { value: 'my own numbers' }],
      ['B6', { formula: '=1+1' }],
    ]);
    expect(x.written.every((w) => w.startsWith('ROI Model (2)!'))).toBe(true);
    expect(x.sheets.get('ROI Model (2)')!.names.get('ROI_Deals')).toBe("'ROI Model (2)'!B35");
    expect((await findModelRecord(p, 'ROI Model (2)'))?.sheet).toBe('ROI Model (2)');
    expect(await findModelRecord(p, 'ROI Model')).toBeUndefined();
  });

  it('rolls back a write that fails midway and says why', async () => {
    const x = new MockExcel({ Sheet1: { A1: { value: 1 } } });
    const { port: p, settings } = port(x);
    x.failAt = { sync: 2, afterCells: 40 };
    const error = await buildModel(p, defaultInputs()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookWriteError);
    expect((error as Error).message).toMatch(/could not be written: The request failed midway/);
    // The partial write really happened, and was undone by a separate Excel.run.
    expect(x.written.length).toBeGreaterThan(0);
    expect(x.runs.length).toBe(2);
    expect([...x.sheets.keys()]).toEqual(['Sheet1']);
    expect(x.sheets.get('Sheet1')!.cells.get('A1')).toEqual({ value: 1 });
    expect(settings.saved.size).toBe(0);
  });

  it('puts back the cells and names an update overwrote when its write fails', async () => {
    const x = new MockExcel();
    const { port: p } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    const before = new Map([...x.sheets.get(sheet)!.cells].map(([k, v]) => [k, { ...v }]));
    const namesBefore = new Map(x.sheets.get(sheet)!.names);
    x.failAt = { sync: x.syncs + 2, afterCells: 25 };
    x.written = [];
    const changed = { ...defaultInputs(), averageDealValue: 70_000, currentRevenue: 12_000_000 };
    await expect(updateModel(p, changed, sheet)).rejects.toBeInstanceOf(WorkbookWriteError);
    expect(x.written.length).toBeGreaterThan(25); // 25 cells written, then put back
    const after = x.sheets.get(sheet)!;
    for (const [a, c] of before) {
      expect({
        a,
        formula: after.cells.get(a)?.formula,
        value: after.cells.get(a)?.value,
        nf: after.cells.get(a)?.numberFormat ?? 'General',
      }).toEqual({ a, formula: c.formula, value: c.value, nf: c.numberFormat ?? 'General' });
    }
    expect(new Map(after.names)).toEqual(namesBefore);
    expect((await loadSavedInputs(p))?.averageDealValue).toBe(50_000);
  });
});

describe('Excel adapter: updates', () => {
  it('refuses a sheet the builder did not create, without touching the workbook', async () => {
    const x = new MockExcel({ 'ROI Model': { A1: { value: 'theirs' } } });
    const { port: p } = port(x);
    await expect(updateModel(p, defaultInputs(), 'ROI Model')).rejects.toThrow(/not created by the model builder/);
    expect(x.runs.length).toBe(0);
    expect(x.written).toEqual([]);
  });

  it('writes only cells in its record, in at most 2 syncs, and replaces its own names and charts', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    x.sheets.get(sheet)!.cells.set('H2', { value: 'a note of mine' });
    x.sheets.get(sheet)!.cells.set('B150', { formula: '=SUM(B1:B3)' });
    x.written = [];
    const syncsBefore = x.syncs;
    const savesBefore = settings.saves();
    await updateModel(p, { ...defaultInputs(), averageDealValue: 80_000 }, sheet);
    expect(x.syncs - syncsBefore).toBeLessThanOrEqual(2);
    expect(settings.saves() - savesBefore).toBe(1);
    expect((settings.saved.get('outcomeRoi.model.inputs') as { averageDealValue: number }).averageDealValue).toBe(
      80_000,
    );
    const record = await findModelRecord(p, sheet);
    const own = new Set(record!.cells.map((a) => `${sheet}!${a}`));
    expect(x.written.length).toBeGreaterThan(100);
    for (const w of x.written) expect(own).toContain(w);
    const s = x.sheets.get(sheet)!;
    expect(s.cells.get('H2')).toEqual({ value: 'a note of mine' });
    expect(s.cells.get('B150')).toEqual({ formula: '=SUM(B1:B3)' });
    expect(s.cells.get(planModel(defaultInputs(), sheet).cells['input.averageDealValue'])?.value).toBe(80_000);
    expect([...s.charts.keys()].sort()).toEqual(['ROI_FunnelChart', 'ROI_SensitivityChart']);
    expect(s.names.get('ROI_DealValue')).toBe(`'${sheet}'!B9`);
    expect(s.conditionalFormats.length).toBe(3);
  });

  it('fails, writing nothing, when the model sheet is gone', async () => {
    const x = new MockExcel();
    const { port: p } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    x.sheets.delete(sheet);
    x.written = [];
    await expect(updateModel(p, defaultInputs(), sheet)).rejects.toThrow(/not in the workbook/);
    expect(x.written).toEqual([]);
  });
});

describe('Excel adapter: reading, settings and text', () => {
  it('round-trips settings through Office.context.document.settings, saving each time', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    const inputs = { ...defaultInputs(), growthRate: 0.42 };
    await saveInputs(p, inputs);
    expect(settings.saves()).toBe(1);
    expect((settings.saved.get('outcomeRoi.model.inputs') as { growthRate: number }).growthRate).toBe(0.42);
    const back = await loadSavedInputs(p);
    expect(back).toEqual(JSON.parse(JSON.stringify(inputs)));
    expect(previewModel(back!).sentence).toBe(previewModel(inputs).sentence);
    await p.setSetting('k', undefined);
    expect(await p.getSetting('k')).toBeUndefined();
  });

  it('sets and removes several settings with one saveAsync', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    await p.setSetting('old', 1);
    expect(settings.saves()).toBe(1);
    await p.setSettings({ a: { n: 1 }, b: [2, 3], old: undefined });
    expect(settings.saves()).toBe(2);
    expect(settings.saved.get('a')).toEqual({ n: 1 });
    expect(settings.saved.get('b')).toEqual([2, 3]);
    expect(await p.getSetting('old')).toBeUndefined();
  });

  it('rejects with the reason when the settings cannot be saved', async () => {
    const x = new MockExcel();
    const { port: p } = port(x, { failSave: true });
    await expect(p.setSetting('k', 1)).rejects.toThrow(/could not be saved: The document is read-only/);
    await expect(p.setSettings({ k: 1, j: 2 })).rejects.toThrow(/could not be saved: The document is read-only/);
  });

  it('reads values, formulas and formats after loading them', async () => {
    const x = new MockExcel({
      Data: { A1: { value: 5, numberFormat: '0%' }, B1: { formula: '=A1*2', value: 10 }, A2: { value: 'x' } },
    });
    const { port: p } = port(x);
    expect(await p.listSheets()).toEqual(['Data']);
    const r = await p.readRange('Data', 'A1:B2');
    expect(r.values).toEqual([
      [5, 10],
      ['x', null],
    ]);
    expect(r.formulas).toEqual([[5, '=A1*2'].map(String), ['x', '']]);
    expect(r.numberFormats[0][0]).toBe('0%');
  });

  it('keeps text that Excel would read as a number or formula as text', () => {
    expect(textForExcel('2024')).toBe("'2024");
    expect(textForExcel('25%')).toBe("'25%");
    expect(textForExcel('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(textForExcel('Leads')).toBe('Leads');
    expect(splitAddress("'ROI Model (2)'!B2:C3")).toEqual({ sheet: 'ROI Model (2)', address: 'B2:C3' });
    expect(splitAddress("'It''s'!A1").sheet).toBe("It's");
  });
});
