/**
 * The `roi` command, compiled ahead of time into dist-cli/ (the package's `bin`).
 *
 *   node build/cli.js             build (npm run build:cli; `prepare`, so `npm ci` does it)
 *   node build/cli.js --if-stale  build only if a source file changed since the last build
 *                                 (what `npm run roi` does before it runs the command)
 *   --optional                    (`prepare`) without esbuild, i.e. an install that omitted
 *                                 the dev dependencies, say so and succeed
 *
 * Running TypeScript through tsx compiles every file on each start; the compiled command
 * starts several times faster (bench: `npm run bench -- startup`). esbuild bundles each
 * part into one CommonJS file for Node: dist-cli/roi.js, the dispatcher, with each verb
 * that src/cli/roi.ts loads lazily (`import('./eval')`) in a file of its own
 * (dist-cli/eval.js, ...), so `roi --help` loads no verb and `roi eval` loads neither
 * ExcelJS nor the other verbs. The verbs are found in the dispatcher itself: adding a verb
 * there needs nothing here. Files are written whole and renamed into place, so a command
 * started while another process rebuilds never reads half a file.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const DISPATCHER = path.join(ROOT, 'src', 'cli', 'roi.ts');
const OUT_DIR = path.join(ROOT, 'dist-cli');
/** What the last build was made from, for --if-stale. */
const RECORD = '.build.json';

/**
 * Build the command into outDir. Returns the verbs found and the source files read.
 * @param {{ outDir?: string }} [options]
 */
async function buildCli({ outDir = OUT_DIR } = {}) {
  const esbuild = require('esbuild');
  const startedAt = Date.now();
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${require('../package.json').engines.node.replace(/\D/g, '')}`,
    // Whitespace and syntax only: names stay readable in a stack trace, and start-up is the
    // same as fully minified (it is the engine's own work that takes the time).
    minifyWhitespace: true,
    minifySyntax: true,
    // A verb loaded by require(), not import(): Node would otherwise scan each CommonJS
    // file for named exports first (about 100 ms for the engine's file).
    supported: { 'dynamic-import': false },
    write: false,
    metafile: true,
    logLevel: 'warning',
  };
  const verbs = new Set();
  const verbsAsFiles = {
    name: 'verbs-as-files',
    setup(build) {
      build.onResolve({ filter: /^\.\/[\w-]+$/ }, (args) => {
        if (args.importer !== DISPATCHER || args.kind !== 'dynamic-import') return undefined;
        const verb = args.path.slice(2);
        verbs.add(verb);
        return { path: `./${verb}.js`, external: true };
      });
    },
  };
  const dispatcher = await esbuild.build({
    ...common,
    entryPoints: { roi: DISPATCHER },
    outdir: outDir,
    plugins: [verbsAsFiles],
    banner: { js: '#!/usr/bin/env node' },
  });
  if (verbs.size === 0) throw new Error(`no lazily loaded verbs found in ${path.relative(ROOT, DISPATCHER)}`);
  const verbFiles = await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries([...verbs].map((v) => [v, path.join(path.dirname(DISPATCHER), `${v}.ts`)])),
    outdir: outDir,
  });

  fs.mkdirSync(outDir, { recursive: true });
  const written = new Set();
  for (const file of [...dispatcher.outputFiles, ...verbFiles.outputFiles]) {
    const temp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temp, file.contents, { mode: file.path.endsWith(`${path.sep}roi.js`) ? 0o755 : 0o644 });
    fs.renameSync(temp, file.path);
    written.add(path.basename(file.path));
  }
  // A verb that no longer exists leaves no file behind.
  for (const name of fs.readdirSync(outDir))
    if (name.endsWith('.js') && !written.has(name)) fs.rmSync(path.join(outDir, name));

  const inputs = [
    ...new Set([...Object.keys(dispatcher.metafile.inputs), ...Object.keys(verbFiles.metafile.inputs)]),
  ].sort();
  const record = { builtAt: startedAt, verbs: [...verbs], inputs: [...inputs, 'build/cli.js', 'package.json'] };
  const recordTemp = path.join(outDir, `${RECORD}.${process.pid}.tmp`);
  fs.writeFileSync(recordTemp, JSON.stringify(record, null, 1) + '\n');
  fs.renameSync(recordTemp, path.join(outDir, RECORD));
  return { verbs: [...verbs], inputs };
}

/** True when there is no build, or a file it was made from changed after it began. */
function isStale(outDir = OUT_DIR) {
  let record;
  try {
    record = JSON.parse(fs.readFileSync(path.join(outDir, RECORD), 'utf8'));
  } catch {
    return true;
  }
  if (!fs.existsSync(path.join(outDir, 'roi.js'))) return true;
  for (const verb of record.verbs) if (!fs.existsSync(path.join(outDir, `${verb}.js`))) return true;
  for (const input of record.inputs) {
    try {
      if (fs.statSync(path.join(ROOT, input)).mtimeMs > record.builtAt) return true;
    } catch {
      return true; // a source file that is gone: rebuild (and let esbuild say what is missing)
    }
  }
  return false;
}

async function main(argv) {
  if (argv.includes('--optional')) {
    try {
      require.resolve('esbuild');
    } catch {
      process.stderr.write('roi: esbuild is not installed (dev dependencies omitted), so dist-cli/ is not built\n');
      return 0;
    }
  }
  const ifStale = argv.includes('--if-stale');
  if (ifStale && !isStale()) return 0;
  const t0 = Date.now();
  const { verbs } = await buildCli();
  // stderr: `npm run --silent roi -- eval` keeps stdout for the command's own output.
  process.stderr.write(
    `${ifStale ? 'roi: sources changed, ' : ''}built dist-cli/roi.js and ${verbs.length} verbs (${verbs.join(', ')}) in ${Date.now() - t0} ms\n`,
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`build/cli.js: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

module.exports = { buildCli, isStale, OUT_DIR, DISPATCHER };
