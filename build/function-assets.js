/**
 * functions.json and help.html, generated inside the build from the core's function table.
 *
 * Excel reads the custom functions' metadata from functions.json; help.html is where each
 * function's helpUrl (and the manifest's SupportUrl) points. Both come from one row per
 * function in src/core, through src/functions/metadata.ts and reference.ts. This plugin
 * compiles those two modules with esbuild (the table is TypeScript; webpack's config is
 * not), runs them, and emits both files on the build's own base URL: no generated file in
 * src/, nothing to rebase afterwards, and under `npm start` a change to the table is picked
 * up on the next rebuild (the table's source files are watched).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const NAME = 'FunctionAssets';

/** The modules that turn the core's table into the two files. */
const TABLE_ENTRY = [
  "export { functionsJson } from './src/functions/metadata';",
  "export { referenceHtml } from './src/functions/reference';",
].join('\n');

/**
 * Compile and load the table's renderers. Returns them and the source files they were
 * built from (for the watcher).
 * @param {string} root the project folder
 * @returns {Promise<{ table: { functionsJson(baseUrl: string): unknown, referenceHtml(): string }, inputs: string[] }>}
 */
async function loadFunctionTable(root) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    stdin: { contents: TABLE_ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'function-table.ts' },
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  // Fully bundled: the file needs nothing beside it, so a private temp folder will do.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-function-table-'));
  const file = path.join(dir, 'function-table.cjs');
  try {
    fs.writeFileSync(file, result.outputFiles[0].contents);
    const table = require(file);
    delete require.cache[file];
    const inputs = Object.keys(result.metafile.inputs)
      .filter((f) => !f.startsWith('<stdin>') && !/(^|[\\/])node_modules[\\/]/.test(f))
      .map((f) => path.resolve(root, f));
    return { table, inputs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Emits functions.json and help.html, their URLs on `baseUrl`. */
class FunctionAssets {
  /** @param {{ baseUrl: string }} options */
  constructor({ baseUrl }) {
    this.baseUrl = baseUrl;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        { name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        async () => {
          const { table, inputs } = await loadFunctionTable(compiler.context);
          for (const file of inputs) compilation.fileDependencies.add(file);
          const json = JSON.stringify(table.functionsJson(this.baseUrl), null, 2) + '\n';
          compilation.emitAsset('functions.json', new sources.RawSource(json));
          compilation.emitAsset('help.html', new sources.RawSource(table.referenceHtml()));
        },
      );
    });
  }
}

module.exports = { FunctionAssets, loadFunctionTable };
