/**
 * The engine adapter as a SheetSource (what the workbench grid reads): the sheets with
 * their hidden state, a formula evaluated on a sheet (conditional-format rules), contents
 * loaded at once with one change notification.
 */
import { isRoiError } from '../../src/core';
import { createEngineWorkbook } from '../../src/workbook/engine';
import type { SheetSource } from '../../src/workbook/sheet-source';

test('sheets, formulas evaluated on a sheet, contents loaded at once', async () => {
  const wb = createEngineWorkbook({ sheets: { Data: [[1, 2]], Notes: [] } });
  await wb.applyBatch({ cells: [], hideSheets: ['Notes'] });
  const source: SheetSource = wb;
  expect(source.sheets()).toEqual([
    { name: 'Data', hidden: false },
    { name: 'Notes', hidden: true },
  ]);
  expect(source.hasSheet('Data')).toBe(true);
  expect(source.hasSheet('Nope')).toBe(false);
  expect(source.evaluateFormula('Data', '=B1>A1')).toBe(true);
  expect(source.evaluateFormula('Data', 'A1+B1')).toBe(3);
  const bad = source.evaluateFormula('Data', '=ROI.CAC(1,0)');
  expect(isRoiError(bad) && bad.code).toBe('#DIV/0!');

  const changes: string[][] = [];
  source.onChange((c) => changes.push(c.sheets));
  wb.loadSheets({ Data: [[10, '=A1*3']] });
  expect(wb.getValue('Data', 'B1')).toBe(30);
  expect(changes).toEqual([['*', 'Data']]);
  expect(source.getSheetSnapshot('Data', { top: 0, left: 1, bottom: 0, right: 1 }).cells[0]).toMatchObject({
    address: 'B1',
    formula: '=A1*3',
    display: '30',
  });
});
