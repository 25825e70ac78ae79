/**
 * Bundle stand-in for the @stdlib files the core never reaches (build/stdlib-aliases.js,
 * UNREACHED: webpack.config.js puts this file in their place in the add-in's bundles
 * only). @stdlib's incomplete beta takes, for whole-number parameters of at least 1 (the
 * only ones src/core/numeric.ts passes), its binomial sum or its continued fraction; its
 * series for the general case (ibeta_series, ibeta_a_step, the small-b large-a series with
 * the incomplete gamma functions behind it) serve only fractional parameters, or billions
 * of trials with fewer than 40 successes or failures, which binomialAtLeast sums itself;
 * the complete beta serves only its non-regularized form. About 8 KB gzipped of
 * functions.js. test/core/shims.test.ts runs every binomial tail of the core with these
 * files throwing. Should one be reached after all, the call fails loudly (the runner's
 * #VALUE! "could not compute this"), never with a wrong number. Tests and the command
 * line resolve the packages themselves.
 */
module.exports = function unreached() {
  throw new Error('an @stdlib function the core never uses was called');
};
