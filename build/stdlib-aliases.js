/**
 * The @stdlib files functions.js takes directly, instead of each package's lib/index.js.
 *
 * Why: @stdlib's package entry points wrap its maths in run-time feature detection and
 * extras the core never calls (typed-array and Object.defineProperty polyfills, generator
 * detection through eval, `.factory` builders made with `new Function`), and most of them
 * are a module of their own that only re-exports main.js. Pointing webpack at the file
 * each index.js would pick in every browser Excel uses runs the same stdlib code with about
 * 40 modules fewer in functions.js (its budget is 30 KB gzipped, docs/performance.md).
 * Tests and the `roi` command resolve the packages as Node does (through index.js), so the
 * tests also check that both paths give the same numbers (test/build/build.test.ts).
 *
 * A static table: test/build/stdlib-aliases.test.ts checks each entry against the installed
 * packages (every MAIN_ONLY index.js still only re-exports main.js; every CHOSEN file is one
 * of its index.js's branches), and test/build/build.test.ts fails if the functions bundle
 * reaches a package's index.js that only re-exports main.js and is missing here (after an
 * @stdlib upgrade, add it).
 */
const path = require('node:path');

const STDLIB_DIR = path.join(__dirname, '..', 'node_modules', '@stdlib');

/** Packages (of those functions.js reaches) whose lib/index.js is only `module.exports = require('./main.js')`. */
const MAIN_ONLY = [
  'array-base-filled',
  'array-base-zeros',
  'assert-is-little-endian',
  'math-base-assert-is-even',
  'math-base-assert-is-infinite',
  'math-base-assert-is-integer',
  'math-base-assert-is-nan',
  'math-base-assert-is-negative-zero',
  'math-base-assert-is-odd',
  'math-base-assert-is-positive-zero',
  'math-base-special-abs',
  'math-base-special-asin',
  'math-base-special-beta',
  'math-base-special-betainc',
  'math-base-special-binomcoef',
  'math-base-special-ceil',
  'math-base-special-copysign',
  'math-base-special-cos',
  'math-base-special-erfc',
  'math-base-special-erfinv',
  'math-base-special-exp',
  'math-base-special-expm1',
  'math-base-special-factorial',
  'math-base-special-floor',
  'math-base-special-gamma',
  'math-base-special-gamma-delta-ratio',
  'math-base-special-gamma-lanczos-sum',
  'math-base-special-gamma-lanczos-sum-expg-scaled',
  'math-base-special-gamma1pm1',
  'math-base-special-gammainc',
  'math-base-special-gammaln',
  'math-base-special-gcd',
  'math-base-special-kernel-cos',
  'math-base-special-kernel-sin',
  'math-base-special-ldexp',
  'math-base-special-ln',
  'math-base-special-log1p',
  'math-base-special-log1pmx',
  'math-base-special-max',
  'math-base-special-maxabs',
  'math-base-special-min',
  'math-base-special-minabs',
  'math-base-special-pow',
  'math-base-special-powm1',
  'math-base-special-rempio2',
  'math-base-special-round',
  'math-base-special-sin',
  'math-base-special-sinpi',
  'math-base-special-sqrt',
  'math-base-special-trunc',
  'number-ctor',
  'number-float64-base-exponent',
  'number-float64-base-from-words',
  'number-float64-base-get-high-word',
  'number-float64-base-get-low-word',
  'number-float64-base-set-high-word',
  'number-float64-base-set-low-word',
  'number-uint32-base-to-int32',
  'utils-define-nonenumerable-read-only-property',
];

/**
 * Packages whose index.js chooses between files at run time, or adds what the core never
 * uses: the file taken instead, and why.
 */
const CHOSEN = {
  // hasDefinePropertySupport() ? builtin : polyfill (the polyfill needs @stdlib/string-format)
  'utils-define-property': 'builtin.js',
  // hasGeneratorSupport() (tried with eval) ? generators.js : basic.js; the betainc and
  // gamma kernels pass plain closures, which both run through the same loop
  'math-base-tools-continued-fraction': 'basic.js',
  'math-base-tools-sum-series': 'basic.js',
  // main plus a .factory compiled with new Function (unused)
  'math-base-tools-evalpoly': 'main.js',
  // main plus a .factory (unused; it pulls the degenerate distribution in)
  'stats-base-dists-normal-quantile': 'main.js',
  // hasXArraySupport() ? the built-in typed array (main.js) : a polyfill
  'array-float64': 'main.js',
  'array-uint32': 'main.js',
  'array-uint16': 'main.js',
  'array-uint8': 'main.js',
};

