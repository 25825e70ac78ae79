/**
 * What the workbench grid reads from the engine adapter: a sheet snapshot limited to the
 * visible window (so a 10,000-row sheet is read a screenful at a time), with every spill
 * and the spill anchor of each cell the spill fills.
 */
import { createEngineWorkbook } from '../../src/workbook/engine';

function bigSheet(rows: number) {
  const data: Array<Array<string | number | null>> = [];
  for (let i = 0; i < rows; i++) data.push([`Row ${i + 1}`, i + 1, `=B${i + 1}*2`]);
  data[0].push('=ROI.FUNNEL(1000000,10000,{0.5,0.4,0.25})');
  return data;
}

describe('getSheetSnapshot with a window', () => {
  const wb = createEngineWorkbook({ sheets: { Big: bigSheet(10_000) } });

  test('holds only the cells inside the window, and the whole sheet size', () => {
    const s = wb.getSheetSnapshot('Big', { top: 5000, bottom: 5009, left: 0, right: 10 });
    expect(s.rows).toBe(10_000);
    expect(s.cols).toBe(4);
    expect(s.cells).toHaveLength(30);
    expect(s.cells.every((c) => c.row >= 5000 && c.row <= 5009)).toBe(true);
    const c = s.cells.find((x) => x.address === 'C5001')!;
    expect(c.value).toBe(10_002);
    expect(c.formula).toBe('=B5001*2');
  });

  test('lists every spill, also one whose anchor is outside the window', () => {
    const s = wb.getSheetSnapshot('Big', { top: 2, bottom: 3, left: 3, right: 3 });
    expect(s.spills).toEqual([{ anchor: 'D1', range: 'D1:D4' }]);
    expect(s.cells.map((c) => [c.address, c.spillAnchor, c.display])).toEqual([
      ['D3', 'D1', '400'],
      ['D4', 'D1', '100'],
    ]);
  });

  test('a windowed read of a large sheet is fast (a screenful, not the sheet)', () => {
    const t = performance.now();
    for (let i = 0; i < 20; i++) wb.getSheetSnapshot('Big', { top: 100 * i, bottom: 100 * i + 40, left: 0, right: 20 });
    expect((performance.now() - t) / 20).toBeLessThan(50);
  });

  test('without a window, the whole used area as before', () => {
    const small = createEngineWorkbook({ sheets: { S: [[1, '=A1:A3*2'], [2], [3]] } });
    const s = small.getSheetSnapshot('S');
    expect(s.rows).toBe(3);
    expect(s.spills).toEqual([{ anchor: 'B1', range: 'B1:B3' }]);
    expect(s.cells.filter((c) => c.spillAnchor === 'B1').map((c) => c.value)).toEqual([2, 4, 6]);
  });

  test('a spill added by an edit is seen by the next snapshot', () => {
    const small = createEngineWorkbook({
      sheets: { S: [['=ROI.FUNNEL(G1,10000,{0.5,0.25})', null, null, null, null, null, 100000]] },
    });
    expect(small.getSheetSnapshot('S').spills).toEqual([{ anchor: 'A1', range: 'A1:A3' }]);
    small.setCellFromUser('S', 'C1', '=SEQUENCE(2,3)');
    expect(small.getSheetSnapshot('S', { top: 0, bottom: 0, left: 0, right: 0 }).spills).toEqual([
      { anchor: 'A1', range: 'A1:A3' },
      { anchor: 'C1', range: 'C1:E2' },
    ]);
  });
});
