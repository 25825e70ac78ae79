/**
 * Browser tests (npm run test:e2e): test/e2e/*.test.ts in node, driving Debian's Chromium
 * (/usr/bin/chromium) with playwright-core against the dev server, which globalSetup builds
 * and starts on a free port and globalTeardown always stops. Screenshots go to test-results/.
 */
const base = require('./jest.base.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/e2e/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/e2e/setup/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
