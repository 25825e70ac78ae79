/**
 * Share on the engine adapter: "Prepare for sharing" freezes every ROI formula (spills
 * included) to its values in one batch and records them in the very hidden ROI_Ledger
 * sheet in roi freeze's format; "Restore formulas" puts them back in one batch and removes
 * the ledger; nothing else changes. And the two doors agree: roi thaw restores a workbook
 * frozen in the pane, the pane restores a workbook frozen with roi freeze.
 */
import type { RawCellContent } from 'hyperformula';
import { isRoiError, type CellValue } from '../../../src/core';
import { InputProblem } from '../../../src/features/reading/selection';
import { ledgerEntries, prepareForSharing, restoreFormulas, shareStatus } from '../../../src/features/share/share';
import { readSheet } from '../../../src/features/reading/inventory';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';
import type { CellWrite, WriteBatch } from '../../../src/workbook/port';
import { writeBatchToXlsx } from '../../../src/workbook/xlsx-file';
import { checkPackage } from '../../../src/files/check';
import { toEngineSpelling } from '../../../src/formula/formula';
import { LEDGER_HEADER, freezePackage, thawPackage } from '../../../src/files/ledger';
import { XlsxPackage } from '../../../src/xlsx/package';
import { cachedValue, key } from '../../../src/xlsx/sheet';
import { loadWorkbook } from '../../../src/xlsx/workbook';

jest.setTimeout(30_000);

const MODEL: WriteBatch = {
  addSheets: ['Plan', 'Other'],
  names: [{ name: 'ROI_Rates', sheet: 'Plan', address: 'B3:D3' }],
  cells: [
    { sheet: 'Plan', address: 'A1', value: 'Target' },
    { sheet: 'Plan', address: 'B1', value: 3000000, numberFormat: '$#,##0' },
    { sheet: 'Plan', address: 'A2', value: 'Deal' },
    { sheet: 'Plan', address: 'B2', value: 50000 },
    { sheet: 'Plan', address: 'B3', value: 0.5 },
    { sheet: 'Plan', address: 'C3', value: 0.4 },
    { sheet: 'Plan', address: 'D3', value: 0.25 },
    {
      sheet: 'Plan',
      address: 'B4',
      formula: '=ROI.REQUIREDLEADS(B1,B2,ROI_Rates)',
      numberFormat: '#,##0',
      style: { bold: true },
    },
    { sheet: 'Plan', address: 'B5', formula: '=ROI.FUNNEL(B1,B2,B3:D3)' },
    { sheet: 'Plan', address: 'C5', formula: '=B4*2' },
    { sheet: 'Plan', address: 'B10', formula: '=ROI.LEADQUALITY(10,12)' },
    { sheet: 'Plan', address: 'B11', formula: '=ROI.METRICKIND("CAC")' },
    { sheet: 'Other', address: 'A1', formula: '=ROI.CAC(Plan!B1,30)' },
    { sheet: 'Other', address: 'A2', value: 'a note' },
  ],
};

async function engineOf(batch: WriteBatch = MODEL): Promise<EngineWorkbook> {
  const wb = createEngineWorkbook({ sheets: { Scratch: [] } });
  await wb.applyBatch(batch);
  return wb;
}

function spy(wb: EngineWorkbook): WriteBatch[] {
  const batches: WriteBatch[] = [];
  const apply = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b) => {
    batches.push(b);
    return apply(b);
  };
  return batches;
}

async function contents(wb: EngineWorkbook, sheet: string, range: string) {
  const r = await wb.readRange(sheet, range);
  return { values: r.values.map((row) => row.map((v) => (isRoiError(v) ? v.code : v))), formulas: r.formulas };
}

