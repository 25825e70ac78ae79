/**
 * The undo history on its own (src/workbook/history.ts), then on the engine adapter: a
 * cell typed is one step, a task-pane write (one applyBatch, any number of cells, a new
 * sheet, names, charts) is one step, a sheet deleted is one; undo and redo put back
 * exactly what was there (formulas, constants, text that looks like a number, number
 * formats, spills), a new change drops what could be redone, a failed write adds no step,
 * and a failed undo loses nothing.
 */
import { History, type HistoryStep } from '../../src/workbook/history';
import { createEngineWorkbook } from '../../src/workbook/engine';
import { defaultInputs, planModel } from '../../src/features/model';

/** A history over one number, each step setting it. */
function counter() {
  const box = { value: 0 };
  const step = (label: string, value: number, fail = false): HistoryStep<null> => ({
    label,
    info: null,
    capture: () => step(label, box.value),
    apply: () => {
      box.value = value;
      if (fail) throw new Error('disk full');
    },
  });
  return { box, step };
}

describe('History', () => {
  test('undo and redo walk back and forth; a new step drops the redo', () => {
    const { box, step } = counter();
    const h = new History<null>();
    for (const v of [1, 2, 3]) {
      h.record(step(`set ${v}`, box.value));
      box.value = v;
    }
    expect(h.undoLabel).toBe('set 3');
    expect(h.undo()?.label).toBe('set 3');
    expect(box.value).toBe(2);
    h.undo();
    expect(box.value).toBe(1);
    expect(h.redoLabel).toBe('set 2');
    h.redo();
    expect(box.value).toBe(2);
    h.record(step('set 9', box.value));
    box.value = 9;
    expect(h.redo()).toBeUndefined();
    expect(h.redoLabel).toBeUndefined();
    h.undo();
    h.undo();
    h.undo();
    expect(box.value).toBe(0);
    expect(h.undo()).toBeUndefined();
    expect(box.value).toBe(0);
  });

  test('at most `limit` steps, the oldest dropped first', () => {
    const { box, step } = counter();
    const h = new History<null>(3);
    for (let v = 1; v <= 5; v++) {
      h.record(step(`set ${v}`, box.value));
      box.value = v;
    }
    while (h.undo());
    expect(box.value).toBe(2);
  });

  test('a step whose undo fails is put back and stays undoable', () => {
    const { box, step } = counter();
    const h = new History<null>();
    h.record(step('set 5', 4, true));
    box.value = 5;
    expect(() => h.undo()).toThrow('disk full');
    expect(box.value).toBe(5);
    expect(h.undoLabel).toBe('set 5');
    expect(h.redoLabel).toBeUndefined();
  });
});

