/**
 * What an argument of a ROI call evaluates to, read through the WorkbookPort: numbers,
 * percentages, text, TRUE/FALSE, error literals, array constants ({0.5,0.4,0.25}), cell
 * and range references (on any sheet, whole columns cut to the used range), defined
 * names (WorkbookPort.evaluateName), and ROI calls inside ROI calls (computed by the core).
 * Anything else (B2*12, SUM(...)) is reported as not evaluated, never guessed.
 *
 * The Review view's checks and "Explain this cell" use it; the engine is not needed, so
 * it runs the same in Excel and in the workbench.
 */
import { RoiError, callByName, isErrorCode, isRoiError, type ArgValue, type CellValue, type Grid } from '../../core';
import type { WorkbookPort } from '../../workbook/port';
import { findRoiCalls } from '../../formula/formula';
import { errorText } from '../../base/error-text';
import { boxA1, intersect, parseBox, parseCell, parseRef, type Box } from '../../base/a1';
import { valueAt, type SheetRead } from '../reading/inventory';

export type Resolved = { ok: true; value: ArgValue } | { ok: false; reason: string };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?%?$/;
const STRING = /^"((?:[^"]|"")*)"$/;
const BOOLEAN = /^(TRUE|FALSE)(?:\(\))?$/i;
const ERROR = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!)$/i;
const NAME = /^[A-Za-z_\\\u00C0-\uFFFF][A-Za-z0-9_.\\\u00C0-\uFFFF]*$/;

function numberOf(text: string): number {
  const pct = text.endsWith('%');
  const n = Number(pct ? text.slice(0, -1) : text);
  return pct ? n / 100 : n;
}

/** Splits at top-level separators, outside strings. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inStr = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inStr = !inStr;
    else if (!inStr && (c === '(' || c === '{')) depth++;
    else if (!inStr && (c === ')' || c === '}')) depth--;
    else if (!inStr && depth === 0 && c === sep) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function constant(text: string): CellValue | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return numberOf(t);
  const s = STRING.exec(t);
  if (s) return s[1].replace(/""/g, '"');
  const b = BOOLEAN.exec(t);
  if (b) return b[1].toUpperCase() === 'TRUE';
  if (ERROR.test(t)) {
    const code = t.toUpperCase();
    return new RoiError(isErrorCode(code) ? code : '#VALUE!', '');
  }
  return undefined;
}

/** Is the whole text wrapped in one pair of brackets? */
function wrapped(t: string): boolean {
  if (!t.startsWith('(') || !t.endsWith(')')) return false;
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '"') inStr = !inStr;
    else if (!inStr && c === '(') depth++;
    else if (!inStr && c === ')') {
      depth--;
      if (depth === 0 && i < t.length - 1) return false;
    }
  }
  return true;
}

export interface EvaluatorOptions {
  /** Sheets already read (the inventory's): references are answered from them. */
  reads?: Map<string, SheetRead>;
}

export class ArgEvaluator {
  private cache = new Map<string, Promise<Resolved>>();

  constructor(
    private readonly port: WorkbookPort,
    private readonly options: EvaluatorOptions = {},
  ) {}

  /** The value of an argument's text as seen from `sheet`. Blank text is an omitted argument. */
  evaluate(text: string, sheet: string): Promise<Resolved> {
    const key = `${sheet}\u0000${text.trim()}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.run(text.trim(), sheet).catch((e: unknown) => ({
        ok: false as const,
        reason: errorText(e),
      }));
      this.cache.set(key, p);
    }
    return p;
  }

  /** The numbers an argument holds ([] when it cannot tell): what roi check's rules look at. */
  async numbers(text: string, sheet: string): Promise<number[]> {
    const r = await this.evaluate(text, sheet);
    if (!r.ok) return [];
    const v = r.value;
    if (Array.isArray(v)) return v.flat().filter((x): x is number => typeof x === 'number');
    return typeof v === 'number' ? [v] : [];
  }

  private async run(t: string, sheet: string): Promise<Resolved> {
    if (t === '') return { ok: true, value: undefined };
    if (wrapped(t)) return this.run(t.slice(1, -1).trim(), sheet);
    const c = constant(t);
    if (c !== undefined) return { ok: true, value: c };
    if ((t.startsWith('-') || t.startsWith('+')) && t.length > 1) {
      const inner = await this.run(t.slice(1).trim(), sheet);
      if (inner.ok && typeof inner.value === 'number')
        return { ok: true, value: t.startsWith('-') ? -inner.value : inner.value };
      if (inner.ok && isRoiError(inner.value)) return inner;
      return { ok: false, reason: `the pane does not evaluate ${t}` };
    }
    if (t.startsWith('{') && t.endsWith('}')) return this.arrayConstant(t);
    const calls = findRoiCalls(t);
    if (calls.length && calls[0].nameStart === 0 && calls[0].close === t.length) {
      const call = calls[0];
      const args: ArgValue[] = [];
      for (const a of call.args) {
        const r = await this.evaluate(a.text, sheet);
        if (!r.ok) return r;
        args.push(r.value);
      }
      return { ok: true, value: resultAsArg(callByName(call.id, args)) };
    }
    const ref = parseRef(t);
    if (ref) return { ok: true, value: await this.readRef(ref.sheet ?? sheet, ref.box) };
    if (NAME.test(t) && !parseCell(t)) {
      if (!this.port.evaluateName) return { ok: false, reason: `the defined name ${t} cannot be read here` };
      const v = await this.port.evaluateName(t, sheet);
      if (!v) return { ok: false, reason: `there is no defined name ${t}` };
      return { ok: true, value: v.length === 1 && v[0].length === 1 ? v[0][0] : v };
    }
    return { ok: false, reason: `the pane does not evaluate ${t}` };
  }

  private arrayConstant(t: string): Resolved {
    const rows = splitTop(t.slice(1, -1), ';').map((r) => splitTop(r, ','));
    const grid: Grid = [];
    for (const r of rows) {
      const row: CellValue[] = [];
      for (const cell of r) {
        const v = constant(cell);
        if (v === undefined) return { ok: false, reason: `the array constant ${t} holds ${cell.trim() || 'a blank'}` };
        row.push(v);
      }
      grid.push(row);
    }
    if (grid.some((r) => r.length !== grid[0].length))
      return { ok: false, reason: `the rows of ${t} differ in length` };
    return { ok: true, value: grid };
  }

  private async readRef(sheet: string, box: Box): Promise<ArgValue> {
    const read = this.options.reads?.get(sheet);
    let cut = box;
    if (box.bottom - box.top > 100_000 || box.right - box.left > 1000) {
      const used = read ? read.box : parseBox((await this.port.usedRange(sheet)) ?? '');
      const inUse = used ? intersect(box, used) : undefined;
      if (!inUse) return null;
      cut = inUse;
    }
    let values: CellValue[][];
    if (read) {
      values = [];
      for (let r = cut.top; r <= cut.bottom; r++) {
        const row: CellValue[] = [];
        for (let c = cut.left; c <= cut.right; c++) row.push(valueAt(read, r, c));
        values.push(row);
      }
    } else {
      values = (await this.port.readRange(sheet, boxA1(cut))).values;
    }
    return values.length === 1 && values[0].length === 1 ? values[0][0] : values;
  }
}

/** A core result as an argument of an enclosing call ("" blank cells as null). */
export function resultAsArg(r: ReturnType<typeof callByName>): ArgValue {
  if (Array.isArray(r)) return r.map((row) => row.map((c) => (c === '' ? null : c)));
  return r;
}
