/**
 * Reading CRM exports: CSV edge cases (quotes, embedded commas and line breaks, a
 * byte-order mark, CRLF, semicolons and tabs), tables already read from .xlsx or a
 * selection, the columns found by header, groups, and every bad input as a
 * CalibrationError with a one-line message naming the row and column.
 */
import { InputProblem } from '../../../src/features/reading/selection';
import {
  CalibrationError,
  NO_SOURCE,
  calibrate,
  detectDelimiter,
  lifecycleStageOf,
  readCalibrationData,
  readTable,
  serialFromDate,
  type CalibrationSource,
  type ContactsData,
  type OpportunityData,
  type ReadOptions,
} from '../../../src/features/calibrate';

const HEAD =
  'Record ID,Original Source,Became a Lead Date,Became a Marketing Qualified Lead Date,Became a Customer Date';
const day = (y: number, m: number, d: number) => serialFromDate(y, m, d)!;

function contacts(source: CalibrationSource, options?: ReadOptions): ContactsData {
  const d = readCalibrationData(source, options);
  if (d.kind !== 'contacts') throw new Error('expected contacts');
  return d;
}

function failure(fn: () => unknown): CalibrationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CalibrationError);
    expect(e).toBeInstanceOf(InputProblem); // the views show it like any input problem
    const err = e as CalibrationError;
    expect(err.message).not.toMatch(/\n/); // one line
    return err;
  }
  throw new Error('expected a CalibrationError');
}

describe('CSV text', () => {
  it('reads quotes, embedded commas and line breaks, a BOM and CRLF', () => {
    const csv =
      '\ufeff' +
      [
        HEAD,
        '1,"Paid Search",2025-01-02 09:00,,',
        '2,"Events, trade shows",2025-01-03,2025-01-05,',
        '3,"Partner ""A""\nsecond line",1/4/2025,1/6/2025 8:30 PM,1/9/2025',
      ].join('\r\n') +
      '\r\n';
    const d = contacts(csv);
    expect(d.stages.map((s) => s.name)).toEqual(['Lead', 'Marketing Qualified Lead', 'Customer']);
    expect(d.dates).toHaveLength(3);
    expect(d.dates[0][0]).toBeCloseTo(day(2025, 1, 2) + 9 / 24, 9);
    expect(d.dates[0].slice(1)).toEqual([NaN, NaN]);
    expect(d.dates[2]).toEqual([day(2025, 1, 4), day(2025, 1, 6) + 20.5 / 24, day(2025, 1, 9)]);
    expect(d.groups.map((g) => g.name).sort()).toEqual([
      'Events, trade shows',
      'Paid Search',
      'Partner "A"\nsecond line',
    ]);
    expect(d.group?.header).toBe('Original Source');
  });

  it('detects semicolon and tab separated exports', () => {
    expect(detectDelimiter('a;b;"c,d"\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n')).toBe('\t');
    expect(detectDelimiter('a,b;c,d\n')).toBe(',');
    const semi = HEAD.replace(/,/g, ';') + '\n1;Web;2025-01-02;2025-01-03;\n';
    expect(contacts(semi).dates).toEqual([[day(2025, 1, 2), day(2025, 1, 3), NaN]]);
    const tab = HEAD.replace(/,/g, '\t') + '\n1\tWeb\t2025-01-02\t\t2025-02-01\n';
    expect(contacts(tab).dates).toEqual([[day(2025, 1, 2), NaN, day(2025, 2, 1)]]);
  });

  it('skips blank lines but counts them in row numbers, as a spreadsheet shows the file', () => {
    const csv = [HEAD, '', '1,Web,2025-01-02,,', '', '2,Web,not a date,,'].join('\n');
    const err = failure(() => readCalibrationData(csv));
    expect(err.kind).toBe('bad-date');
    expect(err.row).toBe(5);
    expect(err.column).toBe('Became a Lead Date');
    expect(err.message).toBe(
      'Row 5, column C (Became a Lead Date): "not a date" is not a date (expected 2025-03-04, 2025-03-04 10:15, 3/4/2025 or an Excel date number).',
    );
  });

  it('a record with a quoted line break is one row', () => {
    const csv = [HEAD, '1,"two\nlines",2025-01-02,,', '2,Web,2025-01-02,2025-02-30,'].join('\n');
    const err = failure(() => readCalibrationData(csv));
    expect(err.row).toBe(3);
    expect(err.message).toMatch(/^Row 3, column D \(Became a Marketing Qualified Lead Date\): "2025-02-30"/);
  });

  it.each([
    ['', 'empty', /empty/],
    ['\ufeff  \r\n \n', 'empty', /empty/],
    [HEAD + '\r\n', 'empty', /header row \(row 1\) but no records/],
    [HEAD + '\n,,,,\n', 'empty', /no records/],
    ['just some text\nmore text\n', 'not-a-table', /fewer than two columns/],
    [HEAD + '\n1,"Web,2025-01-02,,\n2,Web,2025-01-02,,\n', 'not-a-table', /row 2 has a quoted field/],
    ['PK\u0003\u0004\u0014\u0000binary', 'not-a-table', /zipped file/],
    ['a,b\u0000c\n', 'not-a-table', /binary/],
    ['Name,Email\nA,a@example.com\n', 'no-date-columns', /no date columns/],
    ['Name,Became a Lead Date\nA,2025-01-01\n', 'no-date-columns', /only one lifecycle date column/],
  ])('bad file %#', (csv, kind, message) => {
    const err = failure(() => readCalibrationData(csv));
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
  });
});

