/**
 * The one metadata table of the ROI.* functions: names, help text, parameter kinds,
 * documented errors, decisions where the spec is silent, worked examples, and the
 * kernel each function runs. functions.json, the HyperFormula plugin, the Excel
 * wrappers and docs/functions.md are all generated from this table.
 */
import type { ParamKind, ParamMode } from './args';
import { RoiError } from './errors';
import { funnelVolumes, hitProbability, requiredDeals, requiredLeads, requiredOpps, sensitivity } from './funnel';
import { METRICS, classifyMetric, knownMetricCount } from './metrics';
import { wilsonLower } from './numeric';
import type { ResultCell } from './types';

export interface ParamSpec {
  name: string;
  description: string;
  kind: ParamKind;
  mode: ParamMode;
  optional?: boolean;
  /** The value a blank or omitted optional argument takes (none: the argument is simply absent). */
  defaultValue?: number;
}

export interface ExampleSpec {
  formula: string;
  /** The expected value: a number (compared to 1e-9 relative), text, an error code such as "#DIV/0!", or rows. */
  result: number | string | Array<Array<number | string>>;
  note?: string;
}

/** A validated argument as a kernel receives it. */
export type Validated = number | string | number[] | string[] | undefined;
export type KernelResult = number | string | RoiError | ResultCell[][];

export interface FunctionSpec {
  id: string;
  name: string;
  category: 'Growth target' | 'Reverse funnel' | 'Lead quality' | 'Unit economics' | 'Outcomes, not outputs';
  description: string;
  /** The formula in words and symbols, for the reference. */
  formula: string;
  params: ParamSpec[];
  /** true: the result is always a grid (FUNNEL, SENSITIVITY); false: one value per element. */
  spills: boolean;
  errors: Array<{ code: string; when: string }>;
  /** Decisions taken where the spec is silent. */
  notes: string[];
  examples: ExampleSpec[];
  run: (a: Validated[]) => KernelResult;
}

const num = (v: Validated) => v as number;
const list = (v: Validated) => v as number[];
const opt = (v: Validated) => v as number | undefined;

const TARGET: ParamSpec = { name: 'revenue_target', description: 'New revenue to win, in money (for example the result of ROI.REVENUEGAP).', kind: 'money', mode: 'elementwise' };
const DEAL: ParamSpec = { name: 'average_deal_value', description: 'Average value of one won deal, in money.', kind: 'money', mode: 'elementwise' };
const RATES: ParamSpec = {
  name: 'conversion_rates',
  description: 'Stage-to-stage conversion rates, top stage first, ending with the close rate (qualified opportunity to won). A range or array such as {0.5,0.4,0.25}.',
  kind: 'rateList',
  mode: 'list',
};
const single = (p: ParamSpec): ParamSpec => ({ ...p, mode: 'single' });

const COMMON_ERRORS = [
  { code: '#VALUE!', when: 'an argument is text (also "25%" typed as text), TRUE/FALSE, or a required argument is missing or blank; ranges of different shapes' },
  { code: '(any error)', when: 'an argument holds an Excel error: the first one, in argument order, is returned unchanged' },
];

function lift(v: number | RoiError): KernelResult {
  return v;
}

