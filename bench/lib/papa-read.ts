/**
 * The calibrate figure's baseline: read a CSV file and walk its rows with Papa Parse alone
 * (the parser `roi calibrate` uses, in the same step mode), counting them. Usage:
 * tsx bench/lib/papa-read.ts FILE
 */
import fs from 'node:fs';
import Papa from 'papaparse';

const text = fs.readFileSync(process.argv[2], 'utf8');
let rows = 0;
let cells = 0;
Papa.parse<string[]>(text, {
  skipEmptyLines: true,
  step: (r) => {
    rows++;
    cells += r.data.length;
  },
});
process.stdout.write(`${JSON.stringify({ rows, cells })}\n`);
