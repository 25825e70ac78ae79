/**
 * Bundle shim for @stdlib/math-base-special-sin (webpack.config.js aliases it here for the
 * add-in's bundles only). @stdlib's gamma calls sin() only in its reflection formula for
 * arguments below -33, which the core never passes (the incomplete beta of
 * src/core/numeric.ts takes positive parameters), so the built-in sine serves; @stdlib's
 * own sine would bring its argument reduction (rempio2) and kernels into functions.js.
 * Tests and the command line resolve the package itself.
 */
module.exports = Math.sin;
