/**
 * The four views' actions on the Excel adapter, over office-addin-mock: each action is one
 * applyBatch, in one Excel.run of at most two context.sync() calls, and writes exactly the
 * cells it creates (the scorecard beside the table, the labels beside the names, the ROI
 * cells and the ledger when freezing, the ROI cells when restoring) and nothing else.
 * Also the port methods these views added: spillRanges and evaluateName.
 *
 * The mock keeps a workbook (sheets of cells with formula, value, number format; names;
 * charts; spill areas) and hands out OfficeMockObject proxies: reads need load() and
 * sync(), writes apply at sync(), in the order queued.
 */
import { indexToCol as colName, splitAddress } from '../../src/base/a1';
import { isRoiError } from '../../src/core';
import { buildScorecard, matchHeaders, readSourceTable } from '../../src/features/lead-sources/scorecard';
import { explainCell } from '../../src/features/review/explain';
import { prepareForSharing, restoreFormulas } from '../../src/features/share/share';
import { readMetricNames, writeLabels } from '../../src/features/outcome/outcome';
import { reviewWorkbook } from '../../src/features/review/review';
import { MockExcel, mockPort, type MockCell } from '../helpers/mock-excel';
import { LEDGER_HEADER } from '../../src/formula/ledger-format';

function excelPort(x: MockExcel) {
  return mockPort(x).port;
}

const SOURCES: Record<string, MockCell> = {};
[
  ['Source', 'Leads', 'Qualified', 'Won', 'Revenue', 'Cost'],
  ['Trade show', 2300, 23, 5, 250000, 90000],
  ['Webinar', 200, 40, 8, 400000, 15000],
  ['Referral', 60, 20, 7, 350000, 5000],
].forEach((row, r) => row.forEach((v, c) => (SOURCES[`${colName(c)}${r + 1}`] = { value: v })));

