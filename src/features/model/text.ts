/**
 * The few number-to-words conversions the model's sentences use, each described once as
 * a formula tree (expr.ts): the model sheet writes the tree as formula text, and the task
 * pane evaluates the same tree in TypeScript, so the sheet's sentence and the pane's are
 * one description with two renderings (test/features/model/text.test.ts checks both on
 * the same numbers, through the headless engine).
 *
 * The formulas use only TEXT with "0"-style formats, INT, MOD, ABS and IF, which Excel
 * and the headless engine (HyperFormula) evaluate alike; HyperFormula's TEXT knows no
 * thousands separator, so the grouping is spelled out. Numbers of a billion and more are
 * written in words ("1.2 billion", "400.1 sextillion"), never with an exponent.
 */
import { isRoiError } from '../../core';
import { MONTHS } from '../../base/format';
import { abs, add, div, eq, evaluate, fn, ge, iff, join, lt, mul, num, str, sub, text, type Expr } from './expr';

/** The short scale, for numbers of a billion and more: each step a thousand times the last. */
const SCALE = [
  'billion',
  'trillion',
  'quadrillion',
  'quintillion',
  'sextillion',
  'septillion',
  'octillion',
  'nonillion',
  'decillion',
] as const;

/**
 * A whole number in words for a sentence: "1,200", "60,000", "1,234,567", then "4.0
 * billion", "400.1 sextillion", ..., and "more than 1,000 decillion" past the scale.
 */
export function wholeWords(x: Expr): Expr {
  const group = (e: Expr) => text(fn('MOD', e, num(1000)), '000');
  let large: Expr = str(`more than 1,000 ${SCALE[SCALE.length - 1]}`);
  for (let i = SCALE.length - 1; i >= 0; i--) {
    const unit = 10 ** (9 + 3 * i);
    large = iff(lt(x, unit * 1000), join(text(div(x, unit), '0.0'), ` ${SCALE[i]}`), large);
  }
  return iff(
    lt(x, 1000),
    text(x, '0'),
    iff(
      lt(x, 1e6),
      join(fn('INT', div(x, 1000)), ',', group(x)),
      iff(lt(x, 1e9), join(fn('INT', div(x, 1e6)), ',', group(fn('INT', div(x, 1000))), ',', group(x)), large),
    ),
  );
}

/** Money in short form: "$3.0M", "$250K", "$1.2B", "$2.0T", "$900", "more than $1,000T"; negative with a leading "-". */
export function moneyWords(x: Expr): Expr {
  const a = abs(x);
  const short = iff(
    ge(a, 1e12),
    join(text(div(a, 1e12), '0.0'), 'T'),
    iff(
      ge(a, 1e9),
      join(text(div(a, 1e9), '0.0'), 'B'),
      iff(
        ge(a, 1e6),
        join(text(div(a, 1e6), '0.0'), 'M'),
        iff(ge(a, 1000), join(text(div(a, 1000), '0'), 'K'), text(a, '0')),
      ),
    ),
  );
  return join(iff(lt(x, 0), '-', ''), iff(ge(a, 1e15), 'more than $1,000T', join('$', short)));
}

/** "One more point" for a step of 1%, else "5 more points" ("one more point" when `lower`). */
export function pointsWords(step: Expr, lower = false): Expr {
  return iff(
    eq(step, 0.01),
    `${lower ? 'one' : 'One'} more point`,
    join(fn('ROUND', mul(step, 100), num(4)), ' more points'),
  );
}

/** The text a tree gives for one number, evaluated as the pane does (for code that has a number, not a cell). */
function words(build: (x: Expr) => Expr, n: number): string {
  const v = evaluate(build(num(n)), () => null);
  return typeof v === 'string' ? v : isRoiError(v) ? v.code : String(v);
}

/** wholeWords for a number: 1200 -> "1,200". */
export const groupedInteger = (n: number): string => words(wholeWords, n);
/** moneyWords for a number: 3000000 -> "$3.0M". */
export const moneyShort = (n: number): string => words(moneyWords, n);
/** pointsWords for a number: 0.01 -> "One more point". */
export const pointsPhrase = (step: number): string => words((x) => pointsWords(x), step);

/** The month names as one text of 9-character slots, for MID (HyperFormula and Excel alike; no DATE or locale needed). */
const LONG_SLOTS = MONTHS.map((m) => m.padEnd(9, ' ')).join('');
const SHORT_SLOTS = MONTHS.map((m) => m.slice(0, 3)).join('');

/**
 * A month's name from a month number counted from January = 1 (any whole number: 13 is
 * January again, 0 December, -3 September), as a tree: "Jan" (short) or "January". The
 * model's months are the fiscal start plus an offset, so a label is
 * `monthName(add(ref('fiscalStartMonth'), i))`.
 */
export function monthName(month: Expr, short = false): Expr {
  const index = fn('MOD', sub(month, num(1)), num(12));
  return short
    ? fn('MID', str(SHORT_SLOTS), add(mul(index, num(3)), num(1)), num(3))
    : fn('TRIM', fn('MID', str(LONG_SLOTS), add(mul(index, num(9)), num(1)), num(9)));
}
