/**
 * The tests' TypeScript transform: esbuild's transformSync, one file at a time, to
 * CommonJS for Node (jest.base.js points every jest config's .ts/.tsx at it).
 *
 * Why not ts-jest: the tests already compiled each file on its own (isolatedModules), so
 * the TypeScript compiler only stripped types, which esbuild (installed already: it builds
 * the `roi` command, build/cli.js) does about ten times faster: all 277 source and test
 * files in 1.6-2.0 s against 19-20 s with TypeScript's transpileModule (7.6-8.4 s of CPU),
 * measured twice each on the shared 2-core machine. Each CI run starts from a clean clone,
 * with jest's transform cache empty. Type checking is `tsc` in `npm run lint`, as it was.
 *
 * Matched to what the code is checked and bundled with (tsconfig.json): class fields
 * assigned, not defined (useDefineForClassFields false, as target ES2020 implies), the
 * automatic JSX runtime (jsx: react-jsx), esModuleInterop's default imports (esbuild's
 * CommonJS interop), import() as require(). Not hoisted: jest.mock calls (babel-jest's
 * hoisting); the two test files that mock a module call jest.mock before they require()
 * what it mocks. esbuild renames a parameter that shadows an import (cac -> cac2): code
 * whose parameter names a test reads (the core's table) does not shadow its imports.
 * Source maps go with the code, so a failure's stack points at the TypeScript line.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const esbuild = require('esbuild');

const ESBUILD = require('esbuild/package.json').version;
const SELF = fs.readFileSync(__filename, 'utf8');

/** @param {string} filename */
function options(filename) {
  return {
    loader: /\.[jt]sx$/.test(filename) ? 'tsx' : 'ts',
    format: 'cjs',
    target: 'node20',
    platform: 'node',
    jsx: 'automatic',
    // import() as require() (what ts-jest's CommonJS output did): jest runs CommonJS, and a
    // real import() needs Node's experimental VM modules. The lazy views load this way.
    supported: { 'dynamic-import': false },
    sourcefile: filename,
    sourcemap: 'external',
    sourcesContent: false,
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, jsx: 'react-jsx', esModuleInterop: true } },
  };
}

module.exports = {
  canInstrument: false,
  /** Same source, same file, same esbuild and same transform: the cached output is reused. */
  getCacheKey(source, filename, transformOptions) {
    return crypto
      .createHash('sha256')
      .update(ESBUILD)
      .update('\0')
      .update(SELF)
      .update('\0')
      .update(filename)
      .update('\0')
      .update(transformOptions?.configString ?? '')
      .update('\0')
      .update(source)
      .digest('hex');
  },
  process(source, filename) {
    const out = esbuild.transformSync(source, options(filename));
    return { code: out.code, map: out.map };
  },
};
