/**
 * Fluent UI for the tests in one file. `@fluentui/react-components` is a barrel over some
 * 2,100 CommonJS modules, and jest resolves, wraps and runs each of them again in every test
 * file that renders a view (each file has a module registry of its own): about 1.5 to 2.5 s
 * per view test file on the shared 2-core machine, nearly all of it module loading. Bundled
 * once by esbuild into a single CommonJS file (React and ReactDOM left outside, so the tests
 * and Fluent share one React), the same require costs about 0.2 s.
 *
 * jest.base.js maps `@fluentui/react-components` to the file this returns, building it first
 * when it is missing (about 2 s, once per install: the name holds the versions it was built
 * from, so an upgrade of Fluent UI or esbuild, or a change here, builds it again). `npm ci`
 * builds it already (`prepare` runs `node build/jest-fluent.js --optional`), as it compiles
 * the `roi` command, so the first `npm test` does not wait for it. Tests only: webpack
 * bundles Fluent UI from its packages as always.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

/** The bundle's path, built if it is not there yet. */
function fluentForTests() {
  const key = crypto
    .createHash('sha256')
    .update(require('@fluentui/react-components/package.json').version)
    .update(require('esbuild/package.json').version)
    .update(fs.readFileSync(__filename))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(ROOT, 'node_modules', '.cache', 'roi-jest', `fluent-${key}.cjs`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside and renamed into place: two jest runs starting at once never read half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  require('esbuild').buildSync({
    absWorkingDir: ROOT,
    entryPoints: ['@fluentui/react-components'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The CommonJS builds, as jest itself would load them; React stays one shared instance.
    mainFields: ['main'],
    external: ['react', 'react/*', 'react-dom', 'react-dom/*', 'scheduler'],
    outfile: tmp,
    logLevel: 'warning',
  });
  fs.renameSync(tmp, file);
  return file;
}

module.exports = { fluentForTests };

if (require.main === module) {
  // --optional (`prepare`): an install that omitted the dev dependencies has no esbuild and
  // runs no tests, so there is nothing to build.
  let installed = true;
  try {
    require.resolve('esbuild');
  } catch {
    installed = false;
  }
  if (installed || !process.argv.includes('--optional')) fluentForTests();
}
