/**
 * A HubSpot-shaped contacts export for the calibrate figure (figure 9): `rows` contacts
 * with the export's twelve columns (Record ID, names, email, Create Date, Lifecycle Stage,
 * Original Source, the five "Became a ... Date" columns as `YYYY-MM-DD HH:MM` text), from a
 * seeded generator with per-source rates and lags, so every run writes the same file.
 */
const SOURCES = [
  'Organic Search',
  'Paid Search',
  'Paid Social',
  'Offline Sources',
  'Email Marketing',
  'Direct Traffic',
  'Referrals',
];
const STAGE = ['lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];

const pad = (n: number) => String(n).padStart(2, '0');

/** Days since 2024-01-01 (with a time of day) as export text. */
function dateText(days: number): string {
  const ms = Date.UTC(2024, 0, 1) + Math.round(days * 1440) * 60_000;
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function hubspotExport(rows: number, seed = 20250101): string {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out: string[] = [
    'Record ID,First Name,Last Name,Email,Create Date,Lifecycle Stage,Original Source,Became a Lead Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date',
  ];
  const end = 730; // two years
  for (let r = 0; r < rows; r++) {
    const k = Math.floor(rnd() * SOURCES.length);
    const chance = [0.1 + 0.05 * k, 0.45, 0.55, 0.25];
    const lag = [3, 6, 8, 20];
    const dates: string[] = ['', '', '', '', ''];
    let d = rnd() * end;
    const created = dateText(d);
    dates[0] = created;
    let reached = 0;
    for (let i = 0; i < 4; i++) {
      if (rnd() >= chance[i]) break;
      d += -Math.log(1 - rnd()) * lag[i];
      if (d > end) break;
      dates[i + 1] = dateText(d);
      reached = i + 1;
    }
    if (reached >= 3 && rnd() < 0.1) dates[2] = ''; // skipped SQL on the way to Opportunity
    const source = rnd() < 0.01 ? '' : SOURCES[k];
    out.push(
      `${100000 + r},Contact${r},Example,contact${r}@example.com,${created},${STAGE[reached]},${source},${dates.join(',')}`,
    );
  }
  return `${out.join('\n')}\n`;
}
