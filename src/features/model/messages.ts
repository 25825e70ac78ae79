/**
 * The pane's messages in the user's words, generated from the field table and the core's
 * verdict on a value (inputs.ts): "Average deal value can't be negative: you typed
 * -$35,000." instead of the core's "average_deal_value must be 0 or more, not -35000.".
 * The core's messages keep their argument names: they are what the sheet's cells and the
 * functions' help show. One function words every verdict for every field, stage column
 * and scenario value; nothing here is written per field.
 *
 * Pure TypeScript: no Office, no DOM.
 */
import { MONTHS } from '../../base/format';
import { FIELD_BY_KEY, STAGE_NUMBER_COLUMNS, type FieldKind } from './fields';
import { rateLabel, type InputProblem, type ModelInputs } from './inputs';

/** What a path in the inputs is called in a message, and how its numbers are shown. */
interface Subject {
  label: string;
  kind: FieldKind;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A label without its parenthetical: "Average deal value (a year)" -> "Average deal value". */
export function shortLabel(label: string): string {
  return label.replace(/\s*\([^)]*\)\s*$/, '');
}

/** The name of the rate leaving stage i in a message: "Close rate", "Lead-to-SAL rate". */
function stageNumberLabel(inputs: ModelInputs, i: number, key: string): string {
  const column = STAGE_NUMBER_COLUMNS.find((c) => c.key === key);
  const last = i === inputs.stages.length - 1;
  const rate = rateLabel(inputs.stages, i);
  return capital(column?.paneLabel ? column.paneLabel(rate, last) : `${rate} ${key}`);
}

/** The name of month m (0 = the first) of the fiscal year: "January", or "April" in a year starting in April. */
export function monthOfYear(inputs: Pick<ModelInputs, 'fiscalStartMonth'>, m: number): string {
  const start = Number.isInteger(inputs.fiscalStartMonth) ? inputs.fiscalStartMonth : 1;
  return MONTHS[(((start - 1 + m) % 12) + 12) % 12];
}

function subjectOf(path: string, inputs: ModelInputs): Subject | undefined {
  const field = FIELD_BY_KEY.get(path);
  if (field) return { label: shortLabel(field.label), kind: field.kind };
  let m = /^stages\.(\d+)\.(\w+)$/.exec(path);
  if (m) {
    const column = STAGE_NUMBER_COLUMNS.find((c) => c.key === m![2]);
    if (!column) return undefined;
    return { label: stageNumberLabel(inputs, Number(m[1]), m[2]), kind: column.kind };
  }
  m = /^scenarios\.rates\.(\d+)\.(low|high)$/.exec(path);
  if (m) {
    const which = m[2] === 'low' ? 'Low' : 'High';
    return {
      label: `${which} ${stageNumberLabel(inputs, Number(m[1]), 'rate').replace(/^./, (c) => c.toLowerCase())}`,
      kind: 'percent',
    };
  }
  m = /^scenarios\.dealValue\.(low|high)$/.exec(path);
  if (m) return { label: `${m[1] === 'low' ? 'Low' : 'High'} average deal value`, kind: 'money' };
  m = /^seasonality\.(\d+)$/.exec(path);
  if (m) return { label: `${monthOfYear(inputs, Number(m[1]))}'s seasonality weight`, kind: 'count' };
  return undefined;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: true });
const groupedFine = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6, useGrouping: true });

/** A number as the user typed it into a box of this kind: "-$35,000", "150%", "1,200", "2.5". */
export function shownAs(kind: FieldKind, v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (kind === 'percent') return `${Number((v * 100).toPrecision(12))}%`;
  if (kind === 'money') return `${v < 0 ? '-' : ''}$${grouped.format(Math.abs(v))}`;
  return groupedFine.format(v);
}

/**
 * The pane's message for a problem at a path: the field's own label, the user's number
 * format. Problems of the model's own rules (names, Low above High) are already worded
 * for the user and come back as they are.
 */
export function problemText(path: string, problem: InputProblem, inputs: ModelInputs): string {
  const v = problem.verdict;
  if (v.kind === 'own') return problem.message;
  const subject = subjectOf(path, inputs);
  if (!subject) return problem.message;
  const { label, kind } = subject;
  const typed = problem.value === undefined ? '' : `: you typed ${shownAs(kind, problem.value)}`;
  switch (v.kind) {
    case 'blank':
      return `${label} is empty: enter a number.`;
    case 'text':
    case 'notNumber':
      return `${label} must be a number.`;
    case 'notFinite':
      return `${label} is too large to calculate${typed}.`;
    case 'notWhole':
      return `${label} must be a whole number${typed}.`;
    case 'zero':
      return kind === 'money'
        ? `${label} can't be 0 while there is revenue to win: no number of deals would reach it.`
        : `${label} can't be 0%: nothing would reach the next stage.`;
    case 'below':
      if (v.bound === 0)
        return v.inclusive ? `${label} can't be negative${typed}.` : `${label} must be above 0${typed}.`;
      return `${label} can't be below ${shownAs(kind, v.bound)}${typed}.`;
    case 'above':
      return v.inclusive
        ? `${label} can't be above ${shownAs(kind, v.bound)}${typed}.`
        : `${label} must be below ${shownAs(kind, v.bound)}${typed}.`;
  }
}

/** Every problem of some inputs in the user's words, by path. */
export function problemTexts(problems: Record<string, InputProblem>, inputs: ModelInputs): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).map(([path, p]) => [path, problemText(path, p, inputs)]));
}