describe('undo on the engine adapter', () => {
  test('each typed cell is one step; undo restores formula, constant, text and number format; redo retypes', async () => {
    const wb = createEngineWorkbook({ sheets: { Plan: [[3000000, 50000, '=ROI.REQUIREDDEALS(A1,B1)']] } });
    wb.setCellFromUser('Plan', 'B1', '$100,000');
    wb.setCellFromUser('Plan', 'C1', "'2024");
    wb.setCellFromUser('Plan', 'D1', '25%');
    expect(wb.getValue('Plan', 'C1')).toBe('2024');
    expect(wb.undoLabel).toBe('Typing in Plan!D1');

    expect(wb.undo()).toEqual({ label: 'Typing in Plan!D1', selection: { sheet: 'Plan', address: 'D1' } });
    expect(wb.getValue('Plan', 'D1')).toBeNull();
    expect(wb.getNumberFormat('Plan', 'D1')).toBe('General');
    wb.undo();
    expect((await wb.readRange('Plan', 'C1')).formulas[0][0]).toBe('=ROI.REQUIREDDEALS(A1,B1)');
    expect(wb.getValue('Plan', 'C1')).toBe(30);
    wb.undo();
    expect(wb.getValue('Plan', 'B1')).toBe(50000);
    expect(wb.getNumberFormat('Plan', 'B1')).toBe('General');
    expect(wb.getValue('Plan', 'C1')).toBe(60);
    expect(wb.undo()).toBeUndefined();

    // Redo retypes, in order, with the formats the typing gave.
    expect(wb.redo()?.label).toBe('Typing in Plan!B1');
    expect(wb.getValue('Plan', 'B1')).toBe(100000);
    expect(wb.getNumberFormat('Plan', 'B1')).toBe('$#,##0');
    wb.redo();
    expect(wb.getValue('Plan', 'C1')).toBe('2024');
    wb.redo();
    expect(wb.getValue('Plan', 'D1')).toBe(0.25);
    expect(wb.getNumberFormat('Plan', 'D1')).toBe('0%');
    expect(wb.redo()).toBeUndefined();
  });

  test('clearing a cell is a step; so is typing into a spill, whose anchor comes back whole', () => {
    const wb = createEngineWorkbook({
      sheets: { S: [[3000000, 50000, 0.5, 0.4, 0.25], ['=ROI.FUNNEL(A1,B1,C1:E1)']] },
    });
    expect(wb.getValue('S', 'A5')).toBe(60);
    wb.setCellFromUser('S', 'A4', '7');
    expect(wb.getValue('S', 'A4')).toBe(7);
    wb.setCellFromUser('S', 'A1', '');
    expect(wb.undoLabel).toBe('Clearing S!A1');
    wb.undo();
    expect(wb.getValue('S', 'A1')).toBe(3000000);
    wb.undo();
    expect([2, 3, 4, 5].map((r) => wb.getValue('S', `A${r}`))).toEqual([1200, 600, 240, 60]);
  });

  test('a task-pane write is one step however many cells, sheets, names and charts it wrote; the selection returns', async () => {
    const wb = createEngineWorkbook();
    await wb.select('Sheet1', 'C3');
    wb.setCellFromUser('Sheet1', 'A1', 'mine');
    const plan = planModel(defaultInputs(), 'ROI Model');
    expect(plan.batch.cells.length).toBeGreaterThan(50);
    await wb.applyBatch({ ...plan.batch, select: { sheet: 'ROI Model', address: 'A1' } });
    expect(await wb.listSheets()).toEqual(['Sheet1', 'ROI Model']);
    expect(wb.getNames().length).toBeGreaterThan(0);
    expect(wb.getCharts('ROI Model').length).toBeGreaterThan(0);
    expect(wb.undoLabel).toBe("The task pane's change to ROI Model");

    const undone = wb.undo();
    expect(undone).toEqual({
      label: "The task pane's change to ROI Model",
      selection: { sheet: 'Sheet1', address: 'C3' },
    });
    expect(await wb.getSelection()).toEqual({ sheet: 'Sheet1', address: 'C3' });
    expect(await wb.listSheets()).toEqual(['Sheet1']);
    expect(wb.getNames()).toEqual([]);
    expect(wb.getCharts()).toEqual([]);
    expect(wb.getValue('Sheet1', 'A1')).toBe('mine');

    // Redo builds it again, exactly: the same cells, formulas, values.
    wb.redo();
    expect(await wb.listSheets()).toEqual(['Sheet1', 'ROI Model']);
    const again = createEngineWorkbook();
    await again.applyBatch(plan.batch);
    const range = 'A1:H80';
    expect(wb.getValue('ROI Model', plan.cells.leads)).toBe(again.getValue('ROI Model', plan.cells.leads));
    expect(typeof wb.getValue('ROI Model', plan.cells.leads)).toBe('number');
    expect((await wb.readRange('ROI Model', range)).formulas).toEqual(
      (await again.readRange('ROI Model', range)).formulas,
    );
    expect((await wb.readRange('ROI Model', range)).values).toEqual((await again.readRange('ROI Model', range)).values);
    // And the typed cell before it is still its own step.
    wb.undo();
    wb.undo();
    expect(wb.getValue('Sheet1', 'A1')).toBeNull();
  });

  test('a write that fails adds no step; a new change drops the redo; a loaded file starts afresh', async () => {
    const wb = createEngineWorkbook();
    wb.setCellFromUser('Sheet1', 'A1', '1');
    await expect(
      wb.applyBatch({
        cells: [
          { sheet: 'Sheet1', address: 'B1', value: 2 },
          { sheet: 'Nope', address: 'A1', value: 3 },
        ],
      }),
    ).rejects.toThrow();
    expect(wb.getValue('Sheet1', 'B1')).toBeNull();
    expect(wb.undoLabel).toBe('Typing in Sheet1!A1');
    wb.undo();
    expect(wb.redoLabel).toBe('Typing in Sheet1!A1');
    wb.setCellFromUser('Sheet1', 'A2', '5');
    expect(wb.redoLabel).toBeUndefined();
    wb.loadSheets({ Sheet1: [[1, 2, 3]] });
    expect(wb.undoLabel).toBeUndefined();
    expect(wb.undo()).toBeUndefined();
    expect(wb.getValue('Sheet1', 'C1')).toBe(3);
  });

  test('a deleted sheet comes back with its cells, formats and names', async () => {
    const wb = createEngineWorkbook({ sheets: { A: [[1]], B: [[2, '=A1*3']] } });
    await wb.applyBatch({
      cells: [{ sheet: 'B', address: 'A1', numberFormat: '0.0' }],
      names: [{ name: 'Two', sheet: 'B', address: 'A1' }],
    });
    await wb.deleteSheet('B');
    expect(await wb.listSheets()).toEqual(['A']);
    expect(wb.undoLabel).toBe('Deleting the sheet B');
    wb.undo();
    expect(await wb.listSheets()).toEqual(['A', 'B']);
    expect(wb.getValue('B', 'B1')).toBe(6);
    expect(wb.getNumberFormat('B', 'A1')).toBe('0.0');
    expect(wb.getNames().map((n) => n.name)).toEqual(['Two']);
  });
});

