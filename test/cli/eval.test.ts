/**
 * `roi eval`, the headless evaluation contract: the real command spawned as users run it
 * (`npm run --silent roi -- eval` once; then the compiled command that script runs,
 * `node dist-cli/roi.js`, without npm's own start-up each time), plus the dispatcher and
 * the JSON formatting in-process.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { FUNCTIONS, RoiError, callFunction } from '../../src/core';
import { cellToJson, excelNumber, resultToJson, run as runEval } from '../../src/cli/eval';
import { VERBS, main } from '../../src/cli/roi';
import type { CliIo } from '../../src/cli/io';
import { buildCli, roi as compiled } from '../helpers/roi-process';

const ROOT = path.resolve(__dirname, '..', '..');

/** `npm run --silent roi -- ARGS`, the README's spelling. */
function npmRoi(args: string[], input = '') {
  const r = spawnSync('npm', ['run', '--silent', 'roi', '--', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The compiled command, `node dist-cli/roi.js ARGS` (what the npm script runs after its staleness check). */
function roi(args: string[], input = '') {
  const r = compiled(args, { input });
  return { ...r, lines: r.stdout.split('\n').filter((l) => l !== '') };
}

/** In-process streams for the dispatcher and verbs. */
function io(input = ''): CliIo & { out: () => string; err: () => string } {
  const stdin = new PassThrough();
  stdin.end(input);
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  stdout.on('data', (d) => (out += String(d)));
  const stderr = new PassThrough();
  stderr.on('data', (d) => (err += String(d)));
  return { stdin, stdout, stderr, out: () => out, err: () => err };
}

const SPAWN_TIMEOUT = 60000;

/** Equal, numbers to 14 significant digits (the CLI prints Excel's 15; examples give up to 17). */
function expectClose(got: unknown, want: unknown): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got)).toBe(true);
    expect((got as unknown[]).length).toBe(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w));
  } else if (typeof want === 'string' && want.startsWith('#')) {
    // An error, alone or inside a spill: {"error": code, "message": why}.
    expect((got as { error?: unknown }).error).toBe(want);
    expect(String((got as { message?: unknown }).message).length).toBeGreaterThan(0);
  } else if (typeof want === 'number') {
    expect(typeof got).toBe('number');
    const digits = (String(want).split('.')[1] ?? '').length;
    const tolerance = Math.max(1e-14 * Math.max(1, Math.abs(want)), digits >= 6 ? 0.5 * 10 ** -digits : 0);
    expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(tolerance);
  } else {
    expect(got).toEqual(want);
  }
}

