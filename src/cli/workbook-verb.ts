/**
 * What the four workbook verbs (recalc, check, freeze, thaw) share on top of the verb
 * runner: IN.xlsx, --out OUT.xlsx or --in-place, --json; reading IN, writing OUT with the
 * one atomic write, a progress line on a terminal, and turning every failure of a file
 * into one line and exit status 2 (over a limit: "too large: ..."; out of room inside the
 * JavaScript engine, a RangeError, likewise "too large", never "internal error").
 *
 * Every text it prints passes the workbook's text through the one terminal-safe helper
 * (src/base/safe-text.ts): reports line by line, the error line, and --json output.
 */
import { jsonSafe, terminalSafe, terminalSafeLines } from '../base/safe-text';
import { isXlsxError, XlsxError } from '../xlsx/errors';
import type { XlsxPackage } from '../xlsx/package';
import type { Progress } from '../xlsx/progress';
import { readWorkbookFile, sameFile, writeFileAtomic, type CliIo } from './io';
import { isTerminal, progressLine } from './progress';
import { UsageError, verb } from './verb';

export interface VerbOptions {
  input: string;
  out?: string;
  json: boolean;
  inPlace: boolean;
  /** Where the verb tells how far it got (a no-op unless standard error is a terminal). */
  progress: Progress;
}

export interface WorkbookVerbSpec {
  verb: string;
  usage: string;
  /** Does the verb write a workbook: 'optional' (recalc), 'required' (freeze, thaw), 'never' (check). */
  output: 'optional' | 'required' | 'never';
}

/** What the verb did: its exit status, the report as text and as JSON, and whether OUT is written. */
export interface WorkbookVerbResult {
  exit: number;
  text: string;
  json: unknown;
  write: boolean;
}

/** A message on one line, terminal-safe, at most 500 characters. */
function oneLine(s: string): string {
  const t = terminalSafe(s);
  return t.length > 500 ? `${t.slice(0, 500)}...` : t;
}

/** What a failure prints: an XlsxError's reason, "too large" for a RangeError, else "internal error". */
function failureText(e: unknown): string {
  if (isXlsxError(e)) return e.message;
  if (e instanceof RangeError)
    return `too large: the workbook needs more room than the JavaScript engine gives (${e.message})`;
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}

/** A workbook verb's `run(args, io)`: `body` works on the package read from IN. Never throws. */
export function workbookVerb(
  spec: WorkbookVerbSpec,
  body: (pkg: XlsxPackage, opts: VerbOptions) => WorkbookVerbResult,
): (args: string[], io: CliIo) => Promise<number> {
  const writes = spec.output !== 'never';
  return verb({
    name: spec.verb,
    usage: `${spec.usage}\n`,
    options: {
      json: { type: 'boolean' },
      ...(writes ? { out: { type: 'string', short: 'o' }, 'in-place': { type: 'boolean' } } : {}),
    },
    positionals: 1,
    async run({ values, positionals }, io) {
      const input = positionals[0];
      const inPlace = values['in-place'] === true;
      let out = values.out as string | undefined;
      if (input === undefined) throw new UsageError('give the workbook to read (IN.xlsx)');
      if (out === '') throw new UsageError('--out needs a file name');
      if (inPlace && out) throw new UsageError('give either --out OUT.xlsx or --in-place, not both');
      if (inPlace) out = input;
      if (spec.output === 'required' && !out)
        throw new UsageError('give --out OUT.xlsx (or --in-place to overwrite IN)');
      if (out && !inPlace && sameFile(input, out))
        throw new UsageError('--out is the input file; use --in-place to overwrite it');
      const json = values.json === true;
      const line = progressLine(spec.verb, io.stderr, !json && isTerminal(io.stderr));
      const opts: VerbOptions = { input, out, json, inPlace, progress: line.report };
      try {
        line.report('reading the file');
        const pkg = readWorkbookFile(input);
        const result = body(pkg, opts);
        let wrote: string | undefined;
        if (out && result.write) {
          line.report(`writing ${out}`);
          let bytes: Uint8Array;
          try {
            bytes = pkg.toBytes();
          } catch (e) {
            // A changed part that does not parse again: nothing is written.
            if (isXlsxError(e)) throw new XlsxError(`cannot write ${out}: ${e.message}`, 'write-failed');
            throw e;
          }
          writeFileAtomic(out, bytes);
          wrote = out;
        }
        line.finish();
        if (opts.json)
          io.stdout.write(
            `${jsonSafe(JSON.stringify({ file: input, ...(result.json as object), ...(wrote ? { wrote } : {}) }, null, 2))}\n`,
          );
        else io.stdout.write(`${terminalSafeLines(`${result.text}${wrote ? `\n  wrote ${wrote}` : ''}`)}\n`);
        return result.exit;
      } catch (e) {
        line.finish();
        const name = isXlsxError(e) && e.reason === 'write-failed' ? '' : `${input}: `;
        io.stderr.write(`roi ${spec.verb}: ${oneLine(`${name}${failureText(e)}`)}\n`);
        return 2;
      }
    },
  });
}
