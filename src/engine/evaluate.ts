/**
 * Evaluates a whole workbook on the headless engine (HyperFormula with ROI.* registered):
 * every worksheet, cross-sheet references, defined names, Excel's own functions the
 * engine knows, and ROI calls in all four spellings.
 *
 * What the engine cannot evaluate gets its cached value instead of its formula, so that
 * nothing downstream is computed from a guess: other add-ins' functions (`_xldudf_X` not
 * ours, or a dotted name the engine does not know, such as a stuck CONTOSO.ADD), data
 * tables, references to other workbooks, structured references, functions the engine
 * lacks, names it cannot read. Such cells are reported with the reason.
 */
import { DetailedCellError, type HyperFormula, type RawCellContent } from 'hyperformula';
import { RUNTIME_FUNCTIONS } from '../core';
import { createEngine } from './hf';
import { calledFunctions, toEngineSpelling } from '../formula/formula';
import type { RangeRef } from '../xlsx/refs';
import { cachedValue, key, type CellNode } from '../xlsx/sheet';
import { isRoiFormula, type FormulaCell, type Workbook } from '../xlsx/workbook';
import { isXError, type XValue } from '../formula/cell-xml';

export interface Evaluated {
  formula: FormulaCell;
  /** false: not given to the engine (see reason); its cached value stands. */
  evaluated: boolean;
  reason?: string;
  /** The value of the anchor cell. */
  value?: XValue;
  /** The whole result, rows of the spill (1x1 for a single value). */
  grid?: XValue[][];
  /** Where the result spills (the anchor alone for a single value). */
  range?: RangeRef;
}

export interface Evaluation {
  results: Map<FormulaCell, Evaluated>;
  /** Defined names the engine could not take (formulas using them are not evaluated). */
  skippedNames: Array<{ name: string; reason: string }>;
}

export interface EvaluateOptions {
  /** Feed ROI formulas their cached values instead of evaluating them (baseline run). */
  roiAsCached?: boolean;
  /** Called with the evaluated engine before it is destroyed (check uses it to read arguments). */
  inspect?: (hf: HyperFormula) => void;
}

const ENGINE_ONLY_ERRORS = new Set(['#CYCLE!', '#ERROR!', '#LIC!']);
const ROI_IDS = new Set<string>(RUNTIME_FUNCTIONS.map((f) => f.id));

let knownFunctions: Set<string> | undefined;
function engineKnows(hf: HyperFormula, name: string): boolean {
  if (!knownFunctions) knownFunctions = new Set(hf.getRegisteredFunctionNames().map((n) => n.toUpperCase()));
  return knownFunctions.has(name.toUpperCase());
}

/** Raw content for HyperFormula from a cached value: text always as text, errors as error literals. */
function rawOf(v: XValue): RawCellContent {
  if (v === null) return null;
  if (typeof v === 'string') return `'${v}`;
  if (isXError(v)) return v.error;
  return v;
}

export function toXValue(v: unknown): XValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof DetailedCellError) return { error: v.value, message: v.message || undefined };
  if (typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string')
    return { error: (v as { value: string }).value, message: (v as { message?: string }).message };
  return null;
}

function whyNot(f: FormulaCell, hf: HyperFormula, badNames: Set<string>, opts: EvaluateOptions): string | undefined {
  if (opts.roiAsCached && isRoiFormula(f)) return 'baseline';
  if (f.type === 'dataTable') return 'a what-if data table (the engine has none): cached value kept';
  if (f.foreign.length) return `calls ${f.foreign[0]}, another add-in's function: cached value kept`;
  for (const c of f.roiCalls)
    if (!ROI_IDS.has(c.id)) return `ROI.${c.id} is not an Outcome ROI function: cached value kept`;
  for (let t = 0; t < f.tokens.length; t++) {
    const tok = f.tokens[t];
    if (tok.kind === 'bracket') {
      if (
        f.tokens[t + 1]?.text === '!' ||
        f.tokens[t + 1]?.kind === 'word' ||
        f.tokens[t + 1]?.kind === 'quoted' ||
        /^\[\d+\]/.test(tok.text)
      ) {
        if (!f.roiCalls.some((c) => c.spelling === 'damaged' && c.nameStart === tok.start))
          return 'refers to another workbook: cached value kept';
      } else return 'uses a table (structured) reference, which the engine does not read: cached value kept';
    }
    if (tok.kind === 'word' && badNames.has(tok.text.toUpperCase()))
      return `uses the defined name ${tok.text}, which the engine could not read: cached value kept`;
  }
  for (const { name } of calledFunctions(f.tokens)) {
    const bare = name.replace(/^(?:_xlfn\.)?(?:_xlws\.)?/i, '');
    if (/^_xldudf_ROI_/i.test(name) || /^ROI\./i.test(name)) continue;
    if (!engineKnows(hf, bare)) return `uses ${bare}, which the engine does not know: cached value kept`;
  }
  return undefined;
}

