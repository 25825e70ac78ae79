/**
 * The headless engine: every ROI.* function of the core registered in HyperFormula 3.
 *
 * No formula's maths lives here. The plugin is generated from the core's FUNCTIONS table:
 * each function hands HyperFormula's raw argument values to `callFunction` and hands the
 * core's Result back. HyperFormula does the parsing, references, ranges, array constants,
 * Excel's own functions and the spilling.
 *
 * Licence: HyperFormula is GPLv3 (used with licenseKey 'gpl-v3'). Only the engine, the
 * command line and the workbench import this module; the add-in bundle (core, custom
 * functions, task pane) never does. See docs/engine.md.
 */
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
} from 'hyperformula';
import type {
  ConfigParams,
  FunctionPluginDefinition,
  ImplementedFunctions,
  RawCellContent,
  SerializedNamedExpression,
} from 'hyperformula';
import {
  FUNCTIONS,
  RoiError,
  callFunction,
  hostMsg,
  isRoiError,
  spillShape,
  type FunctionSpec,
  type Result,
  type Shape,
} from '../core';
import { publicCellToEngineCell, toCore, toEngineValue, type EngineCell, type EngineResult } from './convert';

export * from './convert';

/**
 * The one HyperFormula configuration used everywhere (engine, CLI, workbench).
 * - licenseKey 'gpl-v3': HyperFormula's free licence; see docs/engine.md.
 * - useArrayArithmetic: ranges in arithmetic (`B2:M2*1000`) evaluate elementwise and
 *   spill, as in Excel 365's dynamic arrays.
 * - smartRounding false: HyperFormula would otherwise round every number it returns to
 *   `precisionRounding` significant digits; our results (probabilities exact to 1e-9,
 *   unrounded ratios) must come out exactly as the core computed them.
 * - precisionEpsilon stays at its default (it only affects HyperFormula's own + and -
 *   near zero and comparisons, as Excel does; never the core's numbers).
 */
export const ENGINE_CONFIG: Readonly<Partial<ConfigParams>> = Object.freeze({
  licenseKey: 'gpl-v3',
  useArrayArithmetic: true,
  smartRounding: false,
  evaluateNullToZero: false,
});

/** The plugin method names for one function. */
const methodName = (id: string) => `roi${id}`;
const sizeMethodName = (id: string) => `roi${id}Size`;

/* Minimal structural views of HyperFormula internals the plugin touches (not exported by it). */
interface AstNode {
  type: string;
  args?: AstNode[];
  expression?: AstNode;
  expressionName?: string;
}
interface ProcedureAst extends AstNode {
  args: AstNode[];
  procedureName: string;
}
interface State {
  formulaAddress: { sheet: number; row: number; col: number };
  arraysFlag: boolean;
  formulaVertex?: { formula?: AstNode; array?: unknown };
}
interface PluginInternals {
  interpreter: {
    namedExpressions?: {
      nearestNamedExpression(
        name: string,
        sheet: number,
      ): { address: { sheet: number; row: number; col: number } } | undefined;
    };
  };
  dependencyGraph: { getCell?(address: unknown): { formula?: AstNode } | undefined };
  arraySizeForAst(ast: AstNode, state: State): ArraySize;
  evaluateAst(ast: AstNode, state: State): unknown;
}

function stripParens(ast: AstNode | undefined): AstNode | undefined {
  let a = ast;
  while (a && a.type === 'PARENTHESIS' && a.expression) a = a.expression;
  return a;
}

/**
 * The shape of one argument, known before evaluation: a range's or array constant's size,
 * a nested spilling function's predicted size, 1x1 for a scalar; undefined for a skipped
 * argument (`f(1,,3)`). A named expression that names a range is followed to its range
 * (HyperFormula itself would size it as one cell, and the real, larger result would not fit).
 */
