/**
 * `roi eval`: the headless evaluation contract (spec, "Headless evaluation contract").
 *
 *   npm run --silent roi -- eval '=ROI.REQUIREDLEADS(3000000,50000,{0.5,0.4,0.25})'
 *   printf '%s\n' '=ROI.FUNNEL(3000000,50000,{0.5,0.4,0.25})' '=ROI.CAC(1,0)' | npm run --silent roi -- eval
 *
 * One JSON line per formula: a single number (to Excel's 15 significant digits), text or
 * boolean as that JSON value; a
 * result of more than one cell as an array of rows (a blank cell as ""); an error as
 * {"error":"#NUM!","message":"..."} (inside arrays too). Blank input lines are skipped.
 * A formula may start with "=" or not. Exit code 0 once every formula is printed, errors
 * included: an error is a value, not a failure of the command.
 *
 * Every line is answered, whatever the one before it did (src/base/limits.ts has the
 * numbers): a line longer than Excel's 8,192 characters is answered with an error and
 * skipped without being held whole; a result of more cells or bytes than the limits is an
 * error object, as is a text over Excel's 32,767 characters in a cell; and the formulas are
 * evaluated in a worker thread with a bounded heap and a time limit per line, so a formula
 * that needs gigabytes (=SEQUENCE(10000,10000)) or minutes stops that worker, gets an error
 * object, and a fresh worker answers the next line.
 */
import * as path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { jsonSafe } from '../base/safe-text';
import { isRoiError } from '../core/errors';
import type { EngineCell, EngineResult } from '../engine/convert';
import { LIMITS, showLimit } from '../base/limits';
import { verb } from './verb';

export const EVAL_USAGE = [
  'Usage: npm run --silent roi -- eval [formula ...]',
  '',
  "Evaluates each formula with the ROI.* functions and Excel's own functions, and prints",
  'one line of JSON per formula. With no formula arguments, reads formulas from standard',
  'input, one per line (blank lines are skipped).',
  '',
  '  number or text   printed as that JSON value          1200',
  '  several cells    an array of rows ("" for blank)     [[1200],[600],[240],[60]]',
  '  an error         {"error": code, "message": why}     {"error":"#DIV/0!","message":"..."}',
  '',
  `A formula longer than ${showLimit('evalLineChars')}, a result of more than ${showLimit('evalResultCells')} cells or`,
  `${showLimit('evalResultBytes')}, or one needing more than ${showLimit('evalMemoryMb')} of memory or ${showLimit('evalSeconds')} is answered`,
  'with {"error":"#VALUE!","message":"too large: ..."}, and the next lines are answered as usual.',
  '',
  'Examples:',
  "  npm run --silent roi -- eval '=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0.4,0.25})'",
  "  echo 'ROI.FUNNEL(3000000, 50000, {0.5,0.4,0.25})' | npm run --silent roi -- eval",
  '',
].join('\n');

/**
 * A number as Excel shows it: 15 significant digits, Excel's own precision. Floating-point
 * noise such as 10000000 * (20% + 10%) = 3000000.0000000005 or 2% / 20% =
 * 0.09999999999999999 prints as 3000000 and 0.1, while every digit that carries meaning
 * (probabilities exact to 1e-9, whole counts up to 10^15) is kept. The engine itself
 * returns the unrounded double.
 */
export function excelNumber(x: number): number {
  if (x === 0) return 0; // never -0
  return Number(x.toPrecision(15));
}

/** The error object of a line over a limit. */
export function tooLargeJson(why: string): string {
  return JSON.stringify({ error: '#VALUE!', message: `too large: ${why}` });
}

/** One result cell as a JSON-ready value. */
export function cellToJson(c: EngineCell): unknown {
  if (isRoiError(c)) return { error: c.code, message: c.message };
  if (typeof c === 'number') {
    if (!Number.isFinite(c)) return { error: '#NUM!', message: 'The result is not a finite number.' };
    return excelNumber(c);
  }
  if (typeof c === 'string' && c.length > LIMITS.textChars.value)
    return {
      error: '#VALUE!',
      message: `too large: a text of ${c.length.toLocaleString('en-US')} characters; the limit is ${showLimit('textChars')} (${LIMITS.textChars.why})`,
    };
  return c;
}

/**
 * A formula's result as one line of JSON (no newline), terminal-safe; an error object when
 * it has more cells or bytes than the limits.
 */
export function resultToJson(r: EngineResult): string {
  if (Array.isArray(r)) {
    const cells = r.length * (r[0]?.length ?? 0);
    if (cells > LIMITS.evalResultCells.value)
      return tooLargeJson(
        `the result has ${cells.toLocaleString('en-US')} cells (${r.length.toLocaleString('en-US')} x ${(r[0]?.length ?? 0).toLocaleString('en-US')}); the limit is ${showLimit('evalResultCells')}`,
      );
  }
  const json = jsonSafe(JSON.stringify(Array.isArray(r) ? r.map((row) => row.map(cellToJson)) : cellToJson(r)));
  if (json.length > LIMITS.evalResultBytes.value)
    return tooLargeJson(
      `the result is ${Math.round(json.length / 1048576)} MB of JSON; the limit is ${showLimit('evalResultBytes')}`,
    );
  return json;
}

/* ---------- the worker that evaluates ---------- */

interface Request {
  id: number;
  formula: string;
}
interface Reply {
  id: number;
  json: string;
}