interface ArrayMappingLike {
  getArrayByCorner(a: {
    sheet: number;
    row: number;
    col: number;
  }): { getRange(): { start: { row: number; col: number }; end: { row: number; col: number } } } | undefined;
}

function spillRange(hf: HyperFormula, addr: { sheet: number; row: number; col: number }): RangeRef {
  const one = { top: addr.row + 1, left: addr.col + 1, bottom: addr.row + 1, right: addr.col + 1 };
  try {
    const mapping = (hf as unknown as { dependencyGraph?: { arrayMapping?: ArrayMappingLike } }).dependencyGraph
      ?.arrayMapping;
    const r = mapping?.getArrayByCorner(addr)?.getRange();
    if (r) return { top: r.start.row + 1, left: r.start.col + 1, bottom: r.end.row + 1, right: r.end.col + 1 };
  } catch {
    /* fall back to walking the array cells */
  }
  let right = addr.col;
  while (String(hf.getCellType({ ...addr, col: right + 1 })) === 'ARRAY') right++;
  let bottom = addr.row;
  while (String(hf.getCellType({ ...addr, row: bottom + 1 })) === 'ARRAY') bottom++;
  return { ...one, right: right + 1, bottom: bottom + 1 };
}

function isBlankish(v: XValue): boolean {
  return v === null || v === '';
}

/** Trailing rows and columns that are entirely blank are padding, not result. */
function trim(grid: XValue[][]): XValue[][] {
  let rows = grid.length;
  while (rows > 1 && grid[rows - 1].every(isBlankish)) rows--;
  let cols = grid[0]?.length ?? 1;
  while (cols > 1 && grid.slice(0, rows).every((r) => isBlankish(r[cols - 1]))) cols--;
  return grid.slice(0, rows).map((r) => r.slice(0, cols));
}

