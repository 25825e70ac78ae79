/**
 * `npm run gen`: writes docs/functions.md, the committed function reference, from the
 * core's metadata table, and the table of limits in docs/workbook-files.md (between its
 * `<!-- limits -->` markers) from src/base/limits.ts (tests check both are current).
 * functions.json and help.html are not written here: the build makes them from the same
 * table (build/function-assets.js).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceMarkdown } from '../src/functions/reference';
import { limitsMarkdown } from '../src/base/limits';

const file = join(__dirname, '..', 'docs', 'functions.md');
writeFileSync(file, referenceMarkdown() + '\n');
console.log('wrote docs/functions.md');

const filesDoc = join(__dirname, '..', 'docs', 'workbook-files.md');
const START = '<!-- limits: generated from src/base/limits.ts by npm run gen -->';
const END = '<!-- /limits -->';
const doc = readFileSync(filesDoc, 'utf8');
const from = doc.indexOf(START);
const to = doc.indexOf(END);
if (from < 0 || to < from) throw new Error(`docs/workbook-files.md has no ${START} ... ${END} section`);
writeFileSync(filesDoc, `${doc.slice(0, from + START.length)}\n${limitsMarkdown()}\n${doc.slice(to)}`);
console.log('wrote the limits table in docs/workbook-files.md');
