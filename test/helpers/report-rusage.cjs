/**
 * Preloaded into a `roi` process a test starts (`node --require this dist-cli/roi.js ...`):
 * when the process exits, writes its own resource usage (peak resident memory, CPU time)
 * as JSON to the file named by ROI_RUSAGE_FILE, so the test can bound what the command
 * cost without touching its output.
 */
const fs = require('node:fs');

process.on('exit', () => {
  const file = process.env.ROI_RUSAGE_FILE;
  if (!file) return;
  const u = process.resourceUsage();
  fs.writeFileSync(file, JSON.stringify({ maxRssMb: u.maxRSS / 1024, cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
});