describe('a table already read (.xlsx, a selection)', () => {
  it('takes numbers (serials), Date objects and text, and names the sheet row and column', () => {
    const rows = [
      [null, null, null, null],
      ['Lead Source', 'Became a Lead Date', 'Became an Opportunity Date', 'Note'],
      ['Web', day(2025, 1, 2) + 0.5, new Date(Date.UTC(2025, 0, 9, 6)), true],
      ['Web', '1/3/2025', null, null],
      ['', 'x', null, null],
    ];
    const err = failure(() => readCalibrationData({ rows, origin: { row: 4, column: 2 } }));
    // rows[0] is sheet row 4 (blank), the header row 5, the bad cell in row 8, column C + 1.
    expect(err.message).toMatch(/^Row 8, column D \(Became a Lead Date\): "x" is not a date/);
    const d = contacts({ rows: rows.slice(0, 4) });
    expect(d.dates).toEqual([
      [day(2025, 1, 2) + 0.5, day(2025, 1, 9) + 0.25],
      [day(2025, 1, 3), NaN],
    ]);
    expect(d.stages.map((s) => s.name)).toEqual(['Lead', 'Opportunity']);
  });
  it('rejects what is not rows of cells', () => {
    expect(failure(() => readCalibrationData({ rows: 'x' } as never)).kind).toBe('not-a-table');
    expect(failure(() => readCalibrationData({ rows: [] })).kind).toBe('empty');
    expect(failure(() => readCalibrationData({ rows: [[null], ['']] })).kind).toBe('empty');
  });
  it('readTable visits only non-blank records and returns their count', () => {
    const seen: number[] = [];
    const n = readTable(
      {
        rows: [
          ['a', 'b'],
          [1, 2],
          [null, ''],
          [3, 4],
        ],
      },
      () => (_cells, row) => seen.push(row),
    );
    expect(n).toBe(2);
    expect(seen).toEqual([2, 4]);
  });
});

describe('columns', () => {
  it.each([
    ['Became a Lead Date', 0],
    ['became a lead date', 0],
    ['Became a Marketing Qualified Lead Date', 1],
    ['Became an MQL Date', 1],
    ['Became a Sales Qualified Lead Date', 2],
    ['Became an Opportunity Date', 3],
    ['Became a Customer Date', 4],
    ['Date entered "Customer (Lifecycle Stage Pipeline)"', 4],
    ['Date entered Lead', 0],
    ['Became a Subscriber Date', undefined],
    ['Became an Evangelist Date', undefined],
    ['Lead Date', undefined],
    ['Create Date', undefined],
  ])('%p is lifecycle stage %p', (header, stage) => {
    expect(lifecycleStageOf(header)).toBe(stage);
  });

  it('puts the lifecycle columns in funnel order whatever the file order', () => {
    const csv = 'Became a Customer Date,Became a Lead Date,Source\n2025-02-01,2025-01-01,Web\n';
    const d = contacts(csv);
    expect(d.stages.map((s) => [s.name, s.index])).toEqual([
      ['Lead', 1],
      ['Customer', 0],
    ]);
    expect(d.dates).toEqual([[day(2025, 1, 1), day(2025, 2, 1)]]);
  });

  it('uses the stage columns named, in the order named, with their headers as names', () => {
    const csv = 'Signed up,Demo booked,Paid,Channel\n2025-01-01,2025-01-03,,Ads\n';
    const d = contacts(csv, { stages: ['signed up', 'Demo Booked ', 'PAID'] });
    expect(d.stages.map((s) => s.name)).toEqual(['Signed up', 'Demo booked', 'Paid']);
    expect(d.group).toBeUndefined(); // "Channel" is not a recognised source column
    expect(contacts(csv, { stages: ['Signed up', 'Paid'], by: 'channel' }).groups.map((g) => g.name)).toEqual(['Ads']);
  });

  it('a named column that is not there, or too few stages, is an error listing the headers', () => {
    const csv = 'Signed up,Demo booked\n2025-01-01,2025-01-03\n';
    const e1 = failure(() => readCalibrationData(csv, { stages: ['Signed up', 'Won'] }));
    expect(e1.kind).toBe('unknown-column');
    expect(e1.message).toBe('No column "Won" for a stage: the header row (row 1) has "Signed up", "Demo booked".');
    expect(failure(() => readCalibrationData(csv, { stages: ['Signed up'] })).kind).toBe('no-date-columns');
    expect(failure(() => readCalibrationData(csv, { stages: ['Signed up', 'signed up'] })).kind).toBe('bad-option');
    expect(failure(() => readCalibrationData(csv, { stages: ['Signed up', 'Demo booked'], by: 'Source' })).kind).toBe(
      'unknown-column',
    );
  });

  it('groups by the first recognised source column, or none', () => {
    const csv = 'Source,Lead Source,Original Source,Became a Lead Date,Became a Customer Date\nA,B,C,2025-01-01,\n';
    expect(contacts(csv).group?.header).toBe('Original Source');
    expect(contacts(csv, { by: 'Source' }).group?.header).toBe('Source');
    const none = contacts(csv, { by: null });
    expect(none.group).toBeUndefined();
    expect(none.groups).toEqual([]); // no group column: "All" alone, not a copy of it as "(no source)"
  });
});

