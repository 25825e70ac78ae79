/**
 * Figure 7: start-up of the `roi` command. `roi eval` of one formula, as a user runs it
 * (`node dist-cli/roi.js eval '=ROI.REQUIREDLEADS(...)'`, a fresh process that answers and
 * exits), against `node -e 0` (a fresh Node doing nothing: the floor for any command),
 * interleaved, wall time, medians. Target: under half a second (issue 16.4). For scale,
 * `roi --help` (the dispatcher alone) and the same eval through tsx (TypeScript compiled
 * on each start, how `npm run roi` ran before the command was compiled ahead of time).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../lib/bundled';
import { fmtMs, fmtRatio, interleave, nowNs } from '../lib/measure';
import { atMost, type FigureLine, type FigureResult } from '../lib/report';

const FORMULA = '=ROI.REQUIREDLEADS(3000000, 50000, {0.5,0.4,0.25})';
const ANSWER = '1200\n';
/** Issue 16.4: `roi` verbs start in under 0.5 s. */
export const TARGET_MS = 500;

export interface StartupOptions {
  /** Measured runs of each side (default 21). */
  rounds?: number;
}

/** Wall milliseconds of one child process; throws if it fails or answers wrongly. */
export function timeChild(command: string, args: string[], expectStdout?: string): number {
  const t0 = nowNs();
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = (nowNs() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  if (expectStdout !== undefined && r.stdout !== expectStdout)
    throw new Error(
      `${command} ${args.join(' ')} printed ${JSON.stringify(r.stdout)}, not ${JSON.stringify(expectStdout)}`,
    );
  return ms;
}

export async function startupFigure(opts: StartupOptions = {}): Promise<FigureResult> {
  const rounds = opts.rounds ?? 21;
  // The compiled command, current with the sources (what `npm run roi` does first).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require('../../build/cli') as typeof import('../../build/cli');
  if (cli.isStale()) await cli.buildCli();
  const node = process.execPath;
  const roi = path.join(cli.OUT_DIR, 'roi.js');
  const bare = () => timeChild(node, ['-e', '0']);

  const evalRuns = await interleave(bare, () => timeChild(node, [roi, 'eval', FORMULA], ANSWER), {
    rounds,
    warmup: 2,
  });
  const helpRuns = await interleave(bare, () => timeChild(node, [roi, '--help']), {
    rounds: Math.max(5, Math.round(rounds / 2)),
    warmup: 1,
  });
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const tsxRuns = await interleave(
    () => timeChild(node, [roi, 'eval', FORMULA], ANSWER),
    () => timeChild(node, [tsx, 'src/cli/roi.ts', 'eval', FORMULA], ANSWER),
    { rounds: 5, warmup: 1 },
  );

  const lines: FigureLine[] = [
    {
      label: '`roi eval` of one formula vs `node -e 0`',
      ratio: evalRuns.pairedRatio,
      absolute: `${fmtMs(evalRuns.medianSubject)} vs ${fmtMs(evalRuns.medianBaseline)}`,
      target: `< ${TARGET_MS} ms`,
      verdict: atMost(evalRuns.medianSubject, TARGET_MS),
    },
    {
      label: '`roi --help` vs `node -e 0`',
      ratio: helpRuns.pairedRatio,
      absolute: `${fmtMs(helpRuns.medianSubject)} vs ${fmtMs(helpRuns.medianBaseline)}`,
      verdict: 'INFO',
    },
    {
      label: 'the same eval through tsx vs compiled',
      ratio: tsxRuns.pairedRatio,
      absolute: `${fmtMs(tsxRuns.medianSubject)} vs ${fmtMs(tsxRuns.medianBaseline)}`,
      verdict: 'INFO',
    },
  ];
  const [lo, hi] = evalRuns.ratioIqr;
  return {
    id: 'startup',
    title: '7. Start-up of the `roi` command',
    lines,
    details: [
      `Each run is a fresh process started from the repository root, timed by its wall clock from spawn to exit: ` +
        `\`node dist-cli/roi.js eval '${FORMULA}'\` (it must print ${ANSWER.trim()}) against \`node -e 0\`, ` +
        `${rounds} runs each, interleaved after 2 warm-up runs; the ratio is the median of the per-round ratios ` +
        `(interquartile range ${fmtRatio(lo)} to ${fmtRatio(hi)}).`,
      'dist-cli/ is the command compiled ahead of time by esbuild (build/cli.js; `npm ci` and `npm run build:cli` ' +
        'make it, `npm run roi` refreshes it when a source changed): the dispatcher alone in dist-cli/roi.js and each ' +
        'verb in a file of its own, loaded with require() when used, so `roi eval` reads the dispatcher, the core and ' +
        'HyperFormula, and never ExcelJS or the other verbs. What remains above `node -e 0` is reading and compiling ' +
        'that code and building the HyperFormula engine with the ROI functions.',
    ],
  };
}
