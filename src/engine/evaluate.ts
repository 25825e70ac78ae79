/**
 * Evaluates a workbook read from a package: every worksheet, cross-sheet references,
 * defined names, Excel's own functions the engine knows, and ROI calls in all four
 * spellings.
 *
 * What the engine cannot evaluate gets its cached value instead of its formula, so that
 * nothing downstream is computed from a guess: other add-ins' functions (`_xldudf_X` not
 * ours, or a dotted name the engine does not know, such as a stuck CONTOSO.ADD), data
 * tables, references to other workbooks, structured references, functions the engine
 * lacks, names it cannot read. Such cells are reported with the reason.
 *
 * Two ways to a value, the same value either way:
 * - Direct: a formula that is one ROI call whose arguments are constants (numbers, text,
 *   array constants) or references to cells that hold values (directly, or through a defined
 *   name), with a one-cell result, is computed by the core at once, its arguments read
 *   from the file's cells exactly as HyperFormula hands them to the ROI plugin (src/engine/
 *   hf.ts): an empty cell is blank, a scalar error argument is the result, a range is a grid.
 *   This is what a workbook of ROI formulas over inputs mostly holds, and it costs no
 *   engine at all: HyperFormula's dependency graph is quadratic in the formulas that share
 *   one input cell (its edge lists are arrays searched on every insert), so 50,000 calls on
 *   one deal value took seconds before a single value was computed.
 * - HyperFormula, for everything else, with the direct values as constants: Excel's own
 *   functions, spills, ROI calls over formulas. It is built only when such a formula exists,
 *   with its sparse address mapping (a cell at XFD1048576 costs one cell, not a grid), and
 *   fed the file's cells one by one when rows of arrays would be mostly holes.
 *
 * Nothing reaches HyperFormula that would make it hold more cells than LIMITS.engineCells
 * (one formula or name) or LIMITS.engineCellsTotal (all together) in ranges and results:
 * see EngineBudget. Such a formula or name keeps its cached value, with the reason.
 */
import type { ConfigParams, HyperFormula, RawCellContent } from 'hyperformula';
import { RUNTIME_FUNCTIONS, RoiError, callFunction, getFunction, isRoiError, spillShape } from '../core';
import type { ArgValue, CellValue, Result, Shape } from '../core/types';
import { MAX_SHEET_COLS, MAX_SHEET_ROWS, parseCellRange, parseRef, plainCell, type Box } from '../base/a1';
import type * as Hf from './hf';
import { calledFunctions, toEngineSpelling, type RoiCall } from '../formula/formula';
import { LIMITS, showLimit } from '../base/limits';
import type { Progress } from '../xlsx/progress';
import type { RangeRef } from '../xlsx/refs';
import { cachedValue, type CellNode } from '../xlsx/sheet';
import {
  cellAt,
  isRoiFormula,
  sheetExtent,
  type FormulaCell,
  type SheetExtent,
  type SheetModel,
  type Workbook,
} from '../xlsx/workbook';
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
  /** Computed directly by the core (see the top of this file), not by HyperFormula. */
  direct?: boolean;
}

export interface Evaluation {
  results: Map<FormulaCell, Evaluated>;
  /** Defined names the engine could not take (formulas using them are not evaluated). */
  skippedNames: Array<{ name: string; reason: string }>;
  /** The defined names the engine takes, as it takes them (scope: the sheet's position among the worksheets). */
  namedExpressions: Array<{ name: string; expression: string; scope?: number }>;
}

/** One cell as the engine is given it: 1-based row and column, and its raw content. */
export interface CellContent {
  row: number;
  col: number;
  content: RawCellContent;
}

/**
 * What the engine is given for a workbook, per sheet, in file order: each evaluated formula
 * in the engine's spelling (or, with `directAsValues`, the value of one computed directly),
 * a formula not evaluated as its cached value, a cell its evaluated array formula spills
 * over as nothing, and every other cell's cached value. Sparse: only the cells the file has.
 */
export function engineContents(
  wb: Workbook,
  results: Map<FormulaCell, Evaluated>,
  directAsValues: boolean,
): Map<SheetModel, CellContent[]> {
  const covered = new Set<CellNode>();
  for (const f of wb.formulas) if (results.get(f)?.evaluated) for (const c of f.spill) covered.add(c);
  const formulaAt = new Map<CellNode, FormulaCell>();
  for (const f of wb.formulas) formulaAt.set(f.cell, f);
  const contents = new Map<SheetModel, CellContent[]>();
  for (const sheet of wb.sheets) {
    const list: CellContent[] = [];
    for (const row of sheet.scan.rows) {
      for (const c of row.cells) {
        const f = formulaAt.get(c);
        const ev = f && results.get(f);
        let content: RawCellContent;
        if (f && ev?.evaluated && !(ev.direct && directAsValues)) content = `=${toEngineSpelling(f.formula)}`;
        else if (f && ev?.evaluated) content = rawOf(ev.value!);
        else if (covered.has(c)) content = null;
        else content = rawOf(f ? f.cached : cachedValue(c, wb.shared));
        if (content === null || content === undefined) continue;
        list.push({ row: c.row, col: c.col, content });
      }
    }
    contents.set(sheet, list);
  }
  return contents;
}

