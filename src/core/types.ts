/**
 * The value model of the calculation core. Pure data: no Office, no DOM, no I/O.
 *
 * Every door into the core (Excel custom functions, the HyperFormula engine, the command
 * line, the task pane) converts its own values into these before calling `callFunction`,
 * and converts the `Result` back.
 */
import type { RoiError } from './errors';

/** One cell as the core sees it. `null`/`undefined`/`""` are blank. */
export type CellValue = number | string | boolean | null | undefined | RoiError;

/** A range or array constant, row-major: grid[row][col]. */
export type Grid = CellValue[][];

/** One argument: a single value or a grid (a 1x1 grid behaves like a single value). */
export type ArgValue = CellValue | Grid;

/** One cell of a result. "" is a blank cell. */
export type ResultCell = number | string | RoiError;

/** What a function returns: a single value, or a grid to spill (always rectangular). */
export type Result = ResultCell | ResultCell[][];

export interface Shape {
  rows: number;
  cols: number;
}
