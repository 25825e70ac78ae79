/**
 * Figure 9: `roi calibrate` on a 100,000-row HubSpot-shaped contacts export (issue 14),
 * run as a child process as a user runs it: peak memory (target: under 300 MB) and wall
 * time. Baseline, a child process started the same way: the same file read with Papa Parse
 * alone, walking its rows in the same step mode (bench/lib/papa-read.ts): the floor of
 * reading the export at all. Interleaved, medians of wall time, the largest peak.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/bundled';
import { hubspotExport } from '../lib/crm-gen';
import { fmtMs, median } from '../lib/measure';
import { atMost, notMeasured, type FigureLine, type FigureResult } from '../lib/report';
import { runChild, type ChildRun } from './recalc';

export interface CalibrateFigureOptions {
  rows?: number;
  rounds?: number;
}

const mb = (kb: number) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'unknown');

export async function calibrateFigure(opts: CalibrateFigureOptions = {}): Promise<FigureResult> {
  const id = 'calibrate';
  const title = '9. `roi calibrate` on a 100,000-row CRM export';
  const rows = opts.rows ?? 100_000;
  const rounds = opts.rounds ?? 3;
  if (!fs.existsSync(path.join(ROOT, 'src', 'cli', 'calibrate.ts')))
    return { id, title, lines: [notMeasured('roi calibrate', 'src/cli/calibrate.ts')], details: [] };

  const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'roi-bench-calibrate-'));
  try {
    const file = path.join(dir, 'contacts.csv');
    fs.writeFileSync(file, hubspotExport(rows));
    const size = fs.statSync(file).size;
    const calibrate = () => runChild('src/cli/roi.ts', ['calibrate', file, '--json']);
    const papa = () => runChild('bench/lib/papa-read.ts', [file]);

    papa(); // warms the disk cache and tsx's compile cache
    const subj: ChildRun[] = [];
    const base: ChildRun[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        base.push(papa());
        subj.push(calibrate());
      } else {
        subj.push(calibrate());
        base.push(papa());
      }
    }
    const failed = [...subj, ...base].find((r) => r.status !== 0);
    if (failed)
      return {
        id,
        title,
        lines: [
          {
            label: 'roi calibrate',
            absolute: `a run failed (exit ${failed.status}): ${failed.stderr.trim().split('\n').slice(-3).join(' | ')}`,
            verdict: 'FAIL',
          },
        ],
        details: [],
      };
    const report = JSON.parse(subj[0].stdout) as { as_of: string; groups: Array<{ name: string; records: number }> };
    const counted = (JSON.parse(base[0].stdout) as { rows: number }).rows;
    const complete = report.groups[0]?.records === rows && counted === rows + 1;

    const peak = (rs: ChildRun[]) => Math.max(...rs.map((r) => r.maxRssKb));
    const wall = (rs: ChildRun[]) => median(rs.map((r) => r.wallMs));
    const n = rows.toLocaleString('en-US');
    const lines: FigureLine[] = [
      {
        label: `roi calibrate --json, ${n} contacts x 5 stage dates: peak memory`,
        ratio: peak(subj) / peak(base),
        absolute: `peak ${mb(peak(subj))}; Papa Parse alone on the same file ${mb(peak(base))}`,
        target: '< 300 MB',
        verdict: complete ? atMost(peak(subj) / 1024, 300) : 'FAIL',
      },
      {
        label: `roi calibrate --json, ${n} contacts: wall time`,
        ratio: wall(subj) / wall(base),
        absolute: `${fmtMs(wall(subj))} wall; Papa Parse alone ${fmtMs(wall(base))}${complete ? '' : '; INCOMPLETE: the report did not count every record'}`,
        verdict: 'INFO',
      },
    ];
    const details = [
      `**Method.** A generated HubSpot-shaped contacts export (bench/lib/crm-gen.ts, seeded): ${n} contacts, the export's twelve columns, the five "Became a ... Date" columns as \`YYYY-MM-DD HH:MM\` text, seven sources; ${(size / 1024 / 1024).toFixed(1)} MB. Each run is a child process, \`node_modules/.bin/tsx src/cli/roi.ts calibrate FILE --json\`, peak memory (maximum resident set size) from \`/usr/bin/time -v\` where present, else from bench/lib/with-rusage.ts. Baseline: \`tsx bench/lib/papa-read.ts FILE\` (read the file, walk its rows with Papa Parse in step mode: what reading the export costs at all, start-up included), interleaved with the subject (${rounds} each).`,
      `The report's first group: ${report.groups[0]?.name} with ${report.groups[0]?.records.toLocaleString('en-US')} records, as of ${report.as_of}, ${report.groups.length - 1} sources.`,
      `| run | wall | CPU | peak memory |\n| --- | --- | --- | --- |\n${subj.map((r, i) => `| roi calibrate #${i + 1} | ${fmtMs(r.wallMs)} | ${r.cpuS.toFixed(1)} s | ${mb(r.maxRssKb)} |`).join('\n')}\n${base.map((r, i) => `| Papa Parse alone #${i + 1} | ${fmtMs(r.wallMs)} | ${r.cpuS.toFixed(1)} s | ${mb(r.maxRssKb)} |`).join('\n')}`,
    ];
    return { id, title, lines, details };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
