/**
 * The CRM fixtures against their generating truth (loosely: sampling noise, within three
 * standard errors) and against the kernels called directly (exactly): the HubSpot contacts
 * export's stage rates per source, the maturity rule's point (naive rates that count
 * December's contacts come out lower), and the Salesforce report's win rates and deal values.
 */
import Papa from 'papaparse';
import { stageLags, stageRates } from '../../../src/core/calibrate';
import { isRoiError } from '../../../src/core';
import {
  NO_SOURCE,
  calibrate,
  calibrationFlags,
  parseDateCell,
  serialFromDate,
  type Calibration,
  type ContactsReport,
  type OpportunityReport,
} from '../../../src/features/calibrate';
import { hubspotCsv, salesforceCsv, truth } from './crm-fixtures';

const STAGE_HEADERS = [
  'Became a Lead Date',
  'Became a Marketing Qualified Lead Date',
  'Became a Sales Qualified Lead Date',
  'Became an Opportunity Date',
  'Became a Customer Date',
];

function contacts(): Extract<Calibration, { kind: 'contacts' }> {
  const cal = calibrate(hubspotCsv());
  if (cal.kind !== 'contacts') throw new Error('expected contacts');
  return cal;
}

/** A standard error of a proportion p over n records. */
const se = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

describe('HubSpot contacts export', () => {
  const cal = contacts();
  const report: ContactsReport = cal.report;
  const T = truth();

  it('finds the five lifecycle columns, the source column and every contact', () => {
    expect(report.stages).toEqual([
      'Lead',
      'Marketing Qualified Lead',
      'Sales Qualified Lead',
      'Opportunity',
      'Customer',
    ]);
    expect(cal.data.stages.map((s) => s.header)).toEqual(STAGE_HEADERS);
    expect(cal.data.group?.header).toBe('Original Source');
    expect(report.groups[0]).toMatchObject({ name: 'All', records: T.contacts });
    expect(report.as_of).toBe(T.as_of.slice(0, 10));
    const names = report.groups.slice(1).map((g) => g.name);
    expect([...names].sort()).toEqual([...Object.keys(T.sources), NO_SOURCE].sort());
    expect(names[names.length - 1]).toBe(NO_SOURCE);
    const sizes = report.groups.slice(1, -1).map((g) => g.records);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(report.groups.slice(1).reduce((t, g) => t + g.records, 0)).toBe(T.contacts);
  });

  it("each source's measured rates are within 3 standard errors of the truth", () => {
    let cells = 0;
    for (const g of report.groups) {
      const t = T.sources[g.name];
      if (!t) continue;
      g.transitions.forEach((tr, i) => {
        if (tr.counted === 0) return;
        cells++;
        const p = t.rates[i];
        const z = Math.abs((tr.rate as number) - p) / se(p, tr.counted);
        if (z > 3) throw new Error(`${g.name} ${tr.from} -> ${tr.to}: ${tr.rate} against ${p} (z = ${z.toFixed(2)})`);
      });
    }
    expect(cells).toBeGreaterThanOrEqual(28); // 7 sources x 4 transitions, all counted here
  });

  it('"All" is within 3 standard errors of the truth mixed by each source\'s counted records', () => {
    const all = report.groups[0];
    all.transitions.forEach((tr, i) => {
      let weight = 0;
      let sum = 0;
      for (const g of report.groups) {
        const t = T.sources[g.name];
        if (!t) continue;
        weight += g.transitions[i].counted;
        sum += g.transitions[i].counted * t.rates[i];
      }
      const p = sum / weight;
      expect(Math.abs((tr.rate as number) - p)).toBeLessThanOrEqual(3 * se(p, tr.counted));
      expect(tr.lower_bound as number).toBeLessThan(tr.rate as number);
    });
  });

  it("naive rates that count December's contacts come out lower than the matured ones", () => {
    const all = report.groups[0];
    const naive = stageRates(cal.data.dates, 0.9, undefined, 0);
    if (isRoiError(naive)) throw new Error(naive.message);
    naive.forEach(([counted, , rate], i) => {
      expect(counted).toBeGreaterThan(all.transitions[i].counted);
      expect(rate as number).toBeLessThan(all.transitions[i].rate as number);
    });
    // The first step most of all: every contact created in the last days counts as a failure.
    const december = cal.data.dates.filter((d) => d[0] >= serialFromDate(2025, 12, 1)!);
    expect(december.length).toBeGreaterThan(100);
  });

  it('flags Offline Sources as volume without quality at the top of the funnel, never Referrals', () => {
    const flags = calibrationFlags(cal);
    expect(flags).toContainEqual(
      expect.objectContaining({ kind: 'volume-without-quality', group: 'Offline Sources', transition: 0 }),
    );
    expect(flags.filter((f) => f.group === 'Referrals' && f.kind === 'volume-without-quality')).toEqual([]);
    expect(flags).toContainEqual(expect.objectContaining({ kind: 'too-few', group: NO_SOURCE }));
  });

  it('the report equals the kernels called directly on the dates, parsed and grouped independently', () => {
    const parsed = Papa.parse<Record<string, string>>(hubspotCsv(), { header: true, skipEmptyLines: true });
    const byGroup = new Map<string, number[][]>([['All', []]]);
    for (const row of parsed.data) {
      const dates = STAGE_HEADERS.map((h) => {
        const d = parseDateCell(row[h]);
        if (d === undefined) throw new Error(`bad date ${row[h]}`);
        return d === null ? NaN : d;
      });
      const name = row['Original Source'].trim() || NO_SOURCE;
      if (!byGroup.has(name)) byGroup.set(name, []);
      byGroup.get(name)!.push(dates);
      byGroup.get('All')!.push(dates);
    }
    const asOf = Math.max(
      ...byGroup
        .get('All')!
        .flat()
        .filter((d) => d === d),
    );
    expect(byGroup.size).toBe(report.groups.length);
    for (const g of report.groups) {
      const dates = byGroup.get(g.name)!;
      expect(g.records).toBe(dates.length);
      const rates = stageRates(dates, 0.9, asOf);
      const lags = stageLags(dates, 0.5, 1);
      if (isRoiError(rates) || isRoiError(lags)) throw new Error('kernel error');
      g.transitions.forEach((t, i) => {
        const [counted, converted, rate, bound] = rates[i];
        expect([t.counted, t.converted]).toEqual([counted, converted]);
        expect(t.rate).toBe(isRoiError(rate) ? null : rate);
        expect(t.lower_bound).toBe(isRoiError(bound) ? null : bound);
        expect(t.median_lag_days).toBe(isRoiError(lags[i]) ? null : lags[i]);
      });
    }
  });
});

