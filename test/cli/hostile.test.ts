/**
 * Hostile and huge files through the `roi` verbs, run as users run them (the compiled
 * command, a child process): each file is made here and small on disk, and each run must
 * end with the right exit status and, when refused, one line naming the file and the
 * reason; within 10 s of CPU and 400 MB of memory, measured as the process's own resource
 * usage (generous: the machines are shared); with the input unchanged and no output or
 * temporary file left beside it; and every part of an output it writes well-formed. The
 * commands run one by one in one process of the compiled command (roiServer: Node's and
 * the command's start-up paid once, not for each of some 110 commands), except roi eval's
 * answers to huge input, each in a process of its own (its memory is the bound).
 * test/workbench/xlsx/hostile.test.ts sends the same files through the workbench's reader.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { HOSTILE, type HostileCase } from '../helpers/hostile-cases';
import { buildCli, roi, roiServer, roiStreaming, type RoiRun, type RoiServer } from '../helpers/roi-process';
import { buildWorkbook, unzipText } from '../helpers/xlsx-fixtures';

jest.setTimeout(180_000);

const MAX_CPU_S = 10;
const MAX_RSS_MB = 400;

let dir: string;
/** One process of the compiled command for the tests below that need no process of their own. */
let cli: RoiServer;
beforeAll(() => {
  buildCli();
  cli = roiServer();
});
afterAll(() => cli.close());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-hostile-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function bounded(r: RoiRun, rssMb = MAX_RSS_MB): void {
  expect(r.cpuS).toBeLessThan(MAX_CPU_S);
  expect(r.maxRssMb).toBeLessThan(rssMb);
}

/** Every XML part of a package parses (saxes, no DOCTYPE). */
function expectWellFormed(bytes: Uint8Array): void {
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const parser = new SaxesParser();
    let error: Error | undefined;
    parser.on('error', (e) => (error ??= e));
    parser.on('doctype', () => (error ??= new Error('DOCTYPE')));
    parser.write(strFromU8(data)).close();
    expect(`${name}: ${error?.message ?? 'ok'}`).toBe(`${name}: ok`);
  }
}

function write(name: string, bytes: Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

function expectRefused(r: RoiRun, verb: string, file: string, message: RegExp): void {
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`roi ${verb}: ${file}: `)).toBe(true);
  expect(lines[0]).toMatch(message);
  expect(lines[0]).not.toMatch(/internal error|RangeError|\bat \S+:\d+/);
  expect(r.code).toBe(2);
}

describe('files refused with one line, exit 2, nothing written', () => {
  test.each(HOSTILE.map((c) => [c.name, c] as [string, HostileCase]))('%s', async (_name, c) => {
    const bytes = c.make();
    const input = write('in.xlsx', bytes);
    const out = path.join(dir, 'out.xlsx');
    const recalc = await cli.run(['recalc', input, '--out', out]);
    expectRefused(recalc, 'recalc', input, c.message);
    bounded(recalc);
    const check = await cli.run(['check', input]);
    expectRefused(check, 'check', input, c.message);
    bounded(check);
    const inPlace = await cli.run(['freeze', input, '--in-place']);
    expectRefused(inPlace, 'freeze', input, c.message);
    for (const r of [recalc, check, inPlace]) expect(r.stray).toBe('');
    expect(Buffer.from(fs.readFileSync(input)).equals(Buffer.from(bytes))).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['in.xlsx']);
  });
});

test('an input file over 256 MB is refused before it is read (a sparse file: nothing on disk)', async () => {
  const input = path.join(dir, 'huge.xlsx');
  fs.writeFileSync(input, buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: '' }] }));
  fs.truncateSync(input, 300 * 1024 * 1024);
  const r = await cli.run(['recalc', input]);
  expectRefused(r, 'recalc', input, /too large: the file is larger \(300 MB\); the limit is 256 MB/);
  bounded(r);
});

