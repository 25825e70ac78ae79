/**
 * The build, for real: one production webpack build into a temp folder, a build that must
 * fail because a guarded bundle imports HyperFormula, and `npm start`'s dev server.
 * Slow (webpack on two shared cores), hence the long timeouts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { checkFunctionsJson, checkManifest } from '../../scripts/lib/manifest';
import { callFunction, type ArgValue, type FunctionId } from '../../src/core';

jest.setTimeout(600_000);

const root = join(__dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const BASE = 'https://roi.example.org';

/** functions.json and help.html are generated (not committed): make them if missing, on the dev base. */
function ensureGenerated(): void {
  const generated = ['src/functions/functions.json', 'src/functions/help.html'].map((f) => join(root, f));
  if (generated.every((f) => existsSync(f))) return;
  const env = { ...process.env };
  delete env.ADDIN_BASE_URL;
  const r = spawnSync(bin('tsx'), ['scripts/gen-functions-json.ts'], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run gen failed:\n${r.stdout}\n${r.stderr}`);
}

function webpack(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(bin('webpack'), args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('production build (ADDIN_BASE_URL=https://roi.example.org)', () => {
  let out: string;
  let result: ReturnType<typeof webpack>;
  const read = (f: string) => readFileSync(join(out, f), 'utf8');
  const scripts = () => readdirSync(out).filter((f) => f.endsWith('.js'));

  beforeAll(() => {
    ensureGenerated();
    out = mkdtempSync(join(tmpdir(), 'roi-build-'));
    result = webpack(['--mode', 'production', '--output-path', out], { ADDIN_BASE_URL: BASE });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

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
      expect(existsSync(join(out, f))).toBe(true);
    }
  });

  test('dist/manifest.xml is on the base URL, has no localhost, and passes every check against the built files', () => {
    const xml = read('manifest.xml');
    expect(xml).toContain(`<bt:Url id="Taskpane.Url" DefaultValue="${BASE}/taskpane.html"/>`);
    expect(xml).toContain(`${BASE}/functions.json`);
    expect(xml).not.toMatch(/localhost/);
    expect(checkManifest(xml, { siteRoot: out, requireFiles: true, baseUrl: BASE, forbidLocalhost: true })).toEqual([]);
  });

  test('dist/functions.json is valid and its help links point at the base URL', () => {
    const text = read('functions.json');
    expect(text).not.toMatch(/localhost/);
    const json = JSON.parse(text);
    expect(checkFunctionsJson(json)).toEqual([]);
    const ids = json.functions.map((f: { id: string }) => f.id);
    expect(ids).toContain('REQUIREDLEADS');
    for (const f of json.functions) if (f.helpUrl) expect(f.helpUrl.startsWith(`${BASE}/help.html#`)).toBe(true);
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
    // constant of the incomplete beta's kernels), both in functions.js and nowhere else.
    const core = 'a deal of no value never reaches a revenue target';
    const stdlib = '1.1240007277776077e+21';
    expect(read('functions.js')).toContain(core);
    expect(read('functions.js')).toContain(stdlib);
    for (const f of scripts().filter((x) => x !== 'functions.js')) {
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
    expect(all).toContain('react.transitional.element');
    expect(all).toContain('fui-FluentProvider');
    for (const marker of ['HyperFormula', 'gpl-v3', 'ExcelJS'])
      expect({ marker, found: all.includes(marker) }).toEqual({ marker, found: false });
  });

  test('is minified with separate source maps, not eval-based ones', () => {
    const js = read('functions.js');
    expect(js.split('\n').length).toBeLessThan(50);
    expect(existsSync(join(out, 'functions.js.map'))).toBe(true);
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
    ensureGenerated();
    dir = mkdtempSync(join(tmpdir(), 'roi-guard-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a functions bundle that imports HyperFormula fails the build', () => {
    writeFileSync(
      join(dir, 'bad-functions.js'),
      "import { HyperFormula } from 'hyperformula';\nconsole.log(HyperFormula.version);\n",
    );
    writeFileSync(
      join(dir, 'webpack.config.js'),
      `const base = require(${JSON.stringify(join(root, 'webpack.config.js'))});
module.exports = (env, argv) => {
  const config = base(env, argv);
  config.entry = { functions: ${JSON.stringify(join(dir, 'bad-functions.js'))} };
  config.resolve.modules = [${JSON.stringify(join(root, 'node_modules'))}, 'node_modules'];
  config.devtool = false;
  return config;
};
`,
    );
    const r = webpack(
      ['--mode', 'development', '--config', join(dir, 'webpack.config.js'), '--output-path', join(dir, 'out')],
      {},
    );
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(
      /"functions" bundle, which Excel loads, pulls in engine-only code \(HyperFormula\/ExcelJS\): \S*node_modules\/hyperformula\//,
    );
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

  const get = (path: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request(
        { host: 'localhost', port, path, rejectUnauthorized: false, agent: false, timeout: 30_000 },
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
    ensureGenerated();
    port = await freePort();
    // Its own process group, so the test can press "Ctrl-C" on the whole group like a terminal.
    child = spawn(bin('tsx'), ['scripts/start.ts', '--port', String(port)], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
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

  test('serves the task pane with a local office.js, offline', async () => {
    const page = await get('/taskpane.html');
    expect(page.status).toBe(200);
    expect(page.body).toContain('src="office-js/office.js"');
    expect(page.body).not.toContain('appsforoffice.microsoft.com');
    expect(page.headers['access-control-allow-origin']).toBe('*');
    const office = await get('/office-js/office.js');
    expect(office.status).toBe(200);
    expect(office.body).toContain('Office');
    expect((await get('/office-js/o15apptofilemappingtable.js')).status).toBe(200);
    expect((await get('/office-js/en-us/office_strings.js')).status).toBe(200);
  });

  test('serves functions.js, functions.json and the dev manifest', async () => {
    expect((await get('/functions.js')).body).toContain('REQUIREDLEADS');
    expect(JSON.parse((await get('/functions.json')).body).functions.length).toBeGreaterThan(5);
    expect((await get('/manifest.xml')).body).toContain('https://localhost:3000/taskpane.html');
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
