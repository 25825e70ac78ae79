/**
 * The ROI.* functions as users type them, evaluated by the headless engine
 * (HyperFormula + the core): references, ranges, array constants, spills, errors with
 * their messages, optional and skipped arguments, and parity with the core itself.
 */
import fc from 'fast-check';
import { CellError, DetailedCellError, EmptyValue, ErrorType, HyperFormula, SimpleRangeValue } from 'hyperformula';
import type { RawCellContent } from 'hyperformula';
import { FUNCTIONS, RoiError, callFunction, isRoiError, type ArgValue, type Result } from '../../src/core';
import {
  ENGINE_CONFIG,
  codeOfErrorType,
  createEngine,
  errorTypeOfCode,
  evaluateFormula,
  fromEngineValue,
  registerRoiFunctions,
  toCellError,
  toCore,
  toEngineValue,
  type EngineResult,
} from '../../src/engine/hf';

/** Plain data for comparisons: errors as {code, message}. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (isRoiError(v)) return { code: v.code, message: v.message };
  if (v instanceof DetailedCellError) return { code: v.value, message: v.message };
  return v;
}

/** A one-sheet engine, its cells given row by row (A1 is rows[0][0]). */
function sheet(rows: RawCellContent[][], names?: Array<{ name: string; expression: string }>) {
  const hf = createEngine({ Sheet1: rows }, { namedExpressions: names });
  const at = (ref: string) => {
    const addr = hf.simpleCellAddressFromString(ref, 0);
    if (!addr) throw new Error(`bad address ${ref}`);
    return addr;
  };
  return {
    hf,
    value: (ref: string) => hf.getCellValue(at(ref)),
    range: (from: string, to: string) => hf.getRangeValues({ start: at(from), end: at(to) }),
    set: (ref: string, v: RawCellContent) => hf.setCellContents(at(ref), v),
  };
}

function expectError(v: unknown, code: string, messagePart?: string | RegExp) {
  const e = v as { code?: string; value?: string; message?: string };
  expect(isRoiError(v) || v instanceof DetailedCellError).toBe(true);
  expect(isRoiError(v) ? e.code : e.value).toBe(code);
  expect(e.message).toBeTruthy();
  if (messagePart) expect(e.message).toMatch(messagePart);
}

/** The example's expected value, numbers compared to the digits the example gives. */
function expectMatches(actual: EngineResult, expected: unknown) {
  if (typeof expected === 'string' && expected.startsWith('#')) {
    expectError(actual, expected);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    const grid = actual as unknown[][];
    expect(grid.length).toBe(expected.length);
    expected.forEach((row: unknown[], r) => {
      expect(grid[r].length).toBe(row.length);
      row.forEach((c, k) => expectMatches(grid[r][k] as EngineResult, c));
    });
    return;
  }
  if (typeof expected === 'number') {
    // Money and ratios are unrounded doubles (0.02/0.2 is 0.09999999999999999); examples
    // such as 0.51849391 give only some digits.
    expect(typeof actual).toBe('number');
    const decimals = (String(expected).split('.')[1] ?? '').length;
    const tolerance = Math.max(1e-12 * Math.max(1, Math.abs(expected)), decimals >= 6 ? 0.5 * 10 ** -decimals : 0);
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
    return;
  }
  expect(actual).toEqual(expected);
}

describe('registration', () => {
  test('every function of the core is registered under its ROI. name, idempotently', () => {
    registerRoiFunctions();
    registerRoiFunctions();
    const names = HyperFormula.getRegisteredFunctionNames('enGB');
    for (const f of FUNCTIONS) expect(names).toContain(f.name);
  });

  test('no ROI name is unknown to the engine (each is at worst an argument error, never #NAME?)', () => {
    for (const f of FUNCTIONS) {
      const v = evaluateFormula(`=${f.name}()`);
      const required = f.params.filter((p) => !p.optional).length;
      if (required > 0) expectError(v, '#N/A', f.params[0].name);
    }
  });

  test('the configuration keeps numbers unrounded and arrays on', () => {
    expect(ENGINE_CONFIG.licenseKey).toBe('gpl-v3');
    expect(ENGINE_CONFIG.smartRounding).toBe(false);
    expect(ENGINE_CONFIG.useArrayArithmetic).toBe(true);
  });
});

