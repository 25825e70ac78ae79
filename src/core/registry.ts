/**
 * The shared runner: one place that turns raw arguments into validated ones, applies
 * defaults, broadcasts elementwise arguments, keeps errors per element, and guarantees
 * that no NaN, Infinity or exception ever leaves the core.
 */
import { broadcastShape, checkNumber, checkScalar, elementAt, firstError, isBlank, isGrid, readList, shapeOf, unwrap } from './args';
import { RoiError, isRoiError, msg } from './errors';
import { FUNCTIONS, type FunctionSpec, type KernelResult, type ParamSpec, type Validated } from './functions';
import type { ArgValue, CellValue, Result, ResultCell, Shape } from './types';

const BY_ID = new Map(FUNCTIONS.map((f) => [f.id, f]));

/** The function's spec by id ("REQUIREDLEADS") or by name ("ROI.REQUIREDLEADS"), any case. */
export function getFunction(idOrName: string): FunctionSpec | undefined {
  const id = idOrName.toUpperCase().replace(/^ROI\./, '');
  return BY_ID.get(id);
}

/** A list or single-mode argument, read once for all elements. */
interface Shared {
  error?: RoiError; // an Excel error value inside it
  invalid?: RoiError; // a validation failure
  value: Validated;
}

function readShared(p: ParamSpec, fnName: string, raw: ArgValue): Shared {
  const err = firstError(raw);
  if (err) return { error: err, value: undefined };
  if (p.mode === 'list') {
    if (allBlank(raw)) {
      return p.optional ? { value: undefined } : { invalid: new RoiError('#VALUE!', msg.required(p.name)), value: undefined };
    }
    const v = readList(p.kind as 'rateList' | 'textList', p.name, raw);
    return isRoiError(v) ? { invalid: v, value: undefined } : { value: v };
  }
  // single
  const v = unwrap(raw);
  if (isGrid(v)) return { invalid: new RoiError('#VALUE!', msg.single(p.name, fnName)), value: undefined };
  return { ...validateElement(p, v), error: undefined };
}

function allBlank(v: ArgValue): boolean {
  if (!isGrid(v)) return isBlank(v);
  for (const row of v) for (const c of row) if (!isBlank(c)) return false;
  return true;
}

function validateElement(p: ParamSpec, v: CellValue): { invalid?: RoiError; value: Validated } {
  if (isBlank(v)) {
    if (p.optional) return { value: p.defaultValue };
    return { invalid: new RoiError('#VALUE!', msg.required(p.name)), value: undefined };
  }
  const r = checkScalar(p.kind, p.name, v);
  return isRoiError(r) ? { invalid: r, value: undefined } : { value: r };
}

function finite(v: KernelResult): KernelResult {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return new RoiError('#NUM!', msg.tooLarge('result'));
    return v === 0 ? 0 : v; // never -0
  }
  if (Array.isArray(v)) return v.map((row) => row.map((c) => finite(c) as ResultCell));
  return v;
}

function runKernel(spec: FunctionSpec, args: Validated[]): KernelResult {
  try {
    return finite(spec.run(args));
  } catch (e) {
    // A kernel bug must still not crash a cell.
    return new RoiError('#VALUE!', `${spec.name} could not compute this: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Evaluate ROI.<id> on raw arguments, in parameter order (omitted optionals: undefined).
 * Never throws; returns a value, a RoiError, or a grid.
 */
export function callFunction(id: string, args: readonly ArgValue[]): Result {
  const spec = BY_ID.get(id) ?? getFunction(id);
  if (!spec) return new RoiError('#NAME?', `ROI.${id} is not a function of Outcome ROI.`);
  try {
    return call(spec, args);
  } catch (e) {
    return new RoiError('#VALUE!', `${spec.name} could not read its arguments: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * One element of the call: error values first (the first in argument order), then
 * validation in argument order, then the kernel. Plain loops, no closures: this is the
 * hot path of every recalculation.
 */
function element(spec: FunctionSpec, raw: ArgValue[], shared: Array<Shared | undefined>, r: number, c: number): KernelResult {
  const params = spec.params;
  const n = params.length;
  for (let i = 0; i < n; i++) {
    const s = shared[i];
    if (s !== undefined) {
      if (s.error) return s.error;
    } else {
      const v = elementAt(raw[i], r, c);
      if (isRoiError(v)) return v;
    }
  }
  const values: Validated[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = shared[i];
    if (s !== undefined) {
      if (s.invalid) return s.invalid;
      values[i] = s.value;
      continue;
    }
    const v = elementAt(raw[i], r, c);
    const p = params[i];
    if (typeof v === 'number' && p.kind !== 'text') {
      const x = checkNumber(p.kind, p.name, v);
      if (typeof x !== 'number') return x;
      values[i] = x;
    } else {
      const e = validateElement(p, v);
      if (e.invalid) return e.invalid;
      values[i] = e.value;
    }
  }
  return runKernel(spec, values);
}

function call(spec: FunctionSpec, rawArgs: readonly ArgValue[]): Result {
  const params = spec.params;
  const n = params.length;
  if (rawArgs.length > n) return new RoiError('#VALUE!', `${spec.name} takes at most ${n} arguments.`);
  const raw: ArgValue[] = new Array(n);
  const shared: Array<Shared | undefined> = new Array(n);
  let shape: Shape | null = SCALAR;
  for (let i = 0; i < n; i++) {
    const v = unwrap(rawArgs[i]);
    raw[i] = v;
    const p = params[i];
    if (p.mode === 'elementwise') {
      if (isGrid(v)) shape = shape && broadcastShape([shape, shapeOf(v)]);
    } else {
      shared[i] = readShared(p, spec.name, v);
    }
  }
  if (!shape) return new RoiError('#VALUE!', msg.shape(spec.name));
  if (shape.rows === 1 && shape.cols === 1) return element(spec, raw, shared, 0, 0) as Result;
  // Elementwise over a range: a spill of one result per element (spilling functions
  // take single values only, so each element here is one cell).
  const out: ResultCell[][] = [];
  for (let r = 0; r < shape.rows; r++) {
    const row: ResultCell[] = [];
    for (let c = 0; c < shape.cols; c++) {
      const v = element(spec, raw, shared, r, c);
      row.push(Array.isArray(v) ? new RoiError('#VALUE!', msg.shape(spec.name)) : v);
    }
    out.push(row);
  }
  return out;
}

const SCALAR: Shape = { rows: 1, cols: 1 };

/** The number of cells a list argument may hold, from its shape. */
function listLength(s: Shape | undefined): number {
  return s ? Math.max(1, s.rows * s.cols) : 0;
}

/**
 * The size of the result predicted from the arguments' shapes alone, for engines that
 * must know a spill's size before evaluating. The real result is never larger; blanks
 * skipped in a list make it smaller (pad with "").
 */
export function spillShape(id: string, argShapes: readonly (Shape | undefined)[]): Shape {
  const spec = getFunction(id);
  if (!spec) return { rows: 1, cols: 1 };
  if (spec.id === 'FUNNEL') {
    const names = argShapes[3];
    return { rows: listLength(argShapes[2]) + 1, cols: names ? 2 : 1 };
  }
  if (spec.id === 'SENSITIVITY') return { rows: Math.max(1, listLength(argShapes[2])), cols: 2 };
  const ew = spec.params.map((p, i) => (p.mode === 'elementwise' ? argShapes[i] : undefined)).filter((s): s is Shape => !!s);
  return broadcastShape(ew) ?? { rows: 1, cols: 1 };
}
