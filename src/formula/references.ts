/**
 * The references in a formula's text: cells ("B7", "$B$7"), ranges ("B3:B9"), whole
 * columns and rows ("A:C", "3:5"), each with the sheet it names ("'ROI Model'!B7") and the
 * spill operator ("A40#"), and the defined names it uses. What a precedent graph needs (roi
 * diff and the Review view's comparison walk from a formula to the cells it reads), and a
 * way to rewrite every reference through a function (a cell that moved to another row).
 *
 * Works on the tokenizer of formula.ts, so text in strings and quoted sheet names is never
 * mistaken for a reference. References to other workbooks ("[1]Sheet!A1") and 3-D
 * references ("Jan:Dec!B2") are left out: they are not cells of this workbook.
 */
import { MAX_SHEET_COLS, MAX_SHEET_ROWS, colToIndex, indexToCol, parseCell, type Box } from '../base/a1';
import { tokenize, type Token } from './formula';

export interface FormulaRef {
  /** The sheet the reference names (unquoted), or undefined for the formula's own sheet. */
  sheet?: string;
  /** The cells it covers, 0-based (whole columns and rows reach the grid's edge). */
  box: Box;
  kind: 'cell' | 'range' | 'columns' | 'rows';
  /** Followed by the spill operator "#": the whole spill of the anchor cell. */
  spill: boolean;
  /** Source offsets of the address part (after any "Sheet!"), for rewriting. */
  start: number;
  end: number;
  /** "$" before each column and row of the corners: [first col, first row, second col, second row]. */
  absolute: [boolean, boolean, boolean, boolean];
}

export interface FormulaName {
  name: string;
  /** "Sheet!Name": a name qualified with its sheet. */
  sheet?: string;
  start: number;
  end: number;
}

export interface FormulaReferences {
  refs: FormulaRef[];
  names: FormulaName[];
}

const CELL = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})$/;
const COLUMN = /^(\$?)([A-Za-z]{1,3})$/;
const ROW = /^(\$?)([0-9]{1,7})$/;
const NAME = /^[A-Za-z_\\\u00C0-\uFFFF][A-Za-z0-9_.\\?\u00C0-\uFFFF]*$/;
const KEYWORDS = new Set(['TRUE', 'FALSE']);

function unquote(t: Token): string {
  return t.kind === 'quoted' ? t.text.slice(1, -1).replace(/''/g, "'") : t.text;
}

/** A token that may be a reference part (a word, or a number for whole rows). */
function refText(t: Token | undefined): string | undefined {
  return t && (t.kind === 'word' || t.kind === 'number') ? t.text : undefined;
}

function cellPart(text: string | undefined): { row: number; col: number; absC: boolean; absR: boolean } | undefined {
  if (text === undefined) return undefined;
  const m = CELL.exec(text);
  if (!m || !parseCell(text)) return undefined;
  return { col: colToIndex(m[2]), row: Number(m[4]) - 1, absC: m[1] === '$', absR: m[3] === '$' };
}

function columnPart(text: string | undefined): { col: number; abs: boolean } | undefined {
  const m = text === undefined ? null : COLUMN.exec(text);
  if (!m) return undefined;
  const col = colToIndex(m[2]);
  return col < MAX_SHEET_COLS ? { col, abs: m[1] === '$' } : undefined;
}

function rowPart(text: string | undefined): { row: number; abs: boolean } | undefined {
  const m = text === undefined ? null : ROW.exec(text);
  if (!m) return undefined;
  const row = Number(m[2]) - 1;
  return row >= 0 && row < MAX_SHEET_ROWS ? { row, abs: m[1] === '$' } : undefined;
}

