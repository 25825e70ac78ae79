/**
 * The Review view's logic on the engine adapter: the inventory of ROI formulas grouped by
 * sheet (ledger and text that looks like a formula left out), the assumption checks equal
 * to `roi check`'s on the same workbook written to a file, and "Explain this cell" for
 * every documented example, the brief's derivation, errors with the core's reasons,
 * stuck #NAME?, defined names and nested calls.
 */
import { FUNCTIONS, callFunction, isRoiError } from '../../../src/core';
import { ArgEvaluator } from '../../../src/features/review/evaluate';
import { InputProblem } from '../../../src/features/reading/selection';
import { explainCell, explainSelection } from '../../../src/features/review/explain';
import { listRoiFormulas } from '../../../src/features/reading/inventory';
import { reviewWorkbook } from '../../../src/features/review/review';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';
import type { WriteBatch } from '../../../src/workbook/port';
import { writeBatchToXlsx } from '../../../src/workbook/xlsx-file';
import { checkPackage } from '../../../src/files/check';
import { XlsxPackage } from '../../../src/xlsx/package';

jest.setTimeout(30_000);

/** A workbook with ROI formulas that trip each of roi check's rules. */
const PLAN: WriteBatch = {
  addSheets: ['Plan', 'Notes'],
  names: [{ name: 'ROI_Rates', sheet: 'Plan', address: 'B3:D3' }],
  cells: [
    { sheet: 'Plan', address: 'A1', value: 'Target' },
    { sheet: 'Plan', address: 'B1', value: 3000000 },
    { sheet: 'Plan', address: 'A2', value: 'Deal' },
    { sheet: 'Plan', address: 'B2', value: 50000 },
    { sheet: 'Plan', address: 'A3', value: 'Rates' },
    { sheet: 'Plan', address: 'B3', value: 0.5 },
    { sheet: 'Plan', address: 'C3', value: 0.4 },
    { sheet: 'Plan', address: 'D3', value: 0.7 },
    { sheet: 'Plan', address: 'B4', formula: '=ROI.REQUIREDLEADS(B1,B2,ROI_Rates)' },
    { sheet: 'Plan', address: 'B5', formula: '=ROI.FUNNEL(B1,B2,{0.5,1,0.25})' },
    { sheet: 'Plan', address: 'B10', formula: '=ROI.LTV(1000,B11,0)' },
    { sheet: 'Plan', address: 'B11', value: 0.8 },
    { sheet: 'Plan', address: 'B12', formula: '=ROI.PAYBACK(20000,1000,B11)' },
    { sheet: 'Plan', address: 'B13', formula: '=ROI.REQUIREDOPPS(B1,B2,75%,12)' },
    { sheet: 'Plan', address: 'B14', formula: '=ROI.LEADQUALITY(100,20,B15)' },
    { sheet: 'Plan', address: 'B15', value: 90 },
    { sheet: 'Notes', address: 'A1', value: 'Just text' },
    { sheet: 'Notes', address: 'A2', formula: '=SUM(Plan!B1:B2)' },
    { sheet: 'Notes', address: 'A3', formula: '=ROUND(ROI.CAC(Plan!B1,30),0)' },
  ],
};

async function engineOf(batch: WriteBatch): Promise<EngineWorkbook> {
  const wb = createEngineWorkbook({ sheets: { Scratch: [] } });
  await wb.applyBatch(batch);
  return wb;
}

describe('inventory', () => {
  test('every ROI formula, grouped by sheet, with its value; plain formulas and text left out', async () => {
    const wb = await engineOf(PLAN);
    await wb.applyBatch({ cells: [{ sheet: 'Notes', address: 'B1', value: '=ROI.CAC(1,1)' }] }); // text that only looks like a formula
    const inv = await listRoiFormulas(wb);
    expect(inv.sheets.map((s) => [s.sheet, s.formulas.map((f) => f.address)])).toEqual([
      ['Plan', ['B4', 'B5', 'B10', 'B12', 'B13', 'B14']],
      ['Notes', ['A3']],
    ]);
    const b4 = inv.formulas[0];
    expect(b4).toMatchObject({
      sheet: 'Plan',
      address: 'B4',
      formula: '=ROI.REQUIREDLEADS(B1,B2,ROI_Rates)',
      stuck: false,
    });
    expect(b4.value).toBe(callFunction('REQUIREDLEADS', [3000000, 50000, [[0.5, 0.4, 0.7]]]));
    expect(inv.formulas.find((f) => f.address === 'A3')?.value).toBe(100000);
  });

  test('stuck and unknown calls are told apart', async () => {
    const wb = await engineOf({ addSheets: ['S'], cells: [{ sheet: 'S', address: 'A1', formula: '=ROI.NOSUCH(1)' }] });
    const inv = await listRoiFormulas(wb);
    expect(inv.formulas[0]).toMatchObject({ unknownFunctions: ['ROI.NOSUCH'], stuck: false });
  });
});

