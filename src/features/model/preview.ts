/**
 * The live preview: every number the model sheet will show, computed by the core with
 * the very arguments the sheet's formulas pass (see plan.ts, which writes those formulas;
 * a test evaluates the written plan in the headless engine and compares it with this).
 *
 * Pure TypeScript: the task pane calls it on every keystroke.
 */
import { RoiError, callFunction, isRoiError, type ArgValue, type Result } from '../../core';
import type { ModelInputs } from './inputs';
import { rateName, validateInputs } from './inputs';
import { groupedInteger, moneyShort, pointsPhrase } from './text';

/** One number the sheet shows, or the error its cell shows. */
export type PreviewValue = number | RoiError;

export interface FunnelRow {
  name: string;
  volume: PreviewValue;
}

export interface SensitivityRow {
  /** Index into inputs.stages of the rate that moves. */
  stage: number;
  rateName: string;
  rate: number;
  /** Leads needed if this rate rose by the step. */
  volume: PreviewValue;
  /** Its change against today's leads, a fraction (negative: fewer leads). */
  change: PreviewValue;
  /** Leads saved: today's leads minus volume. */
  saved: PreviewValue;
}

export type ScenarioName = 'Low' | 'Base' | 'High';

export interface ScenarioRow {
  name: ScenarioName;
  dealValue: number;
  /** One rate per stage, as the scenario block holds them. */
  rates: number[];
  deals: PreviewValue;
  leads: PreviewValue;
  leadsAtConfidence: PreviewValue;
  hitProbability: PreviewValue;
}

export interface ModelPreview {
  /** Input problems (as validateInputs); when not empty, nothing may be written. */
  errors: Record<string, string>;
  revenueGap: PreviewValue;
  deals: PreviewValue;
  /** Qualified opportunities needed in the year. */
  opportunities: PreviewValue;
  opportunitiesPerMonth: PreviewValue;
  /** Of those a month, the ones marketing must source. */
  marketingOpportunitiesPerMonth: PreviewValue;
  /** Qualified opportunities to keep open at any time: a month's opportunities times the sales cycle. */
  openPipeline: PreviewValue;
  /** Leads (the lead stage's volume) needed in the year. */
  leads: PreviewValue;
  leadsPerMonth: PreviewValue;
  /** Leads needed to reach the target with the chosen confidence. */
  leadsAtConfidence: PreviewValue;
  /** Planned leads in the year (planned per month times 12). */
  plannedLeads: PreviewValue;
  /** Chance that the planned leads reach the target. */
  hitProbability: PreviewValue;
  cac: PreviewValue;
  ltv: PreviewValue;
  ltvToCac: PreviewValue;
  paybackMonths: PreviewValue;
  romi: PreviewValue;
  /** First-year profit from one customer after cost to serve and CAC. */
  customerProfit: PreviewValue;
  /** The whole funnel, top stage first, won deals last (or the error the FUNNEL cell shows). */
  funnel: FunnelRow[] | RoiError;
  sensitivity: SensitivityRow[] | RoiError;
  scenarios: ScenarioRow[];
  /** "To add $3.0M you need 60 deals, 240 qualified opportunities, 20 a month from marketing, and about 1,200 leads." */
  sentence: string | RoiError;
  /** "One more point of close rate saves 46 leads; one more point of SAL-to-SQO saves 29." */
  sensitivitySentence: string | RoiError;
}

const MONTHS = 12;

function scalar(r: Result): PreviewValue {
  if (Array.isArray(r)) return scalar(r[0]?.[0] ?? new RoiError('#VALUE!', 'No value.'));
  if (typeof r === 'number') return r;
  if (isRoiError(r)) return r;
  return new RoiError('#VALUE!', `Expected a number, got "${r}".`);
}

const col = (xs: ReadonlyArray<number | string>): ArgValue => xs.map((x) => [x]);