describe('big but valid files: calculated within bounds, sparse', () => {
  test('one value in XFD1048576 (a 2 KB file): an ROI call and an Excel formula over it are calculated', async () => {
    const sheet =
      '<row r="1"><c r="A1" cm="1"><f t="array" ref="A1">_xldudf_ROI_CAC(XFD1048576,2)</f><v>1</v></c><c r="B1"><f>XFD1048576*2</f><v>1</v></c></row>' +
      '<row r="1048576"><c r="XFD1048576"><v>600</v></c></row>';
    const bytes = buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: sheet, dimension: 'A1:XFD1048576' }] });
    expect(bytes.length).toBeLessThan(8000);
    const input = write('far.xlsx', bytes);
    const out = path.join(dir, 'out.xlsx');
    const r = await cli.run(['recalc', input, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    bounded(r);
    expect(r.stdout).toMatch(/Sheet1!A1 {2}=_xldudf_ROI_CAC\(XFD1048576,2\) {2}1 -> 300/);
    // Excel's own formula is calculated too (by the engine, sparse); its cached value is Excel's word.
    expect(r.stdout).toMatch(/Sheet1!B1 {2}=XFD1048576\*2 {2}Excel 1, engine 1200/);
    const written = fs.readFileSync(out);
    expectWellFormed(written);
    expect(unzipText(written)['xl/worksheets/sheet1.xml']).toContain('<c r="XFD1048576"><v>600</v></c>');
    const check = await cli.run(['check', out]);
    expect(check.code).toBe(0);
    bounded(check);
  });

  test('formulas that would make the engine read or fill billions of cells keep their cached values, with the reason', async () => {
    const sheet =
      '<row r="1"><c r="A1"><v>5</v></c><c r="B1"><f>SUM(A1:XFD1048576)</f><v>5</v></c><c r="C1" cm="1"><f t="array" ref="C1">_xlfn.SEQUENCE(1048576,16384)</f><v>1</v></c>' +
      '<c r="D1"><f>SUM(A:A)</f><v>1</v></c><c r="E1" cm="1"><f t="array" ref="E1">_xldudf_ROI_CAC(A1,1)</f><v>1</v></c>' +
      '<c r="F1" cm="1"><f t="array" ref="F1">A1:A400000+TRANSPOSE(A1:A400000)</f><v>1</v></c></row>';
    // A defined name's range is held by the engine as soon as it is given the name, used or not.
    const definedNames = '<definedName name="Everything">Sheet1!$A$1:$XFD$1048576</definedName>';
    const input = write(
      'huge-ranges.xlsx',
      buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: sheet }], definedNames }),
    );
    const r = await cli.run(['recalc', input]);
    expect(r.code).toBe(0);
    bounded(r);
    expect(r.stdout).toMatch(
      /Sheet1!B1 {2}=SUM\(A1:XFD1048576\) {2}reads 17,179,869,184 cells through its ranges, more than the engine is given \(1,000,000\): cached value kept/,
    );
    expect(r.stdout).toMatch(/Sheet1!C1 {2}=_xlfn\.SEQUENCE\(1048576,16384\) {2}would fill 17,179,869,184 cells/);
    // A whole column is read as far as the file goes: calculated.
    expect(r.stdout).toMatch(/Sheet1!D1 {2}=SUM\(A:A\) {2}Excel 1, engine 5/);
    expect(r.stdout).toMatch(/Sheet1!E1 {2}=_xldudf_ROI_CAC\(A1,1\) {2}1 -> 5/);
    expect(r.stdout).toMatch(/Sheet1!F1 {2}=A1:A400000\+TRANSPOSE\(A1:A400000\) {2}would fill 160,000,000,000 cells/);
    expect(r.stdout).toContain(
      'defined name Everything not used by the engine: names 17,179,869,184 cells, more than the engine is given (1,000,000)',
    );
    // Every verb that calculates takes the same guard.
    const check = await cli.run(['check', input]);
    expect(check.stdout).toMatch(/Sheet1!E1 {2}=_xldudf_ROI_CAC\(A1,1\) {2}cached 1 {2}recomputed 5 {2}DISAGREES/);
    expect(check.code).toBe(1);
    bounded(check);
    const out = path.join(dir, 'frozen.xlsx');
    const freeze = await cli.run(['freeze', input, '--out', out]);
    expect(freeze.code).toBe(0);
    bounded(freeze);
    expectWellFormed(fs.readFileSync(out));
  });

  test('an array formula whose ref covers B1:XFD100000 costs what its cells cost', async () => {
    const sheet =
      '<row r="1"><c r="A1"><v>5</v></c><c r="B1" cm="1"><f t="array" ref="B1:XFD100000">_xldudf_ROI_CAC(A1,1)</f><v>1</v></c><c r="C1"><v>7</v></c></row>' +
      '<row r="100000"><c r="XFD100000"><v>9</v></c></row>';
    const input = write('ref.xlsx', buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: sheet }] }));
    const out = path.join(dir, 'out.xlsx');
    const r = await cli.run(['recalc', input, '--out', out]);
    expect(r.code).toBe(0);
    bounded(r);
    const xml = unzipText(fs.readFileSync(out))['xl/worksheets/sheet1.xml'];
    expectWellFormed(fs.readFileSync(out));
    // The call gives one value: its stale ref shrinks to B1, the cells it no longer covers are cleared.
    expect(xml).toContain('<f t="array" ref="B1">_xldudf_ROI_CAC(A1,1)</f><v>5</v>');
    expect(xml).not.toContain('<v>7</v>');
    expect(xml).not.toContain('<v>9</v>');
  });
});

