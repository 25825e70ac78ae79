/**
 * "Use in the model", the pure half: the default pairing from the bottom (close rate to the
 * last transition) down to the lead stage, the changes with old and new as the sheet shows
 * them, notes naming the source, as-of and n, nothing for missing or unchanged numbers,
 * thin numbers marked; an opportunities report fills the close rate and the deal value.
 */
import {
  calibrate,
  contactsHandOff,
  defaultPairing,
  opportunityHandOff,
  type ContactsReport,
  type ModelSlots,
  type OpportunityReport,
} from '../../../src/features/calibrate';
import { hubspotCsv, salesforceCsv } from './crm-fixtures';

const rate = (label: string, value: number, address: string) => ({
  rate: { value, address, format: '0.0%', kind: 'percent', label },
});
const model = (): ModelSlots => ({
  sheet: 'ROI Model',
  leadStage: 1,
  stages: [
    { name: 'Visitors', label: 'visitor-to-lead', cells: rate('visitor-to-lead rate', 0.02, 'C20') },
    { name: 'Leads', label: 'lead-to-SAL', cells: rate('lead-to-SAL rate', 0.5, 'C21') },
    { name: 'SALs', label: 'SAL-to-SQO', cells: rate('SAL-to-SQO rate', 0.4, 'C22') },
    { name: 'SQOs', label: 'close rate', cells: rate('close rate', 0.25, 'C23') },
  ],
  fields: {
    averageDealValue: {
      label: 'Average deal value (a year)',
      value: 50_000,
      address: 'B9',
      format: '$#,##0',
      kind: 'money',
    },
    salesCycleMonths: { label: 'Sales cycle (months)', value: 3, address: 'B10', format: '0.0', kind: 'months' },
  },
});
const source = { label: "'hubspot-contacts-export'!A1:L2401", asOf: '2025-12-31', confidence: 0.9 };

test('pairing from the bottom, never above the lead stage', () => {
  expect(defaultPairing(4, model())).toEqual([null, 1, 2, 3]);
  expect(defaultPairing(2, model())).toEqual([null, null, 0, 1]);
  expect(defaultPairing(4, { ...model(), leadStage: 0 })).toEqual([0, 1, 2, 3]);
  expect(defaultPairing(1, { stages: model().stages.slice(0, 1), leadStage: 3 })).toEqual([0]);
});

test('contacts: the measured rates of the chosen group, old -> new, with notes', () => {
  const report = calibrate(hubspotCsv()).report as ContactsReport;
  const all = report.groups[0].transitions;
  const changes = contactsHandOff(report, 'All', defaultPairing(4, model()), model(), source);
  expect(changes.map((c) => [c.target, c.address, c.old, c.value, c.thin])).toEqual([
    ['rate:1', 'C21', 0.5, all[1].rate, false],
    ['rate:2', 'C22', 0.4, all[2].rate, false],
    ['rate:3', 'C23', 0.25, all[3].rate, false],
  ]);
  expect(changes[2]).toMatchObject({ oldText: '25.0%', newText: '25.3%', from: 'Opportunity → Customer, 25 of 99' });
  expect(changes[2].note).toBe(
    "Measured by Calibrate from 'hubspot-contacts-export'!A1:L2401, as of 2025-12-31: Opportunity → Customer, 25 of n = 99 mature records converted; 90% lower bound 20.1%.",
  );
  // A source: its numbers, named in the note; thin steps marked (offered unticked).
  const paid = contactsHandOff(report, 'Paid Search', defaultPairing(4, model()), model(), source);
  const ps = report.groups.find((g) => g.name === 'Paid Search')!.transitions;
  expect(paid.map((c) => [c.target, c.value, c.thin])).toEqual([
    ['rate:1', ps[1].rate, false],
    ['rate:2', ps[2].rate, true],
    ['rate:3', 0, true],
  ]);
  expect(paid[2].note).toMatch(
    /^Measured by Calibrate from 'hubspot-contacts-export'!A1:L2401, Paid Search, as of 2025-12-31: Opportunity → Customer, 0 of n = 18 mature/,
  );
  // Unchanged and unpaired rates are not changes; a pairing chosen by the user is followed.
  const same = model();
  same.stages[3].cells.rate.value = all[3].rate!;
  expect(contactsHandOff(report, 'All', defaultPairing(4, same), same, source).map((c) => c.target)).toEqual([
    'rate:1',
    'rate:2',
  ]);
  const chosen = contactsHandOff(report, 'All', [0, null, null, null], model(), source);
  expect(chosen.map((c) => [c.target, c.value])).toEqual([['rate:0', all[0].rate]]);
});

test('opportunities: the win rate is the close rate, the mean won deal the average deal value', () => {
  const report = calibrate(salesforceCsv()).report as OpportunityReport;
  const all = report.groups[0];
  const changes = opportunityHandOff(report, 'All', model(), source);
  expect(changes.map((c) => [c.target, c.address, c.value, c.thin])).toEqual([
    ['rate:3', 'C23', all.win_rate, false],
    ['averageDealValue', 'B9', all.mean_won_value, true],
    ['salesCycleMonths', 'B10', all.median_cycle_days! / 30.4375, true],
  ]);
  expect(changes[1]).toMatchObject({ oldText: '$50,000', newText: '$55,382', label: 'Average deal value (a year)' });
  expect(changes[2].newText).toBe((all.median_cycle_days! / 30.4375).toFixed(1));
  expect(changes[2].note).toMatch(/median sales cycle, created to close, [\d.]+ days over n = 28 won opportunities\.$/);
  expect(changes[0].note).toMatch(/win rate, 28 won of n = 106 closed opportunities; 90% lower bound 21\.3%\.$/);
  // A source with nothing won: no deal value; nothing closed: no win rate either.
  const offline = opportunityHandOff(report, 'Offline Sources', model(), source);
  expect(offline).toEqual([]);
});

test('generic over the stage table: a model with a lag column gets the median lags, in its unit', () => {
  const report = calibrate(hubspotCsv()).report as ContactsReport;
  const all = report.groups[0].transitions;
  const m = model();
  m.stages.forEach((s, i) => {
    s.cells.lag = { value: 0.5, address: `D${20 + i}`, format: '0.0', kind: 'months', label: `${s.label} lag` };
  });
  const changes = contactsHandOff(report, 'All', defaultPairing(4, m), m, source);
  expect(changes.filter((c) => c.target.startsWith('lag:')).map((c) => [c.target, c.address, c.value])).toEqual(
    [1, 2, 3].map((i) => [`lag:${i}`, `D${20 + i}`, all[i].median_lag_days! / 30.4375]),
  );
  const lag = changes.find((c) => c.target === 'lag:3')!;
  expect(lag.note).toMatch(
    /Opportunity → Customer, median lag [\d.]+ days over the records that converted \(n = 25\)\.$/,
  );
  // A column without a measure (a hypothetical one) is never written.
  m.stages[3].cells.other = { value: 1, address: 'E23', format: '0', label: 'other' };
  expect(contactsHandOff(report, 'All', defaultPairing(4, m), m, source).some((c) => c.address === 'E23')).toBe(false);
});
