/**
 * Figure 5: Excel round trips (context.sync() calls) per model build and per scorecard,
 * counted on a mocked Excel (office-addin-mock). Target: at most 2 each.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/bundled';
import { notMeasured, type FigureLine, type FigureResult } from '../lib/report';

const exists = (f: string) => fs.existsSync(path.join(ROOT, f));

/** The first file under src/ whose path or content names the lead-source scorecard (issue 6), if any. */
export function findScorecard(): string | undefined {
  if (exists('src/features/lead-sources/scorecard.ts')) return 'src/features/lead-sources/scorecard.ts';
  const dirs = ['src/features/lead-sources', 'src/taskpane/views', 'src/features/model'];
  for (const d of dirs) {
    if (!exists(d)) continue;
    for (const f of fs.readdirSync(path.join(ROOT, d))) {
      if (/scorecard|leadsource/i.test(f)) return `${d}/${f}`;
    }
  }
  return undefined;
}

export async function roundTripsFigure(): Promise<FigureResult> {
  const id = 'roundtrips';
  const title = '5. Excel round trips per action (mocked Excel)';
  const lines: FigureLine[] = [];
  const details: string[] = [];
  const missingBuild = ['src/features/model/build.ts', 'src/workbook/excel.ts'].filter((f) => !exists(f));
  if (missingBuild.length) {
    lines.push(notMeasured('model build', `${missingBuild.join(', ')} (the Excel adapter of the WorkbookPort)`));
  } else {
    const { measureModelBuild } = await import('./roundtrips-excel');
    const r = await measureModelBuild();
    lines.push(...r.lines);
    details.push(...r.details);
  }
  const scorecard = findScorecard();
  if (scorecard !== 'src/features/lead-sources/scorecard.ts' || missingBuild.length) {
    lines.push(
      notMeasured(
        'scorecard',
        missingBuild.length
          ? 'src/workbook/excel.ts (the Excel adapter)'
          : scorecard
            ? `a scorecard flow the bench knows how to drive (found ${scorecard})`
            : 'the lead-source scorecard view (issue 6)',
      ),
    );
  } else {
    const { measureScorecard } = await import('./roundtrips-excel');
    const r = await measureScorecard();
    lines.push(...r.lines);
    details.push(...r.details);
  }
  details.unshift(
    '**Method.** The model builder (src/features/model/build.ts) and the scorecard run against the Excel adapter of the WorkbookPort (src/workbook/excel.ts) with `Excel.run` backed by office-addin-mock; every `context.sync()` is counted. A round trip to Excel is slow (above all in Excel on the web), so each user action should queue its writes and sync at most twice.',
  );
  return { id, title, lines, details };
}
