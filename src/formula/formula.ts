/**
 * Formulas as Excel stores them in a file (no leading "="), and the few things the
 * workbook tools need from them: where the ROI.* calls are and in which spelling, the
 * engine's spelling and the resolved spelling Excel writes, the arguments of each call,
 * and shifting the relative references of a shared formula.
 *
 * The tokenizer knows Excel's lexical rules well enough never to touch text inside string
 * literals, quoted sheet names, structured references or external-book brackets.
 */

import { MAX_SHEET_COLS, MAX_SHEET_ROWS, colToIndex, indexToCol, parseCell } from '../base/a1';

export type TokenKind = 'string' | 'quoted' | 'bracket' | 'word' | 'number' | 'error' | 'space' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const ERROR_LITERAL =
  /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|BUSY!|FIELD!|BLOCKED!|UNKNOWN!|CONNECT!|EXTERNAL!|PYTHON!)/i;

/** [A-Za-z_\\$], or any character past ASCII. */
function isWordStartCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x5c || c === 0x24 || c > 127;
}

/** [A-Za-z0-9_.\\$?], or any character past ASCII. */
function isWordCharCode(c: number): boolean {
  return isWordStartCode(c) || isDigitCode(c) || c === 0x2e || c === 0x3f;
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** What the regular expression \s matches (the tokenizer's spaces). */
function isSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

/**
 * The formula's tokens. Character codes, not one-character regular expressions: a
 * workbook's formulas are tokenized by the tens of thousands (`roi recalc`).
 */
export function tokenize(f: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = f.length;
  while (i < n) {
    const code = f.charCodeAt(i);
    const start = i;
    if (code === 0x22 /* " */ || code === 0x27 /* ' */) {
      i++;
      while (i < n) {
        if (f.charCodeAt(i) === code) {
          if (f.charCodeAt(i + 1) === code) i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      out.push({ kind: code === 0x22 ? 'string' : 'quoted', text: f.slice(start, i), start, end: i });
    } else if (code === 0x5b /* [ */) {
      let depth = 0;
      while (i < n) {
        const d = f.charCodeAt(i);
        if (d === 0x27 && i + 1 < n) {
          i += 2; // ' escapes the next character inside structured references
          continue;
        }
        if (d === 0x5b) depth++;
        else if (d === 0x5d) {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
        i++;
      }
      out.push({ kind: 'bracket', text: f.slice(start, i), start, end: i });
    } else if (code === 0x23 /* # */ && ERROR_LITERAL.test(f.slice(i, i + 14))) {
      const m = ERROR_LITERAL.exec(f.slice(i, i + 14))!;
      i += m[0].length;
      out.push({ kind: 'error', text: f.slice(start, i), start, end: i });
    } else if (isDigitCode(code) || (code === 0x2e && isDigitCode(f.charCodeAt(i + 1)))) {
      while (i < n && (isDigitCode(f.charCodeAt(i)) || f.charCodeAt(i) === 0x2e)) i++;
      const e = f.charCodeAt(i);
      const sign = f.charCodeAt(i + 1);
      if ((e === 0x65 || e === 0x45) && (isDigitCode(sign) || sign === 0x2b || sign === 0x2d)) {
        i += 2;
        while (i < n && isDigitCode(f.charCodeAt(i))) i++;
      }
      // a row reference such as 1:1 or a word starting with a digit is rare; keep letters attached
      while (i < n && isWordCharCode(f.charCodeAt(i)) && f.charCodeAt(i) !== 0x2e) i++;
      out.push({ kind: 'number', text: f.slice(start, i), start, end: i });
    } else if (isWordStartCode(code)) {
      while (i < n && isWordCharCode(f.charCodeAt(i))) i++;
      out.push({ kind: 'word', text: f.slice(start, i), start, end: i });
    } else if (isSpaceCode(code)) {
      while (i < n && isSpaceCode(f.charCodeAt(i))) i++;
      out.push({ kind: 'space', text: f.slice(start, i), start, end: i });
    } else {
      i++;
      out.push({ kind: 'punct', text: f[start], start, end: i });
    }
  }
  return out;
}

export type RoiSpelling = 'dotted' | 'resolved' | 'damaged';

export interface RoiCall {
  /** Function id in capitals, e.g. REQUIREDLEADS. */
  id: string;
  spelling: RoiSpelling;
  /** Source range of the function name including any [n]! prefix (excluding the "("). */
  nameStart: number;
  nameEnd: number;
  /** Offset of "(" */
  open: number;
  /** Offset just after the matching ")" (or the formula's end when unbalanced). */
  close: number;
  args: Array<{ text: string; start: number; end: number }>;
}

const DOTTED = /^ROI\.([A-Z0-9_]+)$/i;
const RESOLVED = /^_xldudf_ROI_([A-Z0-9_]+)$/i;
const XLDUDF = /^_xldudf_/i;

/** Every call of a function named like ours (ROI.X, _xldudf_ROI_X, [n]!_xldudf_ROI_X), in source order. */
export function findRoiCalls(f: string, tokens = tokenize(f)): RoiCall[] {
  const calls: RoiCall[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok.kind !== 'word' || tokens[t + 1]?.text !== '(') continue;
    const m = DOTTED.exec(tok.text) ?? RESOLVED.exec(tok.text);
    if (!m) continue;
    let spelling: RoiSpelling = DOTTED.test(tok.text) ? 'dotted' : 'resolved';
    let nameStart = tok.start;
    const bang = tokens[t - 1];
    const book = tokens[t - 2];
    if (bang?.text === '!' && book?.kind === 'bracket' && /^\[\d+\]$/.test(book.text)) {
      spelling = 'damaged';
      nameStart = book.start;
    }
    const { args, close } = splitArgs(f, tokens, t + 1);
    calls.push({
      id: m[1].toUpperCase(),
      spelling,
      nameStart,
      nameEnd: tok.end,
      open: tokens[t + 1].start,
      close,
      args,
    });
  }
  return calls;
}

/** Splits the arguments of the call whose "(" is tokens[openIdx]. */
function splitArgs(f: string, tokens: Token[], openIdx: number): { args: RoiCall['args']; close: number } {
  const args: RoiCall['args'] = [];
  let depth = 0;
  let argStart = tokens[openIdx].end;
  for (let t = openIdx; t < tokens.length; t++) {
    const x = tokens[t].text;
    if (tokens[t].kind !== 'punct') continue;
    if (x === '(' || x === '{') depth++;
    else if (x === ')' || x === '}') {
      depth--;
      if (depth === 0) {
        const text = f.slice(argStart, tokens[t].start);
        if (args.length || text.trim() !== '') args.push({ text, start: argStart, end: tokens[t].start });
        return { args, close: tokens[t].end };
      }
    } else if (x === ',' && depth === 1) {
      args.push({ text: f.slice(argStart, tokens[t].start), start: argStart, end: tokens[t].start });
      argStart = tokens[t].end;
    }
  }
  args.push({ text: f.slice(argStart), start: argStart, end: f.length });
  return { args, close: f.length };
}

/** Function names a formula calls (as written), e.g. ["_xlfn.XLOOKUP", "CONTOSO.ADD"]. */
export function calledFunctions(tokens: Token[]): Array<{ name: string; index: number }> {
  const out: Array<{ name: string; index: number }> = [];
  for (let t = 0; t < tokens.length; t++) {
    if (tokens[t].kind === 'word' && tokens[t + 1]?.text === '(') out.push({ name: tokens[t].text, index: t });
  }
  return out;
}

/** Does the formula call another add-in's function (an _xldudf_ name that is not ours)? */
export function foreignUdfs(tokens: Token[]): string[] {
  return calledFunctions(tokens)
    .map((c) => c.name)
    .filter((name) => XLDUDF.test(name) && !RESOLVED.test(name));
}

/** `f` with each ROI call's name spelled `spell(id)`; `f` itself when every call is spelled so already. */
function rewriteRoiNames(f: string, calls: RoiCall[], spell: (id: string) => string): string {
  if (calls.every((c) => c.nameEnd - c.nameStart === spell(c.id).length && f.startsWith(spell(c.id), c.nameStart)))
    return f;
  const parts: string[] = [];
  let cursor = 0;
  for (const c of calls) {
    parts.push(f.slice(cursor, c.nameStart), spell(c.id));
    cursor = c.nameEnd;
  }
  parts.push(f.slice(cursor));
  return parts.join('');
}

/** The spelling Excel writes for a resolved call: `_xldudf_ROI_X(`, `[n]!` dropped. Everything else unchanged. */
export function toResolvedSpelling(f: string, calls = findRoiCalls(f)): string {
  return rewriteRoiNames(f, calls, (id) => `_xldudf_ROI_${id}`);
}

/** The spelling users type and the engine knows: `ROI.X(`. */
export function toDottedSpelling(f: string, calls = findRoiCalls(f)): string {
  return rewriteRoiNames(f, calls, (id) => `ROI.${id}`);
}

/**
 * The formula as the headless engine should read it: ROI calls dotted, `[n]!` dropped,
 * and Excel's future-function prefixes (`_xlfn.`, `_xlws.`) removed.
 */
export function toEngineSpelling(f: string, tokens = tokenize(f)): string {
  const calls = findRoiCalls(f, tokens);
  let g = toDottedSpelling(f, calls);
  if (/_xl(fn|ws)\./i.test(g)) {
    const toks = tokenize(g);
    const parts: string[] = [];
    for (const t of toks) parts.push(t.kind === 'word' ? t.text.replace(/^(?:_xlfn\.)?(?:_xlws\.)?/i, '') : t.text);
    g = parts.join('');
  }
  return g;
}

/**
 * Excel's "future functions": newer than the file format, so a saved file spells them with
 * a prefix (`_xlfn.`, and `_xlfn._xlws.` for SORT and FILTER) and Excel shows them
 * without it. Written without the prefix, Excel opens them as #NAME?.
 */
const FUTURE_FUNCTIONS: Record<string, string> = Object.fromEntries([
  ['SORT', '_xlfn._xlws.SORT'],
  ['FILTER', '_xlfn._xlws.FILTER'],
  ...[
    'UNIQUE',
    'SEQUENCE',
    'SORTBY',
    'RANDARRAY',
    'XLOOKUP',
    'XMATCH',
    'LET',
    'LAMBDA',
    'IFS',
    'SWITCH',
    'MAXIFS',
    'MINIFS',
    'CONCAT',
    'TEXTJOIN',
    'IFNA',
    'XOR',
    'DAYS',
    'ISOWEEKNUM',
    'CEILING.MATH',
    'FLOOR.MATH',
    'STDEV.S',
    'STDEV.P',
    'VAR.S',
    'VAR.P',
    'NORM.S.INV',
    'NORM.S.DIST',
    'NORM.INV',
    'NORM.DIST',
    'PERCENTILE.INC',
    'PERCENTILE.EXC',
    'QUARTILE.INC',
    'RANK.EQ',
    'RANK.AVG',
    'MODE.SNGL',
    'CHOOSECOLS',
    'CHOOSEROWS',
    'TAKE',
    'DROP',
    'VSTACK',
    'HSTACK',
    'TOCOL',
    'TOROW',
    'WRAPROWS',
    'WRAPCOLS',
    'EXPAND',
    'TEXTBEFORE',
    'TEXTAFTER',
    'TEXTSPLIT',
  ].map((n) => [n, `_xlfn.${n}`]),
]);

/** Functions whose result spills: a formula calling one is stored as a dynamic array. */
const SPILLING = new Set([
  'SORT',
  'FILTER',
  'UNIQUE',
  'SEQUENCE',
  'SORTBY',
  'RANDARRAY',
  'CHOOSECOLS',
  'CHOOSEROWS',
  'TAKE',
  'DROP',
  'VSTACK',
  'HSTACK',
  'TOCOL',
  'TOROW',
  'WRAPROWS',
  'WRAPCOLS',
  'EXPAND',
  'TEXTSPLIT',
]);

/**
 * A formula as a file stores it: ROI calls in the resolved `_xldudf_ROI_X(` spelling and
 * Excel's future functions with their prefixes. Text inside quotes is never touched.
 */
export function toFileSpelling(f: string): string {
  const g = toResolvedSpelling(f);
  const toks = tokenize(g);
  const parts: string[] = [];
  for (let t = 0; t < toks.length; t++) {
    const tok = toks[t];
    const prefixed =
      tok.kind === 'word' && toks[t + 1]?.text === '(' ? FUTURE_FUNCTIONS[tok.text.toUpperCase()] : undefined;
    parts.push(prefixed ?? tok.text);
  }
  return parts.join('');
}

/** Does Excel store this formula as a dynamic array (an ROI call or a spilling function)? */
export function isDynamicArrayFormula(f: string): boolean {
  const toks = tokenize(f);
  if (findRoiCalls(f, toks).length) return true;
  return calledFunctions(toks).some((c) =>
    SPILLING.has(c.name.replace(/^(?:_xlfn\.)?(?:_xlws\.)?/i, '').toUpperCase()),
  );
}

const offSheet = (row: number, col: number) => row < 0 || row >= MAX_SHEET_ROWS || col < 0 || col >= MAX_SHEET_COLS;

const CELL_TOKEN = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)$/;
const COL_TOKEN = /^(\$?)([A-Za-z]{1,3})$/;
const ROW_TOKEN = /^(\$?)([0-9]+)$/;

/**
 * Shifts the relative references of a shared formula's master text by (dRow, dCol), as
 * Excel does for the other cells of the shared range. A reference pushed off the sheet
 * becomes #REF!.
 */
export function shiftFormula(f: string, dRow: number, dCol: number): string {
  if (dRow === 0 && dCol === 0) return f;
  const tokens = tokenize(f);
  const parts: string[] = [];
  const isRangePartner = (t: number, re: RegExp) => {
    const prev = tokens[t - 1];
    const next = tokens[t + 1];
    return (
      (next?.text === ':' && re.test(tokens[t + 2]?.text ?? '')) ||
      (prev?.text === ':' && re.test(tokens[t - 2]?.text ?? ''))
    );
  };
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    const next = tokens[t + 1];
    const prev = tokens[t - 1];
    const refLike =
      (tok.kind === 'word' || tok.kind === 'number') && next?.text !== '(' && next?.text !== '!' && prev?.text !== '.';
    let m: RegExpExecArray | null;
    if (refLike && (m = CELL_TOKEN.exec(tok.text)) && parseCell(tok.text)) {
      let col = colToIndex(m[2]);
      let row = Number(m[4]) - 1;
      if (!m[1]) col += dCol;
      if (!m[3]) row += dRow;
      parts.push(offSheet(row, col) ? '#REF!' : `${m[1]}${indexToCol(col)}${m[3]}${row + 1}`);
    } else if (refLike && tok.kind === 'word' && (m = COL_TOKEN.exec(tok.text)) && isRangePartner(t, COL_TOKEN)) {
      let col = colToIndex(m[2]);
      if (!m[1]) col += dCol;
      parts.push(offSheet(0, col) ? '#REF!' : `${m[1]}${indexToCol(col)}`);
    } else if (refLike && (m = ROW_TOKEN.exec(tok.text)) && isRangePartner(t, ROW_TOKEN)) {
      let row = Number(m[2]) - 1;
      if (!m[1]) row += dRow;
      parts.push(offSheet(row, 0) ? '#REF!' : `${m[1]}${row + 1}`);
    } else {
      parts.push(tok.text);
    }
  }
  return parts.join('');
}

/** Is this argument text a constant typed into the formula (a number, a percentage, or an array constant of numbers)? */
export function isLiteralConstant(arg: string): boolean {
  const s = arg.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?%?$/.test(s)) return true;
  if (/^\{[\s\d.,;%eE+-]*\}$/.test(s) && /\d/.test(s)) return true;
  return false;
}