describe('spills survive a put-back', () => {
  test('a failed write leaves a spill spilling (its values are not put back as constants that block it)', async () => {
    const wb = createEngineWorkbook({
      sheets: { S: [[3000000, 50000, 0.5, 0.4, 0.25], ['=ROI.FUNNEL(A1,B1,C1:E1)']] },
    });
    await expect(
      wb.applyBatch({
        cells: [
          { sheet: 'S', address: 'G1', value: 1 },
          { sheet: 'Nope', address: 'A1', value: 2 },
        ],
      }),
    ).rejects.toThrow();
    const r = await wb.readRange('S', 'A2:A5');
    expect(r.values.map((x) => x[0])).toEqual([1200, 600, 240, 60]);
    expect(r.formulas.map((x) => x[0])).toEqual(['=ROI.FUNNEL(A1,B1,C1:E1)', '', '', '']);
    // And the spill follows its inputs still.
    wb.setCellFromUser('S', 'B1', '100000');
    expect(wb.getValue('S', 'A5')).toBe(30);
  });

  test('a cell typed over a spill, then cleared, lets the formula spill again (as Excel does)', () => {
    const wb = createEngineWorkbook({
      sheets: { S: [[3000000, 50000, 0.5, 0.4, 0.25], ['=ROI.FUNNEL(A1,B1,C1:E1)']] },
    });
    wb.setCellFromUser('S', 'A4', 'x');
    expect(wb.getValue('S', 'A2')).toMatchObject({ code: '#SPILL!' });
    wb.setCellFromUser('S', 'A4', '');
    expect([2, 3, 4, 5].map((row) => wb.getValue('S', `A${row}`))).toEqual([1200, 600, 240, 60]);
  });
});