describe("the checks are roi check's", () => {
  test('the same flags as roi check on the same workbook as a file', async () => {
    const file = await writeBatchToXlsx(PLAN);
    const cli = checkPackage(XlsxPackage.open(file.bytes, 'plan.xlsx')).flags;
    const wb = await engineOf(PLAN);
    const pane = (await reviewWorkbook(wb)).flags;
    const key = (f: { cell: string; code: string; message: string }) => `${f.cell} ${f.code} ${f.message}`;
    expect(pane.map(key).sort()).toEqual(cli.map(key).sort());
    // And they are the interesting ones.
    const codes = new Set(pane.map((f) => `${f.address}:${f.code}`));
    for (const c of [
      'B4:high-close-rate',
      'B5:constant-rate',
      'B5:full-conversion',
      'B10:zero-churn',
      'B12:no-churn',
      'B13:high-close-rate',
      'B13:constant-rate',
    ])
      expect(codes).toContain(c);
    expect(pane.length).toBeGreaterThanOrEqual(7);
  });

  test('arguments the pane cannot evaluate give no value-based flag, and say why', async () => {
    const wb = await engineOf({
      addSheets: ['S'],
      cells: [
        { sheet: 'S', address: 'A1', value: 0.2 },
        { sheet: 'S', address: 'A2', formula: '=ROI.LTV(1000,0.8,A1*0)' },
      ],
    });
    const ev = new ArgEvaluator(wb);
    expect(await ev.evaluate('A1*0', 'S')).toEqual({ ok: false, reason: 'the pane does not evaluate A1*0' });
    const r = await reviewWorkbook(wb);
    expect(r.flags.map((f) => f.code)).toEqual(['constant-rate']);
  });
});

describe('argument evaluation', () => {
  test('constants, references, names, other sheets, nested ROI calls', async () => {
    const wb = await engineOf(PLAN);
    const ev = new ArgEvaluator(wb);
    const v = async (t: string) => {
      const r = await ev.evaluate(t, 'Plan');
      if (!r.ok) throw new Error(r.reason);
      return r.value;
    };
    expect(await v('25%')).toBe(0.25);
    expect(await v('-3')).toBe(-3);
    expect(await v('"x ""y"""')).toBe('x "y"');
    expect(await v('TRUE')).toBe(true);
    expect(await v('{0.5,0.4;1,2}')).toEqual([
      [0.5, 0.4],
      [1, 2],
    ]);
    expect(await v('$B$1')).toBe(3000000);
    expect(await v('B3:D3')).toEqual([[0.5, 0.4, 0.7]]);
    expect(await v("'Plan'!B2")).toBe(50000);
    expect(await v('ROI_Rates')).toEqual([[0.5, 0.4, 0.7]]);
    expect(await v('ROI.REQUIREDDEALS(B1,B2)')).toBe(60);
    expect(await v('(B2)')).toBe(50000);
    expect(await v('')).toBeUndefined();
    const e = await v('#N/A');
    expect(isRoiError(e) && e.code).toBe('#N/A');
    expect(await ev.evaluate('NoSuchName', 'Plan')).toEqual({
      ok: false,
      reason: 'there is no defined name NoSuchName',
    });
  });
});

