/**
 * `roi diff OLD.xlsx NEW.xlsx [--json] [--all]`: the JSON of issue 18, the text report,
 * the exit status (0 nothing changed, 1 something did, 2 a bad file or usage), and that it
 * writes nothing.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { run as diff } from '../../src/cli/diff';
import { main } from '../../src/cli/roi';
import { terminalSafe } from '../../src/files/diff';
import { planModel } from '../../src/features/model';
import { MODEL_SHEET, inputsWith, modelFile, modelName } from '../helpers/model-files';
import { buildWorkbook } from '../helpers/xlsx-fixtures';

jest.setTimeout(60000);

const plan = planModel(inputsWith(), MODEL_SHEET);
const q = (key: string) => `'${MODEL_SHEET}'!${plan.cells[key]}`;
const growth = plan.cells['input.growthRate'];

async function call(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await diff(args, { stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

let dir: string;
let v1: string;
let v2: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-diff-'));
  v1 = path.join(dir, 'plan v1.xlsx');
  v2 = path.join(dir, 'plan v2.xlsx');
  fs.writeFileSync(v1, await modelFile());
  fs.writeFileSync(v2, await modelFile(inputsWith((i) => (i.growthRate = 0.25))));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const listing = () =>
  fs
    .readdirSync(dir)
    .map((f) => `${f}:${fs.statSync(path.join(dir, f)).mtimeMs}`)
    .sort();

describe('roi diff', () => {
  test('--json: the shape of issue 18; exit 1 when something changed; nothing written', async () => {
    const before = listing();
    const r = await call([v1, v2, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['inputs', 'formulas', 'outputs', 'other_changes']);
    expect(json.inputs).toEqual([
      { sheet: MODEL_SHEET, cell: growth, name: modelName('growthRate'), old: 0.2, new: 0.25 },
    ]);
    expect(json.formulas).toEqual([]);
    expect(json.other_changes).toEqual({});
    for (const o of json.outputs) {
      expect(Object.keys(o)).toEqual(['sheet', 'cell', 'name', 'old', 'new', 'change_pct', 'because']);
      expect(o.because).toEqual([q('input.growthRate')]);
    }
    // 10M x (20% + 10%) = 3.0M -> 10M x (25% + 10%) = 3.5M: the first output on the sheet.
    expect(json.outputs[0]).toEqual({
      sheet: MODEL_SHEET,
      cell: plan.cells.revenueGap,
      name: modelName('revenueGap'),
      old: 3_000_000,
      new: 3_500_000,
      change_pct: 16.7,
      because: [q('input.growthRate')],
    });
    expect(listing()).toEqual(before);
  });

  test('the same file twice: exit 0, and the text says nothing changed', async () => {
    const r = await call([v1, v1]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `${v1} -> ${v1}\nThe two versions hold the same plan: no assumption, formula, result or other cell changed.\n`,
    );
  });

  test('the text report: the sentence on top, then inputs and outputs with the inputs behind them', async () => {
    const r = await call([v1, v2]);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[1]).toBe(
      `1 assumption changed; leads needed rose from 1,200 to 1,400 (+17%) because the growth target rose from 20.0% to 25.0%; ${
        JSON.parse((await call([v1, v2, '--json'])).out).outputs.length - 1
      } other results moved.`,
    );
    expect(r.out).toContain(
      `Inputs changed (1):\n  ${q('input.growthRate')}  ${modelName('growthRate')}  growth target: 20.0% -> 25.0%\n`,
    );
    expect(r.out).toContain(
      `  ${q('leads')}  ${modelName('leads')}  leads needed rose from 1,200 to 1,400 (+17%)  because ${q('input.growthRate')}`,
    );
  });

  test("a workbook's text reaches the terminal with control and bidi characters escaped", async () => {
    const book = (text: string) =>
      buildWorkbook({
        sheets: [{ name: 'S', sheetData: `<row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row>` }],
      });
    const a = path.join(dir, 'a.xlsx');
    const b = path.join(dir, 'b.xlsx');
    fs.writeFileSync(a, book('plain'));
    fs.writeFileSync(b, book('evil\u202eeulav'));
    const text = await call([a, b, '--all']);
    expect(text.code).toBe(1);
    expect(text.out).toContain('S!A1  "plain" -> "evil\\u202eeulav"');
    expect(text.out).not.toContain('\u202e');
    const json = await call([a, b, '--all', '--json']);
    expect(json.out).not.toContain('\u202e');
    expect(JSON.parse(json.out).other_cells).toEqual([
      { sheet: 'S', cell: 'A1', old: 'plain', new: 'evil\u202eeulav' },
    ]);
    expect(terminalSafe('a\u001b[2Jb\tc\nd')).toBe('a\\u001b[2Jb\tc\nd');
    fs.rmSync(a);
    fs.rmSync(b);
  });

  test('a bad file: one line naming it, exit 2', async () => {
    const csv = path.join(dir, 'data.xlsx');
    fs.writeFileSync(csv, 'Region,Revenue\nEMEA,100\n');
    const missing = await call([v1, path.join(dir, 'nope.xlsx')]);
    expect(missing.code).toBe(2);
    expect(missing.out).toBe('');
    expect(missing.err).toBe(`roi diff: ${path.join(dir, 'nope.xlsx')}: no such file\n`);
    const bad = await call([csv, v1]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/^roi diff: .*data\.xlsx: not an \.xlsx file/);
    fs.rmSync(csv);
  });

  test('usage: two files are needed; --help prints the usage; the dispatcher knows the verb', async () => {
    const one = await call([v1]);
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/^roi diff: give the two workbooks to compare \(OLD\.xlsx NEW\.xlsx\)/);
    const three = await call([v1, v2, v1]);
    expect(three.code).toBe(2);
    const help = await call(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: roi diff OLD\.xlsx NEW\.xlsx \[--json\] \[--all\]/);
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    await main(['--help'], { stdin: new PassThrough(), stdout, stderr: new PassThrough() });
    // The verb's line of the command list (its column as wide as the longest verb needs).
    expect(out).toMatch(/\n {2}diff +compare two versions of a workbook/);
  });
});
