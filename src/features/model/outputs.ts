/**
 * The model's outputs, described once. Each row of MODEL_OUTPUTS is one number (or
 * sentence) of the model: its key, its one label (the sheet's row and the pane's
 * preview), its section, its formula as a tree (expr.ts) over the fields' keys, the other
 * outputs' keys and the stage lists, its number format, its note and, when other formulas
 * or the user's own sheets refer to it, its defined name.
 *
 * The sheet writes each tree as formula text, references as defined names or cells
 * (plan.ts); the preview evaluates the same tree in TypeScript on the same cells
 * (preview.ts). So a new output is one row here, and the sheet and the pane cannot
 * disagree about it (test/features/model/plan.test.ts evaluates every formula of the
 * plan in the headless engine and compares it with the preview).
 *
 * References: a field by its key ("averageDealValue"), an output by its key, and the
 * stage lists: "rates" (every conversion rate, top first), "leadRates" (from the lead
 * stage down), "stageNames" (with the won deals), "closeRate" (the last rate).
 * SCENARIO_OUTCOMES are evaluated once per scenario column, where "scenario.dealValue" and
 * "scenario.leadRates" are that column's cells.
 */
import { call, div, gt, iff, join, mul, num, ref, roundUp, sub, type Expr } from './expr';
import { FORMATS } from './fields';
import { moneyWords, wholeWords } from './text';

/** How an output cell is flagged (a conditional format): a negative value, or a chance below the chosen confidence. */
export type OutputAlert = 'negative' | 'belowConfidence' | 'positive';

export interface ModelOutput {
  readonly key: string;
  readonly label: string;
  /** 'takes': "What it takes"; 'economics': "Unit economics"; 'headline': the sentence under the title. */
  readonly section: 'takes' | 'economics' | 'headline';
  readonly expr: Expr;
  readonly format: string;
  readonly note: string;
  /** Its defined name, when formulas refer to it by name. */
  readonly name?: string;
  /** Shown among the pane's key numbers. */
  readonly pane?: boolean;
  readonly alert?: OutputAlert;
}

/** Months in the model's year: per-month figures divide by it. */
export const MONTHS = 12;

const newRevenue = ref('newRevenue');
const deal = ref('averageDealValue');

