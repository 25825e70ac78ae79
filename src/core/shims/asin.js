/**
 * Bundle shim for @stdlib/math-base-special-asin (webpack.config.js aliases it here for
 * the add-in's bundles only). @stdlib's incomplete beta calls asin() only for the arcsine
 * distribution, a = b = 1/2; the core's parameters are whole numbers (deals and trials),
 * so the built-in arcsine serves. Tests and the command line resolve the package itself.
 */
module.exports = Math.asin;