export interface EvaluateOptions {
  /** Feed ROI formulas their cached values instead of evaluating them (baseline run). */
  roiAsCached?: boolean;
  /**
   * Called with the evaluated engine before it is destroyed (check uses it to read
   * arguments). Asking for it builds HyperFormula even when every formula was computed
   * directly; formulas computed directly are constants (their values) in it.
   */
  inspect?: (hf: HyperFormula) => void;
  /** Told how far the calculation got. */
  progress?: Progress;
  /** Every formula through HyperFormula, none the direct way (for tests that compare the two). */
  engineOnly?: boolean;
  /**
   * The caller gives formulas computed directly to an engine of its own as formulas (the
   * workbench's live grid): they take the engine's size check too, and one over it is not
   * evaluated (its cached value stands, with the reason).
   */
  directAsFormulas?: boolean;
}

/**
 * The engine modules, loaded on first use: a workbook whose formulas are all computed
 * directly never loads HyperFormula (about 0.15 s and 30 MB of a run).
 */
let engineModule: typeof Hf | undefined;
function engine(): typeof Hf {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (engineModule ??= require('./hf') as typeof Hf);
}

function hyperformula(): typeof import('hyperformula') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('hyperformula') as typeof import('hyperformula');
}

/** HyperFormula as the file tools run it: Excel's grid, the sparse address mapping, no undo history. */
export function fileEngineConfig(): Partial<ConfigParams> {
  const { AlwaysSparse } = hyperformula();
  return {
    maxRows: MAX_SHEET_ROWS,
    maxColumns: MAX_SHEET_COLS,
    chooseAddressMappingPolicy: new AlwaysSparse(),
    undoLimit: 0,
  };
}

/** An engine with the workbook's sheets, empty: what the names and the functions are checked against. */
function probeEngine(wb: Workbook): HyperFormula {
  const empty: Record<string, RawCellContent[][]> = {};
  for (const s of wb.sheets) empty[s.info.name] = [];
  return engine().createEngine(empty, { config: fileEngineConfig() });
}

const ENGINE_ONLY_ERRORS = new Set(['#CYCLE!', '#ERROR!', '#LIC!']);
const ROI_IDS = new Set<string>(RUNTIME_FUNCTIONS.map((f) => f.id));
/** The largest range a direct call reads (cells); a larger one goes to the engine. */
const DIRECT_RANGE_CELLS = 100_000;

let knownFunctions: Set<string> | undefined;
function engineKnows(hf: () => HyperFormula, name: string): boolean {
  if (!knownFunctions)
    knownFunctions = new Set(
      hf()
        .getRegisteredFunctionNames()
        .map((n) => n.toUpperCase()),
    );
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
  if (v instanceof hyperformula().DetailedCellError) return { error: v.value, message: v.message || undefined };
  if (typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string')
    return { error: (v as { value: string }).value, message: (v as { message?: string }).message };
  return null;
}

function whyNot(
  f: FormulaCell,
  hf: () => HyperFormula,
  badNames: Set<string>,
  opts: EvaluateOptions,
  budget: () => EngineBudget,
): string | undefined {
  if (opts.roiAsCached && isRoiFormula(f)) return 'baseline';
  if (f.type === 'dataTable') return 'a what-if data table (the engine has none): cached value kept';
  if (f.foreign.length) return `calls ${f.foreign[0]}, another add-in's function: cached value kept`;
  for (const c of f.roiCalls)
    if (!ROI_IDS.has(c.id)) return `ROI.${c.id} is not an Outcome ROI function: cached value kept`;
  const tokens = f.tokens;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok.kind === 'bracket') {
      if (
        tokens[t + 1]?.text === '!' ||
        tokens[t + 1]?.kind === 'word' ||
        tokens[t + 1]?.kind === 'quoted' ||
        /^\[\d+\]/.test(tok.text)
      ) {
        if (!f.roiCalls.some((c) => c.spelling === 'damaged' && c.nameStart === tok.start))
          return 'refers to another workbook: cached value kept';
      } else return 'uses a table (structured) reference, which the engine does not read: cached value kept';
    }
    if (tok.kind === 'word' && badNames.has(tok.text.toUpperCase()))
      return `uses the defined name ${tok.text}, which the engine could not read: cached value kept`;
  }
  const calls = calledFunctions(tokens);
  for (const { name } of calls) {
    const bare = name.replace(/^(?:_xlfn\.)?(?:_xlws\.)?/i, '');
    if (/^_xldudf_ROI_/i.test(name) || /^ROI\./i.test(name)) continue;
    if (!engineKnows(hf, bare)) return `uses ${bare}, which the engine does not know: cached value kept`;
  }
  return tooLargeForEngine(f, hf, budget, calls.length > 0);
}

