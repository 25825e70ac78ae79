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
