/**
 * Figure 6: `roi recalc IN.xlsx --out OUT.xlsx` on a generated workbook of 50,000 ROI
 * formulas, run as a child process exactly as a user runs it (the compiled command,
 * `node dist-cli/roi.js`, the package's `bin`): wall time and peak memory. Baselines, also
 * child processes started the same way (plain `node` on a compiled file): unzip + rezip of
 * the same package (the floor: start-up and moving the bytes), and `roi recalc` on the same
 * workbook written with Excel's own functions (for information). Then the same on 200,000
 * formulas (it must complete).
 */
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { ROOT } from '../lib/bundled';
import { fmtMs, median, nowNs } from '../lib/measure';
import { summarizeByArea } from '../lib/profile';
import { atMost, notMeasured, type FigureLine, type FigureResult } from '../lib/report';
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
  return measured(cmd, argv, useGnuTime);
}

/**
 * Run `node ...argv` from the repository root, timed; peak memory and CPU time from GNU time
 * -v, else from `preload` (a file node requires first that prints them at exit).
 */
export function runNode(argv: string[], useGnuTime: boolean, preload: string): ChildRun {
  const cmd = useGnuTime ? GNU_TIME : process.execPath;
  const args = useGnuTime ? ['-v', process.execPath, ...argv] : ['--require', preload, ...argv];
  return measured(cmd, args, useGnuTime);
}

/**
 * Runs `cmd ...argv` from the repository root, timed around it; peak memory and CPU time
 * from GNU time -v's report, else from the ROI-BENCH-RUSAGE line the child printed at exit.
 */
function measured(cmd: string, argv: string[], useGnuTime: boolean): ChildRun {
  const t0 = nowNs();
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = (nowNs() - t0) / 1e6;
  const stderr = r.stderr ?? '';
  let maxRssKb = NaN;
  let cpuS = NaN;
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

/** What `runNode` preloads without GNU time: the process's peak memory and CPU time, one line on stderr at exit. */
const RUSAGE_PRELOAD = `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('ROI-BENCH-RUSAGE ' + JSON.stringify({ maxRssKb: u.maxRSS, userS: u.userCPUTime / 1e6, sysS: u.systemCPUTime / 1e6 }) + '\\n'); });\n`;

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
  /** The large workbook that must complete (0: not run). */
  largeFormulas?: number;
}

const mb = (kb: number) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'unknown');

/** The ratio target (wall time against unzip+rezip) and the memory target (peak resident set, MB). */
const RATIO_TARGET = 3;
const PEAK_MB_TARGET = 250;

