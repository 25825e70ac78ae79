/**
 * Figure 6: `roi recalc IN.xlsx --out OUT.xlsx` on a generated workbook of 50,000 ROI
 * formulas, run as a child process exactly as a user runs it: wall time and peak memory.
 * Baselines, also child processes started the same way: unzip + rezip of the same package
 * (the floor: start-up and moving the bytes), and `roi recalc` on the same workbook written
 * with Excel's own functions (for information).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { ROOT } from '../lib/bundled';
import { fmtMs, median, nowNs } from '../lib/measure';
import { summarizeByArea } from '../lib/profile';
import { notMeasured, type FigureLine, type FigureResult } from '../lib/report';
import { expected, leadSourceWorkbook } from '../lib/xlsx-gen';

export interface ChildRun {
  status: number | null;
  wallMs: number;
  /** Peak resident memory of the child (the largest process of its tree), KB; NaN if unknown. */
  maxRssKb: number;
  cpuS: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

function hasGnuTime(): boolean {
  if (!fs.existsSync(GNU_TIME)) return false;
  const r = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /Maximum resident set size/.test(r.stderr);
}

/** Run `tsx <script> ...args` from the repository root, timed; peak memory from GNU time -v, else from the in-process wrapper. */
export function runChild(script: string, args: string[], useGnuTime = hasGnuTime()): ChildRun {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const wrapped = !useGnuTime && script === 'src/cli/roi.ts';
  const cmd = useGnuTime ? GNU_TIME : tsx;
  const argv = useGnuTime ? ['-v', tsx, script, ...args] : [wrapped ? 'bench/lib/with-rusage.ts' : script, ...args];
  const t0 = nowNs();
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = (nowNs() - t0) / 1e6;
  let maxRssKb = NaN;
  let cpuS = NaN;
  const stderr = r.stderr ?? '';
  if (useGnuTime) {
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
    if (rss) maxRssKb = Number(rss[1]);
    if (user && sys) cpuS = Number(user[1]) + Number(sys[1]);
  } else {
    const line = /ROI-BENCH-RUSAGE (\{.*\})/.exec(stderr);
    if (line) {
      const u = JSON.parse(line[1]) as { maxRssKb: number; userS: number; sysS: number };
      maxRssKb = u.maxRssKb;
      cpuS = u.userS + u.sysS;
    }
  }
  return { status: r.status, wallMs, maxRssKb, cpuS, stdout: r.stdout ?? '', stderr };
}

/** Cells of OUT whose cached values are not the expected ones (the first few), for the bench's own check. */
export function checkOutput(bytes: Uint8Array, formulas: number): string[] {
  const files = unzipSync(bytes);
  const sheet = files['xl/worksheets/sheet1.xml'];
  if (!sheet) return ['xl/worksheets/sheet1.xml missing'];
  const xml = strFromU8(sheet);
  const bad: string[] = [];
  const rows = Math.ceil(formulas / 2);
  for (const i of [0, 1, Math.floor(rows / 2), rows - 1]) {
    const r = i + 2;
    const e = expected(i);
    const f = new RegExp(`<c r="F${r}"[^>]*>.*?<v>([^<]*)</v>`).exec(xml);
    const g = new RegExp(`<c r="G${r}"[^>]*>.*?<v>([^<]*)</v>`).exec(xml);
    if (!f || Number(f[1]) !== e.requiredLeads) bad.push(`F${r}: ${f?.[1]} (want ${e.requiredLeads})`);
    if (!g || Math.abs(Number(g[1]) - e.quality) > 1e-12) bad.push(`G${r}: ${g?.[1]} (want ${e.quality})`);
  }
  return bad;
}

export interface RecalcOptions {
  formulas?: number;
  rounds?: number;
}

const mb = (kb: number) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'unknown');