describe('prepare for sharing, then restore', () => {
  test('one batch each; values frozen, spills kept as values, formats and other cells untouched; restored exactly', async () => {
    const wb = await engineOf();
    const batches = spy(wb);
    const before = { plan: await contents(wb, 'Plan', 'A1:D11'), other: await contents(wb, 'Other', 'A1:B2') };
    const fmt = wb.getNumberFormat('Plan', 'B4');
    const style = wb.getStyle('Plan', 'B4');

    expect(await shareStatus(wb)).toEqual({ live: 5, ledger: undefined, frozen: 0 });
    const f = await prepareForSharing(wb);
    expect(batches).toHaveLength(1);
    expect(f.ledger).toBe('ROI_Ledger');
    expect(f.frozen.map((x) => `${x.sheet}!${x.range}`)).toEqual([
      'Plan!B4',
      'Plan!B5:B8',
      'Plan!B10',
      'Plan!B11',
      'Other!A1',
    ]);

    const frozen = await contents(wb, 'Plan', 'A1:D11');
    expect(frozen.values).toEqual(before.plan.values);
    expect(frozen.formulas[3][1]).toBe('1200');
    expect(frozen.formulas[4][2]).toBe('=B4*2'); // a plain formula is no ROI formula: left alone
    expect(frozen.formulas.flat().filter((x) => x.includes('ROI.'))).toEqual([]);
    expect(wb.getNumberFormat('Plan', 'B4')).toBe(fmt);
    expect(wb.getStyle('Plan', 'B4')).toEqual(style);
    expect(await contents(wb, 'Other', 'A2:B2')).toEqual({ values: [['a note', null]], formulas: [['a note', '']] });
    expect(wb.isHidden('ROI_Ledger')).toBe(true);
    expect(await shareStatus(wb)).toEqual({ live: 0, ledger: 'ROI_Ledger', frozen: 5 });

    // roi freeze's ledger format, row for row.
    const ledger = await contents(wb, 'ROI_Ledger', 'A1:F3');
    expect(ledger.values[0]).toEqual(LEDGER_HEADER);
    expect(ledger.values[1]).toEqual([
      'Plan',
      'B4',
      '=ROI.REQUIREDLEADS(B1,B2,ROI_Rates)',
      'B4',
      '1200',
      '<c r="B4" cm="1"><f t="array" ref="B4">_xldudf_ROI_REQUIREDLEADS(B1,B2,ROI_Rates)</f><v>1200</v></c>',
    ]);
    expect(ledger.values[2].slice(0, 5)).toEqual(['Plan', 'B5', '=ROI.FUNNEL(B1,B2,B3:D3)', 'B5:B8', '1200']);

    // A second freeze has nothing left to do.
    await expect(prepareForSharing(wb)).rejects.toThrow(/already prepared for sharing/);
    expect(batches).toHaveLength(1);

    const t = await restoreFormulas(wb);
    expect(batches).toHaveLength(2);
    expect(t.warnings).toEqual([]);
    expect(t.restored).toHaveLength(5);
    expect(await contents(wb, 'Plan', 'A1:D11')).toEqual(before.plan);
    expect(await contents(wb, 'Other', 'A1:B2')).toEqual(before.other);
    expect(await wb.listSheets()).toEqual(['Scratch', 'Plan', 'Other']);
    expect(wb.getNumberFormat('Plan', 'B4')).toBe(fmt);
    await expect(restoreFormulas(wb)).rejects.toThrow(InputProblem);
  });

  test('restore keeps what changed since, and says so', async () => {
    const wb = await engineOf();
    await prepareForSharing(wb);
    wb.setCellFromUser('Plan', 'B10', '7'); // a frozen value edited
    wb.setCellFromUser('Other', 'A1', '=1+1'); // a formula typed over a frozen cell
    const t = await restoreFormulas(wb);
    expect(t.warnings).toEqual([
      'Plan!B10: the frozen value #NUM! was changed to 7 after freezing; the formula is restored anyway.',
      'Other!A1: the cell holds a formula again (=1+1); left as it is.',
    ]);
    expect((await wb.readRange('Other', 'A1')).formulas[0][0]).toBe('=1+1');
    expect((await wb.readRange('Plan', 'B10')).formulas[0][0]).toBe('=ROI.LEADQUALITY(10,12)');
  });

  test('a new ROI formula after freezing joins the same ledger', async () => {
    const wb = await engineOf();
    await prepareForSharing(wb);
    await wb.applyBatch({ cells: [{ sheet: 'Other', address: 'C1', formula: '=ROI.CAC(100,4)' }] });
    const f = await prepareForSharing(wb);
    expect(f).toMatchObject({ ledger: 'ROI_Ledger', recorded: 6 });
    expect(await wb.listSheets()).toEqual(['Scratch', 'Plan', 'Other', 'ROI_Ledger']);
    const t = await restoreFormulas(wb);
    expect(t.restored).toHaveLength(6);
    expect(wb.getValue('Other', 'C1')).toBe(25);
  });

  test('a workbook without ROI formulas: a message, no batch', async () => {
    const wb = createEngineWorkbook({ sheets: { S: [[1, 2]] } });
    const batches = spy(wb);
    await expect(prepareForSharing(wb)).rejects.toThrow(/no ROI formulas/);
    expect(batches).toHaveLength(0);
  });
});

