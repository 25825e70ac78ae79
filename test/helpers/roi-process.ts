/**
 * The `roi` command run as users run it (the compiled dist-cli/roi.js, rebuilt first when a
 * source changed), as a child process, with what it cost: exit status, output, peak memory
 * and CPU time (test/helpers/report-rusage.cjs). The hostile-file tests bound the cost.
 */
import { fork, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';

export const ROOT = path.resolve(__dirname, '..', '..');
const HOOK = path.join(__dirname, 'report-rusage.cjs');

/** Builds dist-cli/ when a source changed since the last build (what `npm run roi` does). */
export function buildCli(): void {
  const r = spawnSync(process.execPath, ['build/cli.js', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build/cli.js failed: ${r.stderr}`);
}

export interface RoiRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the process, MB (NaN when it did not exit normally). */
  maxRssMb: number;
  /** User and system CPU time, seconds. */
  cpuS: number;
}

function usage(file: string): { maxRssMb: number; cpuS: number } {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { maxRssMb: number; cpuS: number };
  } catch {
    return { maxRssMb: NaN, cpuS: NaN };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function rusageFile(): string {
  return path.join(os.tmpdir(), `roi-rusage-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
}

/** Runs `roi ARGS` to completion; `input` is its standard input. */
export function roi(args: string[], options: { input?: string; cwd?: string } = {}): RoiRun {
  const file = rusageFile();
  const r = spawnSync(process.execPath, ['--require', HOOK, path.join(ROOT, 'dist-cli', 'roi.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ROI_RUSAGE_FILE: file },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ...usage(file) };
}

/** Runs `roi ARGS` with standard input written by `feed` (for inputs too large to hold). */
export function roiStreaming(args: string[], feed: (stdin: NodeJS.WritableStream) => Promise<void>): Promise<RoiRun> {
  const file = rusageFile();
  const child = spawn(process.execPath, ['--require', HOOK, path.join(ROOT, 'dist-cli', 'roi.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ROI_RUSAGE_FILE: file },
  });
  let stdout = '';
  let stderr = '';
  (child.stdout as Readable).on('data', (d) => (stdout += String(d)));
  (child.stderr as Readable).on('data', (d) => (stderr += String(d)));
  child.stdin.on('error', () => undefined);
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr, ...usage(file) }));
    void feed(child.stdin).then(() => child.stdin.end());
  });
}

/** What one command run by roiServer did: a run, plus anything it wrote past its own streams. */
export interface RoiServedRun extends RoiRun {
  /** Text written straight to the process's stdout or stderr instead of the verb's streams. */
  stray: string;
}

/** `roi` commands one at a time in one process of the compiled command (see roiServer). */
export interface RoiServer {
  run(args: string[], options?: { input?: string }): Promise<RoiServedRun>;
  close(): void;
}

/**
 * One process of the compiled command (test/helpers/roi-server.cjs) that runs each command
 * it is sent, in order, for a test file that runs dozens of commands: Node's and the
 * command's start-up are paid once. Each run's CPU time is measured around it; its memory
 * is the process's peak when it ended (never less than its own). What needs a process of
 * its own (memory of one command alone, a huge standard input) stays with `roi`.
 */
export function roiServer(): RoiServer {
  const child = fork(path.join(__dirname, 'roi-server.cjs'), [], {
    cwd: ROOT,
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (r: RoiServedRun) => void>();
  let next = 0;
  child.on('message', (m: { id: number; result: RoiServedRun & { code: number | string } }) => {
    const done = waiting.get(m.id);
    waiting.delete(m.id);
    if (typeof m.result.code === 'string') throw new Error(`roi ${m.result.code}`);
    done?.(m.result);
  });
  return {
    run: (args, options = {}) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        child.send({ id, args, input: options.input });
      }),
    close: () => child.disconnect(),
  };
}