describe('every documented example, typed as a formula', () => {
  const cases = FUNCTIONS.flatMap((f) => f.examples.map((e) => [e.formula, e.result] as const));
  test.each(cases)('%s', (formula, result) => {
    expectMatches(evaluateFormula(formula), result);
  });
});

describe('references, ranges and array constants', () => {
  const inputs: RawCellContent[][] = [
    ['target', 3000000],
    ['deal', 50000],
    ['lead->SAL', 0.5],
    ['SAL->SQO', 0.4],
    ['close', 0.25],
  ];

  test('cell references and a column range as the rate list', () => {
    const s = sheet([...inputs, ['=ROI.REQUIREDLEADS(B1, B2, B3:B5)']]);
    expect(s.value('A6')).toBe(1200);
    s.set('B1', 6000000);
    expect(s.value('A6')).toBe(2400);
  });

  test('a row range as the rate list', () => {
    const s = sheet([[3000000, 50000, 0.5, 0.4, 0.25], ['=ROI.REQUIREDLEADS(A1, B1, C1:E1)']]);
    expect(s.value('A2')).toBe(1200);
  });

  test('a percentage typed into a cell (25%) is the number 0.25', () => {
    const s = sheet([['1000', '80%', '2%'], ['=ROI.LTV(A1, B1, C1)']]);
    expect(s.value('A2')).toBe(40000);
  });

  test('array constants: a row {0.5,0.4,0.25} and a column {1;2}', () => {
    expect(evaluateFormula('=ROI.REQUIREDLEADS(3000000,50000,{0.5,0.4,0.25})')).toBe(1200);
    expect(evaluateFormula('=ROI.REQUIREDLEADS(3000000,50000,{0.5;0.4;0.25})')).toBe(1200);
    expect(evaluateFormula('=ROI.CAC({600000;300000}, 30)')).toEqual([[20000], [10000]]);
    expect(evaluateFormula('=ROI.CAC(600000, {1;2})')).toEqual([[600000], [300000]]);
  });

  test('blank cells inside a rate list are skipped; the spill is padded with empty cells', () => {
    const s = sheet([[3000000, 50000], [0.5, 0.4, null, 0.25], ['=ROI.FUNNEL(A1, B1, A2:D2)']]);
    expect(s.range('A3', 'A7')).toEqual([[1200], [600], [240], [60], [null]]);
  });

  test('a defined name for the rate list spills to its full size', () => {
    const s = sheet(
      [
        [3000000, 50000],
        [0.5, 0.4, 0.25],
        ['=ROI.FUNNEL(A1, B1, Rates)'],
        [],
        [],
        [],
        ['=ROI.REQUIREDLEADS(Targets, B1, Rates)'],
      ],
      [
        { name: 'Rates', expression: '=Sheet1!$A$2:$C$2' },
        { name: 'Targets', expression: '=Sheet1!$A$1:$A$2' },
      ],
    );
    expect(s.range('A3', 'A6')).toEqual([[1200], [600], [240], [60]]);
    expect(s.range('A7', 'A8')).toEqual([[1200], [20]]); // targets 3000000 and 50000
  });
});