export function evaluateWorkbook(wb: Workbook, opts: EvaluateOptions = {}): Evaluation {
  const sheetNames = wb.sheets.map((s) => s.info.name);
  const empty: Record<string, RawCellContent[][]> = {};
  for (const n of sheetNames) empty[n] = [];
  const bigSheets = { maxRows: 1048576, maxColumns: 16384 };
  const probe = createEngine(empty, { config: bigSheets });

  // Defined names the engine can take; the rest are reported and make their users unevaluable.
  const skippedNames: Evaluation['skippedNames'] = [];
  const namedExpressions: Array<{ name: string; expression: string; scope?: number }> = [];
  const positionToName = new Map<number, string>();
  for (const s of wb.pkg.sheets()) positionToName.set(s.index, s.name);
  for (const n of wb.names) {
    if (/^_xlnm\./i.test(n.name) || /^_xlfn\./i.test(n.name)) continue;
    const expression = `=${toEngineSpelling(n.text)}`;
    let scope: number | undefined;
    if (n.localSheetId !== undefined) {
      const sheetName = positionToName.get(n.localSheetId);
      scope = sheetName === undefined ? undefined : probe.getSheetId(sheetName);
      if (scope === undefined) {
        skippedNames.push({ name: n.name, reason: 'scoped to a sheet the engine does not have' });
        continue;
      }
    }
    let ok = false;
    try {
      ok = !/\[\d+\]/.test(n.text) && probe.isItPossibleToAddNamedExpression(n.name, expression, scope);
      if (ok) probe.addNamedExpression(n.name, expression, scope);
    } catch {
      ok = false;
    }
    if (ok)
      namedExpressions.push(scope === undefined ? { name: n.name, expression } : { name: n.name, expression, scope });
    else
      skippedNames.push({
        name: n.name,
        reason: /\[\d+\]/.test(n.text) ? 'refers to another workbook' : 'the engine cannot read it',
      });
  }
  const badNames = new Set(skippedNames.map((s) => s.name.toUpperCase()));

  // Which formulas the engine gets, and which cells are covered by their spills.
  const results = new Map<FormulaCell, Evaluated>();
  const covered = new Set<string>(); // sheetIndex|row,col of spill cells the engine will fill
  const formulaAt = new Map<string, FormulaCell>();
  for (const f of wb.formulas) {
    const reason = whyNot(f, probe, badNames, opts);
    results.set(f, { formula: f, evaluated: !reason, reason });
    formulaAt.set(`${f.sheet.info.name}|${key(f.row, f.col)}`, f);
  }
  for (const f of wb.formulas) {
    if (!results.get(f)!.evaluated) continue;
    const r = f.range;
    if (r.top === r.bottom && r.left === r.right) continue;
    for (let row = r.top; row <= r.bottom; row++)
      for (let col = r.left; col <= r.right; col++) {
        if (row === f.row && col === f.col) continue;
        const k = `${f.sheet.info.name}|${key(row, col)}`;
        const c = f.sheet.cells.get(key(row, col));
        if (c && !formulaAt.has(k)) covered.add(k);
      }
  }
  probe.destroy();

  // Sheets of raw contents.
  const data: Record<string, RawCellContent[][]> = {};
  for (const sheet of wb.sheets) {
    const rows: RawCellContent[][] = [];
    const name = sheet.info.name;
    for (const row of sheet.scan.rows) {
      for (const c of row.cells) {
        const k = key(c.row, c.col);
        const f = formulaAt.get(`${name}|${k}`);
        let content: RawCellContent;
        if (f && results.get(f)!.evaluated) content = `=${toEngineSpelling(f.formula, f.tokens)}`;
        else if (covered.has(`${name}|${k}`)) content = null;
        else content = rawOf(f ? f.cached : cachedOf(c, wb));
        if (content === null || content === undefined) continue;
        while (rows.length < c.row) rows.push([]);
        rows[c.row - 1][c.col - 1] = content;
      }
    }
    for (const r of rows) for (let i = 0; i < r.length; i++) if (r[i] === undefined) r[i] = null;
    data[name] = rows;
  }

  const hf = createEngine(data, { namedExpressions, config: bigSheets });
  try {
    for (const [f, ev] of results) {
      if (!ev.evaluated) continue;
      const sheet = hf.getSheetId(f.sheet.info.name)!;
      const addr = { sheet, row: f.row - 1, col: f.col - 1 };
      const value = toXValue(hf.getCellValue(addr));
      if (isXError(value) && ENGINE_ONLY_ERRORS.has(value.error)) {
        ev.evaluated = false;
        ev.reason =
          value.error === '#CYCLE!'
            ? 'part of a circular reference: cached value kept'
            : `the engine could not calculate it (${value.message ?? value.error}): cached value kept`;
        continue;
      }
      if (isXError(value) && value.error === '#NAME?') {
        // The engine met a name or function it does not know: never a reason to replace a value.
        ev.evaluated = false;
        ev.reason = `the engine does not know a name it uses (${value.message ?? '#NAME?'}): cached value kept`;
        continue;
      }
      let range: RangeRef = { top: f.row, left: f.col, bottom: f.row, right: f.col };
      let grid: XValue[][] = [[value]];
      if (String(hf.getCellType(addr)) === 'ARRAYFORMULA') {
        const full = spillRange(hf, addr);
        if (full.bottom > full.top || full.right > full.left) {
          const raw = hf.getRangeValues({ start: addr, end: { sheet, row: full.bottom - 1, col: full.right - 1 } });
          grid = trim(raw.map((r) => r.map(toXValue)));
          range = { top: f.row, left: f.col, bottom: f.row + grid.length - 1, right: f.col + grid[0].length - 1 };
        }
      }
      ev.value = value;
      ev.grid = grid;
      ev.range = range;
    }
    opts.inspect?.(hf);
  } finally {
    hf.destroy();
  }
  return { results, skippedNames };
}

function cachedOf(c: CellNode, wb: Workbook): XValue {
  return cachedValue(c, wb.shared);
}

/** Is the cell at (row, col) inside the range? */
export function inRange(r: RangeRef, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}