describe('groups', () => {
  it('most records first, ties by name, "(no source)" last; values trimmed, case kept', () => {
    const lines = [
      'Lead Source,Became a Lead Date,Became a Customer Date',
      ...['b', 'a', ' a ', 'C', 'c', 'c', '', '', '', '', ' '].map((s) => `${s},2025-01-01,`),
    ];
    const d = contacts(lines.join('\n'));
    expect(d.groups.map((g) => [g.name, g.records.length])).toEqual([
      ['a', 2],
      ['c', 2],
      ['C', 1],
      ['b', 1],
      [NO_SOURCE, 5],
    ]);
    expect(d.groups[0].records).toEqual([1, 2]);
  });
});

describe('opportunities report', () => {
  const head = 'Opportunity Name,Account Name,Lead Source,Stage,Amount,Created Date,Close Date,Won,Closed';
  it('is recognised by its columns and read with its amounts and flags', () => {
    const csv = [
      '\ufeff' + head,
      'D1,"Acme, Inc.",Web,Closed Won,"$32,600.00",1/2/2025,2/1/2025,1,1',
      'D2,Initech,Web,Closed Lost,1000,1/3/2025,1/20/2025,0,1',
      'D3,Initech,Web,Prospecting,,1/4/2025,,0,0',
      'D4,Initech,,Closed Won,USD 500,1/5/2025,1/6/2025,TRUE,',
    ].join('\r\n');
    const d = readCalibrationData(csv) as OpportunityData;
    expect(d.kind).toBe('opportunities');
    expect(d.amount).toEqual([32600, 1000, NaN, 500]);
    expect(d.won).toEqual([true, false, false, true]);
    expect(d.closed).toEqual([true, true, false, true]);
    expect(d.created[0]).toBe(day(2025, 1, 2));
    expect(d.close[2]).toBeNaN();
    expect(d.groups.map((g) => g.name)).toEqual(['Web', NO_SOURCE]);
    expect(d.latest).toBe(day(2025, 2, 1));
  });
  it('tells won and closed from the Stage when there are no Won/Closed columns', () => {
    const csv = [
      'Deal Stage,Amount,Create Date,Close Date',
      'Closed won,10,2025-01-01,2025-01-10',
      'closed lost,20,2025-01-01,2025-01-10',
      'Negotiation,30,2025-01-01,2025-03-01',
    ].join('\n');
    const d = readCalibrationData(csv) as OpportunityData;
    expect(d.won).toEqual([true, false, false]);
    expect(d.closed).toEqual([true, true, false]);
  });
  it('a bad amount or yes/no names its row and column', () => {
    const bad = (line: string) => failure(() => readCalibrationData([head, line].join('\n')));
    const e1 = bad('D1,A,Web,Closed Won,"32.600,00",1/2/2025,2/1/2025,1,1');
    expect([e1.kind, e1.row, e1.column]).toEqual(['bad-value', 2, 'Amount']);
    expect(e1.message).toMatch(/^Row 2, column E \(Amount\): "32.600,00" is not an amount/);
    expect(bad('D1,A,Web,Closed Won,1,1/2/2025,2/1/2025,maybe,1').message).toMatch(/column H \(Won\).*not yes or no/);
    expect(bad('D1,A,Web,Closed Won,1,1/2/2025,31/1/2025,1,1').kind).toBe('bad-date');
  });
  it('a contacts option forces contacts, kind: opportunities forces the report', () => {
    expect(failure(() => readCalibrationData(`${head}\nD,A,W,S,1,1/1/2025,,0,0`, { kind: 'contacts' })).kind).toBe(
      'no-date-columns',
    );
    const both = 'Became a Lead Date,Became a Customer Date,Stage,Created Date,Close Date\n1/1/2025,,Won,1/1/2025,\n';
    expect(readCalibrationData(both).kind).toBe('contacts');
    expect(readCalibrationData(both, { kind: 'opportunities' }).kind).toBe('opportunities');
  });
});

describe('the whole run', () => {
  it('calibrate() reads and reports in one call, and a file with no date is an error', () => {
    expect(calibrate(`${HEAD}\n1,Web,2025-01-02,,`).kind).toBe('contacts');
    const err = failure(() => calibrate(`${HEAD}\n1,Web,,,`));
    expect(err.kind).toBe('no-dates');
  });
});
