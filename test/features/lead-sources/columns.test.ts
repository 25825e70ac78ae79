/**
 * The scorecard's columns, described once (src/features/lead-sources/columns.ts): for many
 * tables, every column's evaluator (the pane's number) equals what the engine computes
 * from the same row's formula on the sheet. One generic check over SCORE_COLUMNS, not a
 * pair of tests per column: a new column row is checked the moment it is added.
 */
import fc from 'fast-check';
import { isRoiError, type CellValue } from '../../../src/core';
import {
  SCORE_COLUMNS,
  applies,
  evaluateColumns,
  tableStats,
  type ScoreValue,
  type ScorecardOptions,
} from '../../../src/features/lead-sources/columns';
import {
  checkSources,
  planScorecard,
  scoreColumns,
  tableFromSelection,
  type ColumnMapping,
} from '../../../src/features/lead-sources/scorecard';
import { boxA1, cellA1 } from '../../../src/base/a1';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';

const HEADER = ['Source', 'Leads', 'Qualified', 'Won', 'Revenue', 'Cost'];
type Num = number | null;
type Row = [string, Num, Num, Num, Num, Num];

/** The same value, as a cell shows it: numbers to 12 significant digits, errors by code, text as is. */
function same(engine: CellValue, pane: ScoreValue): boolean {
  if (isRoiError(engine) || isRoiError(pane))
    return isRoiError(engine) && isRoiError(pane) && engine.code === pane.code;
  if (typeof engine === 'number' && typeof pane === 'number')
    return engine === pane || Math.abs(engine - pane) <= 1e-12 * Math.max(1, Math.abs(engine), Math.abs(pane));
  return (engine ?? '') === pane;
}

const show = (v: CellValue | ScoreValue) => (isRoiError(v) ? v.code : v);

let shared: EngineWorkbook | undefined;

/**
 * One engine workbook for every table here (the random ones too): each table is written into
 * a new Sources sheet, the previous one deleted with its scorecard, colour scales and chart,
 * so a table sees its own cells only (a blank stays a blank cell, text stays text).
 */
async function sourcesSheet(values: CellValue[][]): Promise<EngineWorkbook> {
  if (!shared) return (shared = createEngineWorkbook({ sheets: { Sources: values as never } }));
  await shared.deleteSheet('Sources');
  await shared.applyBatch({
    addSheets: ['Sources'],
    cells: values.flatMap((row, r) =>
      row.flatMap((v, c) =>
        v === null || v === undefined ? [] : [{ sheet: 'Sources', address: cellA1(r, c), value: v as string | number }],
      ),
    ),
  });
  expect(await shared.listSheets()).toEqual(['Sources']);
  return shared;
}

/**
 * Writes the scorecard for `rows` with `mapping` on the engine, then compares each applying
 * column, cell by cell, with its evaluator. Returns the mismatches (empty when all agree).
 */
async function mismatches(rows: Row[], mapping: ColumnMapping, options: ScorecardOptions): Promise<string[]> {
  const values = [HEADER, ...rows] as CellValue[][];
  const wb = await sourcesSheet(values);
  const table = tableFromSelection({
    sheet: 'Sources',
    box: { top: 0, left: 0, bottom: rows.length, right: 5 },
    address: `A1:F${rows.length + 1}`,
    values,
    formulas: [],
    numberFormats: [],
  });
  const check = checkSources(table, mapping);
  expect(check.problems).toEqual([]);
  const plan = planScorecard(table, mapping, options, { mode: 'beside' });
  await wb.applyBatch(plan.batch);
  const columns = scoreColumns(mapping);
  const { values: pane } = evaluateColumns(check.rows, columns, options);
  const out: string[] = [];
  for (const c of columns) {
    const placed = plan.columns.find((p) => p.key === c.key)!;
    const sheet = (await wb.readRange('Sources', placed.address)).values.map((r) => r[0]);
    const mine = pane.get(c.key)!;
    sheet.forEach((v, i) => {
      if (!same(v, mine[i]))
        out.push(
          `${c.key} row ${i + 2}: sheet ${JSON.stringify(show(v))}, pane ${JSON.stringify(show(mine[i]))} (${JSON.stringify(rows[i])})`,
        );
    });
  }
  return out;
}

const ALL: ColumnMapping = { name: 0, leads: 1, qualified: 2, won: 3, revenue: 4, cost: 5 };

