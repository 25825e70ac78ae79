/**
 * `roi calibrate`: the CRM fixtures' --json is exactly the report built in-process and the
 * table is exactly calibrationText's; every option changes what the report says as the
 * same option does in-process; an .xlsx export reads as its CSV does; every bad file is
 * one line and exit 2; a bad option is a usage error (exit 2 with the usage).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { main } from '../../src/cli/roi';
import { calibrate, calibrationText, parseDateCell, type CalibrateOptions } from '../../src/features/calibrate';
import { CRM_DIR, hubspotCsv, salesforceCsv } from '../features/calibrate/crm-fixtures';

jest.setTimeout(60_000);

async function roi(args: string[], opts: { tty?: boolean } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (opts.tty) (stderr as unknown as { isTTY: boolean }).isTTY = true;
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(['calibrate', ...args], { stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

const HUBSPOT = () => path.join(CRM_DIR!, 'hubspot-contacts-export.csv');
const SALESFORCE = () => path.join(CRM_DIR!, 'salesforce-opportunities-report.csv');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-calibrate-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
function write(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** The report as the verb prints it with --json: the in-process report through JSON. */
const asJson = (csv: string, o: CalibrateOptions = {}) => JSON.parse(JSON.stringify(calibrate(csv, o).report));

describe('the fixtures', () => {
  test('HubSpot export: --json is the in-process report, the table is calibrationText', async () => {
    const json = await roi([HUBSPOT(), '--json']);
    expect(json.code).toBe(0);
    expect(json.err).toBe('');
    expect(JSON.parse(json.out)).toEqual(asJson(hubspotCsv()));
    expect(Object.keys(JSON.parse(json.out))).toEqual(['as_of', 'stages', 'groups']);
    const text = await roi([HUBSPOT()]);
    expect(text.code).toBe(0);
    expect(text.out).toBe(`${calibrationText(calibrate(hubspotCsv()))}\n`);
    expect(text.out).toMatch(/^Calibration as of 2025-12-31: 2,400 records/);
  });

  test('Salesforce report: win rates, deal values, cycle', async () => {
    const json = await roi([SALESFORCE(), '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(report).toEqual(asJson(salesforceCsv()));
    expect(Object.keys(report.groups[0])).toEqual([
      'name',
      'opportunities',
      'closed',
      'won',
      'win_rate',
      'win_rate_lower_bound',
      'median_won_value',
      'mean_won_value',
      'median_cycle_days',
    ]);
    const text = await roi([SALESFORCE()]);
    expect(text.out).toBe(`${calibrationText(calibrate(salesforceCsv()))}\n`);
  });

  test('through the dispatcher: roi --help lists the verb', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    await main(['--help'], { stdin: new PassThrough(), stdout, stderr: new PassThrough() });
    expect(out).toMatch(/^ {2}calibrate +measure stage rates/m);
    const help = await roi(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--stages "A,B,\.\.\."/);
  });
});

describe('every option', () => {
  test('--as-of replays the past, as the option does in-process', async () => {
    const r = await roi([HUBSPOT(), '--json', '--as-of', '2025-06-30']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.as_of).toBe('2025-06-30');
    expect(report).toEqual(asJson(hubspotCsv(), { asOf: '2025-06-30' }));
    expect(report.groups[0].transitions[0].counted).toBeLessThan(asJson(hubspotCsv()).groups[0].transitions[0].counted);
  });

  test('--confidence as a fraction or a percentage moves only the bounds', async () => {
    const a = JSON.parse((await roi([HUBSPOT(), '--json', '--confidence', '0.95'])).out);
    const b = JSON.parse((await roi([HUBSPOT(), '--json', '--confidence', '95%'])).out);
    expect(a).toEqual(asJson(hubspotCsv(), { confidence: 0.95 }));
    expect(b).toEqual(a);
    const base = asJson(hubspotCsv());
    expect(a.groups[0].transitions[0].rate).toBe(base.groups[0].transitions[0].rate);
    expect(a.groups[0].transitions[0].lower_bound).toBeLessThan(base.groups[0].transitions[0].lower_bound);
    expect((await roi([HUBSPOT(), '--confidence', '0.95'])).out).toMatch(/95% lower bound/);
  });

  test('--by groups by another column', async () => {
    const r = JSON.parse((await roi([HUBSPOT(), '--json', '--by', 'Lifecycle Stage'])).out);
    expect(r).toEqual(asJson(hubspotCsv(), { by: 'Lifecycle Stage' }));
    expect(r.groups.map((g: { name: string }) => g.name)).toContain('customer');
    expect(r.groups.map((g: { name: string }) => g.name)).not.toContain('Organic Search');
  });

  test('--stages names the date columns, in the order given', async () => {
    const stages = 'Became a Lead Date, Became an Opportunity Date,Became a Customer Date';
    const r = JSON.parse((await roi([HUBSPOT(), '--json', '--stages', stages])).out);
    expect(r.stages).toEqual(['Became a Lead Date', 'Became an Opportunity Date', 'Became a Customer Date']);
    expect(r).toEqual(asJson(hubspotCsv(), { stages: stages.split(',') }));
    expect(r.groups[0].transitions).toHaveLength(2);
  });

  test('bad options are usage errors: exit 2 with the usage', async () => {
    for (const args of [
      ['--confidence', '1.5'],
      ['--confidence', '90'],
      ['--confidence', 'high'],
      ['--as-of', 'yesterday'],
      ['--as-of', ''],
      ['--by', ' '],
      ['--stages', 'Became a Lead Date'],
      ['--stages', 'Became a Lead Date,Became a Lead Date'],
      ['--nope'],
    ]) {
      const r = await roi([HUBSPOT(), ...args]);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^roi calibrate: /);
      if (args[0] !== '--stages') expect(r.err).toMatch(/Usage: npm run --silent roi -- calibrate FILE/);
    }
    const noFile = await roi([]);
    expect(noFile.code).toBe(2);
    expect(noFile.err).toMatch(/give the export to read/);
  });
});

