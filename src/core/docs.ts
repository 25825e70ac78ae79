/**
 * The words about each ROI.* function, keyed by id: category, description, formula,
 * parameter descriptions (keyed by parameter name), documented errors, decisions where
 * the spec is silent, and worked examples. The one source of that text: catalog.ts
 * merges it with the runtime table (functions.ts) into FUNCTIONS, from which
 * functions.json, the reference, docs/functions.md and the example tests are made.
 * Only build-time code, the reference and tests import it; functions.js does not.
 */
import { MAX_STAGES } from './args';
import type { FunctionId } from './functions';
import { knownMetricCount } from './metrics';

export interface ExampleSpec {
  formula: string;
  /** The expected value: a number (compared to 1e-9 relative), text, an error code such as "#DIV/0!", or rows. */
  result: number | string | Array<Array<number | string>>;
  note?: string;
}

export type FunctionCategory =
  | 'Growth target'
  | 'Reverse funnel'
  | 'Lead quality'
  | 'Unit economics'
  | 'Outcomes, not outputs'
  | 'Time'
  | 'Calibrating';

export interface FunctionDocs {
  category: FunctionCategory;
  description: string;
  /** The formula in words and symbols, for the reference. */
  formula: string;
  /** The description of each parameter, by its name in the runtime table. */
  params: Record<string, string>;
  errors: Array<{ code: string; when: string }>;
  /** Decisions taken where the spec is silent. */
  notes: string[];
  examples: ExampleSpec[];
}

const TARGET_DOC = { revenue_target: 'New revenue to win, in money (for example the result of ROI.REVENUEGAP).' };
const DEAL_DOC = { average_deal_value: 'Average value of one won deal, in money.' };
const RATES_DOC = {
  conversion_rates:
    'Stage-to-stage conversion rates, top stage first, ending with the close rate (qualified opportunity to won). A range or array such as {0.5,0.4,0.25}.',
};

/** Every function that takes conversion_rates. */
const STAGE_CAP = {
  code: '#NUM!',
  when: `conversion_rates has more than ${MAX_STAGES.toLocaleString('en-US')} rates (blank cells skipped): a funnel of more stages is not supported`,
};
const STAGE_CAP_NOTE = `At most ${MAX_STAGES.toLocaleString('en-US')} stages, and the work grows in step with them: a funnel of 1,000 rates costs about what 1,000 single products would.`;

const LAGS_DOC =
  'Time from entering each stage to entering the next, in periods, one per conversion rate (the last is from the last stage to won); fractional allowed, each in [0, 1000]. A lag of 0 must be typed as 0: blank cells are skipped, as in conversion_rates.';
const NAMES_DOC =
  'Optional names, one per row (one more than there are rates, deals last), shown as a first column (a first row when the periods are a column).';
const ORIENTATION_NOTE =
  'Orientation: stages as rows and periods as columns; when the period list is a column of more than one cell, the result is transposed (periods as rows, stages as columns), so it lines up beside your own months. A single period is a row.';
const NAMES_NOTE =
  'stage_names of the wrong count, and stage_lags not one per rate (blank cells are skipped in both alike), are #VALUE! before anything is computed, whatever the other arguments.';
const TIME_LIST_ERRORS = [
  {
    code: '#VALUE!',
    when: 'stage_lags has not one lag per conversion rate, stage_names not one name per row, or a list is a block of several rows and columns',
  },
];
const DATES_DOC =
  'The date each record entered each stage: one column per stage (top first, won last), one row per record, at least two columns. Dates or blanks (a time of day counts as its fraction of a day).';
const DATE_ERRORS = [
  {
    code: '#VALUE!',
    when: 'stage_dates has fewer than two columns, or holds text (a text date: the message names the row and says how to convert it) or TRUE/FALSE; an argument is text, TRUE/FALSE, or stage_dates is missing',
  },
  { code: '#NUM!', when: 'stage_dates holds a negative number (the message names the row)' },
  {
    code: '(any error)',
    when: 'an argument holds an Excel error: the first one, in argument order (row by row in stage_dates), is returned unchanged',
  },
];

const COMMON_ERRORS = [
  {
    code: '#VALUE!',
    when: 'an argument is text (also "25%" typed as text), TRUE/FALSE, or a required argument is missing or blank; ranges of different shapes',
  },
  {
    code: '(any error)',
    when: 'an argument holds an Excel error: the first one, in argument order, is returned unchanged',
  },
];

