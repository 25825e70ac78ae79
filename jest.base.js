/**
 * What every jest config here shares: TypeScript through esbuild, Fluent UI as one prebundled
 * file (build/jest-fluent.js says why), and the office-addin-mock mapping.
 */
const { fluentForTests } = require('./build/jest-fluent');

module.exports = {
  testEnvironment: 'node',
  // Generous per-test limit: CI runs on a shared 2-core machine; no test asserts a time.
  testTimeout: 60000,
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // Each test file runs in a vm context, where a global such as `Math` is looked up through
  // an interceptor on every use: `Math.sqrt` in a loop ran about 70 times slower under jest
  // than in Node (nodejs/node#31658, jestjs/jest#5163). Jest's documented remedy hands these
  // built-ins to every module as parameters, so they resolve like local variables: the same
  // objects, the context's own. Only built-ins nothing replaces (not Date or the timers,
  // which fake timers swap), and present in both environments (node and jsdom). Not
  // parseInt: @testing-library/user-event declares a `const parseInt` of its own, which a
  // parameter of that name would make a SyntaxError.
  sandboxInjectedGlobals: [
    'Math',
    'Number',
    'String',
    'Boolean',
    'Object',
    'Array',
    'JSON',
    'Symbol',
    'Map',
    'Set',
    'WeakMap',
    'WeakSet',
    'Promise',
    'Intl',
    'Reflect',
    'RegExp',
    'Error',
    'TypeError',
    'RangeError',
    'ArrayBuffer',
    'DataView',
    'Uint8Array',
    'Uint16Array',
    'Uint32Array',
    'Int32Array',
    'Float64Array',
    'Float32Array',
    'Int8Array',
    'Int16Array',
    'Uint8ClampedArray',
    'Infinity',
    'isFinite',
    'isNaN',
    'parseFloat',
  ],
  // esbuild strips the types (build/jest-transform.js says why not ts-jest); tsc checks them in lint.
  transform: { '^.+\\.tsx?$': '<rootDir>/build/jest-transform.js' },
  moduleNameMapper: {
    '^@fluentui/react-components$': fluentForTests(),
    // office-addin-mock needs office-addin-manifest, whose main entry is ESM-only under jest 30.
    '^office-addin-manifest$': '<rootDir>/node_modules/office-addin-manifest/lib/officeApp.js',
    // numfmt 4.0.1's package.json sends require() to dist/index.cjs, which the package does not
    // ship; dist/index.js is the CommonJS build. (Tests only: the formatter's oracle.)
    '^numfmt$': '<rootDir>/node_modules/numfmt/dist/index.js',
  },
};