describe('spills', () => {
  test('FUNNEL spills a column into the sheet, top stage first', () => {
    const s = sheet([['=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25})']]);
    expect(s.range('A1', 'A4')).toEqual([[1200], [600], [240], [60]]);
    expect(s.hf.isCellPartOfArray({ sheet: 0, row: 3, col: 0 })).toBe(true);
  });

  test('FUNNEL with stage names from a range spills name and volume', () => {
    const s = sheet([['Leads', 'SALs', 'SQOs', 'Deals'], ['=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25}, A1:D1)']]);
    expect(s.range('A2', 'B5')).toEqual([
      ['Leads', 1200],
      ['SALs', 600],
      ['SQOs', 240],
      ['Deals', 60],
    ]);
  });

  test('a spill blocked by a filled cell is #SPILL!, and spills once the cell is cleared and the formula entered again', () => {
    const formula = '=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25})';
    const s = sheet([[formula], [], ['in the way']]);
    expect((s.value('A1') as DetailedCellError).value).toBe('#SPILL!');
    s.set('A3', null);
    s.set('A1', formula); // HyperFormula 3 re-spills only when the formula is entered again
    expect(s.range('A1', 'A4')).toEqual([[1200], [600], [240], [60]]);
  });

  test('SENSITIVITY spills one row per rate, two columns', () => {
    const s = sheet([[0.5, 0.4, 0.25], ['=ROI.SENSITIVITY(3000000, 50000, A1:C1, 5%)']]);
    const got = s.range('A2', 'B4');
    expect(got).toEqual(plain(callFunction('SENSITIVITY', [3000000, 50000, [[0.5, 0.4, 0.25]], 0.05])));
    expect(got.map((r) => r[0])).toEqual([1091, 1067, 1000]);
  });

  test('REQUIREDLEADS is elementwise over a row of monthly targets', () => {
    const targets = [100000, 250000, 0, 400000, 150000, 50000, 300000, 200000, 100000, 600000, 350000, 250000];
    const s = sheet([targets, ['=ROI.REQUIREDLEADS(A1:L1, 50000, {0.5,0.25})']]);
    const got = s.range('A2', 'L2')[0];
    expect(got).toEqual(targets.map((t) => callFunction('REQUIREDLEADS', [t, 50000, [[0.5, 0.25]]])));
    expect(got.slice(0, 3)).toEqual([16, 40, 0]);
  });

  test('an error in one element is that element only; the rest of the spill computes', () => {
    const s = sheet([[600000, 'lots', -5, 300000], ['=ROI.CAC(A1:D1, 30)']]);
    const [a, b, c, d] = s.range('A2', 'D2')[0];
    expect(a).toBe(20000);
    expectError(b, '#VALUE!', /acquisition_cost/);
    expectError(c, '#NUM!', /acquisition_cost/);
    expect(d).toBe(10000);
  });

  test('ranges of different shapes are #VALUE!', () => {
    expectError(evaluateFormula('=ROI.CAC({1,2,3}, {1,2})'), '#VALUE!', /shape/);
  });

  test('an error from a spilling function shows in its top-left cell only', () => {
    const s = sheet([['=ROI.FUNNEL(3000000, 0, {0.5,0.4,0.25})']]);
    expectError(s.value('A1'), '#DIV/0!', /average_deal_value/);
    expect(s.range('A2', 'A4')).toEqual([[null], [null], [null]]);
  });

  test('a spill recalculates when an input changes', () => {
    const s = sheet([[3000000], ['=ROI.FUNNEL(A1, 50000, {0.5,0.4,0.25})']]);
    s.set('A1', 1500000);
    expect(s.range('A2', 'A5')).toEqual([[600], [300], [120], [30]]);
  });

  test('results combine with Excel functions and arithmetic', () => {
    expect(evaluateFormula('=SUM(ROI.FUNNEL(3000000,50000,{0.5,0.4,0.25}))')).toBe(2100);
    expect(evaluateFormula('=INDEX(ROI.FUNNEL(3000000,50000,{0.5,0.4,0.25}),4,1)')).toBe(60);
    expect(evaluateFormula('=ROI.REQUIREDLEADS(ROI.REVENUEGAP(10000000, 20%, 10%), 50000, {0.5,0.4,0.25})')).toBe(1200);
    const s = sheet([['=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25})*2']]);
    expect(s.range('A1', 'A4')).toEqual([[2400], [1200], [480], [120]]);
    expect(evaluateFormula('=ROI.REQUIREDLEADS(SEQUENCE(1,3)*1000000, 50000, {0.5,0.25})')).toEqual([[160, 320, 480]]);
  });
});

