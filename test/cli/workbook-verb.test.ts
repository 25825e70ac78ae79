import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { run as check } from '../../src/cli/check';
import { run as freeze } from '../../src/cli/freeze';
import { run as recalc } from '../../src/cli/recalc';
import { run as thaw } from '../../src/cli/thaw';
import type { CliIo } from '../../src/cli/io';
import { buildWorkbook, modelSheetData, readFixture, unzipText } from '../helpers/xlsx-fixtures';

// The engine's first evaluation in a worker warms HyperFormula up; a loaded CI machine needs headroom.
jest.setTimeout(30000);

type Verb = (args: string[], io: CliIo) => Promise<number>;

async function call(verb: Verb, args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await verb(args, { stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-xlsx-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const STUCK =
  '<row r="7"><c r="B7" t="e" cm="1"><f t="array" aca="1" ref="B7" ca="1">ROI.REQUIREDLEADS(B1,B2,B3:B5)</f><v>#NAME?</v></c></row>';
function write(name: string, bytes: Uint8Array | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}
const good = () =>
  write(
    'model.xlsx',
    buildWorkbook({
      sheets: [{ name: 'Model', sheetData: modelSheetData({ cachedLeads: 1100 }) + STUCK, protected: true }],
    }),
  );

describe('bad input: one line naming the file and the reason, exit 2, no stack trace', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => path.join(dir, 'nope.xlsx'), /nope\.xlsx: no such file/],
    ['a directory', () => dir, /is a directory/],
    [
      'a CSV renamed .xlsx',
      () => write('data.xlsx', 'Region,Revenue\nEMEA,100\n'),
      /data\.xlsx: not an \.xlsx file \(not a zip archive\)/,
    ],
    [
      'a truncated zip',
      () => write('cut.xlsx', readFixture().subarray(0, 3000)),
      /cut\.xlsx: the zip archive is damaged or truncated/,
    ],
    [
      'a password-protected file (OLE compound file)',
      () => {
        const b = Buffer.alloc(4096);
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b);
        return write('secret.xlsx', b);
      },
      /secret\.xlsx: the file is password-protected/,
    ],
    ['an empty file', () => write('empty.xlsx', ''), /empty\.xlsx: the file is empty/],
  ];
  for (const [what, make, message] of cases) {
    for (const [name, verb, extra] of [
      ['recalc', recalc, []],
      ['check', check, []],
      ['freeze', freeze, ['--out', 'OUT']],
      ['thaw', thaw, ['--out', 'OUT']],
    ] as Array<[string, Verb, string[]]>) {
      test(`${name}: ${what}`, async () => {
        const file = make();
        const out = path.join(dir, 'out.xlsx');
        const r = await call(verb, [file, ...extra.map((a) => (a === 'OUT' ? out : a))]);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.err.trim().split('\n')).toHaveLength(1);
        expect(r.err).not.toMatch(/\n\s+at /);
        expect(r.err.startsWith(`roi ${name}: `)).toBe(true);
        expect(fs.existsSync(out)).toBe(false);
      });
    }
  }

  test('usage errors are exit 2 too', async () => {
    expect((await call(recalc, [])).code).toBe(2);
    expect((await call(freeze, [good()])).err).toMatch(/--out/);
    expect((await call(check, [good(), '--bogus'])).code).toBe(2);
    const f = good();
    const same = await call(recalc, [f, '--out', f]);
    expect(same.code).toBe(2);
    expect(same.err).toMatch(/--in-place/);
  });

  test('an OUT in a directory that does not exist: exit 2, nothing written, IN untouched', async () => {
    const f = good();
    const before = fs.readFileSync(f);
    const r = await call(recalc, [f, '--out', path.join(dir, 'missing', 'out.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot write/);
    expect(fs.readdirSync(dir)).toEqual(['model.xlsx']);
    expect(fs.readFileSync(f).equals(before)).toBe(true);
  });
});

describe('the verbs', () => {
  test('recalc reports without writing; --out writes a repaired copy and leaves IN alone', async () => {
    const f = good();
    const before = fs.readFileSync(f);
    const r = await call(recalc, [f]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Model!B6 {2}=_xldudf_ROI_REQUIREDLEADS\(B1,B2,B3:B5\) {2}1100 -> 1200/);
    expect(r.out).toMatch(/Model!B7 {2}=ROI\.REQUIREDLEADS\(B1,B2,B3:B5\) {2}\(stuck/);
    const out = path.join(dir, 'fixed.xlsx');
    const w = await call(recalc, [f, '--out', out]);
    expect(w.code).toBe(0);
    expect(fs.readFileSync(f).equals(before)).toBe(true);
    expect(unzipText(new Uint8Array(fs.readFileSync(out)))['xl/worksheets/sheet1.xml']).toContain(
      '<c r="B7" cm="1"><f t="array" ref="B7">_xldudf_ROI_REQUIREDLEADS(B1,B2,B3:B5)</f><v>1200</v></c>',
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['fixed.xlsx', 'model.xlsx']);
  });

  test('recalc --in-place rewrites IN; --json prints the report as JSON', async () => {
    const f = good();
    const r = await call(recalc, [f, '--in-place', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.stale).toEqual([expect.objectContaining({ cell: 'Model!B6', old: '1100', new: '1200' })]);
    expect(json.wrote).toBe(f);
    expect((await call(check, [f])).code).toBe(0);
  });

  test('check exits 1 on a stale cached value and 0 once recalculated', async () => {
    const f = good();
    const r = await call(check, [f, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.disagreements).toBe(2);
    expect(json.formulas.map((x: { cell: string; status: string }) => `${x.cell} ${x.status}`)).toEqual([
      'Model!B6 disagrees',
      'Model!B7 disagrees',
    ]);
    const out = path.join(dir, 'fixed.xlsx');
    await call(recalc, [f, '--out', out]);
    const ok = await call(check, [out]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/0 disagree/);
  });

  test('freeze then thaw through the command line', async () => {
    const f = good();
    const frozen = path.join(dir, 'frozen.xlsx');
    const thawed = path.join(dir, 'thawed.xlsx');
    expect((await call(freeze, [f, '--out', frozen])).code).toBe(0);
    const fz = unzipText(new Uint8Array(fs.readFileSync(frozen)));
    expect(fz['xl/worksheets/sheet1.xml']).not.toMatch(/ROI_/);
    expect((await call(check, [frozen])).out).toMatch(/0 ROI formulas/);
    const t = await call(thaw, [frozen, '--out', thawed]);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/restored 2 ROI formulas/);
    expect((await call(check, [thawed])).code).toBe(0);
    const again = await call(thaw, [thawed, '--out', path.join(dir, 'x.xlsx')]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/no ROI_Ledger sheet/);
  });

  test('`npm run roi -- check` runs as users run it (dispatcher, exit status)', () => {
    const f = good();
    const r = spawnSync(
      process.execPath,
      [
        path.join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(__dirname, '..', '..', 'src', 'cli', 'roi.ts'),
        'check',
        f,
      ],
      { encoding: 'utf8', timeout: 60000 },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Model!B6/);
    const bad = spawnSync(
      process.execPath,
      [
        path.join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(__dirname, '..', '..', 'src', 'cli', 'roi.ts'),
        'recalc',
        path.join(dir, 'nope.xlsx'),
      ],
      { encoding: 'utf8', timeout: 60000 },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 60000);
});
