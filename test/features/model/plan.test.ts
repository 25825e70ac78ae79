/**
 * The model plan, cell by cell, for the reference input of the spec (10,000,000 revenue,
 * 20% growth + 10% churn, 50,000 deals, rates {0.5, 0.4, 0.25}: 60 deals, 240 SQOs,
 * 600 SALs, 1,200 leads), and the plan evaluated by the headless engine.
 */
import assert from 'node:assert/strict';
import { RoiError, callFunction, isRoiError } from '../../../src/core';
import {
  MODEL_FIELDS,
  MODEL_OUTPUTS,
  cellsOf,
  defaultInputs,
  evaluatePlan,
  formulaText,
  planModel,
  previewModel,
  referenceInputs,
  type ModelInputs,
  type ModelOutput,
  type ModelPlan,
} from '../../../src/features/model';

/** The defined name a reference key is written as: a field's or an output's, else none. */
const nameOf = (key: string): string | undefined =>
  (MODEL_FIELDS.find((f) => f.key === key) ?? (MODEL_OUTPUTS as readonly ModelOutput[]).find((o) => o.key === key))
    ?.name ??
  (
    {
      rates: 'ROI_Rates',
      leadRates: 'ROI_LeadRates',
      stageNames: 'ROI_StageNames',
      closeRate: 'ROI_CloseRate',
    } as Record<string, string>
  )[key];
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
      ['B9', 0, '0.0%', 'ROI_ExpansionShare'],
      ['B10', 50_000, '$#,##0', 'ROI_DealValue'],
      ['B11', 3, '0.0', 'ROI_SalesCycle'],
      ['B12', 0.8, '0.0%', 'ROI_GrossMargin'],
      ['B13', 1_000_000, '$#,##0', 'ROI_MarketingBudget'],
      ['B14', 5_000, '$#,##0', 'ROI_CostToServe'],
      ['B15', 0.6, '0.0%', 'ROI_MarketingShare'],
      ['B16', 100, '#,##0', 'ROI_PlannedLeads'],
      ['B17', 0.9, '0%', 'ROI_Confidence'],
      ['B18', 0.01, '0.0%', 'ROI_Step'],
      ['B19', 0.1, '0%', 'ROI_ScenarioShare'],
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
    expect(['A24', 'A25', 'A26', 'A34'].map((a) => cellAt(plan, a).value)).toEqual([
      'Leads',
      'SALs',
      'SQOs',
      'Won deals',
    ]);
    // Rows 26-32: room for more stages, styled as inputs and empty.
    for (const a of ['A27', 'B33', 'C29']) {
      expect(plan.footprint).toContain(a);
      expect(
        plan.batch.cells.filter((c) => c.address === a).every((c) => c.value === undefined && c.formula === undefined),
      ).toBe(true);
    }
    expect(['B24', 'B25', 'B26'].map((a) => cellAt(plan, a).value)).toEqual([0.5, 0.4, 0.25]);
    // The rate's name beside each rate, then its lag (months to the next stage).
    expect(['D24', 'D25', 'D26'].map((a) => cellAt(plan, a).value)).toEqual([1, 1, 2]);
    expect(['D24', 'D25', 'D26'].map((a) => cellAt(plan, a).numberFormat)).toEqual(['0.0', '0.0', '0.0']);
    expect(['C24', 'C25', 'C26'].map((a) => cellAt(plan, a).value)).toEqual([
      'lead-to-SAL',
      'SAL-to-SQO',
      'close rate',
    ]);
    const names = Object.fromEntries((plan.batch.names ?? []).map((n) => [n.name, n.address]));
    expect(names).toMatchObject({
      ROI_StageNames: 'A24:A34',
      ROI_Rates: 'B24:B33',
      ROI_LeadRates: 'B24:B33',
      ROI_Lags: 'D24:D33',
      ROI_LeadLags: 'D24:D33',
      ROI_RateNames: 'C24:C33',
      ROI_RevenueGap: 'B38',
      ROI_NewRevenue: 'B39',
      ROI_Deals: 'B40',
      ROI_Opportunities: 'B41',
      ROI_MarketingOpps: 'B43',
      ROI_Leads: 'B45',
      ROI_LeadsAtConfidence: 'B47',
      ROI_HitProbability: 'B49',
      ROI_CAC: 'B52',
      ROI_LTV: 'B53',
      ROI_ModelId: 'B233',
    });
    // The close rate follows the last rate, also when a stage is added in the sheet.
    expect(names.ROI_CloseRate).toBe('B35');
    expect(cellAt(plan, 'B35').formula).toBe('=INDEX(B24:B33,COUNT(B24:B33))');
    // No formula names the sheet: the same plan can go to whichever sheet name is free.
    for (const c of plan.batch.cells)
      assert.doesNotMatch(c.formula ?? '', /ROI Model|!/, `${c.address} names a sheet: ${c.formula}`);
  });

  it('writes every output as a formula on the names, with its format and a note beside it', () => {
    const expected: Array<[string, string, string]> = [
      ['B38', '=ROI.REVENUEGAP(ROI_CurrentRevenue,ROI_GrowthRate,ROI_ChurnRate)', '$#,##0'],
      ['B39', '=ROI_RevenueGap*(1-ROI_ExpansionShare)', '$#,##0'],
      ['B40', '=ROI.REQUIREDDEALS(ROI_NewRevenue,ROI_DealValue)', '#,##0'],
      ['B41', '=ROI.REQUIREDOPPS(ROI_NewRevenue,ROI_DealValue,ROI_CloseRate)', '#,##0'],
      ['B42', '=ROI.REQUIREDOPPS(ROI_NewRevenue,ROI_DealValue,ROI_CloseRate,12)', '#,##0'],
      ['B43', '=ROI.REQUIREDOPPS(ROI_NewRevenue,ROI_DealValue,ROI_CloseRate,12,ROI_MarketingShare)', '#,##0'],
      ['B44', '=B42*ROI_SalesCycle', '#,##0'],
      ['B45', '=ROI.REQUIREDLEADS(ROI_NewRevenue,ROI_DealValue,ROI_LeadRates)', '#,##0'],
      ['B46', '=ROUNDUP(ROI_Leads/12,0)', '#,##0'],
      ['B47', '=ROI.REQUIREDLEADS(ROI_NewRevenue,ROI_DealValue,ROI_LeadRates,ROI_Confidence)', '#,##0'],
      ['B48', '=ROI_PlannedLeads*12', '#,##0'],
      ['B49', '=ROI.HITPROBABILITY(B48,ROI_NewRevenue,ROI_DealValue,ROI_LeadRates)', '0.0%'],
      ['B52', '=ROI.CAC(ROI_MarketingBudget,ROI_Deals)', '$#,##0'],
      ['B53', '=ROI.LTV(ROI_DealValue,ROI_GrossMargin,ROI_ChurnRate)', '$#,##0'],
      ['B54', '=ROI_LTV/ROI_CAC', '0.0"x"'],
      ['B55', '=ROI.PAYBACK(ROI_CAC,ROI_DealValue,ROI_GrossMargin,ROI_ChurnRate)*12', '0.0'],
      ['B56', '=ROI.ROMI(ROI_NewRevenue*ROI_MarketingShare,ROI_GrossMargin,ROI_MarketingBudget)', '0%'],
      ['B57', '=ROI.CUSTOMERPROFIT(ROI_DealValue,ROI_GrossMargin,ROI_CostToServe,ROI_CAC)', '$#,##0'],
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
    expect(cellAt(plan, 'A62').formula).toBe('=ROI.FUNNEL(ROI_NewRevenue,ROI_DealValue,ROI_Rates,ROI_StageNames)');
    expect(plan.spills.funnel).toBe('A62:B65');
    expect(plan.spillZones).toContain('A62:B72');
    for (const a of ['A63', 'B62', 'B65', 'A72', 'B72']) expect(plan.footprint).toContain(a);
    expect(
      plan.batch.cells.filter(
        (c) => /^[AB](6[3-9]|7[0-2])$/.test(c.address) && (c.value !== undefined || c.formula !== undefined),
      ),
    ).toEqual([]);
    expect(plan.batch.charts).toContainEqual(
      expect.objectContaining({ name: 'ROI_FunnelChart', type: 'funnel', source: 'A62:B65', sheet: SHEET }),
    );
  });

  it('writes "What moves the number" in the same batch: SENSITIVITY, leads saved, rank, sentence, bar chart', () => {
    expect(cellAt(plan, 'C77').formula).toBe('=ROI.SENSITIVITY(ROI_NewRevenue,ROI_DealValue,ROI_LeadRates,ROI_Step)');
    expect(plan.spills.sensitivity).toBe('C77:D79');
    expect(plan.spillZones).toContain('C77:D86');
    expect(['A77', 'A78', 'A79'].map((a) => cellAt(plan, a).formula)).toEqual([
      '=IF(C77="","",IF(C24="",A24,C24))',
      '=IF(C78="","",IF(C25="",A25,C25))',
      '=IF(C79="","",IF(C26="",A26,C26))',
    ]);
    expect(['B77', 'B78', 'B86'].map((a) => cellAt(plan, a).formula)).toEqual([
      '=IF(C77="","",ROI_Leads-C77)',
      '=IF(C78="","",ROI_Leads-C78)',
      '=IF(C86="","",ROI_Leads-C86)',
    ]);
    expect(cellAt(plan, 'E78').formula).toBe('=IF(B78="","",COUNTIF(B77:B86,">"&B78)+COUNTIF(B77:B77,B78)+1)');
    expect(cellAt(plan, 'A87').formula).toMatch(
      /^=IF\(ROI_Step=0\.01,"One more point".*MATCH\(1,E77:E86,0\).*IF\(COUNT\(B77:B86\)>=2,.*MATCH\(2,E77:E86,0\)/,
    );
    // "Saved, in words" is words: the count grouped, then what it is.
    expect(cellAt(plan, 'F77').formula).toMatch(/^=IF\(B77="","",IF\(B77<1000,TEXT\(B77,"0"\).*&" fewer leads"\)$/);
    expect(plan.batch.charts).toContainEqual(
      expect.objectContaining({ name: 'ROI_SensitivityChart', type: 'barClustered', source: 'A77:B79' }),
    );
  });

  it('places each chart right beside the block it charts, in the first columns (A-F), never over a written cell', () => {
    const charts = Object.fromEntries((plan.batch.charts ?? []).map((c) => [c.name, `${c.from}:${c.to}`]));
    // The funnel chart beside the funnel table (C-F, from its header row), the sensitivity chart under its sentence.
    expect(charts).toEqual({
      ROI_FunnelChart: 'C61:F73',
      ROI_SensitivityChart: 'A89:D103',
      ROI_MonthChart: 'A151:F166',
      ROI_PaceChart: 'A216:F231',
    });
  });

  it('never lets a chart overlap another chart or a written cell, whatever the number of stages or the capacity', () => {
    const box = (a: string) => {
      const [, c, r] = /^([A-Z]+)(\d+)$/.exec(a)!;
      return { col: [...c].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0), row: Number(r) };
    };
    const inside = (a: string, from: string, to: string) => {
      const p = box(a);
      const f = box(from);
      const t = box(to);
      return p.col >= f.col && p.col <= t.col && p.row >= f.row && p.row <= t.row;
    };
    for (const inputs of [referenceInputs(), defaultInputs()]) {
      for (const capacity of [undefined, 3, 6, 12]) {
        const p = planModel(inputs, SHEET, capacity === undefined ? {} : { capacity });
        const charts = p.batch.charts!;
        const [f, s] = ['ROI_FunnelChart', 'ROI_SensitivityChart'].map((n) => charts.find((c) => c.name === n)!);
        expect({ capacity, overlap: inside(s.from, f.from, f.to) || inside(f.from, s.from, s.to) }).toEqual({
          capacity,
          overlap: false,
        });
        // No value, formula or spill area under a chart.
        const covered = p.batch.cells
          .filter((c) => c.value !== undefined || c.formula !== undefined)
          .map((c) => c.address)
          .concat(p.spillZones.flatMap((z) => z.split(':')))
          .filter((a) => charts.some((ch) => inside(a, ch.from, ch.to)));
        expect({ capacity, covered }).toEqual({ capacity, covered: [] });
        for (const ch of charts) {
          expect(box(ch.to).col).toBeLessThanOrEqual(6); // at most column F: on screen beside the task pane
          expect(box(ch.to).row - box(ch.from).row).toBeGreaterThanOrEqual(12); // about 240 px tall
        }
        // Each chart starts within two rows of its own table's first row (beside it) or right after it (below).
        const funnelTop = box(p.cells.funnel).row;
        expect(Math.abs(box(f.from).row - funnelTop)).toBeLessThanOrEqual(1);
        expect(box(s.from).row).toBe(box(p.cells.sensitivitySentence).row + 2);
      }
    }
  });

  it('writes the scenarios in the same batch as live formulas on Base', () => {
    expect(['B108', 'C108', 'D108'].map((a) => cellAt(plan, a).formula)).toEqual([
      '=IF(C108="","",C108*(1-ROI_ScenarioShare))',
      '=IF(B24="","",B24)',
      '=IF(C108="","",MIN(1,C108*(1+ROI_ScenarioShare)))',
    ]);
    expect(cellAt(plan, 'C117').formula).toBe('=IF(B33="","",B33)');
    expect(['B118', 'C118', 'D118'].map((a) => cellAt(plan, a).formula)).toEqual([
      '=C118*(1-ROI_ScenarioShare)',
      '=ROI_DealValue',
      '=C118*(1+ROI_ScenarioShare)',
    ]);
    expect(cellAt(plan, 'B121').formula).toBe('=ROI.REQUIREDDEALS(ROI_NewRevenue,B118)');
    expect(cellAt(plan, 'C122').formula).toBe('=ROI.REQUIREDLEADS(ROI_NewRevenue,C118,C108:C117)');
    expect(cellAt(plan, 'D123').formula).toBe('=ROI.REQUIREDLEADS(ROI_NewRevenue,D118,D108:D117,ROI_Confidence)');
    expect(cellAt(plan, 'B124').formula).toBe('=ROI.HITPROBABILITY(B48,ROI_NewRevenue,B118,B108:B117)');
    expect(plan.cells['scenario.High.hitProbability']).toBe('D124');
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
    expect(['B108', 'D108', 'B110', 'D110', 'B118', 'D118'].map((a) => cellAt(p, a).value)).toEqual([
      0.4, 0.6, 0.2, 0.3, 40_000, 60_000,
    ]);
    expect(cellAt(p, 'C108').formula).toBe('=IF(B24="","",B24)');
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

  it('records every written cell in the footprint, on the plan sheet only; the user cells are styled, never written', () => {
    const foot = new Set(plan.footprint);
    const users = new Set(plan.userCells);
    expect(foot.size).toBe(plan.footprint.length);
    expect(users.size).toBe(12 * 11 + 10); // actuals: 12 months x (10 stage rows + won deals); open pipeline: 10
    for (const c of plan.batch.cells) {
      assert.equal(c.sheet, SHEET, `${c.address} is written on ${c.sheet}`);
      if (users.has(c.address)) {
        assert.ok(!foot.has(c.address), `the user cell ${c.address} is in the footprint`);
        assert.ok(c.value === undefined && c.formula === undefined, `the user cell ${c.address} is written`);
      } else assert.ok(foot.has(c.address), `${c.address} is written but not in the footprint`);
    }
    for (const n of plan.batch.names ?? [])
      for (const a of n.address.split(':'))
        assert.ok((n.name === 'ROI_Actuals' ? users : foot).has(a), `${n.name}'s ${a} is outside its cells`);
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
    const sens = await wb.readRange(SHEET, 'A77:F79');
    expect(sens.values.map((r) => [r[0], r[1], r[2], r[4], r[5]])).toEqual([
      ['lead-to-SAL', 23, 1177, 3, '23 fewer leads'],
      ['SAL-to-SQO', 29, 1171, 2, '29 fewer leads'],
      ['close rate', 46, 1154, 1, '46 fewer leads'],
    ]);
    expect(v('sensitivitySentence')).toBe(
      'One more point of close rate saves 46 leads; one more point of SAL-to-SQO saves 29 leads.',
    );
    // Yearly totals, then what marketing must source each month, each said as such.
    expect(v('sentence')).toBe(
      'To add $3.0M this year you need 60 deals, 240 qualified opportunities and about 1,200 leads in the year; marketing must source 12 opportunities a month.',
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
          { name: 'Visitors', rate: 0.03, lag: 1 },
          { name: 'Opt-ins', rate: 0.2, lag: 1 },
          { name: 'MQLs', rate: 0.6, lag: 1 },
          { name: 'SQLs', rate: 0.5, lag: 1 },
          { name: 'Opportunities', rate: 0.3, lag: 1 },
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
      'To add $3.0M this year you need 30 deals, 120 qualified opportunities and about 600 leads in the year; marketing must source 6 opportunities a month.',
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
        { name: 'Leads', rate: 0.5, lag: 1 },
        { name: 'SALs', rate: 0.4, lag: 1 },
        { name: 'SQOs', rate: 0.5, lag: 1 },
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
    wb.setCellFromUser(SHEET, 'A28', 'Signed');
    wb.setCellFromUser(SHEET, 'B28', '90%');
    wb.setCellFromUser(SHEET, 'D28', '1');
    const withStage = defaultInputs();
    withStage.stages.push({ name: 'Signed', rate: 0.9, lag: 1 });
    const p = previewModel(withStage);
    expect(v('leads')).toBe(p.leads);
    expect(v('opportunities')).toBe(p.opportunities); // the close rate is now 90%
    expect(v('leads')).not.toBe(previewModel(defaultInputs()).leads);
    const funnel = (await wb.readRange(SHEET, plan.spillZones[0])).values.filter((r) => r[0] !== null && r[0] !== '');
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

describe('one description, two renderings: every formula of the plan', () => {
  const variants: Array<[string, (i: ModelInputs) => void]> = [
    ['defaults', () => {}],
    ['the reference input', (i) => Object.assign(i, referenceInputs())],
    ['an expansion share', (i) => (i.expansionShare = 0.25)],
    [
      'other rates, typed scenarios and a visitor stage',
      (i) => {
        i.stages = [
          { name: 'Visitors', rate: 0.03, lag: 1 },
          { name: 'Opt-ins', rate: 0.2, lag: 1 },
          { name: 'MQLs', rate: 0.6, lag: 1, label: 'MQL acceptance' },
          { name: 'SQLs', rate: 0.5, lag: 1 },
          { name: 'Opportunities', rate: 0.3, lag: 1 },
        ];
        i.leadStage = 2;
        i.sensitivityStep = 0.05;
        i.scenarios = {
          mode: 'manual',
          share: 0.1,
          rates: i.stages.map((s) => ({ low: s.rate / 2, high: Math.min(1, s.rate * 1.5) })),
          dealValue: { low: 20_000, high: 90_000 },
        };
      },
    ],
    ['errors in cells: no budget, no churn', (i) => ((i.marketingBudget = 0), (i.churnRate = 0))],
    ['nothing to win', (i) => ((i.growthRate = 0), (i.churnRate = 0))],
    [
      'huge volumes',
      (i) => {
        i.currentRevenue = 9e12;
        i.stages = [
          { name: 'Visitors', rate: 1e-6, lag: 1 },
          { name: 'Leads', rate: 1e-5, lag: 1 },
          { name: 'Deals', rate: 0.5, lag: 1 },
        ];
        i.leadStage = 0;
      },
    ],
  ];

  it.each(variants)(
    '%s: the engine evaluating the written formula equals the preview, cell by cell',
    async (_what, change) => {
      const inputs = defaultInputs();
      change(inputs);
      const { wb, plan } = await evaluated(inputs);
      const ts = evaluatePlan(plan);
      const cells = [...plan.formulas.keys(), ...plan.spillZones.flatMap(cellsOf)];
      expect(cells.length).toBeGreaterThan(100);
      const norm = (v: unknown) => (isRoiError(v) ? v.code : v === '' || v === undefined ? null : v);
      const differ = cells
        .map((a) => ({ a, engine: norm(wb.getValue(SHEET, a)), preview: norm(ts(a)) }))
        .filter((d) => d.engine !== d.preview && !(typeof d.engine === 'number' && d.engine === d.preview));
      expect(differ).toEqual([]);
    },
  );

  it('writes each output row of the table with its label, note, format and name', () => {
    const plan = planModel(defaultInputs(), SHEET);
    for (const o of MODEL_OUTPUTS as readonly ModelOutput[]) {
      const at = plan.cells[o.key];
      const c = cellAt(plan, at);
      expect(c.formula).toBe(
        `=${formulaText(o.expr, (k) => plan.batch.names!.find((n) => n.name === nameOf(k))?.name ?? plan.refs.get(k)!)}`,
      );
      if (o.section === 'headline') continue;
      const row = at.replace(/^[A-Z]+/, '');
      expect(cellAt(plan, `A${row}`).value).toBe(o.label);
      expect(cellAt(plan, `C${row}`).value).toBe(o.note);
      expect(c.numberFormat).toBe(o.format);
      if (o.name) expect(plan.batch.names).toContainEqual(expect.objectContaining({ name: o.name, address: at }));
    }
  });

  it('writes numbers of any size in words, in the sheet and in the preview alike (no exponent)', async () => {
    const inputs = defaultInputs();
    inputs.currentRevenue = 9e12;
    inputs.stages = [
      { name: 'Visitors', rate: 1e-6, lag: 1 },
      { name: 'Leads', rate: 1e-5, lag: 1 },
      { name: 'Deals', rate: 0.5, lag: 1 },
    ];
    inputs.leadStage = 0;
    const p = previewModel(inputs);
    expect(p.leads as number).toBeGreaterThan(1e15);
    expect(p.sentence).toBe(
      'To add $2.7T this year you need 54,000,000 deals, 108,000,000 qualified opportunities and about 10.8 quintillion leads in the year; marketing must source 9,000,000 opportunities a month.',
    );
    const { wb, plan } = await evaluated(inputs);
    expect(wb.getValue(SHEET, plan.cells.sentence)).toBe(p.sentence);
    const texts = [...plan.formulas.keys()].map((a) => wb.getValue(SHEET, a)).filter((v) => typeof v === 'string');
    expect(texts.length).toBeGreaterThan(5);
    for (const t of texts) expect(t).not.toMatch(/\de[+-]?\d/i);
  });
});

describe('the expansion revenue share', () => {
  it('takes its share of the new revenue off what new customers must bring, and says so', async () => {
    const inputs = referenceInputs();
    inputs.expansionShare = 0.2;
    const p = previewModel(inputs);
    expect(p.revenueGap).toBeCloseTo(3_000_000, 6);
    expect(p.newRevenue).toBeCloseTo(2_400_000, 6);
    expect(p.deals).toBe(callFunction('REQUIREDDEALS', [2_400_000, 50_000]));
    expect(p.deals).toBe(48);
    expect(p.leads).toBe(960);
    // CAC counts the customers won, LTV is one customer's: the share changes the first, not the second.
    expect(p.cac).toBeCloseTo(1_000_000 / 48, 9);
    expect(p.ltv).toBe(previewModel(referenceInputs()).ltv);
    expect(p.romi).toBeCloseTo((2_400_000 * 0.6 * 0.8 - 1_000_000) / 1_000_000, 9);
    expect(p.sentence).toBe(
      'To add $3.0M this year ($600K of it from existing customers) you need 48 deals, 192 qualified opportunities and about 960 leads in the year; marketing must source 10 opportunities a month.',
    );
    const { wb, plan } = await evaluated(inputs);
    expect(wb.getValue(SHEET, plan.cells.sentence)).toBe(p.sentence);
    expect(wb.getValue(SHEET, plan.cells['input.expansionShare'])).toBe(0.2);
    // Edited on the sheet, it moves every number that depends on new customers.
    wb.setCellFromUser(SHEET, plan.cells['input.expansionShare'], '50%');
    expect(wb.getValue(SHEET, plan.cells.deals)).toBe(30);
  });

  it('is 0 by default, so the plan for the defaults is what it was', () => {
    expect(defaultInputs().expansionShare).toBe(0);
    const p = previewModel(referenceInputs());
    expect([p.deals, p.opportunities, p.leads, p.leadsAtConfidence]).toEqual([60, 240, 1200, 1397]);
  });
});
