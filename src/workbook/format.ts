/**
 * How a number format shows a value: enough of Excel's number formats for the grid the
 * workbench draws on the engine adapter ("General", "0", "0.0", "#,##0", "$#,##0",
 * "$#,##0.00", "0%", "0.0%", '0.0"x"', "@"). Unknown formats fall back to General.
 * Pure: no Office, no DOM.
 */
import { isRoiError, type CellValue } from '../core';

/** Excel's "General" for a number: up to 11 significant digits, no exponent for everyday sizes. */
export function generalNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a >= 1e11 || a < 1e-9)
    return n
      .toExponential(5)
      .replace(/\.?0+e/, 'E')
      .replace('E+', 'E+');
  return String(Number(n.toPrecision(11)));
}

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

interface Section {
  prefix: string;
  suffix: string;
  decimals: number;
  grouped: boolean;
  percent: boolean;
}

function parseSection(fmt: string): Section | undefined {
  // prefix (literal text, $), digits, suffix (literal text in quotes, %)
  const m = /^((?:"[^"]*"|\\.|[$€£¥ ])*)([#,0]*0)(?:\.(0+))?((?:"[^"]*"|\\.|[%x ])*)$/.exec(fmt);
  if (!m) return undefined;
  const lit = (s: string) => s.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1');
  return {
    prefix: lit(m[1]),
    suffix: lit(m[4]),
    decimals: m[3]?.length ?? 0,
    grouped: m[2].includes(','),
    percent: m[4].includes('%'),
  };
}

/** The text a cell shows for a value under a number format. Errors show their code; blanks "". */
export function formatValue(value: CellValue, numberFormat = 'General'): string {
  if (value === null || value === undefined) return '';
  if (isRoiError(value)) return value.code;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (!numberFormat || numberFormat === 'General' || numberFormat === '@') return generalNumber(value);
  const s = parseSection(numberFormat.split(';')[0]);
  if (!s) return generalNumber(value);
  const x = s.percent ? value * 100 : value;
  const neg = x < 0;
  const fixed = Math.abs(x).toFixed(s.decimals);
  const [i, d] = fixed.split('.');
  const body = (s.grouped ? group(i) : i) + (d ? `.${d}` : '');
  const shown = `${s.prefix}${body}${s.suffix}`;
  return neg && Number(fixed) !== 0 ? `-${shown}` : shown;
}