/**
 * Packages replaced by the built-in function where it gives @stdlib's results bit for bit
 * (ln, log1p, expm1), or on paths the core never takes (the trigonometry, reached only by
 * branches of the gamma functions for negative arguments): src/core/shims/ says why for
 * each and test/core/shims.test.ts checks it. About 3 KB gzipped of functions.js.
 */
const SHIMS = ['sin', 'sinpi', 'asin', 'ln', 'log1p', 'expm1'];

/**
 * Files the core never reaches, by package (for whole-number parameters @stdlib's
 * incomplete beta takes its binomial sum or its continued fraction; see
 * src/core/shims/unreached.js): in the add-in's bundles that file, which throws, stands in
 * for each (`unreachedAliases`). About 8 KB gzipped of functions.js.
 */
const UNREACHED = {
  // The general-case series and their helpers (and through them @stdlib's incomplete
  // gamma, erfc, gamma, factorial table...): fractional parameters, or a < 2^31 - 101 failing.
  'math-base-special-kernel-betainc': [
    'ibeta_series.js',
    'ibeta_a_step.js',
    'rising_factorial_ratio.js',
    'beta_small_b_large_a_series.js',
  ],
  // The complete beta function: only the non-regularized incomplete beta multiplies by it.
  'math-base-special-beta': ['main.js'],
};

/** The shim every UNREACHED file is replaced with. */
const UNREACHED_SHIM = path.join(__dirname, '..', 'src', 'core', 'shims', 'unreached.js');

/** The file of a package: node_modules/@stdlib/<pkg>/lib/<file>. */
const stdlibFile = (pkg, file) => path.join(STDLIB_DIR, pkg, 'lib', file);

/**
 * True when a package's lib/index.js only re-exports main.js (`var x = require('./main.js');
 * module.exports = x;`): then main.js is the same code with one module less. For the tests.
 */
function indexOnlyReexportsMain(pkg) {
  const code = require('node:fs')
    .readFileSync(stdlibFile(pkg, 'index.js'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  const m = /^'use strict'; var (\w+) = require\( '\.\/main\.js' \); module\.exports = (\w+);$/.exec(code);
  return m !== null && m[1] === m[2];
}

/**
 * webpack resolve.alias entries putting UNREACHED_SHIM in the place of every UNREACHED
 * file, keyed by the file's absolute path (webpack matches relative requests such as
 * kernel-betainc's `require( './ibeta_series.js' )` by the path they resolve to), as
 * installed and through any symlink to it. One module in the bundle stands for them all.
 */
function unreachedAliases() {
  const fs = require('node:fs');
  const entries = Object.entries(UNREACHED).flatMap(([pkg, files]) =>
    files.flatMap((f) => {
      const file = stdlibFile(pkg, f);
      return [...new Set([file, fs.realpathSync(file)])].map((key) => [key, UNREACHED_SHIM]);
    }),
  );
  return Object.fromEntries(entries);
}

/** webpack resolve.alias entries; `$` makes each an exact match (the packages' other files resolve as usual). */
/** @type {Record<string, string>} */
const STDLIB_ALIASES = Object.fromEntries([
  ...MAIN_ONLY.map((pkg) => [`@stdlib/${pkg}$`, stdlibFile(pkg, 'main.js')]),
  ...Object.entries(CHOSEN).map(([pkg, file]) => [`@stdlib/${pkg}$`, stdlibFile(pkg, file)]),
  ...SHIMS.map((f) => [
    `@stdlib/math-base-special-${f}$`,
    path.join(__dirname, '..', 'src', 'core', 'shims', `${f}.js`),
  ]),
]);

module.exports = {
  MAIN_ONLY,
  CHOSEN,
  SHIMS,
  UNREACHED,
  UNREACHED_SHIM,
  STDLIB_DIR,
  stdlibFile,
  indexOnlyReexportsMain,
  unreachedAliases,
  STDLIB_ALIASES,
};
