/**
 * "Explain this cell": for a ROI.* formula, the derivation in words ("60 deals / 5% of
 * leads become deals = 1,200 leads"), computed by the core from the cell's own arguments;
 * for an error, the core's reason (Excel shows custom messages only for #VALUE! and #N/A,
 * so #NUM! and #DIV/0! reach the user only here); for a stuck #NAME?, what happened and
 * how to repair it.
 *
 * The arguments are read by the table's parameter names (`argumentsOf`: validated, with
 * their defaults, exactly as the kernel receives them), and every number an explanation
 * shows comes from a named kernel (funnel.ts, economics.ts, time.ts, calibrate.ts) or is
 * the cell's own result, so "Explain" never disagrees with the cell it explains.
 */
import {
  argumentsOf,
  defaultMinAges,
  effectiveAsOf,
  funnelForecast,
  funnelPlan,
  funnelVolumes,
  getFunction,
  hitProbability,
  isGrid,
  isRoiError,
  latestDate,
  payback,
  product,
  requiredDeals,
  requiredLeads,
  requiredOpps,
  callByName,
  type ArgValue,
  type CellValue,
  type FunctionId,
  type NamedArgs,
  type RuntimeSpec,
  type Result,
} from '../../core';
import type { WorkbookPort } from '../../workbook/port';
import { findRoiCalls, type RoiCall } from '../../formula/formula';
import { parseBox, cellA1 } from '../../base/a1';
import { approxEqual } from '../../base/equal';
import { formatValue } from '../../base/format';
import { ArgEvaluator } from './evaluate';
import { InputProblem } from '../reading/selection';

/* ---------- numbers in words ---------- */

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** 1200 -> "1,200"; 24.69 -> "24.69". */
export function fmtNumber(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return String(x);
  const neg = x < 0;
  const [i, d] = Math.abs(x).toFixed(decimals).split('.');
  const s = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (d && Number(d) !== 0 ? `.${d}`.replace(/0+$/, '') : '');
  return neg && s !== '0' ? `-${s}` : s;
}

/** 0.05 -> "5%"; 0.0076688 -> "0.77%". */
export function fmtPercent(x: number): string {
  const p = x * 100;
  const a = Math.abs(p);
  const decimals = a === 0 || a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return `${trimZeros(p.toFixed(decimals))}%`;
}

const money = (x: number) => fmtNumber(x, 2);
const count = (x: number) => fmtNumber(x, 2);
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;
/** An Excel serial date as the reader's ISO date (2025-03-04). */
const day = (serial: number) => formatValue(serial, 'yyyy-mm-dd');

/** A number a kernel returned (the arguments were accepted, so it computes). */
function num(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}

/* ---------- reading a call's arguments ---------- */

function unwrap(v: ArgValue): ArgValue {
  return isGrid(v) && v.length === 1 && v[0].length === 1 ? v[0][0] : v;
}

/** The arguments of one element of an elementwise call (row r, column c of its spill). */
function elementArgs(spec: RuntimeSpec, args: ArgValue[], r: number, c: number): ArgValue[] {
  return spec.params.map((p, i) => {
    const v = unwrap(args[i]);
    if (p.mode !== 'elementwise' || !isGrid(v)) return v;
    const row = v.length === 1 ? v[0] : v[r];
    return (row?.length === 1 ? row[0] : row?.[c]) ?? null;
  });
}

/** A stage's name: the one given, else "stage i" (deals for the last row). */
function stageLabel(names: readonly string[] | undefined, i: number, rows: number): string {
  return names?.[i] ?? (i === rows - 1 ? 'deals' : `stage ${i + 1}`);
}

/* ---------- the derivations ---------- */

type Explainer<Id extends FunctionId> = (a: NamedArgs<Id>, result: Result) => string[];

/**
 * One explanation per function, reading its arguments by name. Each number comes from a
 * kernel or is `result`, the call's own value (a number, text, or a grid).
 */
