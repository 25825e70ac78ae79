/**
 * The model's inputs, described once. Each row of MODEL_FIELDS is one input: its key in
 * ModelInputs, its one label (the task pane's and the sheet's), its kind (how the pane
 * reads what is typed), the core parameter it is checked as (so a value the core would
 * refuse is refused here with the core's verdict), its defined name, number format and
 * note on the sheet, its default, and the pane's section and hint. The stage table
 * (STAGE_COLUMNS) and the scenarios (SCENARIO_MODES) are described the same way.
 *
 * Everything else is generated from these rows: ModelInputs' scalar fields and defaults
 * (inputs.ts), validation and the pane's messages (inputs.ts, messages.ts), the form's
 * state and parsing (src/taskpane/state/form.ts), the pane's labels, hints and sections
 * (ModelView, StageEditor), the sheet's Inputs block and stage table (plan.ts), reading
 * the inputs back from the sheet (sheet.ts), the saved settings and `roi model --inputs`.
 * A new input is one row here (and, when an output uses it, a reference in outputs.ts).
 *
 * Pure data and types: no Office, no DOM.
 */
import type { FunctionId, ParamName } from '../../core';

/** How a number is typed and shown: money ("$50,000", "50k"), a percentage ("25" or "25%"), a count, months. */
export type FieldKind = 'money' | 'percent' | 'count' | 'months';

/** A parameter of an ROI function, by id and name (both checked by the compiler against the core's table). */
export type CoreParam = { [Id in FunctionId]: { readonly fn: Id; readonly param: ParamName<Id> } }[FunctionId];

/** The task pane's sections of the form, in order. */
export const PANE_SECTIONS = [
  { id: 'growth', title: 'Growth' },
  { id: 'deal', title: 'Deal' },
  { id: 'stages', title: 'Funnel stages' },
  { id: 'months', title: 'Month by month' },
  { id: 'economics', title: 'Economics' },
  { id: 'confidence', title: 'Plan and confidence' },
  { id: 'scenarios', title: 'Scenarios' },
] as const;
export type PaneSection = (typeof PANE_SECTIONS)[number]['id'];

/** The sheet's number formats, by what they show. */
export const FORMATS = {
  money: '$#,##0',
  money2: '$#,##0.00',
  percent: '0.0%',
  percent0: '0%',
  count: '#,##0',
  months: '0.0',
  ratio: '0.0"x"',
  whole: '0',
  weight: '0.00',
  text: '@',
  general: 'General',
} as const;

/** One input of the model. */
export interface ModelField {
  /** Where it lives in ModelInputs: a top-level key, or "scenarios.share". */
  readonly key: string;
  /** The one label: the pane's field label and the sheet's row label. */
  readonly label: string;
  readonly kind: FieldKind;
  /** The core parameter the value is checked as: its kind and domain, and the core's message for the sheet. */
  readonly checkedAs: CoreParam;
  /** The defined name of its cell on the model sheet (scoped to that sheet). */
  readonly name: string;
  readonly format: string;
  /** The note beside it on the sheet (column C). */
  readonly note: string;
  readonly default: number;
  /** The pane's section. */
  readonly section: PaneSection;
  /** Pane only: a hint under the box (percent fields add how to type a percentage). */
  readonly hint?: string;
  /** The sheet's note instead of `note` when the scenarios are typed (the field is then not used). */
  readonly manualScenarioNote?: string;
}

