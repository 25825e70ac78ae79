/**
 * Bundle shim for @stdlib/math-base-special-sinpi (webpack.config.js aliases it here for
 * the add-in's bundles only): sin(pi * x), exactly 0 at whole numbers. @stdlib's gammaln
 * calls it only for negative arguments, which the core never passes (the incomplete beta
 * of src/core/numeric.ts takes positive parameters); @stdlib's own sinpi would bring its
 * sine and cosine kernels and argument reduction into functions.js. Tests and the
 * command line resolve the package itself.
 */
module.exports = function sinpi(x) {
  if (Number.isInteger(x)) return 0 * x;
  return Math.sin(Math.PI * (x % 2));
};
