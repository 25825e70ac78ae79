/**
 * Build of the Outcome ROI add-in (webpack 5). See docs/build.md.
 *
 *   npm run build       production: minified, hidden source maps, on $ADDIN_BASE_URL,
 *                       office.js from Microsoft's CDN
 *   npm run build:dev   development: readable, on https://localhost:3000, office.js served
 *                       from dist/office-js/ so pages work offline
 *   npm start           the development build from memory, webpack-dev-server on port 3000
 *
 * The parts with logic live in build/: the base URL, the @stdlib aliases (and the @stdlib
 * files the core never reaches, left out), the engine
 * boundary, functions.json and help.html from the core's table, the CSP, the dev server.
 */
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { PLACEHOLDER_BASE_URL, baseUrlFor, manifestOn } = require('./build/base-url');
const { STDLIB_ALIASES, unreachedAliases } = require('./build/stdlib-aliases');
const { KeepEngineOutOfAddin } = require('./build/engine-boundary');
const { FunctionAssets } = require('./build/function-assets');
const { ContentSecurityPolicyMeta, contentSecurityPolicy } = require('./build/csp');
const { devServer } = require('./build/dev-server');

const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_DIST = path.join(__dirname, 'node_modules', '@microsoft', 'office-js', 'dist');

/** Entry points, each a bundle `<name>.js`. `guarded`: Excel loads it (build/engine-boundary.js). */
const ENTRIES = {
  functions: { import: './src/functions/functions.ts', guarded: true },
  // The shared-runtime page loads functions.js first, so the task pane uses the core and
  // @stdlib that functions.js holds (which therefore carries webpack's runtime).
  taskpane: { import: './src/taskpane/index.tsx', guarded: true, dependOn: 'functions' },
  // The Review view's comparison runs in this Web Worker, started by name
  // (src/taskpane/workers/compare-client.ts): an entry of its own, not `new Worker(new
  // URL(..., import.meta.url))`, whose runtime would look up `document`/`self` in the
  // runtime functions.js carries, which must run where there is neither.
  'roi-compare': { import: './src/taskpane/workers/compare-versions.worker.ts', guarded: true },
  // The task pane beside a grid on the headless engine (HyperFormula): a local tool.
  workbench: { import: './src/workbench/index.tsx', devOnly: true },
};

/** Pages. taskpane.html is also the shared-runtime page (manifest: Taskpane.Url). */
const PAGES = [
  { filename: 'taskpane.html', template: './src/taskpane/taskpane.html', chunks: ['functions', 'taskpane'] },
  { filename: 'workbench.html', template: './src/workbench/workbench.html', chunks: ['workbench'], devOnly: true },
];

/**
 * Bundles that keep their modules to themselves: functions.js (also the manifest's
 * Functions.Script.Url, it must run alone), the workbench (its node_modules include
 * HyperFormula) and the comparison's worker (one file, nothing for it to fetch).
 */
const SELF_CONTAINED = ['functions', 'workbench', 'roi-compare'];

/** A named vendor chunk shared by the task pane's initial chunks (none of SELF_CONTAINED). */
const sharedGroup = (name, test, priority) => ({
  name,
  test,
  priority,
  reuseExistingChunk: true,
  chunks: (chunk) => !SELF_CONTAINED.includes(chunk.name) && chunk.canBeInitial(),
});

