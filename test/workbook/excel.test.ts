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
  inputChanges,
  readModelSheet,
  loadSavedInputs,
  planModel,
  previewModel,
  saveInputs,
  updateModel,
} from '../../src/features/model';
import { textForExcel } from '../../src/workbook/excel';
import { MockExcel, mockPort } from '../helpers/mock-excel';
import { CellsChangedError, WorkbookWriteError } from '../../src/workbook/port';

const port = mockPort;

describe('Excel adapter: a model build', () => {
  it('writes the whole model in one Excel.run with at most 2 syncs, formulas for every output', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    expect(sheet).toBe('ROI Model');
    expect(x.runs.length).toBe(1);
    expect(x.syncs).toBeLessThanOrEqual(2);
    // The sheet record and the inputs: in the workbook's settings, written in the batch's own
    // write: no saveAsync, no round trip of their own. Two round trips in all.
    expect(x.syncs).toBe(2);
    expect(settings.saves()).toBe(0);
    expect(x.counts.saveAsync).toBe(0);
    expect([...x.workbookSettings.keys()].sort()).toEqual(['outcomeRoi.model.inputs', 'outcomeRoi.model.sheets']);
    const registry = x.workbookSettings.get('outcomeRoi.model.sheets') as {
      models: Array<{ sheet: string; id: string }>;
    };
    expect(registry.models.map((m) => m.sheet)).toEqual(['ROI Model']);
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
    expect(s.cells.get(plan.cells.deals)?.formula).toBe('=ROI.REQUIREDDEALS(ROI_NewRevenue,ROI_DealValue)');
    expect(s.cells.get(plan.cells['input.currentRevenue'])).toMatchObject({
      value: 10_000_000,
      numberFormat: '$#,##0',
      fill: '#FFF2CC',
    });
    expect(s.cells.get('A1')?.bold).toBe(true);
    // Sheet-scoped names, the charts and conditional formats came in the same batch.
    expect(s.names.get('ROI_CurrentRevenue')).toBe(`'ROI Model'!${plan.cells['input.currentRevenue']}`);
    expect(s.names.get('ROI_Rates')).toBe("'ROI Model'!B24:B33");
    expect(s.names.get('ROI_Lags')).toBe("'ROI Model'!D24:D33");
    expect(s.names.get('ROI_Seasonality')).toBe(
      `'ROI Model'!${plan.cells['input.seasonality.0']}:${plan.cells['input.seasonality.11']}`,
    );
    // The month-by-month plan and the pace forecast are written as live formulas in the same batch.
    expect(s.cells.get(plan.cells.monthPlan)?.formula).toBe(
      '=ROI.FUNNELPLAN(ROI_MonthTargets,ROI_DealValue,ROI_Rates,ROI_Lags,ROI_GrowthRate,ROI_StageNames)',
    );
    expect(s.cells.get(plan.cells.paceForecast)?.formula).toMatch(
      /^=ROI\.FUNNELFORECAST\(C\d+:N\d+,ROI_LeadRates,ROI_LeadLags,ROI_LeadStageNames\)$/,
    );
    expect(s.cells.get(plan.cells['pace.yearChance'])?.formula).toMatch(
      /^=ROI\.PIPELINEHIT\(B\d+,ROI_OpenPipeline,ROI_Rates\)$/,
    );
    // The user's cells (actuals, open pipeline) are styled as inputs and left empty.
    for (const a of plan.userCells.slice(0, 3)) expect(s.cells.get(a)?.value).toBeUndefined();
    expect(s.charts.get('ROI_FunnelChart')).toEqual({
      type: 'Funnel',
      source: plan.spills.funnel,
      title: 'The funnel you need',
    });
    expect(s.charts.get('ROI_SensitivityChart')).toMatchObject({ type: 'BarClustered', source: 'A77:B79' });
    expect(s.conditionalFormats.length).toBe(4);
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
    expect(x.sheets.get('ROI Model (2)')!.names.get('ROI_Deals')).toBe("'ROI Model (2)'!B40");
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
    // The record and inputs written with the batch were put back too (there were none).
    expect(x.workbookSettings.size).toBe(0);
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
    // Every cell at once (one expect() for some 1,200 cells): a failure lists each cell not put back.
    const cells = [...before.keys()];
    expect(
      cells.map((a) => ({
        a,
        formula: after.cells.get(a)?.formula,
        value: after.cells.get(a)?.value,
        nf: after.cells.get(a)?.numberFormat ?? 'General',
      })),
    ).toEqual(
      cells.map((a) => {
        const c = before.get(a)!;
        return { a, formula: c.formula, value: c.value, nf: c.numberFormat ?? 'General' };
      }),
    );
    expect(new Map(after.names)).toEqual(namesBefore);
    expect((await loadSavedInputs(p))?.averageDealValue).toBe(50_000);
  });
});