describe('explain this cell', () => {
  /**
   * One workbook for every formula explained here (a hundred-odd, one per documented example):
   * each is typed into a new sheet S, the previous S deleted, so it sees its own cells only,
   * beside the same empty Scratch sheet as engineOf's.
   */
  let shared: EngineWorkbook | undefined;
  async function explainFormula(formula: string, extra: WriteBatch['cells'] = []) {
    const batch: WriteBatch = { addSheets: ['S'], cells: [...extra, { sheet: 'S', address: 'Z1', formula }] };
    if (!shared) shared = await engineOf(batch);
    else {
      await shared.deleteSheet('S');
      await shared.applyBatch(batch);
    }
    expect(await shared.listSheets()).toEqual(['Scratch', 'S']);
    return explainCell(shared, 'S', 'Z1');
  }

  test("the brief's derivation: 60 deals / 5% of leads become deals = 1,200 leads", async () => {
    const ex = await explainFormula('=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0.4,0.25})');
    expect(ex.headline).toBe('Z1 = 1,200.');
    expect(ex.calls[0].lines).toEqual([
      '3,000,000 / 50,000 per deal = 60 deals.',
      '60 deals / 5% of leads become deals (50% x 40% x 25%) = 1,200 leads (rounded up once).',
    ]);
  });

  test('with a confidence, why the plan needs more than the average', async () => {
    const ex = await explainFormula('=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0.4,0.25}, 90%)');
    expect(ex.calls[0].lines.join(' ')).toMatch(
      /On average 60 deals \/ 5% .* = 1,200 leads, but that reaches 60 deals only 51\.8% of the time\. To be 90% sure of at least 60 deals you need 1,397 leads/,
    );
  });

  test("every documented example explains itself, or gives the core's reason", async () => {
    for (const f of FUNCTIONS) {
      for (const ex of f.examples) {
        const e = await explainFormula(ex.formula);
        const text = [e.headline, ...e.calls.flatMap((c) => c.lines)].join(' ');
        expect(text).not.toMatch(/NaN|undefined|Infinity/);
        expect(e.unresolved).toEqual([]);
        if (typeof ex.result === 'string' && ex.result.startsWith('#')) {
          expect(e.calls[0].error?.code).toBe(ex.result);
          expect(e.headline).toContain(e.calls[0].error!.message);
          expect(e.calls[0].error!.message.length).toBeGreaterThan(10);
        } else {
          expect(e.calls[0].error).toBeUndefined();
          expect(e.calls[0].lines.length).toBeGreaterThan(0);
        }
      }
    }
  });

  test('golden sentences for quality, ROMI, CAC, LTV and payback', async () => {
    expect((await explainFormula('=ROI.LEADQUALITY(2300, 23)')).calls[0].lines).toEqual([
      '23 qualified opportunities / 2,300 leads = 1%.',
    ]);
    expect((await explainFormula('=ROI.ROMI(500000, 60%, 100000)')).calls[0].lines[0]).toBe(
      '(500,000 revenue x 60% margin - 100,000 cost) / 100,000 cost = 2 (200%): each 1 spent came back with 2 more in margin.',
    );
    expect((await explainFormula('=ROI.CAC(600000, 30)')).calls[0].lines).toEqual([
      '600,000 acquisition cost / 30 new customers = 20,000 per customer.',
    ]);
    expect((await explainFormula('=ROI.LTV(1000, 80%, 2%)')).calls[0].lines).toEqual([
      "1,000 a period x 80% margin = 800 of margin a period; / (2% churn) = 40,000 over a customer's life.",
    ]);
    expect((await explainFormula('=ROI.PAYBACK(20000, 1000, 80%)')).calls[0].lines[0]).toMatch(
      /= 25 periods to earn the acquisition cost back\.$/,
    );
  });

  test("#NUM! and #DIV/0!, which Excel does not explain, get the core's message", async () => {
    const ex = await explainFormula('=ROI.PAYBACK(50000, 1000, 80%, 2%)');
    expect(ex.headline).toBe(
      "Z1 shows #NUM! because ROI.PAYBACK: The customer's lifetime margin (40,000) never reaches cac (50,000).",
    );
    const d = await explainFormula('=ROI.CAC(A1, A2)', [
      { sheet: 'S', address: 'A1', value: 1000 },
      { sheet: 'S', address: 'A2', value: 0 },
    ]);
    expect(d.headline).toMatch(/shows #DIV\/0! because ROI\.CAC: new_customers is 0/);
  });

  test('an error handed on from an argument names that argument', async () => {
    const ex = await explainFormula('=ROI.CAC(A1, 3)', [
      { sheet: 'S', address: 'A1', formula: '=ROI.LTV(1000,80%,0)' },
    ]);
    expect(ex.headline).toMatch(
      /shows #NUM! because ROI\.CAC: its argument A1 holds #NUM! \(churn_rate and discount_rate are both 0.*\); .* fix A1 first\.$/,
    );
  });

  test('a stuck #NAME? says what happened and how to repair it', async () => {
    const wb = await engineOf({ addSheets: ['S'], cells: [{ sheet: 'S', address: 'A1', formula: '=ROI.CAC(100,4)' }] });
    // Excel's reading of a call typed while the add-in was not loaded.
    const read = wb.readRange.bind(wb);
    wb.readRange = async (s, a) => {
      const r = await read(s, a);
      if (a === 'A1') r.values = [[{ kind: 'roi-error', code: '#NAME?', message: '' } as never]];
      return r;
    };
    const ex = await explainCell(wb, 'S', 'A1');
    expect(ex.headline).toMatch(/typed while the Outcome ROI add-in was not loaded.*F2.*roi recalc/);
    expect(ex.calls[0].lines).toEqual(['100 acquisition cost / 4 new customers = 25 per customer.']);
  });

  test('inside a bigger formula, each ROI call; names and nested calls resolved', async () => {
    const wb = await engineOf(PLAN);
    const ex = await explainCell(wb, 'Notes', 'A3');
    expect(ex.headline).toBe('A3 = 100,000; the ROI calls in its formula:');
    expect(ex.calls.map((c) => c.text)).toEqual(['ROI.CAC(Plan!B1,30)']);
    const b4 = await explainCell(wb, 'Plan', 'B4');
    expect(b4.calls[0].lines[1]).toMatch(/60 deals \/ 14% of leads become deals \(50% x 40% x 70%\) = 429 leads/);
    const nested = await explainFormula('=ROI.REQUIREDLEADS(ROI.REVENUEGAP(10000000,20%,10%), 50000, {0.5,0.4,0.25})');
    expect(nested.calls[0].lines[1]).toMatch(/= 1,200 leads/);
  });

  test('not an ROI formula: a clear message', async () => {
    const wb = await engineOf(PLAN);
    await expect(explainCell(wb, 'Notes', 'A2')).rejects.toThrow(/calls no ROI function/);
    await expect(explainCell(wb, 'Notes', 'A1')).rejects.toThrow(InputProblem);
    await wb.select('Plan', 'B6');
    await expect(explainSelection(wb)).rejects.toThrow(/part of a spill, select the spill's first cell/);
    await wb.select('Plan', 'B4');
    expect((await explainSelection(wb)).address).toBe('B4');
  });
});
