/**
 * The comparison of two versions (src/formula/diff.ts) and its words (diff-words.ts), on
 * workbooks given as cells: inputs, formulas, outputs, other edits, rows moved on a model
 * sheet, spellings that are not changes, and the sentence on top.
 */
import { parseCell, parseCellRange } from '../../src/base/a1';
import type { XValue } from '../../src/formula/cell-xml';
import {
  cellKey,
  diffBooks,
  hasChanges,
  normalFormula,
  type Book,
  type BookCell,
  type BookName,
} from '../../src/formula/diff';
import { diffSentence, humanName, placeText } from '../../src/formula/diff-words';

type Spec = Record<string, XValue | [string, XValue] | [string, XValue, string] | BookCell>;

/** A book from { Sheet: { A1: value | [formula, value, format?] } }, names and spills ("Sheet!B7" -> "B7:C9"). */
function book(sheets: Record<string, Spec>, names: BookName[] = [], spills: Record<string, string> = {}): Book {
  return {
    sheets: Object.entries(sheets).map(([name, cells]) => ({
      name,
      cells: new Map(
        Object.entries(cells).map(([a, c]) => {
          const { row, col } = parseCell(a)!;
          let cell: BookCell;
          if (Array.isArray(c)) cell = { formula: c[0], value: c[1], ...(c[2] ? { numberFormat: c[2] } : {}) };
          else if (c !== null && typeof c === 'object' && 'value' in c) cell = c as BookCell;
          else cell = { value: c as XValue };
          return [cellKey(row, col), cell];
        }),
      ),
      spills: new Map(
        Object.entries(spills)
          .filter(([k]) => k.startsWith(`${name}!`))
          .map(([k, area]) => {
            const a = parseCell(k.slice(name.length + 1))!;
            return [cellKey(a.row, a.col), parseCellRange(area)!];
          }),
      ),
    })),
    names,
  };
}

const scoped = (name: string, sheet: string, address: string): BookName => ({
  name,
  scope: sheet,
  refersTo: `'${sheet}'!${address.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}`,
});

/** A small model: inputs named on the sheet, an ROI formula on them, a formula on that. */
function model(close: number, leads: number, extra: Spec = {}): Book {
  return book(
    {
      Model: {
        A1: 'Revenue target',
        B1: 3_000_000,
        A2: 'Average deal',
        B2: 50_000,
        A3: 'Lead to SAL',
        B3: 0.5,
        A4: 'SAL to SQO',
        B4: 0.4,
        A5: 'Close rate',
        B5: { value: close, numberFormat: '0%' },
        A6: 'Leads needed',
        B6: ['=ROI.REQUIREDLEADS(ROI_Target,ROI_Deal,B3:B5)', leads, '#,##0'],
        A7: 'Leads a month',
        B7: ['=ROUNDUP(B6/12,0)', Math.ceil(leads / 12)],
        ...extra,
      },
    },
    [scoped('ROI_Target', 'Model', 'B1'), scoped('ROI_Deal', 'Model', 'B2'), scoped('ROI_Leads', 'Model', 'B6')],
  );
}

