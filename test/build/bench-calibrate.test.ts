/**
 * Figure 9's generated export (bench/lib/crm-gen.ts) on tiny sizes: the same file every
 * run, read by `roi calibrate`'s reader as a HubSpot export with every record, its five
 * stages and seven sources (and a few blank). No time is asserted.
 */
import { hubspotExport } from '../../bench/lib/crm-gen';
import { calibrate, type ContactsReport } from '../../src/features/calibrate';

test('a seeded HubSpot-shaped export the calibration reads whole', () => {
  const csv = hubspotExport(2000);
  expect(hubspotExport(2000)).toBe(csv);
  expect(hubspotExport(2000, 7)).not.toBe(csv);
  const report = calibrate(csv).report as ContactsReport;
  expect(report.stages).toEqual([
    'Lead',
    'Marketing Qualified Lead',
    'Sales Qualified Lead',
    'Opportunity',
    'Customer',
  ]);
  expect(report.groups[0].records).toBe(2000);
  expect(report.groups.map((g) => g.name)).toContain('Referrals');
  expect(report.groups[report.groups.length - 1].name).toBe('(no source)');
  for (const t of report.groups[0].transitions) expect(t.counted).toBeGreaterThan(0);
});
