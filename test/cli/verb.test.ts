/**
 * The one verb runner (src/cli/verb.ts): every verb answers --help on stdout with exit 0,
 * and every usage mistake the same way: "roi <verb>: <what>" then the verb's usage on
 * stderr, exit 2, nothing on stdout.
 */
import { PassThrough } from 'node:stream';
import { VERBS } from '../../src/cli/roi';
import type { CliIo } from '../../src/cli/io';
import { UsageError, runVerb } from '../../src/cli/verb';

function io(): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => out, err: () => err };
}

describe('every verb, through the one runner', () => {
  test.each(Object.keys(VERBS))('%s: --help, and an unknown option is exit 2 with the usage', async (name) => {
    const mod = await VERBS[name].load();
    const help = io();
    expect(await mod.run(['--help'], help.io)).toBe(0);
    expect(help.out()).toMatch(/^Usage: /);
    expect(help.err()).toBe('');
    const bad = io();
    expect(await mod.run(['--bogus'], bad.io)).toBe(2);
    expect(bad.out()).toBe('');
    expect(bad.err()).toBe(`roi ${name}: unknown option "--bogus".\n\n${help.out()}`);
  });
});

describe('runVerb', () => {
  const seen: Array<{ values: unknown; positionals: string[] }> = [];
  const spec = {
    name: 'demo',
    usage: 'Usage: demo [--out FILE] [ARG]\n',
    options: { out: { type: 'string' as const, short: 'o' } },
    positionals: 1,
    async run(args: { values: Record<string, unknown>; positionals: string[] }) {
      seen.push(args);
      if (args.values.out === 'x') throw new UsageError('--out cannot be x.');
      return 0;
    },
  };

  test('options, short options and --opt=value; a missing value, a second argument and a UsageError are usage errors', async () => {
    expect(await runVerb(spec, ['-o', 'a.xlsx', 'IN'], io().io)).toBe(0);
    expect(await runVerb(spec, ['--out=b.xlsx'], io().io)).toBe(0);
    expect(seen.map((s) => [s.values, s.positionals])).toEqual([
      [{ out: 'a.xlsx' }, ['IN']],
      [{ out: 'b.xlsx' }, []],
    ]);
    for (const [args, message] of [
      [['--out'], '--out needs a value.'],
      [['A', 'B'], 'unexpected argument "B".'],
      [['--out', 'x'], '--out cannot be x.'],
    ] as Array<[string[], string]>) {
      const t = io();
      expect(await runVerb(spec, args, t.io)).toBe(2);
      expect(t.err()).toBe(`roi demo: ${message}\n\n${spec.usage}`);
    }
  });

  test('dashIsData: "-X" is an argument, "--" ends the options, --help still works', async () => {
    const got: string[][] = [];
    const data = {
      ...spec,
      positionals: Infinity,
      dashIsData: true,
      run: async (a: { positionals: string[] }) => (got.push(a.positionals), 0),
    };
    expect(await runVerb(data, ['-ROI.CAC(1,2)', '-o', 'f', '=1'], io().io)).toBe(0);
    expect(await runVerb(data, ['--', '--not-an-option'], io().io)).toBe(0);
    expect(got).toEqual([['-ROI.CAC(1,2)', '=1'], ['--not-an-option']]);
    const h = io();
    expect(await runVerb(data, ['-1', '-h'], h.io)).toBe(0);
    expect(h.out()).toBe(spec.usage);
  });
});
