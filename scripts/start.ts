/**
 * `npm start`: development build served by webpack-dev-server on https://localhost:3000
 * (its own self-signed certificate; no Office tooling, no internet, no Excel needed).
 * Prints the workbench and task pane URLs once the first build is ready. Ctrl-C stops it.
 *
 * Extra arguments go to `webpack serve`, e.g. `npm start -- --port 3001` (the manifest
 * expects 3000, so use another port only for the workbench or tests).
 * To try the add-in inside Excel, see docs/build.md (npm run start:desktop / start:web).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'webpack.cmd' : 'webpack');

function portFromArgs(): number {
  const i = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i < 0) return 3000;
  const v = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  return Number(v) || 3000;
}

if (!existsSync(bin)) {
  console.error('webpack is not installed: run `npm ci` first.');
  process.exit(1);
}
if (!existsSync(join(root, 'src', 'functions', 'functions.json'))) {
  console.error('src/functions/functions.json is missing: run `npm run gen` (npm start runs it as prestart).');
  process.exit(1);
}

const port = portFromArgs();
const base = `https://localhost:${port}`;
const child = spawn(bin, ['serve', '--mode', 'development', ...args], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  // Keep webpack's colours in a terminal (its output is piped through this process).
  env: process.stdout.isTTY && !('FORCE_COLOR' in process.env) ? { ...process.env, FORCE_COLOR: '1' } : process.env,
});

let announced = false;
function announce(): void {
  if (announced) return;
  announced = true;
  console.log(
    [
      '',
      'Outcome ROI dev server is running (self-signed certificate: accept it once in your browser).',
      `  Workbench:  ${base}/workbench.html`,
      `  Task pane:  ${base}/taskpane.html`,
      `  Manifest:   ${base}/manifest.xml   (sideload: see docs/build.md)`,
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

function relay(stream: NodeJS.ReadableStream, out: NodeJS.WriteStream): void {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    out.write(text);
    buffer = (buffer + text.replace(/\x1b\[[0-9;]*m/g, '')).slice(-4000);
    if (/compiled (successfully|with \d+ warnings?)/.test(buffer)) announce();
    if (/EADDRINUSE/.test(buffer)) console.error(`\nPort ${port} is in use: stop the other server or pass --port.`);
  });
}
relay(child.stdout!, process.stdout);
relay(child.stderr!, process.stderr);

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`\nStopping the dev server (${signal})...`);
  if (child.exitCode === null) child.kill('SIGTERM');
  // If it has not exited within 5 s, stop it for good.
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, 5000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

child.on('error', (err) => {
  console.error(`could not start webpack serve: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
