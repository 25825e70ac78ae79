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
  // Two files at a time, each with its own Chromium, on the one dev server: a browser test
  // spends much of its time waiting on the page (a frame, a lazy chunk, the engine), so two
  // of them share 2 cores well (the suite: about 300 s one at a time, 180 s two at a time,
  // on the same loaded machine). The tests wait for what they read (helpers.ts polls), never
  // for a fixed time alone.
  maxWorkers: 2,
};
