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
 */
import * as readline from 'node:readline';
import { isRoiError } from '../core/errors';
import type { EngineCell, EngineResult } from '../engine/convert';
import type { CliIo } from './io';
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

/** One result cell as a JSON-ready value. */
export function cellToJson(c: EngineCell): unknown {
  if (isRoiError(c)) return { error: c.code, message: c.message };
  if (typeof c === 'number') {
    if (!Number.isFinite(c)) return { error: '#NUM!', message: 'The result is not a finite number.' };
    return excelNumber(c);
  }
  return c;
}

/** A formula's result as one line of JSON (no newline). */
export function resultToJson(r: EngineResult): string {
  if (Array.isArray(r)) return JSON.stringify(r.map((row) => row.map(cellToJson)));
  return JSON.stringify(cellToJson(r));
}

type Evaluate = (formula: string) => EngineResult;

let evaluator: Evaluate | undefined;

/** The engine is loaded on the first formula only, so `eval --help` stays instant. */
async function getEvaluator(): Promise<Evaluate> {
  if (!evaluator) {
    const engine = await import('../engine/hf');
    evaluator = engine.evaluateFormula;
  }
  return evaluator;
}

/** Prints one JSON line for one formula (blank lines print nothing). */
async function printResult(line: string, io: CliIo): Promise<void> {
  const text = line.replace(/\r$/, '');
  if (!text.trim()) return;
  const evaluate = await getEvaluator();
  io.stdout.write(`${resultToJson(evaluate(text))}\n`);
}

export const run = verb({
  name: 'eval',
  usage: EVAL_USAGE,
  positionals: Infinity,
  // A formula may start with "-" (-ROI.CAC(...)): only --options are options.
  dashIsData: true,
  async run({ positionals }, io) {
    if (positionals.length > 0) {
      for (const f of positionals) await printResult(f, io);
      return 0;
    }
    const lines = readline.createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
    for await (const line of lines) await printResult(line, io);
    return 0;
  },
});
