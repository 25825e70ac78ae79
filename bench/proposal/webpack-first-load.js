/**
 * A PROPOSAL for webpack.config.js, measured by `npm run bench -- bundle` (the bench may
 * not edit the build): the project's own configuration with two changes to what the task
 * pane page loads at first.
 *
 * 1. Its named splitChunks cacheGroups (react, fluent, vendors) take modules from every
 *    chunk, so Fluent components and libraries that only the lazily loaded views use are
 *    merged into the chunks the page loads at first. Limiting each group to initial chunks
 *    keeps them in the lazy chunks:
 *      chunks: (chunk) => chunk.name !== 'functions' && chunk.canBeInitial()
 * 2. taskpane.html is the shared runtime page: it loads functions.js (the core with
 *    @stdlib) and then taskpane.js, which bundles the core and @stdlib a second time.
 *    `dependOn: 'functions'` on the taskpane entry makes taskpane.js use the modules
 *    functions.js already has (functions.js keeps the webpack runtime and still runs
 *    alone, as the manifest's Functions.Script.Url requires):
 *      taskpane: { import: './src/taskpane/index.tsx', dependOn: 'functions' }
 *    (with ENTRIES' `guarded` flag and KeepEngineOutOfAddin unchanged).
 */
const base = require('../../webpack.config.js');

module.exports = (env, argv) => {
  const config = base(env, argv);
  for (const group of Object.values(config.optimization.splitChunks.cacheGroups)) {
    group.chunks = (chunk) => chunk.name !== 'functions' && chunk.canBeInitial();
  }
  const taskpane = config.entry.taskpane;
  config.entry.taskpane = typeof taskpane === 'string' ? { import: taskpane, dependOn: 'functions' } : { ...taskpane, dependOn: 'functions' };
  return config;
};
