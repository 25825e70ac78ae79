/**
 * The model plan: a pure function from the form's inputs to everything the model sheet
 * holds (labels, input values, formulas, number formats, defined names, notes, charts,
 * conditional formats, column widths). The task pane writes it through a WorkbookPort;
 * `roi model --out` writes the same plan to a new .xlsx file.
 *
 * No formula names the sheet, so the same plan can be written to whichever sheet name
 * is free (WriteBatch.uniqueSheetNames).
 *
 * Every output is a live formula on the Inputs block's defined names, so editing an
 * input cell moves every number on the sheet. No computed number is ever written as a
 * constant. The formulas pass exactly the arguments previewModel (preview.ts) passes to
 * the core, so the sheet and the preview agree (a test checks it through the engine).
 *
 * The layout depends only on `capacity` (stage rows kept, 8 by default), never on the
 * inputs' values or their number of stages, so "Update model" rewrites the same cells, and
 * a stage typed into an empty row of the funnel table flows through every list formula
 * (ROI.* lists skip blank cells).
 *
 * Layout (k = number of stages, n = k + 1 funnel rows, m = stages from the lead stage down):
 *   A1 title, A2 the plain-English sentence, A3 how to read the sheet
 *   Inputs           label | value (named, blue) | what it is
 *   Funnel stages    stage name | converts to next | rate name      (k rows + the won row)
 *   What it takes    label | ROI.* formula | what it means as an outcome
 *   Unit economics   label | ROI.* formula | what it means
 *   The funnel       ROI.FUNNEL spill (name, volume) + funnel chart
 *   What moves the number   rate | leads saved | ROI.SENSITIVITY spill | rank | in words, sentence, bar chart
 *   Scenarios        rate or deal value | Low | Base | High, then deals, leads, leads at
 *                    confidence and HITPROBABILITY for each scenario
 */
import { cellA1 } from '../../base/a1';
import type { A1, CellStyle, CellWrite, ChartSpec, ConditionalFormat, NameDef, WriteBatch } from '../../workbook/port';
import { rateName, type ModelInputs } from './inputs';
import { groupedIntegerFormula, moneyShortFormula, pointsPhraseFormula } from './text';

export interface ModelPlan {
  sheet: string;
  batch: WriteBatch;
  /** Every cell the model occupies (written cells and the areas its spills fill), in writing order. */
  footprint: A1[];
  /**
   * Where each output lives, by the key previewModel uses for it ("revenueGap", "leads",
   * "funnel" (the spill's anchor), "sensitivity", "sentence", "scenario.Low.deals", ...),
   * and where the inputs live ("input.currentRevenue", "input.stages.0.rate",
   * "scenario.Low.dealValue", "scenario.High.rates.2", ...).
   */
  cells: Record<string, A1>;
  /** Spilled areas for these inputs, by key: "funnel" and "sensitivity". */
  spills: Record<string, A1>;
  /** The largest areas the spills may fill (stages added in the sheet grow them): never written. */
  spillZones: A1[];
  /** Stage rows laid out (the layout is the same for any number of stages up to this). */
  capacity: number;
}

export const FORMATS = {
  money: '$#,##0',
  money2: '$#,##0.00',
  percent: '0.0%',
  percent0: '0%',
  count: '#,##0',
  months: '0.0',
  ratio: '0.0"x"',
  text: '@',
  general: 'General',
} as const;

const STYLE = {
  title: { bold: true, fontColor: '#1F3864' } as CellStyle,
  section: { bold: true, fill: '#DDEBF7', fontColor: '#1F3864' } as CellStyle,
  header: { bold: true, fontColor: '#404040' } as CellStyle,
  input: { fontColor: '#0000FF', fill: '#FFF2CC' } as CellStyle,
  output: { bold: true } as CellStyle,
  note: { italic: true, fontColor: '#595959' } as CellStyle,
  sentence: { bold: true, fontColor: '#1F3864' } as CellStyle,
};

/** "B7" from column index 1 (0 = A) and sheet row 7 (1-based, as the layout counts rows). */
export function addr(col: number, row: number): A1 {
  return cellA1(row - 1, col);
}

const A = 0;
const B = 1;
const C = 2;
const D = 3;
const E = 4;
const F = 5;
const MONTHS = 12;

/** Rows the funnel table keeps for stages, so stages can be added (in the sheet or by Update model) without moving anything. */
export const STAGE_CAPACITY = 8;

