/** Terminal-safe text: what a terminal obeys is shown, everything else printed as it is. */
import { jsonSafe, terminalSafe } from '../../src/base/safe-text';

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
