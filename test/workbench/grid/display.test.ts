/**
 * How a cell of the workbench grid looks and edits, without a browser: alignment, the
 * formula bar's text, Excel's percent entry, error hover text, General numbers that do not fit.
 */
import { RoiError } from '../../../src/core';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import {
  alignOf,
  colorScale,
  editTextOf,
  fitGeneral,
  normalizeEntry,
  titleOf,
} from '../../../src/workbench/grid/display';

describe('how a cell looks and edits', () => {
  test('alignment as in Excel unless the style says otherwise', () => {
    expect(alignOf(12)).toBe('right');
    expect(alignOf('Leads')).toBe('left');
    expect(alignOf(true)).toBe('center');
    expect(alignOf(new RoiError('#NUM!', 'x'))).toBe('center');
    expect(alignOf(12, { horizontalAlignment: 'Center' })).toBe('center');
  });

  test('the formula bar shows the formula, or the constant as it would be typed', () => {
    expect(editTextOf({ value: 60, formula: '=ROI.REQUIREDDEALS(3000000,50000)' })).toBe(
      '=ROI.REQUIREDDEALS(3000000,50000)',
    );
    expect(editTextOf({ value: 0.25, numberFormat: '0.0%' })).toBe('25%');
    expect(editTextOf({ value: 0.1 + 0.2, numberFormat: '0%' })).toBe('30%');
    expect(editTextOf({ value: 50_000, numberFormat: '$#,##0' })).toBe('50000');
    expect(editTextOf({ value: 1 / 3 })).toBe('0.333333333333333');
    expect(editTextOf({ value: false })).toBe('FALSE');
    expect(editTextOf({ value: 'Leads' })).toBe('Leads');
    expect(editTextOf({ value: null })).toBe('');
    expect(editTextOf(undefined)).toBe('');
  });

  test("text that would read as something else shows its apostrophe, as in Excel ('2024)", () => {
    for (const t of [
      '2024',
      '-5',
      '1,200',
      '$3,000',
      '25%',
      '1e5',
      '.5',
      'TRUE',
      'false',
      '#N/A',
      '=ROI.CAC(1,2)',
      "'quoted",
      '12/31/2024',
      '2024-01-31',
    ]) {
      expect([t, editTextOf({ value: t })]).toEqual([t, `'${t}`]);
    }
    for (const t of ['Leads', 'Q1 2024', 'ROI.CAC', '-', '+', '12 deals', 'N/A', 'Truey'])
      expect([t, editTextOf({ value: t })]).toEqual([t, t]);
  });

  test("'2024 typed into a cell stays text, and the formula bar gives it back as typed", () => {
    const wb = createEngineWorkbook({ sheets: { S: [[null]] } });
    wb.setCellFromUser('S', 'A1', "'2024");
    const cell = wb.getSheetSnapshot('S').cells.find((c) => c.address === 'A1');
    expect(cell?.value).toBe('2024');
    expect(editTextOf(cell)).toBe("'2024");
  });

  test("typing into a percent or money cell keeps its format (Excel's percent entry)", () => {
    expect(normalizeEntry('30', '0.0%')).toBe('0.3');
    expect(normalizeEntry('30%', '0.0%')).toBe('0.3');
    expect(normalizeEntry('0.3', '0.0%')).toBe('0.3');
    expect(normalizeEntry('1', '0%')).toBe('0.01');
    expect(normalizeEntry('12.5%', '0%')).toBe('0.125');
    expect(normalizeEntry('$60,000', '$#,##0')).toBe('60000');
    expect(normalizeEntry('-$1,250.50', '$#,##0.00')).toBe('-1250.5');
    expect(normalizeEntry('=B2*2', '0%')).toBe('=B2*2');
    expect(normalizeEntry('lots', '0%')).toBe('lots');
    expect(normalizeEntry('30', undefined)).toBe('30');
    expect(normalizeEntry('30%', 'General')).toBe('30%');
  });

  test("an error's hover text is its code and message; a note joins it", () => {
    expect(titleOf({ value: new RoiError('#NUM!', 'close_rate must be above 0.') })).toBe(
      '#NUM! close_rate must be above 0.',
    );
    expect(titleOf({ value: 3, note: 'Typed by finance.' })).toBe('Typed by finance.');
    expect(titleOf({ value: 3 })).toBeUndefined();
  });

  test('a General number too wide for its column shortens as in Excel', () => {
    const fitsIn = (chars: number) => (t: string) => t.length <= chars;
    expect(fitGeneral(123.456789, fitsIn(20), '123.456789')).toBe('123.456789');
    expect(fitGeneral(123.456789, fitsIn(6), '123.456789')).toBe('123.46');
    expect(fitGeneral(100_010_000, fitsIn(8), '100010000')).toBe('1.00E+08');
    expect(fitGeneral(100_010_000, fitsIn(5), '100010000')).toBe('1E+08');
    expect(fitGeneral(0.000012345, fitsIn(8), '0.000012345')).toBe('1.23E-05');
    expect(fitGeneral(123456, fitsIn(2), '123456')).toBe('#');
  });

  test("Excel's three-colour scale", () => {
    expect(colorScale(0, 0, 10)).toBe('#F8696B');
    expect(colorScale(5, 0, 10)).toBe('#FFEB84');
    expect(colorScale(10, 0, 10)).toBe('#63BE7B');
    expect(colorScale(3, 3, 3)).toBe('#FFEB84');
  });
});