describe('Salesforce opportunities report', () => {
  const cal = calibrate(salesforceCsv());
  if (cal.kind !== 'opportunities') throw new Error('expected opportunities');
  const report: OpportunityReport = cal.report;
  const T = truth();
  const parsed = Papa.parse<Record<string, string>>(salesforceCsv(), { header: true, skipEmptyLines: true });

  it('reads every opportunity, with the byte-order mark and quoted account names', () => {
    expect(cal.data.columns.created.header).toBe('Created Date');
    expect(cal.data.group?.header).toBe('Lead Source');
    expect(report.groups[0]).toMatchObject({ name: 'All', opportunities: T.opportunities });
    expect(report.as_of).toBe('2025-12-30'); // the latest close date in the file
  });

  it('counts won and closed exactly as the Won and Closed columns say', () => {
    for (const g of report.groups) {
      const rows = parsed.data.filter((r) => g.name === 'All' || (r['Lead Source'].trim() || NO_SOURCE) === g.name);
      const closed = rows.filter((r) => r.Closed === '1');
      const won = rows.filter((r) => r.Won === '1');
      expect([g.opportunities, g.closed, g.won]).toEqual([rows.length, closed.length, won.length]);
      expect(g.win_rate).toBe(closed.length ? won.length / closed.length : null);
      const amounts = won.map((r) => Number(r.Amount));
      expect(g.mean_won_value).toBe(amounts.length ? amounts.reduce((t, a) => t + a, 0) / amounts.length : null);
    }
  });

  it("each source's win rate is within 3 standard errors of its Opportunity -> Customer rate", () => {
    let checked = 0;
    for (const g of report.groups) {
      const t = T.sources[g.name];
      if (!t || !g.closed) continue;
      checked++;
      const p = t.rates[3];
      expect(Math.abs((g.win_rate as number) - p)).toBeLessThanOrEqual(3 * se(p, g.closed));
      expect(g.win_rate_lower_bound as number).toBeLessThanOrEqual(g.win_rate as number);
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it("each source's median won deal value is near its truth (3 standard errors of a median, on the log scale)", () => {
    let checked = 0;
    for (const g of report.groups) {
      const t = T.sources[g.name];
      if (!t || g.median_won_value === null) continue;
      // The spread of deal values: the log standard deviation of this source's amounts.
      const logs = parsed.data.filter((r) => r['Lead Source'] === g.name).map((r) => Math.log(Number(r.Amount)));
      const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
      const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
      const seMedian = (1.2533 * sd) / Math.sqrt(g.won); // the median's standard error, large samples
      const off = Math.abs(Math.log(g.median_won_value / t.deal_value_median));
      expect(off).toBeLessThanOrEqual(3 * seMedian);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(4);
    // The two sources with most won deals are close: Organic Search and Referrals.
    const near = (name: string) =>
      (report.groups.find((g) => g.name === name)!.median_won_value as number) / T.sources[name].deal_value_median;
    expect(near('Organic Search')).toBeGreaterThan(0.85);
    expect(near('Organic Search')).toBeLessThan(1.15);
    expect(near('Referrals')).toBeGreaterThan(0.85);
    expect(near('Referrals')).toBeLessThan(1.15);
  });
});
