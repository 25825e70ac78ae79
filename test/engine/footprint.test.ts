/**
 * The engine's size check (src/engine/hf.ts engineFootprint, src/engine/evaluate.ts
 * EngineBudget): what HyperFormula would hold for a formula, asked of its own parser and
 * array-size predictor before it is given anything. These tests pin the two HyperFormula
 * internals the check reads: after an upgrade that moves them, they fail here (and the
 * check keeps every formula from the engine rather than guess).
 */
import type { HyperFormula } from 'hyperformula';
import { createEngine, engineFootprint } from '../../src/engine/hf';
import { engineSizeCheck, evaluateWorkbook, fileEngineConfig } from '../../src/engine/evaluate';
import { XlsxPackage } from '../../src/xlsx/package';
import { loadWorkbook } from '../../src/xlsx/workbook';
import { buildWorkbook } from '../helpers/xlsx-fixtures';

describe('engineFootprint: the engine’s own view of a formula, nothing allocated', () => {
  let hf: HyperFormula;
  beforeAll(() => {
    hf = createEngine({ Sheet1: [], Other: [] }, { config: fileEngineConfig() });
  });
  afterAll(() => hf.destroy());
  const at = { sheet: 0, row: 4, col: 2 };

  test('a range over the whole grid is one range of 1,048,576 × 16,384 cells; the result is one cell', () => {
    expect(engineFootprint(hf, '=SUM(A1:XFD1048576)', at)).toEqual({
      ranges: [{ sheet: 0, top: 0, left: 0, bottom: 1048575, right: 16383 }],
      resultCells: 1,
    });
  });

  test('whole columns and rows reach as far as the sheet goes (Infinity); other sheets and relative refs resolved', () => {
    const fp = engineFootprint(hf, '=SUM(A:B)+SUM(Other!3:3)+SUM(A1:A2)', at)!;
    expect(fp.ranges).toEqual([
      { sheet: 0, top: 0, left: 0, bottom: Infinity, right: 1 },
      { sheet: 1, top: 2, left: 0, bottom: 2, right: Infinity },
      { sheet: 0, top: 0, left: 0, bottom: 1, right: 0 },
    ]);
  });

  test('spilled results are sized by the engine’s predictor: SEQUENCE, broadcasting, MMULT', () => {
    expect(engineFootprint(hf, '=SEQUENCE(1048576,16384)', at)!.resultCells).toBe(1048576 * 16384);
    expect(engineFootprint(hf, '=SEQUENCE(3,2)', at)!.resultCells).toBe(6);
    expect(engineFootprint(hf, '=A1:A400000+TRANSPOSE(B1:B400000)', at)!.resultCells).toBe(400000 * 400000);
    expect(engineFootprint(hf, '=MMULT(A1:A3000,TRANSPOSE(B1:B3000))', at)!.resultCells).toBe(3000 * 3000);
    // A bare range in a plain formula is one value in the engine, and SEQUENCE of a cell's value is too.
    expect(engineFootprint(hf, '=SEQUENCE(A1,1000)', at)!.resultCells).toBe(1);
  });

  test('a formula the engine cannot parse is one error value; the engine is left as it was', () => {
    expect(engineFootprint(hf, '=SUM(', at)).toEqual({ ranges: [], resultCells: 1 });
    expect(hf.getSheetDimensions(0)).toEqual({ width: 0, height: 0 });
  });

  test('without the internals the footprint is unknown (undefined), never a guess', () => {
    const bare = Object.create(hf) as HyperFormula;
    Object.defineProperty(bare, '_parser', { value: undefined });
    expect(engineFootprint(bare, '=SUM(A1:B2)', at)).toBeUndefined();
  });
});

function workbook(sheetData: string, definedNames?: string) {
  return loadWorkbook(XlsxPackage.open(buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData }], definedNames })));
}