export async function recalcFigure(opts: RecalcOptions = {}): Promise<FigureResult> {
  const id = 'recalc';
  const title = '6. `roi recalc` on a workbook of 50,000 ROI formulas';
  const formulas = opts.formulas ?? 50_000;
  const rounds = opts.rounds ?? 3;
  const largeFormulas = opts.largeFormulas ?? 200_000;
  const missing = ['src/cli/recalc.ts', 'src/cli/roi.ts'].filter((f) => !fs.existsSync(path.join(ROOT, f)));
  if (missing.length) return { id, title, lines: [notMeasured('roi recalc', missing.join(', '))], details: [] };
  const roiSource = fs.readFileSync(path.join(ROOT, 'src', 'cli', 'roi.ts'), 'utf8');
  if (!/\brecalc\s*:/.test(roiSource))
    return { id, title, lines: [notMeasured('roi recalc', 'the recalc verb in src/cli/roi.ts')], details: [] };

  // What users run: the compiled command (built now if a source changed since the last build).
  const build = spawnSync(process.execPath, ['build/cli.js', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0)
    return {
      id,
      title,
      lines: [notMeasured('roi recalc', `the compiled command (node build/cli.js failed: ${build.stderr.trim()})`)],
      details: [],
    };
  const roi = path.join(ROOT, 'dist-cli', 'roi.js');

  const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'roi-bench-recalc-'));
  try {
    // The floor, compiled the same way (one CommonJS file with fflate inside), so both pay plain node's start-up.
    const rezipJs = path.join(dir, 'rezip.js');
    buildSync({
      absWorkingDir: ROOT,
      entryPoints: ['bench/lib/rezip.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      minifyWhitespace: true,
      minifySyntax: true,
      outfile: rezipJs,
      logLevel: 'warning',
    });
    const preload = path.join(dir, 'rusage.js');
    fs.writeFileSync(preload, RUSAGE_PRELOAD);
    const roiIn = path.join(dir, 'roi.xlsx');
    const nativeIn = path.join(dir, 'native.xlsx');
    fs.writeFileSync(roiIn, leadSourceWorkbook({ formulas, kind: 'roi', cache: 'stale' }));
    fs.writeFileSync(nativeIn, leadSourceWorkbook({ formulas, kind: 'native', cache: 'stale' }));
    const out = (name: string) => path.join(dir, name);
    const gnu = hasGnuTime();

    const recalc = (input: string, output: string) => runNode([roi, 'recalc', input, '--out', output], gnu, preload);
    const rezip = (input: string, output: string) => runNode([rezipJs, input, output], gnu, preload);

    // Interleaved: baseline, subject / subject, baseline ...; the first pair warms the disk cache.
    const base: ChildRun[] = [];
    const subj: ChildRun[] = [];
    rezip(roiIn, out('warm.xlsx'));
    recalc(roiIn, out('warm-recalc.xlsx'));
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

    // The large workbook: it must complete, with the right values.
    let large: { run: ChildRun; rezip: ChildRun; bad: string[]; mbZipped: number } | undefined;
    if (largeFormulas > 0) {
      const largeIn = out('large.xlsx');
      fs.writeFileSync(largeIn, leadSourceWorkbook({ formulas: largeFormulas, kind: 'roi', cache: 'stale' }));
      const lz = rezip(largeIn, out('large-rezip.xlsx'));
      const run = recalc(largeIn, out('large-out.xlsx'));
      const bad =
        run.status === 0
          ? checkOutput(fs.readFileSync(out('large-out.xlsx')), largeFormulas)
          : [`exit ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`];
      large = { run, rezip: lz, bad, mbZipped: fs.statSync(largeIn).size / 1024 / 1024 };
    }

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

    // Where the time goes: one more run under V8's CPU profiler, on the sources through tsx's
    // loader (the compiled command is one file: a profile of it names no source file).
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
      const summary = summarizeByArea(JSON.parse(fs.readFileSync(path.join(profDir, profFile), 'utf8')), ROOT, 12);
      const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
      profileText =
        "**Where the time goes** (one more run, of the sources under tsx, with `node --cpu-prof`; shares of samples, tsx's own start-up and compiling included. Inclusive: time in that file or package and everything it calls; self: in its own code only):\n\n" +
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
    const ratio = wall(subj) / wall(base);
    const lines: FigureLine[] = [
      {
        label: `roi recalc --out, ${n} ROI formulas (half of them stale), against unzip+rezip of the same file`,
        ratio,
        absolute: `${fmtMs(wall(subj))} wall, ${cpu(subj).toFixed(2)} s CPU, peak ${mb(rss(subj))}; unzip+rezip ${fmtMs(wall(base))}, ${cpu(base).toFixed(2)} s CPU, peak ${mb(rss(base))}`,
        target: `<= ${RATIO_TARGET}x`,
        verdict: atMost(ratio, RATIO_TARGET),
      },
      {
        label: `roi recalc --out, ${n} ROI formulas: peak memory`,
        absolute: `${mb(rss(subj))} (the largest of ${rounds} runs)`,
        target: `< ${PEAK_MB_TARGET} MB`,
        verdict: rss(subj) / 1024 < PEAK_MB_TARGET ? 'PASS' : 'FAIL',
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
    if (large) {
      const ln = largeFormulas.toLocaleString('en-US');
      lines.push({
        label: `roi recalc --out, ${ln} ROI formulas: completes, with the right values in OUT`,
        ratio: large.run.status === 0 ? large.run.wallMs / large.rezip.wallMs : undefined,
        absolute: large.bad.length
          ? `failed: ${large.bad.join('; ')}`
          : `exit 0, fresh values checked; ${fmtMs(large.run.wallMs)} wall, ${large.run.cpuS.toFixed(2)} s CPU, peak ${mb(large.run.maxRssKb)}; unzip+rezip ${fmtMs(large.rezip.wallMs)}, peak ${mb(large.rezip.maxRssKb)}`,
        target: 'completes',
        verdict: large.bad.length ? 'FAIL' : 'PASS',
      });
    }
    const details = [
      `**Method.** A generated workbook (bench/lib/xlsx-gen.ts) with one sheet: shared rates and deal value in row 1, then ${(formulas / 2).toLocaleString('en-US')} lead sources with \`_xldudf_ROI_REQUIREDLEADS(B,$E$1,$B$1:$D$1)\` and \`_xldudf_ROI_LEADQUALITY(C,D)\`, saved as Excel saves them (dynamic-array \`t="array"\` formulas with \`cm="1"\`, xl/metadata.xml), every REQUIREDLEADS cached value stale (as after the deal value changed). Each run is a child process of the command users run, the compiled \`node dist-cli/roi.js recalc IN.xlsx --out OUT.xlsx\` (the package's \`bin\`, built by \`node build/cli.js\`; the figure builds it first when a source changed). Running the sources through tsx instead would charge recalc for tsx's start-up and for compiling every file on each start, which no user pays. Wall time is measured around each run; peak memory (maximum resident set size of the largest process in its tree) and CPU time from ${gnu ? '`/usr/bin/time -v`' : 'a file node requires first, which prints `process.resourceUsage()` at exit (no GNU time here)'}. Baseline: bench/lib/rezip.ts compiled by esbuild into one file with fflate and run as \`node rezip.js IN OUT\` (fflate unzip and zip of the same package at level 6: start-up plus moving the bytes), interleaved with the recalc runs (${rounds} each after one warm-up run of each, medians). The workbook is ${(fs.statSync(roiIn).size / 1024 / 1024).toFixed(1)} MB zipped${large ? `; the ${largeFormulas.toLocaleString('en-US')}-formula one (run once, with its own unzip+rezip) ${large.mbZipped.toFixed(1)} MB` : ''}. The machine is shared: wall times move with its load, CPU times much less.`,
      `**What recalc does here, and what remains beyond the floor.** It reads the sheet with the fast XML reader (src/xlsx/xml-scan.ts: the XML Excel writes, with the events saxes would give; saxes reads only what it leaves), computes each ROI call directly by the core (every argument is a value or a reference to one, so HyperFormula is not loaded), rewrites only the stale cells, in place in the sheet's XML, deflates that one part and copies every other part as stored. Beyond unzip and zip remain: reading and checking the sheet's ${((formulas / 2) * 5).toLocaleString('en-US')} cells (and the rebuilt sheet once more before it is written, never a part that does not parse), an object per cell and formula (and their garbage collection), and the report's line per stale cell. Deflating the sheet costs what it costs the floor (fflate at level 6 in both).`,
      `The command's first report line: \`${report}\``,
      ...(profileText ? [profileText] : []),
      `| run | wall | CPU | peak memory |\n| --- | --- | --- | --- |\n${subj.map((r, i) => `| roi recalc #${i + 1} | ${fmtMs(r.wallMs)} | ${r.cpuS.toFixed(2)} s | ${mb(r.maxRssKb)} |`).join('\n')}\n${base.map((r, i) => `| unzip+rezip #${i + 1} | ${fmtMs(r.wallMs)} | ${r.cpuS.toFixed(2)} s | ${mb(r.maxRssKb)} |`).join('\n')}\n| roi recalc, Excel's own functions | ${fmtMs(native.wallMs)} | ${native.cpuS.toFixed(2)} s | ${mb(native.maxRssKb)} |${large ? `\n| roi recalc, ${largeFormulas.toLocaleString('en-US')} formulas | ${fmtMs(large.run.wallMs)} | ${large.run.cpuS.toFixed(2)} s | ${mb(large.run.maxRssKb)} |\n| unzip+rezip, ${largeFormulas.toLocaleString('en-US')} formulas | ${fmtMs(large.rezip.wallMs)} | ${large.rezip.cpuS.toFixed(2)} s | ${mb(large.rezip.maxRssKb)} |` : ''}`,
    ];
    return { id, title, lines, details };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
