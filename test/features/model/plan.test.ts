/**
 * The model plan, cell by cell, for the reference input of the spec (10,000,000 revenue,
 * 20% growth + 10% churn, 50,000 deals, rates {0.5, 0.4, 0.25}: 60 deals, 240 SQOs,
 * 600 SALs, 1,200 leads), and the plan evaluated by the headless engine.
 */
import { RoiError, callFunction, isRoiError } from '../../../src/core';
import {
  defaultInputs,
  planModel,
  previewModel,
  referenceInputs,
  type ModelInputs,
  type ModelPlan,
} from '../../../src/features/model';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';
import type { CellWrite } from '../../../src/workbook/port';

const SHEET = 'ROI Model';

function cellAt(plan: ModelPlan, address: string): CellWrite {
  const all = plan.batch.cells.filter(
    (c) => c.address === address && (c.value !== undefined || c.formula !== undefined),
  );
  expect(all).toHaveLength(1);
  return all[0];
}

async function evaluated(inputs: ModelInputs): Promise<{ wb: EngineWorkbook; plan: ModelPlan }> {
  const wb = createEngineWorkbook();
  const plan = planModel(inputs, SHEET);
  await wb.applyBatch(plan.batch);
  return { wb, plan };
}

describe('planModel: the reference input, cell by cell', () => {
  const plan = planModel(referenceInputs(), SHEET);

  it('puts the inputs in named, formatted cells', () => {
    const expected: Array<[string, number, string, string]> = [
      ['B6', 10_000_000, '$#,##0', 'ROI_CurrentRevenue'],
      ['B7', 0.2, '0.0%', 'ROI_GrowthRate'],
      ['B8', 0.1, '0.0%', 'ROI_ChurnRate'],
      ['B9', 50_000, '$#,##0', 'ROI_DealValue'],
      ['B10', 3, '0.0', 'ROI_SalesCycle'],
      ['B11', 0.8, '0.0%', 'ROI_GrossMargin'],
      ['B12', 1_000_000, '$#,##0', 'ROI_MarketingBudget'],
      ['B13', 5_000, '$#,##0', 'ROI_CostToServe'],
      ['B14', 0.6, '0.0%', 'ROI_MarketingShare'],
      ['B15', 100, '#,##0', 'ROI_PlannedLeads'],
      ['B16', 0.9, '0%', 'ROI_Confidence'],
      ['B17', 0.01, '0.0%', 'ROI_Step'],
      ['B18', 0.1, '0%', 'ROI_ScenarioShare'],
    ];
    for (const [address, value, format, name] of expected) {
      const c = cellAt(plan, address);
      expect(c.value).toBe(value);
      expect(c.formula).toBeUndefined();
      expect(c.numberFormat).toBe(format);
      expect(plan.batch.names).toContainEqual(expect.objectContaining({ name, sheet: SHEET, address, scope: 'sheet' }));
    }
  });

  it('writes the funnel stages and names their ranges', () => {
    expect(['A22', 'A23', 'A24', 'A30'].map((a) => cellAt(plan, a).value)).toEqual([
      'Leads',
      'SALs',
      'SQOs',
      'Won deals',
    ]);
    // Rows 25-29: room for more stages, styled as inputs and empty.
    for (const a of ['A25', 'B29', 'C27']) {
      expect(plan.footprint).toContain(a);
      expect(
        plan.batch.cells.filter((c) => c.address === a).every((c) => c.value === undefined && c.formula === undefined),
      ).toBe(true);
    }
    expect(['B22', 'B23', 'B24'].map((a) => cellAt(plan, a).value)).toEqual([0.5, 0.4, 0.25]);
    expect(['C22', 'C23', 'C24'].map((a) => cellAt(plan, a).value)).toEqual([
      'lead-to-SAL',
      'SAL-to-SQO',
      'close rate',
    ]);
    const names = Object.fromEntries((plan.batch.names ?? []).map((n) => [n.name, n.address]));
    expect(names).toMatchObject({
      ROI_StageNames: 'A22:A30',
      ROI_Rates: 'B22:B29',
      ROI_LeadRates: 'B22:B29',
      ROI_RateNames: 'C22:C29',
      ROI_RevenueGap: 'B34',
      ROI_Deals: 'B35',
      ROI_Opportunities: 'B36',
      ROI_MarketingOpps: 'B38',
      ROI_Leads: 'B40',
      ROI_LeadsAtConfidence: 'B42',
      ROI_HitProbability: 'B44',
      ROI_CAC: 'B47',
      ROI_LTV: 'B48',
    });
    // The close rate follows the last rate, also when a stage is added in the sheet.
    expect(names.ROI_CloseRate).toBe('B31');
    expect(cellAt(plan, 'B31').formula).toBe('=INDEX(B22:B29,COUNT(B22:B29))');
    // No formula names the sheet: the same plan can go to whichever sheet name is free.
    for (const c of plan.batch.cells) expect(c.formula ?? '').not.toMatch(/ROI Model|!/);
  });

  it('writes every output as a formula on the names, with its format and a note beside it', () => {
    const expected: Array<[string, string, string]> = [
      ['B34', '=ROI.REVENUEGAP(ROI_CurrentRevenue,ROI_GrowthRate,ROI_ChurnRate)', '$#,##0'],
      ['B35', '=ROI.REQUIREDDEALS(ROI_RevenueGap,ROI_DealValue)', '#,##0'],
      ['B36', '=ROI.REQUIREDOPPS(ROI_RevenueGap,ROI_DealValue,ROI_CloseRate)', '#,##0'],
      ['B37', '=ROI.REQUIREDOPPS(ROI_RevenueGap,ROI_DealValue,ROI_CloseRate,12)', '#,##0'],
      ['B38', '=ROI.REQUIREDOPPS(ROI_RevenueGap,ROI_DealValue,ROI_CloseRate,12,ROI_MarketingShare)', '#,##0'],
      ['B39', '=B37*ROI_SalesCycle', '#,##0'],
      ['B40', '=ROI.REQUIREDLEADS(ROI_RevenueGap,ROI_DealValue,ROI_LeadRates)', '#,##0'],
      ['B41', '=ROUNDUP(ROI_Leads/12,0)', '#,##0'],
      ['B42', '=ROI.REQUIREDLEADS(ROI_RevenueGap,ROI_DealValue,ROI_LeadRates,ROI_Confidence)', '#,##0'],
      ['B43', '=ROI_PlannedLeads*12', '#,##0'],
      ['B44', '=ROI.HITPROBABILITY(B43,ROI_RevenueGap,ROI_DealValue,ROI_LeadRates)', '0.0%'],
      ['B47', '=ROI.CAC(ROI_MarketingBudget,ROI_Deals)', '$#,##0'],
      ['B48', '=ROI.LTV(ROI_DealValue,ROI_GrossMargin,ROI_ChurnRate)', '$#,##0'],
      ['B49', '=ROI_LTV/ROI_CAC', '0.0"x"'],
      ['B50', '=ROI.PAYBACK(ROI_CAC,ROI_DealValue,ROI_GrossMargin,ROI_ChurnRate)*12', '0.0'],
      ['B51', '=ROI.ROMI(ROI_RevenueGap*ROI_MarketingShare,ROI_GrossMargin,ROI_MarketingBudget)', '0%'],
      ['B52', '=ROI.CUSTOMERPROFIT(ROI_DealValue,ROI_GrossMargin,ROI_CostToServe,ROI_CAC)', '$#,##0'],
    ];
    for (const [address, formula, format] of expected) {
      const c = cellAt(plan, address);
      expect(c.formula).toBe(formula);
      expect(c.value).toBeUndefined();
      expect(c.numberFormat).toBe(format);
      const note = cellAt(plan, address.replace('B', 'C'));
      expect(typeof note.value).toBe('string');
      expect((note.value as string).length).toBeGreaterThan(20);
    }
  });

  it('spills the funnel with stage names and charts it', () => {
    expect(cellAt(plan, 'A56').formula).toBe('=ROI.FUNNEL(ROI_RevenueGap,ROI_DealValue,ROI_Rates,ROI_StageNames)');
    expect(plan.spills.funnel).toBe('A56:B59');
    expect(plan.spillZones).toContain('A56:B64');
    for (const a of ['A57', 'B56', 'B59', 'A64', 'B64']) expect(plan.footprint).toContain(a);
    expect(
      plan.batch.cells.filter(
        (c) => /^[AB](5[7-9]|6[0-4])$/.test(c.address) && (c.value !== undefined || c.formula !== undefined),
      ),
    ).toEqual([]);
    expect(plan.batch.charts).toContainEqual(
      expect.objectContaining({ name: 'ROI_FunnelChart', type: 'funnel', source: 'A56:B59', sheet: SHEET }),
    );
  });

  it('writes "What moves the number" in the same batch: SENSITIVITY, leads saved, rank, sentence, bar chart', () => {
    expect(cellAt(plan, 'C69').formula).toBe('=ROI.SENSITIVITY(ROI_RevenueGap,ROI_DealValue,ROI_LeadRates,ROI_Step)');
    expect(plan.spills.sensitivity).toBe('C69:D71');
    expect(plan.spillZones).toContain('C69:D76');
    expect(['A69', 'A70', 'A71'].map((a) => cellAt(plan, a).formula)).toEqual([
      '=IF(C69="","",IF(C22="",A22,C22))',
      '=IF(C70="","",IF(C23="",A23,C23))',
      '=IF(C71="","",IF(C24="",A24,C24))',
    ]);
    expect(['B69', 'B70', 'B76'].map((a) => cellAt(plan, a).formula)).toEqual([
      '=IF(C69="","",ROI_Leads-C69)',
      '=IF(C70="","",ROI_Leads-C70)',
      '=IF(C76="","",ROI_Leads-C76)',
    ]);
    expect(cellAt(plan, 'E70').formula).toBe('=IF(B70="","",COUNTIF(B69:B76,">"&B70)+COUNTIF(B69:B69,B70)+1)');
    expect(cellAt(plan, 'A77').formula).toMatch(
      /^=IF\(ROI_Step=0\.01,"One more point".*MATCH\(1,E69:E76,0\).*IF\(COUNT\(B69:B76\)>=2,.*MATCH\(2,E69:E76,0\)/,
    );
    expect(plan.batch.charts).toContainEqual(
      expect.objectContaining({ name: 'ROI_SensitivityChart', type: 'barClustered', source: 'A69:B71' }),
    );
  });

  it('anchors the funnel and sensitivity charts right of their tables, the sensitivity chart below the funnel chart', () => {
    const charts = Object.fromEntries((plan.batch.charts ?? []).map((c) => [c.name, `${c.from}:${c.to}`]));
    expect(charts).toEqual({ ROI_FunnelChart: 'H54:N70', ROI_SensitivityChart: 'H72:N87' });
  });

  it('never lets the two charts overlap, whatever the number of stages or the capacity', () => {
    const box = (a: string) => {
      const [, c, r] = /^([A-Z]+)(\d+)$/.exec(a)!;
      return { col: [...c].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0), row: Number(r) };
    };
    const inputsList = [referenceInputs(), defaultInputs()];
    for (const inputs of inputsList) {
      for (const capacity of [undefined, 3, 6, 12]) {
        const p = planModel(inputs, SHEET, capacity === undefined ? {} : { capacity });
        const [f, s] = ['ROI_FunnelChart', 'ROI_SensitivityChart'].map((n) =>
          p.batch.charts!.find((c) => c.name === n)!,
        );
        const fTo = box(f.to);
        const sFrom = box(s.from);
        const sTo = box(s.to);
        // Same columns, so the sensitivity chart must start below the funnel chart's last row.
        expect({ capacity, from: s.from, funnelTo: f.to, below: sFrom.row > fTo.row }).toEqual({
          capacity,
          from: s.from,
          funnelTo: f.to,
          below: true,
        });
        // Still beside its own table: it starts no lower than the table's first row.
        const sensTop = box(p.cells.sensitivity).row;
        expect(sFrom.row).toBeLessThanOrEqual(Math.max(sensTop, fTo.row + 2));
        expect(sTo.row - sFrom.row).toBeGreaterThanOrEqual(12);
      }
    }
  });

  it('writes the scenarios in the same batch as live formulas on Base', () => {
    expect(['B82', 'C82', 'D82'].map((a) => cellAt(plan, a).formula)).toEqual([
      '=IF(C82="","",C82*(1-ROI_ScenarioShare))',
      '=IF(B22="","",B22)',
      '=IF(C82="","",MIN(1,C82*(1+ROI_ScenarioShare)))',
    ]);
    expect(cellAt(plan, 'C89').formula).toBe('=IF(B29="","",B29)');
    expect(['B90', 'C90', 'D90'].map((a) => cellAt(plan, a).formula)).toEqual([
      '=C90*(1-ROI_ScenarioShare)',
      '=ROI_DealValue',
      '=C90*(1+ROI_ScenarioShare)',
    ]);
    expect(cellAt(plan, 'B93').formula).toBe('=ROI.REQUIREDDEALS(ROI_RevenueGap,B90)');
    expect(cellAt(plan, 'C94').formula).toBe('=ROI.REQUIREDLEADS(ROI_RevenueGap,C90,C82:C89)');
    expect(cellAt(plan, 'D95').formula).toBe('=ROI.REQUIREDLEADS(ROI_RevenueGap,D90,D82:D89,ROI_Confidence)');
    expect(cellAt(plan, 'B96').formula).toBe('=ROI.HITPROBABILITY(B43,ROI_RevenueGap,B90,B82:B89)');
    expect(plan.cells['scenario.High.hitProbability']).toBe('D96');
  });

  it('types the Low and High values in manual mode', () => {
    const i = referenceInputs();
    i.scenarios = {
      mode: 'manual',
      share: 0.1,
      rates: [
        { low: 0.4, high: 0.6 },
        { low: 0.3, high: 0.5 },
        { low: 0.2, high: 0.3 },
      ],
      dealValue: { low: 40_000, high: 60_000 },
    };
    const p = planModel(i, SHEET);
    expect(['B82', 'D82', 'B84', 'D84', 'B90', 'D90'].map((a) => cellAt(p, a).value)).toEqual([
      0.4, 0.6, 0.2, 0.3, 40_000, 60_000,
    ]);
    expect(cellAt(p, 'C82').formula).toBe('=IF(B22="","",B22)');
  });

  it('never writes a computed number: every number outside the input cells is a formula', () => {
    const inputCells = new Set(
      Object.entries(plan.cells)
        .filter(([k]) => k.startsWith('input.'))
        .map(([, a]) => a),
    );
    for (const c of plan.batch.cells) {
      if (typeof c.value === 'number') expect(inputCells).toContain(c.address);
    }
  });

  it('records every written cell in the footprint, on the plan sheet only', () => {
    const foot = new Set(plan.footprint);
    expect(foot.size).toBe(plan.footprint.length);
    for (const c of plan.batch.cells) {
      expect(c.sheet).toBe(SHEET);
      expect(foot).toContain(c.address);
    }
    for (const n of plan.batch.names ?? []) for (const a of n.address.split(':')) expect(foot).toContain(a);
  });
});

describe('the plan evaluated by the engine adapter', () => {
  it('gives the spec numbers for the reference input', async () => {
    const { wb, plan } = await evaluated(referenceInputs());
    const v = (key: string) => wb.getValue(SHEET, plan.cells[key]);
    expect(v('revenueGap')).toBeCloseTo(3_000_000, 6);
    expect(v('deals')).toBe(60);
    expect(v('opportunities')).toBe(240);
    expect(v('opportunitiesPerMonth')).toBe(20);
    expect(v('marketingOpportunitiesPerMonth')).toBe(12);
    expect(v('leads')).toBe(1200);
    expect(v('leadsPerMonth')).toBe(100);
    expect(v('leadsAtConfidence')).toBe(1397);
    expect(v('hitProbability')).toBeCloseTo(0.51849391, 8);
    expect(v('cac')).toBeCloseTo(1_000_000 / 60, 9);
    expect(v('ltv')).toBeCloseTo(400_000, 9);
    expect(v('ltvToCac')).toBeCloseTo(24, 9);
    expect(v('paybackMonths')).toBeCloseTo((12 * Math.log(1 - ((1_000_000 / 60) * 0.1) / 40_000)) / Math.log(0.9), 9);
    expect(v('romi')).toBeCloseTo((3_000_000 * 0.6 * 0.8 - 1_000_000) / 1_000_000, 9);
    expect(v('customerProfit')).toBeCloseTo(40_000 - 5_000 - 1_000_000 / 60, 6);
    const funnel = await wb.readRange(SHEET, plan.spills.funnel);
    expect(funnel.values).toEqual([
      ['Leads', 1200],
      ['SALs', 600],
      ['SQOs', 240],
      ['Won deals', 60],
    ]);
    const sens = await wb.readRange(SHEET, 'A69:E71');
    expect(sens.values.map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['lead-to-SAL', 23, 1177, 3],
      ['SAL-to-SQO', 29, 1171, 2],
      ['close rate', 46, 1154, 1],
    ]);
    expect(v('sensitivitySentence')).toBe(
      'One more point of close rate saves 46 leads; one more point of SAL-to-SQO saves 29 leads.',
    );
    expect(v('sentence')).toBe(
      'To add $3.0M you need 60 deals, 240 qualified opportunities, 12 a month from marketing, and about 1,200 leads.',
    );
    expect([v('scenario.Low.deals'), v('scenario.Base.deals'), v('scenario.High.deals')]).toEqual([67, 60, 55]);
    expect([v('scenario.Low.leads'), v('scenario.Base.leads'), v('scenario.High.leads')]).toEqual([1839, 1200, 827]);
  });

  it('reproduces previewModel exactly, for the defaults and varied inputs', async () => {
    const variants: Array<(i: ModelInputs) => void> = [
      () => {},
      (i) => Object.assign(i, referenceInputs()),
      (i) => {
        i.currentRevenue = 2_345_678;
        i.growthRate = 1.5;
        i.churnRate = 0.07;
        i.averageDealValue = 12_345;
        i.stages[2].rate = 0.33;
        i.confidence = 0.75;
        i.sensitivityStep = 0.05;
        i.plannedLeadsPerMonth = 2000;
        i.scenarios.share = 0.25;
      },
      (i) => {
        i.stages = [
          { name: 'Visitors', rate: 0.03 },
          { name: 'Opt-ins', rate: 0.2 },
          { name: 'MQLs', rate: 0.6 },
          { name: 'SQLs', rate: 0.5 },
          { name: 'Opportunities', rate: 0.3 },
        ];
        i.leadStage = 2;
        i.scenarios = {
          mode: 'manual',
          share: 0.1,
          rates: i.stages.map((s) => ({ low: s.rate / 2, high: Math.min(1, s.rate * 1.5) })),
          dealValue: { low: 20_000, high: 90_000 },
        };
      },
      (i) => {
        i.marketingBudget = 0; // CAC 0: LTV:CAC is #DIV/0!, in the sheet and the preview alike
        i.churnRate = 0; // LTV unbounded: #NUM!
      },
      (i) => {
        i.growthRate = 0;
        i.churnRate = 0; // nothing to win: 0 deals, CAC #DIV/0!
      },
    ];
    for (const change of variants) {
      const inputs = defaultInputs();
      change(inputs);
      const p = previewModel(inputs);
      const { wb, plan } = await evaluated(inputs);
      const v = (key: string) => wb.getValue(SHEET, plan.cells[key]);
      const same = (cell: unknown, preview: unknown, what: string) => {
        if (isRoiError(preview)) {
          expect({ what, code: isRoiError(cell) ? cell.code : cell }).toEqual({ what, code: preview.code });
        } else {
          expect({ what, value: cell }).toEqual({ what, value: preview });
        }
      };
      for (const key of [
        'revenueGap',
        'deals',
        'opportunities',
        'opportunitiesPerMonth',
        'marketingOpportunitiesPerMonth',
        'openPipeline',
        'leads',
        'leadsPerMonth',
        'leadsAtConfidence',
        'plannedLeads',
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
        same(v(key), p[key], key);
      }
      if (!isRoiError(p.funnel)) {
        const f = await wb.readRange(SHEET, plan.spills.funnel);
        expect(f.values).toEqual(p.funnel.map((r) => [r.name, r.volume]));
      }
      if (!isRoiError(p.sensitivity)) {
        p.sensitivity.forEach((row, j) => {
          same(v(`sensitivity.${j}.rateName`), row.rateName, 'rate name');
          same(v(`sensitivity.${j}.saved`), row.saved, 'saved');
        });
        const s = await wb.readRange(SHEET, plan.spills.sensitivity);
        expect(s.values).toEqual(p.sensitivity.map((r) => [r.volume, r.change]));
      }
      for (const sc of p.scenarios) {
        same(v(`scenario.${sc.name}.dealValue`), sc.dealValue, `${sc.name} deal value`);
        sc.rates.forEach((rate, i) => same(v(`scenario.${sc.name}.rates.${i}`), rate, `${sc.name} rate ${i}`));
        for (const key of ['deals', 'leads', 'leadsAtConfidence', 'hitProbability'] as const)
          same(v(`scenario.${sc.name}.${key}`), sc[key], `${sc.name} ${key}`);
      }
    }
  });

  it('follows an input edited in the sheet: every output moves', async () => {
    const { wb, plan } = await evaluated(referenceInputs());
    const v = (key: string) => wb.getValue(SHEET, plan.cells[key]);
    wb.setCellFromUser(SHEET, plan.cells['input.averageDealValue'], '100000');
    expect(v('deals')).toBe(30);
    expect(v('leads')).toBe(600);
    expect(v('sentence')).toBe(
      'To add $3.0M you need 30 deals, 120 qualified opportunities, 6 a month from marketing, and about 600 leads.',
    );
    expect((await wb.readRange(SHEET, plan.spills.funnel)).values.map((r) => r[1])).toEqual([600, 300, 120, 30]);
    wb.setCellFromUser(SHEET, plan.cells['input.stages.2.rate'], '50%');
    expect(v('leads')).toBe(300);
    expect(wb.getNumberFormat(SHEET, plan.cells['input.stages.2.rate'])).toBe('0%');
    // The sentence names the levers for the new rates.
    const expected = previewModel({
      ...referenceInputs(),
      averageDealValue: 100_000,
      stages: [
        { name: 'Leads', rate: 0.5 },
        { name: 'SALs', rate: 0.4 },
        { name: 'SQOs', rate: 0.5 },
      ],
    });
    expect(v('sensitivitySentence')).toBe(expected.sensitivitySentence);
    wb.setCellFromUser(SHEET, plan.cells['input.currentRevenue'], '$20,000,000');
    expect(v('revenueGap')).toBeCloseTo(6_000_000, 6);
    expect(v('scenario.Base.deals')).toBe(60);
  });

  it('follows a scenario value edited in the sheet', async () => {
    const { wb, plan } = await evaluated(referenceInputs());
    const v = (key: string) => wb.getValue(SHEET, plan.cells[key]);
    expect(v('scenario.Low.deals')).toBe(67);
    wb.setCellFromUser(SHEET, plan.cells['scenario.Low.dealValue'], '40000');
    expect(v('scenario.Low.deals')).toBe(75);
    const gap = v('revenueGap') as number;
    const rates = (s: string) => [0, 1, 2].map((i) => [v(`scenario.${s}.rates.${i}`)]);
    expect(v('scenario.Low.leads')).toBe(callFunction('REQUIREDLEADS', [gap, 40_000, rates('Low')]));
    expect(v('scenario.Low.leads')).not.toBe(1839);
    wb.setCellFromUser(SHEET, plan.cells['scenario.High.rates.2'], '50%');
    expect(v('scenario.High.rates.2')).toBe(0.5);
    expect(v('scenario.High.leads')).toBe(
      callFunction('REQUIREDLEADS', [gap, v('scenario.High.dealValue'), rates('High')]),
    );
    expect(v('scenario.High.leads')).not.toBe(827);
    // The share still drives the cells not typed over.
    wb.setCellFromUser(SHEET, plan.cells['input.scenarios.share'], '20%');
    expect(v('scenario.High.dealValue')).toBe(60_000);
    expect(v('scenario.High.deals')).toBe(callFunction('REQUIREDDEALS', [gap, 60_000]));
    expect(v('scenario.Low.deals')).toBe(75); // typed over: no longer a share of Base
  });

  it('takes a stage typed into an empty row of the funnel table into every list formula', async () => {
    const { wb, plan } = await evaluated(defaultInputs());
    const v = (key: string) => wb.getValue(SHEET, plan.cells[key]);
    wb.setCellFromUser(SHEET, 'A26', 'Signed');
    wb.setCellFromUser(SHEET, 'B26', '90%');
    const withStage = defaultInputs();
    withStage.stages.push({ name: 'Signed', rate: 0.9 });
    const p = previewModel(withStage);
    expect(v('leads')).toBe(p.leads);
    expect(v('opportunities')).toBe(p.opportunities); // the close rate is now 90%
    expect(v('leads')).not.toBe(previewModel(defaultInputs()).leads);
    const funnel = (await wb.readRange(SHEET, 'A56:B64')).values.filter((r) => r[0] !== null && r[0] !== '');
    expect(funnel).toEqual((p.funnel as Array<{ name: string; volume: number }>).map((r) => [r.name, r.volume]));
    expect(v('scenario.Base.leads')).toBe(p.scenarios[1].leads);
    expect(v('scenario.Low.leads')).toBe(p.scenarios[0].leads);
    // Rate names are typed labels: the new rate has none yet, so the sensitivity block shows
    // its stage's name, and the SQO row keeps the label it was built with.
    const asLabelled = (p.sensitivitySentence as string)
      .replace('close rate', '@')
      .replace('SQO-to-signed', 'close rate')
      .replace('@', 'Signed');
    expect(v('sensitivitySentence')).toBe(asLabelled);
  });

  it('shows a rate typed as 25 (not 25%) as the core error, with its message', async () => {
    const { wb, plan } = await evaluated(referenceInputs());
    wb.setCellFromUser(SHEET, plan.cells['input.stages.0.rate'], '50');
    const leads = wb.getValue(SHEET, plan.cells.leads);
    expect(leads).toBeInstanceOf(RoiError);
    expect((leads as RoiError).message).toBe(
      (callFunction('REQUIREDLEADS', [3e6, 5e4, [[50], [0.4], [0.25]]]) as RoiError).message,
    );
  });
});
