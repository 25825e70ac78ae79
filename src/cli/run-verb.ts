/**
 * What the four workbook verbs share on the command line: options, reading IN, writing
 * OUT atomically, and turning every failure into one line and exit status 2.
 */
import { isXlsxError, XlsxError } from '../xlsx/errors';
import { readWorkbookFile, sameFile, writeFileAtomic } from './io';
import type { XlsxPackage } from '../xlsx/package';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface VerbOptions {
  input: string;
  out?: string;
  json: boolean;
  inPlace: boolean;
}

export interface VerbSpec {
  verb: string;
  usage: string;
  /** Does the verb write a workbook: 'optional' (recalc), 'required' (freeze, thaw), 'never' (check). */
  output: 'optional' | 'required' | 'never';
}

class UsageError extends Error {}

export function parseVerbArgs(spec: VerbSpec, args: string[]): VerbOptions | 'help' {
  const o: Partial<VerbOptions> = { json: false, inPlace: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--json') o.json = true;
    else if (a === '--in-place' && spec.output !== 'never') o.inPlace = true;
    else if ((a === '--out' || a === '-o') && spec.output !== 'never') {
      const v = args[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a file name`);
      o.out = v;
    } else if (a.startsWith('--out=') && spec.output !== 'never') o.out = a.slice(6);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else if (o.input === undefined) o.input = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!o.input) throw new UsageError('give the workbook to read (IN.xlsx)');
  if (o.inPlace && o.out) throw new UsageError('give either --out OUT.xlsx or --in-place, not both');
  if (o.inPlace) o.out = o.input;
  if (spec.output === 'required' && !o.out) throw new UsageError('give --out OUT.xlsx (or --in-place to overwrite IN)');
  if (o.out && !o.inPlace && sameFile(o.input, o.out))
    throw new UsageError(`--out is the input file; use --in-place to overwrite it`);
  return o as VerbOptions;
}

/**
 * Runs a verb: parses arguments, reads IN, calls `body`, writes OUT when the package
 * should be written. Returns the exit status. Never throws.
 */
export async function runVerb(
  spec: VerbSpec,
  args: string[],
  io: Io,
  body: (pkg: XlsxPackage, opts: VerbOptions) => { exit: number; text: string; json: unknown; write: boolean },
): Promise<number> {
  let opts: VerbOptions | 'help';
  try {
    opts = parseVerbArgs(spec, args);
  } catch (e) {
    io.stderr.write(`roi ${spec.verb}: ${(e as Error).message}\n${spec.usage}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.stdout.write(`${spec.usage}\n`);
    return 0;
  }
  const label = opts.input;
  try {
    const pkg = readWorkbookFile(opts.input);
    const result = body(pkg, opts);
    let wrote: string | undefined;
    if (opts.out && result.write) {
      try {
        writeFileAtomic(opts.out, pkg.toBytes());
      } catch (e) {
        if (isXlsxError(e)) throw new XlsxError(e.message, 'write-failed');
        throw e;
      }
      wrote = opts.out;
    }
    if (opts.json)
      io.stdout.write(
        `${JSON.stringify({ file: opts.input, ...(result.json as object), ...(wrote ? { wrote } : {}) }, null, 2)}\n`,
      );
    else io.stdout.write(`${result.text}${wrote ? `\n  wrote ${wrote}` : ''}\n`);
    return result.exit;
  } catch (e) {
    const name = isXlsxError(e) && e.reason === 'write-failed' ? '' : `${label}: `;
    const msg = isXlsxError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    io.stderr.write(`roi ${spec.verb}: ${name}${oneLine(msg)}\n`);
    return 2;
  }
}

function oneLine(s: string): string {
  return s.split('\n')[0].slice(0, 500);
}
