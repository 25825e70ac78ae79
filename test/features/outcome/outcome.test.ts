/**
 * The outcome check on the engine adapter: METRICKIND labels for a row or a column of
 * names, the mix, the key outcomes a dashboard lacks, live labels written beside the
 * names only into empty cells, and bad selections refused with nothing written.
 */
import { METRICS, callFunction, classifyMetric, isRoiError, metricKey } from '../../../src/core';
import { InputProblem } from '../../../src/features/reading/selection';
import {
  KEY_OUTCOMES,
  analyseMetrics,
  mixSentence,
  readMetricNames,
  writeLabels,
} from '../../../src/features/outcome/outcome';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';
import type { WriteBatch } from '../../../src/workbook/port';

function spy(wb: EngineWorkbook): WriteBatch[] {
  const batches: WriteBatch[] = [];
  const apply = wb.applyBatch.bind(wb);
  wb.applyBatch = async (b) => {
    batches.push(b);
    return apply(b);
  };
  return batches;
}

const DASHBOARD = ['Metric', 'Emails sent', 'Page views', 'MQLs', 'Bounce rate', '', 'Revenue', 'Vibes', 'CAC'];

test("every key outcome name is an outcome for METRICKIND, and the five are the spec's", () => {
  expect(KEY_OUTCOMES.map((k) => k.label)).toEqual([
    'Customers won',
    'Profitable revenue',
    'CAC',
    'Lifetime value',
    'Churn',
  ]);
  for (const k of KEY_OUTCOMES) for (const n of k.names) expect([n, classifyMetric(n)]).toEqual([n, 'outcome']);
  // The same folding as METRICKIND: every known name keys like its plural and its capitals.
  for (const n of METRICS.outcome) expect(metricKey(n.toUpperCase())).toBe(metricKey(n));
});

test('each suggestion reads after its label without repeating it ("Profitable revenue: revenue after ...")', () => {
  for (const k of KEY_OUTCOMES) {
    const line = `${k.label}: ${k.suggestion}`;
    // The label's words appear once in the line: never "Profitable revenue: Profitable revenue: ...".
    const words = line.replace(/\(ROI\.[A-Z]+\)/g, '').toLowerCase();
    expect([line, words.split(k.label.toLowerCase()).length - 1]).toEqual([line, 1]);
    expect([line, /^[a-z]/.test(k.suggestion)]).toEqual([line, true]);
  }
});

test('labels equal =ROI.METRICKIND for each name; the mix and the missing outcomes', () => {
  const names = ['Emails sent', 'Page views', 'New customers', 'Churn rate', 'LTV:CAC ratio', 'Vibes'].map(
    (name, i) => ({ address: `A${i + 1}`, name }),
  );
  const r = analyseMetrics(names);
  for (const l of r.labels) {
    const v = callFunction('METRICKIND', [l.name]);
    expect(l.kind ?? '#N/A').toBe(isRoiError(v) ? v.code : v);
  }
  expect(r.mix).toEqual({ output: 1, result: 1, outcome: 3, unknown: 1 });
  expect(r.present.map((k) => k.id)).toEqual(['customers', 'cac', 'ltv', 'churn']);
  expect(r.missing.map((k) => k.label)).toEqual(['Profitable revenue']);
  expect(mixSentence(r)).toBe(
    '6 metrics: 1 output, 1 result, 3 outcomes and 1 not recognised. It balances activity and outcomes.',
  );
  expect(
    mixSentence(
      analyseMetrics([
        { address: 'A1', name: 'Impressions' },
        { address: 'A2', name: 'Clicks' },
      ]),
    ),
  ).toMatch(/measures activity, not outcomes/);
});

describe('the sentence judges the balance only when at least 80% of the names are recognised', () => {
  const names = (list: string[]) => analyseMetrics(list.map((name, i) => ({ address: `A${i + 1}`, name })));

  test('4 of 5 recognised (80%): judged', () => {
    expect(mixSentence(names(['Emails sent', 'Website visits', 'Revenue', 'CAC', 'Vibes']))).toBe(
      '5 metrics: 1 output, 1 result, 2 outcomes and 1 not recognised. It balances activity and outcomes.',
    );
  });

  test('12 of 15 recognised (exactly 80%, where 0.8 x 15 is not 12 in floating point): judged', () => {
    const list = [...[...Array(12)].map((_, i) => (i % 2 ? 'Revenue' : 'Leads')), 'Vibes', 'Mood', 'Zest'];
    expect(mixSentence(names(list))).toMatch(/ and 3 not recognised\. It balances activity and outcomes\.$/);
  });

  test('a third unrecognised: not judged; says how many and how to fix them', () => {
    const s = mixSentence(names(['Emails sent', 'Website visits', 'Revenue', 'CAC', 'Vibes', 'Team morale']));
    expect(s).toBe(
      '6 metrics: 1 output, 1 result, 2 outcomes and 2 not recognised. 2 of the 6 could not be placed, too many to ' +
        'judge the balance: rename them to say what is counted (for example "Website visits" or "Closed-won ' +
        'revenue"), or add the kind in brackets, as in "Partner score (result)".',
    );
    expect(s).not.toMatch(/balances|led by|measures activity|minority/);
  });

  test('one of three unrecognised: "rename it"', () => {
    expect(mixSentence(names(['Revenue', 'CAC', 'Vibes']))).toMatch(/1 of the 3 could not be placed.*: rename it to/);
  });

  test('none recognised', () => {
    expect(mixSentence(names(['Vibes', 'Mood']))).toMatch(
      /^None of the 2 names is a metric Outcome ROI knows: rename them/,
    );
  });

  test('following the advice places the names, and the balance is judged again', () => {
    const s = mixSentence(
      names(['Emails sent', 'Site visits', 'Revenue', 'CAC', 'Vibes (result)', 'Team NPS (outcome)']),
    );
    expect(s).toBe('6 metrics: 1 output, 2 results, 3 outcomes. It balances activity and outcomes.');
  });
});