/** Excel arithmetic on values that may be errors: the first error wins, as in a cell. */
function arith(f: (...xs: number[]) => number, ...xs: PreviewValue[]): PreviewValue {
  for (const x of xs) if (isRoiError(x)) return x;
  const v = f(...(xs as number[]));
  if (!Number.isFinite(v)) return new RoiError('#DIV/0!', 'Division by zero.');
  return v;
}

/** The Low / Base / High values the scenario block holds (formulas on Base in 'share' mode). */
export function scenarioValues(inputs: ModelInputs): Record<ScenarioName, { dealValue: number; rates: number[] }> {
  const base = { dealValue: inputs.averageDealValue, rates: inputs.stages.map((s) => s.rate) };
  const sc = inputs.scenarios;
  if (sc.mode === 'share') {
    const s = sc.share;
    return {
      Low: { dealValue: base.dealValue * (1 - s), rates: base.rates.map((r) => r * (1 - s)) },
      Base: base,
      High: { dealValue: base.dealValue * (1 + s), rates: base.rates.map((r) => Math.min(1, r * (1 + s))) },
    };
  }
  return {
    Low: { dealValue: sc.dealValue.low, rates: inputs.stages.map((_, i) => sc.rates[i]?.low ?? NaN) },
    Base: base,
    High: { dealValue: sc.dealValue.high, rates: inputs.stages.map((_, i) => sc.rates[i]?.high ?? NaN) },
  };
}

/**
 * Every number the model sheet will show for these inputs. Never throws: a value the
 * sheet would show as an error is the core's RoiError here too.
 */
export function previewModel(inputs: ModelInputs): ModelPreview {
  const errors = validateInputs(inputs);
  const rates = inputs.stages.map((s) => s.rate);
  const leadRates = rates.slice(inputs.leadStage);
  const close = rates[rates.length - 1];
  const deal = inputs.averageDealValue;

  const gap = scalar(callFunction('REVENUEGAP', [inputs.currentRevenue, inputs.growthRate, inputs.churnRate]));
  const deals = scalar(callFunction('REQUIREDDEALS', [gap, deal]));
  const opportunities = scalar(callFunction('REQUIREDOPPS', [gap, deal, close]));
  const opportunitiesPerMonth = scalar(callFunction('REQUIREDOPPS', [gap, deal, close, MONTHS]));
  const marketingOpportunitiesPerMonth = scalar(
    callFunction('REQUIREDOPPS', [gap, deal, close, MONTHS, inputs.marketingShare]),
  );
  const openPipeline = arith((a, b) => a * b, opportunitiesPerMonth, inputs.salesCycleMonths);
  const leads = scalar(callFunction('REQUIREDLEADS', [gap, deal, col(leadRates)]));
  const leadsPerMonth = arith((l) => Math.ceil(l / MONTHS), leads); // ROUNDUP(leads/12, 0)
  const leadsAtConfidence = scalar(callFunction('REQUIREDLEADS', [gap, deal, col(leadRates), inputs.confidence]));
  const plannedLeads = arith((p) => p * MONTHS, inputs.plannedLeadsPerMonth);
  const hitProbability = scalar(callFunction('HITPROBABILITY', [plannedLeads, gap, deal, col(leadRates)]));
  const cac = scalar(callFunction('CAC', [inputs.marketingBudget, deals]));
  const ltv = scalar(callFunction('LTV', [deal, inputs.grossMargin, inputs.churnRate]));
  const ltvToCac = arith((a, b) => a / b, ltv, cac);
  const paybackMonths = arith(
    (p) => p * MONTHS,
    scalar(callFunction('PAYBACK', [cac, deal, inputs.grossMargin, inputs.churnRate])),
  );
  const attributed = arith((g, s) => g * s, gap, inputs.marketingShare);
  const romi = scalar(callFunction('ROMI', [attributed, inputs.grossMargin, inputs.marketingBudget]));
  const customerProfit = scalar(callFunction('CUSTOMERPROFIT', [deal, inputs.grossMargin, inputs.costToServe, cac]));

  const names = [...inputs.stages.map((s) => s.name), inputs.wonStageName];
  const f = callFunction('FUNNEL', [gap, deal, col(rates), col(names)]);
  const funnel: FunnelRow[] | RoiError = Array.isArray(f)
    ? f.map((row) => ({ name: String(row[0]), volume: scalar(row[1]) }))
    : isRoiError(f)
      ? f
      : new RoiError('#VALUE!', 'FUNNEL returned one value.');

  const s = callFunction('SENSITIVITY', [gap, deal, col(leadRates), inputs.sensitivityStep]);
  const sensitivity: SensitivityRow[] | RoiError = Array.isArray(s)
    ? s.map((row, j) => {
        const i = inputs.leadStage + j;
        const volume = scalar(row[0]);
        return {
          stage: i,
          rateName: rateName(inputs.stages, i),
          rate: rates[i],
          volume,
          change: scalar(row[1]),
          saved: arith((a, b) => a - b, leads, volume),
        };
      })
    : isRoiError(s)
      ? s
      : new RoiError('#VALUE!', 'SENSITIVITY returned one value.');

  const sv = scenarioValues(inputs);
  const scenarios: ScenarioRow[] = (['Low', 'Base', 'High'] as const).map((name) => {
    const v = sv[name];
    const lr = col(v.rates.slice(inputs.leadStage));
    return {
      name,
      dealValue: v.dealValue,
      rates: v.rates,
      deals: scalar(callFunction('REQUIREDDEALS', [gap, v.dealValue])),
      leads: scalar(callFunction('REQUIREDLEADS', [gap, v.dealValue, lr])),
      leadsAtConfidence: scalar(callFunction('REQUIREDLEADS', [gap, v.dealValue, lr, inputs.confidence])),
      hitProbability: scalar(callFunction('HITPROBABILITY', [plannedLeads, gap, v.dealValue, lr])),
    };
  });

  return {
    errors,
    revenueGap: gap,
    deals,
    opportunities,
    opportunitiesPerMonth,
    marketingOpportunitiesPerMonth,
    openPipeline,
    leads,
    leadsPerMonth,
    leadsAtConfidence,
    plannedLeads,
    hitProbability,
    cac,
    ltv,
    ltvToCac,
    paybackMonths,
    romi,
    customerProfit,
    funnel,
    sensitivity,
    scenarios,
    sentence: headline(gap, deals, opportunities, marketingOpportunitiesPerMonth, leads),
    sensitivitySentence: leverSentence(sensitivity, inputs.sensitivityStep),
  };
}

