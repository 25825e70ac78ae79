/**
 * The time and calibration functions as users type them, evaluated by the headless engine:
 * each case of the error table (test/helpers/time-cases.ts) typed into a workbook, every
 * argument in cells of a Data sheet (text as text, TRUE as TRUE, an error as =NA(), blanks
 * as blank cells) and the formula in a Calc sheet referencing them. What the sheet shows
 * equals callFunction on the same values, and the spill takes exactly the area the table's
 * `spill` predicted before evaluating (transposed for a column of periods): the result
 * fills it, nothing lies beyond it.
 */
import type { RawCellContent } from 'hyperformula';
import { DetailedCellError } from 'hyperformula';
import {
  FUNCTIONS,
  RoiError,
  callFunction,
  hostMsg,
  isRoiError,
  shapeOf,
  spillShape,
  type ArgValue,
  type CellValue,
  type FunctionId,
  type Result,
  type ResultCell,
} from '../../src/core';
import { createEngine, evaluateFormula, signature } from '../../src/engine/hf';
import { BASE, CASES, TIME_IDS } from '../helpers/time-cases';
import { sharedEngine } from '../helpers/shared-engine';

/** One engine for every typed case: each gets Data and Calc holding its own cells only. */
const engine = sharedEngine();

/** A1 column letters for a 0-based index. */
function col(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function content(v: CellValue): RawCellContent {
  if (v === undefined || v === null || v === '') return null;
  if (isRoiError(v)) return '=NA()';
  // An apostrophe keeps text as text ("25%" typed into a cell would be the number 0.25).
  if (typeof v === 'string') return `'${v}`;
  return v;
}

/** The call typed into a workbook: arguments in Data's cells, the formula in Calc!A1. */
function typed(id: FunctionId, args: readonly ArgValue[]) {
  const data: RawCellContent[][] = [];
  const refs: string[] = [];
  let left = 0;
  const put = (r: number, c: number, v: RawCellContent) => {
    while (data.length <= r) data.push([]);
    data[r][c] = v;
  };
  args.forEach((a) => {
    if (a === undefined) {
      refs.push('');
      return;
    }
    const grid: CellValue[][] = Array.isArray(a) ? a : [[a]];
    grid.forEach((row, r) => row.forEach((v, c) => put(r, left + c, content(v))));
    const rows = Math.max(1, grid.length);
    const cols = Math.max(1, grid[0]?.length ?? 1);
    const from = `${col(left)}1`;
    refs.push(rows === 1 && cols === 1 ? `Data!${from}` : `Data!${from}:${col(left + cols - 1)}${rows}`);
    left += cols + 1;
  });
  while (refs.length && refs[refs.length - 1] === '') refs.pop();
  const formula = `=ROI.${id}(${refs.join(', ')})`;
  const hf = engine.load({ Data: data, Calc: [[formula]] });
  const predicted = spillShape(
    id,
    args.map((a) => (a === undefined ? undefined : shapeOf(a))),
  );
  const calc = hf.getSheetId('Calc')!;
  const area = hf.getRangeValues({
    start: { sheet: calc, row: 0, col: 0 },
    end: { sheet: calc, row: predicted.rows, col: predicted.cols },
  });
  return { formula, predicted, area };
}

/** Plain data: errors as their code (and message unless `codeOnly`). */
function plain(v: unknown, codeOnly: boolean): unknown {
  if (Array.isArray(v)) return v.map((x) => plain(x, codeOnly));
  if (isRoiError(v)) return codeOnly ? v.code : { code: v.code, message: v.message };
  if (v instanceof DetailedCellError) return codeOnly ? v.value : { code: v.value, message: v.message };
  return v;
}

/**
 * The sheet shows the core's result within the predicted area, and nothing beyond it. With
 * `exact`, the result fills the area (a valid call with no blank skipped in a list); else a
 * smaller result is padded with empty cells (a list of blank cells drops out only once
 * evaluated).
 */
function expectSheetShows(id: FunctionId, args: readonly ArgValue[], codeOnly: boolean, exact = false) {
  const { formula, predicted, area } = typed(id, args);
  const cell = (r: number, c: number) => area[r]?.[c] ?? null;
  const spec = FUNCTIONS.find((f) => f.id === id)!;
  let given = args.length;
  while (given && args[given - 1] === undefined) given--;
  const required = spec.params.filter((p) => !p.optional).length;
  const want: Result =
    given < required || given > spec.params.length
      ? // The engine's own error for a wrong count of arguments, as for every function.
        new RoiError('#N/A', hostMsg.wrongArgCount(signature(spec)))
      : callFunction(id, args);
  const grid: ResultCell[][] = Array.isArray(want) ? want : [[want]];
  const rows = grid.length;
  const cols = grid[0].length;
  if (exact) expect({ formula, rows, cols }).toEqual({ formula, rows: predicted.rows, cols: predicted.cols });
  expect({ formula, fits: rows <= Math.max(1, predicted.rows) && cols <= Math.max(1, predicted.cols) }).toEqual({
    formula,
    fits: true,
  });
  const shown = area.slice(0, rows).map((row) => row.slice(0, cols));
  expect({ formula, shown: plain(shown, codeOnly) }).toEqual({ formula, shown: plain(grid, codeOnly) });
  // Padding and beyond: empty (an error shows in the top-left cell only).
  for (let r = 0; r <= predicted.rows; r++)
    for (let c = 0; c <= predicted.cols; c++)
      if (r >= rows || c >= cols) expect({ formula, r, c, v: cell(r, c) }).toEqual({ formula, r, c, v: null });
}

describe('every case of the error table, typed into a workbook, shows what the core gives', () => {
  test.each(CASES.map((c) => [c.id, c.label, c] as const))('%s: %s', (id, _label, c) => {
    const hasErrorValue = JSON.stringify(c.args).includes('roi-error');
    expectSheetShows(id, c.args, hasErrorValue);
  });
});

describe('valid calls spill exactly where the table predicts', () => {
  const periods = [[100000, 0, 250000, 300000, 50000, 200000]];
  const column = periods[0].map((v) => [v]);
  const rates = [[0.5, 0.4, 0.25, 0.6]];
  const lags = [[1, 0.5, 2, 0]];
  const names = [['Leads', 'SAL', 'SQO', 'Opp', 'Won']];
  test.each([
    ['FUNNELPLAN', [periods, 50000, rates, lags]],
    ['FUNNELPLAN', [column, 50000, rates, lags, 0.2]],
    ['FUNNELPLAN', [periods, 50000, rates, lags, 0, names]],
    ['FUNNELPLAN', [column, 50000, rates, lags, 0, names.map((r) => r.map((n) => [n])).flat()]],
    ['FUNNELPLAN', [[[3000000]], 50000, rates, lags]],
    ['FUNNELFORECAST', [periods, rates, lags]],
    ['FUNNELFORECAST', [column, rates, lags, names]],
    ['PIPELINEHIT', [[[0, 5, 10]], [[10, 20, 30, 5]], rates]],
    ['PIPELINEHIT', [[[5], [10]], [[10, 20, 30, 5]], rates]],
    ['STAGERATES', [BASE.STAGERATES[0]]],
    ['STAGERATES', BASE.STAGERATES],
    ['STAGELAGS', [BASE.STAGELAGS[0]]],
    ['STAGELAGS', BASE.STAGELAGS],
  ] as Array<[FunctionId, ArgValue[]]>)('%s %#', (id, args) => {
    expect(isRoiError(callFunction(id, args))).toBe(false);
    expectSheetShows(id, args, false, true);
  });

  test('blank cells skipped in a stage list leave the spill padded with empty cells, never cut', () => {
    const { area, predicted } = typed('FUNNELPLAN', [periods, 50000, [[0.5, null, 0.25]], [[1, null, 2]]]);
    const want = callFunction('FUNNELPLAN', [periods, 50000, [[0.5, 0.25]], [[1, 2]]]) as number[][];
    expect(predicted).toEqual({ rows: 4, cols: 7 });
    expect(area.slice(0, 3).map((r) => r.slice(0, 7))).toEqual(want);
    expect(area[3].slice(0, 7)).toEqual(Array(7).fill(null));
  });
});

describe('as users type them', () => {
  test('the spec examples in roi eval form', () => {
    expect(evaluateFormula('=ROI.PIPELINEHIT(5, {0,20}, {0.5,0.25})')).toBeCloseTo(0.5851585, 7);
    expect(evaluateFormula('=ROI.FUNNELFORECAST({100,100,100}, {0.5,0.2}, {1,0})')).toEqual([
      [100, 100, 100, 0],
      [0, 50, 50, 50],
      [0, 10, 10, 10],
    ]);
  });

  test('lags from STAGELAGS feed FUNNELPLAN: measured months, one per stage', () => {
    const dates = BASE.STAGELAGS[0] as CellValue[][];
    const hf = createEngine({
      Data: dates.map((row) => row.map(content)),
      Calc: [
        ['=ROI.STAGELAGS(Data!A1:D5, 0.5, 30.4375)', null, '=ROI.STAGERATES(Data!A1:D5, 0.9, , 0)'],
        [],
        [],
        [],
        ['=ROI.FUNNELPLAN({100000,200000,300000}, 25000, E1:E3, A1:A3)'],
      ],
    });
    const calc = hf.getSheetId('Calc')!;
    const lags = [0, 1, 2].map((r) => hf.getCellValue({ sheet: calc, row: r, col: 0 }));
    expect(lags).toEqual((callFunction('STAGELAGS', [dates, 0.5, 30.4375]) as number[][]).map((r) => r[0]));
    const rates = (callFunction('STAGERATES', [dates, 0.9, undefined, 0]) as number[][]).map((r) => r[2]);
    const plan = callFunction('FUNNELPLAN', [
      [[100000, 200000, 300000]],
      25000,
      rates.map((r) => [r]),
      lags.map((l) => [l as number]),
    ]);
    expect(hf.getRangeValues({ start: { sheet: calc, row: 4, col: 0 }, end: { sheet: calc, row: 7, col: 3 } })).toEqual(
      plan,
    );
  });

  test('the shared engine gives each case its own cells only (nothing of the case before, spills included)', () => {
    engine.load({ Data: [[1, 2, 3]], Calc: [['=ROI.STAGERATES(Data!A1:C1)'], [7]] });
    const hf = engine.load({ Data: [[5]], Calc: [['=Data!A1*2']] });
    expect(hf.getAllSheetsValues()).toEqual({ Data: [[5]], Calc: [[10]] });
  });

  test('every function of the table is in this file’s cases', () => {
    expect(new Set(CASES.map((c) => c.id))).toEqual(new Set(TIME_IDS));
    for (const id of TIME_IDS) expect(FUNCTIONS.some((f) => f.id === id)).toBe(true);
  });
});
