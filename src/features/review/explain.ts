/**
 * "Explain this cell": for a ROI.* formula, the derivation in words ("60 deals / 5% of
 * leads become deals = 1,200 leads"), computed by the core from the cell's own arguments;
 * for an error, the core's reason (Excel shows custom messages only for #VALUE! and #N/A,
 * so #NUM! and #DIV/0! reach the user only here); for a stuck #NAME?, what happened and
 * how to repair it.
 */
import {
  binomialAtLeast,
  callByName,
  callFunction,
  ceilWhole,
  getFunction,
  isGrid,
  isRoiError,
  requiredDeals,
  type ArgValue,
  type CellValue,
  type RuntimeSpec,
  type Result,
} from '../../core';
import type { WorkbookPort } from '../../workbook/port';
import { findRoiCalls, type RoiCall } from '../../formula/formula';
import { parseBox, cellA1 } from '../../base/a1';
import { approxEqual } from '../../base/equal';
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

function product(rates: number[]): number {
  return rates.reduce((p, r) => p * r, 1);
}

/* ---------- reading a call's arguments once the core accepted them ---------- */

function unwrap(v: ArgValue): ArgValue {
  return isGrid(v) && v.length === 1 && v[0].length === 1 ? v[0][0] : v;
}

function listOf(v: ArgValue): number[] {
  const u = unwrap(v);
  if (isGrid(u)) return u.flat().filter((x): x is number => typeof x === 'number');
  return typeof u === 'number' ? [u] : [];
}