export const MODEL_OUTPUTS = [
  {
    key: 'revenueGap',
    label: 'New revenue to win',
    section: 'takes',
    expr: call('REVENUEGAP', ref('currentRevenue'), ref('growthRate'), ref('churnRate')),
    format: FORMATS.money,
    note: 'The growth you want plus the revenue churn takes away: new business to close this year.',
    name: 'ROI_RevenueGap',
    pane: true,
  },
  {
    key: 'newRevenue',
    label: 'From new customers',
    section: 'takes',
    expr: mul(ref('revenueGap'), sub(num(1), ref('expansionShare'))),
    format: FORMATS.money,
    note: 'The part new customers must bring: the new revenue less what existing customers add (expansion).',
    name: 'ROI_NewRevenue',
    pane: true,
  },
  {
    key: 'deals',
    label: 'Deals to win',
    section: 'takes',
    expr: call('REQUIREDDEALS', newRevenue, deal),
    format: FORMATS.count,
    note: 'New customers to sign this year (a part of a deal is a whole deal).',
    name: 'ROI_Deals',
    pane: true,
  },
  {
    key: 'opportunities',
    label: 'Qualified opportunities (year)',
    section: 'takes',
    expr: call('REQUIREDOPPS', newRevenue, deal, ref('closeRate')),
    format: FORMATS.count,
    note: 'Opportunities sales must work at your close rate to win those deals.',
    name: 'ROI_Opportunities',
    pane: true,
  },
  {
    key: 'opportunitiesPerMonth',
    label: 'Qualified opportunities a month',
    section: 'takes',
    expr: call('REQUIREDOPPS', newRevenue, deal, ref('closeRate'), num(MONTHS)),
    format: FORMATS.count,
    note: 'The same, month by month.',
  },
  {
    key: 'marketingOpportunitiesPerMonth',
    label: 'From marketing, a month',
    section: 'takes',
    expr: call('REQUIREDOPPS', newRevenue, deal, ref('closeRate'), num(MONTHS), ref('marketingShare')),
    format: FORMATS.count,
    note: "Marketing's share of them: the opportunities marketing must source each month.",
    name: 'ROI_MarketingOpps',
    pane: true,
  },
  {
    key: 'openPipeline',
    label: 'Open opportunities to carry',
    section: 'takes',
    expr: mul(ref('opportunitiesPerMonth'), ref('salesCycleMonths')),
    format: FORMATS.count,
    note: 'Opportunities in the pipeline at any time, given the sales cycle.',
    pane: true,
  },
  {
    key: 'leads',
    label: 'Leads needed (year)',
    section: 'takes',
    expr: call('REQUIREDLEADS', newRevenue, deal, ref('leadRates')),
    format: FORMATS.count,
    note: 'Leads that, at your conversion rates, become those deals on average.',
    name: 'ROI_Leads',
    pane: true,
  },
  {
    key: 'leadsPerMonth',
    label: 'Leads a month',
    section: 'takes',
    expr: roundUp(div(ref('leads'), num(MONTHS))),
    format: FORMATS.count,
    note: 'The same, month by month: they must arrive a sales cycle before the deals close.',
    pane: true,
  },
  {
    key: 'leadsAtConfidence',
    label: 'Leads needed at your confidence',
    section: 'takes',
    expr: call('REQUIREDLEADS', newRevenue, deal, ref('leadRates'), ref('confidence')),
    format: FORMATS.count,
    note: 'Leads that reach the target with the confidence you chose, not just on average.',
    name: 'ROI_LeadsAtConfidence',
    pane: true,
  },
  {
    key: 'plannedLeads',
    label: 'Planned leads (year)',
    section: 'takes',
    expr: mul(ref('plannedLeadsPerMonth'), num(MONTHS)),
    format: FORMATS.count,
    note: 'What your plan delivers in the year.',
  },
  {
    key: 'hitProbability',
    label: 'Chance the plan reaches the target',
    section: 'takes',
    expr: call('HITPROBABILITY', ref('plannedLeads'), newRevenue, deal, ref('leadRates')),
    format: FORMATS.percent,
    note: 'The probability that the planned leads win enough deals to close the gap.',
    name: 'ROI_HitProbability',
    pane: true,
    alert: 'belowConfidence',
  },
  {
    key: 'cac',
    label: 'Customer acquisition cost (CAC)',
    section: 'economics',
    expr: call('CAC', ref('marketingBudget'), ref('deals')),
    format: FORMATS.money,
    note: 'What the budget spends to win each new customer.',
    name: 'ROI_CAC',
    pane: true,
  },
  {
    key: 'ltv',
    label: 'Lifetime value (LTV)',
    section: 'economics',
    expr: call('LTV', deal, ref('grossMargin'), ref('churnRate')),
    format: FORMATS.money,
    note: 'Margin one customer brings over their life with you, given churn.',
    name: 'ROI_LTV',
    pane: true,
  },
  {
    key: 'ltvToCac',
    label: 'LTV : CAC',
    section: 'economics',
    expr: div(ref('ltv'), ref('cac')),
    format: FORMATS.ratio,
    note: 'Margin returned per unit of acquisition cost: below 3x, growth buys little profit.',
    pane: true,
  },
  {
    key: 'paybackMonths',
    label: 'CAC payback (months)',
    section: 'economics',
    expr: mul(call('PAYBACK', ref('cac'), deal, ref('grossMargin'), ref('churnRate')), num(MONTHS)),
    format: FORMATS.months,
    note: 'Months of margin until a new customer has paid back what it cost to win.',
    pane: true,
  },
  {
    key: 'romi',
    label: 'Return on marketing (ROMI)',
    section: 'economics',
    expr: call('ROMI', mul(newRevenue, ref('marketingShare')), ref('grossMargin'), ref('marketingBudget')),
    format: FORMATS.percent0,
    note: "Margin on marketing's share of the revenue from new customers, less the budget, per unit of budget.",
    pane: true,
  },
  {
    key: 'customerProfit',
    label: 'First-year profit per customer',
    section: 'economics',
    expr: call('CUSTOMERPROFIT', deal, ref('grossMargin'), ref('costToServe'), ref('cac')),
    format: FORMATS.money,
    note: 'Margin after cost to serve and CAC: below zero, this is revenue that loses money.',
    pane: true,
    alert: 'negative',
  },
  {
    key: 'sentence',
    label: 'The plan in one sentence',
    section: 'headline',
    expr: join(
      'To add ',
      moneyWords(ref('revenueGap')),
      ' this year',
      iff(
        gt(ref('expansionShare'), num(0)),
        join(' (', moneyWords(sub(ref('revenueGap'), newRevenue)), ' of it from existing customers)'),
        '',
      ),
      ' you need ',
      wholeWords(ref('deals')),
      ' deals, ',
      wholeWords(ref('opportunities')),
      ' qualified opportunities and about ',
      wholeWords(ref('leads')),
      ' leads in the year; marketing must source ',
      wholeWords(ref('marketingOpportunitiesPerMonth')),
      ' opportunities a month.',
    ),
    format: FORMATS.general,
    note: 'The headline, in words: yearly totals, and what marketing must source each month.',
  },
] as const satisfies readonly ModelOutput[];

export type OutputKey = (typeof MODEL_OUTPUTS)[number]['key'];

/**
 * What each scenario needs, one row per outcome, evaluated in each scenario's column:
 * "scenario.dealValue" and "scenario.leadRates" are that column's deal value and rates.
 */
export interface ScenarioOutcome {
  readonly key: string;
  readonly label: string;
  readonly expr: Expr;
  readonly format: string;
  readonly alert?: OutputAlert;
}

const scenarioDeal = ref('scenario.dealValue');
const scenarioRates = ref('scenario.leadRates');

export const SCENARIO_OUTCOMES = [
  {
    key: 'deals',
    label: 'Deals to win',
    expr: call('REQUIREDDEALS', newRevenue, scenarioDeal),
    format: FORMATS.count,
  },
  {
    key: 'leads',
    label: 'Leads needed',
    expr: call('REQUIREDLEADS', newRevenue, scenarioDeal, scenarioRates),
    format: FORMATS.count,
  },
  {
    key: 'leadsAtConfidence',
    label: 'Leads needed at your confidence',
    expr: call('REQUIREDLEADS', newRevenue, scenarioDeal, scenarioRates, ref('confidence')),
    format: FORMATS.count,
  },
  {
    key: 'hitProbability',
    label: 'Chance the plan reaches the target',
    expr: call('HITPROBABILITY', ref('plannedLeads'), newRevenue, scenarioDeal, scenarioRates),
    format: FORMATS.percent,
    alert: 'belowConfidence',
  },
] as const satisfies readonly ScenarioOutcome[];

export type ScenarioOutcomeKey = (typeof SCENARIO_OUTCOMES)[number]['key'];