const EXPLAIN: { [Id in FunctionId]: Explainer<Id> } = {
  REVENUEGAP: (a, result) => [
    `${money(a.current_revenue)} current revenue x (${fmtPercent(a.growth_rate)} growth${a.churn_rate ? ` + ${fmtPercent(a.churn_rate)} churn to replace` : ''}) = ${money(num(result))} of new revenue to win.`,
  ],
  REQUIREDDEALS: (a, result) => {
    if (result === 0) return ['A revenue target of 0 needs no deal.'];
    return [
      `${money(a.revenue_target)} target / ${money(a.average_deal_value)} per deal = ${count(a.revenue_target / a.average_deal_value)}, so ${count(num(result))} deals (part of a deal is a whole deal: rounded up).`,
    ];
  },
  REQUIREDLEADS: (a, result) => {
    const deals = num(requiredDeals(a.revenue_target, a.average_deal_value));
    if (deals === 0) return ['A revenue target of 0 needs no leads.'];
    const p = product(a.conversion_rates);
    const rates = a.conversion_rates;
    const chain = rates.length > 1 ? ` (${rates.map(fmtPercent).join(' x ')})` : '';
    const dealsLine = `${money(a.revenue_target)} / ${money(a.average_deal_value)} per deal = ${count(deals)} deals.`;
    if (a.confidence === undefined)
      return [
        dealsLine,
        `${count(deals)} deals / ${fmtPercent(p)} of leads become deals${chain} = ${count(num(result))} leads (rounded up once).`,
      ];
    const expected = num(requiredLeads(a.revenue_target, a.average_deal_value, rates));
    const coin = num(hitProbability(expected, a.revenue_target, a.average_deal_value, rates));
    return [
      dealsLine,
      `On average ${count(deals)} deals / ${fmtPercent(p)}${chain} = ${count(expected)} leads, but that reaches ${count(deals)} deals only ${fmtPercent(coin)} of the time.`,
      `To be ${fmtPercent(a.confidence)} sure of at least ${count(deals)} deals you need ${count(num(result))} leads (each lead independently becomes a deal with probability ${fmtPercent(p)}; exact binomial).`,
    ];
  },
  FUNNEL: (a, result) => {
    const grid = result as Array<Array<string | number>>;
    const vols = grid.map((row) => row[row.length - 1] as number);
    const deals = vols[vols.length - 1];
    const steps = vols
      .slice(0, -1)
      .map(
        (vol, i) =>
          `${stageLabel(a.stage_names, i, vols.length)}: ${count(deals)} / ${fmtPercent(product(a.conversion_rates, i))} = ${count(vol)}`,
      );
    return [
      `${money(a.revenue_target)} / ${money(a.average_deal_value)} per deal = ${count(deals)} deals. Each stage above needs the deals divided by the share of it that ends as a deal, rounded up once:`,
      `${steps.join('; ')}.`,
    ];
  },
  REQUIREDOPPS: (a, result) => {
    const deals = num(requiredDeals(a.revenue_target, a.average_deal_value));
    if (deals === 0) return ['A revenue target of 0 needs no opportunities.'];
    const opps = num(requiredOpps(a.revenue_target, a.average_deal_value, a.win_rate));
    const parts = [
      `${count(deals)} deals / ${fmtPercent(a.win_rate)} win rate = ${count(opps)} qualified opportunities`,
    ];
    if (a.periods !== 1) {
      const per = num(requiredOpps(a.revenue_target, a.average_deal_value, a.win_rate, a.periods));
      parts.push(`/ ${count(a.periods)} periods = ${count(per)} a period`);
    }
    if (a.marketing_share !== 1)
      parts.push(`x ${fmtPercent(a.marketing_share)} sourced by marketing = ${count(num(result))}`);
    return [`${parts.join('; ')}.`];
  },
  SENSITIVITY: (a, result) => {
    const rows = result as number[][];
    const rates = a.conversion_rates;
    const today = num(requiredLeads(a.revenue_target, a.average_deal_value, rates));
    const lines = rows.map(
      (r, i) =>
        `rate ${i + 1} (${fmtPercent(rates[i])} to ${fmtPercent(Math.min(1, rates[i] + a.step))}): ${count(r[0])} leads (${r[1] <= 0 ? '' : '+'}${fmtPercent(r[1])})`,
    );
    const best = rows.reduce((b, r, i) => (r[0] < rows[b][0] ? i : b), 0);
    return [
      `Today the target needs ${count(today)} leads. With one rate raised by ${fmtPercent(a.step)} at a time: ${lines.join('; ')}.`,
      `Improving rate ${best + 1} saves the most.`,
    ];
  },
  HITPROBABILITY: (a, result) => {
    const deals = num(requiredDeals(a.revenue_target, a.average_deal_value));
    if (deals === 0) return ['The target needs no deal, so it is reached for sure (1).'];
    return [
      `The target needs ${count(deals)} deals; each of ${count(Math.floor(a.planned_leads))} leads becomes a deal with probability ${fmtPercent(product(a.conversion_rates))}. The chance that at least ${count(deals)} of them do is ${fmtPercent(num(result))} (exact binomial).`,
    ];
  },
  LEADQUALITY: (a, result) => {
    const share = `${count(a.qualified)} qualified opportunities / ${count(a.leads)} leads = ${fmtPercent(a.qualified / a.leads)}`;
    if (a.confidence === undefined) return [`${share}.`];
    return [
      `${share}; with ${fmtPercent(a.confidence)} confidence the source's true quality is at least ${fmtPercent(num(result))} (Wilson lower bound: the fewer the leads, the further below ${fmtPercent(a.qualified / a.leads)} it sits, so small samples do not outrank large ones).`,
    ];
  },
  CAC: (a, result) => [
    `${money(a.acquisition_cost)} acquisition cost / ${count(a.new_customers)} new customers = ${money(num(result))} per customer.`,
  ],
  LTV: (a, result) => [
    `${money(a.revenue_per_period)} a period x ${fmtPercent(a.gross_margin)} margin = ${money(a.revenue_per_period * a.gross_margin)} of margin a period; / (${fmtPercent(a.churn_rate)} churn${a.discount_rate ? ` + ${fmtPercent(a.discount_rate)} discount` : ''}) = ${money(num(result))} over a customer's life.`,
  ],
  PAYBACK: (a, result) => {
    if (a.cac === 0) return ['A CAC of 0 is paid back at once: 0 periods.'];
    const margin = a.revenue_per_period * a.gross_margin;
    if (!a.churn_rate)
      return [
        `${money(a.cac)} CAC / (${money(a.revenue_per_period)} x ${fmtPercent(a.gross_margin)} = ${money(margin)} of margin a period) = ${fmtNumber(num(result))} periods to earn the acquisition cost back.`,
      ];
    const without = num(payback(a.cac, a.revenue_per_period, a.gross_margin));
    return [
      `${money(a.cac)} CAC / ${money(margin)} of margin a period would take ${fmtNumber(without)} periods; with ${fmtPercent(a.churn_rate)} churn fewer customers remain each period, so it takes ${fmtNumber(num(result))} periods (ln(1 - CAC x churn / margin) / ln(1 - churn)).`,
    ];
  },
  ROMI: (a, result) => {
    const x = num(result);
    return [
      `(${money(a.attributed_revenue)} revenue x ${fmtPercent(a.gross_margin)} margin - ${money(a.marketing_cost)} cost) / ${money(a.marketing_cost)} cost = ${fmtNumber(x)} (${fmtPercent(x)}): ${x >= 0 ? `each 1 spent came back with ${fmtNumber(x)} more in margin` : 'the margin did not cover the spend'}.`,
    ];
  },
  CUSTOMERPROFIT: (a, result) => {
    const x = num(result);
    return [
      `${money(a.revenue)} revenue x ${fmtPercent(a.gross_margin)} margin - ${money(a.cost_to_serve)} to serve${a.acquisition_cost ? ` - ${money(a.acquisition_cost)} to acquire` : ''} = ${money(x)}${x < 0 ? ': this customer loses money (bad revenue)' : ''}.`,
    ];
  },
  MARGINLEVER: (a, result) => [
    `${fmtPercent(a.margin_gain)} more margin / ${fmtPercent(a.ebitda_margin)} EBITDA margin = ${fmtPercent(num(result))}: as much profit as ${fmtPercent(num(result))} more revenue at today's margin.`,
  ],
  VELOCITY: (a, result) => [
    `${count(a.opportunities)} opportunities x ${fmtPercent(a.win_rate)} win rate x ${money(a.average_deal_value)} per deal / ${fmtNumber(a.cycle_length)} periods of sales cycle = ${money(num(result))} of revenue a period.`,
  ],
  METRICKIND: (a, result) => {
    const kind = String(result);
    const why: Record<string, string> = {
      output: 'something marketing ships; it says nothing yet about the business',
      result: 'a campaign metric between what marketing ships and what moves the business',
      outcome: 'a number that moves the business',
    };
    return [`"${a.metric_name}" is an ${kind}: ${why[kind] ?? ''}.`];
  },
  FUNNELPLAN: (a) => {
    // The kernel's own grid: stages as rows, "before" then the periods, whatever the orientation shown.
    const plan = funnelPlan(a.revenue_targets, a.average_deal_value, a.conversion_rates, a.stage_lags, a.extend_growth);
    if (isRoiError(plan)) return [];
    const rows = plan.length;
    const label = (i: number) => stageLabel(a.stage_names, i, rows);
    const n = a.revenue_targets.length;
    const dealsRow = plan[rows - 1];
    const deals = dealsRow.reduce((s, d) => s + d, 0);
    const total = a.revenue_targets.reduce((s, t) => s + t, 0);
    const lines = [
      `${money(total)} over ${plural(n, 'period')} / ${money(a.average_deal_value)} per deal = ${plural(deals, 'deal')}, counted on the running total and rounded up once, so never behind it.`,
    ];
    if (deals === 0) return lines;
    const lags = a.stage_lags;
    // Periods from entering stage i to the deal: the lags from i down.
    const toDeal = lags.map((_, i) => lags.slice(i).reduce((s, l) => s + l, 0));
    // "20 SQOs", or "20 at stage 3" without names.
    const volume = (v: number, i: number) => `${count(v)} ${a.stage_names ? label(i) : `at ${label(i)}`}`;
    lines.push(
      `${lags.map((l, i) => `${label(i)} to ${label(i + 1)}: ${plural(l, 'period')}, ${fmtPercent(a.conversion_rates[i])} ${i === lags.length - 1 ? 'close' : 'go on'}`).join('; ')}. ${plural(toDeal[0], 'period')} from ${label(0)} to deal.`,
    );
    const first = dealsRow.findIndex((d, t) => t > 0 && d > 0);
    const need = funnelVolumes(dealsRow[first], a.conversion_rates);
    if (!isRoiError(need))
      lines.push(
        `To close period ${first}'s ${plural(dealsRow[first], 'deal')} you need ${need
          .slice(0, -1)
          .map((v, i) => `${volume(v, i)} ${plural(toDeal[i], 'period')} earlier`)
          .reverse()
          .join(', ')}${lags.some((l) => l % 1) ? ' (a fractional lag splits a stage between two periods)' : ''}.`,
      );
    if (toDeal[0] > 0)
      lines.push(
        `Before period 1 already: ${plan
          .slice(0, -1)
          .map((row, i) => volume(row[0], i))
          .join(
            ', ',
          )}. The last periods' volume serves deals after period ${n}: the targets go on repeating${a.extend_growth ? `, grown ${fmtPercent(a.extend_growth)} a cycle` : ''}.`,
      );
    return lines;
  },
  FUNNELFORECAST: (a) => {
    const grid = funnelForecast(a.top_volumes, a.conversion_rates, a.stage_lags);
    if (isRoiError(grid)) return [];
    const rows = grid.length;
    const top = stageLabel(a.stage_names, 0, rows);
    const n = a.top_volumes.length;
    const volume = a.top_volumes.reduce((s, v) => s + v, 0);
    const last = grid[rows - 1];
    const within = last.slice(0, n).reduce((s, v) => s + v, 0);
    const after = last[n];
    const reach = a.stage_lags.reduce((s, l) => s + l, 0);
    return [
      `${count(volume)} entering ${top} over ${plural(n, 'period')} x ${fmtPercent(product(a.conversion_rates))} that become deals = ${count(within + after)} expected deals: ${count(within)} by period ${n}, ${count(after)} after it (${plural(reach, 'period')} from ${top} to deal).`,
      'Each stage gets the volume above it times its rate, its lag later; the numbers are expectations, not rounded.',
    ];
  },
  PIPELINEHIT: (a, result) => {
    const open = a.open_counts
      .map((c, i) =>
        c
          ? `${count(c)} at stage ${i + 1} (each a deal with chance ${fmtPercent(product(a.conversion_rates, i))})`
          : '',
      )
      .filter(Boolean);
    const expected = a.open_counts.reduce((s, c, i) => s + c * product(a.conversion_rates, i), 0);
    if (a.deals_needed === 0) return ['No deal needed: reached for sure (1).'];
    return [
      `Open now: ${open.length ? open.join(', ') : 'nothing'}; ${count(expected)} deals expected.`,
      `The chance of at least ${plural(a.deals_needed, 'deal')} is ${fmtPercent(num(result))} (exact: each item converts on its own).`,
    ];
  },
  STAGERATES: (a, result) => {
    const rows = result as Array<Array<number | { code: string }>>;
    const at = effectiveAsOf(latestDate(a.stage_dates), a.as_of);
    if (at === undefined) return ['stage_dates holds no date: nothing to count.'];
    const ages = a.min_age === undefined ? defaultMinAges(a.stage_dates, a.as_of) : rows.map(() => a.min_age as number);
    const rule =
      a.min_age === 0
        ? 'every record that entered a stage by then counts (min_age 0)'
        : `a record counts once it has had ${a.min_age === undefined ? 'as long as 90% of the conversions took' : plural(a.min_age, 'day')} to convert`;
    return [
      `As of ${day(at)}${a.as_of !== undefined && a.as_of > at ? ' (the latest date in the data: a later date would count conversions not yet recorded as failures)' : ''}; ${rule}:`,
      ...rows.map(([counted, converted, rate, bound], i) =>
        typeof rate === 'number'
          ? `stage ${i + 1} to ${i + 2}: ${count(num(counted))} entered ${ages[i] ? `at least ${plural(ages[i], 'day')} before` : 'by then'}, ${count(num(converted))} of them converted = ${fmtPercent(rate)}; with ${fmtPercent(a.confidence)} confidence at least ${typeof bound === 'number' ? fmtPercent(bound) : bound.code}.`
          : `stage ${i + 1} to ${i + 2}: no record old enough to judge.`,
      ),
    ];
  },
  STAGELAGS: (a, result) => {
    const rows = result as Array<Array<number | { code: string }>>;
    const unit = a.days_per_period === 1 ? 'days' : `periods of ${fmtNumber(a.days_per_period)} days`;
    const which = a.quantile === 0.5 ? 'median' : `${fmtNumber(a.quantile * 100)}th percentile`;
    return [
      `The ${which} time between the dates typed for both stages (filled dates say nothing about how long a stage took), in ${unit}: ${rows
        .map(
          ([v], i) =>
            `stage ${i + 1} to ${i + 2}: ${typeof v === 'number' ? fmtNumber(v) : 'no record has both dates'}`,
        )
        .join('; ')}.`,
    ];
  },
};

