/**
 * The `roi recalc` figure's floor: read IN.xlsx, unzip every part, zip them again and
 * write OUT.xlsx, changing nothing. Run as a child process the same way as the CLI
 * (`tsx bench/lib/rezip.ts IN OUT`), so both pay the same start-up.
 */
import fs from 'node:fs';
import { unzipSync, zipSync } from 'fflate';

export function rezip(input: Uint8Array): Uint8Array {
  return zipSync(unzipSync(input), { level: 6 });
}

if (require.main === module) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    process.stderr.write('Usage: tsx bench/lib/rezip.ts IN.xlsx OUT.xlsx\n');
    process.exit(2);
  }
  fs.writeFileSync(output, rezip(fs.readFileSync(input)));
}