function argShape(plugin: PluginInternals, arg: AstNode, state: State): Shape | undefined {
  const a = stripParens(arg);
  if (!a || a.type === 'EMPTY') return undefined;
  const arrayState: State = {
    formulaAddress: state.formulaAddress,
    arraysFlag: true,
    formulaVertex: state.formulaVertex,
  };
  if (a.type === 'NAMED_EXPRESSION' && a.expressionName) {
    try {
      const named = plugin.interpreter.namedExpressions?.nearestNamedExpression(
        a.expressionName,
        state.formulaAddress.sheet,
      );
      const vertex = named ? plugin.dependencyGraph.getCell?.(named.address) : undefined;
      if (named && vertex?.formula) {
        const size = plugin.arraySizeForAst(vertex.formula, { formulaAddress: named.address, arraysFlag: true });
        return { rows: size.height, cols: size.width };
      }
    } catch {
      /* fall through: one cell */
    }
    return { rows: 1, cols: 1 };
  }
  const size = plugin.arraySizeForAst(a, arrayState);
  return { rows: Math.max(1, size.height), cols: Math.max(1, size.width) };
}

function predictedShape(plugin: PluginInternals, spec: FunctionSpec, ast: ProcedureAst, state: State): Shape {
  const required = spec.params.filter((p) => !p.optional).length;
  if (ast.args.length < required || ast.args.length > spec.params.length) return { rows: 1, cols: 1 };
  const shapes = spec.params.map((_, i) => (i < ast.args.length ? argShape(plugin, ast.args[i], state) : undefined));
  const s = spillShape(spec, shapes);
  return { rows: Math.max(1, s.rows), cols: Math.max(1, s.cols) };
}

/**
 * One ROI function's evaluation inside HyperFormula:
 * 1. Too few or too many arguments: HyperFormula's own error, #N/A, with a message that
 *    names the parameters. Then each argument is evaluated as it is, nothing coerced ("25%"
 *    stays text, TRUE() stays a boolean) and nothing vectorized: ranges reach the core
 *    whole, and the core does the elementwise work. An error value reaches the core too,
 *    which returns the first in argument order, as HyperFormula's `runFunction` would;
 *    but through the core it shows as Excel shows it: in the top-left cell of a spill
 *    only (runFunction's own early return would fill the whole reserved area with it).
 * 2. The raw values are converted for the core and `callFunction` computes.
 * 3. The Result goes back: a grid becomes a SimpleRangeValue (errors inside it as
 *    CellError, "" stays ""). HyperFormula reserved the spill area when it read the
 *    formula, from `spillShape` of the arguments' shapes (sizeOfResultArrayMethod); a
 *    smaller result is padded with empty cells by HyperFormula (see fitResult).
 */
function evaluate(plugin: PluginInternals, spec: FunctionSpec, ast: ProcedureAst, state: State): unknown {
  const required = spec.params.filter((p) => !p.optional).length;
  if (ast.args.length < required || ast.args.length > spec.params.length) {
    // HyperFormula's own error for this (#N/A), with a message that says what to pass.
    return new CellError(ErrorType.NA, hostMsg.wrongArgCount(signature(spec)));
  }
  const args = ast.args.map((a) => {
    const empty = stripParens(a)?.type === 'EMPTY';
    return toCore(empty ? EmptyValue : plugin.evaluateAst(a, state), empty);
  });
  while (args.length && args[args.length - 1] === undefined) args.pop();
  return fitResult(plugin, spec, ast, state, callFunction(spec.id, args));
}

/** "ROI.CAC takes 2 arguments: acquisition_cost, new_customers" */
export function signature(spec: FunctionSpec): string {
  const required = spec.params.filter((p) => !p.optional).length;
  const count = required === spec.params.length ? `${required}` : `${required} to ${spec.params.length}`;
  const names = spec.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ');
  return `${spec.name} takes ${count} argument${spec.params.length === 1 ? '' : 's'}: ${names}`;
}