/**
 * The derivation of one call in words, from arguments the core accepted (`result` is
 * what it returned for them: a number, text, or a grid). One or more sentences.
 */
export function derivation(spec: RuntimeSpec, args: ArgValue[], result: Result): string[] {
  const a = argumentsOf(spec.id, args);
  if (isRoiError(a)) return [];
  return (EXPLAIN[spec.id] as Explainer<FunctionId>)(a as NamedArgs<FunctionId>, result).map(
    (line) => line.charAt(0).toUpperCase() + line.slice(1),
  );
}

/* ---------- one call, one cell ---------- */

export interface CallExplanation {
  /** "ROI.REQUIREDLEADS(B2,B3,B4:B6)" */
  text: string;
  id: string;
  /** What the core computes from the arguments as they are now. */
  result?: Result;
  lines: string[];
  /** The reason when the call gives an error (the core's message). */
  error?: { code: string; message: string };
}

/** Explains one call whose arguments are known. */
export function explainCall(id: string, args: ArgValue[], text = `ROI.${id}(...)`): CallExplanation {
  const spec = getFunction(id);
  if (!spec)
    return {
      text,
      id,
      lines: [
        `ROI.${id} is not a function of Outcome ROI, so Excel shows #NAME?. Check the spelling against the function list.`,
      ],
      error: { code: '#NAME?', message: `ROI.${id} is not a function of Outcome ROI.` },
    };
  const result = callByName(id, args);
  if (isRoiError(result))
    return {
      text,
      id,
      result,
      lines: [`${result.code}: ${result.message}`],
      error: { code: result.code, message: result.message },
    };
  if (Array.isArray(result)) {
    const first = result[0]?.[0];
    if (spec.spills) return { text, id, result, lines: derivation(spec, args, result) };
    // Elementwise over ranges: one value per element; explain the first, and any error's reason.
    const errs = result.flat().filter(isRoiError);
    const lines = [`It spills ${result.length} x ${result[0]?.length ?? 0} values, one per element of its ranges.`];
    if (isRoiError(first)) lines.push(`The first is ${first.code}: ${first.message}`);
    else lines.push(`The first: ${derivation(spec, elementArgs(spec, args, 0, 0), first).join(' ')}`);
    const other = errs.find((e) => e !== first);
    if (other) lines.push(`${errs.length} of them are errors, for example ${other.code}: ${other.message}`);
    return { text, id, result, lines };
  }
  return { text, id, result, lines: derivation(spec, args, result) };
}

