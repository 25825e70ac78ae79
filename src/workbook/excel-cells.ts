/**
 * What both halves of Excel's WorkbookPort use (src/workbook/excel.ts reads, excel-write.ts
 * writes): the Office types the adapter takes, text Excel must not reinterpret, column
 * widths, chart types, Excel's values as the core's, settings as stored.
 *
 * Part of the add-in bundle: no HyperFormula here.
 */
import { RoiError, isErrorCode, type CellValue } from '../core';
import type { ChartSpec } from './port';

/** The part of Office.Settings the adapter uses. */
export interface SettingsStore {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (result: { status: unknown; error?: { message?: string } }) => void): void;
}

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Text Excel would read as something else when typed ("2024", "25%", "=x", "TRUE") gets the apostrophe prefix. */
export function textForExcel(s: string): string {
  if (s === '') return s;
  if (/^[=+\-@']/.test(s)) return `'${s}`;
  if (/^\s*[-+]?[$€£]?\s*[\d.,]+\s*%?\s*$/.test(s)) return `'${s}`;
  if (/^(true|false)$/i.test(s.trim())) return `'${s}`;
  if (/^\d{1,4}[/-]\d{1,2}([/-]\d{1,4})?$/.test(s.trim())) return `'${s}`;
  return s;
}

/** Characters of the default font -> points (Excel's column width in the API is in points). */
export function widthToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

export const CHART_TYPES: Record<ChartSpec['type'], string> = {
  funnel: 'Funnel',
  barClustered: 'BarClustered',
  columnClustered: 'ColumnClustered',
  xyScatter: 'XYScatter',
};

export function sheetMissing(e: unknown): boolean {
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return code === 'ItemNotFound';
}

/** A setting's value as stored: JSON text is read back as what it encodes. */
export function storedValue(v: unknown): unknown {
  if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

export const copy = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** Excel's values and their types as the core's cell values (errors as RoiError, blanks null). */
export function cellValues(values: unknown[][], types: unknown[][]): CellValue[][] {
  return values.map((row, i) =>
    row.map((v, j) => {
      const type = String(types[i]?.[j] ?? '');
      if (type === 'Error' || (typeof v === 'string' && isErrorCode(v) && type !== 'String'))
        return new RoiError(isErrorCode(v) ? v : '#VALUE!', '');
      if (type === 'Empty' || v === '' || v === null || v === undefined) return null;
      return v as CellValue;
    }),
  );
}
