/**
 * The one error type of calibration: a file or table the user can fix, with a one-line
 * message that names the problem (the row and column for a bad value). It is an
 * InputProblem, so the views show it as they show every other input problem, and the
 * `roi calibrate` verb prints its message and exits 2.
 */
import { InputProblem } from '../reading/selection';

export type CalibrationErrorKind =
  /** Nothing in the file, or a header row and no record. */
  | 'empty'
  /** Not rows and columns: a binary file, one column, an unclosed quote. */
  | 'not-a-table'
  /** No lifecycle date columns (nor an opportunities report's), or a named column missing. */
  | 'no-date-columns'
  /** A column named by an option (stages, group column) is not in the header row. */
  | 'unknown-column'
  /** The date columns hold no date at all. */
  | 'no-dates'
  /** A cell of a date column that is not a date. */
  | 'bad-date'
  /** A cell of a number or yes/no column (Amount, Won, Closed) that is not one. */
  | 'bad-value'
  /** An option out of its domain (confidence, as-of date). */
  | 'bad-option';

export class CalibrationError extends InputProblem {
  constructor(
    readonly kind: CalibrationErrorKind,
    message: string,
    /** The row as the user sees it (1-based, the header row counted), for a bad value. */
    readonly row?: number,
    /** The column's header, for a bad value. */
    readonly column?: string,
  ) {
    super(message);
    this.name = 'CalibrationError';
  }
}

export function isCalibrationError(e: unknown): e is CalibrationError {
  return e instanceof CalibrationError;
}