export interface CellExplanation {
  sheet: string;
  address: string;
  formula: string;
  value: CellValue;
  /** A one-line summary (what the cell is, or why it shows its error). */
  headline: string;
  calls: CallExplanation[];
  /** Arguments the pane could not evaluate, and why. */
  unresolved: string[];
}

function showValue(v: CellValue): string {
  if (v === null || v === undefined || v === '') return '(blank)';
  if (isRoiError(v)) return v.code;
  if (typeof v === 'number') return fmtNumber(v, 6);
  return String(v);
}

function sameNumber(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' && approxEqual(a, b);
}

/** Explains the formula of one cell (its first cell when given a range). */
export async function explainCell(
  port: WorkbookPort,
  sheet: string,
  address: string,
  evaluator = new ArgEvaluator(port),
): Promise<CellExplanation> {
  const box = parseBox(address);
  if (!box) throw new InputProblem(`"${address}" is not a cell: select one cell with a ROI formula.`);
  const cell = cellA1(box.top, box.left);
  const read = await port.readRange(sheet, cell);
  const formula = read.formulas[0]?.[0] ?? '';
  const value = read.values[0]?.[0] ?? null;
  const calls: RoiCall[] =
    formula.startsWith('=') && !(typeof value === 'string' && value === formula) ? findRoiCalls(formula.slice(1)) : [];
  if (!calls.length) {
    const what = formula.startsWith('=')
      ? `its formula ${formula} calls no ROI function`
      : value === null
        ? 'it is empty'
        : `it holds the value ${showValue(value)}, not a formula (if it is part of a spill, select the spill's first cell)`;
    throw new InputProblem(`${sheet}!${cell} has no ROI formula to explain: ${what}.`);
  }
  // The outermost calls: those not inside another ROI call's brackets.
  const outer = calls.filter((c) => !calls.some((o) => o !== c && o.open < c.nameStart && c.close <= o.close));
  const explained: CallExplanation[] = [];
  const unresolved: string[] = [];
  for (const call of outer) {
    const args: ArgValue[] = [];
    let ok = true;
    for (const a of call.args) {
      const r = await evaluator.evaluate(a.text, sheet);
      if (!r.ok) {
        ok = false;
        unresolved.push(`${a.text.trim()}: ${r.reason}`);
        break;
      }
      args.push(r.value);
    }
    const text = formula.slice(1).slice(call.nameStart, call.close);
    if (ok) {
      const ex = explainCall(call.id, args, text);
      // An error handed on from an argument (the core returns it unchanged): say which argument.
      if (ex.error) {
        const { code, message } = ex.error;
        const same = (x: unknown) => isRoiError(x) && x.code === code && (x.message === message || !x.message);
        const i = args.findIndex((v) => (isGrid(v) ? v.some((row) => row.some(same)) : same(v)));
        if (i >= 0) {
          const arg = call.args[i].text.trim();
          ex.error = {
            code,
            message: `its argument ${arg} holds ${code}${message ? ` (${message.replace(/\.$/, '')})` : ''}; an error in an argument is passed on unchanged, so fix ${arg} first.`,
          };
          ex.lines = [`${code}: ${ex.error.message}`];
        }
      }
      explained.push(ex);
    } else
      explained.push({
        text,
        id: call.id,
        lines: [`The pane cannot evaluate all of its arguments (${unresolved[unresolved.length - 1]}).`],
      });
  }
  const whole = outer.length === 1 && outer[0].nameStart === 0 && outer[0].close === formula.length - 1;
  const first = explained[0];
  let headline: string;
  const unknown = calls.find((c) => !getFunction(c.id));
  if (unknown) {
    headline = `ROI.${unknown.id} is not a function of Outcome ROI, so the cell shows #NAME?.`;
  } else if (isRoiError(value) && value.code === '#NAME?') {
    headline =
      'Excel shows #NAME? because this formula was typed while the Outcome ROI add-in was not loaded, and Excel never looks the name up again. Re-enter the formula (select the cell, press F2, then Enter), or repair the file with `roi recalc IN.xlsx --out OUT.xlsx`.';
  } else if (isRoiError(value)) {
    const reason = explained.find((c) => c.error && c.error.code === value.code) ?? explained.find((c) => c.error);
    headline = reason?.error
      ? `${cell} shows ${value.code} because ${reason.text.replace(/\(.*/, '')}: ${reason.error.message}`
      : `${cell} shows ${value.code}${value.message ? `: ${value.message}` : ''}; its ROI calls compute without error, so the error comes from the rest of the formula or its inputs.`;
  } else if (
    whole &&
    first?.result !== undefined &&
    !Array.isArray(first.result) &&
    !isRoiError(first.result) &&
    typeof value === 'number' &&
    !sameNumber(value, first.result)
  ) {
    headline = `${cell} shows ${showValue(value)}, but its arguments give ${showValue(first.result as CellValue)} now: recalculate the workbook.`;
  } else {
    headline = whole
      ? `${cell} = ${showValue(value)}.`
      : `${cell} = ${showValue(value)}; the ROI calls in its formula:`;
  }
  return { sheet, address: cell, formula, value, headline, calls: explained, unresolved };
}

/** Explains the selected cell. */
export async function explainSelection(port: WorkbookPort): Promise<CellExplanation> {
  const sel = await port.getSelection();
  if (!sel) throw new InputProblem('Select a cell with a ROI formula first.');
  return explainCell(port, sel.sheet, sel.address, new ArgEvaluator(port));
}
