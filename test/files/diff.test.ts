/**
 * roi diff on files (src/files/diff.ts): pairs of models written by `roi model`'s own
 * functions with other inputs, with a row inserted, with a formula edited by hand and left
 * with its old cached value, with a cell stuck at #NAME?, and the file Excel saved against
 * itself and against an edited copy. Every file is recalculated before it is compared.
 */
import { diffSentence, subjectOf } from '../../src/formula/diff-words';
import { hasChanges } from '../../src/formula/diff';
import { diffJson, diffPackages, formatDiffReport } from '../../src/files/diff';
import { FIELD_BY_KEY, cellsOf, planModel } from '../../src/features/model';
import { MODEL_DIFF, SENTENCE_LEAD } from '../../src/features/review/compare';
import { writeBatchToXlsx } from '../../src/workbook/xlsx-file';
import { XlsxPackage } from '../../src/xlsx/package';
import {
  MODEL_SHEET,
  cellAt,
  formulaAt,
  inputsWith,
  modelFile,
  modelFileWithRowInserted,
  modelName,
  valueAt,
  withSheetXml,
} from '../helpers/model-files';
import { readFixture, withParts, unzipText } from '../helpers/xlsx-fixtures';

jest.setTimeout(60000);

const open = (b: Uint8Array) => XlsxPackage.open(b, 'test.xlsx');
// As roi diff compares them: the model's id is bookkeeping.
const diff = (a: Uint8Array, b: Uint8Array) => diffPackages(open(a), open(b), MODEL_DIFF);
const plan = planModel(inputsWith(), MODEL_SHEET);
const at = (key: string) => plan.cells[key];
const q = (a: string) => `'${MODEL_SHEET}'!${a}`;
const sentence = (d: Parameters<typeof diffSentence>[0]) => diffSentence(d, SENTENCE_LEAD);
/** The funnel's spilled volumes (column B of its spill), each an output of its own. */
const funnelVolumes = cellsOf(plan.spills.funnel).filter((a) => a.startsWith('B'));

let base: Uint8Array;
beforeAll(async () => {
  base = await modelFile();
});

