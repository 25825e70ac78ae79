/**
 * Bundle shim for @stdlib/math-base-special-ln (webpack.config.js aliases it here for the
 * add-in's bundles only): the built-in natural logarithm, which gives exactly @stdlib's
 * results (both are FreeBSD msun's e_log; test/core.shims.test.ts compares them bit for
 * bit on millions of values), without @stdlib's copy in functions.js. Tests and the
 * command line resolve the package itself.
 */
module.exports = Math.log;