/** Why the engine must not be given this formula because of what it would hold (EngineBudget), or undefined. */
function tooLargeForEngine(
  f: FormulaCell,
  hf: () => HyperFormula,
  budget: () => EngineBudget,
  callsFunctions = calledFunctions(f.tokens).length > 0,
): string | undefined {
  // Cells, numbers and operators only (no range, array, name or function): the engine
  // holds one cell for it, so the size check is spared (a model's many `=B3*C3`).
  const tokens = f.tokens;
  if (
    !callsFunctions &&
    !tokens.some((t) => t.text === ':' || t.text === '{' || (t.kind === 'word' && budget().isName(t.text)))
  )
    return undefined;
  const at = { sheet: hf().getSheetId(f.sheet.info.name) ?? 0, row: f.row - 1, col: f.col - 1 };
  const tooLarge = budget().admit(`=${toEngineSpelling(f.formula, tokens)}`, at, 'formula');
  return tooLarge && `${tooLarge}: cached value kept`;
}

const rangeKey = (r: Hf.EngineRange) => `${r.sheet}:${r.top}:${r.left}:${r.bottom}:${r.right}`;

/**
 * What the engine is given, in cells it must hold, checked before it is given anything:
 * HyperFormula keeps every cell of every range a formula reads (about 600 bytes each,
 * empty or not: SUM(A1:A1000000) alone takes 3 s and 600 MB) and every cell of an array
 * result, so a 2 KB file with SUM(A1:XFD1048576) or SEQUENCE(1048576,16384) would exhaust
 * any memory. Each formula is measured by the engine's own parser and array-size predictor
 * (hf.ts engineFootprint): a formula that reads or fills more than LIMITS.engineCells, or
 * that would take the workbook's total past LIMITS.engineCellsTotal, keeps its cached value,
 * with the reason. The total counts a range as the engine builds it: once however many
 * formulas read it, and a range one row longer than one it already holds at the cost of
 * that row (how a running total down 20,000 rows costs 20,000 cells, not 200 million).
 */
class EngineBudget {
  private readonly held = new Set<string>();
  private total = 0;
  private readonly extents = new Map<number, SheetExtent>();

  private readonly names: Set<string>;

  constructor(
    private readonly hf: HyperFormula,
    wb: Workbook,
  ) {
    this.names = new Set(wb.names.map((n) => n.name.toUpperCase()));
    for (const sh of wb.sheets) {
      const id = hf.getSheetId(sh.info.name);
      if (id !== undefined) this.extents.set(id, sheetExtent(sh));
    }
  }

  /** Is this word one of the workbook's defined names? */
  isName(word: string): boolean {
    return this.names.has(word.toUpperCase());
  }