describe('a column of names', () => {
  async function setup() {
    const wb = createEngineWorkbook({ sheets: { Dash: DASHBOARD.map((n) => [n]) } });
    await wb.select('Dash', 'A1:A9');
    return wb;
  }

  test('the header is recognised, blanks skipped, labels in the pane', async () => {
    const r = await readMetricNames(await setup());
    expect(r).toMatchObject({ orientation: 'column', header: 'Metric', box: { top: 1, left: 0, bottom: 8, right: 0 } });
    expect(r.labels.map((l) => [l.address, l.kind ?? null])).toEqual([
      ['A2', 'output'],
      ['A3', 'result'],
      ['A4', 'result'],
      ['A5', 'result'],
      ['A7', 'outcome'],
      ['A8', null],
      ['A9', 'outcome'],
    ]);
    expect(r.missing.map((k) => k.id)).toEqual(['customers', 'profitableRevenue', 'ltv', 'churn']);
  });

  test('written beside as one live formula that follows a renamed metric', async () => {
    const wb = await setup();
    const batches = spy(wb);
    const r = await readMetricNames(wb);
    expect(await writeLabels(wb, r)).toEqual({ address: 'B2:B9' });
    expect(batches).toHaveLength(1);
    expect(batches[0].cells.filter((c) => c.formula)).toEqual([
      { sheet: 'Dash', address: 'B2', formula: '=IF($A$2:$A$9="","",ROI.METRICKIND($A$2:$A$9))' },
    ]);
    const v = (await wb.readRange('Dash', 'B1:B9')).values.map((row) => (isRoiError(row[0]) ? row[0].code : row[0]));
    expect(v).toEqual(['Kind', 'output', 'result', 'result', 'result', '', 'outcome', '#N/A', 'outcome']);
    wb.setCellFromUser('Dash', 'A3', 'Customer lifetime value');
    expect(wb.getValue('Dash', 'B3')).toBe('outcome');
  });

  test('cells beside that are taken: nothing written, the reason given', async () => {
    const wb = await setup();
    wb.setCellFromUser('Dash', 'B5', 'mine');
    const batches = spy(wb);
    const r = await readMetricNames(wb);
    await expect(writeLabels(wb, r)).rejects.toThrow(/not empty \(B5\), so nothing was written/);
    expect(batches).toHaveLength(0);
    expect(wb.getValue('Dash', 'B5')).toBe('mine');
  });
});

test('a row of names gets its labels in the row below', async () => {
  const wb = createEngineWorkbook({
    sheets: {
      Dash: [
        ['Impressions', 'CTR', 'Customers won', 'NPS'],
        [null, null, null, null],
      ],
    },
  });
  await wb.select('Dash', 'A1:D1');
  const r = await readMetricNames(wb);
  expect(r.orientation).toBe('row');
  await writeLabels(wb, r);
  expect((await wb.readRange('Dash', 'A2:D2')).values[0]).toEqual(['output', 'result', 'outcome', 'outcome']);
});

describe('bad selections write nothing', () => {
  test.each([
    [
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      'A1:B2',
      /2 rows by 2 columns: select one row or one column/,
    ],
    [[[1], [2], [3]], 'A1:A3', /holds numbers, not metric names/],
    [[[null], [null]], 'A1:A2', /has no metric names/],
    [[['Metric'], [null]], 'A1:A2', /only a header/],
  ])('%j', async (rows, range, message) => {
    const wb = createEngineWorkbook({ sheets: { S: rows as never } });
    const batches = spy(wb);
    await wb.select('S', range);
    await expect(readMetricNames(wb)).rejects.toThrow(message);
    await expect(readMetricNames(wb)).rejects.toThrow(InputProblem);
    expect(batches).toHaveLength(0);
  });
});

describe("one selected cell stands for its table's header row or first column", () => {
  const table = [
    ['Month', 'Emails sent', 'Page views', 'Revenue'],
    ['Jan', 1000, 5000, 20000],
    ['Feb', 1200, 5200, 21000],
  ];
  test('a cell of the header row: the row', async () => {
    const wb = createEngineWorkbook({ sheets: { Dash: table as never } });
    await wb.select('Dash', 'C1');
    const r = await readMetricNames(wb);
    expect(r.orientation).toBe('row');
    expect(r.labels.map((l) => [l.name, l.kind ?? null])).toEqual([
      ['Month', null],
      ['Emails sent', 'output'],
      ['Page views', 'result'],
      ['Revenue', 'outcome'],
    ]);
  });

  test('a cell of a list of names: the list', async () => {
    const wb = createEngineWorkbook({ sheets: { Dash: [['KPI'], ['NPS'], ['Churn'], ['Clicks']] as never } });
    await wb.select('Dash', 'A3');
    const r = await readMetricNames(wb);
    expect(r).toMatchObject({ orientation: 'column', header: 'KPI' });
    expect(r.labels.map((l) => l.name)).toEqual(['NPS', 'Churn', 'Clicks']);
  });

  test('a cell in the middle of a table: asked to select a row or column', async () => {
    const wb = createEngineWorkbook({ sheets: { Dash: table as never } });
    await wb.select('Dash', 'C2');
    await expect(readMetricNames(wb)).rejects.toThrow(/holds numbers, not metric names|select one row or one column/);
  });
});
