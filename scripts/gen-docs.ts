/**
 * Writes the generated files of the functions layer from the core's metadata table:
 * src/functions/functions.json (for webpack to ship), src/functions/help.html (helpUrl
 * target) and docs/functions.md (the committed reference).
 * ADDIN_BASE_URL sets the base of the help URLs (default https://localhost:3000).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_BASE_URL, functionsJson } from '../src/functions/metadata';
import { referenceHtml, referenceMarkdown } from '../src/functions/reference';

const root = join(__dirname, '..');
const base = process.env.ADDIN_BASE_URL || DEV_BASE_URL;
if (!/^https:\/\//.test(base)) {
  console.error(`ADDIN_BASE_URL must be an https:// URL, not ${base}`);
  process.exit(2);
}
writeFileSync(join(root, 'src/functions/functions.json'), JSON.stringify(functionsJson(base), null, 2) + '\n');
writeFileSync(join(root, 'src/functions/help.html'), referenceHtml());
writeFileSync(join(root, 'docs/functions.md'), referenceMarkdown() + '\n');
console.log(`wrote functions.json (${functionsJson(base).functions.length} functions), help.html, docs/functions.md`);
