/**
 * The engine WorkbookPort, as the workbench grid uses it: snapshots with values, formulas,
 * formats, styles and spill anchors; typing into cells; change notifications; the
 * all-or-nothing batch; settings and selection.
 */
import { RoiError } from '../../src/core';
import { buildModel, defaultInputs, planModel } from '../../src/features/model';
import { createEngineWorkbook, parseUserInput } from '../../src/workbook/engine';
import { formatValue } from '../../src/base/format';
import { RangeNotEmptyError, WorkbookWriteError, type WriteBatch } from '../../src/workbook/port';

describe('engine port: reading and writing', () => {
  it('applies a batch: values, formulas on names, formats, styles, charts, widths', async () => {
    const wb = createEngineWorkbook();
    const batch: WriteBatch = {
      addSheets: ['Plan'],
      names: [
        { name: 'Target', sheet: 'Plan', address: 'B1' },
        { name: 'Rates', sheet: 'Plan', address: 'B3:B5', scope: 'sheet' },
      ],
      cells: [
        { sheet: 'Plan', address: 'A1', value: 'Target', style: { bold: true } },
        {
          sheet: 'Plan',
          address: 'B1',
          value: 3_000_000,
          numberFormat: '$#,##0',
          style: { fill: '#FFF2CC', fontColor: '#0000FF' },
        },
        { sheet: 'Plan', address: 'B3', value: 0.5, numberFormat: '0%' },
        { sheet: 'Plan', address: 'B4', value: 0.4, numberFormat: '0%' },
        { sheet: 'Plan', address: 'B5', value: 0.25, numberFormat: '0.0%' },
        { sheet: 'Plan', address: 'D1', formula: '=ROI.FUNNEL(Target,50000,Rates)' },
        { sheet: 'Plan', address: 'E1', formula: '=ROI.REQUIREDLEADS(Target,50000,Rates)', numberFormat: '#,##0' },
        { sheet: 'Plan', address: 'A7', value: '2024' },
      ],
      charts: [{ sheet: 'Plan', name: 'C', type: 'funnel', source: 'D1:D4', title: 'Funnel', from: 'G1', to: 'K10' }],
      columnWidths: [{ sheet: 'Plan', column: 'a', width: 30 }],
    };
    const result = await wb.applyBatch(batch);
    expect(result).toEqual({ sheets: { Plan: 'Plan' } });
    expect(await wb.listSheets()).toEqual(['Sheet1', 'Plan']);
    const snap = wb.getSheetSnapshot('Plan');
    const at = (a: string) => snap.cells.find((c) => c.address === a);
    expect(at('B1')).toMatchObject({
      value: 3_000_000,
      display: '$3,000,000',
      numberFormat: '$#,##0',
      style: { fill: '#FFF2CC', fontColor: '#0000FF' },
    });
    expect(at('D1')).toMatchObject({ value: 1200, formula: '=ROI.FUNNEL(Target,50000,Rates)', spillAnchor: 'D1' });
    expect(at('D3')).toMatchObject({ value: 240, spillAnchor: 'D1' });
    expect(at('D3')?.formula).toBeUndefined();
    expect(at('E1')).toMatchObject({ value: 1200, display: '1,200' });
    expect(at('A7')).toMatchObject({ value: '2024', display: '2024' });
    expect(at('B5')?.display).toBe('25.0%');
    expect(snap.spills).toEqual([{ anchor: 'D1', range: 'D1:D4' }]);
    expect(snap.charts).toEqual([expect.objectContaining({ name: 'C', type: 'funnel', source: 'D1:D4' })]);
    expect(snap.columnWidths).toEqual({ A: 30 });
    expect(snap.names.map((n) => n.name).sort()).toEqual(['Rates', 'Target']);
    expect(snap.rows).toBe(7);
    expect(await wb.usedRange('Plan')).toBe('A1:E7');
    const r = await wb.readRange('Plan', 'D1:E2');
    expect(r.values).toEqual([
      [1200, 1200],
      [600, null],
    ]);
    expect(r.formulas).toEqual([
      ['=ROI.FUNNEL(Target,50000,Rates)', '=ROI.REQUIREDLEADS(Target,50000,Rates)'],
      ['', ''],
    ]);
    expect(r.numberFormats).toEqual([
      ['General', '#,##0'],
      ['General', 'General'],
    ]);
  });

  it('names a new sheet uniquely when asked, and writes everything aimed at it there', async () => {
    const wb = createEngineWorkbook({ sheets: { Model: [['theirs']], 'model (2)': [] } });
    const result = await wb.applyBatch({
      addSheets: ['Model'],
      uniqueSheetNames: true,
      cells: [{ sheet: 'Model', address: 'A1', value: 'ours' }],
      names: [{ name: 'X', sheet: 'Model', address: 'A1', scope: 'sheet' }],
    });
    expect(result).toEqual({ sheets: { Model: 'Model (3)' } });
    expect(wb.getValue('Model', 'A1')).toBe('theirs');
    expect(wb.getValue('Model (3)', 'A1')).toBe('ours');
    expect(wb.getNames()).toEqual([expect.objectContaining({ name: 'X', sheet: 'Model (3)' })]);
    await expect(wb.applyBatch({ addSheets: ['Model'], cells: [] })).rejects.toThrow(/already exists/);
  });

  it('is all or nothing: a failing batch leaves cells, names, formats and sheets as they were', async () => {
    const wb = createEngineWorkbook({ sheets: { Data: [[1, '=A1*2']] } });
    await wb.applyBatch({
      cells: [{ sheet: 'Data', address: 'C1', value: 5, numberFormat: '0%' }],
      names: [{ name: 'One', sheet: 'Data', address: 'A1' }],
    });
    const listener = jest.fn();
    wb.onChange(listener);
    const failing: WriteBatch = {
      addSheets: ['New'],
      names: [{ name: 'One', sheet: 'Data', address: 'B1' }],
      cells: [
        { sheet: 'Data', address: 'A1', value: 10 },
        { sheet: 'Data', address: 'C1', value: 6, numberFormat: '$#,##0' },
        { sheet: 'New', address: 'A1', formula: '=One' },
        { sheet: 'Nowhere', address: 'A1', value: 1 },
      ],
    };
    await expect(wb.applyBatch(failing)).rejects.toBeInstanceOf(WorkbookWriteError);
    expect(await wb.listSheets()).toEqual(['Data']);
    expect(wb.getValue('Data', 'A1')).toBe(1);
    expect(wb.getValue('Data', 'B1')).toBe(2);
    expect(wb.getValue('Data', 'C1')).toBe(5);
    expect(wb.getNumberFormat('Data', 'C1')).toBe('0%');
    expect(wb.hf.getNamedExpression('One')?.expression).toMatch(/^='?Data'?!\$A\$1$/);
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('engine port: the user at the grid', () => {
  it('parses what a user types', () => {
    expect(parseUserInput('25%')).toEqual({ content: 0.25, numberFormat: '0%' });
    expect(parseUserInput('12.5%')).toEqual({ content: 0.125, numberFormat: '0.0%' });
    expect(parseUserInput('$50,000')).toEqual({ content: 50000, numberFormat: '$#,##0' });
    expect(parseUserInput('1,200')).toEqual({ content: 1200, numberFormat: '#,##0' });
    expect(parseUserInput('-3.5')).toEqual({ content: -3.5 });
    expect(parseUserInput('=A1+1')).toEqual({ content: '=A1+1' });
    expect(parseUserInput('TRUE')).toEqual({ content: true });
    expect(parseUserInput('  ')).toEqual({ content: null });
    expect(parseUserInput('Leads')).toEqual({ content: 'Leads' });
    expect(parseUserInput("'25%")).toEqual({ content: '25%' });
  });

  it('typing into an input cell recalculates the model and notifies listeners', async () => {
    const wb = createEngineWorkbook();
    const { sheet } = await buildModel(wb, defaultInputs());
    const plan = planModel(defaultInputs(), sheet);
    const changes: string[][] = [];
    const stop = wb.onChange((c) => changes.push(c.sheets));
    wb.setCellFromUser(sheet, plan.cells['input.growthRate'], '50%');
    expect(changes).toEqual([[sheet]]);
    expect(wb.getValue(sheet, plan.cells.revenueGap)).toBeCloseTo(6_000_000, 6);
    expect(wb.getValue(sheet, plan.cells.deals)).toBe(120);
    expect(wb.getNumberFormat(sheet, plan.cells['input.growthRate'])).toBe('0%');
    wb.setCellFromUser(sheet, plan.cells['input.averageDealValue'], 'fifty');
    const deals = wb.getValue(sheet, plan.cells.deals);
    expect(deals).toBeInstanceOf(RoiError);
    expect((deals as RoiError).code).toBe('#VALUE!');
    stop();
    wb.setCellFromUser(sheet, plan.cells['input.averageDealValue'], '50000');
    expect(changes).toHaveLength(2);
    const snap = wb.getSheetSnapshot(sheet);
    expect(snap.cells.find((c) => c.address === plan.cells.deals)?.display).toBe('120');
    expect(snap.spills.map((s) => s.anchor)).toEqual([
      plan.cells.funnel,
      plan.cells.sensitivity,
      plan.cells.monthPlan,
      plan.cells.paceForecast,
      plan.cells.planForecast,
    ]);
  });

  it('a batch can require ranges to be empty (nothing written if one is not) and select its result', async () => {
    const wb = createEngineWorkbook({
      sheets: {
        Data: [
          ['a', null, null],
          [null, null, '=1+1'],
        ] as never,
      },
    });
    const batch = {
      cells: [{ sheet: 'Data', address: 'B1', value: 5 }],
      requireEmpty: [{ sheet: 'Data', address: 'B1:B2' }],
      select: { sheet: 'Data', address: 'B1' },
    };
    await wb.applyBatch(batch);
    expect((await wb.readRange('Data', 'B1')).values).toEqual([[5]]);
    expect(await wb.getSelection()).toEqual({ sheet: 'Data', address: 'B1' });
    await wb.select('Data', 'A1');
    // A value, or a formula, in a required-empty range: nothing is written, nothing selected.
    for (const address of ['A1:A2', 'C1:C2']) {
      const err = await wb
        .applyBatch({
          ...batch,
          cells: [{ sheet: 'Data', address: 'B2', value: 7 }],
          requireEmpty: [{ sheet: 'Data', address }],
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RangeNotEmptyError);
      expect(err).toMatchObject({ sheet: 'Data', address });
      expect((await wb.readRange('Data', 'B2')).values).toEqual([[null]]);
      expect(await wb.getSelection()).toEqual({ sheet: 'Data', address: 'A1' });
    }
    // A new sheet of the batch, renamed by uniqueSheetNames, is where its selection goes.
    await wb.applyBatch({
      addSheets: ['Data'],
      uniqueSheetNames: true,
      cells: [{ sheet: 'Data', address: 'A1', value: 1 }],
      select: { sheet: 'Data', address: 'A1' },
    });
    expect(await wb.getSelection()).toEqual({ sheet: 'Data (2)', address: 'A1' });
    await expect(
      wb.applyBatch({ cells: [{ sheet: 'Data', address: 'D1', value: 1 }], select: { sheet: 'Nope', address: 'A1' } }),
    ).rejects.toThrow(/no sheet named "Nope"/);
    expect((await wb.readRange('Data', 'D1')).values).toEqual([[null]]);
  });

  it('sets and removes several settings at once, with one change notification', async () => {
    const wb = createEngineWorkbook({ settings: { gone: 1, kept: 'k' } });
    const kinds: string[] = [];
    wb.onChange((c) => kinds.push(c.kind));
    await wb.setSettings({ a: { n: 1 }, b: [2], gone: undefined });
    expect(kinds).toEqual(['settings']);
    expect(await wb.getSetting('a')).toEqual({ n: 1 });
    expect(await wb.getSetting('b')).toEqual([2]);
    expect(await wb.getSetting('gone')).toBeUndefined();
    expect(await wb.getSetting('kept')).toBe('k');
  });

  it('keeps selection and settings, and forgets a deleted sheet', async () => {
    const wb = createEngineWorkbook({ settings: { a: { b: [1] } } });
    expect(await wb.getSelection()).toEqual({ sheet: 'Sheet1', address: 'A1' });
    const { sheet } = await buildModel(wb, defaultInputs());
    await wb.select(sheet, 'B9');
    expect(await wb.getSelection()).toEqual({ sheet, address: 'B9' });
    await expect(wb.select('Nope', 'A1')).rejects.toThrow(/no sheet named "Nope"/);
    const got = await wb.getSetting<{ b: number[] }>('a');
    got!.b.push(2);
    expect(await wb.getSetting('a')).toEqual({ b: [1] });
    await wb.deleteSheet(sheet);
    expect(await wb.listSheets()).toEqual(['Sheet1']);
    expect(await wb.getSelection()).toEqual({ sheet: 'Sheet1', address: 'A1' });
    expect(wb.getCharts()).toEqual([]);
    expect(wb.getNames()).toEqual([]);
  });
});

describe('number formats as the grid shows them', () => {
  it("formats the model's formats like Excel", () => {
    expect(formatValue(3000000.0000000005, '$#,##0')).toBe('$3,000,000');
    expect(formatValue(0.51849391, '0.0%')).toBe('51.8%');
    expect(formatValue(24, '0.0"x"')).toBe('24.0x');
    expect(formatValue(-1234.5, '#,##0')).toBe('-1,235');
    expect(formatValue(4.8473, '0.0')).toBe('4.8');
    expect(formatValue(0.1 + 0.2, 'General')).toBe('0.3');
    expect(formatValue(null, '0%')).toBe('');
    expect(formatValue(new RoiError('#DIV/0!', 'x'), '0%')).toBe('#DIV/0!');
    expect(formatValue('text', '$#,##0')).toBe('text');
  });
});

describe('engine adapter: activation and names read back', () => {
  it('tells listeners when another sheet becomes the active one (the workbench tabs select it), until stopped', async () => {
    const wb = createEngineWorkbook({ sheets: { Sheet1: [], Plan: [] } });
    const seen: string[] = [];
    const stop = await wb.onSheetActivated((sheet) => seen.push(sheet));
    await wb.select('Plan', 'A1');
    await wb.select('Plan', 'B2'); // the same sheet: no activation
    await wb.select('Sheet1', 'A1');
    stop();
    await wb.select('Plan', 'A1');
    expect(seen).toEqual(['Plan', 'Sheet1']);
  });

  it('reads several names at once: the range each refers to now, with its values and formulas', async () => {
    const wb = createEngineWorkbook({ sheets: { Plan: [[5, '=A1*2']] } });
    await wb.applyBatch({
      cells: [],
      names: [
        { name: 'Five', sheet: 'Plan', address: 'A1', scope: 'sheet' },
        { name: 'Both', sheet: 'Plan', address: 'A1:B1', scope: 'sheet' },
      ],
    });
    const r = await wb.readNames('Plan', ['Five', 'Both', 'Missing']);
    expect(r.Five).toEqual({ address: 'A1', values: [[5]], formulas: [['5']], numberFormats: [['General']] });
    expect(r.Both?.values).toEqual([[5, 10]]);
    expect(r.Both?.formulas).toEqual([['5', '=A1*2']]);
    expect(r.Missing).toBeNull();
  });
});
