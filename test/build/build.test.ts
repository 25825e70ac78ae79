/**
 * The build, for real: one production webpack build into a temp folder (its bundles, its
 * pages, its metadata, and what must stay out of what Excel loads, read from webpack's own
 * stats), a build that must fail because a guarded bundle imports HyperFormula, and
 * `npm start`'s dev server (its pages, CORS, the root redirect, and the task pane under its
 * Content-Security-Policy in Chromium). Slow (webpack on two shared cores), hence the long
 * timeouts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { DEV_BASE_URL } from '../../build/base-url';
import { OFFICE_JS_ORIGIN } from '../../build/csp';
import { offendersInStats } from '../../build/engine-boundary';
import { MAIN_ONLY, UNREACHED, indexOnlyReexportsMain } from '../../build/stdlib-aliases';
import { checkFunctionsJson, idsAgainstTable } from '../../scripts/lib/functions-json';
import { validateManifest } from '../../scripts/lib/manifest';
import { FIRST_SCREEN_BUDGET, FUNCTIONS_BUDGET } from '../../build/budgets';
import { firstScreen, firstViewChunks, notDrawnOnFirstScreen } from '../../bench/figures/bundle';
import { FUNCTIONS, callFunction, type ArgValue, type FunctionId } from '../../src/core';
import { launchBrowser } from '../e2e/setup/server';

jest.setTimeout(600_000);

const root = join(__dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const BASE = 'https://roi.example.org';

function webpack(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(bin('webpack'), args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Every module name in webpack's stats (inner modules of concatenated ones included). */
function moduleNames(stats: { modules: Array<{ name: string; modules?: Array<{ name: string }> }> }): string[] {
  return stats.modules.flatMap((m) => (m.modules ?? [m]).map((i) => i.name));
}

