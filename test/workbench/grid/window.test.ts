/**
 * The screenful the workbench grid reads from its SheetSource: conditional formats
 * evaluated per cell, spill outlines trimmed to their results.
 */
import { createEngineWorkbook } from '../../../src/workbook/engine';
import { cellKey, readWindow, trimSpill } from '../../../src/workbench/grid/window';

describe('a screenful read from the engine', () => {
  test('conditional formats: formula rules shifted per cell, colour scales over the whole range', async () => {
    const wb = createEngineWorkbook({
      sheets: {
        S: [
          [-1, 5, 10],
          [2, -3, 0],
        ],
      },
    });
    await wb.applyBatch({
      cells: [],
      conditionalFormats: [
        { sheet: 'S', address: 'A1:B2', kind: 'formula', formula: '=A1<0', fill: '#F8CBAD', fontColor: '#9C0006' },
        { sheet: 'S', address: 'C1:C2', kind: 'colorScale' },
      ],
    });
    const w = readWindow(wb, 'S', { first: 0, last: 1 }, { first: 0, last: 2 });
    expect([...w.looks.keys()].sort()).toEqual([cellKey(0, 0), cellKey(0, 2), cellKey(1, 1), cellKey(1, 2)].sort());
    expect(w.looks.get(cellKey(0, 0))).toEqual({ fill: '#F8CBAD', fontColor: '#9C0006' });
    expect(w.looks.get(cellKey(0, 2))).toEqual({ fill: '#63BE7B' });
    expect(w.looks.get(cellKey(1, 2))).toEqual({ fill: '#F8696B' });
    // A window that does not reach the rules' cells evaluates none of them.
    expect(readWindow(wb, 'S', { first: 5, last: 9 }, { first: 0, last: 2 }).looks.size).toBe(0);
  });

  test('spill outlines cover the result, not the blanks the engine reserved', () => {
    // A rate list of four cells, two of them empty: the engine reserves 5 rows, the funnel has 3.
    const wb = createEngineWorkbook({
      sheets: { S: [[0.5, '=ROI.FUNNEL(1000000,10000,A1:A4)'], [0.25], [null], [null]] },
    });
    const w = readWindow(wb, 'S', { first: 0, last: 10 }, { first: 0, last: 5 });
    expect(w.snapshot.spills).toEqual([{ anchor: 'B1', range: 'B1:B5' }]);
    expect(w.spills).toEqual([{ anchor: 'B1', range: 'B1:B3', top: 0, left: 1, bottom: 2, right: 1 }]);
    expect(trimSpill(wb, 'S', { top: 0, left: 1, bottom: 4, right: 1 }).range).toBe('B1:B3');
    // Out of the window: not listed.
    expect(readWindow(wb, 'S', { first: 20, last: 30 }, { first: 0, last: 5 }).spills).toEqual([]);
  });
});