/* ---------- the two doors ---------- */

/** The engine's workbook as a batch of new sheets (values, formulas, hidden sheets) for writeBatchToXlsx. */
async function asBatch(wb: EngineWorkbook, skip = ['Scratch']): Promise<WriteBatch> {
  const sheets = (await wb.listSheets()).filter((s) => !skip.includes(s));
  const cells: CellWrite[] = [];
  for (const sheet of sheets) {
    const snap = wb.getSheetSnapshot(sheet);
    for (const c of snap.cells) {
      if (c.formula) cells.push({ sheet, address: c.address, formula: c.formula });
      else if (c.spillAnchor && c.spillAnchor !== c.address) continue;
      else if (c.value !== null && c.value !== undefined && c.value !== '')
        cells.push({
          sheet,
          address: c.address,
          value: isRoiError(c.value) ? c.value.code : (c.value as string | number | boolean),
        });
    }
  }
  return { addSheets: sheets, cells, names: wb.getNames(), hideSheets: sheets.filter((s) => wb.isHidden(s)) };
}

/** An .xlsx package read into the engine: formulas in the engine's spelling, text kept as text. */
function engineFromPackage(pkg: XlsxPackage): EngineWorkbook {
  const wb = loadWorkbook(pkg);
  const sheets: Record<string, RawCellContent[][]> = {};
  for (const s of wb.sheets) {
    const grid: RawCellContent[][] = [];
    for (const cell of s.cells.values()) {
      const row = (grid[cell.row - 1] ??= []);
      const f = wb.formulas.find((x) => x.sheet === s && x.ref === cell.ref);
      const v = cachedValue(cell, wb.shared);
      row[cell.col - 1] = f
        ? `=${toEngineSpelling(f.formula)}`
        : typeof v === 'string'
          ? `'${v}`
          : v !== null && typeof v === 'object'
            ? null
            : v;
    }
    sheets[s.info.name] = Array.from(grid, (r) => Array.from(r ?? [], (x) => x ?? null));
  }
  const engine = createEngineWorkbook({ sheets });
  for (const n of wb.names) engine.hf.addNamedExpression(n.name, `=${n.text}`);
  return engine;
}

