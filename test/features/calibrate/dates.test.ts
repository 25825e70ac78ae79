/**
 * Dates as CRM exports write them, into Excel serial numbers (1900 date system), checked
 * against serials Excel itself gives (1970-01-01 is 25569, 2000-01-01 is 36526,
 * 2025-01-01 is 45658) and independent of the machine's time zone.
 */
import fc from 'fast-check';
import { isoFromSerial, parseDateCell, serialFromDate } from '../../../src/features/calibrate';

const MAR_4_2025 = 45720; // 45658 (2025-01-01) + 31 + 28 + 3

describe('serialFromDate / isoFromSerial', () => {
  it.each([
    [1900, 1, 1, 1],
    [1900, 2, 28, 59],
    [1900, 3, 1, 61], // Excel's phantom 1900-02-29 is 60
    [1970, 1, 1, 25569],
    [2000, 1, 1, 36526],
    [2025, 1, 1, 45658],
    [2025, 3, 4, MAR_4_2025],
    [9999, 12, 31, 2958465],
  ])('%i-%i-%i is serial %i, and back', (y, m, d, serial) => {
    expect(serialFromDate(y, m, d)).toBe(serial);
    expect(isoFromSerial(serial)).toBe(
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    );
    expect(isoFromSerial(serial + 0.999)).toBe(isoFromSerial(serial));
  });
  it.each([
    [2025, 2, 29],
    [2024, 4, 31],
    [1899, 12, 31],
    [10000, 1, 1],
    [2025, 13, 1],
    [2025, 0, 1],
  ])('%i-%i-%i does not exist', (y, m, d) => {
    expect(serialFromDate(y, m, d)).toBeUndefined();
  });
  it('round-trips every day from 1900-03-01 to 9999-12-31', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2958465 }), (serial) => {
        const [y, m, d] = isoFromSerial(serial).split('-').map(Number);
        expect(serialFromDate(y, m, d)).toBe(serial);
      }),
    );
  });
});

describe('parseDateCell', () => {
  const t = (h: number, m: number, s = 0) => (h * 3600 + m * 60 + s) / 86400;
  it.each<[unknown, number]>([
    ['2025-03-04', MAR_4_2025],
    ['2025-3-4', MAR_4_2025],
    ['2025/03/04', MAR_4_2025],
    ['2025-03-04 10:15', MAR_4_2025 + t(10, 15)],
    ['2025-03-04T10:15:30', MAR_4_2025 + t(10, 15, 30)],
    ['2025-03-04T10:15:30.500', MAR_4_2025 + t(10, 15, 30.5)],
    ['2025-03-04T10:15:00Z', MAR_4_2025 + t(10, 15)], // the clock time as written
    ['2025-03-04 10:15 +01:00', MAR_4_2025 + t(10, 15)],
    ['  2025-03-04 10:15  ', MAR_4_2025 + t(10, 15)],
    ['3/4/2025', MAR_4_2025],
    ['03/04/2025', MAR_4_2025],
    ['3/4/25', MAR_4_2025], // Excel's rule: 00-29 are 2000-2029
    ['3/4/85', serialFromDate(1985, 3, 4)!],
    ['3/4/2025 10:15', MAR_4_2025 + t(10, 15)],
    ['3/4/2025, 10:15:30', MAR_4_2025 + t(10, 15, 30)],
    ['3/4/2025 12:30 AM', MAR_4_2025 + t(0, 30)],
    ['3/4/2025 12:30 PM', MAR_4_2025 + t(12, 30)],
    ['3/4/2025 1:05 pm', MAR_4_2025 + t(13, 5)],
    ['4 Mar 2025', MAR_4_2025],
    ['04-Mar-2025', MAR_4_2025],
    ['4-Mar-25', MAR_4_2025],
    ['Mar 4, 2025', MAR_4_2025],
    ['March 4 2025 10:15', MAR_4_2025 + t(10, 15)],
    ['Sept 4, 2025', serialFromDate(2025, 9, 4)!],
    [MAR_4_2025, MAR_4_2025],
    [MAR_4_2025 + 0.25, MAR_4_2025 + 0.25],
    ['45720', MAR_4_2025],
    ['45720.25', MAR_4_2025 + 0.25],
    [new Date(Date.UTC(2025, 2, 4, 10, 15)), MAR_4_2025 + t(10, 15)],
  ])('%p', (input, serial) => {
    expect(parseDateCell(input as string)).toBeCloseTo(serial, 9);
  });

  it.each([null, undefined, '', '   '])('%p is blank (null)', (v) => {
    expect(parseDateCell(v)).toBeNull();
  });

  it.each<unknown>([
    'yesterday',
    '2025-02-30',
    '2025-13-01',
    '13/4/2025', // month first: no month 13
    '25/3/2025', // a day-first date is refused, not swapped
    '3/4/2025 24:00',
    '3/4/2025 10:60',
    '3/4/2025 13:00 PM',
    '3/4/2025 0:30 AM',
    '2025-03-04 10',
    '4 Foo 2025',
    '20250304',
    '0',
    '-1',
    0,
    -5,
    2958466,
    NaN,
    Infinity,
    true,
    new Date(NaN),
    '1899-12-31',
  ])('%p is not a date (undefined)', (v) => {
    expect(parseDateCell(v as string)).toBeUndefined();
  });

  it('never depends on the machine time zone', () => {
    const inputs = ['2025-03-04 23:59', '3/4/2025 0:01', new Date(Date.UTC(2025, 2, 4, 23, 30))];
    const before = process.env.TZ;
    const results: Array<Array<number | null | undefined>> = [];
    try {
      for (const tz of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kolkata']) {
        process.env.TZ = tz;
        results.push(inputs.map((v) => parseDateCell(v)));
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0][0]).toBeCloseTo(MAR_4_2025 + 1439 / 1440, 9);
  });

  it('ISO, US and serial spellings of the same moment agree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1930, max: 2029 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (y, m, d, h, mi) => {
          const pad = (n: number) => String(n).padStart(2, '0');
          const iso = parseDateCell(`${y}-${pad(m)}-${pad(d)} ${pad(h)}:${pad(mi)}`) as number;
          const hh12 = h % 12 === 0 ? 12 : h % 12;
          const us = parseDateCell(`${m}/${d}/${y} ${hh12}:${pad(mi)} ${h < 12 ? 'AM' : 'PM'}`);
          const us2 = parseDateCell(`${m}/${d}/${String(y).slice(2)} ${h}:${pad(mi)}`);
          expect(us).toBeCloseTo(iso, 9);
          expect(us2).toBeCloseTo(iso, 9);
          expect(parseDateCell(String(iso))).toBe(iso);
          expect(isoFromSerial(iso)).toBe(`${y}-${pad(m)}-${pad(d)}`);
        },
      ),
    );
  });
});
