/**
 * The file tools' side of the limits (the table itself is src/base/limits.ts, which every
 * layer may read): the one "too large" error, an XlsxError the command line prints as one
 * line with exit status 2.
 */
import { XlsxError } from './errors';
import { LIMITS, showAmount, showLimit, type Limit, type LimitName } from '../base/limits';

export { LIMITS, limitsMarkdown, showAmount, showLimit, type Limit, type LimitName } from '../base/limits';

/** The one "too large" error: `what` has `amount`, over the limit. One line, exit status 2 in the CLI. */
export function tooLarge(name: LimitName, what: string, amount?: number): XlsxError {
  const l: Limit = LIMITS[name];
  const has = amount === undefined ? '' : ` (${showAmount(amount, l.unit)})`;
  return new XlsxError(`too large: ${what}${has}; the limit is ${showLimit(name)} (${l.what})`, 'too-large');
}