  /**
   * Why the engine must not be given this formula (engine spelling, with "=") or defined
   * name (`what`), or undefined: then what it holds is counted.
   */
  admit(
    formula: string,
    at: { sheet: number; row: number; col: number },
    what: 'formula' | 'name',
  ): string | undefined {
    const fp = engine().engineFootprint(this.hf, formula, at);
    if (!fp) return "the engine's size check is unavailable (HyperFormula's internals changed)";
    let reads = 0;
    let cost = 0;
    const adding = new Set<string>();
    const holds = (key: string) => this.held.has(key) || adding.has(key);
    for (const r of fp.ranges) {
      const ext = this.extents.get(r.sheet) ?? { rows: 0, cols: 0 };
      const rows = Number.isFinite(r.bottom) ? r.bottom - r.top + 1 : Math.max(0, ext.rows - r.top);
      const cols = Number.isFinite(r.right) ? r.right - r.left + 1 : Math.max(0, ext.cols - r.left);
      reads += rows * cols;
      const key = rangeKey(r);
      if (holds(key)) continue;
      const shorter = Number.isFinite(r.bottom) && rows > 1 && holds(rangeKey({ ...r, bottom: r.bottom - 1 }));
      cost += shorter ? cols : rows * cols;
      adding.add(key);
    }
    const n = (x: number) => x.toLocaleString('en-US');
    const over = `more than the engine is given (${showLimit('engineCells')})`;
    if (reads > LIMITS.engineCells.value)
      return what === 'name'
        ? `names ${n(reads)} cells, ${over}`
        : `reads ${n(reads)} cells through its ranges, ${over}`;
    if (fp.resultCells > LIMITS.engineCells.value)
      return `would fill ${n(fp.resultCells)} cells with its ${what === 'name' ? 'value' : 'result'}, ${over}`;
    const after = this.total + cost + (fp.resultCells > 1 ? fp.resultCells : 0);
    if (after > LIMITS.engineCellsTotal.value)
      return `with the ${what === 'name' ? 'names' : 'names and formulas'} before it, the engine would hold ${n(after)} cells of ranges and results, more than it is given for one workbook (${showLimit('engineCellsTotal')})`;
    this.total = after;
    for (const key of adding) this.held.add(key);
    return undefined;
  }
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

/** A workbook's defined names as the engine takes them, and the ones it cannot. */
interface Names {
  expressions: Array<{ name: string; expression: string; scope?: number }>;
  skipped: Array<{ name: string; reason: string }>;
  bad: Set<string>;
  /**
   * The probe holds exactly `expressions`, nothing else: false when adding a name threw
   * (the probe may then hold part of it).
   */
  probeHoldsThem: boolean;
}

function readNames(wb: Workbook, getProbe: () => HyperFormula, budget: () => EngineBudget): Names {
  const skipped: Names['skipped'] = [];
  const expressions: Names['expressions'] = [];
  let probeHoldsThem = true;
  const positionToName = new Map<number, string>();
  for (const s of wb.pkg.sheets()) positionToName.set(s.index, s.name);
  for (const n of wb.names) {
    if (/^_xlnm\./i.test(n.name) || /^_xlfn\./i.test(n.name)) continue;
    const expression = `=${toEngineSpelling(n.text)}`;
    let scope: number | undefined;
    if (n.localSheetId !== undefined) {
      const sheetName = positionToName.get(n.localSheetId);
      scope = sheetName === undefined ? undefined : getProbe().getSheetId(sheetName);
      if (scope === undefined) {
        skipped.push({ name: n.name, reason: 'scoped to a sheet the engine does not have' });
        continue;
      }
    }
    if (/\[\d+\]/.test(n.text)) {
      skipped.push({ name: n.name, reason: 'refers to another workbook' });
      continue;
    }
    // The engine holds a name's range or array as soon as it is given the name, used or not.
    const tooLarge = budget().admit(expression, { sheet: scope ?? 0, row: 0, col: 0 }, 'name');
    if (tooLarge) {
      skipped.push({ name: n.name, reason: tooLarge });
      continue;
    }
    let ok = false;
    try {
      ok = getProbe().isItPossibleToAddNamedExpression(n.name, expression, scope);
      if (ok) getProbe().addNamedExpression(n.name, expression, scope);
    } catch {
      if (ok) probeHoldsThem = false;
      ok = false;
    }
    if (ok) expressions.push(scope === undefined ? { name: n.name, expression } : { name: n.name, expression, scope });
    else skipped.push({ name: n.name, reason: 'the engine cannot read it' });
  }
  return { expressions, skipped, bad: new Set(skipped.map((s) => s.name.toUpperCase())), probeHoldsThem };
}

/* ---------- the direct way ---------- */

/** What a direct call needs to read its arguments from the file. */
interface DirectContext {
  wb: Workbook;
  sheetByName: Map<string, SheetModel>;
  /** Cells whose value comes from a formula or a spill: a direct call never reads them. */
  notConstant: Set<CellNode>;
  /**
   * Defined names the engine takes, by upper-case name: workbook scope under "", sheet scope
   * under the sheet's name. A name the engine refuses is not here, so a call using it is not
   * direct (and the engine's verdict, "not evaluated", stands).
   */
  names: Map<string, Map<string, string>>;
  /** Arguments read once for every call that repeats them (absolute references, ranges, names), by sheet and text. */
  args: Map<string, DirectArg | null>;
}

/** One argument read directly, with the shape HyperFormula would predict for it. */
interface DirectArg {
  value: ArgValue;
  shape: Shape | undefined;
}

function sheetNamed(ctx: DirectContext, name: string): SheetModel | undefined {
  return ctx.sheetByName.get(name) ?? ctx.sheetByName.get(name.toUpperCase());
}

/** The value HyperFormula hands the plugin for a cell: undefined when it is not a constant. */
function cellArg(ctx: DirectContext, sheet: SheetModel, row: number, col: number): CellValue | undefined {
  const c = cellAt(sheet, row + 1, col + 1);
  if (!c) return null;
  if (c.f || ctx.notConstant.has(c)) return undefined;
  const v = cachedValue(c, ctx.wb.shared);
  if (isXError(v)) return new RoiError(v.error as RoiError['code'], '');
  return v;
}

/** A reference ("B2", "$B$1:$D$1", "'Q1 plan'!B2") read from the file; undefined when it cannot be read directly. */
function refArg(ctx: DirectContext, from: SheetModel, text: string, absoluteOnly: boolean): DirectArg | undefined {
  const ref = parseRef(text);
  if (!ref || !parseCellRange(ref.address)) return undefined;
  if (absoluteOnly && !/^\$[A-Za-z]+\$\d+(:\$[A-Za-z]+\$\d+)?$/.test(ref.address.trim())) return undefined;
  const sheet = ref.sheet === undefined ? from : sheetNamed(ctx, ref.sheet);
  if (!sheet) return undefined;
  const b: Box = ref.box;
  const rows = b.bottom - b.top + 1;
  const cols = b.right - b.left + 1;
  if (!ref.address.includes(':')) {
    const v = cellArg(ctx, sheet, b.top, b.left);
    return v === undefined ? undefined : { value: v, shape: ONE_CELL };
  }
  if (rows * cols > DIRECT_RANGE_CELLS) return undefined;
  const grid: CellValue[][] = [];
  for (let r = b.top; r <= b.bottom; r++) {
    const line: CellValue[] = [];
    for (let c = b.left; c <= b.right; c++) {
      const v = cellArg(ctx, sheet, r, c);
      if (v === undefined) return undefined;
      line.push(v);
    }
    grid.push(line);
  }
  return { value: grid, shape: { rows, cols } };
}

/** A number as HyperFormula reads one: digits, a point, an optional sign and percent (no exponent: it reads none). */
const NUMBER = /^([-+]?)(\d+(?:\.\d*)?|\.\d+)(%?)$/;

/** A number literal as HyperFormula reads it (a sign, a percent); undefined for anything else. */
function numberLiteral(text: string): number | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  let x = Number(m[2]);
  if (!Number.isFinite(x)) return undefined;
  if (m[3]) x = x / 100;
  return m[1] === '-' ? -x : x;
}

