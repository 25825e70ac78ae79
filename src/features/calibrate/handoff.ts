/**
 * "Use in the model", the pure half: which of the model's input cells the calibration
 * fills, with what, and the note that says where each number came from. The model's side
 * is given as slots (its stage rows with the cells of each numeric column of its stage
 * table, and its fields, each with the cell that holds it, read from the model's own field
 * and stage tables by model-target.ts); nothing here knows the model's layout.
 *
 * What goes where (decided here; docs/calibrate.md, "Use in the model"):
 * - a contacts export's transitions: each model stage takes one measured transition,
 *   paired from the bottom (the model's last stage, whose rate is the close rate, takes
 *   the last transition, into Customer; the one above it the one above; ...) down to the
 *   model's lead stage: the stages above it (visitors) are not in a CRM export and are
 *   never paired by default. The view lets the user change each pairing, or keep a stage;
 * - what a paired transition fills is one row of STAGE_MEASURES per column of the model's
 *   stage table: the rate ("converts to next") its measured rate; the lag (a column the
 *   model may have: the time issue adds it) its median lag in the column's unit (months:
 *   days / 30.4375). A column the model does not have is not written; a column without a
 *   row here is never written;
 * - an opportunities report: the win rate (won of closed) is the close rate, the model's
 *   last stage rate; the mean won deal value is the average deal value (the model divides
 *   revenue by it, so the mean, not the median, is the number that reproduces revenue);
 *   the median sales cycle (created to close, won deals) is the sales cycle, in months;
 * - a measured number that is missing (nothing counted, no won deal with an amount) fills
 *   nothing; one with too few records to judge is offered unticked (the user may tick it);
 *   one equal to what the model holds is not a change.
 * Numbers are those of one group of the report: "All" by default, or the source chosen.
 */
import { formatValue } from '../../base/format';
import { tooFewToJudge } from './flags';
import type { ContactsReport, OpportunityReport, TransitionReport } from './report';
import { shortStage } from './text';

/** Days in a month, as STAGELAGS' days_per_period for months (the spec's 30.4375). */
export const DAYS_PER_MONTH = 30.4375;

/** One input cell of the model: what it holds now, where, how the sheet formats it. */
export interface InputCell {
  value: number;
  /** The cell on the model sheet ("B24"). */
  address: string;
  /** The sheet's number format ("0.0%", "$#,##0", "0.0"). */
  format: string;
  /** The cell's unit where it is a duration: "months" or "days". */
  kind?: string;
  /** The model's words for the cell ("lead-to-SAL rate", "close rate", "Average deal value (a year)"). */
  label: string;
}

/** One stage row of the model: its name, the label of its rate, and its numeric cells by stage column key. */
export interface StageSlot {
  name: string;
  /** "lead-to-SAL" or the label the user gave the rate. */
  label: string;
  /** The stage table's numeric columns in this row ("rate", and "lag" where the model has it). */
  cells: Record<string, InputCell>;
}