function headline(
  gap: PreviewValue,
  deals: PreviewValue,
  opps: PreviewValue,
  mktPerMonth: PreviewValue,
  leads: PreviewValue,
): string | RoiError {
  for (const x of [gap, deals, opps, mktPerMonth, leads]) if (isRoiError(x)) return x;
  return (
    `To add ${moneyShort(gap as number)} you need ${groupedInteger(deals as number)} deals, ` +
    `${groupedInteger(opps as number)} qualified opportunities, ${groupedInteger(mktPerMonth as number)} a month from marketing, ` +
    `and about ${groupedInteger(leads as number)} leads.`
  );
}

/**
 * The levers in the order the sheet's rank column puts them: most leads saved first;
 * ties keep funnel order.
 */
export function rankLevers(rows: readonly SensitivityRow[]): SensitivityRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (b.r.saved as number) - (a.r.saved as number) || a.i - b.i)
    .map((x) => x.r);
}

function leverSentence(rows: SensitivityRow[] | RoiError, step: number): string | RoiError {
  if (isRoiError(rows)) return rows;
  for (const r of rows) if (isRoiError(r.saved)) return r.saved;
  const ranked = rankLevers(rows);
  const phrase = pointsPhrase(step);
  const clause = (r: SensitivityRow, first: boolean) =>
    `${first ? phrase : phrase.toLowerCase()} of ${r.rateName} saves ${groupedInteger(r.saved as number)} leads`;
  const parts = ranked.slice(0, 2).map((r, k) => clause(r, k === 0));
  return `${parts.join('; ')}.`;
}
