/**
 * The lead-source scorecard on the engine adapter: headers matched by synonyms, bad input
 * refused with a clear message and nothing written, the scorecard beside the table (or on
 * a new sheet when the cells beside are taken), every formula evaluating to the core's
 * numbers, the pane's preview equal to the sheet, one batch per action.
 */
import { callFunction, isRoiError, type CellValue } from '../../../src/core';
import { InputProblem, MAX_ROWS, regionAround } from '../../../src/features/reading/selection';
import {
  buildScorecard,
  checkSources,
  matchHeaders,
  planScorecard,
  readSourceTable,
  scoreSentences,
  scoreSources,
  tableFromSelection,
  type SourceTable,
} from '../../../src/features/lead-sources/scorecard';
import { parseBox } from '../../../src/base/a1';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';
import type { WriteBatch } from '../../../src/workbook/port';

const HEADER = ['Source', 'Leads', 'Qualified opps', 'Won', 'Revenue ($)', 'Cost ($)'];
const SOURCES: Array<[string, number, number, number, number, number]> = [
  ['Trade show', 2300, 23, 5, 250000, 90000],
  ['Webinar', 200, 40, 8, 400000, 15000],
  ['Content', 800, 60, 10, 500000, 40000],
  ['Paid search', 1200, 36, 6, 300000, 60000],
  ['Referral', 60, 20, 7, 350000, 5000],
];

function workbook(rows: unknown[][] = [HEADER, ...SOURCES]): EngineWorkbook {
  return createEngineWorkbook({ sheets: { Sources: rows as never } });
}

/** Counts applyBatch calls and keeps the batches. */
function spyBatches(wb: EngineWorkbook): WriteBatch[] {
  const batches: WriteBatch[] = [];
  const original = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b: WriteBatch) => {
    batches.push(b);
    return original(b);
  };
  return batches;
}

async function snapshot(wb: EngineWorkbook, sheet: string, range: string) {
  return wb.readRange(sheet, range);
}

const num = (v: unknown) => (typeof v === 'number' ? v : NaN);

describe('matching headers', () => {
  test('the usual names, with units and plurals', () => {
    expect(matchHeaders(HEADER)).toEqual({ name: 0, leads: 1, qualified: 2, won: 3, revenue: 4, cost: 5 });
    expect(matchHeaders(['Channel', '# of Leads', 'SQLs', 'Deals won', 'Bookings', 'Spend'])).toEqual({
      name: 0,
      leads: 1,
      qualified: 2,
      won: 3,
      revenue: 4,
      cost: 5,
    });
  });

  test('ratio columns never stand in for counts or money; "Qualified leads" is qualified, not leads', () => {
    const m = matchHeaders(['Campaign', 'Cost per lead', 'Leads', 'Qualified leads', 'Lead-to-opp rate', 'Total cost']);
    expect(m).toEqual({ name: 0, leads: 2, qualified: 3, cost: 5 });
  });

  test('headers it cannot match are left for the dropdowns', () => {
    const m = matchHeaders(['Foo', 'Bar', 'Baz']);
    expect(m.leads).toBeUndefined();
    expect(m.qualified).toBeUndefined();
    const table: SourceTable = {
      sheet: 'S',
      box: { top: 0, left: 0, bottom: 1, right: 2 },
      headers: ['Foo', 'Bar', 'Baz'],
      cells: [['a', 1, 2]],
    };
    const check = checkSources(table, m);
    expect(check.problems.join(' ')).toMatch(/No column is picked for Leads/);
    expect(check.problems.join(' ')).toMatch(/Qualified opportunities/);
  });
});

