/**
 * `npm run gen`: writes docs/functions.md, the committed function reference, from the
 * core's metadata table (a test checks it is current). functions.json and help.html are
 * not written here: the build makes them from the same table (build/function-assets.js).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceMarkdown } from '../src/functions/reference';

const file = join(__dirname, '..', 'docs', 'functions.md');
writeFileSync(file, referenceMarkdown() + '\n');
console.log('wrote docs/functions.md');
