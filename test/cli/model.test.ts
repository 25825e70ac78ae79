/**
 * `roi model --out`: the plan written into a new .xlsx file. Read back by unzipping and
 * with ExcelJS: ROI calls in the _xldudf_ spelling as dynamic arrays (t="array", cm="1",
 * xl/metadata.xml), cached values equal to the preview, defined names, charts; and the
 * independent `roi check` finds every cached value equal to its recomputation.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { run as check } from '../../src/cli/check';
import { RoiError, callFunction } from '../../src/core';
import { run } from '../../src/cli/model';
import { main } from '../../src/cli/roi';
import {
  MODEL_FIELDS,
  defaultInputs,
  evaluatePlan,
  planModel,
  previewModel,
  referenceInputs,
  type ModelPlan,
} from '../../src/features/model';

/** A cell's value as the preview computes it (for the cells the preview's structure does not name). */
function previewValue(plan: ModelPlan, key: string) {
  return evaluatePlan(plan)(plan.cells[key]);
}

jest.setTimeout(60_000);

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (d) => out.push(String(d)));
  stderr.on('data', (d) => err.push(String(d)));
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => out.join(''), err: () => err.join('') };
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'roi-model-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('roi model --out', () => {
  let file: string;
  let parts: Record<string, Uint8Array>;
  beforeAll(async () => {
    file = path.join(dir, 'reference.xlsx');
    const inputsFile = path.join(dir, 'reference.json');
    await fs.writeFile(inputsFile, JSON.stringify(referenceInputs()));
    const t = io();
    const code = await main(['model', '--out', file, '--inputs', inputsFile], t.io);
    expect(t.err()).toBe('');
    expect(code).toBe(0);
    expect(t.out()).toContain(previewModel(referenceInputs()).sentence as string);
    parts = unzipSync(new Uint8Array(await fs.readFile(file)));
  });

  it('stores every ROI call resolved, as a dynamic array with its spill ref', () => {
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
    const plan = planModel(referenceInputs(), 'ROI Model');
    const cell = (a: string) => new RegExp(`<c r="${a}"[^>]*>.*?</c>`).exec(sheet)?.[0] ?? '';
    expect(cell(plan.cells.leads)).toMatch(
      / cm="1"><f t="array" ref="B45">_xldudf_ROI_REQUIREDLEADS\(ROI_NewRevenue,ROI_DealValue,ROI_LeadRates\)<\/f><v>1200<\/v>/,
    );
    expect(cell(plan.cells.funnel)).toMatch(/ cm="1"><f t="array" ref="A62:B65">_xldudf_ROI_FUNNEL\(/);
    expect(cell(plan.cells.sensitivity)).toMatch(/ cm="1"><f t="array" ref="C77:D79">_xldudf_ROI_SENSITIVITY\(/);
    expect(sheet).not.toMatch(/ROI\.[A-Z]+\(/);
    // A plain formula stays plain.
    expect(cell(plan.cells.leadsPerMonth)).toMatch(
      /^<c r="B46"[^>]*><f>ROUNDUP\(ROI_Leads\/12,0\)<\/f><v>100<\/v><\/c>$/,
    );
    expect(strFromU8(parts['xl/metadata.xml'])).toContain('<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>');
    expect(strFromU8(parts['[Content_Types].xml'])).toContain(
      '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/>',
    );
    expect(strFromU8(parts['xl/_rels/workbook.xml.rels'])).toMatch(
      /relationships\/sheetMetadata" Target="metadata.xml"/,
    );
  });

  it('carries the defined names, sheet-scoped, and four charts', () => {
    const wb = strFromU8(parts['xl/workbook.xml']);
    expect(wb).toMatch(
      /<definedName name="ROI_CurrentRevenue" localSheetId="0"[^>]*>'ROI Model'!\$B\$6<\/definedName>/,
    );
    expect(wb).toMatch(
      /<definedName name="ROI_Rates" localSheetId="0"[^>]*>'ROI Model'!\$B\$24:\$B\$33<\/definedName>/,
    );
    expect(wb).toMatch(/<definedName name="ROI_CloseRate" localSheetId="0"[^>]*>'ROI Model'!\$B\$35<\/definedName>/);
    const chart1 = strFromU8(parts['xl/charts/chart1.xml']);
    expect(chart1).toContain("<c:f>'ROI Model'!$B$62:$B$65</c:f>");
    expect(chart1).toContain('<c:pt idx="0"><c:v>1200</c:v></c:pt>');
    expect(strFromU8(parts['xl/charts/chart2.xml'])).toContain("<c:f>'ROI Model'!$B$77:$B$79</c:f>");
    expect(strFromU8(parts['xl/worksheets/sheet1.xml'])).toMatch(/<drawing r:id="rId\d+"\/><\/worksheet>$/);
    // Leads and deals needed by month, then plan, actual and forecast deals: columns by month.
    const chart3 = strFromU8(parts['xl/charts/chart3.xml']);
    expect(chart3).toContain('Leads and deals needed by month');
    expect(chart3).toContain('<c:v>Before the year</c:v>');
    expect(chart3).toContain('<c:tx><c:v>Leads</c:v></c:tx>');
    expect(chart3).toContain('<c:tx><c:v>Deals</c:v></c:tx>');
    expect(strFromU8(parts['xl/charts/chart4.xml'])).toContain('Deals by month: plan, actual and forecast');
  });

  it('reads back with ExcelJS: formulas, cached values equal to the preview, formats', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('ROI Model')!;
    const plan = planModel(referenceInputs(), 'ROI Model');
    const p = previewModel(referenceInputs());
    const result = (a: string) => (ws.getCell(a).value as { result?: unknown }).result;
    for (const key of [
      'revenueGap',
      'deals',
      'opportunities',
      'marketingOpportunitiesPerMonth',
      'leads',
      'leadsAtConfidence',
      'hitProbability',
      'cac',
      'ltv',
      'ltvToCac',
      'paybackMonths',
      'romi',
      'customerProfit',
      'sentence',
      'sensitivitySentence',
    ] as const) {
      expect({ key, v: result(plan.cells[key]) }).toEqual({ key, v: p[key] });
    }
    expect((ws.getCell(plan.cells.deals).value as { formula: string }).formula).toBe(
      '_xldudf_ROI_REQUIREDDEALS(ROI_NewRevenue,ROI_DealValue)',
    );
    // The funnel's spilled cells carry cached values, as Excel saves a spill.
    expect(['A63', 'B63', 'A65', 'B65'].map((a) => ws.getCell(a).value)).toEqual(['SALs', 600, 'Won deals', 60]);
    expect(ws.getCell('A66').value).toBeNull();
    // The month-by-month plan too: FUNNELPLAN's anchor and spill, the per-month rows and the sentence, cached.
    expect((ws.getCell(plan.cells.monthPlan).value as { formula: string }).formula).toBe(
      '_xldudf_ROI_FUNNELPLAN(ROI_MonthTargets,ROI_DealValue,ROI_Rates,ROI_Lags,ROI_GrowthRate,ROI_StageNames)',
    );
    const months = p.months;
    const rows = months.rows as Array<{ name: string; before: unknown; months: unknown[] }>;
    const anchor = ws.getCell(plan.cells.monthPlan);
    const at = (r: number, c: number) => ws.getCell(Number(anchor.row) + r, Number(anchor.col) + c).value;
    rows.forEach((row, r) => {
      expect(r === 0 ? result(plan.cells.monthPlan) : at(r, 0)).toBe(row.name);
      expect([at(r, 1), ...row.months.map((_, m) => at(r, 2 + m))]).toEqual([row.before, ...row.months]);
    });
    for (let m = 0; m < 12; m++) expect(result(plan.cells[`months.leads.${m}`])).toBe(months.leads.months[m]);
    expect(result(plan.cells.monthSentence)).toBe(months.sentence);
    expect(result(plan.cells['pace.yearNeeded'])).toBe(previewValue(plan, 'pace.yearNeeded'));
    expect(previewValue(plan, 'pace.yearNeeded')).toBe(60);
    for (const s of p.scenarios) expect(result(plan.cells[`scenario.${s.name}.leads`])).toBe(s.leads);
    expect(ws.getCell(plan.cells['input.currentRevenue']).value).toBe(10_000_000);
    expect(ws.getCell(plan.cells['input.currentRevenue']).numFmt).toBe('$#,##0');
    expect(ws.getColumn('A').width).toBe(40);
  });

  it('passes `roi check`: every cached value equals its recomputation', async () => {
    const t = io();
    const code = await check([file], t.io);
    expect(t.err()).toBe('');
    expect(code).toBe(0);
    expect(t.out()).toMatch(/_xldudf_ROI_FUNNEL/);
  });
});

