/**
 * Cheap stand-ins for jest's number and text matchers, for checks inside hot loops
 * (fast-check properties, loops over thousands of cases). jest 30's expect() costs about
 * 24 µs a call (each call builds an Error for its stack and some 360 matcher closures), and
 * the unit suite made about 170,000 such calls, nearly all inside those loops: seconds of
 * CPU and the garbage they leave. These cost a comparison when they pass; when they fail
 * they throw node's AssertionError naming both values (jest shows the failing line, and
 * fast-check the counterexample). They keep the matchers' conditions exactly: both sides
 * must be numbers, as jest insists (a RoiError compared with `<=` would compare its text),
 * NaN never passes, and toBeCloseTo's tolerance is |a - b| < 10^-digits / 2.
 * Equality needs no helper: node's assert.equal is toBe (Object.is), assert.deepEqual is
 * toEqual for plain data, and assert.ok takes a condition with its own message.
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';

const show = (x: unknown): string => inspect(x, { depth: 4, breakLength: Infinity });

type Caller = (...args: never[]) => void;

/**
 * The stack starts at the caller (stackStartFn), so jest shows the test's line, not this
 * file's; operator 'fail' has jest print the message alone (it holds both values).
 */
function fail(label: string | undefined, text: string, caller: Caller): never {
  const message = label === undefined ? text : `${label}: ${text}`;
  throw new assert.AssertionError({ message, operator: 'fail', stackStartFn: caller });
}

function compare(
  pass: boolean,
  actual: unknown,
  op: string,
  bound: unknown,
  label: string | undefined,
  caller: Caller,
) {
  if (pass && typeof actual === 'number' && typeof bound === 'number') return;
  fail(label, `expected ${show(actual)} ${op} ${show(bound)}`, caller);
}

/** expect(actual).toBeGreaterThanOrEqual(floor). */
export function assertAtLeast(actual: unknown, floor: unknown, label?: string): void {
  compare((actual as number) >= (floor as number), actual, '>=', floor, label, assertAtLeast);
}

/** expect(actual).toBeLessThanOrEqual(ceiling). */
export function assertAtMost(actual: unknown, ceiling: unknown, label?: string): void {
  compare((actual as number) <= (ceiling as number), actual, '<=', ceiling, label, assertAtMost);
}

/** expect(actual).toBeGreaterThan(floor). */
export function assertAbove(actual: unknown, floor: unknown, label?: string): void {
  compare((actual as number) > (floor as number), actual, '>', floor, label, assertAbove);
}

/** expect(actual).toBeLessThan(ceiling). */
export function assertBelow(actual: unknown, ceiling: unknown, label?: string): void {
  compare((actual as number) < (ceiling as number), actual, '<', ceiling, label, assertBelow);
}

/** expect(actual).toBeCloseTo(expected, digits): equal infinities, or |actual - expected| < 10^-digits / 2. */
export function assertCloseTo(actual: unknown, expected: unknown, digits = 2, label?: string): void {
  const a = actual as number;
  const e = expected as number;
  const pass =
    (a === Infinity && e === Infinity) || (a === -Infinity && e === -Infinity) || Math.abs(e - a) < 10 ** -digits / 2;
  compare(pass, actual, `close to (${digits} digits)`, expected, label, assertCloseTo);
}

/** expect(text).toContain(part), for text. */
export function assertContains(text: unknown, part: string, label?: string): void {
  if (typeof text === 'string' && text.includes(part)) return;
  fail(label, `expected ${show(text)} to contain ${show(part)}`, assertContains);
}
