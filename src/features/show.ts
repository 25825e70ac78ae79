/**
 * A cell's value as the task pane shows it: the way the cell's number format shows it
 * (src/workbook/format.ts, the same rules the workbench grid draws with), and under
 * General at most 15 significant digits with thousands grouped, so float noise such as
 * 3000000.0000000005 never reaches a reader. Pure: no Office, no DOM.
 */
import { isRoiError, type CellValue } from '../core';
import { formatValue } from '../workbook/format';

const PROBE = 0.123456789;

function generalShown(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a >= 1e15 || a < 1e-9)) return n.toExponential(5).replace(/\.?0+e/, 'E');
  return n.toLocaleString('en-US', { maximumSignificantDigits: 15, useGrouping: true });
}

/** The text for a value under a number format; blank as "(blank)". */
export function showCell(value: CellValue, numberFormat?: string): string {
  if (value === null || value === undefined || value === '') return '(blank)';
  if (isRoiError(value)) return value.code;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  const fmt = (numberFormat ?? '').trim();
  if (!fmt || fmt === 'General' || fmt === '@') return generalShown(value);
  // formatValue falls back to General (11 digits, ungrouped) for a format it does not
  // know: a probe with many decimals tells, and such a format shows as General here.
  const known = formatValue(PROBE, fmt) !== formatValue(PROBE, 'General');
  return known ? formatValue(value, fmt) : generalShown(value);
}
