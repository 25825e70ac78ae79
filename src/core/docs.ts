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
  'Growth target' | 'Reverse funnel' | 'Lead quality' | 'Unit economics' | 'Outcomes, not outputs';

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
};