describe('the size check over a workbook: one formula, all formulas, defined names', () => {
  test('formulas that read or fill more than 1,000,000 cells keep their cached values, with the reason', () => {
    const wb = workbook(
      '<row r="1"><c r="A1"><v>5</v></c><c r="B1"><f>SUM(A1:XFD1048576)</f><v>5</v></c>' +
        '<c r="C1" cm="1"><f t="array" ref="C1">A1:A400000+TRANSPOSE(B1:B400000)</f><v>1</v></c>' +
        '<c r="D1"><f>SUM(A:A)</f><v>1</v></c></row>',
    );
    const ev = evaluateWorkbook(wb);
    const reason = (i: number) => ev.results.get(wb.formulas[i])!.reason;
    expect(reason(0)).toBe(
      'reads 17,179,869,184 cells through its ranges, more than the engine is given (1,000,000): cached value kept',
    );
    expect(reason(1)).toBe(
      'would fill 160,000,000,000 cells with its result, more than the engine is given (1,000,000): cached value kept',
    );
    // A whole column is as long as the sheet: one row here.
    expect(ev.results.get(wb.formulas[2])!.evaluated).toBe(true);
    expect(ev.results.get(wb.formulas[2])!.value).toBe(5);
    // At the limit, not over it: given to the engine (checked only: it takes the engine seconds).
    const atLimit = workbook(
      '<row r="1"><c r="B1"><f>SUM(A1:A1000000)</f></c><c r="C1"><f>SUM(A1:A1000001)</f></c></row>',
    );
    expect(engineSizeCheck(atLimit, atLimit.formulas)).toEqual([
      undefined,
      'reads 1,000,001 cells through its ranges, more than the engine is given (1,000,000)',
    ]);
  });

  test('the workbook’s total: distinct ranges add up to 2,000,000 cells; the formulas past it keep their values', () => {
    const cols = ['H', 'I', 'J', 'K', 'L', 'M'];
    const wb = workbook(
      `<row r="1">${cols.map((c, i) => `<c r="${String.fromCharCode(66 + i)}1"><f>SUM(${c}1:${c}400000)</f><v>0</v></c>`).join('')}` +
        // The same range again costs nothing more.
        '<c r="Z1"><f>COUNT(H1:H400000)</f><v>0</v></c></row>',
    );
    const reasons = engineSizeCheck(wb, [...wb.formulas.slice(0, 5), wb.formulas[6], wb.formulas[5]]);
    expect(reasons.slice(0, 6)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(reasons[6]).toBe(
      'with the names and formulas before it, the engine would hold 2,400,000 cells of ranges and results, more than it is given for one workbook (2,000,000)',
    );
  });

  test('a running total down 20,000 rows costs a row each (as the engine builds it), not 200 million cells', () => {
    let rows = '';
    for (let r = 1; r <= 20_000; r++)
      rows += `<row r="${r}"><c r="A${r}"><v>1</v></c><c r="B${r}"><f>SUM($A$1:A${r})</f></c></row>`;
    const wb = workbook(rows);
    const reasons = engineSizeCheck(wb, wb.formulas);
    expect(reasons.filter((r) => r !== undefined)).toEqual([]);
    // Upwards, each range is new to the engine: the total stops it part way.
    let up = '';
    for (let r = 1; r <= 3000; r++)
      up += `<row r="${r}"><c r="A${r}"><v>1</v></c><c r="B${r}"><f>SUM(A${r}:$A$3000)</f></c></row>`;
    const wbUp = workbook(up);
    const upReasons = engineSizeCheck(wbUp, wbUp.formulas);
    const firstRefused = upReasons.findIndex((r) => r !== undefined);
    expect(firstRefused).toBeGreaterThan(700);
    expect(firstRefused).toBeLessThan(1000);
  });

  test('a defined name over the whole grid, or an array of billions, is not given to the engine, used or not', () => {
    const wb = workbook(
      '<row r="1"><c r="A1"><v>5</v></c><c r="B1"><f>SUM(Big)</f><v>5</v></c><c r="C1"><f>A1*2</f><v>1</v></c></row>',
      '<definedName name="Big">Sheet1!$A$1:$XFD$1048576</definedName><definedName name="Seq">_xlfn.SEQUENCE(1048576,16384)</definedName><definedName name="Small">Sheet1!$A$1:$A$3</definedName>',
    );
    const ev = evaluateWorkbook(wb);
    expect(ev.skippedNames).toEqual([
      { name: 'Big', reason: 'names 17,179,869,184 cells, more than the engine is given (1,000,000)' },
      {
        name: 'Seq',
        reason: 'would fill 17,179,869,184 cells with its value, more than the engine is given (1,000,000)',
      },
    ]);
    expect(ev.results.get(wb.formulas[0])!.reason).toBe(
      'uses the defined name Big, which the engine could not read: cached value kept',
    );
    expect(ev.results.get(wb.formulas[1])!.value).toBe(10);
  });

  test('the workbench gives direct ROI calls to its engine as formulas: with directAsFormulas they count too', () => {
    const cols = Array.from({ length: 21 }, (_, i) => String.fromCharCode(65 + i));
    const wb = workbook(
      `<row r="1">${cols.map((c) => `<c r="${c}1" cm="1"><f t="array" ref="${c}1">_xldudf_ROI_REQUIREDLEADS(1000,10,${c}2:${c}100001)</f><v>0</v></c>`).join('')}</row>`,
    );
    const plain = evaluateWorkbook(wb);
    expect(wb.formulas.every((f) => plain.results.get(f)!.direct)).toBe(true);
    const live = evaluateWorkbook(wb, { directAsFormulas: true });
    const refused = wb.formulas.filter((f) => !live.results.get(f)!.evaluated);
    expect(refused.map((f) => f.ref)).toEqual(['U1']);
    expect(live.results.get(refused[0])!.reason).toBe(
      'with the names and formulas before it, the engine would hold 2,100,000 cells of ranges and results, more than it is given for one workbook (2,000,000): cached value kept',
    );
  });
});