describe('bad input writes nothing', () => {
  async function attempt(rows: unknown[][], select: string) {
    const wb = workbook(rows);
    const batches = spyBatches(wb);
    await wb.select('Sources', select);
    let message = '';
    try {
      const t = await readSourceTable(wb);
      await buildScorecard(wb, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    } catch (e) {
      expect(e).toBeInstanceOf(InputProblem);
      message = (e as Error).message;
    }
    expect(batches).toHaveLength(0);
    return message;
  }

  test('a selection with no numbers', async () => {
    expect(await attempt([HEADER, ['a', 'b', 'c', 'd', 'e', 'f']], 'A1:F2')).toMatch(/has no numbers/);
  });

  test('text in a numeric column names the row, the column and the text', async () => {
    const rows = [HEADER, ...SOURCES.map((r) => [...r])];
    rows[3][1] = 'n/a';
    expect(await attempt(rows, 'A1:F6')).toMatch(/Row 4 \(Content\): Leads holds the text "n\/a"/);
  });

  test('a header it cannot match', async () => {
    const rows = [
      ['Thing', 'Count', 'Other'],
      ['x', 1, 2],
    ];
    expect(await attempt(rows, 'A1:C2')).toMatch(/No column is picked for Leads/);
  });

  test('no header row, a header row alone, a total row', async () => {
    expect(await attempt([[1, 2, 3]], 'A1:C1')).toMatch(/first row of the selection should be the headers/);
    expect(await attempt([HEADER], 'A1:F1')).toMatch(/has no numbers|only a header/);
    expect(await attempt([HEADER, ...SOURCES, ['Total', 4560, 179, 36, 1800000, 210000]], 'A1:F7')).toMatch(
      /looks like a total/,
    );
  });

  test('a selection over 100,000 rows is refused before it is read', async () => {
    const wb = workbook();
    const batches = spyBatches(wb);
    const reads: string[] = [];
    const read = wb.readRange.bind(wb);
    wb.readRange = async (s, a) => {
      reads.push(a);
      return read(s, a);
    };
    wb.usedRange = async () => `A1:F${MAX_ROWS + 5}`;
    await wb.select('Sources', `A1:F${MAX_ROWS + 5}`);
    await expect(readSourceTable(wb)).rejects.toThrow(/100,005 rows; Outcome ROI reads at most 100,000/);
    expect(reads).toHaveLength(0);
    expect(batches).toHaveLength(0);
  });

  test('a confidence or margin out of range is refused with the core message', async () => {
    const wb = workbook();
    await wb.select('Sources', 'A1:F6');
    const t = await readSourceTable(wb);
    await expect(buildScorecard(wb, t, matchHeaders(t.headers), { confidence: 90, grossMargin: 0.7 })).rejects.toThrow(
      /Confidence/,
    );
    await expect(buildScorecard(wb, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 70 })).rejects.toThrow(
      /Gross margin/,
    );
  });

  test('whole columns are cut to the used range', async () => {
    const wb = workbook();
    wb.getSelection = async () => ({ sheet: 'Sources', address: 'A:F' }); // as Excel reports whole columns
    const t = await readSourceTable(wb);
    expect(t.cells).toHaveLength(5);
    expect(t.box).toEqual({ top: 0, left: 0, bottom: 5, right: 5 });
  });
});