export const FUNCTIONS: FunctionSpec[] = [
  {
    id: 'REVENUEGAP',
    name: 'ROI.REVENUEGAP',
    category: 'Growth target',
    description: 'New revenue to win in the period to reach the growth target and replace churned revenue.',
    formula: 'current_revenue * (growth_rate + churn_rate)',
    params: [
      { name: 'current_revenue', description: "This period's revenue, in money.", kind: 'money', mode: 'elementwise' },
      { name: 'growth_rate', description: 'Target growth as a fraction (20% or 0.2); may exceed 1 (150% is 1.5); at least -1.', kind: 'growth', mode: 'elementwise' },
      { name: 'churn_rate', description: 'Share of current revenue expected to churn, a rate (default 0).', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'current_revenue < 0, growth_rate < -1, churn_rate outside [0, 1]' }],
    notes: ['A negative growth rate that churn does not offset gives a negative gap: the plan shrinks revenue.'],
    examples: [
      { formula: '=ROI.REVENUEGAP(10000000, 20%, 10%)', result: 3000000 },
      { formula: '=ROI.REVENUEGAP(2000000, 150%)', result: 3000000, note: 'growth may exceed 100%' },
      { formula: '=ROI.REVENUEGAP(1000000, 20%, 2)', result: '#NUM!', note: 'a churn of 2 is not a rate: enter 2% or 0.02' },
    ],
    run: (a) => num(a[0]) * (num(a[1]) + num(a[2])),
  },
  {
    id: 'REQUIREDDEALS',
    name: 'ROI.REQUIREDDEALS',
    category: 'Reverse funnel',
    description: 'Whole deals needed to reach a revenue target (rounded up).',
    formula: 'ceilWhole(revenue_target / average_deal_value)',
    params: [TARGET, DEAL],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'a negative argument' }, { code: '#DIV/0!', when: 'average_deal_value is 0 (and the target is not)' }],
    notes: ['A revenue target of 0 needs 0 deals, whatever the deal value.', 'ceilWhole(x) = ceil(x - 1e-9 * max(1, |x|)): floating-point noise never adds a deal.'],
    examples: [
      { formula: '=ROI.REQUIREDDEALS(3000000, 50000)', result: 60 },
      { formula: '=ROI.REQUIREDDEALS(3010000, 50000)', result: 61, note: 'part of a deal is a whole deal' },
      { formula: '=ROI.REQUIREDDEALS(3000000, 0)', result: '#DIV/0!' },
    ],
    run: (a) => lift(requiredDeals(num(a[0]), num(a[1]))),
  },
  {
    id: 'REQUIREDLEADS',
    name: 'ROI.REQUIREDLEADS',
    category: 'Reverse funnel',
    description: 'Volume needed at the top of the funnel to reach a revenue target; with a confidence, the volume that reaches it with that probability.',
    formula: 'ceilWhole(deals / (r1 * r2 * ... * rk)), deals = ROI.REQUIREDDEALS; with confidence c: the least N with P(Binomial(N, r1*...*rk) >= deals) >= c',
    params: [
      TARGET,
      DEAL,
      RATES,
      { name: 'confidence', description: 'Optional probability (for example 90%) of reaching the target; blank for the expected volume.', kind: 'confidence', mode: 'elementwise', optional: true },
    ],
    spills: false,
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'negative money, a rate outside [0, 1], confidence not strictly between 0 and 1, or an answer too large to compute exactly' },
      { code: '#DIV/0!', when: 'average_deal_value is 0, or a conversion rate is 0 (no number of leads reaches the target)' },
      { code: '#VALUE!', when: 'conversion_rates is a block of several rows and columns, or has no numbers' },
    ],
    notes: [
      'A revenue target of 0 needs 0 leads, even with a rate of 0 (HITPROBABILITY is 1 there).',
      'The confidence mode is exact: the binomial tail is the regularized incomplete beta function I_p(deals, N - deals + 1).',
      'Elementwise over revenue_target: a row of monthly targets spills the leads needed each month.',
    ],
    examples: [
      { formula: '=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0.4,0.25})', result: 1200, note: '60 deals, 240 SQOs, 600 SALs, 1,200 leads' },
      { formula: '=ROI.REQUIREDLEADS(50000, 5000, {0.9,0.45})', result: 25, note: '10 deals, 23 qualified, 25 leads: 24.69 rounded up once' },
      { formula: '=ROI.REQUIREDLEADS(10, 1, {0.01, 0.2777777777777778})', result: 3600, note: '10 sales, 36 opt-ins, 3,600 visitors' },
      { formula: '=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0.4,0.25}, 90%)', result: 1397, note: '1,397 leads give a 90% chance of 60 or more deals' },
      { formula: '=ROI.REQUIREDLEADS({1000000,2000000}, 50000, {0.5,0.25})', result: [[160, 320]], note: 'monthly targets spill monthly volumes' },
      { formula: '=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0,0.25})', result: '#DIV/0!' },
      { formula: '=ROI.REQUIREDLEADS(3000000, 50000, {50,40,25})', result: '#NUM!', note: 'rates typed as whole percentages' },
    ],
    run: (a) => lift(requiredLeads(num(a[0]), num(a[1]), list(a[2]), opt(a[3]))),
  },
  {
    id: 'FUNNEL',
    name: 'ROI.FUNNEL',
    category: 'Reverse funnel',
    description: 'Spills the whole reverse funnel as a column, top stage first, deals last; with stage_names, two columns: name, volume.',
    formula: 'volume at stage i = ceilWhole(deals / (ri * ... * rk)); last row = deals',
    params: [
      single(TARGET),
      single(DEAL),
      RATES,
      { name: 'stage_names', description: 'Optional names, one per row (one more than there are rates), for a two-column spill.', kind: 'textList', mode: 'list', optional: true },
    ],
    spills: true,
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: 'negative money or a rate outside [0, 1]' },
      { code: '#DIV/0!', when: 'average_deal_value is 0 or a conversion rate is 0' },
      { code: '#VALUE!', when: 'stage_names has the wrong number of names; revenue_target or average_deal_value is a range (the result already spills)' },
    ],
    notes: ['revenue_target and average_deal_value take single values: the funnel itself is the spill.', 'Its first row always equals ROI.REQUIREDLEADS for the same arguments.'],
    examples: [
      { formula: '=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25})', result: [[1200], [600], [240], [60]] },
      {
        formula: '=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25}, {"Leads","SALs","SQOs","Deals"})',
        result: [['Leads', 1200], ['SALs', 600], ['SQOs', 240], ['Deals', 60]],
      },
      { formula: '=ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25}, {"Leads","Deals"})', result: '#VALUE!', note: 'two names for four rows' },
    ],
    run: (a) => {
      const deals = requiredDeals(num(a[0]), num(a[1]));
      if (deals instanceof RoiError) return deals;
      const vols = funnelVolumes(deals, list(a[2]));
      if (vols instanceof RoiError) return vols;
      const names = a[3] as string[] | undefined;
      if (!names) return vols.map((v) => [v]);
      if (names.length !== vols.length) {
        return new RoiError('#VALUE!', `stage_names has ${names.length} names but the funnel has ${vols.length} rows (one per rate, plus deals).`);
      }
      return vols.map((v, i) => [names[i], v]);
    },
  },
  {
    id: 'REQUIREDOPPS',
    name: 'ROI.REQUIREDOPPS',
    category: 'Reverse funnel',
    description: 'Qualified opportunities marketing must source per period to reach a revenue target.',
    formula: 'ceilWhole(ceilWhole(ceilWhole(deals / win_rate) / periods) * marketing_share)',
    params: [
      TARGET,
      DEAL,
      { name: 'win_rate', description: 'Share of qualified opportunities won, a rate.', kind: 'rate', mode: 'elementwise' },
      { name: 'periods', description: 'Periods the target is spread over, a whole number >= 1 (default 1; 12 for months of a year).', kind: 'periods', mode: 'elementwise', optional: true, defaultValue: 1 },
      { name: 'marketing_share', description: 'Share of opportunities marketing sources, a rate (default 100%).', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 1 },
    ],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'negative money, a rate outside [0, 1], periods not a whole number >= 1' }, { code: '#DIV/0!', when: 'average_deal_value or win_rate is 0' }],
    notes: ['A target of 0 needs 0 opportunities.'],
    examples: [
      { formula: '=ROI.REQUIREDOPPS(3000000, 50000, 25%, 12, 60%)', result: 12, note: '240 a year, 20 a month, 12 from marketing' },
      { formula: '=ROI.REQUIREDOPPS(3000000, 50000, 25%)', result: 240 },
      { formula: '=ROI.REQUIREDOPPS(3000000, 50000, 25%, 2.5)', result: '#NUM!' },
    ],
    run: (a) => lift(requiredOpps(num(a[0]), num(a[1]), num(a[2]), num(a[3]), num(a[4]))),
  },
  {
    id: 'SENSITIVITY',
    name: 'ROI.SENSITIVITY',
    category: 'Reverse funnel',
    description: 'Which stage to improve: for each rate, the top-of-funnel volume if it rose by step, and the change against today.',
    formula: 'row i: ROI.REQUIREDLEADS with ri + step (capped at 1), and (that - today) / today',
    params: [
      single(TARGET),
      single(DEAL),
      RATES,
      { name: 'step', description: 'Absolute points to add to one rate at a time, a rate above 0 (default 1%).', kind: 'step', mode: 'single', optional: true, defaultValue: 0.01 },
    ],
    spills: true,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'negative money, a rate outside [0, 1], step not in (0, 1]' }, { code: '#DIV/0!', when: 'average_deal_value or a conversion rate is 0' }],
    notes: ['The change is 0 when today\'s volume is 0.', 'Spills one row per rate, in the order given, two columns.'],
    examples: [
      {
        formula: '=ROI.SENSITIVITY(3000000, 50000, {0.5,0.4,0.25}, 5%)',
        result: [[1091, -0.09083333333333334], [1067, -0.11083333333333334], [1000, -0.16666666666666666]],
        note: 'five more points of close rate save the most',
      },
      { formula: '=ROI.SENSITIVITY(3000000, 50000, {0.5,0.4,0.25}, 0)', result: '#NUM!' },
    ],
    run: (a) => {
      const rows = sensitivity(num(a[0]), num(a[1]), list(a[2]), num(a[3]));
      return rows instanceof RoiError ? rows : rows.map((r) => [r[0], r[1]]);
    },
  },
  {
    id: 'HITPROBABILITY',
    name: 'ROI.HITPROBABILITY',
    category: 'Reverse funnel',
    description: 'Probability of reaching the revenue target from the planned top-of-funnel leads.',
    formula: 'P(Binomial(floor(planned_leads), r1*...*rk) >= deals), deals = ROI.REQUIREDDEALS',
    params: [{ name: 'planned_leads', description: 'Top-of-funnel leads planned (whole leads count; a fraction is rounded down).', kind: 'count', mode: 'elementwise' }, TARGET, DEAL, RATES],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'a negative number or a rate outside [0, 1]' }, { code: '#DIV/0!', when: 'average_deal_value is 0 (and the target is not)' }],
    notes: ['A rate of 0 gives 0; a target that needs no deal gives 1.', 'Exact to 1e-9 (regularized incomplete beta), fast up to 10^8 leads.'],
    examples: [
      { formula: '=ROI.HITPROBABILITY(1200, 3000000, 50000, {0.5,0.4,0.25})', result: 0.51849391, note: 'planning the expected volume is roughly a coin toss' },
      { formula: '=ROI.HITPROBABILITY(1200, 0, 50000, {0.5,0.4,0.25})', result: 1 },
      { formula: '=ROI.HITPROBABILITY(1200, 3000000, 50000, {0.5,0,0.25})', result: 0 },
    ],
    run: (a) => lift(hitProbability(num(a[0]), num(a[1]), num(a[2]), list(a[3]))),
  },
  {
    id: 'LEADQUALITY',
    name: 'ROI.LEADQUALITY',
    category: 'Lead quality',
    description: 'Share of leads that sales accepted as qualified opportunities; with a confidence, its Wilson lower bound.',
    formula: 'qualified / leads; with confidence c: the one-sided Wilson score lower bound, z = NORM.S.INV(c)',
    params: [
      { name: 'leads', description: 'Leads from the source.', kind: 'count', mode: 'elementwise' },
      { name: 'qualified', description: 'Of those, leads sales accepted and works as qualified opportunities.', kind: 'count', mode: 'elementwise' },
      { name: 'confidence', description: 'Optional confidence (for example 90%) for a lower bound that does not reward small samples.', kind: 'confidence', mode: 'elementwise', optional: true },
    ],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#DIV/0!', when: 'leads is 0 (checked first)' }, { code: '#NUM!', when: 'a negative count, qualified > leads, confidence not strictly between 0 and 1' }],
    notes: ['Counts need not be whole (averages are allowed); the Wilson bound is clamped to [0, 1].'],
    examples: [
      { formula: '=ROI.LEADQUALITY(2300, 23)', result: 0.01, note: 'the trade-show prize draw' },
      { formula: '=ROI.LEADQUALITY(200, 40)', result: 0.2, note: 'the webinar' },
      { formula: '=ROI.LEADQUALITY(10, 3, 95%)', result: 0.12687658 },
      { formula: '=ROI.LEADQUALITY(0, 0)', result: '#DIV/0!' },
      { formula: '=ROI.LEADQUALITY(10, 12)', result: '#NUM!' },
    ],
    run: (a) => {
      const leads = num(a[0]);
      const qualified = num(a[1]);
      if (leads === 0) return new RoiError('#DIV/0!', 'leads is 0: quality is a share of leads, and there are none.');
      if (qualified > leads) return new RoiError('#NUM!', `qualified (${qualified}) cannot exceed leads (${leads}).`);
      const c = opt(a[2]);
      return c === undefined ? qualified / leads : wilsonLower(qualified, leads, c);
    },
  },
  {
    id: 'CAC',
    name: 'ROI.CAC',
    category: 'Unit economics',
    description: 'Customer acquisition cost: what it cost to win each new customer.',
    formula: 'acquisition_cost / new_customers',
    params: [
      { name: 'acquisition_cost', description: 'Sales and marketing cost of acquiring the customers, in money.', kind: 'money', mode: 'elementwise' },
      { name: 'new_customers', description: 'New customers won with that cost.', kind: 'count', mode: 'elementwise' },
    ],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'a negative argument' }, { code: '#DIV/0!', when: 'new_customers is 0' }],
    notes: [],
    examples: [
      { formula: '=ROI.CAC(600000, 30)', result: 20000 },
      { formula: '=ROI.CAC(600000, 0)', result: '#DIV/0!' },
    ],
    run: (a) => (num(a[1]) === 0 ? new RoiError('#DIV/0!', 'new_customers is 0: no customer to divide the cost among.') : num(a[0]) / num(a[1])),
  },
  {
    id: 'LTV',
    name: 'ROI.LTV',
    category: 'Unit economics',
    description: "Lifetime value: margin earned over a customer's life, optionally discounted.",
    formula: 'revenue_per_period * gross_margin / (churn_rate + discount_rate)',
    params: [
      { name: 'revenue_per_period', description: 'Revenue from one customer per period, in money.', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', description: 'Gross margin, a rate.', kind: 'rate', mode: 'elementwise' },
      { name: 'churn_rate', description: 'Share of customers lost per period, a rate.', kind: 'rate', mode: 'elementwise' },
      { name: 'discount_rate', description: 'Discount rate per period, a rate (default 0).', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'a negative revenue, a rate outside [0, 1], or churn and discount both 0 (unbounded)' }],
    notes: ['The sum over t >= 1 of R*m*(1-churn)^(t-1)/(1+discount)^t, in closed form.'],
    examples: [
      { formula: '=ROI.LTV(1000, 80%, 2%)', result: 40000 },
      { formula: '=ROI.LTV(1000, 80%, 2%, 2%)', result: 20000 },
      { formula: '=ROI.LTV(1000, 80%, 0)', result: '#NUM!', note: 'no churn and no discount: unbounded' },
    ],
    run: (a) => {
      const d = num(a[2]) + num(a[3]);
      if (d === 0) return new RoiError('#NUM!', 'churn_rate and discount_rate are both 0: the lifetime value is unbounded. Enter the churn you expect.');
      return (num(a[0]) * num(a[1])) / d;
    },
  },
  {
    id: 'PAYBACK',
    name: 'ROI.PAYBACK',
    category: 'Unit economics',
    description: 'Periods of margin (fractional) until the acquisition cost is earned back.',
    formula: 'cac / (R * m); with churn c: ln(1 - cac*c/(R*m)) / ln(1 - c)',
    params: [
      { name: 'cac', description: 'Acquisition cost of one customer, in money.', kind: 'money', mode: 'elementwise' },
      { name: 'revenue_per_period', description: 'Revenue from one customer per period, in money.', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', description: 'Gross margin, a rate.', kind: 'rate', mode: 'elementwise' },
      { name: 'churn_rate', description: 'Share of customers lost per period, a rate (default 0).', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    spills: false,
    errors: [
      ...COMMON_ERRORS,
      { code: '#NUM!', when: "a negative money value, a rate outside [0, 1], or the customer's whole lifetime margin never reaches cac" },
      { code: '#DIV/0!', when: 'revenue_per_period * gross_margin is 0 and cac is not' },
    ],
    notes: [
      'A cac of 0 is paid back at once: 0 periods.',
      'A churn of 100% means the customer stays one period: cac / (R*m) when that is at most 1, otherwise #NUM!.',
    ],
    examples: [
      { formula: '=ROI.PAYBACK(20000, 1000, 80%)', result: 25 },
      { formula: '=ROI.PAYBACK(20000, 1000, 80%, 2%)', result: 34.3096184915 },
      { formula: '=ROI.PAYBACK(50000, 1000, 80%, 2%)', result: '#NUM!', note: 'lifetime margin 40,000 never reaches 50,000' },
    ],
    run: (a) => {
      const cac = num(a[0]);
      const margin = num(a[1]) * num(a[2]);
      const c = num(a[3]);
      if (cac === 0) return 0;
      if (margin === 0) return new RoiError('#DIV/0!', 'revenue_per_period * gross_margin is 0: there is no margin to earn back cac.');
      const never = () => new RoiError('#NUM!', `The customer's lifetime margin (${fmtMoney(c === 0 ? Infinity : margin / c)}) never reaches cac (${fmtMoney(cac)}).`);
      if (c === 0) return cac / margin;
      if (c === 1) return cac <= margin ? cac / margin : never();
      const x = (cac * c) / margin;
      if (x >= 1) return never();
      return Math.log1p(-x) / Math.log1p(-c);
    },
  },
  {
    id: 'ROMI',
    name: 'ROI.ROMI',
    category: 'Unit economics',
    description: 'Return on marketing investment, on margin rather than revenue.',
    formula: '(attributed_revenue * gross_margin - marketing_cost) / marketing_cost',
    params: [
      { name: 'attributed_revenue', description: 'Revenue attributed to the marketing, in money.', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', description: 'Gross margin, a rate.', kind: 'rate', mode: 'elementwise' },
      { name: 'marketing_cost', description: 'What the marketing cost, in money.', kind: 'money', mode: 'elementwise' },
    ],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'a negative money value or a rate outside [0, 1]' }, { code: '#DIV/0!', when: 'marketing_cost is 0' }],
    notes: ['-1 means the whole spend was lost; 0 means it paid for itself in margin.'],
    examples: [
      { formula: '=ROI.ROMI(500000, 60%, 100000)', result: 2 },
      { formula: '=ROI.ROMI(500000, 60%, 0)', result: '#DIV/0!' },
    ],
    run: (a) => (num(a[2]) === 0 ? new RoiError('#DIV/0!', 'marketing_cost is 0: a return needs an investment.') : (num(a[0]) * num(a[1]) - num(a[2])) / num(a[2])),
  },
  {
    id: 'CUSTOMERPROFIT',
    name: 'ROI.CUSTOMERPROFIT',
    category: 'Unit economics',
    description: 'Profit from a customer after the cost to serve and to acquire them; negative is bad revenue.',
    formula: 'revenue * gross_margin - cost_to_serve - acquisition_cost',
    params: [
      { name: 'revenue', description: "The customer's revenue, in money.", kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', description: 'Gross margin, a rate.', kind: 'rate', mode: 'elementwise' },
      { name: 'cost_to_serve', description: 'Cost of serving the customer (support, success, custom work), in money.', kind: 'money', mode: 'elementwise' },
      { name: 'acquisition_cost', description: 'Cost of winning the customer, in money (default 0).', kind: 'money', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'a negative money value or a rate outside [0, 1]' }],
    notes: [],
    examples: [
      { formula: '=ROI.CUSTOMERPROFIT(120000, 60%, 50000, 30000)', result: -8000, note: 'not all revenue is good revenue' },
      { formula: '=ROI.CUSTOMERPROFIT(120000, 60%, 20000)', result: 52000 },
    ],
    run: (a) => num(a[0]) * num(a[1]) - num(a[2]) - num(a[3]),
  },
  {
    id: 'MARGINLEVER',
    name: 'ROI.MARGINLEVER',
    category: 'Unit economics',
    description: 'Revenue growth, at unchanged margin, that adds as much profit as margin_gain more points of margin.',
    formula: 'margin_gain / ebitda_margin',
    params: [
      { name: 'ebitda_margin', description: 'Current EBITDA margin, a rate.', kind: 'rate', mode: 'elementwise' },
      { name: 'margin_gain', description: 'Points of margin gained, between -1 and 1 (2% or 0.02).', kind: 'signedUnit', mode: 'elementwise' },
    ],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'ebitda_margin outside [0, 1] or margin_gain outside [-1, 1]' }, { code: '#DIV/0!', when: 'ebitda_margin is 0' }],
    notes: ['A loss of margin gives a negative answer: the revenue growth that loss cancels.'],
    examples: [
      { formula: '=ROI.MARGINLEVER(20%, 2%)', result: 0.1, note: '2 points of margin are worth 10% more revenue' },
      { formula: '=ROI.MARGINLEVER(0, 2%)', result: '#DIV/0!' },
    ],
    run: (a) => (num(a[0]) === 0 ? new RoiError('#DIV/0!', 'ebitda_margin is 0: no margin to compare growth with.') : num(a[1]) / num(a[0])),
  },
  {
    id: 'VELOCITY',
    name: 'ROI.VELOCITY',
    category: 'Unit economics',
    description: 'Sales velocity: revenue the pipeline produces per period.',
    formula: 'opportunities * win_rate * average_deal_value / cycle_length',
    params: [
      { name: 'opportunities', description: 'Qualified opportunities in the pipeline.', kind: 'count', mode: 'elementwise' },
      { name: 'win_rate', description: 'Share of opportunities won, a rate.', kind: 'rate', mode: 'elementwise' },
      { name: 'average_deal_value', description: 'Average value of one won deal, in money.', kind: 'money', mode: 'elementwise' },
      { name: 'cycle_length', description: 'Sales cycle length in periods (for example days or months).', kind: 'duration', mode: 'elementwise' },
    ],
    spills: false,
    errors: [...COMMON_ERRORS, { code: '#NUM!', when: 'a negative number or a rate outside [0, 1]' }, { code: '#DIV/0!', when: 'cycle_length is 0' }],
    notes: ['The answer is per unit of cycle_length: days give revenue per day.'],
    examples: [
      { formula: '=ROI.VELOCITY(240, 25%, 50000, 3)', result: 1000000 },
      { formula: '=ROI.VELOCITY(240, 25%, 50000, 0)', result: '#DIV/0!' },
    ],
    run: (a) => (num(a[3]) === 0 ? new RoiError('#DIV/0!', 'cycle_length is 0: a sales cycle takes some time.') : (num(a[0]) * num(a[1]) * num(a[2])) / num(a[3])),
  },
  {
    id: 'METRICKIND',
    name: 'ROI.METRICKIND',
    category: 'Outcomes, not outputs',
    description: 'Whether a marketing metric is an "output", a "result" or an "outcome".',
    formula: `lookup of the metric's name among ${knownMetricCount()} names and synonyms, ignoring case and punctuation`,
    params: [{ name: 'metric_name', description: 'The name of a marketing metric, such as "Page views" or "CAC". A range of names spills.', kind: 'text', mode: 'elementwise' }],
    spills: false,
    errors: [{ code: '#N/A', when: 'a name it does not know (the message lists examples of each kind)' }, { code: '#VALUE!', when: 'a number, TRUE/FALSE, or a blank name' }],
    notes: ['Plural and singular are the same name ("Lead", "leads", "LEADS!").'],
    examples: [
      { formula: '=ROI.METRICKIND("Emails sent")', result: 'output' },
      { formula: '=ROI.METRICKIND("page views")', result: 'result' },
      { formula: '=ROI.METRICKIND("Customer Lifetime Value")', result: 'outcome' },
      { formula: '=ROI.METRICKIND({"MQLs","Churn rate","Impressions"})', result: [['result', 'outcome', 'output']] },
      { formula: '=ROI.METRICKIND("vibes")', result: '#N/A' },
    ],
    run: (a) => {
      const name = a[0] as string;
      const kind = classifyMetric(name);
      if (kind) return kind;
      const ex = (k: keyof typeof METRICS) => METRICS[k].slice(0, 4).join(', ');
      return new RoiError('#N/A', `Unknown metric "${name}". Known outputs: ${ex('output')}...; results: ${ex('result')}...; outcomes: ${ex('outcome')}... (see the function reference).`);
    },
  },
];

function fmtMoney(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'unbounded';
}