describe('Excel adapter: updates', () => {
  it('refuses a sheet the builder did not create, without touching the workbook', async () => {
    const x = new MockExcel({ 'ROI Model': { A1: { value: 'theirs' } } });
    const { port: p } = port(x);
    await expect(updateModel(p, defaultInputs(), 'ROI Model')).rejects.toThrow(/not created by the model builder/);
    // One read of the workbook's settings, nothing written.
    expect(x.syncs).toBeLessThanOrEqual(1);
    expect(x.written).toEqual([]);
  });

  it('writes only cells in its record, in at most 2 syncs, and replaces its own names and charts', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    x.sheets.get(sheet)!.cells.set('H2', { value: 'a note of mine' });
    x.sheets.get(sheet)!.cells.set('Q300', { formula: '=SUM(B1:B3)' });
    const actual = planModel(defaultInputs(), sheet).userCells[0];
    x.sheets.get(sheet)!.cells.set(actual, { ...x.sheets.get(sheet)!.cells.get(actual), value: 42 });
    x.written = [];
    const syncsBefore = x.syncs;
    const savesBefore = settings.saves();
    await updateModel(p, { ...defaultInputs(), averageDealValue: 80_000 }, sheet);
    // Two round trips in all: the record and the inputs ride in the write.
    expect(x.syncs - syncsBefore).toBe(2);
    expect(settings.saves() - savesBefore).toBe(0);
    expect((x.workbookSettings.get('outcomeRoi.model.inputs') as { averageDealValue: number }).averageDealValue).toBe(
      80_000,
    );
    const record = await findModelRecord(p, sheet);
    const own = new Set(record!.cells.map((a) => `${sheet}!${a}`));
    expect(x.written.length).toBeGreaterThan(100);
    expect(x.written.filter((w) => !own.has(w))).toEqual([]); // every write at once: a failure lists the strays
    const s = x.sheets.get(sheet)!;
    expect(s.cells.get('H2')).toEqual({ value: 'a note of mine' });
    expect(s.cells.get('Q300')).toEqual({ formula: '=SUM(B1:B3)' });
    expect(s.cells.get(planModel(defaultInputs(), sheet).cells['input.averageDealValue'])?.value).toBe(80_000);
    expect([...s.charts.keys()].sort()).toEqual([
      'ROI_FunnelChart',
      'ROI_MonthChart',
      'ROI_PaceChart',
      'ROI_SensitivityChart',
    ]);
    expect(s.names.get('ROI_DealValue')).toBe(`'${sheet}'!B10`);
    expect(s.conditionalFormats.length).toBe(4);
    // An actual the user typed into the Pace block is theirs: Update neither wrote nor cleared it.
    expect(s.cells.get(actual)).toMatchObject({ value: 42 });
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

describe('Excel adapter: the sheet is the truth', () => {
  it('reads the inputs back through their defined names in one round trip', async () => {
    const x = new MockExcel();
    const { port: p } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    const plan = planModel(defaultInputs(), sheet);
    x.sheets.get(sheet)!.cells.set(plan.cells['input.averageDealValue'], { value: 60_000, numberFormat: '$#,##0' });
    x.sheets.get(sheet)!.cells.set(plan.cells['input.stages.3.rate'], { value: 0.3 });
    const record = (await findModelRecord(p, sheet))!;
    const syncs = x.syncs;
    const back = await readModelSheet(p, record);
    expect(x.syncs - syncs).toBe(1);
    if (typeof back === 'string') throw new Error(back);
    expect(back.inputs.averageDealValue).toBe(60_000);
    expect(back.inputs.stages[3].rate).toBe(0.3);
    expect(inputChanges(record.inputs, back.inputs).map((c) => `${c.label}: ${c.from} -> ${c.to}`)).toEqual([
      'Average deal value: $50,000 -> $60,000',
      'Funnel stages: Visitors 2% (0 mo), Leads 50% (0.5 mo), SALs 40% (0.5 mo), SQOs 25% (3 mo) -> Visitors 2% (0 mo), Leads 50% (0.5 mo), SALs 40% (0.5 mo), SQOs 30% (3 mo)',
    ]);
  });

  it('stops an update over a changed cell in the read round trip, writing nothing; with the cell seen, writes in 2', async () => {
    const x = new MockExcel();
    const { port: p } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    const at = planModel(defaultInputs(), sheet).cells['input.averageDealValue'];
    x.sheets.get(sheet)!.cells.set(at, { value: 60_000, numberFormat: '$#,##0' });
    x.written = [];
    const syncs = x.syncs;
    const error = await updateModel(p, { ...defaultInputs(), growthRate: 0.3 }, sheet).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CellsChangedError);
    expect((error as CellsChangedError).changed).toEqual([{ sheet, address: at, formula: '60000', value: 60_000 }]);
    expect(x.syncs - syncs).toBe(1);
    expect(x.written).toEqual([]);
    const again = x.syncs;
    await updateModel(p, { ...defaultInputs(), growthRate: 0.3 }, sheet, {
      seen: (error as CellsChangedError).changed,
    });
    expect(x.syncs - again).toBe(2);
    expect(x.sheets.get(sheet)!.cells.get(at)?.value).toBe(50_000);
  });

  it('tells the pane when a sheet is activated (worksheets.onActivated), until told to stop', async () => {
    const x = new MockExcel(['Sheet1', 'ROI Model']);
    const { port: p } = port(x);
    const seen: string[] = [];
    const stop = await p.onSheetActivated!((sheet) => seen.push(sheet));
    await x.activate('ROI Model');
    await x.activate('Sheet1');
    stop();
    await x.activate('ROI Model');
    expect(seen).toEqual(['ROI Model', 'Sheet1']);
  });
});

describe('Excel adapter: reading, settings and text', () => {
  it('keeps settings in the workbook (ExcelApi 1.4): read once, all together; each save one round trip', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    const inputs = { ...defaultInputs(), growthRate: 0.42 };
    await saveInputs(p, inputs);
    expect(settings.saves()).toBe(0);
    expect((x.workbookSettings.get('outcomeRoi.model.inputs') as { growthRate: number }).growthRate).toBe(0.42);
    // A pane opened later reads them back from the workbook, all in one round trip.
    const later = port(x).port;
    const syncs = x.syncs;
    const back = await loadSavedInputs(later);
    await later.getSetting('outcomeRoi.model.sheets');
    expect(x.syncs - syncs).toBe(1);
    expect(back).toEqual(JSON.parse(JSON.stringify(inputs)));
    expect(previewModel(back!).sentence).toBe(previewModel(inputs).sentence);
    await p.setSetting('k', undefined);
    expect(await p.getSetting('k')).toBeUndefined();
  });

  it('sets and removes several settings in one round trip', async () => {
    const x = new MockExcel();
    const { port: p } = port(x);
    await p.setSetting('old', 1);
    const syncs = x.syncs;
    await p.setSettings({ a: { n: 1 }, b: [2, 3], old: undefined });
    expect(x.syncs - syncs).toBe(1);
    expect(x.workbookSettings.get('a')).toEqual({ n: 1 });
    expect(x.workbookSettings.get('b')).toEqual([2, 3]);
    expect(x.workbookSettings.has('old')).toBe(false);
    expect(await p.getSetting('old')).toBeUndefined();
  });

  it('reads settings saved by an earlier version through Office.context.document.settings', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    settings.store.set('outcomeRoi.model.inputs', { ...defaultInputs(), churnRate: 0.07 });
    expect((await loadSavedInputs(p))?.churnRate).toBe(0.07);
    // Once written again, the workbook's own settings win.
    await saveInputs(p, { ...defaultInputs(), churnRate: 0.09 });
    expect((await loadSavedInputs(port(x).port))?.churnRate).toBe(0.09);
  });

  it('on a host without workbook settings, saves them the old way after the batch, and says why when it cannot', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x, { funnel: false });
    const { sheet } = await buildModel(p, defaultInputs());
    expect(settings.saves()).toBe(1);
    expect((await findModelRecord(p, sheet))?.sheet).toBe(sheet);
    const y = new MockExcel();
    const { port: q } = port(y, { failSave: true, funnel: false });
    await expect(q.setSetting('k', 1)).rejects.toThrow(/could not be saved: The document is read-only/);
    await expect(q.setSettings({ k: 1, j: 2 })).rejects.toThrow(/could not be saved: The document is read-only/);
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

describe('Excel adapter: cell notes (ExcelApi 1.18)', () => {
  const batch = (note: string) => ({
    cells: [
      { sheet: 'Sheet1', address: 'B2', value: 0.25, note },
      { sheet: 'Sheet1', address: 'B3', value: 0.5, note: `${note} (2)` },
    ],
  });

  it('writes a note on each cell in the batch, replacing a note there, in two round trips', async () => {
    const x = new MockExcel({ Sheet1: { B2: 0.2 } });
    x.sheets.get('Sheet1')!.notes.set('B2', 'typed by hand');
    const { port: p } = port(x);
    const syncs = x.syncs;
    await p.applyBatch(batch('Measured'));
    expect(x.syncs - syncs).toBe(2);
    expect([...x.sheets.get('Sheet1')!.notes]).toEqual([
      ['B2', 'Measured'],
      ['B3', 'Measured (2)'],
    ]);
    expect(x.sheets.get('Sheet1')!.cells.get('B2')?.value).toBe(0.25);
  });

  it('a failed write takes its notes away and puts back the one it replaced', async () => {
    const x = new MockExcel({ Sheet1: { B2: 0.2 } });
    x.sheets.get('Sheet1')!.notes.set('B2', 'typed by hand');
    const { port: p } = port(x);
    x.failAt = { sync: x.syncs + 2, afterCells: 1 };
    await expect(p.applyBatch(batch('Measured'))).rejects.toBeInstanceOf(WorkbookWriteError);
    expect([...x.sheets.get('Sheet1')!.notes]).toEqual([['B2', 'typed by hand']]);
    expect(x.sheets.get('Sheet1')!.cells.get('B2')?.value).toBe(0.2);
  });

  it('a host without notes writes the cells and no note', async () => {
    const x = new MockExcel({ Sheet1: {} });
    const { port: p } = port(x, { funnel: false });
    await p.applyBatch(batch('Measured'));
    expect(x.sheets.get('Sheet1')!.notes.size).toBe(0);
    expect(x.sheets.get('Sheet1')!.cells.get('B3')?.value).toBe(0.5);
  });
});