describe('the scorecard beside the table', () => {
  async function built(options = { confidence: 0.9, grossMargin: 0.7 }) {
    const wb = workbook();
    const batches = spyBatches(wb);
    await wb.select('Sources', 'A1:F6');
    const t = await readSourceTable(wb);
    const mapping = matchHeaders(t.headers);
    const r = await buildScorecard(wb, t, mapping, options);
    return { wb, batches, r, t, mapping };
  }

  test('one batch, beside the table, formulas not values', async () => {
    const { wb, batches, r } = await built();
    expect(batches).toHaveLength(1);
    expect(r).toMatchObject({ sheet: 'Sources', newSheet: false, address: 'G1:O6' });
    const head = await snapshot(wb, 'Sources', 'G1:O2');
    // The decision columns first (quality, its bound, the rank, the flag), the money after them.
    expect(head.values[0]).toEqual([
      'Quality (qualified / leads)',
      'Quality, lower bound',
      'Rank by lower bound',
      'Volume without quality?',
      'Cost per lead',
      'Cost per qualified opportunity',
      'CAC',
      'ROMI',
      'Revenue per lead',
    ]);
    expect(head.formulas[1][0]).toBe('=ROI.LEADQUALITY($B$2:$B$6,$C$2:$C$6)');
    expect(head.formulas[1][1]).toBe('=ROI.LEADQUALITY($B$2:$B$6,$C$2:$C$6,$R$1)');
    expect(head.formulas[1][6]).toBe('=ROI.CAC($F$2:$F$6,$D$2:$D$6)');
    expect(head.formulas[1][7]).toBe('=ROI.ROMI($E$2:$E$6,$R$2,$F$2:$F$6)');
    // The table itself is untouched.
    const table = await snapshot(wb, 'Sources', 'A1:F6');
    expect(table.values).toEqual([HEADER, ...SOURCES]);
    expect(table.formulas.flat().some((f) => f.startsWith('='))).toBe(false);
    // Only cells right of the table were written.
    for (const c of batches[0].cells) expect([c.address, parseBox(c.address)!.left >= 6]).toEqual([c.address, true]);
  });

  test('beside the table, every column it writes is as wide as its header, and the input labels fit; the table keeps its widths', async () => {
    const { wb, batches } = await built();
    const widths = new Map((batches[0].columnWidths ?? []).map((w) => [`${w.sheet}!${w.column}`, w.width]));
    const head = (await snapshot(wb, 'Sources', 'G1:O1')).values[0] as string[];
    head.forEach((h, i) => {
      const col = String.fromCharCode('G'.charCodeAt(0) + i);
      expect([h, widths.get(`Sources!${col}`)]).toEqual([h, expect.any(Number)]);
      expect([h, widths.get(`Sources!${col}`)! >= h.length]).toEqual([h, true]);
    });
    const labels = (await snapshot(wb, 'Sources', 'Q1:Q3')).values
      .flat()
      .filter((v): v is string => typeof v === 'string');
    expect(labels.length).toBeGreaterThan(1);
    for (const l of labels) expect([l, widths.get('Sources!Q')! >= l.length]).toEqual([l, true]);
    for (const c of 'ABCDEF') expect(widths.has(`Sources!${c}`)).toBe(false);
  });

  test('the result is selected by the batch that writes it; the area beside was read with the table', async () => {
    const { wb, batches, r, t } = await built();
    expect(await wb.getSelection()).toEqual({ sheet: 'Sources', address: r.address });
    expect(batches[0].select).toEqual({ sheet: 'Sources', address: r.address });
    expect(batches[0].requireEmpty).toEqual([{ sheet: 'Sources', address: 'G1:R6' }]);
    expect(t.around?.box).toMatchObject({ top: 0, left: 0, bottom: 5 });
    expect(t.around!.box.right).toBeGreaterThanOrEqual(17);
  });

  test('a cell typed beside the table after it was read: nothing beside is touched, the scorecard goes to a new sheet', async () => {
    const wb = workbook();
    const batches = spyBatches(wb);
    await wb.select('Sources', 'A1:F6');
    const t = await readSourceTable(wb);
    await wb.applyBatch({ cells: [{ sheet: 'Sources', address: 'M4', value: 'typed since' }] });
    batches.length = 0;
    const r = await buildScorecard(wb, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    expect(r).toMatchObject({ sheet: 'Lead scorecard', newSheet: true });
    expect(batches.map((b) => (b.requireEmpty ? 'beside' : 'sheet'))).toEqual(['beside', 'sheet']);
    expect(wb.getValue('Sources', 'M4')).toBe('typed since');
    expect((await snapshot(wb, 'Sources', 'G1:R6')).values.flat().filter((v) => v !== null && v !== '')).toEqual([
      'typed since',
    ]);
    expect(await wb.getSelection()).toEqual({ sheet: 'Lead scorecard', address: r.address });
  });

  test("every number is the core's", async () => {
    const { wb } = await built();
    const v = (await snapshot(wb, 'Sources', 'G2:O6')).values;
    SOURCES.forEach(([, leads, q, won, rev, cost], i) => {
      expect(v[i][0]).toBe(callFunction('LEADQUALITY', [leads, q]));
      expect(v[i][1]).toBe(callFunction('LEADQUALITY', [leads, q, 0.9]));
      expect(num(v[i][4])).toBeCloseTo(cost / leads, 9);
      expect(num(v[i][5])).toBeCloseTo(cost / q, 9);
      expect(v[i][6]).toBe(callFunction('CAC', [cost, won]));
      expect(num(v[i][7])).toBeCloseTo(callFunction('ROMI', [rev, 0.7, cost]) as number, 12);
      expect(num(v[i][8])).toBeCloseTo(rev / leads, 9);
    });
  });

  test("rank and flags in the sheet equal the pane's, and the sentence names the trade show", async () => {
    const { wb, t, mapping } = await built();
    const v = (await snapshot(wb, 'Sources', 'G2:O6')).values;
    const check = checkSources(t, mapping);
    const scores = scoreSources(check.rows, mapping, { confidence: 0.9, grossMargin: 0.7 });
    expect(v.map((r) => r[2])).toEqual(scores.sources.map((s) => s.rank));
    expect(v.map((r) => r[3] === 'Volume without quality')).toEqual(scores.sources.map((s) => s.volumeWithoutQuality));
    expect(scores.flagged.map((s) => s.name)).toEqual(['Trade show']);
    // Referral (20 of 60) has the best lower bound; the webinar's 40 of 200 comes next.
    expect(scores.sources.find((s) => s.rank === 1)?.name).toBe('Referral');
    const sentences = scoreSentences(scores, { confidence: 0.9 });
    expect(sentences[0]).toMatch(
      /^Trade show brings 2,300 leads \(50% of all leads\), but only 1\.0% of them became qualified opportunities .* volume without quality\.$/,
    );
  });

  test('a conditional colour scale on both quality columns and a scatter of quality against leads', async () => {
    const { wb } = await built();
    expect(wb.getConditionalFormats('Sources').map((c) => [c.address, c.kind])).toEqual([
      ['G2:G6', 'colorScale'],
      ['H2:H6', 'colorScale'],
    ]);
    const [chart] = wb.getCharts('Sources');
    expect(chart).toMatchObject({ type: 'xyScatter', source: 'H2:H6', xValues: 'B2:B6' });
  });

  test('live: a corrected count moves the quality, the rank and the flag', async () => {
    const { wb } = await built();
    wb.setCellFromUser('Sources', 'C2', '900'); // the trade show now has 900 of 2,300 qualified
    const v = (await snapshot(wb, 'Sources', 'G2:O2')).values[0];
    expect(v[0]).toBe(callFunction('LEADQUALITY', [2300, 900]));
    expect(v[2]).toBe(1);
    expect(v[3]).toBe('');
  });

  test('the confidence and margin cells are inputs the formulas follow', async () => {
    const { wb } = await built();
    wb.setCellFromUser('Sources', 'R1', '99%');
    wb.setCellFromUser('Sources', 'R2', '50%');
    const v = (await snapshot(wb, 'Sources', 'G2:O2')).values[0];
    expect(v[1]).toBe(callFunction('LEADQUALITY', [2300, 23, 0.99]));
    expect(num(v[7])).toBeCloseTo(callFunction('ROMI', [250000, 0.5, 90000]) as number, 12);
  });

  test('without cost, won or revenue columns, only the quality columns and the flag', async () => {
    const wb = workbook([
      ['Source', 'Leads', 'Qualified'],
      ['A', 100, 10],
      ['B', 50, 20],
    ]);
    await wb.select('Sources', 'A1:C3');
    const t = await readSourceTable(wb);
    const r = await buildScorecard(wb, t, matchHeaders(t.headers), { confidence: 0.9 });
    expect(r.address).toBe('D1:G3');
    expect((await snapshot(wb, 'Sources', 'D1:G1')).values[0]).toEqual([
      'Quality (qualified / leads)',
      'Quality, lower bound',
      'Rank by lower bound',
      'Volume without quality?',
    ]);
  });

  test("errors stay per row: 0 leads and qualified > leads show the core's errors", async () => {
    const wb = workbook([
      ['Source', 'Leads', 'Qualified'],
      ['A', 0, 0],
      ['B', 10, 12],
      ['C', 100, 10],
    ]);
    await wb.select('Sources', 'A1:C4');
    const t = await readSourceTable(wb);
    const mapping = matchHeaders(t.headers);
    const check = checkSources(t, mapping);
    expect(check.problems).toEqual([]);
    expect(check.warnings.join(' ')).toMatch(/Row 2 \(A\): no leads.*#DIV\/0!/);
    expect(check.warnings.join(' ')).toMatch(/Row 3 \(B\): 12 qualified opportunities from 10 leads.*#NUM!/);
    await buildScorecard(wb, t, mapping, { confidence: 0.9 });
    const v = (await snapshot(wb, 'Sources', 'D2:F4')).values;
    expect(isRoiError(v[0][0]) && v[0][0].code).toBe('#DIV/0!');
    expect(isRoiError(v[1][0]) && v[1][0].code).toBe('#NUM!');
    expect(v[2][0]).toBe(0.1);
    expect(v.map((r) => r[2])).toEqual(['', '', 1]);
  });
});

describe('the scorecard on a new sheet', () => {
  test('when a cell beside the table is taken, nothing there is touched and a new sheet mirrors names and leads', async () => {
    const rows: CellValue[][] = [HEADER.concat(['', '', '', 'my note']), ...SOURCES.map((r) => [...r])];
    const wb = workbook(rows);
    const batches = spyBatches(wb);
    await wb.select('Sources', 'A1:F6');
    const t = await readSourceTable(wb);
    const r = await buildScorecard(wb, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    expect(batches).toHaveLength(1);
    expect(r).toMatchObject({ sheet: 'Lead scorecard', newSheet: true });
    expect(wb.getValue('Sources', 'J1')).toBe('my note');
    const v = await snapshot(wb, 'Lead scorecard', 'A1:K6');
    expect(v.values.slice(1).map((row) => row[0])).toEqual(SOURCES.map((s) => s[0]));
    expect(v.values.slice(1).map((row) => row[1])).toEqual(SOURCES.map((s) => s[1]));
    expect(v.formulas[1][2]).toBe('=ROI.LEADQUALITY(Sources!$B$2:$B$6,Sources!$C$2:$C$6)');
    expect(v.values[1][3]).toBe(callFunction('LEADQUALITY', [2300, 23, 0.9]));
    expect(wb.getCharts('Lead scorecard')[0]).toMatchObject({ xValues: 'B2:B6', source: 'D2:D6' });
    // A second scorecard gets a sheet of its own.
    const r2 = await buildScorecard(wb, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    expect(r2.sheet).toBe('Lead scorecard (2)');
  });

  test('a plan for a sheet name with spaces quotes it in the formulas', () => {
    const t = tableFromSelection({
      sheet: 'Q1 sources',
      box: { top: 2, left: 1, bottom: 4, right: 3 },
      address: 'B3:D5',
      values: [
        ['Source', 'Leads', 'Qualified'],
        ['A', 10, 1],
        ['B', 20, 4],
      ],
      formulas: [],
      numberFormats: [],
    });
    const plan = planScorecard(
      t,
      matchHeaders(t.headers),
      { confidence: 0.9 },
      { mode: 'sheet', sheet: 'Lead scorecard' },
    );
    const quality = plan.columns.find((c) => c.key === 'quality')!;
    expect(quality.formula).toBe("=ROI.LEADQUALITY('Q1 sources'!$C$4:$C$5,'Q1 sources'!$D$4:$D$5)");
    expect(plan.batch.uniqueSheetNames).toBe(true);
  });
});

describe('one selected cell stands for the table around it', () => {
  test("Excel's current region: bounded by empty rows and columns, diagonals count", () => {
    const filled = new Set(['1,1', '1,2', '2,1', '2,2', '3,3', '6,1']);
    const f = (r: number, c: number) => filled.has(`${r},${c}`);
    const bounds = { top: 0, left: 0, bottom: 9, right: 9 };
    expect(regionAround(f, bounds, 1, 1)).toEqual({ top: 1, left: 1, bottom: 3, right: 3 });
    expect(regionAround(f, bounds, 6, 1)).toEqual({ top: 6, left: 1, bottom: 6, right: 1 });
  });

  test('a cell inside the table gives the whole table, and the scorecard goes beside it', async () => {
    const wb = createEngineWorkbook({
      sheets: { Sources: [[], ['', ...HEADER], ...SOURCES.map((r) => ['', ...r]), [], ['a note far below']] as never },
    });
    await wb.select('Sources', 'C4');
    const t = await readSourceTable(wb);
    expect(t.box).toEqual({ top: 1, left: 1, bottom: 6, right: 6 });
    const r = await buildScorecard(wb, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    expect(r.address).toBe('H2:P7');
  });
});
