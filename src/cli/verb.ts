/**
 * The one verb runner of the `roi` command, on Node's util.parseArgs: every verb declares
 * its options and usage text once, and gets the same handling of --help (usage on stdout,
 * exit 0) and of usage errors (one line naming the verb and the problem, then the usage,
 * on stderr, exit 2). What a verb does after that is its own `run`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A mistake in how the verb was called (exit status 2, with the usage). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface VerbSpec {
  /** The verb's name, as typed after `roi`. */
  name: string;
  /** The full usage text, printed for --help and after a usage error (ends with a newline). */
  usage: string;
  /** Its options, as util.parseArgs takes them (--help/-h is added). */
  options?: Options;
  /** How many arguments that are not options it takes at most (Infinity for any number). Default: none. */
  positionals?: number;
  /**
   * Arguments that start with a single "-" are data, not options (a formula such as
   * -ROI.CAC(...) for eval); "--" still ends the options for any argument.
   */
  dashIsData?: boolean;
  /** Runs the verb on its parsed arguments; throw UsageError for a usage mistake. Resolves to the exit status. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** util.parseArgs's messages, in the command's own words. */
function usageMessage(e: unknown): string {
  const { code, message } = e as { code?: string; message: string };
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option "${quoted}".`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return `${/--[\w-]+/.exec(quoted ?? '')?.[0] ?? quoted} needs a value.`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${quoted}".`;
  return message;
}

/** With dashIsData: the arguments reordered so that util.parseArgs reads "-X" as data, not as an option. */
function dataAfterOptions(args: string[], options: Options): string[] {
  const opts: string[] = [];
  const data: string[] = [];
  const short = new Map(Object.entries(options).flatMap(([name, o]) => (o.short ? [[`-${o.short}`, name]] : [])));
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      data.push(...args.slice(i + 1));
      break;
    }
    const name = a.startsWith('--') ? a.slice(2).split('=')[0] : short.get(a);
    if (name === undefined) {
      data.push(a);
      continue;
    }
    opts.push(a);
    if (options[name]?.type === 'string' && !a.includes('=') && i + 1 < args.length) opts.push(args[++i]);
  }
  return [...opts, '--', ...data];
}

/** Runs a verb with the arguments after its name; resolves to the exit status. */
export async function runVerb(spec: VerbSpec, args: string[], io: CliIo): Promise<number> {
  const options: Options = { ...spec.options, help: { type: 'boolean', short: 'h' } };
  const max = spec.positionals ?? 0;
  const fail = (message: string) => {
    io.stderr.write(`roi ${spec.name}: ${message}\n\n${spec.usage}`);
    return 2;
  };
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({
      args: spec.dashIsData ? dataAfterOptions(args, options) : args,
      options,
      allowPositionals: max > 0,
      strict: true,
    }) as ParsedArgs;
  } catch (e) {
    return fail(usageMessage(e));
  }
  if (parsed.values.help) {
    io.stdout.write(spec.usage);
    return 0;
  }
  if (parsed.positionals.length > max) return fail(`unexpected argument "${parsed.positionals[max]}".`);
  try {
    return await spec.run(parsed, io);
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message);
    throw e;
  }
}

/** A verb module's `run(args, io)`, for the dispatcher and the tests. */
export function verb(spec: VerbSpec): (args: string[], io: CliIo) => Promise<number> {
  return (args, io) => runVerb(spec, args, io);
}
