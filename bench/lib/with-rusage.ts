/**
 * Fallback for machines without GNU time: run `roi <args>` in this process and print its
 * peak memory and CPU time as one JSON line on stderr, prefixed "ROI-BENCH-RUSAGE ".
 * Usage: tsx bench/lib/with-rusage.ts recalc IN.xlsx --out OUT.xlsx
 */
import { main } from '../../src/cli/roi';

main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    const u = process.resourceUsage();
    process.stderr.write(
      `ROI-BENCH-RUSAGE ${JSON.stringify({ maxRssKb: u.maxRSS, userS: u.userCPUTime / 1e6, sysS: u.systemCPUTime / 1e6 })}\n`,
    );
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