describe('diffBooks', () => {
  test('the same book: nothing changed, and the sentence says so', () => {
    const d = diffBooks(model(0.25, 1200), model(0.25, 1200));
    expect(hasChanges(d)).toBe(false);
    expect(diffSentence(d)).toBe(
      'The two versions hold the same plan: no assumption, formula, result or other cell changed.',
    );
  });

  test('an input that changed, the outputs it moved with the change in percent, and the input behind each', () => {
    const d = diffBooks(model(0.25, 1200), model(0.21, 1429));
    expect(d.inputs).toEqual([
      expect.objectContaining({
        new: { sheet: 'Model', address: 'B5', row: 4, col: 1 },
        label: 'Close rate',
        oldValue: 0.25,
        newValue: 0.21,
        newFormat: '0%',
      }),
    ]);
    expect(d.formulas).toEqual([]);
    // B7 reads B6 but calls no ROI function and has no ROI_ name: not an output (it follows B6).
    expect(d.outputs.map((o) => [placeText(o.new!), o.name, o.oldValue, o.newValue, o.changePct])).toEqual([
      ['Model!B6', 'ROI_Leads', 1200, 1429, 19.1],
    ]);
    expect(d.outputs[0].because.map(placeText)).toEqual(['Model!B5']);
    expect(d.other).toEqual([]);
    expect(diffSentence(d)).toBe(
      '1 assumption changed; leads needed rose from 1,200 to 1,429 (+19%) because the close rate fell from 25% to 21%.',
    );
  });

  test('an input read through a name, another formula and a range counts; text labels and unrelated numbers do not', () => {
    const b = (deal: number, unrelated: number) =>
      book(
        {
          S: {
            A1: 'Deal',
            B1: deal,
            B2: ['=B1*1', deal],
            C2: 0.5,
            C3: 0.25,
            B4: ['=ROI.REQUIREDDEALS(Target,B2)', Math.ceil(1e6 / deal)],
            Z9: unrelated,
          },
        },
        [{ name: 'Target', refersTo: 'S!$Z$1' }],
      );
    const d = diffBooks(b(50_000, 1), b(40_000, 2));
    expect(d.inputs.map((i) => placeText(i.new!))).toEqual(['S!B1']);
    expect(d.otherCounts).toEqual({ S: 1 });
    expect(d.other.map((o) => [placeText(o.new!), o.oldContent, o.newContent])).toEqual([['S!Z9', '1', '2']]);
  });

  test('ROI spellings, letter case, spaces, _xlfn. prefixes and number spellings are not formula changes', () => {
    const a = book({ S: { A1: 1, B1: ['_xldudf_ROI_CAC(A1,2)+_xlfn.XLOOKUP(1,A1:A2,A1:A2)+0.50', 1] } });
    const b = book({ S: { A1: 1, B1: ['=ROI.CAC( a1 , 2 ) + XLOOKUP(1,A1:A2,A1:A2)+.5', 1] } });
    expect(diffBooks(a, b).formulas).toEqual([]);
    const c = book({ S: { A1: 1, B1: ['[1]!_xldudf_ROI_CAC(A1,2)+XLOOKUP(1,A1:A2,A1:A2)+0.5', 1] } });
    expect(diffBooks(a, c).formulas).toEqual([]);
    expect(normalFormula('=ROI.CAC(A1, "a  B")')).toBe('ROI.CAC(A1,"a  B")');
    // The intersection operator (a space between references) is kept.
    expect(normalFormula('SUM(A1:B2 B1:C3)')).toBe('SUM(A1:B2 B1:C3)');
  });

  test('a formula changed, added and removed, in the spelling Excel shows', () => {
    const a = book({ S: { A1: 1, B1: ['_xldudf_ROI_CAC(A1,2)', 0.5], B2: ['_xldudf_ROI_CAC(A1,4)', 0.25] } });
    const b = book({ S: { A1: 1, B1: ['_xldudf_ROI_CAC(A1,3)', 1 / 3], B3: ['=ROI.LTV(A1,0.8,0.1)', 8] } });
    const d = diffBooks(a, b);
    expect(d.formulas.map((f) => [placeText((f.new ?? f.old)!), f.change, f.oldFormula, f.newFormula, f.roi])).toEqual([
      ['S!B1', 'changed', '=ROI.CAC(A1,2)', '=ROI.CAC(A1,3)', true],
      ['S!B2', 'removed', '=ROI.CAC(A1,4)', undefined, true],
      ['S!B3', 'added', undefined, '=ROI.LTV(A1,0.8,0.1)', true],
    ]);
    // B1 moved because its own formula changed; an output is reported only where both versions have one.
    expect(d.outputs.map((o) => [placeText(o.new!), o.because.map(placeText)])).toEqual([['S!B1', ['S!B1']]]);
    expect(diffSentence(d)).toBe(
      'S!B1 fell from 0.5 to 0.333333333333333 (-33%) because its formula changed; 3 formulas added, removed or changed.',
    );
  });

  test('a row inserted on a model sheet: inputs matched by their names, references moved with their rows, nothing else changed', () => {
    const before = model(0.25, 1200);
    // The same model with a row inserted above "Close rate" (row 5): everything below moves down one.
    const after = book(
      {
        Model: {
          A1: 'Revenue target',
          B1: 3_000_000,
          A2: 'Average deal',
          B2: 50_000,
          A3: 'Lead to SAL',
          B3: 0.5,
          A4: 'SAL to SQO',
          B4: 0.4,
          A5: 'A note typed in',
          A6: 'Close rate',
          B6: { value: 0.2, numberFormat: '0%' },
          A7: 'Leads needed',
          B7: ['=ROI.REQUIREDLEADS(ROI_Target,ROI_Deal,B3:B6)', 1500, '#,##0'],
          A8: 'Leads a month',
          B8: ['=ROUNDUP(B7/12,0)', 125],
        },
      },
      [scoped('ROI_Target', 'Model', 'B1'), scoped('ROI_Deal', 'Model', 'B2'), scoped('ROI_Leads', 'Model', 'B7')],
    );
    const d = diffBooks(before, after);
    expect(d.inputs.map((i) => [placeText(i.old!), placeText(i.new!), i.oldValue, i.newValue])).toEqual([
      ['Model!B5', 'Model!B6', 0.25, 0.2],
    ]);
    // B3:B5 became B3:B6 as Excel rewrites it when a row goes in: not a change.
    expect(d.formulas).toEqual([]);
    expect(d.outputs.map((o) => [placeText(o.old!), placeText(o.new!), o.name, o.because.map(placeText)])).toEqual([
      ['Model!B6', 'Model!B7', 'ROI_Leads', ['Model!B6']],
    ]);
    expect(d.other.map((o) => [o.old, placeText(o.new!), o.newContent])).toEqual([
      [undefined, 'Model!A5', 'A note typed in'],
    ]);
  });

  test('a deleted input row is an input removed; a model sheet renamed is still matched by its ROI_ names', () => {
    const before = model(0.25, 1200);
    const renamed: Book = {
      sheets: [{ ...before.sheets[0], name: 'Plan v2' }],
      names: before.names.map((n) => ({ ...n, scope: 'Plan v2', refersTo: n.refersTo.replace('Model', 'Plan v2') })),
    };
    const d = diffBooks(before, renamed);
    expect(d.sheets.renamed).toEqual([{ old: 'Model', new: 'Plan v2' }]);
    expect(hasChanges(d)).toBe(false);

    const fewer = model(0.25, 1200);
    const s = fewer.sheets[0];
    s.cells.delete(cellKey(3, 0));
    s.cells.delete(cellKey(3, 1));
    const d2 = diffBooks(before, fewer);
    expect(d2.inputs.map((i) => [i.old && placeText(i.old), i.oldValue, i.newValue])).toEqual([
      ['Model!B4', 0.4, null],
    ]);
  });

  test('spills: each spilled cell of an ROI formula is an output; an ROI formula reading a spilled cell reads the spill, not an input', () => {
    const b = (rate: number, top: number) =>
      book(
        {
          S: {
            A1: rate,
            B1: ['ROI.FUNNEL(1000,10,A1:A1,{"Leads","Won"})', 'Leads'],
            C1: top,
            B2: 'Won',
            C2: 100,
            D1: ['=ROI.CAC(5000,C1)', 5000 / top],
          },
        },
        [],
        { 'S!B1': 'B1:C2' },
      );
    const d = diffBooks(b(0.5, 200), b(0.4, 250));
    // C1 is the funnel's (its spill), so D1 moved because of A1, through B1.
    expect(d.inputs.map((i) => placeText(i.new!))).toEqual(['S!A1']);
    expect(d.outputs.map((o) => [placeText(o.new!), o.because.map(placeText)])).toEqual([
      ['S!C1', ['S!A1']],
      ['S!D1', ['S!A1']],
    ]);
    expect(d.other).toEqual([]);
  });

  test('formatting alone is never a change', () => {
    const a = book({ S: { A1: { value: 0.25, numberFormat: '0%' }, B1: ['ROI.CAC(A1,1)', 0.25] } });
    const b = book({ S: { A1: { value: 0.25, numberFormat: '0.00%' }, B1: ['ROI.CAC(A1,1)', 0.25, '$#,##0'] } });
    expect(hasChanges(diffBooks(a, b))).toBe(false);
  });

  test('values that cannot be trusted are reported with their reason', () => {
    const a = book({ S: { A1: 1, B1: { formula: 'ROI.CAC(A1,2)', value: { error: '#NAME?' }, stale: 'stuck' } } });
    const b = book({ S: { A1: 1, B1: ['ROI.CAC(A1,2)', 0.5] } });
    const d = diffBooks(a, b);
    expect(d.stale).toEqual([{ side: 'old', place: expect.objectContaining({ address: 'B1' }), reason: 'stuck' }]);
    expect(d.outputs[0]).toMatchObject({ staleOld: 'stuck', newValue: 0.5 });
  });

  test('sheets added and removed; their cells are other changes', () => {
    const a = book({ Old: { A1: 'x' }, Keep: { A1: 1 } });
    const b = book({ Keep: { A1: 1 }, New: { A1: 'y', A2: 'z' } });
    const d = diffBooks(a, b);
    expect(d.sheets).toEqual({ added: ['New'], removed: ['Old'], renamed: [] });
    expect(d.otherCounts).toEqual({ New: 2, Old: 1 });
    expect(diffSentence(d)).toBe('No assumption, ROI formula or result changed; 3 other cells changed on 2 sheets.');
  });
});

describe('words', () => {
  test('defined names in words', () => {
    expect(humanName('ROI_ChurnRate')).toBe('churn rate');
    expect(humanName('ROI_CAC')).toBe('CAC');
    expect(humanName('ROI_LeadsAtConfidence')).toBe('leads at confidence');
  });
});