/** Every reference and defined name in a formula (stored or typed; a leading "=" is allowed). */
export function formulaReferences(f: string, tokens: Token[] = tokenize(f)): FormulaReferences {
  const refs: FormulaRef[] = [];
  const names: FormulaName[] = [];
  const n = tokens.length;
  const punct = (i: number, text: string) => tokens[i]?.kind === 'punct' && tokens[i].text === text;
  for (let i = 0; i < n; i++) {
    const tok = tokens[i];
    let sheet: string | undefined;
    let at = i;
    // "Sheet!" or "'My sheet'!" before the address; "[1]Sheet!" (another workbook) and "A:B!" (3-D) are skipped.
    if ((tok.kind === 'word' || tok.kind === 'quoted') && punct(i + 1, '!')) {
      if (tokens[i - 1]?.kind === 'bracket' || punct(i - 1, ':')) {
        i += 2;
        // the address after it belongs to the other workbook or the 3-D reference
        while (i < n && (refText(tokens[i]) !== undefined || punct(i, ':') || punct(i, '$'))) i++;
        i--;
        continue;
      }
      sheet = unquote(tok);
      at = i + 2;
    } else if (tok.kind === 'bracket') {
      continue;
    }
    const first = refText(tokens[at]);
    if (first === undefined) {
      i = at === i ? i : at - 1;
      continue;
    }
    const next = tokens[at + 1];
    if (next?.kind === 'punct' && next.text === '(') {
      i = at + 1;
      continue; // a function
    }
    if (tokens[at - 1]?.kind === 'punct' && tokens[at - 1].text === '.' && sheet === undefined) continue;
    const colon = punct(at + 1, ':');
    if (colon && sheet === undefined && punct(at + 3, '!')) {
      // "Jan:Dec!B2": a 3-D reference across sheets; skip it with its address.
      i = at + 4;
      while (i + 1 < n && (punct(i + 1, ':') || punct(i + 1, '$'))) i += 2;
      continue;
    }
    const second = colon ? refText(tokens[at + 2]) : undefined;
    const a = cellPart(first);
    const b = cellPart(second);
    let ref: Omit<FormulaRef, 'spill' | 'sheet'> | undefined;
    let last = at;
    if (a && b) {
      ref = {
        kind: 'range',
        box: {
          top: Math.min(a.row, b.row),
          left: Math.min(a.col, b.col),
          bottom: Math.max(a.row, b.row),
          right: Math.max(a.col, b.col),
        },
        start: tokens[at].start,
        end: tokens[at + 2].end,
        absolute: [a.absC, a.absR, b.absC, b.absR],
      };
      last = at + 2;
    } else if (a) {
      ref = {
        kind: 'cell',
        box: { top: a.row, left: a.col, bottom: a.row, right: a.col },
        start: tokens[at].start,
        end: tokens[at].end,
        absolute: [a.absC, a.absR, a.absC, a.absR],
      };
    } else if (colon && columnPart(first) && columnPart(second) && tokens[at].kind === 'word') {
      const x = columnPart(first)!;
      const y = columnPart(second)!;
      ref = {
        kind: 'columns',
        box: { top: 0, left: Math.min(x.col, y.col), bottom: MAX_SHEET_ROWS - 1, right: Math.max(x.col, y.col) },
        start: tokens[at].start,
        end: tokens[at + 2].end,
        absolute: [x.abs, false, y.abs, false],
      };
      last = at + 2;
    } else if (colon && rowPart(first) && rowPart(second)) {
      const x = rowPart(first)!;
      const y = rowPart(second)!;
      ref = {
        kind: 'rows',
        box: { top: Math.min(x.row, y.row), left: 0, bottom: Math.max(x.row, y.row), right: MAX_SHEET_COLS - 1 },
        start: tokens[at].start,
        end: tokens[at + 2].end,
        absolute: [false, x.abs, false, y.abs],
      };
      last = at + 2;
    }
    if (ref) {
      const spill = punct(last + 1, '#');
      refs.push({ ...ref, sheet, spill });
      i = spill ? last + 1 : last;
      continue;
    }
    if (tokens[at].kind === 'word' && NAME.test(first) && !KEYWORDS.has(first.toUpperCase())) {
      // A name: not a function, not part of a structured reference ("Table1[Col]").
      if (tokens[at + 1]?.kind !== 'bracket')
        names.push({ name: first, sheet, start: tokens[at].start, end: tokens[at].end });
    }
    i = at;
  }
  return { refs, names };
}

function cellText(col: number, row: number, absC: boolean, absR: boolean): string {
  return `${absC ? '$' : ''}${indexToCol(col)}${absR ? '$' : ''}${row + 1}`;
}

/** The address text of a reference with another box, keeping its "$" signs and kind. */
export function refAddress(ref: FormulaRef, box: Box): string {
  const [c1, r1, c2, r2] = ref.absolute;
  if (ref.kind === 'columns') return `${c1 ? '$' : ''}${indexToCol(box.left)}:${c2 ? '$' : ''}${indexToCol(box.right)}`;
  if (ref.kind === 'rows') return `${r1 ? '$' : ''}${box.top + 1}:${r2 ? '$' : ''}${box.bottom + 1}`;
  if (ref.kind === 'cell' && box.top === box.bottom && box.left === box.right)
    return cellText(box.left, box.top, c1, r1);
  return `${cellText(box.left, box.top, c1, r1)}:${cellText(box.right, box.bottom, c2, r2)}`;
}

/**
 * The formula with every reference rewritten through `map` (a new box, the same box, or
 * null for "#REF!"); everything else (names, strings, functions) as it was.
 */
export function rewriteReferences(f: string, map: (ref: FormulaRef) => Box | null, refs?: FormulaRef[]): string {
  const list = refs ?? formulaReferences(f).refs;
  if (!list.length) return f;
  const parts: string[] = [];
  let cursor = 0;
  for (const ref of list) {
    const box = map(ref);
    parts.push(f.slice(cursor, ref.start), box ? refAddress(ref, box) : '#REF!');
    cursor = ref.end;
  }
  parts.push(f.slice(cursor));
  return parts.join('');
}
