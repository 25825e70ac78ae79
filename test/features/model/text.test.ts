/**
 * The sentence helpers (text.ts) are one description with two renderings: the formula
 * text the sheet holds and the TypeScript evaluation the pane shows. Both, on the same
 * numbers, through the headless engine: they must read the same, and never with an
 * exponent.
 */
import {
  evaluate,
  formulaText,
  moneyWords,
  num,
  pointsWords,
  ref,
  wholeWords,
  groupedInteger,
  moneyShort,
  pointsPhrase,
} from '../../../src/features/model';
import { createEngineWorkbook } from '../../../src/workbook/engine';

const wb = createEngineWorkbook({ sheets: { Sheet1: [[0]] } });

/** The engine's text for a helper on a number in A1 (so the formula reads a cell, as on the sheet). */
function engine(build: (x: ReturnType<typeof ref>) => ReturnType<typeof num>, n: number): unknown {
  wb.setCellFromUser('Sheet1', 'A1', String(n));
  return wb.evaluateFormula('Sheet1', `=${formulaText(build(ref('x')), () => 'A1')}`);
}

const WHOLE = [
  0, 1, 7, 999, 1000, 1001, 1200, 9999, 60_000, 123_456, 999_999, 1_000_000, 1_000_001, 1_234_567, 40_000_000,
  999_999_999, 1e9, 1_234_567_890, 4.5e11, 1e12, 7.25e14, 1e15, 3e17, 4.00108946732609e23, 1e30, 2e33, 5e35, 1e36,
  1e100, 1.5e308,
];

describe('wholeWords', () => {
  it.each(WHOLE)('%p reads the same in the engine and the preview', (n) => {
    const pane = evaluate(wholeWords(num(n)), () => null);
    expect(engine(wholeWords, n)).toBe(pane);
    expect(pane).toBe(groupedInteger(n));
    expect(String(pane)).not.toMatch(/e[+-]?\d/i);
  });

  it('groups thousands and names the scale past a billion', () => {
    expect([1200, 60_000, 1_234_567, 4.5e11, 4.00108946732609e23, 1e100].map(groupedInteger)).toEqual([
      '1,200',
      '60,000',
      '1,234,567',
      '450.0 billion',
      '400.1 sextillion',
      'more than 1,000 decillion',
    ]);
  });
});

describe('moneyWords', () => {
  it.each([0, 900, 999, 1000, 250_000, 3_000_000, -3_000_000, 1.2e9, 2e12, 9.99e14, 1e15, 1e200])(
    '%p reads the same in the engine and the preview',
    (n) => {
      const pane = evaluate(moneyWords(num(n)), () => null);
      expect(engine(moneyWords, n)).toBe(pane);
      expect(pane).toBe(moneyShort(n));
      expect(String(pane)).not.toMatch(/e[+-]?\d/i);
    },
  );

  it('is short', () => {
    expect([3_000_000, 250_000, 1.2e9, 900, -2.5e6, 2e12, 1e16].map(moneyShort)).toEqual([
      '$3.0M',
      '$250K',
      '$1.2B',
      '$900',
      '-$2.5M',
      '$2.0T',
      'more than $1,000T',
    ]);
  });
});

describe('pointsWords', () => {
  it.each([0.01, 0.05, 0.005, 0.1, 0.0125])('%p reads the same in the engine and the preview', (step) => {
    const pane = evaluate(pointsWords(num(step)), () => null);
    expect(engine((x) => pointsWords(x), step)).toBe(pane);
    expect(pane).toBe(pointsPhrase(step));
  });

  it('says one point in words', () => {
    expect(pointsPhrase(0.01)).toBe('One more point');
    expect(pointsPhrase(0.05)).toBe('5 more points');
  });
});
