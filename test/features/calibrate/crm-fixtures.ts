/**
 * The CRM fixtures (../shared/fixtures/crm, beside the repository): a HubSpot-shaped
 * contacts export, a Salesforce-shaped opportunities report and their generating truth.
 * Found from the main checkout (/work/main -> /work/shared) and from a worktree
 * (/work/wt/<name> -> /work/shared), or where CRM_FIXTURES points. A missing folder fails
 * the tests that need it (never skips them).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

export const CRM_DIR = [
  process.env.CRM_FIXTURES,
  path.join(ROOT, '../shared/fixtures/crm'),
  path.join(ROOT, '../../shared/fixtures/crm'),
].find((d): d is string => !!d && fs.existsSync(path.join(d, 'truth.json')));

export function crmFile(name: string): string {
  if (!CRM_DIR)
    throw new Error(`The CRM fixtures are missing: looked beside ${ROOT} (set CRM_FIXTURES to their folder).`);
  return fs.readFileSync(path.join(CRM_DIR, name), 'utf8');
}

export interface Truth {
  as_of: string;
  contacts: number;
  opportunities: number;
  sources: Record<string, { rates: number[]; mean_lag_days: number[]; deal_value_median: number }>;
}

export const truth = (): Truth => JSON.parse(crmFile('truth.json')) as Truth;
export const hubspotCsv = () => crmFile('hubspot-contacts-export.csv');
export const salesforceCsv = () => crmFile('salesforce-opportunities-report.csv');
