/**
 * Bundle shim for @stdlib/math-base-special-expm1 (webpack.config.js aliases it here for
 * the add-in's bundles only): the built-in expm1 with @stdlib's overflow threshold (it
 * returns Infinity from 709.782712893384 on, where the built-in still gives the largest
 * double), which together give @stdlib's results bit for bit (test/core.shims.test.ts
 * compares them on millions of values), without @stdlib's copy in functions.js. Tests
 * and the command line resolve the package itself.
 */
module.exports = function expm1(x) {
  return x >= 709.782712893384 ? Infinity : Math.expm1(x);
};