describe('errors and messages', () => {
  test('an Excel error in an argument propagates unchanged: =ROI.CAC(1/0, 2) is #DIV/0!', () => {
    expectError(evaluateFormula('=ROI.CAC(1/0, 2)'), '#DIV/0!');
    const s = sheet([['=NA()', '=ROI.CAC(A1, 2)', '=ROI.CAC(2, 1/0)']]);
    expect((s.value('B1') as DetailedCellError).value).toBe('#N/A');
    expect((s.value('C1') as DetailedCellError).value).toBe('#DIV/0!');
  });

  test('text such as "25%" is #VALUE! with a message naming the argument', () => {
    const v = evaluateFormula('=ROI.LTV(1000, "80%", 2%)');
    expectError(v, '#VALUE!', /gross_margin/);
    expect((v as RoiError).message).toMatch(/80%/);
  });

  test('TRUE() is #VALUE! (never taken as 1)', () => {
    expectError(evaluateFormula('=ROI.CAC(TRUE(), 2)'), '#VALUE!', /acquisition_cost.*TRUE or FALSE/);
  });

  test("the core's message survives to hf.getCellValue()", () => {
    const s = sheet([['=ROI.REQUIREDLEADS(3000000, 50000, {50,40,25})']]);
    const v = s.value('A1') as DetailedCellError;
    const core = callFunction('REQUIREDLEADS', [3000000, 50000, [[50, 40, 25]]]) as RoiError;
    expect(v).toBeInstanceOf(DetailedCellError);
    expect(v.value).toBe('#NUM!');
    expect(v.message).toBe(core.message);
    expect(v.message).toMatch(/25% or 0.25/);
  });

  test("too few or too many arguments is the engine's own #N/A, naming the parameters", () => {
    expectError(evaluateFormula('=ROI.CAC(1)'), '#N/A', /acquisition_cost, new_customers/);
    expectError(evaluateFormula('=ROI.CAC(1, 2, 3)'), '#N/A', /takes 2 arguments/);
    expectError(evaluateFormula('=ROI.REQUIREDLEADS(1, 2)'), '#N/A', /\[confidence\]/);
  });
});

describe('optional and blank arguments', () => {
  test('omitted optionals take their defaults', () => {
    expect(evaluateFormula('=ROI.REVENUEGAP(2000000, 150%)')).toBe(callFunction('REVENUEGAP', [2000000, 1.5, 0]));
    expect(evaluateFormula('=ROI.REQUIREDOPPS(3000000, 50000, 25%)')).toBe(240);
    expect(evaluateFormula('=ROI.SENSITIVITY(3000000, 50000, {0.5,0.4,0.25})')).toEqual(
      plain(callFunction('SENSITIVITY', [3000000, 50000, [[0.5, 0.4, 0.25]], 0.01])),
    );
  });

  test('an optional skipped in the middle takes its default: REQUIREDOPPS(..., , 60%)', () => {
    expect(evaluateFormula('=ROI.REQUIREDOPPS(3000000, 50000, 25%, , 60%)')).toBe(144);
    expect(evaluateFormula('=ROI.REQUIREDOPPS(3000000, 50000, 25%, 1, 60%)')).toBe(144);
  });

  test('a trailing empty optional takes its default', () => {
    expect(evaluateFormula('=ROI.REVENUEGAP(2000000, 150%,)')).toBe(evaluateFormula('=ROI.REVENUEGAP(2000000, 150%)'));
    expect(evaluateFormula('=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25},)')).toEqual([[1200], [600], [240], [60]]);
  });

  test('a skipped required argument is #VALUE! naming it', () => {
    expectError(evaluateFormula('=ROI.CAC(, 2)'), '#VALUE!', /acquisition_cost is required/);
  });

  test('a blank cell is a missing required argument, or the default of an optional one', () => {
    const s = sheet([[null, 1000, 0.8, 0.02, '=ROI.CAC(A1, 2)', '=ROI.LTV(B1, C1, D1, A1)']]);
    expectError(s.value('E1'), '#VALUE!', /acquisition_cost/);
    expect(s.value('F1')).toBe(40000);
  });
});

