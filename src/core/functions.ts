/**
 * The runtime table of the ROI.* functions: one `defineFunction` row per function, with
 * its id, its parameters (name, kind, mode, optional, default, alignment) and its kernel,
 * and for spilling functions the size of the spill. This is all the Excel wrappers, the
 * HyperFormula plugin and the runner need, and all that the custom functions bundle
 * (functions.js) carries. Each `run` hands its named, typed arguments to a named kernel
 * (funnel.ts, economics.ts, outcomes.ts), which other code calls directly too.
 *
 * The words about each function (description, formula, parameter descriptions, errors,
 * notes, examples) are in docs.ts, keyed by id; catalog.ts merges the two into FUNCTIONS
 * for functions.json, the reference, docs/functions.md and the tests. Nothing that
 * functions.js loads imports docs.ts or catalog.ts.
 *
 * To add a function: one row here (the new kinds of argument for the time and
 * calibration functions are in args.ts and define.ts), its words in docs.ts.
 */
import { listLength } from './args';
import { defineFunction, type FunctionDef, type NamedArgsOf } from './define';
// The CAC kernel under another name: PAYBACK's parameter is called cac, and a parameter
// that shadows an import is renamed by esbuild (cac2), which the tests compile with and
// test/core/table.test.ts reads the parameters' names from.
import {
  cac as acquisitionCost,
  customerProfit,
  leadQuality,
  ltv,
  marginLever,
  payback,
  revenueGap,
  romi,
  velocity,
} from './economics';
import { funnel, hitProbability, requiredDeals, requiredLeads, requiredOpps, sensitivity } from './funnel';
import { metricKind } from './outcomes';
import { funnelForecast, funnelPlan, pipelineHit } from './time';
import { stageLags, stageRates } from './calibrate';
import type { RoiError } from './errors';
import type { ResultCell, Shape } from './types';

export { defineFunction };
export type { ArgOf, ArgsOf, FunctionDef, KernelResult, KindValues, NamedArgsOf, ParamDef } from './define';

const TARGET = { name: 'revenue_target', kind: 'money', mode: 'elementwise' } as const;
const DEAL = { name: 'average_deal_value', kind: 'money', mode: 'elementwise' } as const;
const RATES = { name: 'conversion_rates', kind: 'rateList', mode: 'list' } as const;
const SINGLE_TARGET = { ...TARGET, mode: 'single' } as const;
const SINGLE_DEAL = { ...DEAL, mode: 'single' } as const;
const LAGS = { name: 'stage_lags', kind: 'lagList', mode: 'list', sameLength: { as: 'conversion_rates' } } as const;
/** One name per funnel row (one per rate, plus deals): a column of names before the numbers. */
const NAMES = {
  name: 'stage_names',
  kind: 'textList',
  mode: 'list',
  optional: true,
  sameLength: { as: 'conversion_rates', plus: 1 },
} as const;
const DATES = { name: 'stage_dates', kind: 'dateGrid', mode: 'table' } as const;

/**
 * A time function's grid with its stage names as a first column (stages are rows until
 * the runner transposes the whole grid, names included, for a column of periods).
 */
function named(grid: ResultCell[][] | RoiError, names: readonly string[] | undefined): ResultCell[][] | RoiError {
  return names && Array.isArray(grid) ? grid.map((row, i) => [names[i], ...row]) : grid;
}

/** The size of a stage-by-period grid: a row per rate plus deals, a column per period plus one, and the names. */
const stageGrid = (rates: Shape | undefined, periods: Shape | undefined, names: Shape | undefined): Shape => ({
  rows: listLength(rates) + 1,
  cols: listLength(periods) + 1 + (names ? 1 : 0),
});

/** One row per transition between the stage_dates' columns. */
const transitions = (dates: Shape | undefined) => Math.max(1, (dates ? dates.cols : 0) - 1);

