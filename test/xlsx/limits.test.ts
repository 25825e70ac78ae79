/**
 * The limits are described once (src/base/limits.ts): docs/workbook-files.md lists every
 * one, written from the table by `npm run gen`, and the task pane's light reader takes its
 * numbers from the same rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS, limitsMarkdown, showLimit, tooLarge, type LimitName } from '../../src/xlsx/limits';
import { LIGHT_LIMITS } from '../../src/workbook/light-limits';
import { MAX_TEXT } from '../../src/workbook/light-xlsx';
import { MAX_XML_DEPTH } from '../../src/workbook/light-xml';

const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'workbook-files.md'), 'utf8');

test.each(Object.keys(LIMITS) as LimitName[])('docs/workbook-files.md lists %s with its value and reason', (name) => {
  const row = docs.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
  expect(row).toBeDefined();
  expect(row).toContain(showLimit(name));
  expect(row).toContain(LIMITS[name].why);
});

test('the list in docs/workbook-files.md is the table, row for row (run `npm run gen` after changing a limit)', () => {
  const start = docs.indexOf('<!-- limits: generated from src/base/limits.ts by npm run gen -->');
  const end = docs.indexOf('<!-- /limits -->');
  expect(start).toBeGreaterThan(-1);
  const section = docs.slice(docs.indexOf('\n', start) + 1, end).trim();
  expect(section).toBe(limitsMarkdown());
});

test('the task pane reads another version within rows of the same table', () => {
  expect(LIGHT_LIMITS).toEqual({
    fileBytes: LIMITS.paneFileBytes.value,
    entries: LIMITS.zipEntries.value,
    partBytes: LIMITS.panePartBytes.value,
    totalBytes: LIMITS.paneTotalBytes.value,
    ratio: LIMITS.compressionRatio.value,
    cells: LIMITS.paneCells.value,
  });
  expect(MAX_TEXT).toBe(LIMITS.textChars.value);
  expect(MAX_XML_DEPTH).toBe(LIMITS.xmlDepth.value);
  // The pane's own rows are there because they are smaller than the file tools'.
  expect(LIMITS.paneFileBytes.value).toBeLessThan(LIMITS.fileBytes.value);
  expect(LIMITS.panePartBytes.value).toBeLessThan(LIMITS.partBytes.value);
  expect(LIMITS.paneTotalBytes.value).toBeLessThan(LIMITS.totalBytes.value);
  expect(LIMITS.paneCells.value).toBeLessThan(LIMITS.cellsPerWorkbook.value);
});

test('the one "too large" error names what, how much and the limit', () => {
  const e = tooLarge('partBytes', 'xl/worksheets/sheet1.xml inflates', 3 * 1024 ** 3);
  expect(e.reason).toBe('too-large');
  expect(e.message).toBe(
    'too large: xl/worksheets/sheet1.xml inflates (3.0 GB); the limit is 256 MB (one part, inflated)',
  );
});