function fitResult(
  plugin: PluginInternals,
  spec: FunctionSpec,
  ast: ProcedureAst,
  state: State,
  result: Result,
): unknown {
  const vertex = state.formulaVertex as (State['formulaVertex'] & { width?: number; height?: number }) | undefined;
  const isTopLevel = !!vertex && stripParens(vertex.formula) === ast;
  const inArrayCell = isTopLevel && 'array' in vertex!;
  if (!Array.isArray(result)) {
    // A single error where a spill was reserved shows in the top-left cell only (as in
    // Excel), not in every cell of the reserved area.
    // (A 1x1 range would be unwrapped by HyperFormula, so the rest is filled with empty cells.)
    if (inArrayCell && isRoiError(result) && ((vertex!.height ?? 1) > 1 || (vertex!.width ?? 1) > 1)) {
      const rows = vertex!.height ?? 1;
      const cols = vertex!.width ?? 1;
      const grid: Array<Array<CellError | typeof EmptyValue>> = [];
      for (let r = 0; r < rows; r++) grid.push(Array.from({ length: cols }, () => EmptyValue));
      grid[0][0] = toEngineValue(result) as CellError;
      return SimpleRangeValue.onlyValues(grid);
    }
    return toEngineValue(result);
  }
  const rows = result.length;
  const cols = rows ? result[0].length : 0;
  if (rows === 0 || cols === 0) return new CellError(ErrorType.VALUE, hostMsg.noValues(spec.name));
  if (rows === 1 && cols === 1) return toEngineValue(result[0][0]);
  const inArrayVertex = !!vertex && 'array' in vertex;
  if (isTopLevel || inArrayVertex) {
    // The cell's result must fit the area HyperFormula reserved when it read the formula
    // (sizeOfResultArrayMethod). A smaller result is padded with empty cells by
    // HyperFormula itself; a larger one (HyperFormula would throw) can only happen when
    // an argument's size changed after the formula was read, say a redefined name, and
    // is an error instead. Nested in an array formula, the area is the whole formula's.
    const reserved: Shape = inArrayVertex
      ? { rows: vertex!.height ?? 1, cols: vertex!.width ?? 1 }
      : { rows: 1, cols: 1 };
    if (rows > reserved.rows || cols > reserved.cols) {
      const predicted = predictedShape(plugin, spec, ast, state);
      const stale = isTopLevel && (predicted.rows !== reserved.rows || predicted.cols !== reserved.cols);
      return new CellError(
        ErrorType.VALUE,
        hostMsg.spillTooLarge(spec.name, rows, cols, reserved, stale || !isTopLevel),
      );
    }
  }
  // Inside a single-cell formula (SUM(ROI.FUNNEL(...))) or on its own (calculateFormula) any size is fine.
  return toEngineValue(result);
}

function sizeOf(plugin: PluginInternals, spec: FunctionSpec, ast: ProcedureAst, state: State): ArraySize {
  const s = predictedShape(plugin, spec, ast, state);
  return s.rows === 1 && s.cols === 1 ? ArraySize.scalar() : new ArraySize(s.cols, s.rows);
}

/** The HyperFormula plugin class for all ROI functions, built from the core's table. */
function buildPlugin(): FunctionPluginDefinition {
  const implementedFunctions: ImplementedFunctions = {};
  class RoiPlugin extends FunctionPlugin {
    static implementedFunctions = implementedFunctions;
  }
  const proto = RoiPlugin.prototype as unknown as Record<string, unknown>;
  for (const spec of FUNCTIONS) {
    implementedFunctions[spec.name] = {
      method: methodName(spec.id),
      sizeOfResultArrayMethod: sizeMethodName(spec.id),
      parameters: spec.params.map((p) =>
        p.optional
          ? { argumentType: FunctionArgumentType.ANY, optionalArg: true }
          : { argumentType: FunctionArgumentType.ANY },
      ),
      vectorizationForbidden: true,
      enableArrayArithmeticForArguments: true,
    };
    proto[methodName(spec.id)] = function (this: PluginInternals, ast: ProcedureAst, state: State) {
      return evaluate(this, spec, ast, state);
    };
    proto[sizeMethodName(spec.id)] = function (this: PluginInternals, ast: ProcedureAst, state: State) {
      return sizeOf(this, spec, ast, state);
    };
  }
  return RoiPlugin as unknown as FunctionPluginDefinition;
}

let registered: FunctionPluginDefinition | undefined;

/** Register every ROI.* function with HyperFormula (process-wide; safe to call again). */
export function registerRoiFunctions(): void {
  if (registered) return;
  const plugin = buildPlugin();
  const names: Record<string, string> = {};
  for (const spec of FUNCTIONS) names[spec.name] = spec.name;
  HyperFormula.registerFunctionPlugin(plugin, { enGB: names, enUS: names });
  registered = plugin;
}

/** The names the engine knows as ROI functions, e.g. "ROI.REQUIREDLEADS". */
export function roiFunctionNames(): string[] {
  return FUNCTIONS.map((f) => f.name);
}

