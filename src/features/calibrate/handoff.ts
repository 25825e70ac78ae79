/**
 * "Use in the model", the pure half: which of the model's input cells the calibration
 * fills, with what, and the note that says where each number came from. The model's side
 * is given as slots (its stage rows and fields, each with the cell that holds it, read
 * from the model's own field and stage tables by model-target.ts); nothing here knows the
 * model's layout.
 *
 * What goes where (decided here; docs/calibrate.md, "Use in the model"):
 * - a contacts export's stage rates: each model stage's "converts to next" rate takes one
 *   measured transition, paired from the bottom (the model's last rate, the close rate,
 *   takes the last transition, into Customer; the one above it the one above; ...) down to
 *   the model's lead stage: the stages above it (visitors) are not in a CRM export and are
 *   never paired by default. The view lets the user change each pairing, or keep a rate;
 * - an opportunities report: the win rate (won of closed) is the close rate, the model's
 *   last stage rate; the mean won deal value is the average deal value (the model divides
 *   revenue by it, so the mean, not the median, is the number that reproduces revenue);
 * - lags go in once the model's stage table has a lag column (not yet): the sales cycle
 *   and the median lags are shown in the pane but not written;
 * - a measured number that is missing (nothing counted, no won deal with an amount) fills
 *   nothing; one with too few records to judge is offered unticked (the user may tick it);
 *   one equal to what the model holds is not a change.
 * Numbers are those of one group of the report: "All" by default, or the source chosen.
 */
import { formatValue } from '../../base/format';
import { tooFewToJudge } from './flags';
import type { ContactsReport, OpportunityReport } from './report';
import { shortStage } from './text';

/** One stage row of the model: its name, the label of its rate, the rate it holds, and that cell. */
export interface StageSlot {
  name: string;
  /** "Leads → SALs" or the label the user gave the rate. */
  label: string;
  rate: number;
  /** The rate's cell on the model sheet ("C24"). */
  address: string;
}

/** The model's inputs the calibration can fill, each with the cell that holds it. */
export interface ModelSlots {
  sheet: string;
  stages: StageSlot[];
  /** Index into stages of the stage whose volume counts as leads (above it: visitors). */
  leadStage: number;
  /** The average deal value's label, value and cell (undefined when the model has none). */
  dealValue?: { label: string; value: number; address: string };
}

/** Where the measured numbers come from, for the notes. */
export interface HandOffSource {
  /** The table ("'hubspot-contacts-export'!A1:L2401") or the file. */
  label: string;
  /** The report's as-of day. */
  asOf: string;
  confidence: number;
}

export interface HandOffChange {
  /** What it fills: "rate:3" (the model's stage 3's rate) or "dealValue". */
  target: string;
  /** The model's words for it: "SQOs → Won deals rate", "Average deal value (a year)". */
  label: string;
  address: string;
  old: number;
  value: number;
  /** "50.0%" -> "24.1%", as the model sheet formats them. */
  oldText: string;
  newText: string;
  /** What it was measured as: "Lead → MQL, 560 of 2,323". */
  from: string;
  /** The note written on the cell. */
  note: string;
  /** Too few records to judge: offered unticked. */
  thin: boolean;
}

const pct = (x: number) => formatValue(x, '0.0%');
const money = (x: number) => formatValue(x, '$#,##0');
const count = (x: number) => formatValue(x, '#,##0');
const level = (c: number) => `${Number((c * 100).toPrecision(6))}%`;

/** The default pairing: per model stage, the transition index it takes, or null (keep). */
export function defaultPairing(
  transitions: number,
  model: Pick<ModelSlots, 'stages' | 'leadStage'>,
): Array<number | null> {
  const n = model.stages.length;
  const out: Array<number | null> = model.stages.map(() => null);
  const room = n - Math.max(0, Math.min(model.leadStage, n - 1));
  for (let j = 0; j < Math.min(transitions, room); j++) out[n - 1 - j] = transitions - 1 - j;
  return out;
}

function note(source: HandOffSource, group: string, what: string): string {
  const from = group === 'All' ? source.label : `${source.label}, ${group}`;
  return `Measured by Calibrate from ${from}, as of ${source.asOf}: ${what}.`;
}

/** The changes a contacts report makes, by the pairing (see the file's comment). */
export function contactsHandOff(
  report: ContactsReport,
  group: string,
  pairing: ReadonlyArray<number | null>,
  model: ModelSlots,
  source: HandOffSource,
): HandOffChange[] {
  const g = report.groups.find((x) => x.name === group) ?? report.groups[0];
  if (!g) return [];
  const out: HandOffChange[] = [];
  model.stages.forEach((stage, i) => {
    const t = pairing[i] === null || pairing[i] === undefined ? undefined : g.transitions[pairing[i]!];
    if (!t || t.rate === null || t.rate === stage.rate) return;
    const step = `${shortStage(t.from)} → ${shortStage(t.to)}`;
    const bound = t.lower_bound === null ? '' : `; ${level(source.confidence)} lower bound ${pct(t.lower_bound)}`;
    out.push({
      target: `rate:${i}`,
      label: stage.label,
      address: stage.address,
      old: stage.rate,
      value: t.rate,
      oldText: pct(stage.rate),
      newText: pct(t.rate),
      from: `${step}, ${count(t.converted)} of ${count(t.counted)}`,
      note: note(
        source,
        g.name,
        `${step}, ${count(t.converted)} of n = ${count(t.counted)} mature records converted${bound}`,
      ),
      thin: tooFewToJudge(t.counted),
    });
  });
  return out;
}

/** The changes an opportunities report makes: the close rate and the average deal value. */
export function opportunityHandOff(
  report: OpportunityReport,
  group: string,
  model: ModelSlots,
  source: HandOffSource,
): HandOffChange[] {
  const g = report.groups.find((x) => x.name === group) ?? report.groups[0];
  if (!g) return [];
  const out: HandOffChange[] = [];
  const last = model.stages.length - 1;
  const close = model.stages[last];
  if (close && g.win_rate !== null && g.win_rate !== close.rate) {
    const bound =
      g.win_rate_lower_bound === null ? '' : `; ${level(source.confidence)} lower bound ${pct(g.win_rate_lower_bound)}`;
    out.push({
      target: `rate:${last}`,
      label: close.label,
      address: close.address,
      old: close.rate,
      value: g.win_rate,
      oldText: pct(close.rate),
      newText: pct(g.win_rate),
      from: `win rate, ${count(g.won)} won of ${count(g.closed)} closed`,
      note: note(
        source,
        g.name,
        `win rate, ${count(g.won)} won of n = ${count(g.closed)} closed opportunities${bound}`,
      ),
      thin: tooFewToJudge(g.closed),
    });
  }
  const d = model.dealValue;
  if (d && g.mean_won_value !== null && g.mean_won_value > 0 && g.mean_won_value !== d.value)
    out.push({
      target: 'dealValue',
      label: d.label,
      address: d.address,
      old: d.value,
      value: g.mean_won_value,
      oldText: money(d.value),
      newText: money(g.mean_won_value),
      from: `mean of ${count(g.won)} won deals (median ${money(g.median_won_value ?? g.mean_won_value)})`,
      note: note(
        source,
        g.name,
        `mean won deal value over n = ${count(g.won)} won deals (median ${money(g.median_won_value ?? g.mean_won_value)})`,
      ),
      thin: tooFewToJudge(g.won),
    });
  return out;
}
