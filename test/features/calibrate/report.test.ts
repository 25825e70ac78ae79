/**
 * The calibration report on hand-made exports whose numbers are worked out in the
 * comments: the exact JSON shape, groups, as-of, nulls; the opportunities report; the
 * flags' two rules; the text table; and a property that no number is ever NaN or Infinity.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { wilsonLower } from '../../../src/core';
import {
  CalibrationError,
  MIN_COUNTED,
  calibrate,
  calibrationFlags,
  calibrationText,
  contactsFlags,
  contactsReport,
  opportunityFlags,
  readCalibrationData,
  tooFewToJudge,
  type ContactsData,
  type ContactsReport,
  type OpportunityData,
  type OpportunityReport,
} from '../../../src/features/calibrate';
import { assertAtLeast, assertAtMost } from '../../helpers/cheap-asserts';

// Lags observed (Lead -> Customer): 2 (A), 4 (A), 10 (B). The latest date is 2025-04-06.
const CONTACTS = [
  'Lead Source,Became a Lead Date,Became a Customer Date',
  'A,2025-01-01,2025-01-03',
  'A,2025-01-05,2025-01-09',
  'B,2025-01-10,2025-01-20',
  'B,2025-03-01,',
  'B,2025-04-06,',
  'C,,',
  ',2025-02-01,',
].join('\n');

function contactsOf(csv: string, options = {}): { data: ContactsData; report: ContactsReport } {
  const cal = calibrate(csv, options);
  if (cal.kind !== 'contacts') throw new Error('expected contacts');
  return cal;
}

const transition = (
  counted: number,
  converted: number,
  lag: number | null,
  from = 'Lead',
  to = 'Customer',
  c = 0.9,
) => ({
  from,
  to,
  counted,
  converted,
  rate: counted ? converted / counted : null,
  lower_bound: counted ? wilsonLower(converted, counted, c) : null,
  median_lag_days: lag,
});

describe('contacts report', () => {
  it('serialises to exactly the documented JSON', () => {
    const { report } = contactsOf(CONTACTS);
    // All: min_age = PERCENTILE.INC({2,4,10}, 0.9) = 8.8; the 2025-04-06 lead is 0 days old;
    //   counted 6 (the C record has no date), converted 3; median lag 4.
    // B (3 records, first): lags {10}, min_age 10: Jan 10 (converted) and Mar 1 counted.
    // A: its own latest date is Jan 9, so it is judged as of Jan 9 (STAGERATES never looks
    //   past a range's last date): lags {2,4}, min_age 3.8, ages 8 and 4: both counted.
    // C: no date at all: nothing counted, nulls. (no source): last, whatever its size.
    const expected = {
      as_of: '2025-04-06',
      stages: ['Lead', 'Customer'],
      groups: [
        { name: 'All', records: 7, transitions: [transition(5, 3, 4)] },
        { name: 'B', records: 3, transitions: [transition(2, 1, 10)] },
        { name: 'A', records: 2, transitions: [transition(2, 2, 3)] },
        { name: 'C', records: 1, transitions: [transition(0, 0, null)] },
        { name: '(no source)', records: 1, transitions: [transition(1, 0, null)] },
      ],
    };
    expect(JSON.stringify(report)).toBe(JSON.stringify(expected));
    expect(Object.keys(report)).toEqual(['as_of', 'stages', 'groups']);
    expect(Object.keys(report.groups[0])).toEqual(['name', 'records', 'transitions']);
    expect(Object.keys(report.groups[0].transitions[0])).toEqual([
      'from',
      'to',
      'counted',
      'converted',
      'rate',
      'lower_bound',
      'median_lag_days',
    ]);
    expect(report.groups[3].transitions[0]).toMatchObject({ rate: null, lower_bound: null, median_lag_days: null });
  });

  it('as-of replays the past: dates after it are blank for rates and lags alike', () => {
    // As of 2025-01-06 00:00: only Jan 1 -> Jan 3 and the Jan 5 lead exist. Lags {2}: min_age 2.
    // Jan 1 (5 days old) counted and converted; Jan 5 (1 day) not yet counted.
    const { report } = contactsOf(CONTACTS, { asOf: '2025-01-06' });
    expect(report.as_of).toBe('2025-01-06');
    expect(report.groups[0].transitions[0]).toEqual(transition(1, 1, 2));
    // The same day as an Excel serial.
    expect(contactsOf(CONTACTS, { asOf: 45663 }).report).toEqual(report);
  });

  it('an as-of after the latest date is the latest date', () => {
    const later = contactsOf(CONTACTS, { asOf: '2026-01-01 12:00' }).report;
    expect(later).toEqual(contactsOf(CONTACTS).report);
    expect(later.as_of).toBe('2025-04-06');
  });

  it('confidence changes only the bounds', () => {
    const r95 = contactsOf(CONTACTS, { confidence: 0.95 }).report;
    expect(r95.groups[0].transitions[0]).toEqual(transition(5, 3, 4, 'Lead', 'Customer', 0.95));
  });

  it.each([
    [{ confidence: 1 }, /strictly between 0 and 1/],
    [{ confidence: 0 }, /strictly between 0 and 1/],
    [{ confidence: NaN }, /strictly between 0 and 1/],
    [{ asOf: 'soon' }, /"soon" is not a date/],
    [{ asOf: 0 }, /not a date/],
  ])('bad option %p', (options, message) => {
    const data = readCalibrationData(CONTACTS) as ContactsData;
    expect(() => contactsReport(data, options)).toThrow(CalibrationError);
    expect(() => contactsReport(data, options)).toThrow(message);
  });
});

describe('opportunities report', () => {
  const OPPS = [
    'Lead Source,Stage,Amount,Created Date,Close Date,Won,Closed',
    'W,Closed Won,100,1/1/2025,1/11/2025,1,1', // cycle 10
    'W,Closed Won,300,1/1/2025,1/31/2025,1,1', // cycle 30
    'W,Closed Lost,50,1/1/2025,1/5/2025,0,1',
    'W,Open,70,1/2/2025,,0,0',
    'X,Closed Won,,2/1/2025,2/2/2025,1,1', // no amount; cycle 1
    'X,Closed Won,1000,3/1/2025,3/20/2025,1,1', // cycle 19
  ].join('\n');
  const opp = (options = {}): OpportunityReport => {
    const cal = calibrate(OPPS, options);
    if (cal.kind !== 'opportunities') throw new Error('expected opportunities');
    return cal.report;
  };

  it('win rate of closed opportunities with its bound, won deal values, cycle', () => {
    const r = opp();
    expect(JSON.stringify(r)).toBe(
      JSON.stringify({
        as_of: '2025-03-20',
        groups: [
          {
            name: 'All',
            opportunities: 6,
            closed: 5,
            won: 4,
            win_rate: 0.8,
            win_rate_lower_bound: wilsonLower(4, 5, 0.9),
            median_won_value: 300,
            mean_won_value: 1400 / 3,
            median_cycle_days: 14.5, // {1, 10, 19, 30}
          },
          {
            name: 'W',
            opportunities: 4,
            closed: 3,
            won: 2,
            win_rate: 2 / 3,
            win_rate_lower_bound: wilsonLower(2, 3, 0.9),
            median_won_value: 200,
            mean_won_value: 200,
            median_cycle_days: 20,
          },
          {
            name: 'X',
            opportunities: 2,
            closed: 2,
            won: 2,
            win_rate: 1,
            win_rate_lower_bound: wilsonLower(2, 2, 0.9),
            median_won_value: 1000,
            mean_won_value: 1000,
            median_cycle_days: 10,
          },
        ],
      }),
    );
  });

  it('as of a day: created after it left out, closed after it still open', () => {
    // As of 2025-02-01 00:00: X's March deal does not exist; X's first closes on Feb 2: open.
    const r = opp({ asOf: '2/1/2025' });
    expect(r.as_of).toBe('2025-02-01');
    expect(r.groups[0]).toMatchObject({ opportunities: 5, closed: 3, won: 2, median_won_value: 200 });
    expect(r.groups[2]).toMatchObject({
      name: 'X',
      opportunities: 1,
      closed: 0,
      won: 0,
      win_rate: null,
      win_rate_lower_bound: null,
      median_won_value: null,
      mean_won_value: null,
      median_cycle_days: null,
    });
  });
});

describe('flags', () => {
  const group = (name: string, counted: number, rate: number | null, bound: number | null) => ({
    name,
    records: counted,
    transitions: [{ from: 'Lead', to: 'MQL', counted, converted: 0, rate, lower_bound: bound, median_lag_days: null }],
  });
  const report = (groups: ReturnType<typeof group>[]): ContactsReport => ({
    as_of: '2025-01-01',
    stages: ['Lead', 'MQL'],
    groups,
  });

  it("volume without quality: at least the median volume and a bound under half the overall rate (the scorecard's rule)", () => {
    const r = report([
      group('All', 1000, 0.3, 0.28),
      group('Trade show', 500, 0.05, 0.14), // volume, bound < 0.15: flagged
      group('Webinar', 300, 0.35, 0.3),
      group('Tiny', 40, 0.02, 0.005), // low, but under the median volume
      group('Edge', 300, 0.2, 0.15), // bound exactly half: not below
    ]);
    const flags = contactsFlags(r);
    expect(flags.map((f) => [f.kind, f.group])).toEqual([['volume-without-quality', 'Trade show']]);
    expect(flags[0]).toMatchObject({ transition: 0, what: 'Lead -> MQL', counted: 500 });
    expect(flags[0].message).toBe(
      'Trade show, Lead -> MQL: volume without quality, 500 mature records at a rate of 5.0% (at least 14.0%), against 30.0% overall.',
    );
    expect(contactsFlags(r, { flagShare: 0.3 })).toEqual([]);
  });

  it('too few to judge: under 30 counted (All too); such a source is never "volume without quality"', () => {
    const r = report([group('All', 29, 0.3, 0.2), group('A', 29, 0.0, 0.0), group('B', 0, null, null)]);
    const flags = contactsFlags(r);
    expect(flags.map((f) => [f.kind, f.group, f.counted])).toEqual([
      ['too-few', 'All', 29],
      ['too-few', 'A', 29],
      ['too-few', 'B', 0],
    ]);
    expect(flags[1].message).toBe('A, Lead -> MQL: only 29 mature records counted (fewer than 30), too few to judge.');
    expect(flags[2].message).toBe('B, Lead -> MQL: no mature records counted (fewer than 30), too few to judge.');
    // At 29 records A is enough to judge, and at the median volume with a bound of 0 it is flagged.
    expect(contactsFlags(r, { minCounted: 29 }).map((f) => [f.kind, f.group])).toEqual([
      ['volume-without-quality', 'A'],
      ['too-few', 'B'],
    ]);
    expect(tooFewToJudge(MIN_COUNTED - 1)).toBe(true);
    expect(tooFewToJudge(MIN_COUNTED)).toBe(false);
  });

  it('opportunities: the same rules on the win rate and closed opportunities', () => {
    const r: OpportunityReport = {
      as_of: '2025-01-01',
      groups: [
        { name: 'All', opportunities: 300, closed: 200, won: 50, win_rate: 0.25 } as never,
        { name: 'Big', closed: 120, win_rate: 0.05, win_rate_lower_bound: 0.03 } as never,
        { name: 'Small', closed: 10, win_rate: 0.5, win_rate_lower_bound: 0.3 } as never,
      ],
    };
    const flags = opportunityFlags(r);
    expect(flags.map((f) => [f.kind, f.group, f.what])).toEqual([
      ['volume-without-quality', 'Big', 'win rate'],
      ['too-few', 'Small', 'win rate'],
    ]);
    expect(flags[1].message).toMatch(/only 10 closed opportunities counted/);
  });
});

describe('text table', () => {
  it('shows every group and transition of the same report, "-" for null, flags below', () => {
    const cal = calibrate(CONTACTS);
    const text = calibrationText(cal);
    expect(text).toMatch(/^Calibration as of 2025-04-06: 7 records, stages Lead > Customer\./);
    const lines = text.split('\n');
    const row = (name: string) => lines.find((l) => l.startsWith(name + ' '))!;
    expect(row('All')).toMatch(/^All\s+7\s+Lead -> Customer\s+5\s+3\s+60\.0%\s+\d+\.\d%\s+4\.0$/);
    expect(row('C')).toMatch(/^C\s+1\s+Lead -> Customer\s+0\s+0\s+-\s+-\s+-$/);
    expect(text).toContain('90% lower bound');
    expect(calibrationText(cal, { confidence: 0.95 })).toContain('95% lower bound');
    expect(text).toContain('Flags:');
    expect(text).toContain('- B: too few mature records to judge (fewer than 30) at Lead -> Customer (2).');
    expect(calibrationFlags(cal).length).toBe(5); // every group is thin here
  });

  it('opportunities as text', () => {
    const text = calibrationText(
      calibrate('Stage,Amount,Created Date,Close Date\nClosed Won,"1,234.5",1/1/2025,1/3/2025\n'),
    );
    expect(text).toMatch(/^Opportunities as of 2025-01-03/);
    expect(text).toMatch(/All\s+1\s+1\s+1\s+100\.0%\s+\d+\.\d%\s+1,235\s+1,235\s+2\.0/);
    expect(text).toContain('- All: too few closed opportunities to judge the win rate (1, fewer than 30).');
  });
});

describe('property: any export of dates gives a clean report', () => {
  const date = fc.oneof(
    fc.constant(''),
    fc
      .record({ d: fc.integer({ min: 0, max: 400 }), h: fc.integer({ min: 0, max: 23 }) })
      .map(({ d, h }) => new Date(Date.UTC(2025, 0, 1 + d, h)).toISOString().slice(0, 16).replace('T', ' ')),
  );
  const record = fc.tuple(fc.constantFrom('', 'Web', 'Ads', 'Events'), date, date, date);
  it('numbers finite, rates and bounds in [0, 1] (bound <= rate), counts whole, JSON round-trips', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        (records, c) => {
          fc.pre(records.some((r) => r.slice(1).some(Boolean)));
          const csv = ['Source,Became a Lead Date,Became an Opportunity Date,Became a Customer Date']
            .concat(records.map((r) => r.join(',')))
            .filter((l, i) => i === 0 || l.replace(/,/g, '') !== '');
          fc.pre(csv.length > 1);
          const cal = calibrate(csv.join('\n'), { confidence: c });
          if (cal.kind !== 'contacts') throw new Error('expected contacts');
          const { report } = cal;
          expect(JSON.parse(JSON.stringify(report))).toEqual(report); // no NaN hidden as null
          assert.equal(report.groups[0].records, csv.length - 1);
          for (const g of report.groups)
            for (const t of g.transitions) {
              const at = `${g.name}, ${t.from} -> ${t.to}`;
              assert.ok(
                Number.isInteger(t.counted) && t.converted <= t.counted,
                `${at}: ${t.counted} counted, ${t.converted} converted`,
              );
              if (t.counted === 0)
                assert.deepEqual(
                  [t.rate, t.lower_bound],
                  [null, null],
                  `${at}, nothing counted: ${t.rate}, ${t.lower_bound}`,
                );
              else {
                assertAtLeast(t.rate, 0, `${at}, rate`);
                assertAtMost(t.rate, 1, `${at}, rate`);
                assertAtLeast(t.lower_bound, 0, `${at}, bound`);
                assertAtMost(t.lower_bound, t.rate, `${at}, bound against rate`);
              }
              if (t.median_lag_days !== null) assertAtLeast(t.median_lag_days, 0, `${at}, median lag`);
            }
        },
      ),
      { numRuns: 150 },
    );
  });
});

// A type-level check that the data handed to the view keeps its kind.
export type _Kinds = [ContactsData['kind'], OpportunityData['kind']];