describe('production build (ADDIN_BASE_URL=https://roi.example.org)', () => {
  let out: string;
  let statsFile: string;
  let result: ReturnType<typeof webpack>;
  const read = (f: string) => readFileSync(join(out, f), 'utf8');
  const scripts = () => readdirSync(out).filter((f) => f.endsWith('.js'));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stats = (): any => JSON.parse(readFileSync(statsFile, 'utf8'));

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'roi-build-'));
    statsFile = `${out}.stats.json`;
    result = webpack(['--mode', 'production', '--output-path', out, '--json', statsFile], { ADDIN_BASE_URL: BASE });
  });
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(statsFile, { force: true });
  });

  test('webpack succeeds', () => {
    if (result.status !== 0) throw new Error(`webpack exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    expect(result.status).toBe(0);
  });

  test('writes the pages, scripts and metadata Excel needs', () => {
    for (const f of [
      'manifest.xml',
      'functions.json',
      'taskpane.html',
      'functions.js',
      'taskpane.js',
      'help.html',
      'assets/icon-80.png',
    ]) {
      expect({ f, exists: existsSync(join(out, f)) }).toEqual({ f, exists: true });
    }
  });

  test("dist/manifest.xml is on the base URL, has no localhost, and passes Microsoft's schemas and every rule against the built files", async () => {
    const xml = read('manifest.xml');
    expect(xml).toContain(`<bt:Url id="Taskpane.Url" DefaultValue="${BASE}/taskpane.html"/>`);
    expect(xml).toContain(`${BASE}/functions.json`);
    expect(xml).not.toMatch(/localhost/);
    const opts = { siteRoot: out, requireFiles: true, baseUrl: BASE, forbidLocalhost: true };
    expect((await validateManifest(xml, opts)).problems).toEqual([]);
  });

  test("functions.json is generated in the build from the core's table, its help links on the base URL", () => {
    const text = read('functions.json');
    expect(text).not.toMatch(/localhost/);
    const json = JSON.parse(text);
    expect(checkFunctionsJson(json)).toEqual([]);
    expect(
      idsAgainstTable(
        json,
        FUNCTIONS.map((f) => f.id),
      ),
    ).toEqual([]);
    for (const f of json.functions) expect(f.helpUrl).toBe(`${BASE}/help.html#${f.id.toLowerCase()}`);
    // Nothing is generated into src/ any more (no generate-then-rebase step).
    expect(existsSync(join(root, 'src', 'functions', 'functions.json'))).toBe(false);
  });

  test('help.html is generated too, with an anchor for every help link', () => {
    const html = read('help.html');
    // (webpack's production minimizer drops the quotes of HTML attributes.)
    for (const f of FUNCTIONS) {
      const anchor = new RegExp(`<section id="?${f.id.toLowerCase()}"?>`).test(html);
      expect({ id: f.id, anchor }).toEqual({ id: f.id, anchor: true });
    }
  });

  test("taskpane.html starts with a Content-Security-Policy: scripts from 'self' and office.js's host only", () => {
    const html = read('taskpane.html');
    const meta = /<meta http-equiv="?Content-Security-Policy"? content="([^"]+)">/.exec(html);
    expect(meta).not.toBeNull();
    const policy = Object.fromEntries(
      meta![1].split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(policy['script-src']).toEqual(["'self'", OFFICE_JS_ORIGIN]);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(meta![1]).not.toMatch(/unsafe-eval|\*/);
    // Before everything it governs: the first script, the inline style.
    expect(meta!.index).toBeLessThan(html.indexOf('<script'));
    expect(meta!.index).toBeLessThan(html.indexOf('<style'));
    // office.js is the only script not from the site itself.
    const external = [...html.matchAll(/<script[^>]*src="?(https?:[^"\s>]+)/g)].map((m) => m[1]);
    expect(external.every((u) => u.startsWith(`${OFFICE_JS_ORIGIN}/`))).toBe(true);
  });

  test('source maps are written but hidden: no bundle points at one', () => {
    for (const f of scripts()) {
      expect({ f, map: existsSync(join(out, `${f}.map`)) }).toEqual({ f, map: true });
      expect({ f, reference: /sourceMappingURL/.test(read(f)) }).toEqual({ f, reference: false });
    }
  });

  test("nothing Excel loads reaches HyperFormula, ExcelJS, saxes, the engine, package surgery or the CLI (webpack's module graph)", () => {
    const s = stats();
    expect(offendersInStats(s, ['functions', 'taskpane', 'roi-compare'])).toEqual({
      functions: [],
      taskpane: [],
      'roi-compare': [],
    });
    // The check walks the lazily loaded views too: the Share view's module is in the graph it reads.
    expect(moduleNames(s).some((n) => /src\/features\/share\//.test(n))).toBe(true);
  });

  test('the @stdlib files the core never reaches are left out, the throwing stand-in in their place', () => {
    const names = moduleNames(stats());
    const left = Object.entries(UNREACHED).flatMap(([pkg, files]) =>
      files.map((f) => names.filter((n) => n.endsWith(`@stdlib/${pkg}/lib/${f}`))).flat(),
    );
    expect(left).toEqual([]);
    expect(names.some((n) => n.endsWith('src/core/shims/unreached.js'))).toBe(true);
    // And with them the incomplete gamma functions, which only their series used.
    expect(names.filter((n) => /@stdlib\/math-base-special-gammainc\//.test(n))).toEqual([]);
  });

  test('every @stdlib package in functions.js whose index.js only re-exports main.js is in build/stdlib-aliases.js', () => {
    const indexes = moduleNames(stats())
      .map((n) => /node_modules\/@stdlib\/([^/]+)\/lib\/index\.js$/.exec(n)?.[1])
      .filter((p): p is string => p !== undefined);
    expect(indexes.length).toBeGreaterThan(0); // constants packages keep their index.js
    const missing = [...new Set(indexes)].filter((p) => indexOnlyReexportsMain(p) && !MAIN_ONLY.includes(p));
    expect(missing).toEqual([]);
  });

  test('taskpane.html loads office.js from the CDN first, then functions.js, then the task pane', () => {
    const html = read('taskpane.html');
    const at = (s: string) => html.indexOf(s);
    expect(at('https://appsforoffice.microsoft.com/lib/1/hosted/office.js')).toBeGreaterThan(-1);
    expect(html).not.toMatch(/office-js\/office\.js/);
    expect(at('functions.js')).toBeGreaterThan(at('appsforoffice.microsoft.com'));
    expect(at('taskpane.js')).toBeGreaterThan(at('functions.js'));
    expect(existsSync(join(out, 'office-js'))).toBe(false);
  });

  test('functions.js is at most 28 KB gzipped (its budget: 30 KB, less a 2 KB margin; issue 16.6)', () => {
    expect(gzipSync(readFileSync(join(out, 'functions.js')), { level: 9 }).length).toBeLessThanOrEqual(
      FUNCTIONS_BUDGET,
    );
  });

  test("the task pane's first screen (page + Model view) stays within its budget and loads nothing it does not draw at first (issue 16.2; build/budgets.js)", () => {
    const screen = firstScreen(out, firstViewChunks(statsFile));
    const files = screen.files.map((f) => f.file);
    expect(files).toEqual(expect.arrayContaining(['functions.js', 'taskpane.js']));
    // The Model view is in it (with the page today, or its lazy chunks if it is made lazy again).
    const sources = files.flatMap((f) => JSON.parse(read(`${f}.map`)).sources as string[]);
    expect(sources.some((s) => s.endsWith('src/taskpane/views/ModelView.tsx'))).toBe(true);
    expect(sources.some((s) => s.endsWith('src/taskpane/views/ReviewView.tsx'))).toBe(false);
    expect(notDrawnOnFirstScreen(out, files)).toEqual([]);
    expect(screen.total).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET);
    // What it loads later is there to load: Fluent's message bar, and the dark theme, in chunks of their own.
    const later = scripts().filter((f) => !files.includes(f));
    expect(later.some((f) => /^later\./.test(f) && read(f).includes('fui-MessageBar'))).toBe(true);
    expect(later.some((f) => /^theme-dark\./.test(f))).toBe(true);
    // The writes (Excel's adapter's write half, the model's) load on the first write, in chunks of their own.
    expect(sources.some((s) => s.endsWith('src/workbook/excel-write.ts'))).toBe(false);
    expect(sources.some((s) => s.endsWith('src/features/model/write.ts'))).toBe(false);
    expect(later.some((f) => /^model-write\./.test(f))).toBe(true);
    expect(sources.some((s) => s.endsWith('src/workbook/excel.ts'))).toBe(true);
    const write = later.filter((f) => /^excel-write\./.test(f) && f.endsWith('.js'));
    expect(write.length).toBe(1);
    expect(
      JSON.parse(read(`${write[0]}.map`)).sources.some((s: string) => s.endsWith('src/workbook/excel-write.ts')),
    ).toBe(true);
  });

  test("Griffel's styles are computed when building: no style resolver (stylis, rtl-css-js) in any script the task pane loads, and Fluent's theme is a literal", () => {
    const sources = scripts()
      .filter((f) => f !== 'roi-compare.js' && existsSync(join(out, `${f}.map`)))
      .flatMap((f) => JSON.parse(read(`${f}.map`)).sources as string[]);
    for (const pkg of ['stylis/', 'rtl-css-js/', '@griffel/core/src/runtime/resolveStyleRules'])
      expect({ pkg, found: sources.some((s) => s.includes(`node_modules/${pkg}`)) }).toEqual({ pkg, found: false });
    // Fluent's colour palettes (from which it computes a theme in the browser) are not loaded either.
    expect(sources.some((s) => s.includes('node_modules/@fluentui/tokens/lib/global/colors.js'))).toBe(false);
  });

  test('functions.js holds the ROI functions and no React, Fluent UI, HyperFormula or ExcelJS', () => {
    const js = read('functions.js');
    expect(js).toContain('REQUIREDLEADS');
    for (const marker of [
      'react.transitional.element',
      'react.element',
      'fui-FluentProvider',
      'HyperFormula',
      'gpl-v3',
      'exceljs',
      'ExcelJS',
    ]) {
      expect({ marker, found: js.includes(marker) }).toEqual({ marker, found: false });
    }
  });

  test('functions.js runs alone, with no document and no other script (Excel may load it in a JavaScript-only runtime), and registers every function', () => {
    // taskpane.js depends on functions.js (one copy of the core on the shared-runtime
    // page), so functions.js carries the webpack runtime: it must not need a page to start.
    const associated: Record<string, (...args: unknown[]) => unknown> = {};
    class StubError {
      constructor(
        public code: string,
        public message?: string,
      ) {}
    }
    const sandbox: Record<string, unknown> = {
      CustomFunctions: {
        Error: StubError,
        ErrorCode: { invalidNumber: '#NUM!', invalidValue: '#VALUE!' },
        associate: (id: string, fn: (...args: unknown[]) => unknown) => (associated[id] = fn),
      },
    };
    sandbox.globalThis = sandbox;
    runInNewContext(read('functions.js'), sandbox, { filename: 'functions.js' });
    const ids = JSON.parse(read('functions.json')).functions.map((f: { id: string }) => f.id);
    expect(Object.keys(associated).sort()).toEqual([...ids].sort());
    expect(associated.REQUIREDLEADS(2_000_000, 40_000, [[0.5, 0.4, 0.25]], null)).toEqual([[1000]]);
    expect(associated.FUNNEL(2_000_000, 40_000, [[0.5, 0.4, 0.25]], null)).toEqual([[1000], [500], [200], [50]]);
    expect(() => associated.REQUIREDLEADS(2_000_000, 40_000, [[1.5, 0.4, 0.25]], null)).toThrow(
      expect.objectContaining({ code: '#NUM!' }),
    );
    // The bundle resolves @stdlib through webpack.config.js's aliases; the tests' core through
    // the packages' own index.js. The exact maths (incomplete beta, normal quantile) must agree.
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 300; i++) {
      const deals = 1 + Math.floor(rnd() * 400);
      const rates = [[0.05 + rnd() * 0.9, 0.01 + rnd() * 0.5]];
      const c = 0.5 + rnd() * 0.49;
      const leads = 1 + Math.floor(rnd() * 5000);
      const cases: Array<[FunctionId, unknown[]]> = [
        ['REQUIREDLEADS', [deals * 1000, 1000, rates, c]],
        ['HITPROBABILITY', [leads * 10, deals * 1000, 1000, rates]],
        ['LEADQUALITY', [leads, Math.floor(rnd() * leads), c]],
      ];
      for (const [id, args] of cases) {
        const core = callFunction(id, args as ArgValue[]);
        expect({ id, args, value: associated[id](...args, null) }).toEqual({ id, args, value: [[core]] });
      }
    }
  });

  test('the task pane bundle needs functions.js, which the page loads first: the core is on the page once', () => {
    const taskpane = read('taskpane.js');
    // Distinctive text of src/core (a message of its funnel maths) and of @stdlib (a
    // constant of the Lanczos sum of the incomplete beta's kernel), both in functions.js and nowhere else.
    const core = 'a deal of no value never reaches a revenue target';
    const stdlib = '709811.662581658';
    expect(read('functions.js')).toContain(core);
    expect(read('functions.js')).toContain(stdlib);
    // The Review view's comparison worker (roi-compare.js) runs apart from the page, so it
    // carries its own copy; the page never loads it as a script.
    expect(read('roi-compare.js')).toContain(core);
    expect(read('roi-compare.js')).not.toMatch(/importScripts/); // one file: nothing to fetch
    expect(read('taskpane.html')).not.toMatch(/roi-compare/);
    for (const f of scripts().filter((x) => x !== 'functions.js' && x !== 'roi-compare.js')) {
      expect({ f, core: read(f).includes(core), stdlib: read(f).includes(stdlib) }).toEqual({
        f,
        core: false,
        stdlib: false,
      });
    }
    // It runs once functions.js has set up webpack's runtime (the page's order is checked above).
    expect(taskpane).toMatch(/^"use strict";\(globalThis\.webpackChunk/);
  });

  test('the markers are real: the task pane bundles do contain React and Fluent UI, and no engine code', () => {
    const all = scripts()
      .filter((f) => f !== 'functions.js')
      .map(read)
      .join('\n');
    expect(all).toMatch(/react\.(transitional\.)?element/); // React 18: react.element
    expect(all).toContain('fui-FluentProvider');
    for (const marker of ['HyperFormula', 'gpl-v3', 'ExcelJS'])
      expect({ marker, found: all.includes(marker) }).toEqual({ marker, found: false });
  });

  test('is minified and never uses eval-based source maps', () => {
    const js = read('functions.js');
    expect(js.split('\n').length).toBeLessThan(50);
    for (const f of scripts()) expect(read(f)).not.toMatch(/eval\(|sourceURL=webpack/);
  });

  test('rejects a base URL that is not https', () => {
    const bad = webpack(['--mode', 'production', '--output-path', join(out, 'never')], {
      ADDIN_BASE_URL: 'http://roi.example.org',
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/ADDIN_BASE_URL must be an https:\/\/ URL/);
  });
});

describe('bundles Excel loads stay free of engine code', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'roi-guard-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a functions bundle that imports HyperFormula fails the build; without the build-time guard, the module-graph check finds it', () => {
    writeFileSync(
      join(dir, 'bad-functions.js'),
      "import { HyperFormula } from 'hyperformula';\nconsole.log(HyperFormula.version);\n",
    );
    // ROI_GUARD=off leaves KeepEngineOutOfAddin out, to show the stats check on its own.
    writeFileSync(
      join(dir, 'webpack.config.js'),
      `const base = require(${JSON.stringify(join(root, 'webpack.config.js'))});
module.exports = (env, argv) => {
  const config = base(env, argv);
  config.entry = { functions: ${JSON.stringify(join(dir, 'bad-functions.js'))} };
  config.resolve.modules = [${JSON.stringify(join(root, 'node_modules'))}, 'node_modules'];
  config.devtool = false;
  config.stats = 'normal'; // the module graph in --json (development builds ask for 'minimal')
  if (process.env.ROI_GUARD === 'off') config.plugins = config.plugins.filter((p) => p.constructor.name !== 'KeepEngineOutOfAddin');
  return config;
};
`,
    );
    const build = (env: NodeJS.ProcessEnv, statsFile: string) =>
      webpack(
        [
          '--mode',
          'development',
          '--config',
          join(dir, 'webpack.config.js'),
          '--output-path',
          join(dir, 'out'),
          '--json',
          statsFile,
        ],
        env,
      );
    const guarded = build({}, join(dir, 'guarded.json'));
    expect(guarded.status).not.toBe(0);
    const errors = JSON.parse(readFileSync(join(dir, 'guarded.json'), 'utf8'))
      .errors.map((e: { message: string }) => e.message)
      .join('\n');
    expect(errors).toMatch(
      /"functions" bundle, which Excel loads, pulls in code that must stay out of it \(HyperFormula \(GPLv3\)\): \S*node_modules\/hyperformula\//,
    );

    const unguarded = build({ ROI_GUARD: 'off' }, join(dir, 'unguarded.json'));
    expect(unguarded.status).toBe(0);
    const found = offendersInStats(JSON.parse(readFileSync(join(dir, 'unguarded.json'), 'utf8')), [
      'functions',
    ]).functions;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => /node_modules\/hyperformula\//.test(p))).toBe(true);
  });

  test('a Web Worker the bundle starts is guarded too: one that imports HyperFormula fails the build, and the stats check finds it', () => {
    writeFileSync(
      join(dir, 'bad-worker.js'),
      "import { HyperFormula } from 'hyperformula';\npostMessage(HyperFormula.version);\n",
    );
    writeFileSync(
      join(dir, 'starts-worker.js'),
      "const w = new Worker(new URL('./bad-worker.js', import.meta.url));\nw.onmessage = (e) => console.log(e.data);\n",
    );
    writeFileSync(
      join(dir, 'webpack.worker.config.js'),
      `const base = require(${JSON.stringify(join(root, 'webpack.config.js'))});
module.exports = (env, argv) => {
  const config = base(env, argv);
  config.entry = { functions: ${JSON.stringify(join(dir, 'starts-worker.js'))} };
  config.resolve.modules = [${JSON.stringify(join(root, 'node_modules'))}, 'node_modules'];
  config.devtool = false;
  config.stats = 'normal';
  if (process.env.ROI_GUARD === 'off') config.plugins = config.plugins.filter((p) => p.constructor.name !== 'KeepEngineOutOfAddin');
  return config;
};
`,
    );
    const build = (env: NodeJS.ProcessEnv, statsFile: string) =>
      webpack(
        [
          '--mode',
          'development',
          '--config',
          join(dir, 'webpack.worker.config.js'),
          '--output-path',
          join(dir, 'out-worker'),
          '--json',
          statsFile,
        ],
        env,
      );
    const guarded = build({}, join(dir, 'worker-guarded.json'));
    expect(guarded.status).not.toBe(0);
    const errors = JSON.parse(readFileSync(join(dir, 'worker-guarded.json'), 'utf8'))
      .errors.map((e: { message: string }) => e.message)
      .join('\n');
    expect(errors).toMatch(
      /"functions" bundle, which Excel loads, pulls in code that must stay out of it \(HyperFormula/,
    );
    const unguarded = build({ ROI_GUARD: 'off' }, join(dir, 'worker-unguarded.json'));
    expect(unguarded.status).toBe(0);
    const found = offendersInStats(JSON.parse(readFileSync(join(dir, 'worker-unguarded.json'), 'utf8')), [
      'functions',
    ]).functions;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => /node_modules\/hyperformula\//.test(p))).toBe(true);
  });
});

describe('npm start (dev server)', () => {
  let child: ChildProcess | undefined;
  let output = '';
  let port = 0;

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });

  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request(
        { host: 'localhost', port, path, headers, rejectUnauthorized: false, agent: false, timeout: 30_000 },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
      req.end();
    });

  beforeAll(async () => {
    port = await freePort();
    // Its own process group, so the test can press "Ctrl-C" on the whole group like a terminal.
    child = spawn(bin('tsx'), ['scripts/start.ts', '--port', String(port)], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ADDIN_DEV_CERTS: 'off' },
    });
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes('Press Ctrl-C to stop')) {
          clearInterval(timer);
          resolve();
        } else if (child!.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`start.ts exited early:\n${output}`));
        }
      }, 250);
    });
  });

  afterAll(() => {
    // Only if a test failed before stopping it: end the group this test started.
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });

  test('prints the workbench and task pane URLs', () => {
    expect(output).toContain(`https://localhost:${port}/workbench.html`);
    expect(output).toContain(`https://localhost:${port}/taskpane.html`);
  });

  test('the root URL sends the browser to the workbench', async () => {
    const r = await get('/');
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/workbench.html');
    expect((await get('/?from=bookmark')).headers.location).toBe('/workbench.html');
    expect((await get('/workbench.html')).status).toBe(200);
  });

  test("serves the task pane with a local office.js, offline, under a CSP of 'self' scripts", async () => {
    const page = await get('/taskpane.html');
    expect(page.status).toBe(200);
    expect(page.body).toContain('src="office-js/office.js"');
    expect(page.body).not.toContain('appsforoffice.microsoft.com');
    expect(page.body).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self';/);
    const office = await get('/office-js/office.js');
    expect(office.status).toBe(200);
    expect(office.body).toContain('Office');
    expect((await get('/office-js/o15apptofilemappingtable.js')).status).toBe(200);
    expect((await get('/office-js/en-us/office_strings.js')).status).toBe(200);
  });

  test('sends CORS headers to Office on the web only, never a wildcard', async () => {
    const plain = await get('/functions.json');
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    const excel = await get('/functions.json', { Origin: 'https://excel.officeapps.live.com' });
    expect(excel.headers['access-control-allow-origin']).toBe('https://excel.officeapps.live.com');
    expect(String(excel.headers.vary)).toMatch(/Origin/);
    for (const origin of [
      'https://evil.example.com',
      'http://excel.officeapps.live.com',
      'https://officeapps.live.com.evil.example',
    ])
      expect({
        origin,
        acao: (await get('/functions.json', { Origin: origin })).headers['access-control-allow-origin'],
      }).toEqual({ origin, acao: undefined });
  });

  test('serves functions.js, the functions.json the build generates on the development base, and the dev manifest', async () => {
    expect((await get('/functions.js')).body).toContain('REQUIREDLEADS');
    const json = JSON.parse((await get('/functions.json')).body);
    expect(json.functions.length).toBe(FUNCTIONS.length);
    expect(json.functions[0].helpUrl.startsWith(`${DEV_BASE_URL}/help.html#`)).toBe(true);
    expect((await get('/help.html')).status).toBe(200);
    expect((await get('/manifest.xml')).body).toContain(`${DEV_BASE_URL}/taskpane.html`);
  });

  test("in Chromium the task pane renders styled under its CSP with no violation; without 'unsafe-inline' Fluent UI's styles are refused", async () => {
    const browser = await launchBrowser();
    try {
      const visit = async (policyEdit?: (policy: string) => string) => {
        const page = await browser.context.newPage();
        if (policyEdit) {
          await page.route('**/taskpane.html', async (route) => {
            const response = await route.fetch();
            const body = (await response.text()).replace(
              /(http-equiv="Content-Security-Policy" content=")([^"]*)/,
              (_m, a: string, p: string) => a + policyEdit(p),
            );
            await route.fulfill({ response, body });
          });
        }
        await page.addInitScript(() => {
          const w = window as unknown as { __violations: string[] };
          w.__violations = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
          );
        });
        await page.goto(`https://localhost:${port}/taskpane.html`);
        await page.locator('.fui-FluentProvider').first().waitFor({ timeout: 60_000 });
        await page.waitForTimeout(500);
        const seen = await page.evaluate(() => ({
          violations: (window as unknown as { __violations: string[] }).__violations,
          // Griffel's rules, inserted into the <style> elements it creates.
          griffelRules: [...document.querySelectorAll('style[data-make-styles-bucket]')].reduce(
            (n, s) => n + ((s as HTMLStyleElement).sheet?.cssRules.length ?? 0),
            0,
          ),
        }));
        await page.close();
        return seen;
      };
      const strict = await visit();
      expect(strict.violations).toEqual([]);
      expect(strict.griffelRules).toBeGreaterThan(20);
      const noInline = await visit((p) => p.replace(" 'unsafe-inline'", ''));
      expect(noInline.violations.some((v) => /^style-src/.test(v))).toBe(true);
      expect(noInline.griffelRules).toBe(0);
    } finally {
      await browser.close();
    }
  });

  test('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    process.kill(-child!.pid!, 'SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((r) => (timer = setTimeout(() => r('still running after 20 s'), 20_000)));
    const code = await Promise.race([exited, late]);
    clearTimeout(timer);
    expect(code).toBe(0);
  });
});