describe('roi model: inputs and refusals', () => {
  it('merges a partial inputs file over the defaults', async () => {
    const file = path.join(dir, 'partial.xlsx');
    const inputsFile = path.join(dir, 'partial.json');
    await fs.writeFile(inputsFile, JSON.stringify({ averageDealValue: 100000, scenarios: { share: 0.2 } }));
    const t = io();
    expect(await run(['--out', file, '--inputs', inputsFile, '--json'], t.io)).toBe(0);
    const summary = JSON.parse(t.out());
    const expected = previewModel({
      ...defaultInputs(),
      averageDealValue: 100000,
      scenarios: { ...defaultInputs().scenarios, share: 0.2 },
    });
    expect(summary).toMatchObject({ deals: expected.deals, leads: expected.leads, sentence: expected.sentence });
    expect(summary.deals).toBe(30);
  });

  it('reports bad inputs with the core messages and writes nothing', async () => {
    const file = path.join(dir, 'bad.xlsx');
    const inputsFile = path.join(dir, 'bad.json');
    await fs.writeFile(
      inputsFile,
      JSON.stringify({
        growthRate: 20,
        stages: [
          { name: 'Leads', rate: 50 },
          { name: 'Won', rate: 0.25 },
        ],
      }),
    );
    const t = io();
    expect(await run(['--out', file, '--inputs', inputsFile], t.io)).toBe(1);
    const coreMessage = (callFunction('REQUIREDLEADS', [1, 1, 50]) as RoiError).message;
    expect(t.err()).toContain(`stages.0.rate: ${coreMessage}`);
    await expect(fs.stat(file)).rejects.toThrow();
    const u = io();
    await fs.writeFile(inputsFile, JSON.stringify({ growth: 0.2 }));
    expect(await run(['--out', file, '--inputs', inputsFile], u.io)).toBe(1);
    expect(u.err()).toMatch(/"growth" is not a model input/);
  });

  it('takes every input of the field table, the expansion revenue share among them, and lists them in --help', async () => {
    const file = path.join(dir, 'expansion.xlsx');
    const inputsFile = path.join(dir, 'expansion.json');
    await fs.writeFile(inputsFile, JSON.stringify({ ...referenceInputs(), expansionShare: 0.2 }));
    const t = io();
    expect(await run(['--out', file, '--inputs', inputsFile, '--json'], t.io)).toBe(0);
    const summary = JSON.parse(t.out());
    expect(summary).toMatchObject({ deals: 48, leads: 960 });
    expect(summary.newRevenue).toBeCloseTo(2_400_000, 6);
    expect(summary.sentence).toContain('($600K of it from existing customers)');
    const h = io();
    expect(await run(['--help'], h.io)).toBe(0);
    for (const f of MODEL_FIELDS.filter((x) => !x.key.includes('.')))
      expect(h.out()).toMatch(
        new RegExp(`\\n  ${f.key} +${f.kind} +${f.default} +${f.label.replace(/[()]/g, '\\$&')}\\n`),
      );
  });

  it('refuses a stage name of a million characters and more stages than the sheet has room for, with the reason', async () => {
    const file = path.join(dir, 'huge.xlsx');
    const inputsFile = path.join(dir, 'huge.json');
    const stages = Array.from({ length: 5000 }, (_, i) => ({
      name: i === 0 ? 'x'.repeat(1_000_000) : `Stage ${i}`,
      rate: 0.5,
    }));
    await fs.writeFile(inputsFile, JSON.stringify({ stages }));
    const t = io();
    const started = Date.now();
    expect(await run(['--out', file, '--inputs', inputsFile], t.io)).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(t.err()).toContain('stages: The model has room for 10 funnel stages, not 5000: merge some stages.');
    expect(t.err()).toContain(
      'stages.0.name: Keep the name of this stage to 255 characters or fewer (it has 1,000,000).',
    );
    expect(t.err().length).toBeLessThan(5000);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('does not replace an existing file without --force, and checks its options', async () => {
    const file = path.join(dir, 'exists.xlsx');
    await fs.writeFile(file, 'keep me');
    const t = io();
    expect(await run(['--out', file], t.io)).toBe(1);
    expect(await fs.readFile(file, 'utf8')).toBe('keep me');
    expect(await run(['--out', file, '--force'], io().io)).toBe(0);
    expect((await fs.readFile(file)).subarray(0, 2).toString()).toBe('PK');
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const u = io();
    expect(await run([], u.io)).toBe(2);
    expect(u.err()).toMatch(/--out FILE is required/);
    expect(await run(['--out', 'x.csv'], io().io)).toBe(2);
    expect(await run(['--out', file, '--bogus'], io().io)).toBe(2);
  });
});
