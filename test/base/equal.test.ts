/**
 * The one tolerance (src/base/equal.ts) and the one reason text (src/base/error-text.ts).
 */
import fc from 'fast-check';
import { approxEqual } from '../../src/base/equal';
import { errorText } from '../../src/base/error-text';

test('approxEqual: float noise is equal, a real difference is not, near zero too', () => {
  expect(approxEqual(3000000.0000000005, 3_000_000)).toBe(true);
  expect(approxEqual(0.1 + 0.2, 0.3)).toBe(true);
  expect(approxEqual(1200, 1201)).toBe(false);
  expect(approxEqual(0.9, 0.9000001)).toBe(false);
  expect(approxEqual(1e-12, 2e-12)).toBe(true);
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => approxEqual(x, x)));
  fc.assert(
    fc.property(
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      (a, b) => expect(approxEqual(a, b)).toBe(approxEqual(b, a)),
    ),
  );
});

test("errorText: an Office error's detail first, then the message, the code, the value", () => {
  expect(errorText({ message: 'short', debugInfo: { message: 'The range is protected.' } })).toBe(
    'The range is protected.',
  );
  expect(errorText(new Error('No sheet named "X".'))).toBe('No sheet named "X".');
  expect(errorText({ code: 'ItemNotFound' })).toBe('ItemNotFound');
  expect(errorText('plain')).toBe('plain');
  expect(errorText(undefined)).toBe('undefined');
});
