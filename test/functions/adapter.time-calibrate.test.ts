/**
 * The time and calibration functions through the Excel wrapper: each case of the error
 * table (test/helpers/time-cases.ts) with its arguments as Excel passes them (every
 * argument a matrix, an omitted one null, an error an Excel error object, the invocation
 * last) gives what callFunction gives, as Excel wants it: a matrix, errors inside it as
 * error objects, a single error thrown (with its message for #VALUE! and #N/A only).
 */
import { FUNCTIONS, callFunction, isRoiError, type ArgValue, type CellValue, type Result } from '../../src/core';
import { excelFunction } from '../../src/functions/adapter';
import { CASES } from '../helpers/time-cases';
import { STUB_API, StubError } from '../helpers/custom-functions-stub';

const api = STUB_API;

const WITH_MESSAGE = new Set(['#VALUE!', '#N/A']);

function excelCell(v: CellValue): unknown {
  if (isRoiError(v)) return new StubError(v.code, v.message);
  return v === undefined ? null : v;
}

/** An argument as Excel passes it to a matrix parameter of type any. */
function excelArg(a: ArgValue): unknown {
  if (a === undefined) return null;
  return Array.isArray(a) ? a.map((row) => row.map(excelCell)) : [[excelCell(a)]];
}

function excelError(v: { code: string; message: string }): StubError {
  return WITH_MESSAGE.has(v.code) && v.message ? new StubError(v.code, v.message) : new StubError(v.code);
}

/** What Excel must receive for a core result. */
function expected(r: Result): { thrown?: StubError; value?: unknown[][] } {
  if (isRoiError(r)) return { thrown: excelError(r) };
  if (!Array.isArray(r)) return { value: [[r]] };
  return { value: r.map((row) => row.map((c) => (isRoiError(c) ? excelError(c) : c))) };
}

test.each(CASES.map((c) => [c.id, c.label, c] as const))('%s: %s', (id, _label, c) => {
  const fn = excelFunction(
    api,
    FUNCTIONS.find((f) => f.id === id)!,
  );
  const invocation = { address: 'Sheet1!B2', functionName: id };
  let got: { thrown?: StubError; value?: unknown[][] };
  try {
    got = { value: fn(...c.args.map(excelArg), invocation) };
  } catch (e) {
    got = { thrown: e as StubError };
  }
  const want = expected(callFunction(id, c.args));
  if (c.label === 'too many arguments') {
    // Excel never passes more than the declared parameters (it refuses the formula): the
    // extra value sits where the invocation object goes and is dropped.
    expect(got).toEqual(expected(callFunction(id, c.args.slice(0, -1))));
    return;
  }
  expect(got).toEqual(want);
  if (got.thrown) expect(got.thrown).toBeInstanceOf(StubError);
});