describe('text XML cannot carry comes out escaped, and the output parses', () => {
  const NAMES = ['Leads _xFFFF_', 'SQL_x0001_', '_x005F_x0041_ literal', 'tab\there'];
  test('recalc --in-place of stage names holding _xFFFF_ and controls: well-formed, the same names read back', async () => {
    const names = NAMES.map(
      (n, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t xml:space="preserve">${n}</t></is></c><c r="B${i + 1}"><v>${[0.5, 0.4, 0.25, 1][i]}</v></c></row>`,
    );
    const funnel =
      '<row r="6"><c r="C6" cm="1"><f t="array" ref="C6:D9">_xldudf_ROI_FUNNEL(3000000,50000,B1:B3,A1:A4)</f><v>1</v></c></row>';
    const input = write(
      'names.xlsx',
      buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: names.join('') + funnel }] }),
    );
    const r = await cli.run(['recalc', input, '--in-place']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    bounded(r);
    const bytes = fs.readFileSync(input);
    expectWellFormed(bytes);
    const ev = await cli.run(['check', input, '--json']);
    expect(ev.code).toBe(0);
    const json = JSON.parse(ev.stdout) as { formulas: Array<{ recomputed: string }> };
    expect(json.formulas[0].recomputed).toContain('[spills 4x2]');
    const xml = unzipText(bytes)['xl/worksheets/sheet1.xml'];
    expect(xml).toContain('_xFFFF_');
    expect(xml).toContain('_x0001_');
    // A literal "_x0041_" (written _x005F_x0041_) stays literal in the spill, not "A".
    expect(xml).toContain('<c r="C8" t="str"><v>_x005F_x0041_ literal</v></c>');
    expect(xml).toContain('<c r="C6" t="str" cm="1"><f t="array" ref="C6:D9">');
  });

  test('roi model with a stage name holding U+FFFF, a control character and a literal _x0041_ writes a file that parses', async () => {
    const inputs = path.join(dir, 'in.json');
    fs.writeFileSync(
      inputs,
      JSON.stringify({
        stages: [
          { name: 'Leads \uffff', rate: 0.5 },
          { name: 'SQL \u0001 _x0041_', rate: 0.4 },
          { name: 'Won', rate: 0.25 },
        ],
      }),
    );
    const out = path.join(dir, 'model.xlsx');
    const r = await cli.run(['model', '--out', out, '--inputs', inputs]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectWellFormed(fs.readFileSync(out));
    const xml = Object.values(unzipText(fs.readFileSync(out))).join('');
    expect(xml).toContain('_xFFFF_');
    expect(xml).toContain('_x005F_x0041_');
  });
});

describe('workbook text is escaped for the terminal in every output', () => {
  test('escape sequences and bidi controls in sheet text never reach stdout raw', async () => {
    const sheet =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>x_x001B_[2J_x001B_[Hgone</t></is></c><c r="B1"><v>0.25</v></c></row>' +
      `<row r="2"><c r="A2" cm="1"><f t="array" ref="A2">_xldudf_ROI_REQUIREDLEADS(3000000,50000,B1,"\u202eevil_x001B_[31m")</f><v>1</v></c></row>`;
    const input = write('esc.xlsx', buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: sheet }] }));
    for (const args of [
      ['recalc', input],
      ['check', input],
      ['recalc', input, '--json'],
      ['check', input, '--json'],
    ]) {
      const r = await cli.run(args);
      expect(r.code).toBeLessThan(2);
      for (const text of [r.stdout, r.stderr]) {
        expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }
      expect(r.stdout).toMatch(/\\u202E|\\u001B/i);
    }
  });
});

describe('where the output goes', () => {
  const good = () =>
    buildWorkbook({
      sheets: [
        {
          name: 'Sheet1',
          sheetData: '<row r="1"><c r="A1" cm="1"><f t="array" ref="A1">_xldudf_ROI_CAC(600,2)</f><v>1</v></c></row>',
        },
      ],
    });

  test('a symbolic link as --out is refused and what it points to is untouched', async () => {
    const input = write('in.xlsx', good());
    const target = path.join(dir, 'precious.txt');
    fs.writeFileSync(target, 'keep me');
    const link = path.join(dir, 'out.xlsx');
    fs.symlinkSync(target, link);
    const r = await cli.run(['recalc', input, '--out', link]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^roi recalc: cannot write .*out\.xlsx: it is a symbolic link/);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['in.xlsx', 'out.xlsx', 'precious.txt']);
    const model = await cli.run(['model', '--out', link, '--force']);
    expect(model.code).toBe(1);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
  });

  test('a device as --out or as the input is refused', async () => {
    const input = write('in.xlsx', good());
    const r = await cli.run(['recalc', input, '--out', '/dev/null']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^roi recalc: cannot write \/dev\/null: not a regular file/);
    const z = await cli.run(['check', '/dev/zero']);
    expect(z.code).toBe(2);
    expect(z.stderr.trim()).toBe('roi check: /dev/zero: not a regular file (a device, a pipe or a socket)');
    bounded(z);
  });

  test('--in-place keeps the file mode (0600 stays 0600)', async () => {
    const input = write('in.xlsx', good());
    fs.chmodSync(input, 0o600);
    const r = await cli.run(['recalc', input, '--in-place']);
    expect(r.code).toBe(0);
    expect(fs.statSync(input).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['in.xlsx']);
  });
});

describe('roi eval keeps answering', () => {
  test('=SEQUENCE(10000,10000), a 600 MB line, REPT("x",1e8), then an ordinary formula', async () => {
    const r = await roiStreaming(['eval'], async (stdin) => {
      const write = (s: string | Buffer) =>
        new Promise<void>((resolve) => (stdin.write(s) ? resolve() : stdin.once('drain', () => resolve())));
      await write('=SEQUENCE(10000,10000)\n');
      const mb = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 600; i++) await write(mb);
      await write('\n=REPT("x",1e8)\n=ROI.CAC(600000,30)\n');
    });
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0])).toEqual({ error: '#VALUE!', message: expect.stringMatching(/^too large: .*memory/) });
    expect(JSON.parse(lines[1])).toEqual({
      error: '#VALUE!',
      message: expect.stringMatching(/^too large: the formula is over 629,145,600 characters long; the limit is 8,192/),
    });
    expect(JSON.parse(lines[2])).toEqual({
      error: '#VALUE!',
      message: expect.stringMatching(/^too large: a text of 100,000,000/),
    });
    expect(JSON.parse(lines[3])).toBe(20000);
    expect(r.code).toBe(0);
    expect(r.maxRssMb).toBeLessThan(600);
  });

  test('a result of more than 1,000,000 cells is an error object', () => {
    const r = roi(['eval', '=SEQUENCE(1001,1000)', '=SUM(SEQUENCE(1000,1000))']);
    const lines = r.stdout.trim().split('\n');
    expect(JSON.parse(lines[0]).message).toMatch(/^too large: the result has 1,001,000 cells/);
    expect(JSON.parse(lines[1])).toBe(500000500000);
    bounded(r, 600);
  });
});
