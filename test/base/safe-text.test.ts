/** Terminal-safe text: what a terminal obeys is shown, everything else printed as it is. */
import { jsonSafe, terminalSafe, terminalSafeLines } from '../../src/base/safe-text';

test('escape sequences, line breaks and bidirectional controls are shown as \\uXXXX', () => {
  expect(terminalSafe('a\u001b[2Jb')).toBe('a\\u001B[2Jb');
  expect(terminalSafe('one\ntwo\rthree')).toBe('one\\u000Atwo\\u000Dthree');
  expect(terminalSafe('\u202eevil\u2066')).toBe('\\u202Eevil\\u2066');
  expect(terminalSafe('\u009b31m')).toBe('\\u009B31m');
  expect(terminalSafe('Umsatz € 😀 営業 مرحبا')).toBe('Umsatz € 😀 営業 مرحبا');
});

test('JSON keeps its meaning and its layout', () => {
  const value = { name: 'x\u202e\u0085y', n: 1 };
  const json = JSON.stringify(value, null, 2);
  const safe = jsonSafe(json);
  expect(safe).not.toMatch(/[\u202e\u0085]/);
  expect(JSON.parse(safe)).toEqual(value);
  expect(safe.split('\n')).toHaveLength(json.split('\n').length);
});

test("a report's lines: its line breaks kept, every other character a terminal would obey shown", () => {
  const plain = 'book.xlsx: 2 formulas\n  stale cached values: 1\n    Sheet1!B2  =ROI.CAC(1,2)  3 -> 0.5';
  expect(terminalSafeLines(plain)).toBe(plain);
  expect(terminalSafeLines('a\n\u001b[2Jb\nc\u202ed\n')).toBe('a\n\\u001B[2Jb\nc\\u202Ed\n');
  expect(terminalSafeLines('x\ry\n')).toBe('x\\u000Dy\n');
  expect(terminalSafeLines('tab\there')).toBe('tab\\u0009here');
});