describe('parity with the core', () => {
  /** A literal HyperFormula reads back as exactly the same value. */
  const num = fc.oneof(
    fc.integer({ min: -10, max: 5000000 }),
    fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
    fc.double({ min: 1e-4, max: 1e7, noNaN: true }).filter((x) => !String(x).includes('e')),
  );
  const scalar = fc.oneof(
    { weight: 8, arbitrary: num.map((n) => ({ text: String(n), value: n as ArgValue })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom({ text: '"x"', value: 'x' as ArgValue }, { text: 'TRUE()', value: true as ArgValue }),
    },
  );
  const rateList = fc
    .array(
      fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
      { minLength: 1, maxLength: 4 },
    )
    .map((rs) => ({ text: `{${rs.join(',')}}`, value: [rs] as ArgValue }));
  const names = fc.constantFrom('emails sent', 'NPS', 'page views', 'churn', 'vibes');

  test.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s through the engine equals callFunction', (_name, f) => {
    const argArb = f.params.map((p) => {
      if (p.mode === 'list' && p.kind === 'textList')
        return fc.constant({ text: '{"A","B","C","D"}', value: [['A', 'B', 'C', 'D']] as ArgValue });
      if (p.mode === 'list') return rateList;
      if (p.kind === 'text') return names.map((n) => ({ text: `"${n}"`, value: n as ArgValue }));
      return scalar;
    });
    const required = f.params.filter((p) => !p.optional).length;
    fc.assert(
      fc.property(fc.tuple(...argArb), fc.integer({ min: required, max: f.params.length }), (args, count) => {
        const used = args.slice(0, count);
        const formula = `=${f.name}(${used.map((a) => a.text).join(', ')})`;
        const expected: Result = callFunction(
          f.id,
          used.map((a) => a.value),
        );
        expect(plain(evaluateFormula(formula))).toEqual(plain(expected));
      }),
      { numRuns: 40 },
    );
  });
});

describe('converters for other engine users', () => {
  test('toCore: ranges become grids (empty cells null), rich numbers plain, HF errors RoiError', () => {
    const range = SimpleRangeValue.onlyValues([
      [1, EmptyValue, 'x'],
      [true, new CellError(ErrorType.NUM, 'too big'), ''],
    ]);
    expect(plain(toCore(range))).toEqual([
      [1, null, 'x'],
      [true, { code: '#NUM!', message: 'too big' }, ''],
    ]);
    expect(toCore(EmptyValue, true)).toBeUndefined();
    expect(toCore(EmptyValue, false)).toBeNull();
    expect(toCore({ val: 0.25, format: '0%' })).toBe(0.25);
    expect(plain(toCore(new CellError(ErrorType.DIV_BY_ZERO)))).toEqual({ code: '#DIV/0!', message: '' });
  });

  test('toEngineValue: RoiError becomes CellError with the same code and message; grids become ranges', () => {
    const e = toEngineValue(new RoiError('#VALUE!', 'why')) as CellError;
    expect(e).toBeInstanceOf(CellError);
    expect([e.type, e.message]).toEqual([ErrorType.VALUE, 'why']);
    const g = toEngineValue([
      [1, ''],
      [new RoiError('#N/A', 'unknown'), 'a'],
    ]) as SimpleRangeValue;
    expect(g).toBeInstanceOf(SimpleRangeValue);
    expect(g.data[0]).toEqual([1, '']);
    expect((g.data[1][0] as CellError).type).toBe(ErrorType.NA);
  });

  test('codes without a HyperFormula type keep their code in the message; HF-only codes round-trip', () => {
    const e = toCellError(new RoiError('#NULL!', 'no intersection'));
    expect(e.type).toBe(ErrorType.ERROR);
    expect(e.message).toBe('#NULL! no intersection');
    expect(errorTypeOfCode(codeOfErrorType(ErrorType.CYCLE))).toBe(ErrorType.CYCLE);
    for (const t of Object.values(ErrorType)) expect(errorTypeOfCode(codeOfErrorType(t))).toBe(t);
  });

  test('fromEngineValue reads hf.getCellValue output back into core values', () => {
    const s = sheet([[1, 'a', null, '=1/0', '=ROI.CAC(1, 0)']]);
    const row = s.range('A1', 'E1');
    expect(plain(fromEngineValue(row))).toEqual([
      [1, 'a', null, { code: '#DIV/0!', message: '' }, plain(callFunction('CAC', [1, 0]))],
    ]);
    expect(plain(fromEngineValue(s.value('E1')))).toEqual(plain(callFunction('CAC', [1, 0])));
  });
});

