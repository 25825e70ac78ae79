/**
 * `roi freeze IN.xlsx --out OUT.xlsx [--json]`
 *
 * Replaces every ROI formula by its (recalculated) value, keeping the cell's format, and
 * records the formulas in a very hidden ROI_Ledger sheet so that `roi thaw` can put them
 * back. A reviewer without the add-in then sees numbers, never #NAME?.
 */
import { workbookVerb } from './workbook-verb';
import { freezePackage } from '../files/ledger';

export const USAGE = `Usage: roi freeze IN.xlsx --out OUT.xlsx [--json]
  Replace each ROI formula by its value (style kept) and record the formulas in a very
  hidden sheet, ROI_Ledger, for roi thaw. Frozen cells leave the calc chain.
  --out OUT.xlsx  where to write (required; or --in-place to overwrite IN)
  --json          print the report as JSON
Exit status: 0 done, 2 bad input.`;

export const run = workbookVerb({ verb: 'freeze', usage: USAGE, output: 'required' }, (pkg, opts) => {
  const r = freezePackage(pkg, { progress: opts.progress });
  const lines = [
    `${opts.input}: froze ${r.frozen.length} ROI formula${r.frozen.length === 1 ? '' : 's'}${r.ledgerSheet ? ` (recorded in the very hidden sheet ${r.ledgerSheet})` : ''}`,
  ];
  for (const f of r.frozen)
    lines.push(`  ${f.cell}  ${f.formula}  -> ${f.value}${f.evaluated ? '' : `  (cached value: ${f.reason})`}`);
  if (r.calcChainEntriesRemoved)
    lines.push(
      `  removed ${r.calcChainEntriesRemoved} calc chain entr${r.calcChainEntriesRemoved === 1 ? 'y' : 'ies'}`,
    );
  return { exit: 0, text: lines.join('\n'), json: r, write: true };
});
