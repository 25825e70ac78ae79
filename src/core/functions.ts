/**
 * The runtime table of the ROI.* functions: for each, its id and name, its parameters
 * (name, kind, mode, optional, default) and the kernel it runs. This is all the Excel
 * wrappers, the HyperFormula plugin and the runner need, and all that the custom
 * functions bundle (functions.js) carries.
 *
 * The words about each function (description, formula, parameter descriptions, errors,
 * notes, examples) are in docs.ts, keyed by id; catalog.ts merges the two into FUNCTIONS
 * for functions.json, the reference, docs/functions.md and the tests. Nothing that
 * functions.js loads imports docs.ts or catalog.ts.
 */
import type { ParamKind, ParamMode } from './args';
import { RoiError } from './errors';
import { funnelVolumes, hitProbability, requiredDeals, requiredLeads, requiredOpps, sensitivity } from './funnel';
import { classifyMetric, unknownMetricMessage } from './metrics';
import { wilsonLower } from './numeric';
import type { ResultCell } from './types';

/** A parameter as the runner reads it. */
export interface RuntimeParamSpec {
  name: string;
  kind: ParamKind;
  mode: ParamMode;
  optional?: boolean;
  /** The value a blank or omitted optional argument takes (none: the argument is simply absent). */
  defaultValue?: number;
}

/** A validated argument as a kernel receives it. */
export type Validated = number | string | number[] | string[] | undefined;
export type KernelResult = number | string | RoiError | ResultCell[][];

/** A function as the runner calls it. */
export interface RuntimeSpec {
  id: string;
  name: string;
  params: RuntimeParamSpec[];
  /** true: the result is always a grid (FUNNEL, SENSITIVITY); false: one value per element. */
  spills: boolean;
  run: (a: Validated[]) => KernelResult;
}

const num = (v: Validated) => v as number;
const list = (v: Validated) => v as number[];
const opt = (v: Validated) => v as number | undefined;

const TARGET: RuntimeParamSpec = { name: 'revenue_target', kind: 'money', mode: 'elementwise' };
const DEAL: RuntimeParamSpec = { name: 'average_deal_value', kind: 'money', mode: 'elementwise' };
const RATES: RuntimeParamSpec = { name: 'conversion_rates', kind: 'rateList', mode: 'list' };
const single = (p: RuntimeParamSpec): RuntimeParamSpec => ({ ...p, mode: 'single' });

function lift(v: number | RoiError): KernelResult {
  return v;
}