export interface EngineOptions {
  /** Defined names, e.g. `{ name: 'Rates', expression: '=Sheet1!$B$4:$B$6' }`. */
  namedExpressions?: SerializedNamedExpression[];
  /** Extra HyperFormula configuration on top of ENGINE_CONFIG (e.g. maxRows). */
  config?: Partial<ConfigParams>;
}

/**
 * A HyperFormula instance with the ROI functions, built from sheets of raw cell contents
 * (numbers, text, booleans, null, or formulas starting with "="). With no sheets it has
 * one empty sheet, "Sheet1".
 */
export function createEngine(sheets?: Record<string, RawCellContent[][]>, options: EngineOptions = {}): HyperFormula {
  registerRoiFunctions();
  const data = sheets && Object.keys(sheets).length ? sheets : { Sheet1: [] };
  const config = { ...ENGINE_CONFIG, ...options.config };
  const names = options.namedExpressions ?? [];
  if (!names.length) return HyperFormula.buildFromSheets(data, config);
  // HyperFormula adds defined names only after it has read every sheet's formulas, so a
  // spill's size could not see that `Rates` is three cells. Read the names first (over
  // empty sheets), then the cells.
  const empty: Record<string, RawCellContent[][]> = {};
  for (const name of Object.keys(data)) empty[name] = [];
  const hf = HyperFormula.buildFromSheets(empty, config, names);
  fillSheets(hf, data);
  return hf;
}

/**
 * Gives an engine its sheets' cells, in one batch, each sheet's whole content replaced: what
 * createEngine does once the names are read. An engine that already holds the sheets, empty,
 * and the same names (evaluate.ts's probe) becomes the engine createEngine would build.
 */
export function fillSheets(hf: HyperFormula, data: Record<string, RawCellContent[][]>): void {
  hf.batch(() => {
    for (const [name, cells] of Object.entries(data)) hf.setSheetContent(hf.getSheetId(name)!, cells);
  });
}

function withMessage(c: EngineCell): EngineCell {
  if (isRoiError(c) && !c.message) return new RoiError(c.code, hostMsg.engineDefault(c.code));
  return c;
}

let scratch: HyperFormula | undefined;

/**
 * The command line's engine: one empty sheet, plus TRUE and FALSE as names so that the
 * bare Excel spellings work (HyperFormula itself knows only TRUE() and FALSE()).
 * Workbook engines do not get these names: they would be written into users' files.
 */
function createScratchEngine(): HyperFormula {
  const hf = createEngine();
  hf.addNamedExpression('TRUE', '=TRUE()');
  hf.addNamedExpression('FALSE', '=FALSE()');
  return hf;
}

/**
 * Evaluate one formula (with or without the leading "=") in a scratch sheet, as the
 * command line does: a single value, or a grid for a multi-cell result (blank as "");
 * errors as RoiError with a message (the core's own message for ROI functions;
 * HyperFormula's, or a generic one, otherwise). Never throws.
 */
export function evaluateFormula(formula: string): EngineResult {
  const text = formula.trim();
  const source = text.startsWith('=') ? text : `=${text}`;
  try {
    scratch ??= createScratchEngine();
    if (!scratch.validateFormula(source)) return parseError(scratch, source);
    const value = scratch.calculateFormula(source, 0);
    if (Array.isArray(value)) {
      const grid = (value as unknown[][]).map((row) => row.map((c) => withMessage(publicCellToEngineCell(c))));
      if (grid.length === 1 && grid[0].length === 1) return grid[0][0];
      return grid;
    }
    return withMessage(publicCellToEngineCell(value));
  } catch (e) {
    return new RoiError(
      '#ERROR!' as RoiError['code'],
      hostMsg.notCalculated(e instanceof Error ? e.message : String(e)),
    );
  }
}

/** HyperFormula's own #ERROR! for a formula it cannot parse, its message made one short line. */
function parseError(hf: HyperFormula, source: string): RoiError {
  const cell = { sheet: 0, row: 0, col: 0 };
  let detail = '';
  try {
    hf.setCellContents(cell, source);
    const v = hf.getCellValue(cell);
    if (typeof v === 'object' && v !== null && 'message' in v)
      detail = String((v as { message?: unknown }).message ?? '');
  } finally {
    hf.setCellContents(cell, null);
  }
  return new RoiError('#ERROR!' as RoiError['code'], hostMsg.notRead(describeParseError(detail)));
}

