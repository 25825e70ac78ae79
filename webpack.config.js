/**
 * Build of the Outcome ROI add-in (webpack 5). See docs/build.md.
 *
 *   npm run build       production: minified, source maps, dist/manifest.xml on $ADDIN_BASE_URL,
 *                       pages load office.js from Microsoft's CDN
 *   npm run build:dev   development: readable, manifest on https://localhost:3000, office.js
 *                       served from dist/office-js/ so pages work offline
 *   npm start           development build served by webpack-dev-server on https://localhost:3000
 *
 * Bundles that Excel loads (functions, taskpane) must not contain HyperFormula or ExcelJS
 * (GPLv3 / heavy engine code): the build fails if one of them does.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

/** The base URL written in manifest.xml and the generated functions.json. */
const DEV_BASE_URL = 'https://localhost:3000';
/** Production base URL when ADDIN_BASE_URL is not set: a placeholder, documented in docs/build.md. */
const PLACEHOLDER_BASE_URL = 'https://outcome-roi.example.com';
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_DIST = path.join(__dirname, 'node_modules', '@microsoft', 'office-js', 'dist');
/** Packages that must never reach a bundle Excel loads. */
const ENGINE_ONLY = /[\\/]node_modules[\\/](hyperformula|exceljs)[\\/]/;

/**
 * Entry points. Each is a bundle `<name>.js`; `guarded` bundles are the ones Excel loads.
 *
 * TO ADD THE WORKBENCH: uncomment its line here and its page in PAGES below. It may use
 * HyperFormula and ExcelJS (it is not guarded), and it is served at /workbench.html.
 */
const ENTRIES = {
  functions: { import: './src/functions/functions.ts', guarded: true },
  // dependOn: the shared runtime page loads functions.js first (PAGES), so taskpane.js
  // uses the core and @stdlib that functions.js already holds instead of a second copy.
  // functions.js then carries the webpack runtime and still runs alone (it is also the
  // manifest's Functions.Script.Url); taskpane.js needs functions.js on its page.
  taskpane: { import: './src/taskpane/index.tsx', guarded: true, dependOn: 'functions' },
  // The workbench (npm start): the task pane beside a grid on the headless engine. It
  // bundles HyperFormula and is a local tool, so only development builds contain it.
  workbench: { import: './src/workbench/index.tsx', guarded: false, devOnly: true },
};

/**
 * HTML pages. taskpane.html is also the shared runtime page (manifest: Taskpane.Url is the
 * task pane, the custom functions page and the FunctionFile), so it loads functions.js
 * before taskpane.js.
 */
const PAGES = [
  { filename: 'taskpane.html', template: './src/taskpane/taskpane.html', chunks: ['functions', 'taskpane'] },
  { filename: 'workbench.html', template: './src/workbench/workbench.html', chunks: ['workbench'], devOnly: true },
];

/** The production base URL: ADDIN_BASE_URL without a trailing slash; must be https. */
function productionBaseUrl() {
  const raw = (process.env.ADDIN_BASE_URL || PLACEHOLDER_BASE_URL).trim().replace(/\/+$/, '');
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ADDIN_BASE_URL is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'https:')
    throw new Error(`ADDIN_BASE_URL must be an https:// URL (Office loads add-ins only over https), not "${raw}"`);
  if (url.search || url.hash) throw new Error(`ADDIN_BASE_URL must not have a query or fragment: "${raw}"`);
  return raw;
}

/**
 * HTTPS for the dev server. Excel only loads add-ins from a trusted https origin; where
 * `npx office-addin-dev-certs install` has made and trusted a localhost certificate (a
 * machine with Excel), use it. Otherwise (CI, this repo's workbench, browsers that accept
 * a self-signed certificate) use webpack-dev-server's own. ADDIN_DEV_CERTS=<dir> points at
 * another folder holding localhost.crt/localhost.key; ADDIN_DEV_CERTS=off forces the latter.
 */
function devServerHttps() {
  const setting = process.env.ADDIN_DEV_CERTS;
  if (setting === 'off') return 'https';
  const dir = setting || path.join(os.homedir(), '.office-addin-dev-certs');
  const cert = path.join(dir, 'localhost.crt');
  const key = path.join(dir, 'localhost.key');
  if (!fs.existsSync(cert) || !fs.existsSync(key)) return 'https';
  const ca = path.join(dir, 'ca.crt');
  return {
    type: 'https',
    options: {
      cert: fs.readFileSync(cert),
      key: fs.readFileSync(key),
      ...(fs.existsSync(ca) ? { ca: fs.readFileSync(ca) } : {}),
    },
  };
}