/** A text literal HyperFormula reads: in quotes, none inside (it reads no doubled quote). */
function stringLiteral(text: string): string | undefined {
  if (text.length < 2 || text[0] !== '"' || text[text.length - 1] !== '"') return undefined;
  const inner = text.slice(1, -1);
  return inner.includes('"') ? undefined : inner;
}

/** {0.5,0.4,0.25} or {1;2;3}: numbers and text only, rows of one length. */
function arrayLiteral(text: string): CellValue[][] | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const body = text.slice(1, -1);
  if (body.includes('"')) return undefined;
  const rows = body.split(';').map((r) => r.split(','));
  const grid: CellValue[][] = [];
  for (const r of rows) {
    const line: CellValue[] = [];
    for (const item of r) {
      const n = item.includes('%') ? undefined : numberLiteral(item.trim());
      if (n === undefined) return undefined;
      line.push(n);
    }
    grid.push(line);
  }
  return grid.every((r) => r.length === grid[0].length) ? grid : undefined;
}

const PLAIN_CELL = /^[A-Z]{1,3}[1-9]\d{0,6}$/;

/** The shape of a one-cell argument (shared: shapes are only read). */
const ONE_CELL: Shape = Object.freeze({ rows: 1, cols: 1 });

function directArg(ctx: DirectContext, from: SheetModel, raw: string): DirectArg | undefined {
  const text = raw.trim();
  // The common case first: a relative reference to one cell of the same sheet.
  const simple = plainCell(text);
  if (simple) {
    const v = cellArg(ctx, from, simple.row, simple.col);
    return v === undefined ? undefined : { value: v, shape: ONE_CELL };
  }
  if (PLAIN_CELL.test(text)) return undefined; // such a reference, outside the grid

  if (!/[$:!]|^[A-Za-z_\\]/.test(text)) return readArg(ctx, from, text);
  const k = `${from.info.name}\u0000${text}`;
  let a = ctx.args.get(k);
  if (a === undefined) ctx.args.set(k, (a = readArg(ctx, from, text) ?? null));
  return a ?? undefined;
}

