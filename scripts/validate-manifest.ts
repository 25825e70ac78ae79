/**
 * `npm run validate`: offline checks of the add-in manifest and the functions metadata.
 *
 *   tsx scripts/validate-manifest.ts                 manifest.xml, plus dist/manifest.xml if built
 *   tsx scripts/validate-manifest.ts path/to/manifest.xml ...
 *
 * Every manifest is validated against Microsoft's schemas (build/schemas/) and this
 * product's rules (scripts/lib/manifest-rules.ts). The committed manifest.xml must be on
 * the development base URL (build/base-url.js: the build puts every occurrence of it on the
 * production base), and the functions.json the build would make from the core's table is
 * checked. A manifest in a built folder (one with taskpane.html) must name only files of
 * that folder, and its functions.json must declare exactly the table's functions; a
 * production build (no localhost URLs) must not mention localhost at all, and when
 * ADDIN_BASE_URL is set every URL must start with it.
 *
 * Exits 1 if any problem is found. `office-addin-manifest validate` is not used: it needs
 * Microsoft's online service.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DEV_BASE_URL } from '../build/base-url';
import { FUNCTIONS } from '../src/core';
import { functionsJson } from '../src/functions/metadata';
import { checkFunctionsJson, idsAgainstTable } from './lib/functions-json';
import { validateManifest } from './lib/manifest';

const projectRoot = resolve(__dirname, '..');
const rel = (f: string) => relative(process.cwd(), f) || f;

/** A built functions.json: the metadata rules, the table's ids, help links on the manifest's base. */
function checkBuiltFunctionsJson(file: string, production: boolean): string[] {
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  if (production && text.includes(DEV_BASE_URL)) problems.push(`a production build must not link to ${DEV_BASE_URL}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return [`not valid JSON (${(e as Error).message})`];
  }
  problems.push(
    ...checkFunctionsJson(json),
    ...idsAgainstTable(
      json,
      FUNCTIONS.map((f) => f.id),
    ),
  );
  return problems;
}

async function validate(manifestPath: string): Promise<{ problems: string[]; notes: string[] }> {
  const file = resolve(manifestPath);
  if (!existsSync(file)) return { problems: [`${rel(file)} does not exist`], notes: [] };
  const xml = readFileSync(file, 'utf8');
  const siteRoot = dirname(file);
  const built = existsSync(join(siteRoot, 'taskpane.html'));
  const production = built && !xml.includes(DEV_BASE_URL);
  const baseUrl = production ? process.env.ADDIN_BASE_URL : built ? undefined : DEV_BASE_URL;
  const { problems: found, manifest } = await validateManifest(xml, {
    fileName: rel(file),
    siteRoot,
    requireFiles: built,
    forbidLocalhost: production,
    baseUrl,
  });
  const problems = found.map((p) => `${rel(file)}: ${p}`);

  let metadata: string;
  if (built) {
    const json = join(siteRoot, 'functions.json');
    metadata = rel(json);
    if (existsSync(json)) problems.push(...checkBuiltFunctionsJson(json, production).map((p) => `${metadata}: ${p}`));
    else problems.push(`${metadata} is missing`);
  } else {
    metadata = "functions.json from the core's table";
    problems.push(...checkFunctionsJson(functionsJson(DEV_BASE_URL)).map((p) => `${metadata}: ${p}`));
  }

  const urls = manifest?.urls ?? [];
  const origin = urls[0] ? new URL(urls[0]).origin : 'no URLs';
  const kind = built ? (production ? ' (production build)' : ' (development build)') : '';
  const notes = [
    `${rel(file)}${kind}: id ${manifest?.id}, version ${manifest?.version}, namespace ${manifest?.namespace}, ` +
      `${urls.length} URLs on ${origin}; checked against Microsoft's schemas, the product's rules and ${metadata}`,
  ];
  return { problems, notes };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const targets = args.length > 0 ? args : [join(projectRoot, 'manifest.xml')];
  if (args.length === 0 && existsSync(join(projectRoot, 'dist', 'manifest.xml')))
    targets.push(join(projectRoot, 'dist', 'manifest.xml'));
  let failed = 0;
  for (const t of targets) {
    const { problems, notes } = await validate(t);
    for (const n of notes) console.log(n);
    for (const p of problems) console.error(`  problem: ${p}`);
    if (problems.length > 0) failed++;
    else console.log(`  ok: ${rel(resolve(t))} passed`);
  }
  if (failed > 0) console.error(`${failed} of ${targets.length} manifest(s) have problems`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`validate: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  },
);