const WORKER_MARK = 'roi-eval-worker';

/** Inside the worker: evaluate each formula posted, answer its JSON line. */
function serveFormulas(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { evaluateFormula } = require('../engine/hf') as typeof import('../engine/hf');
  parentPort!.on('message', (req: Request) => {
    let json: string;
    try {
      json = resultToJson(evaluateFormula(req.formula));
    } catch (e) {
      json = e instanceof RangeError ? tooLargeJson(`the result does not fit in memory (${e.message})`) : errorJson(e);
    }
    parentPort!.postMessage({ id: req.id, json } satisfies Reply);
  });
}

function errorJson(e: unknown): string {
  return JSON.stringify({
    error: '#VALUE!',
    message: `The formula could not be calculated: ${e instanceof Error ? e.message : String(e)}`,
  });
}

if (!isMainThread && (workerData as { mark?: string } | undefined)?.mark === WORKER_MARK) serveFormulas();

/**
 * The main thread's side: one worker at a time, started on the first formula; a worker that
 * runs out of memory, fails or takes too long is stopped, the formula gets an error object,
 * and the next formula starts a fresh one.
 */
class Evaluator {
  private worker: Worker | undefined;
  private next = 1;

  private start(): Worker {
    // The compiled command runs this file as it is; from TypeScript sources (tsx, the tests)
    // the worker registers tsx's loader first.
    const file = __filename;
    const options = {
      workerData: { mark: WORKER_MARK },
      resourceLimits: { maxOldGenerationSizeMb: LIMITS.evalMemoryMb.value },
      stdout: false,
      stderr: true,
    };
    const w = file.endsWith('.ts')
      ? new Worker(
          `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(file)});`,
          { ...options, eval: true },
        )
      : new Worker(path.resolve(file), options);
    w.unref();
    return w;
  }

  /** The JSON line for one formula. Never throws. */
  evaluate(formula: string): Promise<string> {
    const w = (this.worker ??= this.start());
    const id = this.next++;
    return new Promise<string>((resolve) => {
      let settled = false;
      const done = (json: string, broken: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (broken) {
          if (this.worker === w) this.worker = undefined;
          void w.terminate();
        }
        resolve(json);
      };
      const onMessage = (m: Reply) => {
        if (m.id === id) done(m.json, false);
      };
      const onError = (e: Error & { code?: string }) =>
        done(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooLargeJson(`the formula needs more than ${showLimit('evalMemoryMb')} of memory`)
            : errorJson(e),
          true,
        );
      const onExit = () => done(errorJson(new Error('the evaluator stopped')), true);
      const timer = setTimeout(
        () => done(tooLargeJson(`the formula takes longer than ${showLimit('evalSeconds')}`), true),
        LIMITS.evalSeconds.value * 1000,
      );
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id, formula } satisfies Request);
    });
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}

/** One formula's answer line, or none for a blank line. */
async function answer(line: string, evaluator: Evaluator): Promise<string | undefined> {
  const text = line.replace(/\r$/, '');
  if (!text.trim()) return undefined;
  if (text.length > LIMITS.evalLineChars.value) return tooLong(text.length);
  return evaluator.evaluate(text);
}

function tooLong(chars: number, atLeast = false): string {
  return tooLargeJson(
    `the formula is ${atLeast ? 'over ' : ''}${chars.toLocaleString('en-US')} characters long; the limit is ${showLimit('evalLineChars')} (Excel's own)`,
  );
}

/**
 * Lines of a stream, each at most `max` characters read: a longer line is reported by its
 * length (at least) and skipped to its end without being kept.
 */
export async function* boundedLines(
  input: NodeJS.ReadableStream,
  max: number,
): AsyncGenerator<{ line: string } | { tooLong: number }> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let skipping = 0;
  const maxHeld = max + 2; // room for a "\r" and the test of the limit
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    while (text.length) {
      const nl = text.indexOf('\n');
      const part = nl < 0 ? text : text.slice(0, nl);
      text = nl < 0 ? '' : text.slice(nl + 1);
      if (skipping) skipping += part.length;
      else {
        buf += part;
        if (buf.length > maxHeld) {
          skipping = buf.length;
          buf = '';
        }
      }
      if (nl < 0) break;
      if (skipping) yield { tooLong: skipping };
      else yield { line: buf };
      buf = '';
      skipping = 0;
    }
  }
  const rest = decoder.decode();
  if (!skipping) buf += rest;
  if (skipping) yield { tooLong: skipping + rest.length };
  else if (buf !== '') yield { line: buf };
}

export const run = verb({
  name: 'eval',
  usage: EVAL_USAGE,
  positionals: Infinity,
  // A formula may start with "-" (-ROI.CAC(...)): only --options are options.
  dashIsData: true,
  async run({ positionals }, io) {
    const evaluator = new Evaluator();
    const print = (json: string | undefined) => {
      if (json !== undefined) io.stdout.write(`${json}\n`);
    };
    try {
      if (positionals.length > 0) {
        for (const f of positionals) print(await answer(f, evaluator));
        return 0;
      }
      for await (const item of boundedLines(io.stdin, LIMITS.evalLineChars.value)) {
        if ('tooLong' in item) print(tooLong(item.tooLong, true));
        else print(await answer(item.line, evaluator));
      }
      return 0;
    } finally {
      evaluator.close();
    }
  },
});