function readArg(ctx: DirectContext, from: SheetModel, text: string): DirectArg | undefined {
  if (text === '') return { value: undefined, shape: undefined };
  const n = numberLiteral(text);
  if (n !== undefined) return { value: n, shape: ONE_CELL };
  const s = stringLiteral(text);
  if (s !== undefined) return { value: s, shape: ONE_CELL };
  const a = arrayLiteral(text);
  if (a) return { value: a, shape: { rows: a.length, cols: a[0].length } };
  if (parseRef(text)) return refArg(ctx, from, text, false);
  if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(text)) return undefined;
  // A defined name that stands for an absolute, sheet-qualified reference.
  const scoped = ctx.names.get(text.toUpperCase());
  const target = scoped?.get(from.info.name) ?? scoped?.get('');
  if (target === undefined || parseRef(target)?.sheet === undefined) return undefined;
  return refArg(ctx, from, target, true);
}

/** The one call a formula is, when it is nothing else ("ROI.X(...)", any spelling). */
function soleCall(f: FormulaCell): RoiCall | undefined {
  if (f.roiCalls.length !== 1) return undefined;
  const call = f.roiCalls[0];
  const text = f.formula;
  if (text.slice(0, call.nameStart).trim() !== '' || text.slice(call.close).trim() !== '') return undefined;
  return text[call.close - 1] === ')' ? call : undefined;
}

const REQUIRED = new Map<object, number>();
/** How many arguments a function requires (once per function). */
function requiredCount(spec: { params: ReadonlyArray<{ optional?: boolean }> }): number {
  let n = REQUIRED.get(spec);
  if (n === undefined) REQUIRED.set(spec, (n = spec.params.filter((p) => !p.optional).length));
  return n;
}

/**
 * The value HyperFormula would give the formula, computed by the core; undefined when the
 * formula is not one the direct way reads (then the engine evaluates it).
 */
function directValue(ctx: DirectContext, f: FormulaCell): XValue | undefined {
  const call = soleCall(f);
  const spec = call && getFunction(call.id);
  if (!call || !spec) return undefined;
  const required = requiredCount(spec);
  const texts = call.args;
  if (texts.length < required || texts.length > spec.params.length) return undefined;
  const args: ArgValue[] = [];
  const shapes: Array<Shape | undefined> = [];
  for (const a of texts) {
    const d = directArg(ctx, f.sheet, a.text);
    if (!d) return undefined;
    args.push(d.value);
    shapes.push(d.shape);
  }
  const predicted = spillShape(spec, shapes);
  if (Math.max(1, predicted.rows) !== 1 || Math.max(1, predicted.cols) !== 1) return undefined;
  // HyperFormula's rule for arguments of any type: a single error is the result, unread by the function.
  for (const v of args) if (isRoiError(v)) return errorValue(v);
  while (args.length && args[args.length - 1] === undefined) args.pop();
  let result: Result = callFunction(spec.id, args);
  if (Array.isArray(result)) {
    if (result.length !== 1 || result[0].length !== 1) return undefined;
    result = result[0][0];
  }
  if (isRoiError(result)) return errorValue(result);
  if (typeof result === 'number' && !Number.isFinite(result)) return { error: '#NUM!' };
  return result;
}

/** An error as the engine's public API shows it (its code, and the message it keeps). */
function errorValue(e: RoiError): XValue {
  const ce = engine().toCellError(e);
  return { error: engine().codeOfErrorType(ce.type), message: ce.message || undefined };
}

function directContext(wb: Workbook, notConstant: Set<CellNode>, bad: Set<string>): DirectContext {
  const sheetByName = new Map<string, SheetModel>();
  for (const s of wb.sheets) {
    sheetByName.set(s.info.name, s);
    if (!sheetByName.has(s.info.name.toUpperCase())) sheetByName.set(s.info.name.toUpperCase(), s);
  }
  const names = new Map<string, Map<string, string>>();
  const positionToName = new Map<number, string>();
  for (const s of wb.pkg.sheets()) positionToName.set(s.index, s.name);
  for (const n of wb.names) {
    const scope = n.localSheetId === undefined ? '' : positionToName.get(n.localSheetId);
    if (scope === undefined || bad.has(n.name.toUpperCase())) continue;
    let m = names.get(n.name.toUpperCase());
    if (!m) names.set(n.name.toUpperCase(), (m = new Map()));
    m.set(scope, n.text);
  }
  return { wb, sheetByName, notConstant, names, args: new Map() };
}

/**
 * An argument's value read from the file the way a direct call reads it (a constant, a
 * reference to cells that hold values, a defined name for one), in the formula's sheet;
 * undefined when it cannot be read without the engine (it refers to a formula, say).
 * For `roi check`'s assumptions, which need the rates an ROI call is given.
 */
