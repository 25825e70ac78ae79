/**
 * A workbook read from its package: worksheets (scanned with offsets), shared strings,
 * defined names, and every formula cell classified: does it call ROI.* (in which
 * spelling), another add-in, or only Excel's own functions.
 */
import { XlsxError } from './errors';
import {
  findRoiCalls,
  foreignUdfs,
  shiftFormula,
  tokenize,
  type RoiCall,
  type RoiSpelling,
  type Token,
} from '../formula/formula';
import { parseRangeRef, type RangeRef } from './refs';
import { XlsxPackage, type DefinedName, type SheetInfo } from './package';
import { cachedValue, key, scanSheet, type CellNode, type SheetScan } from './sheet';
import { type XValue } from '../formula/cell-xml';

export interface SheetModel {
  info: SheetInfo;
  part: string;
  xml: string;
  scan: SheetScan;
  cells: Map<string, CellNode>;
}

export interface FormulaCell {
  sheet: SheetModel;
  cell: CellNode;
  ref: string;
  row: number;
  col: number;
  /** The formula text as stored (for a shared formula's other cells, the master shifted). */
  formula: string;
  tokens: Token[];
  /** <f t="..."> ("normal" when absent). */
  type: 'normal' | 'array' | 'shared' | 'dataTable';
  /** The spill / array range for t="array" (the anchor alone otherwise). */
  range: RangeRef;
  roiCalls: RoiCall[];
  spellings: Set<RoiSpelling>;
  /** Other add-ins' functions called (e.g. _xldudf_CONTOSO_ADD). */
  foreign: string[];
  cached: XValue;
  /** Dotted ROI spelling (typed while the add-in was not loaded). */
  stuck: boolean;
  /** `[n]!_xldudf_ROI_` damage. */
  damaged: boolean;
}

export interface Workbook {
  pkg: XlsxPackage;
  sheets: SheetModel[];
  shared: string[];
  names: DefinedName[];
  formulas: FormulaCell[];
}

export function isRoiFormula(f: FormulaCell): boolean {
  return f.roiCalls.length > 0;
}

export function loadWorkbook(pkg: XlsxPackage): Workbook {
  const shared = pkg.sharedStrings();
  const sheets: SheetModel[] = [];
  for (const info of pkg.sheets()) {
    if (!info.isWorksheet || !info.partName) continue;
    if (!pkg.has(info.partName))
      throw new XlsxError(
        `the workbook lists sheet "${info.name}" but its part ${info.partName} is missing`,
        'corrupt',
      );
    const xml = pkg.text(info.partName);
    const scan = scanSheet(xml, info.partName);
    const cells = new Map<string, CellNode>();
    for (const row of scan.rows) for (const c of row.cells) cells.set(key(c.row, c.col), c);
    sheets.push({ info, part: info.partName, xml, scan, cells });
  }
  const formulas: FormulaCell[] = [];
  for (const sheet of sheets) {
    const masters = new Map<string, { text: string; row: number; col: number }>();
    for (const row of sheet.scan.rows) {
      for (const cell of row.cells) {
        const f = cell.f;
        if (!f) continue;
        const type = (f.attrs.t as FormulaCell['type']) ?? 'normal';
        let text = f.text;
        if (type === 'shared' && f.attrs.si !== undefined) {
          if (text !== '') masters.set(f.attrs.si, { text, row: cell.row, col: cell.col });
          else {
            const m = masters.get(f.attrs.si);
            if (!m) continue; // a dependent before its master: not written by Excel; leave it alone
            text = shiftFormula(m.text, cell.row - m.row, cell.col - m.col);
          }
        }
        if (text === '' && type !== 'dataTable') continue;
        const tokens = tokenize(text);
        const roiCalls = findRoiCalls(text, tokens);
        const range = (type === 'array' && f.attrs.ref && parseRangeRef(f.attrs.ref)) || {
          top: cell.row,
          left: cell.col,
          bottom: cell.row,
          right: cell.col,
        };
        const spellings = new Set(roiCalls.map((c) => c.spelling));
        formulas.push({
          sheet,
          cell,
          ref: cell.ref,
          row: cell.row,
          col: cell.col,
          formula: text,
          tokens,
          type,
          range,
          roiCalls,
          spellings,
          foreign: foreignUdfs(tokens),
          cached: cachedValue(cell, shared),
          stuck: spellings.has('dotted'),
          damaged: spellings.has('damaged'),
        });
      }
    }
  }
  return { pkg, sheets, shared, names: pkg.definedNames(), formulas };
}