describe("the pane and roi freeze / roi thaw read each other's ledger", () => {
  test('frozen in the pane, thawed by roi thaw: the ROI formulas are back, resolved, with agreeing cached values', async () => {
    const wb = await engineOf();
    await prepareForSharing(wb);
    const file = await writeBatchToXlsx(await asBatch(wb));
    const pkg = XlsxPackage.open(file.bytes, 'frozen-in-pane.xlsx');
    const report = thawPackage(pkg);
    expect(report.warnings).toEqual([]);
    expect(report.restored.map((r) => r.cell)).toEqual(['Plan!B4', 'Plan!B5', 'Plan!B10', 'Plan!B11', 'Other!A1']);
    const after = XlsxPackage.open(pkg.toBytes(), 'thawed.xlsx');
    expect(after.sheets().map((s) => s.name)).toEqual(['Plan', 'Other']);
    const check = checkPackage(after);
    expect(check.formulas.map((f) => [f.cell, f.formula, f.status])).toEqual([
      ['Plan!B4', '=_xldudf_ROI_REQUIREDLEADS(B1,B2,ROI_Rates)', 'ok'],
      ['Plan!B5', '=_xldudf_ROI_FUNNEL(B1,B2,B3:D3)', 'ok'],
      ['Plan!B10', '=_xldudf_ROI_LEADQUALITY(10,12)', 'ok'],
      ['Plan!B11', '=_xldudf_ROI_METRICKIND("CAC")', 'ok'],
      ['Other!A1', '=_xldudf_ROI_CAC(Plan!B1,30)', 'ok'],
    ]);
    expect(check.disagreements).toBe(0);
  });

  test('frozen by roi freeze, restored in the pane: the same values, live again', async () => {
    const original = await engineOf();
    const file = await writeBatchToXlsx(MODEL);
    const pkg = XlsxPackage.open(file.bytes, 'model.xlsx');
    const frozen = freezePackage(pkg);
    expect(frozen.frozen).toHaveLength(5);
    const wb = engineFromPackage(XlsxPackage.open(pkg.toBytes(), 'frozen.xlsx'));
    const ledgerRead = await readSheet(wb, 'ROI_Ledger');
    expect(ledgerEntries(ledgerRead).map((e) => `${e.sheet}!${e.ref}`)).toEqual([
      'Plan!B4',
      'Plan!B5',
      'Plan!B10',
      'Plan!B11',
      'Other!A1',
    ]);
    expect((await wb.readRange('Plan', 'B4')).formulas[0][0]).toBe('1200');

    const t = await restoreFormulas(wb);
    expect(t.restored.map((r) => r.formula)).toEqual([
      '=ROI.REQUIREDLEADS(B1,B2,ROI_Rates)',
      '=ROI.FUNNEL(B1,B2,B3:D3)',
      '=ROI.LEADQUALITY(10,12)',
      '=ROI.METRICKIND("CAC")',
      '=ROI.CAC(Plan!B1,30)',
    ]);
    expect(await wb.listSheets()).toEqual(['Plan', 'Other']);
    const values = async (w: EngineWorkbook) =>
      (await contents(w, 'Plan', 'B4:B11')).values.concat((await contents(w, 'Other', 'A1')).values);
    expect(await values(wb)).toEqual(await values(original));
    expect((await wb.readRange('Plan', 'B5')).formulas[0][0]).toBe('=ROI.FUNNEL(B1,B2,B3:D3)');
  });

  test('roi thaw keeps the style of a cell whose ledger row the pane wrote', async () => {
    const wb = await engineOf();
    await prepareForSharing(wb);
    const batch = await asBatch(wb);
    for (const c of batch.cells) if (c.sheet === 'Plan' && c.address === 'B4') c.style = { bold: true };
    const file = await writeBatchToXlsx(batch);
    const pkg = XlsxPackage.open(file.bytes);
    const s = loadWorkbook(pkg).sheets.find((x) => x.info.name === 'Plan')!;
    const styleBefore = s.cells.get(key(4, 2))?.attrs.s;
    expect(styleBefore).toBeDefined();
    thawPackage(pkg);
    const after = loadWorkbook(XlsxPackage.open(pkg.toBytes())).sheets.find((x) => x.info.name === 'Plan')!;
    expect(after.cells.get(key(4, 2))?.attrs.s).toBe(styleBefore);
    expect(after.cells.get(key(4, 2))?.f?.text).toBe('_xldudf_ROI_REQUIREDLEADS(B1,B2,ROI_Rates)');
  });
});

test('values of the ledger are what roi freeze writes for each kind of value', async () => {
  const wb = await engineOf();
  const f = await prepareForSharing(wb);
  const byCell = Object.fromEntries(f.frozen.map((x) => [`${x.sheet}!${x.address}`, x.value]));
  expect(byCell).toEqual({
    'Plan!B4': '1200',
    'Plan!B5': '1200',
    'Plan!B10': '#NUM!',
    'Plan!B11': '"outcome"',
    'Other!A1': '100000',
  });
  const v: CellValue = wb.getValue('Plan', 'B11');
  expect(v).toBe('outcome');
});
