/**
 * What the four workbook verbs (recalc, check, freeze, thaw) share on top of the verb
 * runner: IN.xlsx, --out OUT.xlsx or --in-place, --json; reading IN, writing OUT with the
 * one atomic write, and turning every failure of a file into one line and exit status 2.
 */
import { isXlsxError, XlsxError } from '../xlsx/errors';
import type { XlsxPackage } from '../xlsx/package';
import { readWorkbookFile, sameFile, writeFileAtomic, type CliIo } from './io';
import { UsageError, verb } from './verb';

export interface VerbOptions {
  input: string;
  out?: string;
  json: boolean;
  inPlace: boolean;
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

function oneLine(s: string): string {
  return s.split('\n')[0].slice(0, 500);
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
      const opts: VerbOptions = { input, out, json: values.json === true, inPlace };
      try {
        const pkg = readWorkbookFile(input);
        const result = body(pkg, opts);
        let wrote: string | undefined;
        if (out && result.write) {
          try {
            writeFileAtomic(out, pkg.toBytes());
          } catch (e) {
            if (isXlsxError(e)) throw new XlsxError(e.message, 'write-failed');
            throw e;
          }
          wrote = out;
        }
        if (opts.json)
          io.stdout.write(
            `${JSON.stringify({ file: input, ...(result.json as object), ...(wrote ? { wrote } : {}) }, null, 2)}\n`,
          );
        else io.stdout.write(`${result.text}${wrote ? `\n  wrote ${wrote}` : ''}\n`);
        return result.exit;
      } catch (e) {
        const name = isXlsxError(e) && e.reason === 'write-failed' ? '' : `${input}: `;
        const msg = isXlsxError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
        io.stderr.write(`roi ${spec.verb}: ${name}${oneLine(msg)}\n`);
        return 2;
      }
    },
  });
}
