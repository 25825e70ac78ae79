/**
 * Load a module of src/ the way a production bundle runs it: bundled into one scope with
 * direct calls between modules and no name-keeping helpers.
 *
 * Why: `tsx` (which runs the bench) compiles every file to CommonJS with esbuild's
 * `keepNames`, so each cross-module call goes through an export getter and each inner
 * function or arrow created at run time gets an `Object.defineProperty(fn, "name")` call
 * (`__name`). Neither exists in the webpack bundle Excel loads (ts-loader + module
 * concatenation), so timing the core under tsx would charge it for the bench's own loader.
 * esbuild is the compiler tsx itself uses (a dependency of tsx); here it runs without
 * keepNames, in one bundle, as webpack's scope hoisting would.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SourceMapLike } from './sourcemap';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Bundle `entry` (relative to the repository root) to a CommonJS file and require it.
 * Packages named in `external` stay outside the bundle and are required from node_modules
 * (the file is written under node_modules/.cache so that resolution works).
 */
export function loadBundled<T>(entry: string, options: { external?: string[] } = {}): T {
  return loadBundledWithMap<T>(entry, options).mod;
}

/** The same, also returning the bundle's path (as the profiler names it) and its source map. */
export function loadBundledWithMap<T>(
  entry: string,
  options: { external?: string[] } = {},
): { mod: T; file: string; map: SourceMapLike } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const dir = path.join(ROOT, 'node_modules', '.cache', 'roi-bench');
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, `${entry.replace(/[^A-Za-z0-9]+/g, '_')}-${process.pid}-${Date.now()}.cjs`);
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    outfile,
    external: options.external ?? [],
    keepNames: false,
    minify: false,
    sourcemap: 'external',
    logLevel: 'error',
  });
  try {
    const map = JSON.parse(fs.readFileSync(`${outfile}.map`, 'utf8')) as SourceMapLike;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { mod: require(outfile) as T, file: outfile, map };
  } finally {
    fs.rmSync(outfile, { force: true });
    fs.rmSync(`${outfile}.map`, { force: true });
  }
}