export const MODEL_FIELDS = [
  {
    key: 'currentRevenue',
    label: 'Current revenue (this year)',
    kind: 'money',
    checkedAs: { fn: 'REVENUEGAP', param: 'current_revenue' },
    name: 'ROI_CurrentRevenue',
    format: FORMATS.money,
    note: 'Revenue you start the year with.',
    default: 10_000_000,
    section: 'growth',
  },
  {
    key: 'growthRate',
    label: 'Growth target',
    kind: 'percent',
    checkedAs: { fn: 'REVENUEGAP', param: 'growth_rate' },
    name: 'ROI_GrowthRate',
    format: FORMATS.percent,
    note: 'Growth you aim for, as a share of current revenue.',
    default: 0.2,
    section: 'growth',
    hint: 'May be above 100%; negative for a planned decline.',
  },
  {
    key: 'churnRate',
    label: 'Revenue churn (year)',
    kind: 'percent',
    checkedAs: { fn: 'REVENUEGAP', param: 'churn_rate' },
    name: 'ROI_ChurnRate',
    format: FORMATS.percent,
    note: 'Share of current revenue you expect to lose in the year.',
    default: 0.1,
    section: 'growth',
  },
  {
    key: 'expansionShare',
    label: 'Expansion revenue share',
    kind: 'percent',
    checkedAs: { fn: 'REVENUEGAP', param: 'churn_rate' },
    name: 'ROI_ExpansionShare',
    format: FORMATS.percent,
    note: 'Share of the new revenue that existing customers bring (upsell, cross-sell); new customers must bring the rest.',
    default: 0,
    section: 'growth',
    hint: 'Upsell and cross-sell from customers you have. 0 when new customers must bring it all.',
  },
  {
    key: 'averageDealValue',
    label: 'Average deal value (a year)',
    kind: 'money',
    checkedAs: { fn: 'REQUIREDDEALS', param: 'average_deal_value' },
    name: 'ROI_DealValue',
    format: FORMATS.money,
    note: 'What one won customer pays in a year.',
    default: 50_000,
    section: 'deal',
  },
  {
    key: 'salesCycleMonths',
    label: 'Sales cycle (months)',
    kind: 'months',
    checkedAs: { fn: 'VELOCITY', param: 'cycle_length' },
    name: 'ROI_SalesCycle',
    format: FORMATS.months,
    note: 'Months from qualified opportunity to signed deal.',
    default: 3,
    section: 'deal',
  },
  {
    key: 'grossMargin',
    label: 'Gross margin',
    kind: 'percent',
    checkedAs: { fn: 'LTV', param: 'gross_margin' },
    name: 'ROI_GrossMargin',
    format: FORMATS.percent,
    note: 'Share of revenue left after the cost of delivering it.',
    default: 0.8,
    section: 'economics',
  },
  {
    key: 'marketingBudget',
    label: 'Marketing budget (year)',
    kind: 'money',
    checkedAs: { fn: 'CAC', param: 'acquisition_cost' },
    name: 'ROI_MarketingBudget',
    format: FORMATS.money,
    note: 'What you spend to win the new customers.',
    default: 1_000_000,
    section: 'economics',
  },
  {
    key: 'costToServe',
    label: 'Cost to serve a customer (year)',
    kind: 'money',
    checkedAs: { fn: 'CUSTOMERPROFIT', param: 'cost_to_serve' },
    name: 'ROI_CostToServe',
    format: FORMATS.money,
    note: 'Support, success and custom work for one customer.',
    default: 5_000,
    section: 'economics',
  },
  {
    key: 'marketingShare',
    label: "Marketing's share of opportunities",
    kind: 'percent',
    checkedAs: { fn: 'REQUIREDOPPS', param: 'marketing_share' },
    name: 'ROI_MarketingShare',
    format: FORMATS.percent,
    note: 'Share of qualified opportunities marketing sources (the rest: sales, partners).',
    default: 1,
    section: 'economics',
    hint: 'The rest come from sales and partners.',
  },
  {
    key: 'plannedLeadsPerMonth',
    label: 'Planned leads a month',
    kind: 'count',
    checkedAs: { fn: 'HITPROBABILITY', param: 'planned_leads' },
    name: 'ROI_PlannedLeads',
    format: FORMATS.count,
    note: 'Leads a month your plan delivers.',
    default: 110,
    section: 'confidence',
    hint: 'What marketing plans to deliver.',
  },
  {
    key: 'confidence',
    label: 'Confidence',
    kind: 'percent',
    checkedAs: { fn: 'REQUIREDLEADS', param: 'confidence' },
    name: 'ROI_Confidence',
    format: FORMATS.percent0,
    note: 'How sure you want to be of reaching the target.',
    default: 0.9,
    section: 'confidence',
    hint: 'How sure the plan should be of reaching the target, e.g. 90.',
  },
  {
    key: 'sensitivityStep',
    label: 'Sensitivity step',
    kind: 'percent',
    checkedAs: { fn: 'SENSITIVITY', param: 'step' },
    name: 'ROI_Step',
    format: FORMATS.percent,
    note: 'How far "What moves the number" raises one rate at a time (1% = one point).',
    default: 0.01,
    section: 'confidence',
    hint: '1 shows what one more point of each rate saves.',
  },
  {
    key: 'scenarios.share',
    label: 'Scenario share',
    kind: 'percent',
    checkedAs: { fn: 'REVENUEGAP', param: 'churn_rate' },
    name: 'ROI_ScenarioShare',
    format: FORMATS.percent0,
    note: 'Low and High scenarios are Base minus and plus this share.',
    manualScenarioNote: 'Not used: the Low and High scenario values below are typed.',
    default: 0.1,
    section: 'scenarios',
    hint: '10 makes Low 10% below Base and High 10% above (rates at most 100%).',
  },
  {
    key: 'fiscalStartMonth',
    label: 'Fiscal year starts in month',
    kind: 'count',
    checkedAs: { fn: 'REQUIREDOPPS', param: 'periods' },
    name: 'ROI_FiscalStart',
    format: FORMATS.whole,
    note: 'The month your year starts: 1 = January, 4 = April, ... 12 = December. "Month by month" starts there.',
    default: 1,
    section: 'months',
    hint: '1 = January, 4 = April, 7 = July, 10 = October.',
  },
] as const satisfies readonly ModelField[];

