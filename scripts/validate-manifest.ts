/**
 * `npm run validate`: offline checks of the add-in manifest and functions metadata.
 *
 *   tsx scripts/validate-manifest.ts                 manifest.xml, plus dist/manifest.xml if built
 *   tsx scripts/validate-manifest.ts path/to/manifest.xml ...
 *
 * For a manifest in a built folder (one that holds taskpane.html), every URL must name a
 * file in that folder and functions.json beside it is checked too; a production build
 * (no localhost URLs) must not mention localhost at all, and when ADDIN_BASE_URL is set
 * every URL must start with it. For the source manifest, src/functions/functions.json is
 * checked if it has been generated (`npm run gen`).
 *
 * Exits 1 if any problem is found. `office-addin-manifest validate` is not used: it needs
 * a remote service.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { checkFunctionsJson, DEV_BASE_URL, inspectManifest } from './lib/manifest';

const projectRoot = resolve(__dirname, '..');

function checkJsonFile(file: string, problems: string[], production: boolean): void {
  let json: unknown;
  const text = readFileSync(file, 'utf8');
  if (production && text.includes(DEV_BASE_URL))
    problems.push(`${rel(file)}: a production build must not link to ${DEV_BASE_URL}`);
  try {
    json = JSON.parse(text);
  } catch (e) {
    problems.push(`${file}: not valid JSON (${(e as Error).message})`);
    return;
  }
  for (const p of checkFunctionsJson(json)) problems.push(`${rel(file)}: ${p}`);
}

const rel = (f: string) => relative(process.cwd(), f) || f;

function validate(manifestPath: string): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const file = resolve(manifestPath);
  if (!existsSync(file)) return { problems: [`${rel(file)} does not exist`], notes };
  const xml = readFileSync(file, 'utf8');
  const siteRoot = dirname(file);
  const built = existsSync(join(siteRoot, 'taskpane.html'));
  const production = built && !xml.includes(DEV_BASE_URL);
  const baseUrl = production ? process.env.ADDIN_BASE_URL : undefined;
  const { problems: found, facts } = inspectManifest(xml, {
    siteRoot,
    requireFiles: built,
    forbidLocalhost: production,
    baseUrl,
  });
  for (const p of found) problems.push(`${rel(file)}: ${p}`);

  const functionsJson = built
    ? join(siteRoot, 'functions.json')
    : join(projectRoot, 'src', 'functions', 'functions.json');
  if (existsSync(functionsJson)) checkJsonFile(functionsJson, problems, production);
  else if (built) problems.push(`${rel(functionsJson)} is missing`);
  else notes.push(`${rel(functionsJson)} not generated yet (npm run gen); functions metadata not checked`);

  const origin = facts.urls[0] ? new URL(facts.urls[0]).origin : 'no URLs';
  notes.unshift(
    `${rel(file)}: id ${facts.id}, version ${facts.version}, namespace ${facts.namespace}, ${facts.urls.length} URLs on ${origin}` +
      (built ? (production ? ' (production build)' : ' (development build)') : ''),
  );
  return { problems, notes };
}

function main(): number {
  const args = process.argv.slice(2);
  const targets = args.length > 0 ? args : [join(projectRoot, 'manifest.xml')];
  if (args.length === 0 && existsSync(join(projectRoot, 'dist', 'manifest.xml')))
    targets.push(join(projectRoot, 'dist', 'manifest.xml'));
  let failed = 0;
  for (const t of targets) {
    const { problems, notes } = validate(t);
    for (const n of notes) console.log(n);
    for (const p of problems) console.error(`  problem: ${p}`);
    if (problems.length > 0) failed++;
    else console.log(`  ok: ${rel(resolve(t))} passed`);
  }
  if (failed > 0) console.error(`${failed} of ${targets.length} manifest(s) have problems`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main();
