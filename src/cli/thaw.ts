/**
 * `roi thaw IN.xlsx --out OUT.xlsx [--json]`
 *
 * Restores exactly the ROI formulas `roi freeze` recorded in the ROI_Ledger sheet and
 * removes the ledger.
 */
import { workbookVerb } from './workbook-verb';
import { thawPackage } from '../files/ledger';

export const USAGE = `Usage: roi thaw IN.xlsx --out OUT.xlsx [--json]
  Put back the ROI formulas recorded by roi freeze and remove the ROI_Ledger sheet.
  --out OUT.xlsx  where to write (required; or --in-place to overwrite IN)
  --json          print the report as JSON
Exit status: 0 done, 2 bad input (including a workbook with no ledger).`;

export const run = workbookVerb({ verb: 'thaw', usage: USAGE, output: 'required' }, (pkg, opts) => {
  const r = thawPackage(pkg, { progress: opts.progress });
  const lines = [`${opts.input}: restored ${r.restored.length} ROI formula${r.restored.length === 1 ? '' : 's'}`];
  for (const f of r.restored) lines.push(`  ${f.cell}  ${f.formula}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return { exit: 0, text: lines.join('\n'), json: r, write: true };
});
