/**
 * The browser tests' dev server and browser: `webpack serve` in development mode on a free
 * port (webpack-dev-server's own certificate, one process to stop), and Debian's Chromium
 * driven by playwright-core with a fresh profile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const RESULTS = join(ROOT, 'test-results');

/** Fails with the install command when the browser is missing. */
export function assertBrowser(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}, which is missing. Install it with:\n\n` +
        '    apt-get update && apt-get install -y chromium\n\n' +
        '(or point CHROMIUM_PATH at another Chromium). Do not use `npx playwright install`.',
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** GET over https, accepting the dev server's self-signed certificate; resolves with the status. */
function status(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, { rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
    req.on('error', () => resolve(0));
  });
}

export interface DevServer {
  base: string;
  child: ChildProcess;
  output: () => string;
}

/**
 * Starts `webpack serve` and waits (polling) until the workbench page is served. Without
 * webpack-dev-server's client script (`--no-client`: the tests want no reloading, and with
 * the client injected into both functions.js and taskpane.js, which depends on it, webpack
 * inlines the client into functions.js and taskpane.js then fails to find it, so the task
 * pane's own page stays blank in development).
 */
export async function startDevServer(timeoutMs = 240_000): Promise<DevServer> {
  const port = await freePort();
  const bin = join(ROOT, 'node_modules', '.bin', 'webpack');
  let log = '';
  const child = spawn(
    bin,
    ['serve', '--mode', 'development', '--port', String(port), '--no-client', '--no-hot', '--no-live-reload'],
    {
      cwd: ROOT,
      env: { ...process.env, ADDIN_DEV_CERTS: 'off', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (b: Buffer) => {
    log = (log + b.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const server: DevServer = { base: `https://localhost:${port}`, child, output: () => log };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`webpack serve exited (${child.exitCode ?? child.signalCode}) before serving:\n${log}`);
    if (
      (await status(`${server.base}/workbench.html`, 30_000)) === 200 &&
      (await status(`${server.base}/workbench.js`, 60_000)) === 200
    )
      return server;
    await new Promise((r) => setTimeout(r, 500));
  }
  await stopDevServer(server);
  throw new Error(`webpack serve did not serve /workbench.html within ${timeoutMs / 1000}s:\n${log}`);
}

/** Stops the server: SIGTERM, then SIGKILL if it has not exited within 5 s. */
export async function stopDevServer(server: DevServer | undefined): Promise<void> {
  const child = server?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Chromium with a fresh profile; downloads allowed, the dev certificate accepted. */
export async function launchBrowser(): Promise<Browser> {
  assertBrowser();
  const profile = mkdtempSync(join(tmpdir(), 'roi-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    viewport: { width: 1680, height: 1050 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
