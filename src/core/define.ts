/**
 * `defineFunction`: how one row of the function table is written. A row names its
 * parameters (name, kind, mode, optional, default) and its kernel; the kernel's `run`
 * receives the validated arguments as positional parameters whose types follow from the
 * parameter kinds (money -> number, rateList -> readonly number[], an optional without
 * a default -> number | undefined, ...), so a row whose kernel takes the wrong types or
 * too many arguments does not compile. The row also says, declaratively, what the
 * runner and the engine need beyond the kernel: the size of a spill before it is
 * computed, the lists that must be as long as another list, and when a result is
 * transposed. The runner (registry.ts) reads these; nothing else is keyed by id.
 */
import type { ParamKind, ParamMode } from './args';
import type { RoiError } from './errors';
import type { ResultCell, Shape } from './types';

/** One parameter of a function, as the runner reads it. */
export interface ParamDef {
  /** The name users see in Excel's help and in messages (snake_case). */
  readonly name: string;
  readonly kind: ParamKind;
  readonly mode: ParamMode;
  readonly optional?: boolean;
  /** The value a blank or omitted optional argument takes (none: the argument is simply absent). */
  readonly defaultValue?: number;
  /** periodList only: the kind of each period's value, money (the default) or count; both are >= 0. */
  readonly of?: 'money' | 'count';
  /**
   * A list that must hold as many values as the list parameter `as` (after blanks are
   * skipped in both), plus `plus` (FUNNEL's stage_names: one per rate, plus deals). The
   * runner checks it once all arguments are valid, before the kernel runs, with the
   * catalogue's message (msg.sameLength, or msg.namesLength for names): kernels never see
   * misaligned lists.
   */
  readonly sameLength?: { readonly as: string; readonly plus?: number };
}

/** What a kernel receives for a parameter of each kind, once validated. */
export interface KindValues {
  money: number;
  count: number;
  duration: number;
  rate: number;
  growth: number;
  confidence: number;
  step: number;
  periods: number;
  signedUnit: number;
  text: string;
  rateList: readonly number[];
  lagList: readonly number[];
  countList: readonly number[];
  /** One value per period, blanks as 0. */
  periodList: readonly number[];
  textList: readonly string[];
  /** One row per record, one column per stage; a blank cell is NaN. */
  dateGrid: readonly (readonly number[])[];
}

/** The kernel's type for one parameter: optional without a default may be undefined. */
export type ArgOf<P extends ParamDef> = P extends { readonly optional: true }
  ? P extends { readonly defaultValue: number }
    ? KindValues[P['kind']]
    : KindValues[P['kind']] | undefined
  : KindValues[P['kind']];

/** The kernel's parameter types, one per entry of the params tuple, in order. */
export type ArgsOf<Ps extends readonly ParamDef[]> = {
  -readonly [I in keyof Ps]: Ps[I] extends ParamDef ? ArgOf<Ps[I]> : never;
};

/** What a kernel returns: one value, an error, or a grid to spill. */
export type KernelResult = number | string | RoiError | ResultCell[][];

/** The shape of each argument by parameter name (undefined: omitted), for `spill`. */
export type ArgShapes<Ps extends readonly ParamDef[]> = { readonly [K in Ps[number]['name']]?: Shape };

/** A row of the table as written (see defineFunction). */
export interface FunctionInput<Id extends string, Ps extends readonly ParamDef[]> {
  /** The id, upper case: Excel's function id and the name without "ROI.". */
  id: Id;
  params: Ps;
  /** The kernel: the validated arguments in parameter order, named as the parameters. */
  run: (...args: ArgsOf<Ps>) => KernelResult;
  /**
   * For functions whose result is always a grid (FUNNEL, SENSITIVITY, the time
   * functions): its size from the arguments' shapes alone, before evaluating (the engine
   * reserves the spill area from it). The real result may be smaller (blanks skipped in
   * a list), never larger. Without `spill` a function gives one value per element of its
   * elementwise arguments and spills in their common shape.
   */
  spill?: (shapes: ArgShapes<Ps>) => Shape;
  /**
   * The period-list parameter that orients the result: when its argument is a column of
   * more than one cell, the result is transposed (periods as rows, stages as columns), so
   * it lines up beside the user's own months. The runner transposes the kernel's grid
   * and `spillShape` transposes the predicted size.
   */
  transposeWhenColumn?: Extract<Ps[number], { readonly kind: 'periodList' }>['name'];
}

/** Any kernel, as the runner holds it (it calls it with the validated arguments in order). */
export type Kernel = (...args: never[]) => KernelResult;

/** A row of the table as the runner, the adapters and the docs read it. */
export interface FunctionDef<Id extends string = string> {
  readonly id: Id;
  /** "ROI." + id. */
  readonly name: string;
  readonly params: readonly ParamDef[];
  /** true: the result is always a grid (it has a `spill`); false: one value per element. */
  readonly spills: boolean;
  readonly run: Kernel;
  readonly spill?: (shapes: Readonly<Record<string, Shape | undefined>>) => Shape;
  readonly transposeWhenColumn?: string;
}

/**
 * One row of the function table. The `const` type parameters keep the id and each
 * parameter's name and kind literal, so `run` is typed from `params`.
 */
export function defineFunction<const Id extends string, const Ps extends readonly ParamDef[]>(
  def: FunctionInput<Id, Ps>,
): FunctionDef<Id> & { readonly params: Ps } {
  return {
    id: def.id,
    name: `ROI.${def.id}`,
    params: def.params,
    spills: !!def.spill,
    run: def.run as unknown as Kernel,
    spill: def.spill as FunctionDef['spill'],
    transposeWhenColumn: def.transposeWhenColumn,
  };
}
