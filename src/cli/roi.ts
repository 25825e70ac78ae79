/**
 * The `roi` command: `npm run --silent roi -- <verb> [args]`.
 *
 * A small dispatcher. Each verb lives in its own module, src/cli/<verb>.ts, exporting
 * `run(args, io): Promise<number>` (the exit code) made by the one verb runner
 * (src/cli/verb.ts: options, --help and usage errors), and is loaded only when used, so
 * `roi --help` and each verb start without loading the others' dependencies.
 * To add a verb, add one line to VERBS.
 *
 * Exit codes: 0 done (formula errors printed as values count as done), 1 the verb failed,
 * 2 usage error (unknown verb or option).
 */
import { errorText } from '../base/error-text';
import type { CliIo } from './io';

export interface VerbModule {
  /** Run the verb with the arguments after its name; resolve to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

export interface VerbEntry {
  /** One line for `roi --help`. */
  summary: string;
  load: () => Promise<VerbModule>;
}

export const VERBS: Record<string, VerbEntry> = {
  eval: {
    summary: 'evaluate formulas (one per line on stdin, or one as an argument); print one JSON line each',
    load: () => import('./eval'),
  },
  recalc: {
    summary: 'recalculate an .xlsx file: report stale, stuck and erroring cells; --out writes a repaired copy',
    load: () => import('./recalc'),
  },
  freeze: {
    summary: 'replace ROI formulas by their values in an .xlsx file, recorded in a hidden ledger sheet',
    load: () => import('./freeze'),
  },
  thaw: { summary: 'restore the ROI formulas that freeze recorded', load: () => import('./thaw') },
  model: {
    summary: 'write the ROI model (live ROI.* formulas with cached values, scenarios, charts) into a new .xlsx file',
    load: () => import('./model'),
  },
  check: {
    summary: 'list ROI formulas with cached and recomputed values, flag assumptions; exit 1 if one disagrees',
    load: () => import('./check'),
  },
  diff: {
    summary: 'compare two versions of a workbook: inputs changed, ROI formulas changed, outputs moved; exit 1 if any',
    load: () => import('./diff'),
  },
  calibrate: {
    summary: 'measure stage rates, lags, win rates and deal values per lead source from a CRM export (.csv or .xlsx)',
    load: () => import('./calibrate'),
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(VERBS).map((v) => v.length));
  const lines = Object.entries(VERBS).map(([name, v]) => `  ${name.padEnd(width)}  ${v.summary}`);
  return [
    'Usage: npm run --silent roi -- <command> [arguments]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run `npm run --silent roi -- <command> --help` for a command's own help.",
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(usage());
    return 2;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(usage());
    return 0;
  }
  if (first === 'help') {
    const target = rest[0];
    if (target === undefined) {
      io.stdout.write(usage());
      return 0;
    }
    return main([target, '--help'], io);
  }
  const verb = Object.prototype.hasOwnProperty.call(VERBS, first) ? VERBS[first] : undefined;
  if (!verb) {
    io.stderr.write(`roi: unknown command "${first}".\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await verb.load();
    return await mod.run(rest, io);
  } catch (e) {
    io.stderr.write(`roi ${first}: ${errorText(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  // A closed pipe (`roi eval | head -1`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`roi: ${errorText(e)}\n`);
      process.exitCode = 1;
    },
  );
}