export type FieldKey = (typeof MODEL_FIELDS)[number]['key'];
/** The inputs that are top-level numbers of ModelInputs (all but the nested scenario share). */
export type ScalarKey = Exclude<FieldKey, `${string}.${string}`>;

export const FIELD_BY_KEY: ReadonlyMap<string, ModelField> = new Map(MODEL_FIELDS.map((f) => [f.key, f]));

export function fieldsIn(section: PaneSection): readonly ModelField[] {
  return MODEL_FIELDS.filter((f) => f.section === section);
}

/**
 * The stage table: one row per funnel stage, top first, with these columns. `name` and
 * `label` are text; each numeric column is checked as its core parameter and laid out as a
 * column of the sheet's stage table with its list name. The lag column (months from
 * entering a stage to entering the next; the last, to the deal) follows the rate and its
 * name (the name stays right beside its rate, where Review's labels look for it):
 * FUNNELPLAN and FUNNELFORECAST take it as stage_lags, and Calibrate writes measured lags
 * into it (ROI_Lags). A new stage's lag depends on the sales cycle: defaultLags (inputs.ts).
 */
export interface StageColumn {
  readonly key: string;
  /** The column's header on the sheet. */
  readonly header: string;
  /** The defined name of the column's cells (the stage rows; the names column adds the won row). */
  readonly name: string;
  readonly kind: 'text' | FieldKind;
  readonly checkedAs?: CoreParam;
  readonly format?: string;
  /** A new stage's value (the pane's Add stage). */
  readonly default?: number;
  /** Pane only: the box's label for stage i (numeric columns), from the rate's name. */
  readonly paneLabel?: (rateName: string, last: boolean) => string;
}

export const STAGE_COLUMNS = [
  { key: 'name', header: 'Stage (top first)', name: 'ROI_StageNames', kind: 'text' },
  {
    key: 'rate',
    header: 'Converts to next',
    name: 'ROI_Rates',
    kind: 'percent',
    checkedAs: { fn: 'FUNNEL', param: 'conversion_rates' },
    format: FORMATS.percent,
    default: 0.5,
    paneLabel: (rateName: string, last: boolean) => `${rateName}${last ? '' : ' rate'}`,
  },
  { key: 'label', header: 'Rate name', name: 'ROI_RateNames', kind: 'text' },
  {
    key: 'lag',
    header: 'Lag (months)',
    name: 'ROI_Lags',
    kind: 'months',
    checkedAs: { fn: 'FUNNELPLAN', param: 'stage_lags' },
    format: FORMATS.months,
    default: 0.5,
    paneLabel: (rateName: string, last: boolean) =>
      last ? 'Months to close (lag)' : `Months to the next stage (${rateName} lag)`,
  },
] as const satisfies readonly StageColumn[];

/** The numeric columns of the stage table (each a list the ROI functions take). */
export type StageNumberColumn = Extract<(typeof STAGE_COLUMNS)[number], { readonly checkedAs: CoreParam }>;
export type StageNumberKey = StageNumberColumn['key'];
export const STAGE_NUMBER_COLUMNS = STAGE_COLUMNS.filter(
  (c): c is StageNumberColumn => 'checkedAs' in c && c.checkedAs !== undefined,
);

/**
 * The most stages a model has: the rows its stage table keeps (so stages can be added on
 * the sheet or by Update without moving anything). More is refused with a message.
 */
export const STAGE_CAPACITY = 10;
/** The longest stage name or rate name (a name is a label, not a document). */
export const MAX_NAME_LENGTH = 255;

/** The scenarios: Low and High as Base -/+ the scenario share, or typed one by one. */
export const SCENARIO_MODES = [
  { id: 'share', label: 'Base minus and plus a share' },
  { id: 'manual', label: 'Type Low and High for each value' },
] as const;
export type ScenarioMode = (typeof SCENARIO_MODES)[number]['id'];
export const SCENARIO_NAMES = ['Low', 'Base', 'High'] as const;

/** Months in the plan's year: the seasonality weights and the month columns of "Month by month" and "Pace". */
export const YEAR_MONTHS = 12;
/** The seasonality: one weight per month of the fiscal year; each month's target is its share of the sum. */
export const SEASONALITY = {
  name: 'ROI_Seasonality',
  label: 'Seasonality weight',
  /** Each weight is checked as a revenue target is (a number >= 0); their sum must be above 0. */
  checkedAs: { fn: 'FUNNELPLAN', param: 'revenue_targets' },
  format: FORMATS.weight,
  default: 1,
} as const satisfies { name: string; label: string; checkedAs: CoreParam; format: string; default: number };
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
