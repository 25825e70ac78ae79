/**
 * One error type for everything that can be wrong with a workbook file. The command line
 * prints `message` on one line (naming the file) and exits with status 2; no stack trace.
 */
export class XlsxError extends Error {
  constructor(
    message: string,
    /** A short machine-readable reason, for tests and --json output. */
    readonly reason: XlsxErrorReason = 'invalid',
  ) {
    super(message);
    this.name = 'XlsxError';
  }
}

export type XlsxErrorReason =
  | 'missing'
  | 'unreadable'
  | 'not-zip'
  | 'encrypted'
  | 'corrupt'
  | 'not-xlsx'
  | 'invalid'
  | 'unsupported'
  /** Over one of the limits of src/xlsx/limits.ts. */
  | 'too-large'
  | 'write-failed'
  | 'usage';

export function isXlsxError(e: unknown): e is XlsxError {
  return e instanceof XlsxError;
}
