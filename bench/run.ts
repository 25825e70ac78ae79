/**
 * `npm run bench [-- FIGURE ...]`: the performance benchmark of issue 7.
 *
 * Prints one line per figure (the figure, its ratio against a baseline measured in the
 * same process, the absolute numbers, the target and PASS/FAIL) and writes
 * docs/performance.md. Figures: core, engine, probability, bundle, roundtrips, recalc, startup, time, calibrate
 * (all when none is named). `--quick` shortens every measurement (for trying the bench
 * out, not for figures to quote); `--no-doc` leaves docs/performance.md alone.
 *
 * Not part of `npm test`: the only test of the bench is test/bench*.test.ts, which checks
 * the measuring helpers on tiny sizes and never asserts a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/bundled';
import { fmtMs, nowNs } from './lib/measure';
import { FIGURE_ORDER, assembleDoc, formatLine, machineInfo, type FigureResult } from './lib/report';

type Runner = (quick: boolean) => Promise<FigureResult>;

/** Each figure's module is loaded only when it runs, so one figure alone starts fast. */
const FIGURES: Record<string, Runner> = {
  core: async (quick) =>
    (await import('./figures/core')).coreFigure(quick ? { rounds: 7, batchMs: 5, warmupMs: 100, profileMs: 300 } : {}),
  engine: async (quick) => (await import('./figures/engine')).engineFigure(quick ? { rows: 2000, rounds: 2 } : {}),
  probability: async (quick) => (await import('./figures/probability')).probabilityFigure(quick ? { quick: true } : {}),
  bundle: async () => (await import('./figures/bundle')).bundleFigure(),
  roundtrips: async () => (await import('./figures/roundtrips')).roundTripsFigure(),
  recalc: async (quick) =>
    (await import('./figures/recalc')).recalcFigure(quick ? { formulas: 5000, rounds: 1, largeFormulas: 20_000 } : {}),
  startup: async (quick) => (await import('./figures/startup')).startupFigure(quick ? { rounds: 5 } : {}),
  time: async (quick) =>
    (await import('./figures/time')).timeFigure(quick ? { rounds: 5, batchMs: 5, records: 20_000 } : {}),
  calibrate: async (quick) =>
    (await import('./figures/calibrate')).calibrateFigure(quick ? { rows: 10_000, rounds: 1 } : {}),
};

function usage(): string {
  return `Usage: npm run bench [-- [--quick] [--no-doc] [${FIGURE_ORDER.join('|')} ...]]\n`;
}

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('-')));
  const names = argv.filter((a) => !a.startsWith('-'));
  for (const f of flags) {
    if (f === '--help' || f === '-h') {
      process.stdout.write(usage());
      return 0;
    }
    if (f !== '--quick' && f !== '--no-doc') {
      process.stderr.write(`bench: unknown option ${f}\n${usage()}`);
      return 2;
    }
  }
  const unknown = names.filter((n) => !(n in FIGURES));
  if (unknown.length) {
    process.stderr.write(`bench: unknown figure ${unknown.join(', ')}\n${usage()}`);
    return 2;
  }
  const quick = flags.has('--quick');
  const selected = names.length ? FIGURE_ORDER.filter((id) => names.includes(id)) : FIGURE_ORDER;
  const machine = machineInfo();
  process.stdout.write(
    `Outcome ROI benchmark: ${selected.join(', ')}${quick ? ' (quick: figures not for quoting)' : ''}\n`,
  );
  process.stdout.write(`${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node ${machine.node}\n`);

  const results: FigureResult[] = [];
  let broken = false;
  const tally = { PASS: 0, FAIL: 0, 'NOT MEASURED': 0 };
  for (const id of selected) {
    const t0 = nowNs();
    let result: FigureResult;
    try {
      result = await FIGURES[id](quick);
    } catch (e) {
      // A figure that breaks is reported as such; the others still run.
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      broken = true;
      result = {
        id,
        title: id,
        lines: [{ label: 'error', absolute: message.split('\n').slice(0, 3).join(' '), verdict: 'FAIL' }],
        details: ['```', message, '```'],
      };
    }
    for (const line of result.lines) {
      process.stdout.write(`${formatLine(id, line)}\n`);
      if (line.verdict !== 'INFO') tally[line.verdict] += 1;
    }
    process.stdout.write(`[${id}] (${fmtMs((nowNs() - t0) / 1e6)})\n`);
    results.push(result);
  }

  if (!flags.has('--no-doc') && !quick) {
    const file = path.join(ROOT, 'docs', 'performance.md');
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, assembleDoc(previous, results, machine));
    process.stdout.write(`Wrote ${path.relative(process.cwd(), file) || file}\n`);
  }
  process.stdout.write(`Targets: ${tally.PASS} met, ${tally.FAIL} missed, ${tally['NOT MEASURED']} not measured yet\n`);
  // A missed target is a finding, reported above and in the doc, not a failure of the bench;
  // exit status 1 only when a figure itself broke.
  return broken ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
