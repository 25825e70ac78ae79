/**
 * `npm test`: unit, engine, adapter and view tests (fast; no webpack, no browser).
 * The build and bundle checks are `npm run test:build` (jest.build.config.js); the browser
 * tests are `npm run test:e2e` (jest.e2e.config.js).
 */
const base = require('./jest.base.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/build/'],
  // A worker per core: jest's default leaves one core to its main process, which only
  // hands out files and collects results (on 2 cores: one worker, the files one by one).
  maxWorkers: '100%',
  // Tests of scale (`*.large.test.ts`) start first on a clean cache (build/jest-sequencer.js).
  testSequencer: '<rootDir>/build/jest-sequencer.js',
};
