/**
 * A comparison (diff.ts) in words, for `roi diff` and the Review view alike: a value in
 * its number format, what a cell is called, and the one sentence on top of the report
 * ("3 assumptions changed; leads needed rose from 1,180 to 1,420 (+20%) because the close
 * rate fell from 25% to 21%."). Pure.
 */
import { RoiError, isErrorCode } from '../core/errors';
import type { CellValue } from '../core/types';
import { qualified } from '../base/a1';
import { showCell } from '../base/format';
import { isXError, type XValue } from './cell-xml';
import type { BookDiff, InputChange, OutputMove, Place } from './diff';

/** A value as the port and the formatter take it (errors as RoiError). */
export function cellValueOf(v: XValue): CellValue {
  if (isXError(v)) return new RoiError(isErrorCode(v.error) ? v.error : '#VALUE!', v.message ?? '');
  return v;
}

/** A value as its number format shows it ("25%", "$50,000", "(blank)"). */
export function valueText(v: XValue, numberFormat?: string): string {
  return showCell(cellValueOf(v), numberFormat);
}

/**
 * A value as JSON carries it: numbers to Excel's 15 significant digits (3000000.0000000005
 * is 3000000), text and TRUE/FALSE as themselves, an error as its code, blank as null.
 */
export function jsonValue(v: XValue): number | string | boolean | null {
  if (typeof v === 'number') return Number(v.toPrecision(15));
  return isXError(v) ? v.error : v;
}

/** "'ROI Model'!B7" */
export function placeText(p: Place): string {
  return qualified(p.sheet, p.address);
}

/** ROI_ChurnRate -> "churn rate", ROI_CAC -> "CAC", ROI_LeadsAtConfidence -> "leads at confidence". */
export function humanName(name: string): string {
  const words = name
    .replace(/^ROI_/i, '')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/\s+/)
    .filter(Boolean);
  return words.map((w) => (/^[A-Z0-9]{2,}$/.test(w) ? w : w.toLowerCase())).join(' ');
}

/** A label as words in a sentence: "Leads needed (year)" -> "leads needed"; acronyms keep their case. */
function asWords(label: string): string {
  const t = label
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/[:.]\s*$/, '')
    .trim();
  return /^[A-Z][a-z]/.test(t) ? t[0].toLowerCase() + t.slice(1) : t;
}

/** What a changed cell is called in words: its label, else its defined name, else its address. */
export function subjectOf(c: { label?: string; name?: string; old?: Place; new?: Place }): string {
  if (c.label) return asWords(c.label);
  if (c.name) return humanName(c.name);
  return placeText((c.new ?? c.old)!);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "+20%", "-4.5%". */
export function pctText(pct: number): string {
  const shown = Math.abs(pct) >= 10 ? String(Math.round(pct)) : pct.toFixed(1);
  return `${pct > 0 ? '+' : ''}${shown}%`;
}

/** "rose from 25% to 30%", "fell from ...", "changed from ... to ...". */
export function movement(c: { oldValue: XValue; newValue: XValue; oldFormat?: string; newFormat?: string }): string {
  const a = valueText(c.oldValue, c.oldFormat ?? c.newFormat);
  const b = valueText(c.newValue, c.newFormat ?? c.oldFormat);
  const verb =
    typeof c.oldValue === 'number' && typeof c.newValue === 'number'
      ? c.newValue > c.oldValue
        ? 'rose'
        : 'fell'
      : c.oldValue === null || c.oldValue === ''
        ? 'was added as'
        : c.newValue === null || c.newValue === ''
          ? 'was cleared from'
          : 'changed';
  if (verb === 'was added as') return `${verb} ${b}`;
  if (verb === 'was cleared from') return `${verb} ${a}`;
  return `${verb} from ${a} to ${b}`;
}

const samePlace = (a: Place | undefined, b: Place | undefined) =>
  !!a && !!b && a.sheet === b.sheet && a.row === b.row && a.col === b.col;

/**
 * What the sentence leads with. `lead`: the defined name of the output to name first when
 * it moved (the caller knows the model: its "leads needed"; this layer knows no model).
 */
export interface SentenceOptions {
  lead?: string;
}

/** The output the sentence leads with: options.lead when it moved, else the first named output, else the first. */
export function headlineOutput(d: BookDiff, options: SentenceOptions = {}): OutputMove | undefined {
  const lead = options.lead?.toLowerCase();
  return (
    (lead ? d.outputs.find((o) => o.name?.toLowerCase() === lead) : undefined) ??
    d.outputs.find((o) => /^ROI_/i.test(o.name ?? '')) ??
    d.outputs[0]
  );
}

/** The changed inputs behind a moved output, as the diff lists them. */
export function inputsBehind(d: BookDiff, o: OutputMove): InputChange[] {
  return d.inputs.filter((i) => o.because.some((p) => samePlace(p, i.new) || (!i.new && samePlace(p, i.old))));
}

/** The one sentence on top of a comparison. */
export function diffSentence(d: BookDiff, options: SentenceOptions = {}): string {
  const parts: string[] = [];
  if (d.inputs.length) parts.push(`${plural(d.inputs.length, 'assumption')} changed`);
  const head = headlineOutput(d, options);
  if (head) {
    let s = `${subjectOf(head)} ${movement(head)}`;
    if (head.changePct !== null) s += ` (${pctText(head.changePct)})`;
    const behind = inputsBehind(d, head);
    if (behind.length) {
      const said = behind.slice(0, 2).map((i) => `the ${subjectOf(i)} ${movement(i)}`);
      const rest = behind.length - said.length;
      s += ` because ${said.join(' and ')}${rest ? ` and ${plural(rest, 'other assumption')} changed` : ''}`;
    } else if (head.new && head.because.some((p) => samePlace(p, head.new))) {
      s += ' because its formula changed';
    } else if (head.because.length) {
      s += ' because a formula it reads changed';
    }
    parts.push(s);
    if (d.outputs.length > 1) parts.push(`${plural(d.outputs.length - 1, 'other result')} moved`);
  } else if (d.inputs.length) {
    parts.push('no result moved');
  }
  if (d.formulas.length) parts.push(`${plural(d.formulas.length, 'formula')} added, removed or changed`);
  const others = d.other.length;
  if (!parts.length) {
    if (!others) return 'The two versions hold the same plan: no assumption, formula, result or other cell changed.';
    const sheets = Object.keys(d.otherCounts).length;
    return `No assumption, ROI formula or result changed; ${plural(others, 'other cell')} changed on ${plural(sheets, 'sheet')}.`;
  }
  if (others) parts.push(`${plural(others, 'other cell')} changed`);
  const text = parts.join('; ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}
