/**
 * The error table of the time and calibration functions through the core (callFunction):
 * every argument broken every way (test/helpers/time-cases.ts), the error and its message,
 * or the result the case names. The engine and the Excel wrapper run the same table
 * (test/engine/hf.time-calibrate.test.ts, test/functions/adapter.time-calibrate.test.ts).
 */
import { callFunction, isRoiError, type Result, type ResultCell } from '../../src/core';
import { CASES } from '../helpers/time-cases';

function transpose(g: ResultCell[][]): ResultCell[][] {
  return g[0].map((_, c) => g.map((row) => row[c]));
}

test('the table covers every argument of the five functions', () => {
  expect(CASES.length).toBeGreaterThan(100);
});

test.each(CASES.map((c) => [c.id, c.label, c] as const))('%s: %s', (id, _label, c) => {
  const r: Result = callFunction(id, c.args);
  const want = c.want;
  if ('code' in want) {
    expect(isRoiError(r)).toBe(true);
    if (!isRoiError(r)) return;
    expect(r.code).toBe(want.code);
    expect(r.message.length).toBeGreaterThan(5);
    if (want.mentions) expect(r.message).toContain(want.mentions);
  } else if ('same' in want) {
    expect(isRoiError(r)).toBe(false);
    expect(r).toEqual(callFunction(id, want.same));
  } else {
    const of = callFunction(id, want.transposed);
    expect(Array.isArray(of)).toBe(true);
    expect(r).toEqual(transpose(of as ResultCell[][]));
  }
});
