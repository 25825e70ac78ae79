/**
 * `npm run test:build`: the production build and its bundles, a build that must fail,
 * `npm start`'s dev server (with Chromium for the CSP), the @stdlib alias table and the
 * benchmark's helpers. Slow (webpack on two shared cores), so apart from `npm test`.
 */
const base = require('./jest.base.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/build'],
  maxWorkers: 1,
};