describe('every column: its evaluator equals the engine evaluating its formula', () => {
  test('tables chosen for their edges: ties, zeros, blanks, more qualified than leads, one source', async () => {
    const tables: Array<{ rows: Row[]; options: ScorecardOptions }> = [
      {
        rows: [
          ['Trade show', 2300, 23, 5, 250000, 90000],
          ['Webinar', 200, 40, 8, 400000, 15000],
          ['Content', 800, 60, 10, 500000, 40000],
          ['Paid search', 1200, 36, 6, 300000, 60000],
          ['Referral', 60, 20, 7, 350000, 5000],
        ],
        options: { confidence: 0.9, grossMargin: 0.7 },
      },
      {
        // Two identical sources tie for a rank; a source with no leads; one with more qualified than leads.
        rows: [
          ['A', 100, 10, 1, 1000, 500],
          ['B', 100, 10, 1, 1000, 500],
          ['C', 0, 0, 0, 0, 0],
          ['D', 10, 12, 2, 100, 10],
          ['E', 5000, 20, 0, 0, 1000],
        ],
        options: { confidence: 0.95, grossMargin: 0.5, flagShare: 0.8 },
      },
      {
        // Blank counts and money: the sheet's arithmetic takes a blank as 0, the core's functions as empty.
        rows: [
          ['A', 300, 30, null, null, 1200],
          ['B', null, 5, 1, 2000, null],
          ['C', 50, null, 0, 100, 0],
        ],
        options: { confidence: 0.8, grossMargin: 0.6 },
      },
      { rows: [['Only', 40, 4, 1, 900, 100]], options: { confidence: 0.99, grossMargin: 1 } },
    ];
    for (const t of tables) expect(await mismatches(t.rows, ALL, t.options)).toEqual([]);
  });

  test('random tables, with any of the optional columns mapped or not', async () => {
    const count = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 5000 }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    const money = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    const row = fc
      .tuple(count, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), money, money)
      .map(([leads, qPct, wPct, revenue, cost]) => {
        // Mostly qualified <= leads, sometimes more (the #NUM! the pane warns of).
        const qualified = leads === null ? qPct : Math.round((leads * qPct) / 90);
        const won = Math.round((qualified * wPct) / 100);
        return [leads, qualified, won, revenue, cost] as const;
      });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.record({ won: fc.boolean(), revenue: fc.boolean(), cost: fc.boolean() }),
        fc.constantFrom(0.8, 0.9, 0.95, 0.99),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 10, max: 100 }),
        async (data, optional, confidence, margin, share) => {
          const rows: Row[] = data.map((r, i) => [`Source ${i + 1}`, ...r]);
          const mapping: ColumnMapping = { name: 0, leads: 1, qualified: 2 };
          if (optional.won) mapping.won = 3;
          if (optional.revenue) mapping.revenue = 4;
          if (optional.cost) mapping.cost = 5;
          const options = { confidence, grossMargin: margin / 100, flagShare: share / 100 };
          expect(await mismatches(rows, mapping, options)).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('the table itself', () => {
  test('the decision columns come first; every row has a header, a formula and a width', () => {
    expect(SCORE_COLUMNS.slice(0, 4).map((c) => c.key)).toEqual(['quality', 'bound', 'rank', 'flag']);
    expect(new Set(SCORE_COLUMNS.map((c) => c.key)).size).toBe(SCORE_COLUMNS.length);
    for (const c of SCORE_COLUMNS) {
      expect(c.header.length).toBeGreaterThan(0);
      expect(c.width).toBeGreaterThan(0);
    }
  });

  test('a column is written only when the fields it needs are mapped', () => {
    const keys = (m: ColumnMapping) => scoreColumns(m).map((c) => c.key);
    expect(keys({ name: 0, leads: 1, qualified: 2 })).toEqual(['quality', 'bound', 'rank', 'flag']);
    expect(keys({ name: 0, leads: 1, qualified: 2, cost: 3 })).toEqual([
      'quality',
      'bound',
      'rank',
      'flag',
      'costPerLead',
      'costPerQualified',
    ]);
    expect(keys(ALL)).toEqual(SCORE_COLUMNS.map((c) => c.key));
    expect(applies({ needs: ['cost', 'won'] }, (f) => f === 'cost')).toBe(false);
  });

  test('a formula names other columns by their place, whatever comes before them', () => {
    const table = tableFromSelection({
      sheet: 'S',
      box: { top: 4, left: 2, bottom: 6, right: 4 },
      address: 'C5:E7',
      values: [
        ['Source', 'Leads', 'Qualified'],
        ['a', 10, 2],
        ['b', 20, 3],
      ],
      formulas: [],
      numberFormats: [],
    });
    const plan = planScorecard(table, { name: 0, leads: 1, qualified: 2 }, { confidence: 0.9 }, { mode: 'beside' });
    const bound = plan.columns.find((c) => c.key === 'bound')!;
    const rank = plan.columns.find((c) => c.key === 'rank')!;
    expect(bound.address).toBe('G6:G7');
    expect(rank.formula).toContain('$G$6:$G$7');
    expect(boxA1(plan.outputs)).toBe('F5:I7');
  });

  test("the table's aggregates are the sheet's: SUM and MEDIAN over the numbers, blanks left out", () => {
    const stats = tableStats([
      { index: 0, row: 2, name: 'a', leads: 100, qualified: 10 },
      { index: 1, row: 3, name: 'b', qualified: 5 },
      { index: 2, row: 4, name: 'c', leads: 300, qualified: 15 },
    ]);
    expect(stats).toEqual({ averageQuality: 30 / 400, medianLeads: 200 });
    expect(tableStats([{ index: 0, row: 2, name: 'a', leads: 0, qualified: 0 }]).averageQuality).toBeUndefined();
  });
});
