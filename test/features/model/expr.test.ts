/**
 * The model's formula trees: rendered as Excel formula text (operator precedence,
 * references by name or cell) and evaluated with Excel's semantics in TypeScript. Each
 * tree here is also evaluated by the headless engine from its text, on the same cells:
 * the two must agree, errors included (the first error wins, a division by zero is
 * #DIV/0!, a blank is 0 in arithmetic and "" in text).
 */
import { isRoiError } from '../../../src/core';
import {
  add,
  call,
  cell,
  div,
  eq,
  evaluate,
  fn,
  formulaText,
  ge,
  iff,
  isEmpty,
  join,
  lt,
  mul,
  num,
  ref,
  roundUp,
  str,
  sub,
  text,
  type Expr,
} from '../../../src/features/model';
import { createEngineWorkbook } from '../../../src/workbook/engine';

// A small sheet: numbers, text, a blank (A4), an error (A5), a column with blanks and text.
const wb = createEngineWorkbook({
  sheets: { S: [[3], [0], ['text'], [null], ['=1/0'], [12], [null], [46], [''], [29]] },
});
const NAMES: Record<string, string> = {
  three: 'A1',
  zero: 'A2',
  word: 'A3',
  blank: 'A4',
  broken: 'A5',
  list: 'A6:A10',
};
const refText = (k: string) => (k.startsWith('@') ? k.slice(1) : NAMES[k]);
const env = (k: string) => {
  const a = refText(k);
  if (a.includes(':')) {
    const [from, to] = a.split(':').map((x) => Number(x.slice(1)));
    return Array.from({ length: to - from + 1 }, (_, i) => [wb.getValue('S', `A${from + i}`)]);
  }
  return wb.getValue('S', a);
};

const CASES: Array<[string, Expr]> = [
  ['precedence', sub(num(10), sub(num(3), num(2)))],
  ['mixed precedence', mul(add(num(1), num(2)), sub(ref('three'), div(num(6), num(4))))],
  ['division by zero', div(ref('three'), ref('zero'))],
  ['the first error wins', add(ref('broken'), div(num(1), num(0)))],
  ['a blank is 0', add(ref('blank'), num(5))],
  ['text in arithmetic', mul(ref('word'), num(2))],
  ['a blank is empty text', join('[', ref('blank'), ']')],
  ['numbers joined as text', join(num(12), '-', div(num(1), num(4)))],
  ['IF on a comparison', iff(lt(ref('three'), 5), 'small', 'large')],
  ['IF on an error', iff(ge(ref('broken'), 1), 'yes', 'no')],
  ['IF on empty text', iff(isEmpty(ref('blank')), 'empty', 'full')],
  ['ROUNDUP', roundUp(div(num(1201), num(12)))],
  ['ROUNDUP of a negative', roundUp(num(-2.1))],
  ['TEXT', join(text(num(5), '000'), '/', text(num(1234.56), '0.0'), '/', text(num(0.5), '0'))],
  ['MOD and INT', add(fn('MOD', num(1234567), num(1000)), fn('INT', div(num(1234567), num(1000))))],
  ['MIN over numbers', fn('MIN', num(1), mul(num(0.6), num(2)))],
  ['COUNT skips text and blanks', fn('COUNT', ref('list'))],
  ['COUNTIF greater than', fn('COUNTIF', ref('list'), join('>', num(20)))],
  ['COUNTIF equal', fn('COUNTIF', ref('list'), num(46))],
  ['MATCH and INDEX', fn('INDEX', ref('list'), fn('MATCH', num(29), ref('list'), num(0)))],
  ['MATCH not found', fn('MATCH', num(7), ref('list'), num(0))],
  ['a cell by address', mul(cell('A6'), num(2))],
  ['an ROI call', call('REQUIREDDEALS', num(3_000_000), num(50_000))],
  ['an ROI call on an error', call('REQUIREDDEALS', ref('broken'), num(50_000))],
  ['an ROI call that fails', call('REQUIREDDEALS', num(-1), num(50_000))],
  ['equality with text', eq(ref('word'), str('TEXT'))],
];

describe('formula trees', () => {
  it.each(CASES)('%s: the engine evaluating the text equals the TypeScript evaluation', (_what, e) => {
    const f = `=${formulaText(e, refText)}`;
    const engine = wb.evaluateFormula('S', f);
    const pane = evaluate(e, env);
    const norm = (v: unknown) => (isRoiError(v) ? v.code : v);
    expect({ f, v: norm(pane) }).toEqual({ f, v: norm(engine) });
  });

  it('renders operators with the parentheses Excel needs, and no more', () => {
    expect(formulaText(sub(num(10), sub(num(3), num(2))), refText)).toBe('10-(3-2)');
    expect(formulaText(sub(sub(num(10), num(3)), num(2)), refText)).toBe('10-3-2');
    expect(formulaText(mul(ref('three'), sub(num(1), ref('zero'))), refText)).toBe('A1*(1-A2)');
    expect(formulaText(add(mul(num(2), num(3)), num(1)), refText)).toBe('2*3+1');
    expect(formulaText(join('a"b', num(1)), refText)).toBe('"a""b"&1');
    expect(formulaText(call('CAC', ref('three'), num(1e6)), refText)).toBe('ROI.CAC(A1,1000000)');
  });
});
