/**
 * `roi check IN.xlsx [--json]`
 *
 * Lists every ROI formula (sheet!cell, formula, cached value, recomputed value) and the
 * assumptions a reviewer should question. Exit 0 when every cached value agrees with the
 * recomputed one (numbers within a relative 1e-9), 1 when one disagrees, 2 on bad input.
 */
import { checkPackage, formatCheckReport } from '../files/check';
import { workbookVerb } from './workbook-verb';

export const USAGE = `Usage: roi check IN.xlsx [--json]
  List every ROI formula with its cached and recomputed value, and flag assumptions to
  question (rates typed into formulas, close rates above 60%, churn of 0, 25 for 25%).
  --json          print the report as JSON
Exit status: 0 all cached values agree, 1 a cached value disagrees, 2 bad input.`;

export const run = workbookVerb({ verb: 'check', usage: USAGE, output: 'never' }, (pkg, opts) => {
  const r = checkPackage(pkg, { progress: opts.progress });
  return { exit: r.disagreements > 0 ? 1 : 0, text: formatCheckReport(opts.input, r), json: r, write: false };
});