export function directArguments(wb: Workbook): (f: FormulaCell, text: string) => ArgValue | undefined {
  let probe: HyperFormula | undefined;
  const getProbe = () => (probe ??= probeEngine(wb));
  let engineBudget: EngineBudget | undefined;
  const names = readNames(wb, getProbe, () => (engineBudget ??= new EngineBudget(getProbe(), wb)));
  probe?.destroy();
  // Spills only: cellArg reads no cell with an <f>.
  const notConstant = new Set<CellNode>();
  for (const f of wb.formulas) for (const c of f.spill) notConstant.add(c);
  const ctx = directContext(wb, notConstant, names.bad);
  return (f, text) => {
    const a = directArg(ctx, f.sheet, text);
    return a === undefined ? undefined : a.value;
  };
}

/**
 * The engine's size check alone (EngineBudget), over a workbook's names and then the given
 * formulas in order, as evaluateWorkbook makes it: each formula's reason, or undefined when
 * the engine would be given it. Nothing is evaluated (for tests of the limits).
 */
export function engineSizeCheck(wb: Workbook, formulas: FormulaCell[]): Array<string | undefined> {
  const probe = probeEngine(wb);
  try {
    const budget = new EngineBudget(probe, wb);
    readNames(
      wb,
      () => probe,
      () => budget,
    );
    return formulas.map((f) =>
      budget.admit(
        `=${toEngineSpelling(f.formula)}`,
        { sheet: probe.getSheetId(f.sheet.info.name) ?? 0, row: f.row - 1, col: f.col - 1 },
        'formula',
      ),
    );
  } finally {
    probe.destroy();
  }
}

/* ---------- HyperFormula ---------- */

/**
 * Builds the engine over the given cells (per sheet, in file order), as arrays or cell by cell,
 * whichever costs less. Given `probe` (the workbook's sheets, empty, holding exactly `names`:
 * see evaluateWorkbook), the cells go into it instead of a new engine.
 */
function buildEngine(
  wb: Workbook,
  contents: Map<SheetModel, CellContent[]>,
  names: Names['expressions'],
  probe?: HyperFormula,
): HyperFormula {
  let cells = 0;
  let walk = 0;
  for (const list of contents.values()) {
    cells += list.length;
    let lastRow = 0;
    for (const c of list) {
      if (c.row !== lastRow) walk += c.row - lastRow;
      lastRow = c.row;
    }
    const widths = new Map<number, number>();
    for (const c of list) widths.set(c.row, Math.max(widths.get(c.row) ?? 0, c.col));
    for (const w of widths.values()) walk += w;
  }
  // HyperFormula reads arrays position by position, holes included: fine for a dense sheet,
  // ruinous for a far corner. Past a few times the cell count, set the cells one by one.
  const asArrays = walk <= 4 * cells + 100_000;
  const data: Record<string, RawCellContent[][]> = {};
  for (const sheet of wb.sheets) {
    const rows: RawCellContent[][] = [];
    if (asArrays) {
      for (const c of contents.get(sheet) ?? []) {
        while (rows.length < c.row) rows.push([]);
        const line = rows[c.row - 1];
        while (line.length < c.col - 1) line.push(null);
        line[c.col - 1] = c.content;
      }
    }
    data[sheet.info.name] = rows;
  }
  const hf = probe ?? engine().createEngine(data, { namedExpressions: names, config: fileEngineConfig() });
  if (probe) engine().fillSheets(probe, data);
  if (!asArrays) {
    hf.batch(() => {
      for (const sheet of wb.sheets) {
        const id = hf.getSheetId(sheet.info.name)!;
        for (const c of contents.get(sheet) ?? [])
          hf.setCellContents({ sheet: id, row: c.row - 1, col: c.col - 1 }, c.content);
      }
    });
  }
  return hf;
}