describe('bad files: one line naming the problem, exit 2', () => {
  const HEAD = 'Email,Original Source,Became a Lead Date,Became a Customer Date';
  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => path.join(dir, 'nope.csv'), /nope\.csv: no such file\n$/],
    ['a directory', () => dir, /it is a directory/],
    ['an empty file', () => write('empty.csv', ''), /empty\.csv: The file is empty\.\n$/],
    ['a header alone', () => write('head.csv', `${HEAD}\n`), /header row \(row 1\) but no records/],
    ['not a table', () => write('notes.csv', 'just some notes\nand more\n'), /Not a table: .*fewer than two columns/],
    ['binary', () => write('bin.csv', new Uint8Array([1, 2, 0, 0, 5, 44, 10])), /Not a table: the file is binary/],
    ['no date columns', () => write('people.csv', 'Name,Email\nA,a@example.com\n'), /no date columns to calibrate/],
    [
      'a date that is not one, by row and column',
      () => write('bad.csv', `${HEAD}\na@x.com,Web,2025-01-02,\nb@x.com,Web,2025-01-03,soon\n`),
      /bad\.csv: Row 3, column D \(Became a Customer Date\): "soon" is not a date/,
    ],
    [
      'a day-first date',
      () => write('dmy.csv', `${HEAD}\na@x.com,Web,25/3/2025,\n`),
      /Row 2, column C .*"25\/3\/2025"/,
    ],
    [
      'an unknown --by column',
      () => write('ok.csv', `${HEAD}\na@x.com,Web,2025-01-02,\n`),
      /No column "Region" for grouping/,
    ],
    ['a zip that is not a workbook', () => write('x.xlsx', zipOf('hello.txt')), /x\.xlsx: /],
    ['a truncated workbook', () => write('cut.xlsx', new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0])), /cut\.xlsx: /],
  ];
  test.each(cases)('%s', async (name, file, message) => {
    const r = await roi(name.startsWith('an unknown --by') ? [file(), '--by', 'Region'] : [file()]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^roi calibrate: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

/** A zip holding one small text file (not a workbook). */
function zipOf(name: string): Uint8Array {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { zipSync, strToU8 } = require('fflate') as typeof import('fflate');
  return zipSync({ [name]: strToU8('hello') });
}

/** The CSV as an .xlsx: dates as the serials Excel stores (with a date format), numbers as numbers, on the first sheet. */
async function xlsxOf(csv: string, opts: { offset?: [number, number]; extraSheetFirst?: boolean } = {}) {
  const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Contacts');
  const [r0, c0] = opts.offset ?? [1, 1];
  rows.forEach((row, i) =>
    row.forEach((text, j) => {
      if (text === '') return;
      const cell = sheet.getCell(r0 + i, c0 + j);
      const date = i > 0 && /date/i.test(rows[0][j]) ? parseDateCell(text) : undefined;
      if (typeof date === 'number') {
        cell.value = date;
        cell.numFmt = 'yyyy-mm-dd hh:mm';
      } else cell.value = text;
    }),
  );
  book.addWorksheet('Notes').getCell('A1').value = 'not read';
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('.xlsx exports', () => {
  test("the first sheet's used range reads as the CSV does (the same report, exactly)", async () => {
    const file = write('contacts.xlsx', await xlsxOf(hubspotCsv()));
    const r = await roi([file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(asJson(hubspotCsv()));
    const opp = write('opps.xlsx', await xlsxOf(salesforceCsv()));
    expect(JSON.parse((await roi([opp, '--json'])).out)).toEqual(asJson(salesforceCsv()));
  });

  test("a table away from A1: a bad date is named by the sheet's own row and column", async () => {
    const csv =
      'Email,Source,Became a Lead Date,Became a Customer Date\na@x.com,Web,2025-01-02,\nb@x.com,Web,2025-01-03,soon\n';
    const file = write('moved.xlsx', await xlsxOf(csv, { offset: [4, 3] }));
    const r = await roi([file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/moved\.xlsx: Row 6, column F \(Became a Customer Date\): "soon" is not a date/);
  });

  test('a file named .csv that is a workbook is read as one (by its bytes, not its name)', async () => {
    const file = write('really-a-workbook.csv', await xlsxOf(hubspotCsv()));
    expect(JSON.parse((await roi([file, '--json'])).out)).toEqual(asJson(hubspotCsv()));
  });

  test('an empty workbook has nothing to read', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Empty');
    const file = write('empty.xlsx', new Uint8Array(await book.xlsx.writeBuffer()));
    const r = await roi([file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/empty\.xlsx: The table is empty/);
  });
});

describe('encodings and progress', () => {
  test('Windows-1252 text (Excel\'s "CSV" on Windows) reads its accents', async () => {
    const text =
      'Email,Original Source,Became a Lead Date,Became a Customer Date\na@x.com,Événements,2025-01-02,2025-02-01\n';
    const bytes = new Uint8Array([...text].map((ch) => (ch === 'É' ? 0xc9 : ch === 'é' ? 0xe9 : ch.charCodeAt(0))));
    const r = JSON.parse((await roi([write('latin.csv', bytes), '--json'])).out);
    expect(r.groups[1].name).toBe('Événements');
  });

  test('a big file shows a progress line on a terminal, and nothing on a pipe; stdout is the same', async () => {
    const head = 'Email,Original Source,Became a Lead Date,Became a Marketing Qualified Lead Date\n';
    const line = (i: number) =>
      `contact${i}@example.com,${i % 3 ? 'Web' : 'Events'},2025-0${1 + (i % 9)}-1${i % 10} 10:15,${i % 4 ? '' : `2025-0${1 + (i % 9)}-2${i % 10} 09:00`}\n`;
    const body: string[] = [];
    for (let i = 0; i < 90_000; i++) body.push(line(i));
    const file = write('big.csv', head + body.join(''));
    expect(fs.statSync(file).size).toBeGreaterThan(4 * 1024 * 1024);
    const tty = await roi([file, '--json'], { tty: true });
    const pipe = await roi([file, '--json']);
    expect(tty.code).toBe(0);
    expect(tty.err).toMatch(/^\rroi calibrate: reading big\.csv\.\.\. \d+%/);
    expect(tty.err.endsWith('\r\u001b[K')).toBe(true);
    expect(pipe.err).toBe('');
    expect(tty.out).toBe(pipe.out);
    // A small file on a terminal: no progress.
    expect((await roi([HUBSPOT(), '--json'], { tty: true })).err).toBe('');
  });
});