/** The model's inputs the calibration can fill, each with the cell that holds it. */
export interface ModelSlots {
  sheet: string;
  stages: StageSlot[];
  /** Index into stages of the stage whose volume counts as leads (above it: visitors). */
  leadStage: number;
  /** The fields the calibration can fill, by field key (averageDealValue, salesCycleMonths). */
  fields: Record<string, InputCell>;
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
  /** What it fills: "rate:3" (stage 3's rate), "lag:3", or a field key ("averageDealValue"). */
  target: string;
  /** The model's words for it: "close rate", "lead-to-SAL rate", "Average deal value (a year)". */
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
const oneDecimal = (x: number) => formatValue(x, '0.0');
const level = (c: number) => `${Number((c * 100).toPrecision(6))}%`;

/** A duration in days in a cell's unit. */
function inUnit(days: number, cell: InputCell): number {
  return cell.kind === 'months' ? days / DAYS_PER_MONTH : days;
}

/** What one measured transition gives a column of the model's stage table: its value and the note's words. */
interface StageMeasure {
  value: (t: TransitionReport, cell: InputCell) => number | null;
  /** The note's words after "from, as of": what was measured, with n. */
  words: (t: TransitionReport, step: string, confidence: number) => string;
  /** The short "measured as" line. */
  from: (t: TransitionReport, step: string) => string;
  /** The n the thin mark judges. */
  n: (t: TransitionReport) => number;
}

/**
 * The stage table's columns Calibrate fills, by the column's key in STAGE_COLUMNS
 * (src/features/model/fields.ts). A model whose stage table has the column gets it; one
 * more measured column is one more row here.
 */
export const STAGE_MEASURES: Record<string, StageMeasure> = {
  rate: {
    value: (t) => t.rate,
    words: (t, step, c) =>
      `${step}, ${count(t.converted)} of n = ${count(t.counted)} mature records converted${
        t.lower_bound === null ? '' : `; ${level(c)} lower bound ${pct(t.lower_bound)}`
      }`,
    from: (t, step) => `${step}, ${count(t.converted)} of ${count(t.counted)}`,
    n: (t) => t.counted,
  },
  lag: {
    value: (t, cell) => (t.median_lag_days === null ? null : inUnit(t.median_lag_days, cell)),
    words: (t, step) =>
      `${step}, median lag ${oneDecimal(t.median_lag_days ?? 0)} days over the records that converted (n = ${count(t.converted)})`,
    from: (t, step) => `${step}, median ${oneDecimal(t.median_lag_days ?? 0)} days`,
    n: (t) => t.converted,
  },
};

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

/** A change when the value is a number that differs from the cell's. */
function change(
  target: string,
  cell: InputCell,
  value: number | null,
  from: string,
  noteText: string,
  thin: boolean,
): HandOffChange | null {
  if (value === null || !Number.isFinite(value) || value === cell.value) return null;
  return {
    target,
    label: cell.label,
    address: cell.address,
    old: cell.value,
    value,
    oldText: formatValue(cell.value, cell.format),
    newText: formatValue(value, cell.format),
    from,
    note: noteText,
    thin,
  };
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
    const p = pairing[i];
    const t = p === null || p === undefined ? undefined : g.transitions[p];
    if (!t) return;
    const step = `${shortStage(t.from)} → ${shortStage(t.to)}`;
    for (const [key, cell] of Object.entries(stage.cells)) {
      const m = STAGE_MEASURES[key];
      if (!m) continue;
      const c = change(
        `${key}:${i}`,
        cell,
        m.value(t, cell),
        m.from(t, step),
        note(source, g.name, m.words(t, step, source.confidence)),
        tooFewToJudge(m.n(t)),
      );
      if (c) out.push(c);
    }
  });
  return out;
}

/** The changes an opportunities report makes: the close rate, the average deal value, the sales cycle. */
export function opportunityHandOff(
  report: OpportunityReport,
  group: string,
  model: ModelSlots,
  source: HandOffSource,
): HandOffChange[] {
  const g = report.groups.find((x) => x.name === group) ?? report.groups[0];
  if (!g) return [];
  const out: HandOffChange[] = [];
  const push = (c: HandOffChange | null) => c && out.push(c);
  const last = model.stages.length - 1;
  const close = model.stages[last]?.cells.rate;
  if (close && g.win_rate !== null) {
    const bound =
      g.win_rate_lower_bound === null ? '' : `; ${level(source.confidence)} lower bound ${pct(g.win_rate_lower_bound)}`;
    push(
      change(
        `rate:${last}`,
        close,
        g.win_rate,
        `win rate, ${count(g.won)} won of ${count(g.closed)} closed`,
        note(source, g.name, `win rate, ${count(g.won)} won of n = ${count(g.closed)} closed opportunities${bound}`),
        tooFewToJudge(g.closed),
      ),
    );
  }
  const d = model.fields.averageDealValue;
  if (d && g.mean_won_value !== null && g.mean_won_value > 0) {
    const median = money(g.median_won_value ?? g.mean_won_value);
    push(
      change(
        'averageDealValue',
        d,
        g.mean_won_value,
        `mean of ${count(g.won)} won deals (median ${median})`,
        note(source, g.name, `mean won deal value over n = ${count(g.won)} won deals (median ${median})`),
        tooFewToJudge(g.won),
      ),
    );
  }
  const cycle = model.fields.salesCycleMonths;
  if (cycle && g.median_cycle_days !== null && g.median_cycle_days > 0) {
    const days = oneDecimal(g.median_cycle_days);
    push(
      change(
        'salesCycleMonths',
        cycle,
        inUnit(g.median_cycle_days, cycle),
        `median of ${count(g.won)} won deals, ${days} days`,
        note(
          source,
          g.name,
          `median sales cycle, created to close, ${days} days over n = ${count(g.won)} won opportunities`,
        ),
        tooFewToJudge(g.won),
      ),
    );
  }
  return out;
}