function textListOf(v: ArgValue): string[] {
  const u = unwrap(v);
  if (isGrid(u)) return u.flat().filter((x): x is string => typeof x === 'string' && x !== '');
  return typeof u === 'string' ? [u] : [];
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

function scalar(v: ArgValue, dflt?: number): number {
  const u = unwrap(v);
  if (typeof u === 'number') return u;
  return dflt ?? NaN;
}

/* ---------- the derivations ---------- */

/**
 * The derivation of one call in words, from arguments the core accepted (`result` is
 * what it returned for them: a number, text, or a grid). One or more sentences.
 */
export function derivation(spec: RuntimeSpec, args: ArgValue[], result: Result): string[] {
  const a = args;
  switch (spec.id) {
    case 'REVENUEGAP': {
      const cur = scalar(a[0]);
      const g = scalar(a[1]);
      const ch = scalar(a[2], 0);
      return [
        `${money(cur)} current revenue x (${fmtPercent(g)} growth${ch ? ` + ${fmtPercent(ch)} churn to replace` : ''}) = ${money(result as number)} of new revenue to win.`,
      ];
    }
    case 'REQUIREDDEALS': {
      const t = scalar(a[0]);
      const v = scalar(a[1]);
      if (t === 0) return ['A revenue target of 0 needs no deal.'];
      return [
        `${money(t)} target / ${money(v)} per deal = ${count(t / v)}, so ${count(result as number)} deals (part of a deal is a whole deal: rounded up).`,
      ];
    }
    case 'REQUIREDLEADS': {
      const t = scalar(a[0]);
      const v = scalar(a[1]);
      const rates = listOf(a[2]);
      const conf = unwrap(a[3]);
      const deals = requiredDeals(t, v) as number;
      if (deals === 0) return ['A revenue target of 0 needs no leads.'];
      const p = product(rates);
      const chain = rates.length > 1 ? ` (${rates.map(fmtPercent).join(' x ')})` : '';
      const dealsLine = `${money(t)} / ${money(v)} per deal = ${count(deals)} deals.`;
      const expected = ceilWhole(deals / p);
      if (typeof conf !== 'number')
        return [
          dealsLine,
          `${count(deals)} deals / ${fmtPercent(p)} of leads become deals${chain} = ${count(result as number)} leads (rounded up once).`,
        ];
      const coin = binomialAtLeast(expected, p, deals);
      return [
        dealsLine,
        `On average ${count(deals)} deals / ${fmtPercent(p)}${chain} = ${count(expected)} leads, but that reaches ${count(deals)} deals only ${fmtPercent(coin)} of the time.`,
        `To be ${fmtPercent(conf)} sure of at least ${count(deals)} deals you need ${count(result as number)} leads (each lead independently becomes a deal with probability ${fmtPercent(p)}; exact binomial).`,
      ];
    }
    case 'FUNNEL': {
      const t = scalar(a[0]);
      const v = scalar(a[1]);
      const rates = listOf(a[2]);
      const names = textListOf(a[3]);
      const grid = result as Array<Array<string | number>>;
      const vols = grid.map((row) => row[row.length - 1] as number);
      const deals = vols[vols.length - 1];
      const label = (i: number) => names[i] ?? (i === vols.length - 1 ? 'deals' : `stage ${i + 1}`);
      const steps = vols
        .slice(0, -1)
        .map((vol, i) => `${label(i)}: ${count(deals)} / ${fmtPercent(product(rates.slice(i)))} = ${count(vol)}`);
      return [
        `${money(t)} / ${money(v)} per deal = ${count(deals)} deals. Each stage above needs the deals divided by the share of it that ends as a deal, rounded up once:`,
        `${steps.join('; ')}.`,
      ];
    }
    case 'REQUIREDOPPS': {
      const t = scalar(a[0]);
      const v = scalar(a[1]);
      const w = scalar(a[2]);
      const periods = scalar(a[3], 1);
      const share = scalar(a[4], 1);
      const deals = requiredDeals(t, v) as number;
      if (deals === 0) return ['A revenue target of 0 needs no opportunities.'];
      const opps = ceilWhole(deals / w);
      const per = ceilWhole(opps / periods);
      const parts = [`${count(deals)} deals / ${fmtPercent(w)} win rate = ${count(opps)} qualified opportunities`];
      if (periods !== 1) parts.push(`/ ${count(periods)} periods = ${count(per)} a period`);
      if (share !== 1) parts.push(`x ${fmtPercent(share)} sourced by marketing = ${count(result as number)}`);
      return [`${parts.join('; ')}.`];
    }
    case 'SENSITIVITY': {
      const t = scalar(a[0]);
      const v = scalar(a[1]);
      const rates = listOf(a[2]);
      const step = scalar(a[3], 0.01);
      const rows = result as number[][];
      const today = callFunction('REQUIREDLEADS', [t, v, [rates]]) as number;
      const lines = rows.map(
        (r, i) =>
          `rate ${i + 1} (${fmtPercent(rates[i])} to ${fmtPercent(Math.min(1, rates[i] + step))}): ${count(r[0])} leads (${r[1] <= 0 ? '' : '+'}${fmtPercent(r[1])})`,
      );
      const best = rows.reduce((b, r, i) => (r[0] < rows[b][0] ? i : b), 0);
      return [
        `Today the target needs ${count(today)} leads. With one rate raised by ${fmtPercent(step)} at a time: ${lines.join('; ')}.`,
        `Improving rate ${best + 1} saves the most.`,
      ];
    }
    case 'HITPROBABILITY': {
      const n = Math.floor(scalar(a[0]));
      const t = scalar(a[1]);
      const v = scalar(a[2]);
      const rates = listOf(a[3]);
      const deals = requiredDeals(t, v) as number;
      if (deals === 0) return ['The target needs no deal, so it is reached for sure (1).'];
      const p = product(rates);
      return [
        `The target needs ${count(deals)} deals; each of ${count(n)} leads becomes a deal with probability ${fmtPercent(p)}. The chance that at least ${count(deals)} of them do is ${fmtPercent(result as number)} (exact binomial).`,
      ];
    }
    case 'LEADQUALITY': {
      const leads = scalar(a[0]);
      const q = scalar(a[1]);
      const conf = unwrap(a[2]);
      const share = `${count(q)} qualified opportunities / ${count(leads)} leads = ${fmtPercent(q / leads)}`;
      if (typeof conf !== 'number') return [`${share}.`];
      return [
        `${share}; with ${fmtPercent(conf)} confidence the source's true quality is at least ${fmtPercent(result as number)} (Wilson lower bound: the fewer the leads, the further below ${fmtPercent(q / leads)} it sits, so small samples do not outrank large ones).`,
      ];
    }
    case 'CAC':
      return [
        `${money(scalar(a[0]))} acquisition cost / ${count(scalar(a[1]))} new customers = ${money(result as number)} per customer.`,
      ];
    case 'LTV': {
      const r = scalar(a[0]);
      const m = scalar(a[1]);
      const ch = scalar(a[2]);
      const d = scalar(a[3], 0);
      return [
        `${money(r)} a period x ${fmtPercent(m)} margin = ${money(r * m)} of margin a period; / (${fmtPercent(ch)} churn${d ? ` + ${fmtPercent(d)} discount` : ''}) = ${money(result as number)} over a customer's life.`,
      ];
    }
    case 'PAYBACK': {
      const cac = scalar(a[0]);
      const r = scalar(a[1]);
      const m = scalar(a[2]);
      const ch = scalar(a[3], 0);
      if (cac === 0) return ['A CAC of 0 is paid back at once: 0 periods.'];
      const margin = r * m;
      if (!ch)
        return [
          `${money(cac)} CAC / (${money(r)} x ${fmtPercent(m)} = ${money(margin)} of margin a period) = ${fmtNumber(result as number)} periods to earn the acquisition cost back.`,
        ];
      return [
        `${money(cac)} CAC / ${money(margin)} of margin a period would take ${fmtNumber(cac / margin)} periods; with ${fmtPercent(ch)} churn fewer customers remain each period, so it takes ${fmtNumber(result as number)} periods (ln(1 - CAC x churn / margin) / ln(1 - churn)).`,
      ];
    }
    case 'ROMI': {
      const rev = scalar(a[0]);
      const m = scalar(a[1]);
      const cost = scalar(a[2]);
      const x = result as number;
      return [
        `(${money(rev)} revenue x ${fmtPercent(m)} margin - ${money(cost)} cost) / ${money(cost)} cost = ${fmtNumber(x)} (${fmtPercent(x)}): ${x >= 0 ? `each 1 spent came back with ${fmtNumber(x)} more in margin` : 'the margin did not cover the spend'}.`,
      ];
    }
    case 'CUSTOMERPROFIT': {
      const rev = scalar(a[0]);
      const m = scalar(a[1]);
      const serve = scalar(a[2]);
      const acq = scalar(a[3], 0);
      const x = result as number;
      return [
        `${money(rev)} revenue x ${fmtPercent(m)} margin - ${money(serve)} to serve${acq ? ` - ${money(acq)} to acquire` : ''} = ${money(x)}${x < 0 ? ': this customer loses money (bad revenue)' : ''}.`,
      ];
    }
    case 'MARGINLEVER':
      return [
        `${fmtPercent(scalar(a[1]))} more margin / ${fmtPercent(scalar(a[0]))} EBITDA margin = ${fmtPercent(result as number)}: as much profit as ${fmtPercent(result as number)} more revenue at today's margin.`,
      ];
    case 'VELOCITY':
      return [
        `${count(scalar(a[0]))} opportunities x ${fmtPercent(scalar(a[1]))} win rate x ${money(scalar(a[2]))} per deal / ${fmtNumber(scalar(a[3]))} periods of sales cycle = ${money(result as number)} of revenue a period.`,
      ];
    case 'METRICKIND': {
      const name = String(unwrap(a[0]));
      const kind = String(result);
      const why: Record<string, string> = {
        output: 'something marketing ships; it says nothing yet about the business',
        result: 'a campaign metric between what marketing ships and what moves the business',
        outcome: 'a number that moves the business',
      };
      return [`"${name}" is an ${kind}: ${why[kind] ?? ''}.`];
    }
    default:
      return [];
  }
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