export interface PlanOptions {
  /** Stage rows to lay out (at least the number of stages); default STAGE_CAPACITY. */
  capacity?: number;
}

export function planModel(inputs: ModelInputs, sheet: string, options: PlanOptions = {}): ModelPlan {
  const cells: CellWrite[] = [];
  const names: NameDef[] = [];
  const keys: Record<string, A1> = {};
  const spills: Record<string, A1> = {};
  const footprint: A1[] = [];
  const seen = new Set<A1>();
  const occupy = (a: A1) => {
    if (!seen.has(a)) {
      seen.add(a);
      footprint.push(a);
    }
  };

  const put = (col: number, row: number, w: Omit<CellWrite, 'sheet' | 'address'>): A1 => {
    const address = addr(col, row);
    cells.push({ sheet, address, ...w });
    occupy(address);
    return address;
  };
  const label = (col: number, row: number, text: string, style?: CellStyle) => put(col, row, { value: text, style });
  const name = (n: string, a: A1, comment?: string) =>
    names.push({ name: n, sheet, address: a, scope: 'sheet', comment });

  const k = inputs.stages.length;
  const L = inputs.leadStage;
  const cap = Math.max(options.capacity ?? STAGE_CAPACITY, k);
  const spillZones: A1[] = [];
  let r = 1;

  // Title and the plain-English sentence.
  label(A, r, 'Outcome ROI model: what it takes to reach the revenue target', STYLE.title);
  const sentenceRow = r + 1;
  label(
    A,
    r + 2,
    'Blue cells are inputs: change any of them and every number below follows. Every result is a live ROI.* formula.',
    STYLE.note,
  );
  r += 4;

  // Inputs.
  label(A, r, 'Inputs', STYLE.section);
  put(B, r, { style: STYLE.section });
  put(C, r, { style: STYLE.section });
  r++;
  const input = (key: string, text: string, value: number, fmt: string, defined: string, note: string) => {
    label(A, r, text);
    const a = put(B, r, { value, numberFormat: fmt, style: STYLE.input });
    label(C, r, note, STYLE.note);
    name(defined, a, note);
    keys[`input.${key}`] = a;
    r++;
    return a;
  };
  input(
    'currentRevenue',
    'Current revenue (this year)',
    inputs.currentRevenue,
    FORMATS.money,
    'ROI_CurrentRevenue',
    'Revenue you start the year with.',
  );
  input(
    'growthRate',
    'Growth target',
    inputs.growthRate,
    FORMATS.percent,
    'ROI_GrowthRate',
    'Growth you aim for, as a share of current revenue.',
  );
  input(
    'churnRate',
    'Churn',
    inputs.churnRate,
    FORMATS.percent,
    'ROI_ChurnRate',
    'Share of current revenue you expect to lose in the year.',
  );
  input(
    'averageDealValue',
    'Average deal value (a year)',
    inputs.averageDealValue,
    FORMATS.money,
    'ROI_DealValue',
    'What one won customer pays in a year.',
  );
  input(
    'salesCycleMonths',
    'Sales cycle (months)',
    inputs.salesCycleMonths,
    FORMATS.months,
    'ROI_SalesCycle',
    'Months from qualified opportunity to signed deal.',
  );
  input(
    'grossMargin',
    'Gross margin',
    inputs.grossMargin,
    FORMATS.percent,
    'ROI_GrossMargin',
    'Share of revenue left after the cost of delivering it.',
  );
  input(
    'marketingBudget',
    'Marketing budget (year)',
    inputs.marketingBudget,
    FORMATS.money,
    'ROI_MarketingBudget',
    'What you spend to win the new customers.',
  );
  input(
    'costToServe',
    'Cost to serve a customer (year)',
    inputs.costToServe,
    FORMATS.money,
    'ROI_CostToServe',
    'Support, success and custom work for one customer.',
  );
  input(
    'marketingShare',
    "Marketing's share of opportunities",
    inputs.marketingShare,
    FORMATS.percent,
    'ROI_MarketingShare',
    'Share of qualified opportunities marketing sources (the rest: sales, partners).',
  );
  input(
    'plannedLeadsPerMonth',
    'Planned leads a month',
    inputs.plannedLeadsPerMonth,
    FORMATS.count,
    'ROI_PlannedLeads',
    'Leads a month your plan delivers.',
  );
  input(
    'confidence',
    'Confidence',
    inputs.confidence,
    FORMATS.percent0,
    'ROI_Confidence',
    'How sure you want to be of reaching the target.',
  );
  input(
    'sensitivityStep',
    'Sensitivity step',
    inputs.sensitivityStep,
    FORMATS.percent,
    'ROI_Step',
    'How far "What moves the number" raises one rate at a time (1% = one point).',
  );
  input(
    'scenarios.share',
    'Scenario share',
    inputs.scenarios.share,
    FORMATS.percent0,
    'ROI_ScenarioShare',
    inputs.scenarios.mode === 'share'
      ? 'Low and High scenarios are Base minus and plus this share.'
      : 'Not used: the Low and High scenario values below are typed.',
  );
  r++;

  // Funnel stages.
  label(A, r, 'Funnel stages', STYLE.section);
  put(B, r, { style: STYLE.section });
  put(C, r, { style: STYLE.section });
  r++;
  label(A, r, 'Stage (top first)', STYLE.header);
  label(B, r, 'Converts to next', STYLE.header);
  label(C, r, 'Rate name', STYLE.header);
  r++;
  const stageTop = r;
  for (let i = 0; i < cap; i++) {
    if (i < k) {
      const st = inputs.stages[i];
      keys[`input.stages.${i}.name`] = put(A, r, { value: st.name, style: STYLE.input });
      keys[`input.stages.${i}.rate`] = put(B, r, { value: st.rate, numberFormat: FORMATS.percent, style: STYLE.input });
      keys[`input.stages.${i}.rateName`] = put(C, r, { value: rateName(inputs.stages, i), style: STYLE.input });
    } else {
      // Room for more stages: type a name and a rate here and the whole model follows.
      put(A, r, { style: STYLE.input });
      put(B, r, { numberFormat: FORMATS.percent, style: STYLE.input });
      put(C, r, { style: STYLE.input });
    }
    r++;
  }
  keys['input.wonStageName'] = put(A, r, { value: inputs.wonStageName, style: STYLE.input });
  label(C, r, 'Empty blue rows: room for more stages.', STYLE.note);
  const wonRow = r;
  r++;
  const stageRow = (i: number) => stageTop + i;
  const lastStageRow = stageTop + cap - 1;
  const rateCells = `${addr(B, stageTop)}:${addr(B, lastStageRow)}`;
  // The close rate is the last rate, also when a stage is added in the sheet.
  label(A, r, 'Close rate (the last rate above)');
  keys.closeRate = put(B, r, { formula: `=INDEX(${rateCells},COUNT(${rateCells}))`, numberFormat: FORMATS.percent });
  label(C, r, 'Share of qualified opportunities won.', STYLE.note);
  name('ROI_CloseRate', keys.closeRate, 'The last conversion rate: qualified opportunity to won.');
  r += 2;
  name(
    'ROI_StageNames',
    `${addr(A, stageTop)}:${addr(A, wonRow)}`,
    'Funnel stage names, top first, won deals last (empty rows are skipped).',
  );
  name(
    'ROI_Rates',
    rateCells,
    'Stage-to-stage conversion rates, top first, ending with the close rate (empty rows are skipped).',
  );
  name(
    'ROI_LeadRates',
    `${addr(B, stageRow(L))}:${addr(B, lastStageRow)}`,
    'The conversion rates from the lead stage down.',
  );
  name('ROI_RateNames', `${addr(C, stageTop)}:${addr(C, lastStageRow)}`, 'A name for each conversion rate.');

  // What it takes.
  const section = (title: string) => {
    label(A, r, title, STYLE.section);
    put(B, r, { style: STYLE.section });
    put(C, r, { style: STYLE.section });
    r++;
  };
  const output = (key: string, text: string, formula: string, fmt: string, note: string, defined?: string) => {
    label(A, r, text);
    const a = put(B, r, { formula, numberFormat: fmt, style: STYLE.output });
    label(C, r, note, STYLE.note);
    if (defined) name(defined, a, note);
    keys[key] = a;
    r++;
    return a;
  };
  section('What it takes');
  output(
    'revenueGap',
    'New revenue to win',
    '=ROI.REVENUEGAP(ROI_CurrentRevenue,ROI_GrowthRate,ROI_ChurnRate)',
    FORMATS.money,
    'The growth you want plus the revenue churn takes away: new business to close this year.',
    'ROI_RevenueGap',
  );
  output(
    'deals',
    'Deals to win',
    '=ROI.REQUIREDDEALS(ROI_RevenueGap,ROI_DealValue)',
    FORMATS.count,
    'New customers to sign this year (a part of a deal is a whole deal).',
    'ROI_Deals',
  );
  output(
    'opportunities',
    'Qualified opportunities (year)',
    '=ROI.REQUIREDOPPS(ROI_RevenueGap,ROI_DealValue,ROI_CloseRate)',
    FORMATS.count,
    'Opportunities sales must work at your close rate to win those deals.',
    'ROI_Opportunities',
  );
  const oppsMonth = output(
    'opportunitiesPerMonth',
    'Qualified opportunities a month',
    `=ROI.REQUIREDOPPS(ROI_RevenueGap,ROI_DealValue,ROI_CloseRate,${MONTHS})`,
    FORMATS.count,
    'The same, month by month.',
  );
  output(
    'marketingOpportunitiesPerMonth',
    'From marketing, a month',
    `=ROI.REQUIREDOPPS(ROI_RevenueGap,ROI_DealValue,ROI_CloseRate,${MONTHS},ROI_MarketingShare)`,
    FORMATS.count,
    "Marketing's share of them: the opportunities marketing must source each month.",
    'ROI_MarketingOpps',
  );
  output(
    'openPipeline',
    'Open opportunities to carry',
    `=${oppsMonth}*ROI_SalesCycle`,
    FORMATS.count,
    'Opportunities in the pipeline at any time, given the sales cycle.',
  );
  output(
    'leads',
    'Leads needed (year)',
    '=ROI.REQUIREDLEADS(ROI_RevenueGap,ROI_DealValue,ROI_LeadRates)',
    FORMATS.count,
    'Leads that, at your conversion rates, become those deals on average.',
    'ROI_Leads',
  );
  output(
    'leadsPerMonth',
    'Leads a month',
    `=ROUNDUP(ROI_Leads/${MONTHS},0)`,
    FORMATS.count,
    'The same, month by month: they must arrive a sales cycle before the deals close.',
  );
  output(
    'leadsAtConfidence',
    'Leads needed at your confidence',
    '=ROI.REQUIREDLEADS(ROI_RevenueGap,ROI_DealValue,ROI_LeadRates,ROI_Confidence)',
    FORMATS.count,
    'Leads that reach the target with the confidence you chose, not just on average.',
    'ROI_LeadsAtConfidence',
  );
  const planned = output(
    'plannedLeads',
    'Planned leads (year)',
    `=ROI_PlannedLeads*${MONTHS}`,
    FORMATS.count,
    'What your plan delivers in the year.',
  );
  const hit = output(
    'hitProbability',
    'Chance the plan reaches the target',
    `=ROI.HITPROBABILITY(${planned},ROI_RevenueGap,ROI_DealValue,ROI_LeadRates)`,
    FORMATS.percent,
    'The probability that the planned leads win enough deals to close the gap.',
    'ROI_HitProbability',
  );
  r++;
  section('Unit economics');
  output(
    'cac',
    'Customer acquisition cost (CAC)',
    '=ROI.CAC(ROI_MarketingBudget,ROI_Deals)',
    FORMATS.money,
    'What the budget spends to win each new customer.',
    'ROI_CAC',
  );
  output(
    'ltv',
    'Lifetime value (LTV)',
    '=ROI.LTV(ROI_DealValue,ROI_GrossMargin,ROI_ChurnRate)',
    FORMATS.money,
    'Margin one customer brings over their life with you, given churn.',
    'ROI_LTV',
  );
  output(
    'ltvToCac',
    'LTV : CAC',
    '=ROI_LTV/ROI_CAC',
    FORMATS.ratio,
    'Margin returned per unit of acquisition cost: below 3x, growth buys little profit.',
  );
  output(
    'paybackMonths',
    'CAC payback (months)',
    `=ROI.PAYBACK(ROI_CAC,ROI_DealValue,ROI_GrossMargin,ROI_ChurnRate)*${MONTHS}`,
    FORMATS.months,
    'Months of margin until a new customer has paid back what it cost to win.',
  );
  output(
    'romi',
    'Return on marketing (ROMI)',
    '=ROI.ROMI(ROI_RevenueGap*ROI_MarketingShare,ROI_GrossMargin,ROI_MarketingBudget)',
    FORMATS.percent0,
    "Margin on marketing's share of the new revenue, less the budget, per unit of budget.",
  );
  const profit = output(
    'customerProfit',
    'First-year profit per customer',
    '=ROI.CUSTOMERPROFIT(ROI_DealValue,ROI_GrossMargin,ROI_CostToServe,ROI_CAC)',
    FORMATS.money,
    'Margin after cost to serve and CAC: below zero, this is revenue that loses money.',
  );
  r++;

  // The funnel (spill) and its chart.
  section('The funnel');
  label(A, r, 'Stage', STYLE.header);
  label(B, r, 'Volume needed', STYLE.header);
  r++;
  const funnelTop = r;
  const n = k + 1;
  keys.funnel = put(A, r, { formula: '=ROI.FUNNEL(ROI_RevenueGap,ROI_DealValue,ROI_Rates,ROI_StageNames)' });
  // The spill may grow to cap + 1 rows when stages are added in the sheet.
  for (let i = 0; i <= cap; i++) {
    occupy(addr(A, r + i));
    occupy(addr(B, r + i));
    // The volume column's format, set on the cells the spill fills.
    cells.push({ sheet, address: addr(B, funnelTop + i), numberFormat: FORMATS.count });
  }
  spills.funnel = `${addr(A, funnelTop)}:${addr(B, funnelTop + n - 1)}`;
  spillZones.push(`${addr(A, funnelTop)}:${addr(B, funnelTop + cap)}`);
  label(C, funnelTop, 'Each stage: the volume that, at your rates, ends in the deals you need.', STYLE.note);
  r = funnelTop + cap + 2;
  const funnelChartTop = funnelTop - 2;
  const funnelChartBottom = funnelTop + 14;
  const charts: ChartSpec[] = [
    {
      sheet,
      name: 'ROI_FunnelChart',
      type: 'funnel',
      source: spills.funnel,
      seriesBy: 'columns',
      title: 'The funnel you need',
      from: addr(7, funnelChartTop),
      to: addr(13, funnelChartBottom),
    },
  ];

  // What moves the number.
  section('What moves the number');
  label(
    A,
    r,
    'Raise one conversion rate by the sensitivity step, the others unchanged: how many fewer leads would you need?',
    STYLE.note,
  );
  r++;
  const m = k - L;
  label(A, r, 'Rate', STYLE.header);
  label(B, r, 'Leads saved', STYLE.header);
  label(C, r, 'Leads needed', STYLE.header);
  label(D, r, 'Change', STYLE.header);
  label(E, r, 'Rank', STYLE.header);
  label(F, r, 'Saved, in words', STYLE.header);
  r++;
  const sensTop = r;
  const sensBottom = sensTop + cap - 1;
  const savedRange = `${addr(B, sensTop)}:${addr(B, sensBottom)}`;
  const rankRange = `${addr(E, sensTop)}:${addr(E, sensBottom)}`;
  keys.sensitivity = put(C, sensTop, {
    formula: '=ROI.SENSITIVITY(ROI_RevenueGap,ROI_DealValue,ROI_LeadRates,ROI_Step)',
  });
  spills.sensitivity = `${addr(C, sensTop)}:${addr(D, sensTop + m - 1)}`;
  spillZones.push(`${addr(C, sensTop)}:${addr(D, sensBottom)}`);
  for (let j = 0; j < cap; j++) {
    const row = sensTop + j;
    const i = L + j;
    occupy(addr(C, row));
    occupy(addr(D, row));
    cells.push({ sheet, address: addr(C, row), numberFormat: FORMATS.count });
    cells.push({ sheet, address: addr(D, row), numberFormat: FORMATS.percent });
    if (i >= cap) {
      for (const c of [A, B, E, F]) occupy(addr(c, row));
      continue;
    }
    const sr = stageRow(i);
    const blank = `${addr(C, row)}=""`;
    keys[`sensitivity.${j}.rateName`] = put(A, row, {
      formula: `=IF(${blank},"",IF(${addr(C, sr)}="",${addr(A, sr)},${addr(C, sr)}))`,
    });
    keys[`sensitivity.${j}.saved`] = put(B, row, {
      formula: `=IF(${blank},"",ROI_Leads-${addr(C, row)})`,
      numberFormat: FORMATS.count,
      style: STYLE.output,
    });
    // Unique rank: most leads saved first; ties keep funnel order.
    const before = j === 0 ? '' : `+COUNTIF(${addr(B, sensTop)}:${addr(B, row - 1)},${addr(B, row)})`;
    keys[`sensitivity.${j}.rank`] = put(E, row, {
      formula: `=IF(${addr(B, row)}="","",COUNTIF(${savedRange},">"&${addr(B, row)})${before}+1)`,
      numberFormat: '0',
    });
    keys[`sensitivity.${j}.savedText`] = put(F, row, {
      formula: `=IF(${addr(B, row)}="","",${groupedIntegerFormula(addr(B, row))})`,
    });
  }
  r = sensBottom + 1;
  const lever = (rank: number, lower: boolean) =>
    `${pointsPhraseFormula('ROI_Step', lower)}&" of "&INDEX(${addr(A, sensTop)}:${addr(A, sensBottom)},MATCH(${rank},${rankRange},0))&" saves "&INDEX(${addr(F, sensTop)}:${addr(F, sensBottom)},MATCH(${rank},${rankRange},0))&" leads"`;
  keys.sensitivitySentence = put(A, r, {
    formula: `=${lever(1, false)}&IF(COUNT(${savedRange})>=2,"; "&${lever(2, true)},"")&"."`,
    style: STYLE.sentence,
  });
  r += 2;
  const sensChartTop = Math.max(sensTop - 3, funnelChartBottom + 2);
  charts.push({
    sheet,
    name: 'ROI_SensitivityChart',
    type: 'barClustered',
    source: `${addr(A, sensTop)}:${addr(B, sensTop + m - 1)}`,
    seriesBy: 'columns',
    title: 'Leads saved by one step of each rate',
    // Beside its table, but below the funnel chart, which reaches into this section.
    from: addr(7, sensChartTop),
    to: addr(13, sensChartTop + 15),
  });

  // Scenarios.
  section('Scenarios');
  label(
    A,
    r,
    inputs.scenarios.mode === 'share'
      ? 'Low and High are Base minus and plus the scenario share (rates at most 100%). Type over any of them to set your own.'
      : 'Type the Low and High values you want to test; Base follows the inputs above.',
    STYLE.note,
  );
  r++;
  label(A, r, 'Assumption', STYLE.header);
  const SC = { Low: B, Base: C, High: D } as const;
  for (const [s, c] of Object.entries(SC)) label(c, r, s, STYLE.header);
  r++;
  const scTop = r;
  const shareMode = inputs.scenarios.mode === 'share';
  for (let i = 0; i < cap; i++) {
    const row = scTop + i;
    const sr = stageRow(i);
    const base = addr(SC.Base, row);
    const filled = `${base}=""`;
    put(A, row, { formula: `=IF(${addr(B, sr)}="","",IF(${addr(C, sr)}="",${addr(A, sr)},${addr(C, sr)}))` });
    const baseKey = i < k ? `scenario.Base.rates.${i}` : '';
    const b = put(SC.Base, row, { formula: `=IF(${addr(B, sr)}="","",${addr(B, sr)})`, numberFormat: FORMATS.percent });
    const man =
      i < k ? (inputs.scenarios.rates[i] ?? { low: inputs.stages[i].rate, high: inputs.stages[i].rate }) : undefined;
    const low = shareMode
      ? put(SC.Low, row, {
          formula: `=IF(${filled},"",${base}*(1-ROI_ScenarioShare))`,
          numberFormat: FORMATS.percent,
          style: STYLE.input,
        })
      : put(SC.Low, row, { ...(man ? { value: man.low } : {}), numberFormat: FORMATS.percent, style: STYLE.input });
    const high = shareMode
      ? put(SC.High, row, {
          formula: `=IF(${filled},"",MIN(1,${base}*(1+ROI_ScenarioShare)))`,
          numberFormat: FORMATS.percent,
          style: STYLE.input,
        })
      : put(SC.High, row, { ...(man ? { value: man.high } : {}), numberFormat: FORMATS.percent, style: STYLE.input });
    if (baseKey) {
      keys[baseKey] = b;
      keys[`scenario.Low.rates.${i}`] = low;
      keys[`scenario.High.rates.${i}`] = high;
    }
  }
  const dealRow = scTop + cap;
  label(A, dealRow, 'Average deal value');
  keys['scenario.Base.dealValue'] = put(SC.Base, dealRow, { formula: '=ROI_DealValue', numberFormat: FORMATS.money });
  keys['scenario.Low.dealValue'] = put(
    SC.Low,
    dealRow,
    shareMode
      ? { formula: `=${addr(SC.Base, dealRow)}*(1-ROI_ScenarioShare)`, numberFormat: FORMATS.money, style: STYLE.input }
      : { value: inputs.scenarios.dealValue.low, numberFormat: FORMATS.money, style: STYLE.input },
  );
  keys['scenario.High.dealValue'] = put(
    SC.High,
    dealRow,
    shareMode
      ? { formula: `=${addr(SC.Base, dealRow)}*(1+ROI_ScenarioShare)`, numberFormat: FORMATS.money, style: STYLE.input }
      : { value: inputs.scenarios.dealValue.high, numberFormat: FORMATS.money, style: STYLE.input },
  );
  r = dealRow + 2;
  label(A, r, 'Outcome', STYLE.header);
  for (const [s, c] of Object.entries(SC)) label(c, r, s, STYLE.header);
  r++;
  const scenarioRows: Array<[string, string, string, (c: number) => string]> = [
    ['deals', 'Deals to win', FORMATS.count, (c) => `=ROI.REQUIREDDEALS(ROI_RevenueGap,${addr(c, dealRow)})`],
    [
      'leads',
      'Leads needed',
      FORMATS.count,
      (c) => `=ROI.REQUIREDLEADS(ROI_RevenueGap,${addr(c, dealRow)},${addr(c, scTop + L)}:${addr(c, scTop + cap - 1)})`,
    ],
    [
      'leadsAtConfidence',
      'Leads needed at your confidence',
      FORMATS.count,
      (c) =>
        `=ROI.REQUIREDLEADS(ROI_RevenueGap,${addr(c, dealRow)},${addr(c, scTop + L)}:${addr(c, scTop + cap - 1)},ROI_Confidence)`,
    ],
    [
      'hitProbability',
      'Chance the plan reaches the target',
      FORMATS.percent,
      (c) =>
        `=ROI.HITPROBABILITY(${planned},ROI_RevenueGap,${addr(c, dealRow)},${addr(c, scTop + L)}:${addr(c, scTop + cap - 1)})`,
    ],
  ];
  for (const [key, text, fmt, formula] of scenarioRows) {
    label(A, r, text);
    for (const [s, c] of Object.entries(SC))
      keys[`scenario.${s}.${key}`] = put(c, r, { formula: formula(c), numberFormat: fmt, style: STYLE.output });
    r++;
  }
  const scHitRow = r - 1;
  label(A, r, 'Every scenario value is a live cell: change one and its column follows.', STYLE.note);

  // The headline sentence, on the outputs' names.
  keys.sentence = put(A, sentenceRow, {
    formula:
      `="To add "&${moneyShortFormula('ROI_RevenueGap')}&" you need "&${groupedIntegerFormula('ROI_Deals')}&" deals, "` +
      `&${groupedIntegerFormula('ROI_Opportunities')}&" qualified opportunities, "&${groupedIntegerFormula('ROI_MarketingOpps')}` +
      `&" a month from marketing, and about "&${groupedIntegerFormula('ROI_Leads')}&" leads."`,
    style: STYLE.sentence,
  });

  const conditionalFormats: ConditionalFormat[] = [
    { sheet, address: profit, kind: 'formula', formula: `=${profit}<0`, fill: '#F8CBAD', fontColor: '#9C0006' },
    { sheet, address: hit, kind: 'formula', formula: `=${hit}<ROI_Confidence`, fill: '#FFEB9C', fontColor: '#9C5700' },
    {
      sheet,
      address: `${addr(B, scHitRow)}:${addr(D, scHitRow)}`,
      kind: 'formula',
      formula: `=${addr(B, scHitRow)}<ROI_Confidence`,
      fill: '#FFEB9C',
      fontColor: '#9C5700',
    },
  ];

  const batch: WriteBatch = {
    addSheets: [sheet],
    cells,
    names,
    charts,
    conditionalFormats,
    columnWidths: [
      { sheet, column: 'A', width: 40 },
      { sheet, column: 'B', width: 16 },
      { sheet, column: 'C', width: 16 },
      { sheet, column: 'D', width: 16 },
      { sheet, column: 'E', width: 8 },
      { sheet, column: 'F', width: 16 },
    ],
  };
  return { sheet, batch, footprint, cells: keys, spills, spillZones, capacity: cap };
}
