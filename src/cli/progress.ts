/**
 * The `roi` verbs' progress line: on a big file, what the verb is doing and how far it got
 * ("roi recalc: reading Lead sources 45%"), redrawn in place on standard error.
 *
 * Only when standard error is a terminal and the output is not --json: piped or captured
 * output never sees it. Nothing is drawn for work that ends within half a second, and the
 * line is redrawn at most ten times a second; finish() erases it, so the report that
 * follows starts on a clean line. Steps may name sheets: their text is made terminal-safe.
 */
import { terminalSafe } from '../base/safe-text';
import type { Progress } from '../xlsx/progress';

export interface ProgressLine {
  /** Where the work reports to. */
  report: Progress;
  /** Erases the line (call before printing anything else). */
  finish(): void;
}

const QUIET_MS = 500;
const EVERY_MS = 100;

/** Is this stream a terminal? */
export function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as NodeJS.WriteStream).isTTY === true;
}

/** A progress line for `verb` on `stream`; a silent one when `enabled` is false. */
export function progressLine(
  verb: string,
  stream: NodeJS.WritableStream,
  enabled: boolean,
  now: () => number = Date.now,
): ProgressLine {
  if (!enabled) return { report: () => undefined, finish: () => undefined };
  const start = now();
  let last = 0;
  let shown = false;
  const width = Math.max(20, ((stream as NodeJS.WriteStream).columns ?? 80) - 1);
  return {
    report(step, done, total) {
      const t = now();
      if (t - start < QUIET_MS || t - last < EVERY_MS) return;
      last = t;
      const pct = done !== undefined && total ? ` ${Math.min(100, Math.floor((100 * done) / total))}%` : '';
      const text = `roi ${verb}: ${terminalSafe(step)}${pct}`.slice(0, width);
      stream.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    finish() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
