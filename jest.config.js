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
};