export async function recalcFigure(opts: RecalcOptions = {}): Promise<FigureResult> {
  const id = 'recalc';
  const title = '6. `roi recalc` on a workbook of 50,000 ROI formulas';
  const formulas = opts.formulas ?? 50_000;
  const rounds = opts.rounds ?? 2;
  const missing = ['src/cli/recalc.ts', 'src/cli/roi.ts'].filter((f) => !fs.existsSync(path.join(ROOT, f)));
  if (missing.length) return { id, title, lines: [notMeasured('roi recalc', missing.join(', '))], details: [] };
  const roiSource = fs.readFileSync(path.join(ROOT, 'src', 'cli', 'roi.ts'), 'utf8');
  if (!/\brecalc\s*:/.test(roiSource))
    return { id, title, lines: [notMeasured('roi recalc', 'the recalc verb in src/cli/roi.ts')], details: [] };

  const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'roi-bench-recalc-'));
  try {
    const roiIn = path.join(dir, 'roi.xlsx');
    const nativeIn = path.join(dir, 'native.xlsx');
    fs.writeFileSync(roiIn, leadSourceWorkbook({ formulas, kind: 'roi', cache: 'stale' }));
    fs.writeFileSync(nativeIn, leadSourceWorkbook({ formulas, kind: 'native', cache: 'stale' }));
    const out = (name: string) => path.join(dir, name);
    const gnu = hasGnuTime();

    const recalc = (input: string, output: string) =>
      runChild('src/cli/roi.ts', ['recalc', input, '--out', output], gnu);
    const rezip = (input: string, output: string) => runChild('bench/lib/rezip.ts', [input, output], gnu);

    // Interleaved: baseline, subject / subject, baseline ...; the first pair warms the disk cache and tsx's compile cache.
    const base: ChildRun[] = [];
    const subj: ChildRun[] = [];
    rezip(roiIn, out('warm.xlsx'));
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        base.push(rezip(roiIn, out(`rezip${i}.xlsx`)));
        subj.push(recalc(roiIn, out(`recalc${i}.xlsx`)));
      } else {
        subj.push(recalc(roiIn, out(`recalc${i}.xlsx`)));
        base.push(rezip(roiIn, out(`rezip${i}.xlsx`)));
      }
    }
    const native = recalc(nativeIn, out('native-out.xlsx'));

    const failed = [...subj, ...base, native].find((r) => r.status !== 0);
    if (failed) {
      return {
        id,
        title,
        lines: [
          {
            label: 'roi recalc',
            absolute: `a run failed (exit ${failed.status}): ${failed.stderr.trim().split('\n').slice(-3).join(' | ')}`,
            verdict: 'FAIL',
          },
        ],
        details: [],
      };
    }
    const bad = checkOutput(fs.readFileSync(out('recalc0.xlsx')), formulas);

    // Where the time goes: one more run under V8's CPU profiler (node --cpu-prof, through tsx's loader).
    const profDir = path.join(dir, 'prof');
    const prof = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--cpu-prof',
        '--cpu-prof-dir',
        profDir,
        'src/cli/roi.ts',
        'recalc',
        roiIn,
        '--out',
        out('profiled.xlsx'),
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    let profileText = '';
    const profFile =
      prof.status === 0 && fs.existsSync(profDir)
        ? fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))
        : undefined;
    if (profFile) {
      const summary = summarizeByArea(JSON.parse(fs.readFileSync(path.join(profDir, profFile), 'utf8')), ROOT, 10);
      const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
      profileText =
        '**Where the time goes** (one more run under `node --cpu-prof`; shares of samples. Inclusive: time in that file or package and everything it calls; self: in its own code only):\n\n' +
        `| inclusive | | self | |\n| --- | --- | --- | --- |\n` +
        summary.inclusive
          .map(
            ([k, v], i) =>
              `| ${k} | ${pct(v)} | ${summary.self[i]?.[0] ?? ''} | ${summary.self[i] ? pct(summary.self[i][1]) : ''} |`,
          )
          .join('\n');
    }
    const report = subj[0].stdout.split('\n')[0];

    const wall = (rs: ChildRun[]) => median(rs.map((r) => r.wallMs));
    const rss = (rs: ChildRun[]) => Math.max(...rs.map((r) => r.maxRssKb));
    const cpu = (rs: ChildRun[]) => median(rs.map((r) => r.cpuS));
    const n = formulas.toLocaleString('en-US');
    const lines: FigureLine[] = [
      {
        label: `roi recalc --out, ${n} ROI formulas (half of them stale)`,
        ratio: wall(subj) / wall(base),
        absolute: `${fmtMs(wall(subj))} wall, ${cpu(subj).toFixed(1)} s CPU, peak ${mb(rss(subj))}; unzip+rezip of the same file ${fmtMs(wall(base))}, peak ${mb(rss(base))}`,
        verdict: 'INFO',
      },
      {
        label: `roi recalc --out, the same sheet with Excel's own functions (ROUNDUP, products, a division)`,
        ratio: wall(subj) / native.wallMs,
        absolute: `ROI ${fmtMs(wall(subj))} vs Excel functions ${fmtMs(native.wallMs)} wall; peak ${mb(rss(subj))} vs ${mb(native.maxRssKb)}`,
        verdict: 'INFO',
      },
      bad.length
        ? {
            label: 'completes, with the right values in OUT',
            absolute: `wrong cached values: ${bad.join('; ')}`,
            verdict: 'FAIL',
          }
        : {
            label: 'completes, with the right values in OUT',
            absolute: `exit 0, fresh values checked in OUT; peak memory ${mb(rss(subj))}`,
            target: 'no out-of-memory',
            verdict: 'PASS',
          },
    ];
    const details = [
      `**Method.** A generated workbook (bench/lib/xlsx-gen.ts) with one sheet: shared rates and deal value in row 1, then ${(formulas / 2).toLocaleString('en-US')} lead sources with \`_xldudf_ROI_REQUIREDLEADS(B,$E$1,$B$1:$D$1)\` and \`_xldudf_ROI_LEADQUALITY(C,D)\`, saved as Excel saves them (dynamic-array \`t="array"\` formulas with \`cm="1"\`, xl/metadata.xml), every REQUIREDLEADS cached value stale (as after the deal value changed). Each run is a child process, \`node_modules/.bin/tsx src/cli/roi.ts recalc IN.xlsx --out OUT.xlsx\`, wall time measured around it, peak memory (maximum resident set size of the largest process in its tree) and CPU time from ${gnu ? '`/usr/bin/time -v`' : 'the in-process wrapper bench/lib/with-rusage.ts (no GNU time here)'}. Baseline: \`tsx bench/lib/rezip.ts IN OUT\` (fflate unzip and zip of the same package: start-up plus moving the bytes), interleaved with the recalc runs (${rounds} each, medians). The workbook is ${(fs.statSync(roiIn).size / 1024 / 1024).toFixed(1)} MB zipped.`,
      `The command's first report line: \`${report}\``,
      ...(profileText ? [profileText] : []),
      `| run | wall | CPU | peak memory |\n| --- | --- | --- | --- |\n${subj.map((r, i) => `| roi recalc #${i + 1} | ${fmtMs(r.wallMs)} | ${r.cpuS.toFixed(1)} s | ${mb(r.maxRssKb)} |`).join('\n')}\n${base.map((r, i) => `| unzip+rezip #${i + 1} | ${fmtMs(r.wallMs)} | ${r.cpuS.toFixed(1)} s | ${mb(r.maxRssKb)} |`).join('\n')}\n| roi recalc, Excel's own functions | ${fmtMs(native.wallMs)} | ${native.cpuS.toFixed(1)} s | ${mb(native.maxRssKb)} |`,
    ];
    return { id, title, lines, details };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