export function evaluateWorkbook(wb: Workbook, opts: EvaluateOptions = {}): Evaluation {
  // The engine is asked only when a name or a formula needs it.
  let probe: HyperFormula | undefined;
  const getProbe = () => (probe ??= probeEngine(wb));
  let engineBudget: EngineBudget | undefined;
  const budget = () => (engineBudget ??= new EngineBudget(getProbe(), wb));
  const names = readNames(wb, getProbe, budget);

  // Which formulas are evaluated, and which cells their spills cover.
  // Cells a direct call must not read as constants: formulas (cellArg reads no cell with an
  // <f>, so they need no entry), and every array formula's spill (a spill of a formula not
  // evaluated holds its cached values, which the engine reads the same way; taking it as
  // not constant only sends such a call to the engine).
  const notConstant = new Set<CellNode>();
  for (const f of wb.formulas) for (const c of f.spill) notConstant.add(c);
  const ctx = directContext(wb, notConstant, names.bad);

  // Direct calls first (they need no verdict of the engine's: see directValue), then the
  // reasons the others cannot be evaluated.
  const total = wb.formulas.length;
  let done = 0;
  const tick = () => {
    if ((++done & 0xfff) === 0) opts.progress?.('calculating', done, total);
  };
  const results = new Map<FormulaCell, Evaluated>();
  const needEngine: FormulaCell[] = [];
  for (const f of wb.formulas) {
    const value = isRoiFormula(f) && !opts.engineOnly && !opts.roiAsCached ? directValue(ctx, f) : undefined;
    const tooLarge = value !== undefined && opts.directAsFormulas ? tooLargeForEngine(f, getProbe, budget) : undefined;
    if (tooLarge) {
      results.set(f, { formula: f, evaluated: false, reason: tooLarge });
      tick();
      continue;
    }
    if (value !== undefined) {
      const kept = keptReason(value);
      results.set(f, kept ? { formula: f, evaluated: false, direct: true, reason: kept } : new DirectResult(f, value));
      tick();
      continue;
    }
    const reason = whyNot(f, getProbe, names.bad, opts, budget);
    results.set(f, { formula: f, evaluated: !reason, reason });
    if (!reason) needEngine.push(f);
  }
  // With names, the probe is the engine createEngine would build before the cells: the
  // sheets, empty, and the names the engine takes, added in the same order (hf.ts createEngine
  // reads the names first over empty sheets, then gives the cells in one batch). So it is
  // given the cells instead of being thrown away. Without names, createEngine reads the cells
  // as it builds, another path: the probe goes.
  const reuse = probe && names.expressions.length && names.probeHoldsThem ? probe : undefined;
  if (!reuse) probe?.destroy();
  if (!needEngine.length && !opts.inspect) {
    reuse?.destroy();
    opts.progress?.('calculating', total, total);
    return { results, skippedNames: names.skipped, namedExpressions: names.expressions };
  }

  // HyperFormula for the rest, with every other cell as a constant.
  const contents = engineContents(wb, results, true);
  opts.progress?.('calculating', done, total);
  const hf = buildEngine(wb, contents, names.expressions, reuse);
  contents.clear();
  try {
    for (const f of needEngine) {
      const ev = results.get(f)!;
      tick();
      const sheet = hf.getSheetId(f.sheet.info.name)!;
      const addr = { sheet, row: f.row - 1, col: f.col - 1 };
      const value = toXValue(hf.getCellValue(addr));
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
      settle(ev, value, grid, range);
    }
    opts.inspect?.(hf);
  } finally {
    hf.destroy();
  }
  opts.progress?.('calculating', total, total);
  return { results, skippedNames: names.skipped, namedExpressions: names.expressions };
}

/** The formula's own cell, as a range. */
function anchorOf(f: FormulaCell): RangeRef {
  return { top: f.row, left: f.col, bottom: f.row, right: f.col };
}

/**
 * A direct call's value, which fills its own cell only: its grid and range are made when
 * read (a workbook holds one result per formula, and most are such values).
 */
class DirectResult implements Evaluated {
  readonly evaluated = true;
  readonly direct = true;
  constructor(
    readonly formula: FormulaCell,
    readonly value: XValue,
  ) {}
  get grid(): XValue[][] {
    return [[this.value]];
  }
  get range(): RangeRef {
    return anchorOf(this.formula);
  }
}

/**
 * Why the cached value stands instead of `value` (one the engine gives only when it could
 * not calculate, or a name it does not know: never a reason to replace a value), or
 * undefined when `value` is the cell's new value.
 */
function keptReason(value: XValue): string | undefined {
  if (!isXError(value)) return undefined;
  if (ENGINE_ONLY_ERRORS.has(value.error))
    return value.error === '#CYCLE!'
      ? 'part of a circular reference: cached value kept'
      : `the engine could not calculate it (${value.message ?? value.error}): cached value kept`;
  if (value.error === '#NAME?')
    return `the engine does not know a name it uses (${value.message ?? '#NAME?'}): cached value kept`;
  return undefined;
}

/** Records a value, unless the cached value stands (keptReason). */
function settle(ev: Evaluated, value: XValue, grid: XValue[][], range: RangeRef): void {
  const reason = keptReason(value);
  if (reason) {
    ev.evaluated = false;
    ev.reason = reason;
    return;
  }
  ev.value = value;
  ev.grid = grid;
  ev.range = range;
}

/** Is the cell at (row, col) inside the range? */
export function inRange(r: RangeRef, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}
