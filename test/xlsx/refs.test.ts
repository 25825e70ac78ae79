/**
 * The file's cell references (src/xlsx/refs.ts): parseCellRef reads a sheet's plain "B7"
 * by character codes, and must read every text exactly as src/base/a1's parseCell does.
 */
import fc from 'fast-check';
import { parseCellRef } from '../../src/xlsx/refs';
import { parseCell } from '../../src/base/a1';

const byA1 = (s: string) => {
  const c = parseCell(s);
  return c && { row: c.row + 1, col: c.col + 1 };
};

test('parseCellRef reads what parseCell reads, the edges of the grid included', () => {
  for (const s of [
    'A1',
    'B7',
    'XFD1048576',
    'XFE1',
    'A1048577',
    'A0',
    'A01',
    'a1',
    '$A$1',
    'AAAA1',
    'A',
    '1',
    '',
    ' B7',
    'B7 ',
    'ZZZ9999999',
    'B12345678',
  ])
    expect([s, parseCellRef(s)]).toEqual([s, byA1(s)]);
  expect(parseCellRef('XFD1048576')).toEqual({ row: 1048576, col: 16384 });
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z$ ]{0,4}[0-9]{0,9}$/), (s) => {
      expect(parseCellRef(s)).toEqual(byA1(s));
    }),
    { numRuns: 5000 },
  );
});
