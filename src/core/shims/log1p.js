/**
 * Bundle shim for @stdlib/math-base-special-log1p (webpack.config.js aliases it here for
 * the add-in's bundles only): the built-in log1p, which gives exactly @stdlib's results
 * (both are FreeBSD msun's s_log1p; test/core.shims.test.ts compares them bit for bit on
 * millions of values), without @stdlib's copy in functions.js. Tests and the command line
 * resolve the package itself.
 */
module.exports = Math.log1p;
