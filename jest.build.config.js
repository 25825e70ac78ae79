/**
 * `npm run test:build`: the production build, a build that must fail, `npm start`'s dev
 * server and the benchmark's helpers. Slow (webpack on two shared cores), so apart from
 * `npm test`.
 */
const base = require('./jest.base.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/build'],
  maxWorkers: 1,
};