describe('roi eval, spawned', () => {
  beforeAll(() => buildCli());

  test(
    'a formula on stdin prints its value: REQUIREDLEADS is 1200 (npm run --silent roi -- eval)',
    () => {
      const r = npmRoi(['eval'], '=ROI.REQUIREDLEADS(3000000,50000,{0.5,0.4,0.25})\n');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('1200\n');
    },
    SPAWN_TIMEOUT,
  );

  test(
    'several lines in, one line out each, blank lines skipped, errors as values, exit 0',
    () => {
      const input = [
        '=ROI.FUNNEL(3000000,50000,{0.5,0.4,0.25})',
        '',
        '   ',
        'ROI.LTV(1000, 80%, 2%)',
        '=ROI.CAC(600000, 0)',
        '=ROI.LEADQUALITY(10, 3, "95%")',
        '=ROI.METRICKIND({"NPS","vibes"})',
        '=ROI.CAC(1, 2',
        '=SEQUENCE(1,3)',
      ].join('\r\n');
      const r = roi(['eval'], input);
      expect(r.code).toBe(0);
      expect(r.lines).toHaveLength(7);
      expect(JSON.parse(r.lines[0])).toEqual([[1200], [600], [240], [60]]);
      expect(r.lines[0]).toBe('[[1200],[600],[240],[60]]');
      expect(JSON.parse(r.lines[1])).toBe(40000);
      const cac = callFunction('CAC', [600000, 0]) as RoiError;
      expect(JSON.parse(r.lines[2])).toEqual({ error: '#DIV/0!', message: cac.message });
      expect(JSON.parse(r.lines[3])).toEqual({ error: '#VALUE!', message: expect.stringMatching(/confidence/) });
      const kinds = JSON.parse(r.lines[4]);
      expect(kinds[0][0]).toBe('outcome');
      expect(kinds[0][1]).toEqual({ error: '#N/A', message: expect.stringMatching(/vibes/) });
      expect(JSON.parse(r.lines[5])).toEqual({ error: '#ERROR!', message: expect.stringMatching(/could not be read/) });
      expect(JSON.parse(r.lines[6])).toEqual([[1, 2, 3]]);
      expect(r.stderr).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
    },
    SPAWN_TIMEOUT,
  );

  test(
    "the spec's examples of the time and calibration functions, as printed",
    () => {
      const year = Array(12).fill(250000).join(',');
      const dates = '{45658,45668,45700;45660,45690,"";45670,"","";45680,45685,45710;"",45700,"";45705,"",""}';
      const r = roi(
        ['eval'],
        [
          `=ROI.FUNNELPLAN({${year}}, 50000, {0.5,0.4,0.25}, {1,1,2})`,
          '=ROI.FUNNELFORECAST({100,100,100}, {0.5,0.2}, {1,0})',
          '=ROI.PIPELINEHIT(5, {0,20}, {0.5,0.25})',
          `=ROI.STAGERATES(${dates})`,
          '=ROI.STAGELAGS({45658,45668,"";45660,45690,""})',
          '=ROI.STAGERATES({45658,"2025-03-04"})',
        ].join('\n'),
      );
      expect(r.code).toBe(0);
      expect(r.lines).toHaveLength(6);
      expect(JSON.parse(r.lines[0])).toEqual([
        [400, ...Array(12).fill(100)],
        [150, ...Array(12).fill(50)],
        [40, ...Array(12).fill(20)],
        [0, ...Array(12).fill(5)],
      ]);
      expect(r.lines[1]).toBe('[[100,100,100,0],[0,50,50,50],[0,10,10,10]]');
      expect(JSON.parse(r.lines[2])).toBeCloseTo(0.5851585, 7);
      const rates = JSON.parse(r.lines[3]) as number[][];
      expect(rates.map((row) => row.slice(0, 3))).toEqual([
        [4, 3, 0.75],
        [1, 1, 1],
      ]);
      expect(JSON.parse(r.lines[4])).toEqual([[20], [{ error: '#N/A', message: expect.stringMatching(/No lag/) }]]);
      expect(JSON.parse(r.lines[5])).toEqual({
        error: '#VALUE!',
        message: expect.stringMatching(/row 1 holds the text "2025-03-04": convert text dates/),
      });
    },
    SPAWN_TIMEOUT,
  );

  test(
    'the one-argument form',
    () => {
      const r = roi(['eval', '=ROI.SENSITIVITY(3000000, 50000, {0.5,0.4,0.25}, 5%)']);
      expect(r.code).toBe(0);
      expect(r.lines).toHaveLength(1);
      const got = JSON.parse(r.lines[0]) as number[][];
      const core = callFunction('SENSITIVITY', [3000000, 50000, [[0.5, 0.4, 0.25]], 0.05]) as number[][];
      expect(got.map((row) => row[0])).toEqual([1091, 1067, 1000]);
      got.forEach((row, i) => expect(row[1]).toBeCloseTo(core[i][1], 14));
    },
    SPAWN_TIMEOUT,
  );

  test(
    'bad input prints the error object with a message',
    () => {
      const r = roi(['eval', '=ROI.REQUIREDLEADS(3000000, 50000, {50,40,25})']);
      expect(r.code).toBe(0);
      const e = JSON.parse(r.stdout);
      expect(Object.keys(e)).toEqual(['error', 'message']);
      expect(e.error).toBe('#NUM!');
      expect(e.message).toMatch(/conversion_rates/);
      expect(e.message).toMatch(/25% or 0.25/);
    },
    SPAWN_TIMEOUT,
  );

  test(
    'an unknown verb prints usage on stderr and exits 2',
    () => {
      const r = roi(['nope']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/unknown command "nope"/);
      expect(r.stderr).toMatch(/Usage: npm run --silent roi -- <command>/);
    },
    SPAWN_TIMEOUT,
  );
});