describe('Excel: the lead-source scorecard', () => {
  test('one Excel.run writes it, in at most 2 syncs, only beside the table', async () => {
    const x = new MockExcel({ Sheet1: { ...SOURCES } });
    x.selection = { sheet: 'Sheet1', address: 'A1:F4' };
    const p = excelPort(x);
    const t = await readSourceTable(p);
    const r = await buildScorecard(p, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    expect(r).toMatchObject({ sheet: 'Sheet1', newSheet: false, address: 'G1:O4' });
    expect(x.writes()).toHaveLength(1);
    expect(x.writes()[0].syncs).toBeLessThanOrEqual(2);
    const s = x.sheet('Sheet1');
    // The table is as it was; every write is right of it (outputs G:O, inputs Q:R).
    for (const [a, c] of Object.entries(SOURCES)) expect(s.cells.get(a)).toEqual(c);
    const touched = new Set(x.writes()[0].written.map((w) => splitAddress(w).address.replace(/\d+/, '')));
    expect([...touched].sort()).toEqual(['G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'Q', 'R']);
    expect(s.cells.get('G2')?.formula).toBe('=ROI.LEADQUALITY($B$2:$B$4,$C$2:$C$4)');
    expect(s.cells.get('H2')?.formula).toBe('=ROI.LEADQUALITY($B$2:$B$4,$C$2:$C$4,$R$1)');
    expect(s.cells.get('H4')?.numberFormat).toBe('0.0%'); // the spill's cells formatted in the same write
    expect(s.cells.get('R1')).toMatchObject({ value: 0.9, numberFormat: '0%' });
    expect([...s.charts].map(([name, c]) => ({ name, type: c.type, source: c.source, xValues: c.xValues }))).toEqual([
      { name: 'Lead quality against volume G1:O4', type: 'XYScatter', source: 'H2:H4', xValues: 'B2:B4' },
    ]);
    expect(s.conditionalFormats.map((c) => c.address)).toEqual(['G2:G4', 'H2:H4']);
  });

  test('"Use selection" then "Add scorecard": 2 syncs each, and the result is selected in the write', async () => {
    const x = new MockExcel({ Sheet1: { ...SOURCES } });
    x.selection = { sheet: 'Sheet1', address: 'A1:F4' };
    const p = excelPort(x);
    const t = await readSourceTable(p);
    expect(x.runs.reduce((n, r) => n + r.syncs, 0)).toBeLessThanOrEqual(2);
    x.runs = [];
    const r = await buildScorecard(p, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    // No read of its own beside the table: the one run that writes is all of it.
    expect(x.runs).toHaveLength(1);
    expect(x.runs[0].syncs).toBeLessThanOrEqual(2);
    expect(x.selection).toEqual({ sheet: 'Sheet1', address: r.address });
  });

  test('a cell typed beside the table after "Use selection": the write checks first, and the scorecard goes to a new sheet', async () => {
    const x = new MockExcel({ Sheet1: { ...SOURCES } });
    x.selection = { sheet: 'Sheet1', address: 'A1:F4' };
    const p = excelPort(x);
    const t = await readSourceTable(p);
    x.sheet('Sheet1').cells.set('K3', { value: 'typed since' });
    x.runs = [];
    const r = await buildScorecard(p, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    expect(r).toMatchObject({ sheet: 'Lead scorecard', newSheet: true });
    expect(x.sheet('Sheet1').cells.get('K3')).toEqual({ value: 'typed since' });
    const written = x.writes().flatMap((w) => w.written);
    expect(written.some((w) => w.startsWith('Sheet1!'))).toBe(false);
    expect(x.selection).toEqual({ sheet: 'Lead scorecard', address: r.address });
  });

  test('text in a numeric column: nothing written at all', async () => {
    const x = new MockExcel({ Sheet1: { ...SOURCES, B3: { value: 'lots' } } });
    x.selection = { sheet: 'Sheet1', address: 'A1:F4' };
    const p = excelPort(x);
    const t = await readSourceTable(p);
    await expect(buildScorecard(p, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 })).rejects.toThrow(
      /Row 3 \(Webinar\): Leads holds the text "lots"/,
    );
    expect(x.writes()).toHaveLength(0);
  });
});

/** A workbook as Excel shows it after the ROI functions computed. */
function roiWorkbook() {
  const x = new MockExcel({
    Plan: {
      A1: { value: 'Target' },
      B1: { value: 3000000 },
      B2: { value: 50000 },
      B3: { value: 0.5 },
      C3: { value: 0.4 },
      D3: { value: 0.7 },
      B4: { formula: '=ROI.FUNNEL(B1,B2,B3:D3)', value: 429, numberFormat: '#,##0' },
      B5: { value: 215 },
      B6: { value: 86 },
      B7: { value: 60 },
      C4: { formula: '=ROI.PAYBACK(50000,1000,80%,2%)', value: '#NUM!' },
      C5: { formula: '=B1*2', value: 6000000 },
    },
    Other: { A1: { value: 'note' } },
  });
  x.sheet('Plan').spills.set('B4', 'B4:B7');
  x.sheet('Plan').spills.set('C4', 'C4');
  x.sheet('Plan').spills.set('C5', 'C5');
  return x;
}

describe('Excel: share', () => {
  test('prepare for sharing: one run of at most 2 syncs; the ROI cells and their spills become values; a very hidden ledger; nothing else', async () => {
    const x = roiWorkbook();
    const p = excelPort(x);
    const before = new Map(x.sheet('Plan').cells);
    const f = await prepareForSharing(p);
    expect(f.frozen.map((c) => c.range)).toEqual(['B4:B7', 'C4']);
    expect(x.writes()).toHaveLength(1);
    expect(x.writes()[0].syncs).toBeLessThanOrEqual(2);
    const plan = x.sheet('Plan');
    expect(plan.cells.get('B4')).toEqual({ value: 429, numberFormat: '#,##0' });
    expect(plan.cells.get('C4')).toEqual({ value: '#NUM!' });
    expect(plan.cells.get('C5')).toEqual(before.get('C5'));
    const written = x.writes()[0].written.filter((w) => !w.startsWith('ROI_Ledger!'));
    expect([...new Set(written)].sort()).toEqual(['Plan!B4', 'Plan!B5', 'Plan!B6', 'Plan!B7', 'Plan!C4']);
    const ledger = x.sheet('ROI_Ledger');
    expect(ledger.visibility).toBe('VeryHidden');
    expect(LEDGER_HEADER.map((_, i) => ledger.cells.get(`${colName(i)}1`)?.value)).toEqual(LEDGER_HEADER);
    expect(ledger.cells.get('C2')?.value).toBe('=ROI.FUNNEL(B1,B2,B3:D3)'); // text, not a live formula
    expect(ledger.cells.get('C2')?.formula).toBeUndefined();
    expect(ledger.cells.get('F2')?.value).toBe(
      '<c r="B4" cm="1"><f t="array" ref="B4:B7">_xldudf_ROI_FUNNEL(B1,B2,B3:D3)</f><v>429</v></c>',
    );
    expect(x.sheet('Other').cells.get('A1')).toEqual({ value: 'note' });
  });

  test('restore formulas: one run of at most 2 syncs; the formulas back, spill values cleared, the ledger deleted', async () => {
    const x = roiWorkbook();
    const p = excelPort(x);
    await prepareForSharing(p);
    x.runs = [];
    const t = await restoreFormulas(p);
    expect(t.warnings).toEqual([]);
    expect(x.writes()).toHaveLength(1);
    expect(x.writes()[0].syncs).toBeLessThanOrEqual(2);
    expect([...x.sheets.keys()]).toEqual(['Plan', 'Other']);
    const plan = x.sheet('Plan');
    expect(plan.cells.get('B4')).toEqual({ formula: '=ROI.FUNNEL(B1,B2,B3:D3)', numberFormat: '#,##0' });
    expect(plan.cells.get('B5')).toBeUndefined();
    expect(plan.cells.get('C4')?.formula).toBe('=ROI.PAYBACK(50000,1000,80%,2%)');
    expect([...new Set(x.writes()[0].written)].sort()).toEqual(['Plan!B4', 'Plan!B5', 'Plan!B6', 'Plan!B7', 'Plan!C4']);
  });
});

describe('Excel: review and explain', () => {
  test('the inventory and the checks read the workbook without writing; a cell explained with its error reason', async () => {
    const x = roiWorkbook();
    const p = excelPort(x);
    const r = await reviewWorkbook(p);
    expect(r.inventory.formulas.map((f) => f.address)).toEqual(['B4', 'C4']);
    expect(r.flags.map((f) => `${f.address}:${f.code}`)).toEqual([
      'B4:high-close-rate',
      'C4:constant-rate',
      'C4:constant-rate',
    ]);
    const ex = await explainCell(p, 'Plan', 'C4');
    expect(ex.headline).toBe(
      "C4 shows #NUM! because ROI.PAYBACK: The customer's lifetime margin (40,000) never reaches cac (50,000).",
    );
    expect(x.writes()).toHaveLength(0);
  });

  test('evaluateName reads a name the sheet or the workbook defines; spillRanges the areas of formulas', async () => {
    const x = roiWorkbook();
    x.workbookNames.set('ROI_Target', "'Plan'!B1");
    x.sheet('Plan').names.set('ROI_Rates', "'Plan'!B3:D3");
    const p = excelPort(x);
    expect(await p.evaluateName('ROI_Target', 'Plan')).toEqual([[3000000]]);
    expect(await p.evaluateName('ROI_Rates', 'Plan')).toEqual([[0.5, 0.4, 0.7]]);
    expect(await p.evaluateName('Nope', 'Plan')).toBeNull();
    expect(await p.spillRanges('Plan', ['B4', 'C4', 'A1'])).toEqual(['B4:B7', 'C4', null]);
    const v = (await p.evaluateName('ROI_Target', 'Plan'))![0][0];
    expect(isRoiError(v)).toBe(false);
  });
});

describe('Excel: outcome labels', () => {
  test('one run of at most 2 syncs writes the live formula and its header, beside the names only', async () => {
    const x = new MockExcel({
      Dash: { A1: { value: 'Metric' }, A2: { value: 'Emails sent' }, A3: { value: 'Revenue' }, A4: { value: 'Churn' } },
    });
    x.selection = { sheet: 'Dash', address: 'A1:A4' };
    const p = excelPort(x);
    const r = await readMetricNames(p);
    await writeLabels(p, r);
    expect(x.writes()).toHaveLength(1);
    expect(x.writes()[0].syncs).toBeLessThanOrEqual(2);
    expect(x.sheet('Dash').cells.get('B2')?.formula).toBe('=IF($A$2:$A$4="","",ROI.METRICKIND($A$2:$A$4))');
    expect(x.sheet('Dash').cells.get('B1')?.value).toBe('Kind');
    expect([...new Set(x.writes()[0].written)].sort()).toEqual(['Dash!B1', 'Dash!B2', 'Dash!B3', 'Dash!B4']);
  });
});