const TOKEN_TEXT: Record<string, string> = {
  RParen: "')'",
  LParen: "'('",
  ArrayRParen: "'}'",
  ArrayLParen: "'{'",
  EOF: 'the end of the formula',
  ArgSeparator: "','",
};

/** "expected ')' but found the end of the formula" from HyperFormula's parser message. */
export function describeParseError(detail: string): string {
  const found = /but found(?: -->|:)\s*('?)(.*?)\1\s*(?:<--|$)/m.exec(detail);
  const expected = /Expecting token of type --> (\w+) <--|expecting (\w+)/.exec(detail);
  const foundText = found ? (found[2] === '' ? 'the end of the formula' : `'${found[2]}'`) : '';
  const expectedText = expected ? (TOKEN_TEXT[expected[1] ?? expected[2]] ?? expected[1] ?? expected[2]) : '';
  if (expectedText && foundText) return `expected ${expectedText} but found ${foundText}`;
  if (found && found[2] === '') return 'it ends too early';
  if (foundText) return `unexpected ${foundText}`;
  const first = detail
    .split('\n')[0]
    .replace(/^Parsing error\.?\s*/, '')
    .replace(/\.$/, '')
    .trim();
  return first || 'it is not a valid formula';
}

/**
 * A range the engine reads for a formula, as it will hold it: 0-based and absolute; a whole
 * column's bottom and a whole row's right are Infinity (the engine reads them as far as the
 * sheet goes).
 */
export interface EngineRange {
  sheet: number;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What the engine would make of a formula, known before it is given it. */
export interface Footprint {
  /** Every range it reads (a name's range is the name's own footprint). */
  ranges: EngineRange[];
  /** The cells its result fills: 1 for a single value, rows × columns for an array. */
  resultCells: number;
}

/* The two HyperFormula internals the footprint asks (structural views; see engineFootprint). */
type PredictorAst = Parameters<HyperFormula['evaluator']['interpreter']['arraySizePredictor']['checkArraySize']>[0];
interface ParserView {
  parse(
    text: string,
    at: { sheet: number; row: number; col: number },
  ): {
    ast: PredictorAst;
    errors: unknown[];
    dependencies: Array<{ absolutize(at: unknown): unknown }>;
  };
}

/**
 * A formula's footprint as the engine itself sees it, from its own parser and its own
 * array-size predictor: the very two steps it takes when it is given a formula, before it
 * allocates a cell of a range or of a result (SEQUENCE(1048576,16384), a broadcast of two
 * ranges, MMULT). Nothing is added to the engine. Our own reading of the formula could
 * only guess what the engine will expand (which functions spill, how arrays broadcast).
 *
 * Both are HyperFormula internals (the version is pinned, ~3.5): the predictor is typed
 * in its declarations (a rename fails the type check); the parser is its private
 * `_parser`, checked here at run time. Undefined when either is missing: the caller then
 * keeps the formula from the engine (fails closed) rather than guess.
 * test/engine/footprint.test.ts pins both.
 */
export function engineFootprint(
  hf: HyperFormula,
  formula: string,
  at: { sheet: number; row: number; col: number },
): Footprint | undefined {
  const parser = (hf as unknown as { _parser?: Partial<ParserView> })._parser;
  const predictor = hf.evaluator?.interpreter?.arraySizePredictor;
  if (typeof parser?.parse !== 'function' || typeof predictor?.checkArraySize !== 'function') return undefined;
  const parsed = (parser as ParserView).parse(formula, at);
  // A formula the engine cannot parse is one error value.
  if (parsed.errors.length) return { ranges: [], resultCells: 1 };
  const ranges: EngineRange[] = [];
  for (const dep of parsed.dependencies) {
    const r = dep.absolutize(at) as { start?: EngineAddress; end?: EngineAddress };
    // A cell, or a name (followed by the name's own footprint), has no start and end.
    if (!r?.start || !r.end || typeof r.start.row !== 'number') continue;
    ranges.push({ sheet: r.start.sheet, top: r.start.row, left: r.start.col, bottom: r.end.row, right: r.end.col });
  }
  const size = predictor.checkArraySize(parsed.ast, at);
  return { ranges, resultCells: size.isScalar() ? 1 : size.width * size.height };
}

interface EngineAddress {
  sheet: number;
  row: number;
  col: number;
}
