/**
 * The few number-to-words conversions the model's sentences use, each in two forms that
 * must agree: a TypeScript function for the task pane's preview, and an Excel formula for
 * the model sheet. The formulas use only TEXT with "0"-style formats, INT, MOD, ABS and
 * IF, which Excel and the headless engine (HyperFormula) evaluate alike; HyperFormula's
 * TEXT knows no thousands separator, so the grouping is spelled out.
 */

/** HyperFormula's and Excel's TEXT(x, "0.0")-style rounding: toFixed. */
function fixed(x: number, decimals: number): string {
  return x.toFixed(decimals);
}

/** 1200 -> "1,200"; 60000 -> "60,000". Whole numbers below 10^9 (larger ones ungrouped). */
export function groupedInteger(n: number): string {
  if (n < 0) return `-${groupedInteger(-n)}`;
  if (n < 1000) return fixed(n, 0);
  if (n < 1e6) return `${Math.trunc(n / 1000)},${fixed(n % 1000, 0).padStart(3, '0')}`;
  if (n < 1e9)
    return `${Math.trunc(n / 1e6)},${fixed(Math.trunc(n / 1000) % 1000, 0).padStart(3, '0')},${fixed(n % 1000, 0).padStart(3, '0')}`;
  return fixed(n, 0);
}

/** The formula form of groupedInteger, for a non-negative whole number `ref` (a cell or name). */
export function groupedIntegerFormula(ref: string): string {
  return (
    `IF(${ref}<1000,TEXT(${ref},"0"),IF(${ref}<1000000,INT(${ref}/1000)&","&TEXT(MOD(${ref},1000),"000"),` +
    `IF(${ref}<1000000000,INT(${ref}/1000000)&","&TEXT(MOD(INT(${ref}/1000),1000),"000")&","&TEXT(MOD(${ref},1000),"000"),TEXT(${ref},"0"))))`
  );
}

/** 3000000 -> "$3.0M"; 250000 -> "$250K"; 1.2e9 -> "$1.2B"; 900 -> "$900". */
export function moneyShort(x: number): string {
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  if (a >= 1e9) return `${sign}$${fixed(a / 1e9, 1)}B`;
  if (a >= 1e6) return `${sign}$${fixed(a / 1e6, 1)}M`;
  if (a >= 1e3) return `${sign}$${fixed(a / 1e3, 0)}K`;
  return `${sign}$${fixed(a, 0)}`;
}

export function moneyShortFormula(ref: string): string {
  const a = `ABS(${ref})`;
  return (
    `IF(${ref}<0,"-","")&"$"&IF(${a}>=1000000000,TEXT(${a}/1000000000,"0.0")&"B",` +
    `IF(${a}>=1000000,TEXT(${a}/1000000,"0.0")&"M",IF(${a}>=1000,TEXT(${a}/1000,"0")&"K",TEXT(${a},"0"))))`
  );
}

/** 0.01 -> "One more point"; 0.05 -> "5 more points". */
export function pointsPhrase(step: number): string {
  if (step === 0.01) return 'One more point';
  return `${String(Math.round(step * 100 * 1e4) / 1e4)} more points`;
}

/** The formula form of pointsPhrase (lower-case first letter when `lower`). */
export function pointsPhraseFormula(stepRef: string, lower = false): string {
  return `IF(${stepRef}=0.01,"${lower ? 'one' : 'One'} more point",ROUND(${stepRef}*100,4)&" more points")`;
}
