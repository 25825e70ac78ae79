/**
 * When two numbers are the same number: equal within a relative 1e-9 (an absolute 1e-9
 * below 1), so float noise such as 3000000.0000000005 against 3000000, or an Excel cached
 * value against the engine's recomputation, is not a difference. The one tolerance the
 * checks (roi check, the freeze ledger, "Explain this cell") compare with. Pure.
 */
export const RELATIVE_TOLERANCE = 1e-9;

export function approxEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}