describe('roi eval, in process', () => {
  test('every documented example prints a JSON line that parses back to its result', async () => {
    const examples = FUNCTIONS.flatMap((f) => f.examples);
    const s = io(examples.map((e) => e.formula).join('\n'));
    expect(await runEval([], s)).toBe(0);
    const lines = s.out().trim().split('\n');
    expect(lines).toHaveLength(examples.length);
    lines.forEach((line, i) => {
      const got = JSON.parse(line);
      expectClose(got, examples[i].result);
    });
  });

  test('several formula arguments print one line each, in order', async () => {
    const s = io();
    expect(await runEval(['=ROI.CAC(600000, 30)', 'ROI.MARGINLEVER(20%, 2%)'], s)).toBe(0);
    expect(s.out()).toBe('20000\n0.1\n');
  });

  test('"--" ends the options, so a formula may start with "-"', async () => {
    const s = io();
    expect(await runEval(['--', '-ROI.CAC(600000, 30)'], s)).toBe(0);
    expect(s.out()).toBe('-20000\n');
  });

  test('--help prints usage on stdout; an unknown option is a usage error', async () => {
    const h = io();
    expect(await runEval(['--help'], h)).toBe(0);
    expect(h.out()).toMatch(/Usage: npm run --silent roi -- eval/);
    const bad = io();
    expect(await runEval(['--bogus'], bad)).toBe(2);
    expect(bad.err()).toMatch(/unknown option "--bogus"/);
    expect(bad.out()).toBe('');
  });

  test('empty input prints nothing and exits 0', async () => {
    const s = io('\n\n');
    expect(await runEval([], s)).toBe(0);
    expect(s.out()).toBe('');
  });
});

describe('JSON formatting', () => {
  test('numbers print to 15 significant digits, as Excel shows them; never -0', () => {
    expect(excelNumber(10000000 * (0.2 + 0.1))).toBe(3000000);
    expect(excelNumber(0.02 / 0.2)).toBe(0.1);
    expect(excelNumber(0.12687658390319787)).toBe(0.126876583903198);
    expect(Object.is(excelNumber(-0), 0)).toBe(true);
    expect(excelNumber(123456789012)).toBe(123456789012);
  });

  test('errors are {"error","message"}, inside arrays too; blanks ""; booleans stay booleans', () => {
    expect(resultToJson(new RoiError('#NUM!', 'why'))).toBe('{"error":"#NUM!","message":"why"}');
    expect(
      resultToJson([
        [1, ''],
        [new RoiError('#N/A', 'x'), 'a'],
      ]),
    ).toBe('[[1,""],[{"error":"#N/A","message":"x"},"a"]]');
    expect(resultToJson(true)).toBe('true');
    expect(resultToJson('output')).toBe('"output"');
    expect(cellToJson(Infinity)).toEqual({ error: '#NUM!', message: expect.any(String) });
  });
});

describe('the roi dispatcher', () => {
  test('--help lists every verb on stdout and exits 0', async () => {
    const s = io();
    expect(await main(['--help'], s)).toBe(0);
    for (const verb of Object.keys(VERBS)) expect(s.out()).toContain(`  ${verb}`);
  });

  test('no verb is a usage error on stderr, exit 2', async () => {
    const s = io();
    expect(await main([], s)).toBe(2);
    expect(s.err()).toMatch(/Usage:/);
    expect(s.out()).toBe('');
  });

  test('"help eval" and "eval --help" give the verb\'s own help', async () => {
    const a = io();
    expect(await main(['help', 'eval'], a)).toBe(0);
    const b = io();
    expect(await main(['eval', '--help'], b)).toBe(0);
    expect(a.out()).toBe(b.out());
    expect(a.out()).toMatch(/one line of JSON per formula/);
  });

  test('a verb named like an Object property is still unknown', async () => {
    const s = io();
    expect(await main(['toString'], s)).toBe(2);
  });

  test('the dispatcher runs eval with the arguments after the verb', async () => {
    const s = io();
    expect(await main(['eval', '=ROI.REQUIREDDEALS(3000000, 50000)'], s)).toBe(0);
    expect(s.out()).toBe('60\n');
  });
});
