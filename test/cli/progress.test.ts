/**
 * The progress line: only on a terminal and not for --json, nothing for work under half a
 * second, at most ten redraws a second, erased before the report; steps are terminal-safe.
 * And roi eval's line reader holds no more than a line's limit.
 */
import { PassThrough, Readable } from 'node:stream';
import { boundedLines } from '../../src/cli/eval';
import { isTerminal, progressLine } from '../../src/cli/progress';

function tty(): PassThrough & { isTTY: boolean; columns: number; text: () => string } {
  const s = new PassThrough() as PassThrough & { isTTY: boolean; columns: number; text: () => string };
  let out = '';
  s.on('data', (d) => (out += String(d)));
  s.isTTY = true;
  s.columns = 60;
  s.text = () => out;
  return s;
}

test('drawn on a terminal after half a second, at most every 100 ms, then erased', async () => {
  const s = tty();
  expect(isTerminal(s)).toBe(true);
  let now = 0;
  const line = progressLine('recalc', s, isTerminal(s), () => now);
  line.report('reading Sheet1', 1, 10);
  now = 600;
  line.report('reading Sheet1', 5, 10);
  now = 650;
  line.report('reading Sheet1', 6, 10);
  now = 800;
  line.report('reading \u001b[2J evil', 9, 10);
  line.finish();
  await new Promise((r) => setImmediate(r));
  expect(s.text()).toBe(
    '\r\x1b[2Kroi recalc: reading Sheet1 50%' + '\r\x1b[2Kroi recalc: reading \\u001B[2J evil 90%' + '\r\x1b[2K',
  );
});

test('nothing at all when it is off (piped, or --json), and nothing to erase for quick work', async () => {
  const piped = new PassThrough();
  let out = '';
  piped.on('data', (d) => (out += String(d)));
  expect(isTerminal(piped)).toBe(false);
  let now = 0;
  const off = progressLine('check', piped, false, () => now);
  now = 5000;
  off.report('calculating', 1, 2);
  off.finish();
  const s = tty();
  const quick = progressLine('check', s, true, () => 100);
  quick.report('calculating', 1, 2);
  quick.finish();
  await new Promise((r) => setImmediate(r));
  expect(out).toBe('');
  expect(s.text()).toBe('');
});

test('roi eval reads lines within a limit: a longer line is measured and skipped, never held', async () => {
  const chunks = ['=1+1\n=', 'x'.repeat(50), 'y'.repeat(50), '\nlast'];
  const got: unknown[] = [];
  for await (const item of boundedLines(Readable.from(chunks.map((c) => Buffer.from(c))), 20)) got.push(item);
  expect(got).toEqual([{ line: '=1+1' }, { tooLong: 101 }, { line: 'last' }]);
});