module.exports = (env, argv) => {
  const dev = argv.mode !== 'production';
  const baseUrl = baseUrlFor(dev);
  if (!dev && !process.env.ADDIN_BASE_URL)
    console.warn(`[outcome-roi] ADDIN_BASE_URL is not set: dist/ is built on the placeholder ${PLACEHOLDER_BASE_URL}.`);
  const entries = Object.entries(ENTRIES).filter(([, e]) => dev || !e.devOnly);
  const entryNames = entries.map(([name]) => name);

  return {
    mode: dev ? 'development' : 'production',
    // Never eval-based (CSP). Production maps are written but not referenced from the bundles.
    devtool: dev ? 'cheap-module-source-map' : 'hidden-source-map',
    entry: Object.fromEntries(entries.map(([name, e]) => [name, { import: e.import, dependOn: e.dependOn }])),
    output: {
      path: path.resolve(__dirname, 'dist'),
      // Entry bundles keep fixed names (the manifest points at functions.js); other chunks
      // are content-hashed in production so Excel's cache never serves a stale one.
      filename: (pathData) =>
        dev || entryNames.includes(pathData.chunk.name) ? '[name].js' : '[name].[contenthash:8].js',
      chunkFilename: dev ? '[name].js' : '[name].[contenthash:8].js',
      // functions.js must also run where there is no document (Excel's JavaScript-only
      // custom-functions runtime): an explicit publicPath avoids the automatic one, which
      // reads document.currentScript, and the chunk queue lives on globalThis.
      publicPath: '',
      globalObject: 'globalThis',
      environment: { globalThis: true },
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      // The @stdlib files functions.js takes, and a throwing stand-in for those the core never reaches.
      alias: { ...STDLIB_ALIASES, ...unreachedAliases() },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: [
            // Griffel's build-time styles: each makeStyles() call becomes its atomic classes and
            // CSS rules, computed here, so the browser never loads Griffel's style resolver
            // (stylis, rtl-css-js, the shorthands). Fluent UI's own packages are published so.
            // It evaluates the styles' imports with Babel (TypeScript preset).
            { loader: '@griffel/webpack-loader', options: { babelOptions: { presets: ['@babel/preset-typescript'] } } },
            // Type checking is `npm run lint`; the build only transpiles.
            { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { noEmit: false } } },
          ],
        },
        {
          // The function table and its words are plain data: bundles that import the core
          // without using them (the task pane's first load) can leave them out.
          test: /[\\/]src[\\/]core[\\/](catalog|docs)\.ts$/,
          sideEffects: false,
        },
        {
          // Fluent UI's `tokens` and its light and dark themes, replaced by what they evaluate to (build/fluent-tokens.js).
          test: /[\\/]@fluentui[\\/]tokens[\\/]lib[\\/](tokens|themes[\\/]web[\\/](light|dark)Theme)\.js$/,
          use: path.resolve(__dirname, 'build', 'fluent-tokens.js'),
        },
        {
          // The model's writes: the pane imports them on the first Build or Update, and the
          // features/model index that re-exports them must not bring them to the first screen.
          test: /[\\/]src[\\/]features[\\/]model[\\/]write\.ts$/,
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
      // Shortest ids for the most used modules: about 0.7 KB less gzipped in functions.js.
      moduleIds: dev ? 'named' : 'size',
      chunkIds: dev ? 'named' : 'size',
      mangleExports: dev ? false : 'size',
      splitChunks: {
        // functions.js, the workbench and the comparison's worker stay whole (SELF_CONTAINED).
        chunks: (chunk) => !SELF_CONTAINED.includes(chunk.name),
        // Only modules of initial chunks go to the named groups, so what only the lazy
        // views use stays in their own chunks.
        cacheGroups: {
          react: sharedGroup('react', /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, 30),
          // Griffel's own dependencies (stylis, rtl-css-js, @emotion/hash) with it: one file
          // compresses better than two.
          fluent: sharedGroup(
            'fluent',
            /[\\/]node_modules[\\/](@fluentui|@griffel|@floating-ui|tabster|keyborg|@swc|stylis|rtl-css-js|@emotion)[\\/]/,
            20,
          ),
          vendors: sharedGroup('vendors', /[\\/]node_modules[\\/]/, 10),
        },
      },
    },
    performance: { hints: dev ? false : 'warning', maxEntrypointSize: 2_000_000, maxAssetSize: 1_500_000 },
    plugins: [
      new KeepEngineOutOfAddin(entries.filter(([, e]) => e.guarded).map(([name]) => name)),
      new FunctionAssets({ baseUrl }),
      ...PAGES.filter((p) => dev || !p.devOnly).map(
        (page) =>
          new HtmlWebpackPlugin({
            filename: page.filename,
            template: page.template,
            chunks: page.chunks,
            chunksSortMode: 'manual',
            templateParameters: { officeJsUrl: dev ? 'office-js/office.js' : OFFICE_JS_CDN },
            minify: !dev,
          }),
      ),
      new ContentSecurityPolicyMeta({ pages: ['taskpane.html'], policy: contentSecurityPolicy({ dev }) }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'manifest.xml', to: 'manifest.xml', transform: (xml) => manifestOn(xml.toString('utf8'), baseUrl) },
          // Development only: office.js and the files it loads from beside itself, for offline pages.
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
    devServer: devServer({ staticDir: path.join(__dirname, 'dist'), serving: Boolean(env && env.WEBPACK_SERVE) }),
    stats: dev ? 'minimal' : 'normal',
  };
};