export const RUNTIME_FUNCTIONS: RuntimeSpec[] = [
  {
    id: 'REVENUEGAP',
    name: 'ROI.REVENUEGAP',
    params: [
      { name: 'current_revenue', kind: 'money', mode: 'elementwise' },
      { name: 'growth_rate', kind: 'growth', mode: 'elementwise' },
      { name: 'churn_rate', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    spills: false,
    run: (a) => num(a[0]) * (num(a[1]) + num(a[2])),
  },
  {
    id: 'REQUIREDDEALS',
    name: 'ROI.REQUIREDDEALS',
    params: [TARGET, DEAL],
    spills: false,
    run: (a) => lift(requiredDeals(num(a[0]), num(a[1]))),
  },
  {
    id: 'REQUIREDLEADS',
    name: 'ROI.REQUIREDLEADS',
    params: [TARGET, DEAL, RATES, { name: 'confidence', kind: 'confidence', mode: 'elementwise', optional: true }],
    spills: false,
    run: (a) => lift(requiredLeads(num(a[0]), num(a[1]), list(a[2]), opt(a[3]))),
  },
  {
    id: 'FUNNEL',
    name: 'ROI.FUNNEL',
    params: [
      single(TARGET),
      single(DEAL),
      RATES,
      { name: 'stage_names', kind: 'textList', mode: 'list', optional: true },
    ],
    spills: true,
    run: (a) => {
      const deals = requiredDeals(num(a[0]), num(a[1]));
      if (deals instanceof RoiError) return deals;
      const vols = funnelVolumes(deals, list(a[2]));
      if (vols instanceof RoiError) return vols;
      const names = a[3] as string[] | undefined;
      if (!names) return vols.map((v) => [v]);
      if (names.length !== vols.length) {
        return new RoiError(
          '#VALUE!',
          `stage_names has ${names.length} names but the funnel has ${vols.length} rows (one per rate, plus deals).`,
        );
      }
      return vols.map((v, i) => [names[i], v]);
    },
  },
  {
    id: 'REQUIREDOPPS',
    name: 'ROI.REQUIREDOPPS',
    params: [
      TARGET,
      DEAL,
      { name: 'win_rate', kind: 'rate', mode: 'elementwise' },
      { name: 'periods', kind: 'periods', mode: 'elementwise', optional: true, defaultValue: 1 },
      { name: 'marketing_share', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 1 },
    ],
    spills: false,
    run: (a) => lift(requiredOpps(num(a[0]), num(a[1]), num(a[2]), num(a[3]), num(a[4]))),
  },
  {
    id: 'SENSITIVITY',
    name: 'ROI.SENSITIVITY',
    params: [
      single(TARGET),
      single(DEAL),
      RATES,
      { name: 'step', kind: 'step', mode: 'single', optional: true, defaultValue: 0.01 },
    ],
    spills: true,
    run: (a) => {
      const rows = sensitivity(num(a[0]), num(a[1]), list(a[2]), num(a[3]));
      return rows instanceof RoiError ? rows : rows.map((r) => [r[0], r[1]]);
    },
  },
  {
    id: 'HITPROBABILITY',
    name: 'ROI.HITPROBABILITY',
    params: [{ name: 'planned_leads', kind: 'count', mode: 'elementwise' }, TARGET, DEAL, RATES],
    spills: false,
    run: (a) => lift(hitProbability(num(a[0]), num(a[1]), num(a[2]), list(a[3]))),
  },
  {
    id: 'LEADQUALITY',
    name: 'ROI.LEADQUALITY',
    params: [
      { name: 'leads', kind: 'count', mode: 'elementwise' },
      { name: 'qualified', kind: 'count', mode: 'elementwise' },
      { name: 'confidence', kind: 'confidence', mode: 'elementwise', optional: true },
    ],
    spills: false,
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
    params: [
      { name: 'acquisition_cost', kind: 'money', mode: 'elementwise' },
      { name: 'new_customers', kind: 'count', mode: 'elementwise' },
    ],
    spills: false,
    run: (a) =>
      num(a[1]) === 0
        ? new RoiError('#DIV/0!', 'new_customers is 0: no customer to divide the cost among.')
        : num(a[0]) / num(a[1]),
  },
  {
    id: 'LTV',
    name: 'ROI.LTV',
    params: [
      { name: 'revenue_per_period', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'churn_rate', kind: 'rate', mode: 'elementwise' },
      { name: 'discount_rate', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    spills: false,
    run: (a) => {
      const d = num(a[2]) + num(a[3]);
      if (d === 0)
        return new RoiError(
          '#NUM!',
          'churn_rate and discount_rate are both 0: the lifetime value is unbounded. Enter the churn you expect.',
        );
      return (num(a[0]) * num(a[1])) / d;
    },
  },
  {
    id: 'PAYBACK',
    name: 'ROI.PAYBACK',
    params: [
      { name: 'cac', kind: 'money', mode: 'elementwise' },
      { name: 'revenue_per_period', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'churn_rate', kind: 'rate', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    spills: false,
    run: (a) => {
      const cac = num(a[0]);
      const margin = num(a[1]) * num(a[2]);
      const c = num(a[3]);
      if (cac === 0) return 0;
      if (margin === 0)
        return new RoiError('#DIV/0!', 'revenue_per_period * gross_margin is 0: there is no margin to earn back cac.');
      const never = () =>
        new RoiError(
          '#NUM!',
          `The customer's lifetime margin (${fmtMoney(c === 0 ? Infinity : margin / c)}) never reaches cac (${fmtMoney(cac)}).`,
        );
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
    params: [
      { name: 'attributed_revenue', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'marketing_cost', kind: 'money', mode: 'elementwise' },
    ],
    spills: false,
    run: (a) =>
      num(a[2]) === 0
        ? new RoiError('#DIV/0!', 'marketing_cost is 0: a return needs an investment.')
        : (num(a[0]) * num(a[1]) - num(a[2])) / num(a[2]),
  },
  {
    id: 'CUSTOMERPROFIT',
    name: 'ROI.CUSTOMERPROFIT',
    params: [
      { name: 'revenue', kind: 'money', mode: 'elementwise' },
      { name: 'gross_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'cost_to_serve', kind: 'money', mode: 'elementwise' },
      { name: 'acquisition_cost', kind: 'money', mode: 'elementwise', optional: true, defaultValue: 0 },
    ],
    spills: false,
    run: (a) => num(a[0]) * num(a[1]) - num(a[2]) - num(a[3]),
  },
  {
    id: 'MARGINLEVER',
    name: 'ROI.MARGINLEVER',
    params: [
      { name: 'ebitda_margin', kind: 'rate', mode: 'elementwise' },
      { name: 'margin_gain', kind: 'signedUnit', mode: 'elementwise' },
    ],
    spills: false,
    run: (a) =>
      num(a[0]) === 0
        ? new RoiError('#DIV/0!', 'ebitda_margin is 0: no margin to compare growth with.')
        : num(a[1]) / num(a[0]),
  },
  {
    id: 'VELOCITY',
    name: 'ROI.VELOCITY',
    params: [
      { name: 'opportunities', kind: 'count', mode: 'elementwise' },
      { name: 'win_rate', kind: 'rate', mode: 'elementwise' },
      { name: 'average_deal_value', kind: 'money', mode: 'elementwise' },
      { name: 'cycle_length', kind: 'duration', mode: 'elementwise' },
    ],
    spills: false,
    run: (a) =>
      num(a[3]) === 0
        ? new RoiError('#DIV/0!', 'cycle_length is 0: a sales cycle takes some time.')
        : (num(a[0]) * num(a[1]) * num(a[2])) / num(a[3]),
  },
  {
    id: 'METRICKIND',
    name: 'ROI.METRICKIND',
    params: [{ name: 'metric_name', kind: 'text', mode: 'elementwise' }],
    spills: false,
    run: (a) => {
      const name = a[0] as string;
      return classifyMetric(name) ?? new RoiError('#N/A', unknownMetricMessage(name));
    },
  },
];

function fmtMoney(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'unbounded';
}