/** Replace every occurrence of the dev base URL (manifest, functions.json help URLs). */
function rebase(content, baseUrl) {
  return Buffer.from(content.toString('utf8').split(DEV_BASE_URL).join(baseUrl), 'utf8');
}

/**
 * functions.json with every helpUrl on `baseUrl`. The generator writes help links on
 * whatever base it was run with (ADDIN_BASE_URL at `npm run gen` time), so rebase them
 * here: the file shipped always matches the manifest it ships with.
 */
function rebaseFunctionsJson(content, baseUrl) {
  const json = JSON.parse(content.toString('utf8'));
  for (const f of json.functions || []) {
    const at = typeof f.helpUrl === 'string' ? f.helpUrl.indexOf('/help.html') : -1;
    if (at >= 0) f.helpUrl = baseUrl + f.helpUrl.slice(at);
  }
  return Buffer.from(JSON.stringify(json, null, jsonIndent(content)) + '\n', 'utf8');
}

/** Keep the generator's indentation (2 spaces) so the shipped file reads the same. */
function jsonIndent(content) {
  const m = /\n( +)"/.exec(content.toString('utf8'));
  return m ? m[1].length : 0;
}

/** Fails the build if a guarded bundle contains an engine-only package. */
class KeepEngineOutOfAddin {
  constructor(guardedEntries) {
    this.guarded = guardedEntries;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('KeepEngineOutOfAddin', (compilation) => {
      compilation.hooks.afterSeal.tap('KeepEngineOutOfAddin', () => {
        for (const name of this.guarded) {
          const entrypoint = compilation.entrypoints.get(name);
          if (!entrypoint) continue;
          const offenders = new Set();
          for (const chunk of entrypoint.getEntrypointChunk().getAllReferencedChunks()) {
            for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
              for (const inner of module.modules || [module]) {
                const resource = inner.resource || (inner.nameForCondition && inner.nameForCondition()) || '';
                if (ENGINE_ONLY.test(resource)) offenders.add(path.relative(__dirname, resource));
              }
            }
          }
          if (offenders.size > 0) {
            const list = [...offenders].slice(0, 5).join(', ');
            compilation.errors.push(
              new webpack.WebpackError(
                `The "${name}" bundle, which Excel loads, pulls in engine-only code (HyperFormula/ExcelJS): ${list}. ` +
                  'Import the engine only from src/engine, the CLI or the workbench.',
              ),
            );
          }
        }
      });
    });
  }
}

/**
 * @stdlib's package entry points wrap its maths in run-time feature detection and
 * extras the core never calls: typed-array and Object.defineProperty polyfills (the
 * defineProperty polyfill pulls in a printf-style formatter for its error messages),
 * generator detection through eval, and `.factory` builders made with `new Function`.
 * Each alias below points a package at the file of that same package its index.js picks
 * in every browser Excel uses (or, for the quantile and evalpoly, the function without
 * its factory), so the incomplete beta and the normal quantile run the same stdlib code
 * with about 40 modules fewer in functions.js. Exact matches only ($): the
 * packages' other files resolve as usual. Tests and the command line use the packages
 * unaliased (node resolution), so they also check the same maths through index.js.
 */
const STDLIB_DIR = path.join(__dirname, 'node_modules', '@stdlib');
const STDLIB = (pkg, file) => path.join(STDLIB_DIR, pkg, 'lib', file);

/**
 * Most @stdlib packages' lib/index.js is only `var main = require('./main.js');
 * module.exports = main;` (whatever the variable's name): a module of its own in the
 * bundle (a wrapper, an id, a require) for nothing. Point each such package straight at its main.js, checked here
 * statement by statement, so any index.js that does more keeps its own entry.
 */