describe('evaluateFormula', () => {
  test('with or without "=", and surrounding spaces', () => {
    expect(evaluateFormula('ROI.CAC(600000, 30)')).toBe(20000);
    expect(evaluateFormula('  =ROI.CAC(600000, 30)  ')).toBe(20000);
  });

  test("Excel's own functions, booleans (bare TRUE too) and text", () => {
    expect(evaluateFormula('=SEQUENCE(2,2)')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(evaluateFormula('=ROUND(PI(), 2)')).toBe(3.14);
    expect(evaluateFormula('=1=1')).toBe(true);
    expect(evaluateFormula('=IF(TRUE, "yes", "no")')).toBe('yes');
    expectError(evaluateFormula('=ROI.CAC(TRUE, 1)'), '#VALUE!', /TRUE or FALSE/);
  });

  test('a formula the parser cannot read is #ERROR! with a short message, never a throw', () => {
    expectError(evaluateFormula('=ROI.CAC(1, 2'), '#ERROR!', "expected ')' but found the end of the formula");
    expectError(evaluateFormula('=1+'), '#ERROR!', /ends too early/);
    expectError(evaluateFormula('=ROI.CAC(1;2)'), '#ERROR!', /';'/);
    expect(() => evaluateFormula('=))((')).not.toThrow();
  });

  test('an unknown function is #NAME? naming it', () => {
    expectError(evaluateFormula('=ROI.NOPE(1)'), '#NAME?', /ROI.NOPE/);
  });

  test("HyperFormula's own errors get a message when they come without one", () => {
    expectError(evaluateFormula('=1/0'), '#DIV/0!', /Division by zero/);
  });

  test('the scratch sheet stays empty between formulas', () => {
    evaluateFormula('=ROI.CAC(1, 2');
    expect(evaluateFormula('=A1')).toBe('');
    expect(evaluateFormula('=COUNTA(A1:Z100)')).toBe(0);
  });
});

describe('spill areas that no longer fit', () => {
  test('a defined name that grows makes the spill an error that says what to do, never a crash; entering the formula again spills', () => {
    const rows: RawCellContent[][] = [
      [3000000, 50000],
      [0.5, 0.4, 0.25, 0.9],
      ['=ROI.FUNNEL(A1, B1, Rates)'],
      [],
      [],
      [],
      [],
      [],
      ['=ROI.FUNNEL(A1, B1, Rates)*1'],
    ];
    const s = sheet(rows, [{ name: 'Rates', expression: '=Sheet1!$A$2:$B$2' }]);
    expect(s.range('A3', 'A5')).toEqual([[300], [150], [60]]);
    expect(() => s.hf.changeNamedExpression('Rates', '=Sheet1!$A$2:$D$2')).not.toThrow();
    expectError(s.value('A3'), '#VALUE!', /enter the formula again/);
    expectError(s.value('A9'), '#VALUE!', /enter the formula again/);
    s.set('A3', '=ROI.FUNNEL(A1, B1, Rates)');
    expect(s.range('A3', 'A7')).toEqual(plain(callFunction('FUNNEL', [3000000, 50000, [[0.5, 0.4, 0.25, 0.9]]])));
  });

  test('a column inserted inside a rate range leaves a blank that the list skips', () => {
    const s = sheet([[3000000, 50000], [0.5, 0.4, 0.25], ['=ROI.FUNNEL(A1, B1, A2:C2)']]);
    s.hf.addColumns(0, [1, 1]);
    expect(s.range('A3', 'A6')).toEqual([[1200], [600], [240], [60]]);
  });
});