describe('two models written by roi model', () => {
  test('the same file: nothing changed (exit 0)', () => {
    const d = diff(base, base);
    expect(hasChanges(d)).toBe(false);
    expect(diffJson(d)).toEqual({ inputs: [], formulas: [], outputs: [], other_changes: {} });
  });

  test('two models built apart, each with its own id: the same plan (the id is bookkeeping)', async () => {
    const built = async (id: string) =>
      (await writeBatchToXlsx(planModel(inputsWith(), MODEL_SHEET, { id }).batch)).bytes;
    const [a, b] = [await built('2ec966b3'), await built('878bcc2d')];
    expect(hasChanges(diff(a, b))).toBe(false);
    // Compared without the model's options, the id cell is the one other cell that differs.
    expect(diffJson(diffPackages(open(a), open(b))).other_changes).toEqual({ [MODEL_SHEET]: 1 });
  });

  test('other inputs: each input old -> new, the outputs they moved, with the change in percent and the inputs behind each', async () => {
    const other = await modelFile(
      inputsWith((i) => {
        i.stages[3].rate = 0.21;
        i.averageDealValue = 60_000;
      }),
    );
    const d = diff(base, other);
    const json = diffJson(d) as {
      inputs: unknown[];
      formulas: unknown[];
      outputs: Array<{ cell: string; name: string; old: number; new: number; change_pct: number; because: string[] }>;
      other_changes: unknown;
    };
    expect(json.inputs).toEqual([
      {
        sheet: MODEL_SHEET,
        cell: at('input.averageDealValue'),
        name: modelName('averageDealValue'),
        old: 50_000,
        new: 60_000,
      },
      // A stage rate has no name of its own: the rate's name on its row.
      {
        sheet: MODEL_SHEET,
        cell: at('input.stages.3.rate'),
        name: valueAt(plan, 'input.stages.3.rateName'),
        old: 0.25,
        new: 0.21,
      },
    ]);
    expect(json.formulas).toEqual([]);
    expect(json.other_changes).toEqual({});
    const leads = json.outputs.find((o) => o.cell === at('leads'))!;
    // 60 deals at 50,000 -> 50 deals at 60,000; leads = deals / (0.5 x 0.4 x 0.21).
    expect(leads).toEqual({
      sheet: MODEL_SHEET,
      cell: at('leads'),
      name: modelName('leads'),
      old: 1200,
      new: Math.ceil(50 / (0.5 * 0.4 * 0.21)),
      // (1,191 - 1,200) / 1,200 = -0.75%, rounded half away from zero.
      change_pct: -0.8,
      because: [q(at('input.averageDealValue')), q(at('input.stages.3.rate'))],
    });
    // The revenue gap depends on neither: it did not move.
    expect(json.outputs.map((o) => o.cell)).not.toContain(at('revenueGap'));
    // Every ROI output that moved is listed, the spilled funnel cells each on their own.
    expect(funnelVolumes.length).toBeGreaterThan(1);
    expect(json.outputs.map((o) => o.cell)).toEqual(expect.arrayContaining([at('deals'), at('cac'), ...funnelVolumes]));
    expect(sentence(d)).toBe(
      `2 assumptions changed; leads needed fell from 1,200 to 1,191 (-0.8%) because the average deal value rose from $50,000 to $60,000 and the close rate fell from 25.0% to 21.0%; ${d.outputs.length - 1} other results moved.`,
    );
  });

  test('a row inserted above the inputs: inputs matched by their names, nothing reported but the new row and the changed input', async () => {
    const moved = await modelFileWithRowInserted(
      6,
      'Prepared by finance',
      inputsWith((i) => (i.churnRate = 0.05)),
    );
    const d = diff(base, moved);
    const shift = (a: string) => a.replace(/\d+/, (r) => String(Number(r) + 1));
    expect(d.inputs.map((i) => [i.name, i.old!.address, i.new!.address, i.oldValue, i.newValue])).toEqual([
      [modelName('churnRate'), at('input.churnRate'), shift(at('input.churnRate')), 0.1, 0.05],
    ]);
    // Every formula below moved one row and Excel rewrote its references: not a change.
    expect(d.formulas).toEqual([]);
    expect(d.other.map((o) => [o.old, o.new!.address, o.newContent])).toEqual([
      [undefined, 'A6', 'Prepared by finance'],
    ]);
    const gap = d.outputs.find((o) => o.name === modelName('revenueGap'))!;
    expect(gap.oldValue).toBeCloseTo(3_000_000, 6);
    expect(gap.newValue).toBeCloseTo(2_500_000, 6);
    expect(gap.changePct).toBe(-16.7);
    expect(gap.old!.address).toBe(at('revenueGap'));
    expect(gap.new!.address).toBe(shift(at('revenueGap')));
    expect(gap.because.map((p) => p.address)).toEqual([shift(at('input.churnRate'))]);
    // The input is called what its row's label says (the field's one label).
    const churn = subjectOf({ label: FIELD_BY_KEY.get('churnRate')!.label });
    expect(formatDiffReport('v1.xlsx', 'v2.xlsx', d)).toContain(
      `${q(shift(at('input.churnRate')))} (was ${q(at('input.churnRate'))})  ${modelName('churnRate')}  ${churn}: 10.0% -> 5.0%`,
    );
  });

  test('a formula edited by hand and saved with its old cached value: the formula change, and the output as recalculated', () => {
    // The first argument (the revenue to win) times 1.1, in the file's spelling; the cached 1200 kept.
    const more = (f: string) => f.replace(/(REQUIREDLEADS\([^,]+)/, '$1*1.1');
    const edited = withSheetXml(base, (xml) => {
      const cell = cellAt(xml, at('leads'));
      expect(cell).toContain('<v>1200</v>');
      return xml.replace(cell, more(cell));
    });
    const d = diff(base, edited);
    expect(d.inputs).toEqual([]);
    expect(d.formulas).toEqual([
      expect.objectContaining({
        new: expect.objectContaining({ address: at('leads') }),
        change: 'changed',
        oldFormula: formulaAt(plan, 'leads'),
        newFormula: more(formulaAt(plan, 'leads')),
        roi: true,
      }),
    ]);
    // The cached 1200 is stale: the edited file is recalculated (66 deals / 5% = 1,320 leads).
    const leads = d.outputs.find((o) => o.new?.address === at('leads'))!;
    expect(leads).toMatchObject({ oldValue: 1200, newValue: 1320, changePct: 10 });
    expect(leads.because.map((p) => p.address)).toEqual([at('leads')]);
    expect(sentence(d)).toMatch(/^Leads needed rose from 1,200 to 1,320 \(\+10%\) because its formula changed; /);
  });

  test('a cell stuck at #NAME? (typed while the add-in was not loaded) is recalculated first: not a change', () => {
    const stuck = withSheetXml(base, (xml) => {
      const cell = cellAt(xml, at('cac'));
      const typed = cell
        .replace('<c ', '<c t="e" ')
        .replace('<f t="array"', '<f t="array" aca="1" ca="1"')
        .replace('_xldudf_ROI_CAC(', 'ROI.CAC(')
        .replace(/<v>[^<]*<\/v>/, '<v>#NAME?</v>');
      return xml.replace(cell, typed);
    });
    expect(unzipText(stuck)['xl/worksheets/sheet1.xml']).toContain(formulaAt(plan, 'cac').slice(1));
    expect(hasChanges(diff(stuck, base))).toBe(false);
    expect(hasChanges(diff(base, stuck))).toBe(false);
  });

  test('a stuck cell on one side and a changed input: the output moves from its recalculated value, not from #NAME?', async () => {
    const stuck = withSheetXml(base, (xml) => {
      const cell = cellAt(xml, at('cac'));
      return xml.replace(
        cell,
        cell
          .replace('<c ', '<c t="e" ')
          .replace('_xldudf_ROI_CAC(', 'ROI.CAC(')
          .replace(/<v>[^<]*<\/v>/, '<v>#NAME?</v>'),
      );
    });
    const budget = await modelFile(inputsWith((i) => (i.marketingBudget = 1_200_000)));
    const cac = diff(stuck, budget).outputs.find((o) => o.name === modelName('cac'))!;
    expect(cac).toMatchObject({ oldValue: 1_000_000 / 60, newValue: 1_200_000 / 60, changePct: 20 });
  });
});

describe("the file Excel saved (another add-in's functions, stuck cells, protection)", () => {
  test('against itself: nothing changed', () => {
    const d = diff(readFixture(), readFixture());
    expect(hasChanges(d)).toBe(false);
  });

  test('against a copy with another argument and an ROI formula added: the formula added, the edit counted', () => {
    const fx = readFixture();
    const sheets = unzipText(fx);
    const correct = sheets['xl/worksheets/sheet3.xml'];
    const edited = correct
      .replace('_xldudf_CONTOSO_ADD(1,2)', '_xldudf_CONTOSO_ADD(1,5)')
      .replace(
        '</row></sheetData>',
        '<c r="C1" cm="1"><f t="array" ref="C1">_xldudf_ROI_CAC(1000,4)</f><v>250</v></c></row></sheetData>',
      );
    const copy = withParts(fx, { 'xl/worksheets/sheet3.xml': edited });
    const d = diff(fx, copy);
    expect(diffJson(d)).toEqual({
      inputs: [],
      formulas: [{ sheet: 'Correct', cell: 'C1', change: 'added', old: null, new: '=ROI.CAC(1000,4)' }],
      outputs: [],
      other_changes: { Correct: 1 },
    });
    expect(diffJson(d, true).other_cells).toEqual([
      // Another add-in's function in the spelling the file stores (only ROI's is known to be dotted).
      { sheet: 'Correct', cell: 'A1', old: '=_xldudf_CONTOSO_ADD(1,2)', new: '=_xldudf_CONTOSO_ADD(1,5)' },
    ]);
  });
});
