/** The limits are described once: docs/workbook-files.md lists every one, with its value. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS, showLimit, tooLarge, type LimitName } from '../../src/xlsx/limits';

const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'workbook-files.md'), 'utf8');

test.each(Object.keys(LIMITS) as LimitName[])('docs/workbook-files.md lists %s with its value and reason', (name) => {
  const row = docs.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
  expect(row).toBeDefined();
  expect(row).toContain(showLimit(name));
  expect(row).toContain(LIMITS[name].why);
});

test('the one "too large" error names what, how much and the limit', () => {
  const e = tooLarge('partBytes', 'xl/worksheets/sheet1.xml inflates', 3 * 1024 ** 3);
  expect(e.reason).toBe('too-large');
  expect(e.message).toBe(
    'too large: xl/worksheets/sheet1.xml inflates (3.0 GB); the limit is 256 MB (one part, inflated)',
  );
});