function stdlibIndexOnlyAliases() {
  const aliases = {};
  if (!fs.existsSync(STDLIB_DIR)) return aliases;
  for (const pkg of fs.readdirSync(STDLIB_DIR)) {
    const index = STDLIB(pkg, 'index.js');
    if (!fs.existsSync(index) || !fs.existsSync(STDLIB(pkg, 'main.js'))) continue;
    const code = fs
      .readFileSync(index, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
      .replace(/\s+/g, ' ')
      .trim();
    const only = /^'use strict'; var (\w+) = require\( '\.\/main\.js' \); module\.exports = (\w+);$/.exec(code);
    if (only && only[1] === only[2]) aliases[`@stdlib/${pkg}$`] = STDLIB(pkg, 'main.js');
  }
  return aliases;
}

const STDLIB_ALIASES = {
  ...stdlibIndexOnlyAliases(),
  // index.js: hasDefinePropertySupport() ? builtin : polyfill (the polyfill needs @stdlib/string-format)
  '@stdlib/utils-define-property$': STDLIB('utils-define-property', 'builtin.js'),
  // index.js: hasGeneratorSupport() (tried with eval) ? generators.js : basic.js; the
  // betainc and gamma kernels pass plain closures, which both run through the same loop
  '@stdlib/math-base-tools-continued-fraction$': STDLIB('math-base-tools-continued-fraction', 'basic.js'),
  '@stdlib/math-base-tools-sum-series$': STDLIB('math-base-tools-sum-series', 'basic.js'),
  // index.js: main plus a .factory compiled with new Function (unused)
  '@stdlib/math-base-tools-evalpoly$': STDLIB('math-base-tools-evalpoly', 'main.js'),
  // index.js: main plus a .factory (unused; it pulls the degenerate distribution in)
  '@stdlib/stats-base-dists-normal-quantile$': STDLIB('stats-base-dists-normal-quantile', 'main.js'),
  // index.js: hasXArraySupport() ? the built-in typed array (main.js) : a polyfill
  '@stdlib/array-float64$': STDLIB('array-float64', 'main.js'),
  '@stdlib/array-uint32$': STDLIB('array-uint32', 'main.js'),
  '@stdlib/array-uint16$': STDLIB('array-uint16', 'main.js'),
  '@stdlib/array-uint8$': STDLIB('array-uint8', 'main.js'),
  // The built-in functions where they give @stdlib's results bit for bit (ln, log1p, expm1) or
  // stand in on paths the core never takes (the trigonometry): src/core/shims/ says why
  // for each, test/core.shims.test.ts checks it. About 3 KB gzipped of functions.js.
  ...Object.fromEntries(
    ['sin', 'sinpi', 'asin', 'ln', 'log1p', 'expm1'].map((f) => [
      `@stdlib/math-base-special-${f}$`,
      path.join(__dirname, 'src', 'core', 'shims', `${f}.js`),
    ]),
  ),
};

/** Initial chunks that may share vendor chunks (not functions.js, not the workbench). */
const initialShared = (chunk) => chunk.name !== 'functions' && chunk.name !== 'workbench' && chunk.canBeInitial();

module.exports = (env, argv) => {
  const dev = argv.mode !== 'production';
  const baseUrl = dev ? DEV_BASE_URL : productionBaseUrl();
  const officeJsUrl = dev ? 'office-js/office.js' : OFFICE_JS_CDN;
  const functionsJson = path.join(__dirname, 'src', 'functions', 'functions.json');
  if (!fs.existsSync(functionsJson)) {
    throw new Error(
      'src/functions/functions.json is missing: run `npm run gen` (npm run build and npm start do it for you).',
    );
  }
  if (!dev && !process.env.ADDIN_BASE_URL) {
    console.warn(
      `[outcome-roi] ADDIN_BASE_URL is not set: dist/manifest.xml points at the placeholder ${PLACEHOLDER_BASE_URL}.`,
    );
  }
  const fromDevBase = (content) => (dev ? content : rebase(content, baseUrl));
  const entries = Object.entries(ENTRIES).filter(([, e]) => dev || !e.devOnly);
  const pages = PAGES.filter((p) => dev || !p.devOnly);
  const entryNames = entries.map(([name]) => name);

  return {
    mode: dev ? 'development' : 'production',
    // No eval-based source maps: they break under strict CSPs and are banned in production.
    devtool: dev ? 'cheap-module-source-map' : 'source-map',
    entry: Object.fromEntries(
      entries.map(([name, e]) => [name, e.dependOn ? { import: e.import, dependOn: e.dependOn } : e.import]),
    ),
    output: {
      path: path.resolve(__dirname, 'dist'),
      // Entry bundles keep fixed names (the manifest points at functions.js); shared chunks
      // get a content hash in production so Excel's cache never serves a stale one.
      filename: (pathData) =>
        entryNames.includes(pathData.chunk.name) || dev ? '[name].js' : '[name].[contenthash:8].js',
      chunkFilename: dev ? '[name].js' : '[name].[contenthash:8].js',
      // functions.js holds the webpack runtime (taskpane dependOn functions) and must still
      // load where there is no document: Excel may run it alone in a JavaScript-only
      // custom-functions runtime. An explicit publicPath (chunks beside the page that loads
      // them) leaves out the automatic one, which reads document.currentScript at load and
      // throws without a document; globalThis instead of self for the chunk queue.
      publicPath: '',
      globalObject: 'globalThis',
      // Every webview Office add-ins run in has globalThis: webpack's runtime then uses it
      // as it is, without its fallback through `new Function("return this")`.
      environment: { globalThis: true },
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      alias: STDLIB_ALIASES,
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            // Type checking is `npm run lint` (tsc --noEmit); the build only transpiles.
            options: { transpileOnly: true, compilerOptions: { noEmit: false, sourceMap: true } },
          },
        },
        {
          // The functions' words (docs.ts) and FUNCTIONS (catalog.ts) are plain data: loading
          // them does nothing else. Saying so lets webpack leave them out of every bundle that
          // imports src/core/index.ts without using FUNCTIONS or DOCS (the task pane's first
          // load); webpack cannot infer it, since their tables are built by calls.
          test: /[\\/]src[\\/]core[\\/](catalog|docs)\.ts$/,
          sideEffects: false,
        },
        {
          test: /\.(png|jpe?g|gif|svg)$/i,
          type: 'asset/resource',
          generator: { filename: 'assets/[name].[contenthash:8][ext]' },
        },
      ],
    },
    optimization: {
      // Shortest module, chunk and export ids for the most used ones: about 0.7 KB less
      // gzipped in functions.js, whose target is 30 KB (docs/performance.md). Ids may then
      // change between builds more often than 'deterministic' ones; every shared chunk is
      // content-hashed anyway, so a change only costs a re-download.
      moduleIds: dev ? 'named' : 'size',
      chunkIds: dev ? 'named' : 'size',
      mangleExports: dev ? false : 'size',
      splitChunks: {
        // functions.js stays one self-contained file: it is also the manifest's
        // Functions.Script.Url and must run on its own. The other pages share vendor chunks.
        // The workbench keeps its node_modules (HyperFormula among them) in its own bundle,
        // so no shared chunk the task pane loads ever holds engine code.
        chunks: (chunk) => chunk.name !== 'functions' && chunk.name !== 'workbench',
        // The named groups take modules from initial chunks only: what only the lazily
        // loaded views use stays in their own chunks instead of the first load's.
        cacheGroups: {
          react: {
            test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/,
            name: 'react',
            priority: 30,
            reuseExistingChunk: true,
            chunks: initialShared,
          },
          fluent: {
            test: /[\\/]node_modules[\\/](@fluentui|@griffel|@floating-ui|tabster|keyborg|@swc)[\\/]/,
            name: 'fluent',
            priority: 20,
            reuseExistingChunk: true,
            chunks: initialShared,
          },
          vendors: {
            test: /[\\/]node_modules[\\/]/,
            name: 'vendors',
            priority: 10,
            reuseExistingChunk: true,
            chunks: initialShared,
          },
        },
      },
    },
    performance: {
      // Fluent UI is large; warn only well above what a task pane normally needs.
      hints: dev ? false : 'warning',
      maxEntrypointSize: 2_000_000,
      maxAssetSize: 1_500_000,
    },
    plugins: [
      new KeepEngineOutOfAddin(entries.filter(([, e]) => e.guarded).map(([name]) => name)),
      ...pages.map(
        (page) =>
          new HtmlWebpackPlugin({
            filename: page.filename,
            template: page.template,
            chunks: page.chunks,
            chunksSortMode: 'manual',
            templateParameters: { officeJsUrl, baseUrl, dev },
            minify: !dev,
          }),
      ),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'manifest.xml', to: 'manifest.xml', transform: fromDevBase },
          {
            from: 'src/functions/functions.json',
            to: 'functions.json',
            transform: (content) => rebaseFunctionsJson(content, baseUrl),
          },
          { from: 'src/functions/help.html', to: 'help.html', transform: fromDevBase },
          // Development only: office.js and the files it loads from beside itself (the host
          // mapping table, Excel's host scripts, strings per locale), so pages work offline.
          ...(dev
            ? [
                {
                  from: '{office.js,o15apptofilemappingtable.js,custom-functions-runtime.js,excel*.js,*/office_strings.js}',
                  context: OFFICE_JS_DIST,
                  to: 'office-js/',
                  globOptions: { ignore: ['**/*.debug.js'] },
                },
              ]
            : []),
        ],
      }),
    ],
    devServer: {
      server: env && env.WEBPACK_SERVE ? devServerHttps() : 'https', // see devServerHttps()
      host: 'localhost',
      port: 3000,
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: { directory: path.join(__dirname, 'dist'), watch: false },
      client: { overlay: { errors: true, warnings: false } },
      open: false,
    },
    stats: dev ? 'minimal' : 'normal',
  };
};
