/**
 * `roi recalc IN.xlsx [--out OUT.xlsx | --in-place] [--json]`
 *
 * Evaluates the whole workbook on the headless engine and reports formulas, stale cached
 * values (old -> new), stuck or damaged ROI cells and cells that evaluate to errors. With
 * --out (or --in-place), writes the workbook with fresh cached values and every ROI call
 * in the resolved spelling, editing only the cells that change. Exit 0, or 2 on bad input.
 */
import { workbookVerb } from './workbook-verb';
import { formatRecalcReport, recalcPackage } from '../files/recalc';

export const USAGE = `Usage: roi recalc IN.xlsx [--out OUT.xlsx | --in-place] [--json]
  Recalculate every formula (ROI.* in all its spellings, Excel's own functions, other
  sheets, defined names) and report stale, stuck, damaged and erroring cells.
  --out OUT.xlsx  write a repaired copy: fresh cached values, resolved _xldudf_ROI_ spelling
  --in-place      overwrite IN.xlsx (through a temporary file)
  --json          print the report as JSON
Exit status: 0 done, 2 bad input (missing, unreadable, not .xlsx, damaged, password-protected).`;

export const run = workbookVerb({ verb: 'recalc', usage: USAGE, output: 'optional' }, (pkg, opts) => {
  const { report } = recalcPackage(pkg, { write: !!opts.out, progress: opts.progress });
  return { exit: 0, text: formatRecalcReport(opts.input, report), json: report, write: !!opts.out };
});