export const DOCS: Record<FunctionId, FunctionDocs> = {
  REVENUEGAP: {
    category: 'Growth target',
    description: 'New revenue to win in the period to reach the growth target and replace churned revenue.',
    formula: 'current_revenue * (growth_rate + churn_rate)',
    params: {
      current_revenue: "This period's revenue, in money.",
      growth_rate: 'Target growth as a fraction (20% or 0.2); may exceed 1 (150% is 1.5); at least -1.',
      churn_rate: 'Share of current revenue expected to churn, a rate (default 0).',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'current_revenue < 0, growth_rate < -1, churn_rate outside [0, 1]' },
    ],
    notes: ['A negative growth rate that churn does not offset gives a negative gap: the plan shrinks revenue.'],
    examples: [
      { formula: '=ROI.REVENUEGAP(10000000, 20%, 10%)', result: 3000000 },
      { formula: '=ROI.REVENUEGAP(2000000, 150%)', result: 3000000, note: 'growth may exceed 100%' },
      {
        formula: '=ROI.REVENUEGAP(1000000, 20%, 2)',
        result: '#NUM!',
        note: 'a churn of 2 is not a rate: enter 2% or 0.02',
      },
    ],
  },
  REQUIREDDEALS: {
    category: 'Reverse funnel',
    description: 'Whole deals needed to reach a revenue target (rounded up).',
    formula: 'ceilWhole(revenue_target / average_deal_value)',
    params: {
      ...TARGET_DOC,
      ...DEAL_DOC,
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'a negative argument' },
      { code: '#DIV/0!', when: 'average_deal_value is 0 (and the target is not)' },
    ],
    notes: [
      'A revenue target of 0 needs 0 deals, whatever the deal value.',
      'ceilWhole(x) = ceil(x - 1e-9 * max(1, |x|)): floating-point noise never adds a deal.',
      'The tolerance is capped at half a unit and applied without cancellation, so an exact whole number is never rounded down: taken literally, the formula would turn 2,000,000,000 into 1,999,999,998.',
    ],
    examples: [
      { formula: '=ROI.REQUIREDDEALS(3000000, 50000)', result: 60 },
      { formula: '=ROI.REQUIREDDEALS(3010000, 50000)', result: 61, note: 'part of a deal is a whole deal' },
      { formula: '=ROI.REQUIREDDEALS(3000000, 0)', result: '#DIV/0!' },
    ],
  },
  REQUIREDLEADS: {
    category: 'Reverse funnel',
    description:
      'Volume needed at the top of the funnel to reach a revenue target; with a confidence, the volume that reaches it with that probability.',
    formula:
      'ceilWhole(deals / (r1 * r2 * ... * rk)), deals = ROI.REQUIREDDEALS; with confidence c: the least N with P(Binomial(N, r1*...*rk) >= deals) >= c',
    params: {
      ...TARGET_DOC,
      ...DEAL_DOC,
      ...RATES_DOC,
      confidence: 'Optional probability (for example 90%) of reaching the target; blank for the expected volume.',
    },
    errors: [
      ...COMMON_ERRORS,
      {
        code: '#NUM!',
        when: 'negative money, a rate outside [0, 1], confidence not strictly between 0 and 1, or an answer too large to compute exactly',
      },
      {
        code: '#DIV/0!',
        when: 'average_deal_value is 0, or a conversion rate is 0 (no number of leads reaches the target)',
      },
      { code: '#VALUE!', when: 'conversion_rates is a block of several rows and columns, or has no numbers' },
      STAGE_CAP,
    ],
    notes: [
      'A revenue target of 0 needs 0 leads, even with a rate of 0 (HITPROBABILITY is 1 there).',
      'The confidence mode is exact: the binomial tail is the regularized incomplete beta function I_p(deals, N - deals + 1).',
      'Elementwise over revenue_target: a row of monthly targets spills the leads needed each month.',
    ],
    examples: [
      {
        formula: '=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0.4,0.25})',
        result: 1200,
        note: '60 deals, 240 SQOs, 600 SALs, 1,200 leads',
      },
      {
        formula: '=ROI.REQUIREDLEADS(50000, 5000, {0.9,0.45})',
        result: 25,
        note: '10 deals, 23 qualified, 25 leads: 24.69 rounded up once',
      },
      {
        formula: '=ROI.REQUIREDLEADS(10, 1, {0.01, 0.2777777777777778})',
        result: 3600,
        note: '10 sales, 36 opt-ins, 3,600 visitors',
      },
      {
        formula: '=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0.4,0.25}, 90%)',
        result: 1397,
        note: '1,397 leads give a 90% chance of 60 or more deals',
      },
      {
        formula: '=ROI.REQUIREDLEADS({1000000,2000000}, 50000, {0.5,0.25})',
        result: [[160, 320]],
        note: 'monthly targets spill monthly volumes',
      },
      { formula: '=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0,0.25})', result: '#DIV/0!' },
      {
        formula: '=ROI.REQUIREDLEADS(3000000, 50000, {50,40,25})',
        result: '#NUM!',
        note: 'rates typed as whole percentages',
      },
    ],
  },
  FUNNEL: {
    category: 'Reverse funnel',
    description:
      'Spills the whole reverse funnel as a column, top stage first, deals last; with stage_names, two columns: name, volume.',
    formula: 'volume at stage i = ceilWhole(deals / (ri * ... * rk)); last row = deals',
    params: {
      ...TARGET_DOC,
      ...DEAL_DOC,
      ...RATES_DOC,
      stage_names: 'Optional names, one per row (one more than there are rates), for a two-column spill.',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'negative money or a rate outside [0, 1]' },
      STAGE_CAP,
      { code: '#DIV/0!', when: 'average_deal_value is 0 or a conversion rate is 0' },
      {
        code: '#VALUE!',
        when: 'stage_names has the wrong number of names; revenue_target or average_deal_value is a range (the result already spills)',
      },
    ],
    notes: [
      'revenue_target and average_deal_value take single values: the funnel itself is the spill.',
      'Its first row always equals ROI.REQUIREDLEADS for the same arguments: every stage is rounded from the same products of the rates, multiplied from the close rate up.',
      'stage_names of the wrong count is #VALUE! before anything is computed, whatever the other arguments (a deal value of 0 with two names for four rows is #VALUE!, not #DIV/0!).',
      STAGE_CAP_NOTE,
    ],
    examples: [
      { formula: '=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25})', result: [[1200], [600], [240], [60]] },
      {
        formula: '=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25}, {"Leads","SALs","SQOs","Deals"})',
        result: [
          ['Leads', 1200],
          ['SALs', 600],
          ['SQOs', 240],
          ['Deals', 60],
        ],
      },
      {
        formula: '=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25}, {"Leads","Deals"})',
        result: '#VALUE!',
        note: 'two names for four rows',
      },
    ],
  },
  REQUIREDOPPS: {
    category: 'Reverse funnel',
    description: 'Qualified opportunities marketing must source per period to reach a revenue target.',
    formula: 'ceilWhole(ceilWhole(ceilWhole(deals / win_rate) / periods) * marketing_share)',
    params: {
      ...TARGET_DOC,
      ...DEAL_DOC,
      win_rate: 'Share of qualified opportunities won, a rate.',
      periods: 'Periods the target is spread over, a whole number >= 1 (default 1; 12 for months of a year).',
      marketing_share: 'Share of opportunities marketing sources, a rate (default 100%).',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'negative money, a rate outside [0, 1], periods not a whole number >= 1' },
      { code: '#DIV/0!', when: 'average_deal_value or win_rate is 0' },
    ],
    notes: ['A target of 0 needs 0 opportunities.'],
    examples: [
      {
        formula: '=ROI.REQUIREDOPPS(3000000, 50000, 25%, 12, 60%)',
        result: 12,
        note: '240 a year, 20 a month, 12 from marketing',
      },
      { formula: '=ROI.REQUIREDOPPS(3000000, 50000, 25%)', result: 240 },
      { formula: '=ROI.REQUIREDOPPS(3000000, 50000, 25%, 2.5)', result: '#NUM!' },
    ],
  },
  SENSITIVITY: {
    category: 'Reverse funnel',
    description:
      'Which stage to improve: for each rate, the top-of-funnel volume if it rose by step, and the change against today.',
    formula: 'row i: ROI.REQUIREDLEADS with ri + step (capped at 1), and (that - today) / today',
    params: {
      ...TARGET_DOC,
      ...DEAL_DOC,
      ...RATES_DOC,
      step: 'Absolute points to add to one rate at a time, a rate above 0 (default 1%).',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'negative money, a rate outside [0, 1], step not in (0, 1]' },
      STAGE_CAP,
      { code: '#DIV/0!', when: 'average_deal_value or a conversion rate is 0' },
    ],
    notes: [
      "The change is 0 when today's volume is 0.",
      'Spills one row per rate, in the order given, two columns.',
      STAGE_CAP_NOTE,
    ],
    examples: [
      {
        formula: '=ROI.SENSITIVITY(3000000, 50000, {0.5,0.4,0.25}, 5%)',
        result: [
          [1091, -0.09083333333333334],
          [1067, -0.11083333333333334],
          [1000, -0.16666666666666666],
        ],
        note: 'five more points of close rate save the most',
      },
      { formula: '=ROI.SENSITIVITY(3000000, 50000, {0.5,0.4,0.25}, 0)', result: '#NUM!' },
    ],
  },
  HITPROBABILITY: {
    category: 'Reverse funnel',
    description: 'Probability of reaching the revenue target from the planned top-of-funnel leads.',
    formula: 'P(Binomial(floor(planned_leads), r1*...*rk) >= deals), deals = ROI.REQUIREDDEALS',
    params: {
      planned_leads: 'Top-of-funnel leads planned (whole leads count; a fraction is rounded down).',
      ...TARGET_DOC,
      ...DEAL_DOC,
      ...RATES_DOC,
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'a negative number or a rate outside [0, 1]' },
      STAGE_CAP,
      { code: '#DIV/0!', when: 'average_deal_value is 0 (and the target is not)' },
    ],
    notes: [
      'A rate of 0 gives 0; a target that needs no deal gives 1.',
      'Exact to 1e-9 (regularized incomplete beta), fast up to 10^8 leads.',
    ],
    examples: [
      {
        formula: '=ROI.HITPROBABILITY(1200, 3000000, 50000, {0.5,0.4,0.25})',
        result: 0.51849391,
        note: 'planning the expected volume is roughly a coin toss',
      },
      { formula: '=ROI.HITPROBABILITY(1200, 0, 50000, {0.5,0.4,0.25})', result: 1 },
      { formula: '=ROI.HITPROBABILITY(1200, 3000000, 50000, {0.5,0,0.25})', result: 0 },
    ],
  },
  LEADQUALITY: {
    category: 'Lead quality',
    description:
      'Share of leads that sales accepted as qualified opportunities; with a confidence, its Wilson lower bound.',
    formula: 'qualified / leads; with confidence c: the one-sided Wilson score lower bound, z = NORM.S.INV(c)',
    params: {
      leads: 'Leads from the source.',
      qualified: 'Of those, leads sales accepted and works as qualified opportunities.',
      confidence: 'Optional confidence (for example 90%) for a lower bound that does not reward small samples.',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#DIV/0!', when: 'leads is 0 (checked first)' },
      { code: '#NUM!', when: 'a negative count, qualified > leads, confidence not strictly between 0 and 1' },
    ],
    notes: ['Counts need not be whole (averages are allowed); the Wilson bound is clamped to [0, 1].'],
    examples: [
      { formula: '=ROI.LEADQUALITY(2300, 23)', result: 0.01, note: 'the trade-show prize draw' },
      { formula: '=ROI.LEADQUALITY(200, 40)', result: 0.2, note: 'the webinar' },
      { formula: '=ROI.LEADQUALITY(10, 3, 95%)', result: 0.12687658 },
      { formula: '=ROI.LEADQUALITY(0, 0)', result: '#DIV/0!' },
      { formula: '=ROI.LEADQUALITY(10, 12)', result: '#NUM!' },
    ],
  },
  CAC: {
    category: 'Unit economics',
    description: 'Customer acquisition cost: what it cost to win each new customer.',
    formula: 'acquisition_cost / new_customers',
    params: {
      acquisition_cost: 'Sales and marketing cost of acquiring the customers, in money.',
      new_customers: 'New customers won with that cost.',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'a negative argument' },
      { code: '#DIV/0!', when: 'new_customers is 0' },
    ],
    notes: [],
    examples: [
      { formula: '=ROI.CAC(600000, 30)', result: 20000 },
      { formula: '=ROI.CAC(600000, 0)', result: '#DIV/0!' },
    ],
  },
  LTV: {
    category: 'Unit economics',
    description: "Lifetime value: margin earned over a customer's life, optionally discounted.",
    formula: 'revenue_per_period * gross_margin / (churn_rate + discount_rate)',
    params: {
      revenue_per_period: 'Revenue from one customer per period, in money.',
      gross_margin: 'Gross margin, a rate.',
      churn_rate: 'Share of customers lost per period, a rate.',
      discount_rate: 'Discount rate per period, a rate (default 0).',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'a negative revenue, a rate outside [0, 1], or churn and discount both 0 (unbounded)' },
    ],
    notes: ['The sum over t >= 1 of R*m*(1-churn)^(t-1)/(1+discount)^t, in closed form.'],
    examples: [
      { formula: '=ROI.LTV(1000, 80%, 2%)', result: 40000 },
      { formula: '=ROI.LTV(1000, 80%, 2%, 2%)', result: 20000 },
      { formula: '=ROI.LTV(1000, 80%, 0)', result: '#NUM!', note: 'no churn and no discount: unbounded' },
    ],
  },
  PAYBACK: {
    category: 'Unit economics',
    description: 'Periods of margin (fractional) until the acquisition cost is earned back.',
    formula: 'cac / (R * m); with churn c: ln(1 - cac*c/(R*m)) / ln(1 - c)',
    params: {
      cac: 'Acquisition cost of one customer, in money.',
      revenue_per_period: 'Revenue from one customer per period, in money.',
      gross_margin: 'Gross margin, a rate.',
      churn_rate: 'Share of customers lost per period, a rate (default 0).',
    },
    errors: [
      ...COMMON_ERRORS,
      {
        code: '#NUM!',
        when: "a negative money value, a rate outside [0, 1], or the customer's whole lifetime margin never reaches cac",
      },
      { code: '#DIV/0!', when: 'revenue_per_period * gross_margin is 0 and cac is not' },
    ],
    notes: [
      'A cac of 0 is paid back at once: 0 periods.',
      'A churn of 100% means the customer stays one period: cac / (R*m) when that is at most 1, otherwise #NUM!.',
    ],
    examples: [
      { formula: '=ROI.PAYBACK(20000, 1000, 80%)', result: 25 },
      { formula: '=ROI.PAYBACK(20000, 1000, 80%, 2%)', result: 34.3096184915 },
      {
        formula: '=ROI.PAYBACK(50000, 1000, 80%, 2%)',
        result: '#NUM!',
        note: 'lifetime margin 40,000 never reaches 50,000',
      },
    ],
  },
  ROMI: {
    category: 'Unit economics',
    description: 'Return on marketing investment, on margin rather than revenue.',
    formula: '(attributed_revenue * gross_margin - marketing_cost) / marketing_cost',
    params: {
      attributed_revenue: 'Revenue attributed to the marketing, in money.',
      gross_margin: 'Gross margin, a rate.',
      marketing_cost: 'What the marketing cost, in money.',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'a negative money value or a rate outside [0, 1]' },
      { code: '#DIV/0!', when: 'marketing_cost is 0' },
    ],
    notes: ['-1 means the whole spend was lost; 0 means it paid for itself in margin.'],
    examples: [
      { formula: '=ROI.ROMI(500000, 60%, 100000)', result: 2 },
      { formula: '=ROI.ROMI(500000, 60%, 0)', result: '#DIV/0!' },
    ],
  },
  CUSTOMERPROFIT: {
    category: 'Unit economics',
    description: 'Profit from a customer after the cost to serve and to acquire them; negative is bad revenue.',
    formula: 'revenue * gross_margin - cost_to_serve - acquisition_cost',
    params: {
      revenue: "The customer's revenue, in money.",
      gross_margin: 'Gross margin, a rate.',
      cost_to_serve: 'Cost of serving the customer (support, success, custom work), in money.',
      acquisition_cost: 'Cost of winning the customer, in money (default 0).',
    },
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'a negative money value or a rate outside [0, 1]' }],
    notes: [],
    examples: [
      {
        formula: '=ROI.CUSTOMERPROFIT(120000, 60%, 50000, 30000)',
        result: -8000,
        note: 'not all revenue is good revenue',
      },
      { formula: '=ROI.CUSTOMERPROFIT(120000, 60%, 20000)', result: 52000 },
    ],
  },
  MARGINLEVER: {
    category: 'Unit economics',
    description: 'Revenue growth, at unchanged margin, that adds as much profit as margin_gain more points of margin.',
    formula: 'margin_gain / ebitda_margin',
    params: {
      ebitda_margin: 'Current EBITDA margin, a rate.',
      margin_gain: 'Points of margin gained, between -1 and 1 (2% or 0.02).',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'ebitda_margin outside [0, 1] or margin_gain outside [-1, 1]' },
      { code: '#DIV/0!', when: 'ebitda_margin is 0' },
    ],
    notes: ['A loss of margin gives a negative answer: the revenue growth that loss cancels.'],
    examples: [
      { formula: '=ROI.MARGINLEVER(20%, 2%)', result: 0.1, note: '2 points of margin are worth 10% more revenue' },
      { formula: '=ROI.MARGINLEVER(0, 2%)', result: '#DIV/0!' },
    ],
  },
  VELOCITY: {
    category: 'Unit economics',
    description: 'Sales velocity: revenue the pipeline produces per period.',
    formula: 'opportunities * win_rate * average_deal_value / cycle_length',
    params: {
      opportunities: 'Qualified opportunities in the pipeline.',
      win_rate: 'Share of opportunities won, a rate.',
      average_deal_value: 'Average value of one won deal, in money.',
      cycle_length: 'Sales cycle length in periods (for example days or months).',
    },
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'a negative number or a rate outside [0, 1]' },
      { code: '#DIV/0!', when: 'cycle_length is 0' },
    ],
    notes: ['The answer is per unit of cycle_length: days give revenue per day.'],
    examples: [
      { formula: '=ROI.VELOCITY(240, 25%, 50000, 3)', result: 1000000 },
      { formula: '=ROI.VELOCITY(240, 25%, 50000, 0)', result: '#DIV/0!' },
    ],
  },
  METRICKIND: {
    category: 'Outcomes, not outputs',
    description:
      'Whether a marketing metric is an "output" (what marketing ships), a "result" (responses in between) or an "outcome" (what moves the business), from its name.',
    formula: `the kind of the name's head noun (its last noun; ${knownMetricCount()} known nouns and phrases), after case, punctuation, plurals, qualifiers, periods and verbs are set aside`,
    params: {
      metric_name:
        'The name of a marketing metric as your dashboard writes it, such as "Website visits", "# of MQLs (monthly)" or "LTV:CAC". A range of names spills.',
    },
    errors: [
      {
        code: '#N/A',
        when: 'a name it cannot place (the message suggests the nearest known names), or one longer than 255 characters',
      },
      { code: '#VALUE!', when: 'a number, TRUE/FALSE, or a blank name' },
    ],
    notes: [
      'Case, punctuation, units in brackets and plurals do not matter ("Lead", "leads", "LEADS!", "Revenue ($)"); neither do counts ("# of", "Number of"), qualifiers (website, site, total, new, organic, paid, social, inbound, outbound, marketing-sourced), periods (monthly, YTD, Q1, this quarter) or measures of the head (rate, value, growth, coverage: "Pipeline value" is pipeline).',
      'The head is the last noun: "Webinar attendees" is about attendees (a result), "Closed-won revenue" about revenue (an outcome). Words before it may be anything ("LinkedIn leads"); an unknown last word makes the name unknown ("Customer support tickets").',
      'Verbs: doing (sent, published, hosted, generated, and any other -ed word) keeps the kind; closing (won, closed, booked, signed, lost, renewed) makes a deal, opportunity, account or pipeline an outcome ("Opportunities won"), while created or open they are results; responding (opened, clicked, viewed, downloaded) makes an output a result ("Emails opened").',
      'Ratios ("per", "to", "of", ":" and "/"): the kind of the first part ("LTV:CAC" is an outcome, "MQL to SQL rate" a result); the cost of something is the kind of that thing ("Cost per lead" a result, "Cost per customer" an outcome); an output per response is a result ("Pages per session"). A breakdown after "by", "vs", "from", "in" is set aside ("Revenue by channel").',
      'Judgement calls: leads, MQLs, SQLs, opportunities and the pipeline (also "Pipeline revenue") are results, money not yet won. Cost per lead, per click and per acquisition (CPA, read as cost per conversion) are result-level efficiency figures; cost per customer is CAC, an outcome. Deal size, contract and order value (ACV, AOV, ARPU) are outcomes: revenue per customer. ROI, ROMI and ROAS are outcomes: money back for money spent. Spend, cost and budget are outputs: money put in, not what it earned. Brand awareness (as measured) and market share are outcomes, as the spec lists them.',
      'A kind written in brackets at the end of a name is your own label and wins: "Partner score (result)".',
      "An unknown name's message suggests up to three known names that share the most letter pairs with it, and shows the name cut to 60 characters, without control or bidi characters.",
    ],
    examples: [
      { formula: '=ROI.METRICKIND("Emails sent")', result: 'output' },
      { formula: '=ROI.METRICKIND("page views")', result: 'result' },
      { formula: '=ROI.METRICKIND("Customer Lifetime Value")', result: 'outcome' },
      { formula: '=ROI.METRICKIND({"MQLs","Churn rate","Impressions"})', result: [['result', 'outcome', 'output']] },
      { formula: '=ROI.METRICKIND("Website visits")', result: 'result' },
      { formula: '=ROI.METRICKIND("Closed-won revenue")', result: 'outcome' },
      { formula: '=ROI.METRICKIND("Opportunities created")', result: 'result' },
      { formula: '=ROI.METRICKIND("Opportunities won")', result: 'outcome' },
      { formula: '=ROI.METRICKIND("# of webinars hosted (monthly)")', result: 'output' },
      { formula: '=ROI.METRICKIND("LTV:CAC")', result: 'outcome' },
      { formula: '=ROI.METRICKIND("Cost per lead")', result: 'result' },
      { formula: '=ROI.METRICKIND("Cost per customer")', result: 'outcome' },
      { formula: '=ROI.METRICKIND("Partner score (result)")', result: 'result' },
      { formula: '=ROI.METRICKIND("vibes")', result: '#N/A' },
    ],
  },
  FUNNELPLAN: {
    category: 'Time',
    description:
      'How much must enter each stage in each period so that the deals close on time: the reverse funnel on a calendar, with the time each stage takes.',
    formula:
      'deals D(t) = ceilWhole((T1 + ... + Tt) / average_deal_value); each stage from the bottom up, lag L = l + f: need(i, t) = ((1-f) need(i+1, t+l) + f need(i+1, t+l+1)) / ri; rounded once, cumulatively: V(i, t) = ceilWhole(need(i, 1-horizon) + ... + need(i, t)); columns: "before" = V(i, 0), then V(i, t) - V(i, t-1)',
    params: {
      revenue_targets:
        'Revenue to close in each period, one row or one column in time order (months, quarters: whatever your sheet uses). Blank cells are 0.',
      average_deal_value: 'Average value of one won deal, in money (a single value).',
      ...RATES_DOC,
      stage_lags: LAGS_DOC,
      extend_growth:
        "Growth of the targets past the last period, per cycle of the periods given (default 0): next year's January is this January grown by it. At least -1.",
      stage_names: NAMES_DOC,
    },
    errors: [
      ...COMMON_ERRORS,
      ...TIME_LIST_ERRORS,
      {
        code: '#NUM!',
        when: 'a negative target or deal value, a rate outside [0, 1], a lag outside [0, 1000], extend_growth below -1, or a plan of more than 2,000,000 values (stages + 1 times periods + 1 + the lags rounded up)',
      },
      STAGE_CAP,
      {
        code: '#DIV/0!',
        when: 'average_deal_value is 0, or a conversion rate is 0, while some deal is needed',
      },
      {
        code: '#VALUE!',
        when: 'average_deal_value or extend_growth is a range (the result already spills)',
      },
    ],
    notes: [
      'Spills one row per stage (top first, deals last) and n + 1 columns: "before", the volume that must enter each stage before period 1, then one column per period. The deals row is 0 in "before".',
      ORIENTATION_NOTE,
      NAMES_NOTE,
      'How far it looks ahead: the targets are extended (cyclically, grown) to period n + the lags rounded up and summed, the furthest deal period that volume entering any stage by period n can serve; exactly those periods are read, none further.',
      '"before" is the whole need before period 1, rounded up, all earlier periods together: the plan does not say in which earlier period it must enter (at the latest in period 0; the earliest useful is 1 minus the lags rounded up, at the top stage).',
      "Rounding is once and cumulative: each stage's running total is rounded up from the unrounded need, so no period's rounding compounds into the next. Deals are whole and never behind the cumulative target.",
      'A period with a target of 0 adds no deal; a deal already rounded up may cover it. When no deal is needed at all within the horizon, the plan is all zeros whatever the deal value and the rates (as REQUIREDDEALS(0, 0) and FUNNEL(0, ...) give 0); otherwise a deal value of 0 is #DIV/0!.',
      "A rate of 0 is #DIV/0! (naming the stage, as REQUIREDLEADS) as soon as any deal is needed: every lag path carries some of the horizon's last deals back to every stage.",
      'Each stage divides its lag-shifted running deal count once by the product of the rates from it down (multiplied from the close rate up, as FUNNEL): with every lag 0, "before" is 0 and each running total is FUNNEL\'s volume for the running target, to the bit.',
      'extend_growth compounds once per cycle of the n periods given, whatever a period is: with one period given, each later period grows once more. extend_growth -1 means no revenue after the horizon.',
      'A fractional lag L = l + f moves a share 1 - f of the volume l periods and f one period more; f is L - floor(L) as computed (a lag of 1.1 moves 0.10000000000000009 of it two periods).',
      'A needed count above 2^53 is #NUM! (too large to represent exactly), as in REQUIREDLEADS.',
      STAGE_CAP_NOTE,
    ],
    examples: [
      {
        formula:
          '=ROI.FUNNELPLAN({250000,250000,250000,250000,250000,250000,250000,250000,250000,250000,250000,250000}, 50000, {0.5,0.4,0.25}, {1,1,2})',
        result: [
          [400, ...Array<number>(12).fill(100)],
          [150, ...Array<number>(12).fill(50)],
          [40, ...Array<number>(12).fill(20)],
          [0, ...Array<number>(12).fill(5)],
        ],
        note: "the spec's year: 5 deals a month need 20 SQOs two months earlier, 50 SALs three months earlier, 100 leads four months earlier; 400 leads before January",
      },
      {
        formula:
          '=ROI.FUNNELPLAN({250000,250000,250000}, 50000, {0.5,0.4,0.25}, {1,1,2}, 0, {"Leads","SALs","SQOs","Deals"})',
        result: [
          ['Leads', 400, 100, 100, 100],
          ['SALs', 150, 50, 50, 50],
          ['SQOs', 40, 20, 20, 20],
          ['Deals', 0, 5, 5, 5],
        ],
        note: 'names first, one per row',
      },
      {
        formula:
          '=ROI.FUNNELPLAN({250000;250000;250000}, 50000, {0.5,0.4,0.25}, {1,1,2}, 0, {"Leads";"SALs";"SQOs";"Deals"})',
        result: [
          ['Leads', 'SALs', 'SQOs', 'Deals'],
          [400, 150, 40, 0],
          [100, 50, 20, 5],
          [100, 50, 20, 5],
          [100, 50, 20, 5],
        ],
        note: 'a column of months: periods as rows, the names as the first row',
      },
      {
        formula: '=ROI.FUNNELPLAN({50000,50000,50000}, 50000, {0.5}, {0.5})',
        result: [
          [1, 2, 2, 2],
          [0, 1, 1, 1],
        ],
        note: "a lag of half a period: half of each deal's leads one period earlier, so one lead before period 1",
      },
      {
        formula: '=ROI.FUNNELPLAN({100000,200000}, 50000, {0.5}, {3}, 50%)',
        result: [
          [18, 12, 10],
          [0, 2, 4],
        ],
        note: 'a lag of 3 reads past the horizon: the targets go on 150,000, 300,000, 225,000 (grown 50% a cycle)',
      },
      {
        formula: '=ROI.FUNNELPLAN({3000000}, 50000, {0.5,0.4,0.25}, {0,0,0})',
        result: [
          [0, 1200],
          [0, 600],
          [0, 240],
          [0, 60],
        ],
        note: 'every lag 0: ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25})',
      },
      {
        formula: '=ROI.FUNNELPLAN({250000,250000}, 50000, {0.5,0.4,0.25}, {1,2})',
        result: '#VALUE!',
        note: 'two lags for three rates',
      },
      { formula: '=ROI.FUNNELPLAN({250000,250000}, 50000, {0.5,0.4,0.25}, {1,1,1001})', result: '#NUM!' },
      { formula: '=ROI.FUNNELPLAN({250000,250000}, 0, {0.5,0.4,0.25}, {1,1,2})', result: '#DIV/0!' },
      {
        formula: '=ROI.FUNNELPLAN({250000,250000;250000,250000}, 50000, {0.5,0.4,0.25}, {1,1,2})',
        result: '#VALUE!',
        note: 'a block is not a list of periods',
      },
    ],
  },
  FUNNELFORECAST: {
    category: 'Time',
    description:
      'The forward run: the volume expected to reach each stage in each period from the volumes entering the top (actuals so far, then the plan).',
    formula:
      'g(1, t) = top_volumes(t); lag L = l + f: g(i+1, t) = ri ((1-f) g(i, t-l) + f g(i, t-l-1)); "after" = what arrives after period n',
    params: {
      top_volumes:
        'Volume entering the top stage in each period (leads: actual, then planned), one row or one column in time order. Blank cells are 0.',
      ...RATES_DOC,
      stage_lags: LAGS_DOC,
      stage_names: NAMES_DOC,
    },
    errors: [
      ...COMMON_ERRORS,
      ...TIME_LIST_ERRORS,
      {
        code: '#NUM!',
        when: 'a negative volume, a rate outside [0, 1], a lag outside [0, 1000], or a result of more than 2,000,000 values',
      },
      STAGE_CAP,
    ],
    notes: [
      'Spills one row per stage (top first, deals last) and n + 1 columns: one per period, then "after", what will still arrive after period n from these volumes. Each row\'s total, "after" included, is the top total times the rates above it.',
      ORIENTATION_NOTE,
      NAMES_NOTE,
      'Expected values, not rounded: 2.5 deals is an expectation, not a plan.',
      'Nothing enters before period 1: volume already inside the funnel is the open pipeline, priced by PIPELINEHIT.',
      '"after" is summed from the shares whose lag carries them past period n (never total minus periods, so it is exact to rounding).',
      'A rate of 0 is allowed: nothing reaches the stages below it.',
      "Pacing in a sheet: FUNNELFORECAST of actual leads (then planned) against FUNNELPLAN's deals row shows each period's expected shortfall while there is still time to act.",
      STAGE_CAP_NOTE,
    ],
    examples: [
      {
        formula: '=ROI.FUNNELFORECAST({100,100,100}, {0.5,0.2}, {1,0})',
        result: [
          [100, 100, 100, 0],
          [0, 50, 50, 50],
          [0, 10, 10, 10],
        ],
        note: "the spec's example: the last period's opportunities arrive after the horizon",
      },
      {
        formula: '=ROI.FUNNELFORECAST({100,100,100}, {0.5,0.2}, {1.5,0})',
        result: [
          [100, 100, 100, 0],
          [0, 25, 50, 75],
          [0, 5, 10, 15],
        ],
        note: 'a lag of 1.5: half after one period, half after two',
      },
      {
        formula: '=ROI.FUNNELFORECAST({100;100;100}, {0.5,0.2}, {1,0}, {"Leads";"SQOs";"Deals"})',
        result: [
          ['Leads', 'SQOs', 'Deals'],
          [100, 0, 0],
          [100, 50, 10],
          [100, 50, 10],
          [0, 50, 10],
        ],
        note: 'a column of months: periods as rows, "after" last',
      },
      {
        formula: '=ROI.FUNNELFORECAST({100,100,100}, {0.5,0}, {1,0})',
        result: [
          [100, 100, 100, 0],
          [0, 50, 50, 50],
          [0, 0, 0, 0],
        ],
        note: 'a rate of 0 stops the flow',
      },
      {
        formula: '=ROI.FUNNELFORECAST({100,100,100}, {0.5,0.2}, {1})',
        result: '#VALUE!',
        note: 'one lag for two rates',
      },
      { formula: '=ROI.FUNNELFORECAST({100,-100,100}, {0.5,0.2}, {1,0})', result: '#NUM!' },
    ],
  },
  PIPELINEHIT: {
    category: 'Time',
    description:
      'The probability that the pipeline already open yields at least deals_needed deals: each open item converts independently through the stages below it.',
    formula:
      'P(Binomial(n1, p1) + ... + Binomial(nk, pk) >= deals_needed), pi = ri * ... * rk, ni = open_counts(i); exact',
    params: {
      deals_needed:
        'Deals you need from the open pipeline, a whole number >= 0. A range spills one probability per cell.',
      open_counts:
        'Items open at each stage, one per conversion rate (the stage that rate converts from), whole numbers >= 0; blank cells are skipped, as in conversion_rates.',
      ...RATES_DOC,
    },
    errors: [
      ...COMMON_ERRORS,
      {
        code: '#VALUE!',
        when: 'open_counts has not one count per conversion rate (blank cells skipped in both), or a list is a block of several rows and columns',
      },
      {
        code: '#NUM!',
        when: 'deals_needed or a count is negative or not whole, a rate outside [0, 1], or so many open items that the deals they could yield spread over more than 2^22 values (about 10^11 items at a 50% chance)',
      },
      STAGE_CAP,
    ],
    notes: [
      'Exact, not a normal approximation: the answer carries a proven bound on its error, typically below 1e-12; an answer within 1e-20 of 0 or 1 is returned as 0 or 1. With a single stage holding items it is the incomplete beta HITPROBABILITY uses, the same number.',
      'deals_needed 0 gives 1. A rate of 0 gives the items at or above it no chance (not an error, as HITPROBABILITY); items whose chance is exactly 1 are certain deals.',
      'deals_needed is elementwise: a row of monthly or quarterly needs spills the chance of each.',
      STAGE_CAP_NOTE,
    ],
    examples: [
      {
        formula: '=ROI.PIPELINEHIT(5, {0,20}, {0.5,0.25})',
        result: 0.5851584975,
        note: "the spec's example: P(Binomial(20, 0.25) >= 5)",
      },
      {
        formula: '=ROI.PIPELINEHIT(5, {10,20}, {0.5,0.25})',
        result: 0.7818875017,
        note: 'ten items one stage further up, each a deal with chance 12.5%',
      },
      {
        formula: '=ROI.PIPELINEHIT({0,5,10}, {0,20}, {0.5,0.25})',
        result: [[1, 0.5851584975, 0.0138644169]],
      },
      { formula: '=ROI.PIPELINEHIT(2.5, {10,20}, {0.5,0.25})', result: '#NUM!', note: 'part of a deal' },
      {
        formula: '=ROI.PIPELINEHIT(5, {10,20,3}, {0.5,0.25})',
        result: '#VALUE!',
        note: 'three counts for two rates',
      },
    ],
  },
  STAGERATES: {
    category: 'Calibrating',
    description:
      'Measured stage-to-stage conversion rates from the dates records entered each stage (a CRM export), with a lower bound, fair to recent records.',
    formula:
      'per transition i -> i+1: counted = records that entered stage i at least min_age days before as_of; converted = of them, those that reached stage i+1 by as_of; rate = converted / counted; the one-sided Wilson lower bound at confidence (as LEADQUALITY)',
    params: {
      stage_dates: DATES_DOC,
      confidence: 'Confidence of the lower bound, strictly between 0 and 1 (default 90%).',
      as_of:
        'The date to judge as of (default: the latest date in stage_dates): later dates count as blank, so an earlier date replays the past.',
      min_age:
        'Days a record must have had to convert before it counts, one number for every transition (default: per transition, the 90th percentile of its observed lags); 0 counts everyone.',
    },
    errors: [
      ...DATE_ERRORS,
      { code: '#NUM!', when: 'confidence not strictly between 0 and 1, a negative as_of or min_age' },
      {
        code: '#DIV/0!',
        when: 'in the rate and bound of a transition with nothing counted (its message says why: no date at all, as_of before every date, or no record old enough)',
      },
      { code: '#VALUE!', when: 'confidence, as_of or min_age is a range (the result already spills)' },
    ],
    notes: [
      'Spills one row per transition (one fewer than the columns), four columns: records counted, of them converted, rate, lower bound.',
      'The fill rule: a record that reached a later stage reached every earlier one; a missing earlier date is taken as the earliest later date present.',
      'as_of comes first, then the fill rule: dates after as_of are blank, and a missing date is filled only from later dates on or before as_of, so an earlier as_of replays exactly what was known then. The default min_age is taken from the lags as of as_of too.',
      "An as_of after the latest date is taken as the latest date: the range cannot show a conversion after its last date, so a later as_of would only make recent records look mature and count them as failures (what the maturity rule exists to prevent; TODAY() on a stale export would do it). So an as_of in the future changes nothing. Each range is judged by its own latest date: a FILTERed source whose last date is earlier than the file's is as of that date.",
      "Maturity is inclusive: a record counts at transition i when as_of minus its stage-i date is at least min_age. The default min_age is the 90th percentile (PERCENTILE.INC) of that transition's lags over records with both dates typed (not filled) and a lag >= 0, or 0 when there is none.",
      'Converted: counted, and holding a stage i+1 date on or before as_of, typed or filled from a later stage, however long it took (maturity, not a time window, keeps the rate fair).',
      'A later stage dated before an earlier one (a CRM re-set) is taken as written, not reordered: the record is counted by its own stage-i date and, when counted, converted; its lag stays out of the lags that set min_age.',
      'Records counted but nobody converted (or every conversion skipped the stage): the rate is an honest 0, bound 0. The Calibrate view flags transitions with few counted records.',
      'A range of blank cells is records without dates: 0 counted, #DIV/0! in the rate and bound, not "required".',
      'Below 50% confidence the Wilson "lower" bound lies above the rate, as in LEADQUALITY.',
    ],
    examples: [
      {
        formula:
          '=ROI.STAGERATES({45658,45668,45700;45660,45690,"";45670,"","";45680,45685,45710;"",45700,"";45705,"",""})',
        result: [
          [4, 3, 0.75, 0.4325414504],
          [1, 1, 1, 0.3784475032],
        ],
        note: 'lead, opportunity and won dates of six records (45658 is 1 Jan 2025); as of the latest date, 22 Feb: the leads of the last 26 days (the 90th percentile of the lead-to-opportunity lags) are too young to judge',
      },
      {
        formula:
          '=ROI.STAGERATES({45658,45668,45700;45660,45690,"";45670,"","";45680,45685,45710;"",45700,"";45705,"",""}, 90%, , 0)',
        result: [
          [6, 4, 0.6666666667, 0.4094013068],
          [4, 2, 0.5, 0.2302414994],
        ],
        note: "min_age 0 counts everyone, last week's leads as failures too; the fifth record skipped the lead stage and is taken as a lead on its opportunity date",
      },
      {
        formula:
          '=ROI.STAGERATES({45658,45668,45700;45660,45690,"";45670,"","";45680,45685,45710;"",45700,"";45705,"",""}, 90%, 45690)',
        result: [
          [2, 2, 1, 0.54909237],
          [3, 0, 0, 0],
        ],
        note: 'as of 2 Feb: what the same export said then (no deal had closed yet)',
      },
      {
        formula:
          '=ROI.STAGERATES({45658,45668,45700;45660,45690,"";45670,"","";45680,45685,45710;"",45700,"";45705,"",""}, 90%, 46000)',
        result: [
          [4, 3, 0.75, 0.4325414504],
          [1, 1, 1, 0.3784475032],
        ],
        note: 'an as_of after the latest date changes nothing',
      },
      {
        formula: '=ROI.STAGERATES({45658,"2025-03-04"})',
        result: '#VALUE!',
        note: 'a text date: convert it first (DATEVALUE, or Data > Text to Columns)',
      },
      { formula: '=ROI.STAGERATES({45658;45660})', result: '#VALUE!', note: 'one column is one stage: no transition' },
    ],
  },
  STAGELAGS: {
    category: 'Calibrating',
    description:
      "The typical time between stages, measured from the dates records entered each stage, ready for FUNNELPLAN's stage_lags.",
    formula:
      'per transition i -> i+1: PERCENTILE.INC(date(i+1) - date(i), quantile) over records with both dates typed and a lag >= 0, / days_per_period',
    params: {
      stage_dates: DATES_DOC,
      quantile: 'Which lag to take, between 0 and 1 (default 0.5, the median; 0.9 for a cautious plan).',
      days_per_period: 'Days in one period of your plan (default 1: lags in days; 7 for weeks, 30.4375 for months).',
    },
    errors: [
      ...DATE_ERRORS,
      { code: '#N/A', when: 'in the cell of a transition no record has both dates typed for' },
      { code: '#NUM!', when: 'quantile outside [0, 1], a negative days_per_period' },
      { code: '#DIV/0!', when: 'days_per_period is 0' },
      { code: '#VALUE!', when: 'quantile or days_per_period is a range (the result already spills)' },
    ],
    notes: [
      'Spills one column, one row per transition (one fewer than the columns of stage_dates): ready for stage_lags.',
      'Only records with both dates typed count: a date filled from a later stage says nothing about how long the stage took. A negative lag (a CRM re-set) is left out.',
      'No as_of: every date in the range counts.',
      'PERCENTILE.INC interpolates between the two nearest lags, as Excel does.',
    ],
    examples: [
      {
        formula:
          '=ROI.STAGELAGS({45658,45668,45700;45660,45690,"";45670,"","";45680,45685,45710;"",45700,"";45705,"",""})',
        result: [[10], [28.5]],
        note: 'median days from lead to opportunity (5, 10, 30) and from opportunity to won (25, 32)',
      },
      {
        formula:
          '=ROI.STAGELAGS({45658,45668,45700;45660,45690,"";45670,"","";45680,45685,45710;"",45700,"";45705,"",""}, 0.5, 30.4375)',
        result: [[0.3285420945], [0.9363449692]],
        note: 'in months',
      },
      {
        formula:
          '=ROI.STAGELAGS({45658,45668,45700;45660,45690,"";45670,"","";45680,45685,45710;"",45700,"";45705,"",""}, 0.9)',
        result: [[26], [31.3]],
        note: 'the 90th percentile: the default min_age of STAGERATES',
      },
      {
        formula: '=ROI.STAGELAGS({45658,45668,"";45660,45690,""})',
        result: [[20], ['#N/A']],
        note: 'no record has been won yet: no lag to measure',
      },
      { formula: '=ROI.STAGELAGS({45658,45668;45660,45690}, 0.5, 0)', result: '#DIV/0!' },
    ],
  },
};