const TABLE = [
  defineFunction({
    id: 'REVENUEGAP',
    params: [
      { name: 'current_revenue', kind: 'money', mode: 'elementwise' },
      { name: 'growth_rate', kind: 'growth', mode: 'elementwise' },
      { name: 'churn_rate', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    run: (current_revenue, growth_rate, churn_rate) => revenueGap(current_revenue, growth_rate, churn_rate),
  }),
  defineFunction({
    id: 'REQUIREDDEALS',
    params: [TARGET, DEAL],
    run: (revenue_target, average_deal_value) => requiredDeals(revenue_target, average_deal_value),
  }),
  defineFunction({
    id: 'REQUIREDLEADS',
    params: [TARGET, DEAL, RATES, { name: 'confidence', kind: 'confidence', mode: 'elementwise', optional: true }],
    run: (revenue_target, average_deal_value, conversion_rates, confidence) =>
      requiredLeads(revenue_target, average_deal_value, conversion_rates, confidence),
  }),
  defineFunction({
    id: 'FUNNEL',
    params: [SINGLE_TARGET, SINGLE_DEAL, RATES, NAMES],
    run: (revenue_target, average_deal_value, conversion_rates, stage_names) =>
      funnel(revenue_target, average_deal_value, conversion_rates, stage_names),
    spill: (s) => ({ rows: listLength(s.conversion_rates) + 1, cols: s.stage_names ? 2 : 1 }),
  }),
  defineFunction({
    id: 'REQUIREDOPPS',
    params: [
      TARGET,
      DEAL,
      { name: 'win_rate', kind: 'rate', mode: 'elementwise' },
      { name: 'periods', kind: 'periods', mode: 'elementwise', optional: true, defaultValue: 1 },
      { name: 'marketing_share', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 1 },
    ],
    run: (revenue_target, average_deal_value, win_rate, periods, marketing_share) =>
      requiredOpps(revenue_target, average_deal_value, win_rate, periods, marketing_share),
  }),
  defineFunction({
    id: 'SENSITIVITY',
    params: [
      SINGLE_TARGET,
      SINGLE_DEAL,
      RATES,
      { name: 'step', kind: 'step', mode: 'single', optional: true, defaultValue: 0.01 },
    ],
    run: (revenue_target, average_deal_value, conversion_rates, step) =>
      sensitivity(revenue_target, average_deal_value, conversion_rates, step),
    spill: (s) => ({ rows: Math.max(1, listLength(s.conversion_rates)), cols: 2 }),
  }),
  defineFunction({
    id: 'HITPROBABILITY',
    params: [{ name: 'planned_leads', kind: 'count', mode: 'elementwise' }, TARGET, DEAL, RATES],
    run: (planned_leads, revenue_target, average_deal_value, conversion_rates) =>
      hitProbability(planned_leads, revenue_target, average_deal_value, conversion_rates),
  }),
  defineFunction({
    id: 'LEADQUALITY',
    params: [
      { name: 'leads', kind: 'count', mode: 'elementwise' },
      { name: 'qualified', kind: 'count', mode: 'elementwise' },
      { name: 'confidence', kind: 'confidence', mode: 'elementwise', optional: true },
    ],
    run: (leads, qualified, confidence) => leadQuality(leads, qualified, confidence),
  }),
  defineFunction({
    id: 'CAC',
    params: [
      { name: 'acquisition_cost', kind: 'money', mode: 'elementwise' },
      { name: 'new_customers', kind: 'count', mode: 'elementwise' },
    ],
    run: (acquisition_cost, new_customers) => acquisitionCost(acquisition_cost, new_customers),
  }),
  defineFunction({
    id: 'LTV',
    params: [
      { name: 'revenue_per_period', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'churn_rate', kind: 'rate', mode: 'elementwise' },
      { name: 'discount_rate', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    run: (revenue_per_period, gross_margin, churn_rate, discount_rate) =>
      ltv(revenue_per_period, gross_margin, churn_rate, discount_rate),
  }),
  defineFunction({
    id: 'PAYBACK',
    params: [
      { name: 'cac', kind: 'money', mode: 'elementwise' },
      { name: 'revenue_per_period', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'churn_rate', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    run: (cac, revenue_per_period, gross_margin, churn_rate) =>
      payback(cac, revenue_per_period, gross_margin, churn_rate),
  }),
  defineFunction({
    id: 'ROMI',
    params: [
      { name: 'attributed_revenue', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'marketing_cost', kind: 'money', mode: 'elementwise' },
    ],
    run: (attributed_revenue, gross_margin, marketing_cost) => romi(attributed_revenue, gross_margin, marketing_cost),
  }),
  defineFunction({
    id: 'CUSTOMERPROFIT',
    params: [
      { name: 'revenue', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'cost_to_serve', kind: 'money', mode: 'elementwise' },
      { name: 'acquisition_cost', kind: 'money', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    run: (revenue, gross_margin, cost_to_serve, acquisition_cost) =>
      customerProfit(revenue, gross_margin, cost_to_serve, acquisition_cost),
  }),
  defineFunction({
    id: 'MARGINLEVER',
    params: [
      { name: 'ebitda_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'margin_gain', kind: 'signedUnit', mode: 'elementwise' },
    ],
    run: (ebitda_margin, margin_gain) => marginLever(ebitda_margin, margin_gain),
  }),
  defineFunction({
    id: 'VELOCITY',
    params: [
      { name: 'opportunities', kind: 'count', mode: 'elementwise' },
      { name: 'win_rate', kind: 'rate', mode: 'elementwise' },
      { name: 'average_deal_value', kind: 'money', mode: 'elementwise' },
      { name: 'cycle_length', kind: 'duration', mode: 'elementwise' },
    ],
    run: (opportunities, win_rate, average_deal_value, cycle_length) =>
      velocity(opportunities, win_rate, average_deal_value, cycle_length),
  }),
  defineFunction({
    id: 'METRICKIND',
    params: [{ name: 'metric_name', kind: 'text', mode: 'elementwise' }],
    run: (metric_name) => metricKind(metric_name),
  }),
  defineFunction({
    id: 'FUNNELPLAN',
    params: [
      { name: 'revenue_targets', kind: 'periodList', mode: 'list' },
      SINGLE_DEAL,
      RATES,
      LAGS,
      { name: 'extend_growth', kind: 'growth', mode: 'single', optional: true, defaultValue: 0 },
      NAMES,
    ],
    run: (revenue_targets, average_deal_value, conversion_rates, stage_lags, extend_growth, stage_names) =>
      named(funnelPlan(revenue_targets, average_deal_value, conversion_rates, stage_lags, extend_growth), stage_names),
    spill: (s) => stageGrid(s.conversion_rates, s.revenue_targets, s.stage_names),
    transposeWhenColumn: 'revenue_targets',
  }),
  defineFunction({
    id: 'FUNNELFORECAST',
    params: [{ name: 'top_volumes', kind: 'periodList', mode: 'list', of: 'count' }, RATES, LAGS, NAMES],
    run: (top_volumes, conversion_rates, stage_lags, stage_names) =>
      named(funnelForecast(top_volumes, conversion_rates, stage_lags), stage_names),
    spill: (s) => stageGrid(s.conversion_rates, s.top_volumes, s.stage_names),
    transposeWhenColumn: 'top_volumes',
  }),
  defineFunction({
    id: 'PIPELINEHIT',
    params: [
      { name: 'deals_needed', kind: 'count', mode: 'elementwise' },
      { name: 'open_counts', kind: 'countList', mode: 'list', sameLength: { as: 'conversion_rates' } },
      RATES,
    ],
    run: (deals_needed, open_counts, conversion_rates) => pipelineHit(deals_needed, open_counts, conversion_rates),
  }),
  defineFunction({
    id: 'STAGERATES',
    params: [
      DATES,
      { name: 'confidence', kind: 'confidence', mode: 'single', optional: true, defaultValue: 0.9 },
      { name: 'as_of', kind: 'date', mode: 'single', optional: true },
      { name: 'min_age', kind: 'duration', mode: 'single', optional: true },
    ],
    run: (stage_dates, confidence, as_of, min_age) => stageRates(stage_dates, confidence, as_of, min_age),
    spill: (s) => ({ rows: transitions(s.stage_dates), cols: 4 }),
  }),
  defineFunction({
    id: 'STAGELAGS',
    params: [
      DATES,
      { name: 'quantile', kind: 'rate', mode: 'single', optional: true, defaultValue: 0.5 },
      { name: 'days_per_period', kind: 'duration', mode: 'single', optional: true, defaultValue: 1 },
    ],
    run: (stage_dates, quantile, days_per_period) => {
      const lags = stageLags(stage_dates, quantile, days_per_period);
      return Array.isArray(lags) ? lags.map((v) => [v]) : lags;
    },
    spill: (s) => ({ rows: transitions(s.stage_dates), cols: 1 }),
  }),
] as const;

/** The id of every ROI function ("REQUIREDLEADS"), from the table. */
export type FunctionId = (typeof TABLE)[number]['id'];

/** The names of one function's parameters ("average_deal_value"), from the table: code that checks a value as a function's argument names it by this type. */
export type ParamName<Id extends FunctionId> = Extract<
  (typeof TABLE)[number],
  { readonly id: Id }
>['params'][number]['name'];

/** A row of the table as the runner, the adapters and the docs read it. */
export type RuntimeSpec = FunctionDef<FunctionId>;

/**
 * The validated arguments of a call of `Id`, by parameter name, typed from its row
 * (`NamedArgs<'FUNNEL'>['conversion_rates']` is `readonly number[]`): what
 * `argumentsOf` returns.
 */
export type NamedArgs<Id extends FunctionId> =
  Extract<(typeof TABLE)[number], { id: Id }> extends FunctionDef<Id, infer Ps> ? NamedArgsOf<Ps> : never;
/** A parameter as the runner reads it. */
export type RuntimeParamSpec = RuntimeSpec['params'][number];

export const RUNTIME_FUNCTIONS: readonly RuntimeSpec[] = TABLE;

/** Every id, in table order. */
export const FUNCTION_IDS: readonly FunctionId[] = TABLE.map((f) => f.id);

/** Whether a string is the id of an ROI function (exact spelling: "CAC", not "cac"). */
export function isFunctionId(s: string): s is FunctionId {
  return (FUNCTION_IDS as readonly string[]).includes(s);
}
