/**
 * The one writer of new .xlsx files: a WriteBatch (on new sheets only) as Excel itself
 * would save it with the add-in loaded (`roi model --out`, the workbench's Download):
 * - every formula that calls an ROI function is stored in the resolved spelling
 *   (`_xldudf_ROI_X(`) as a dynamic-array formula (`<f t="array" ref="...">`, `cm`
 *   pointing into xl/metadata.xml), with `ref` covering its spill;
 * - every formula cell and every spilled cell carries a cached value (given by the caller,
 *   who evaluated the batch), so the file opens with numbers even where the add-in is
 *   missing;
 * - defined names (sheet-scoped ones with localSheetId), number formats, styles, notes,
 *   column widths, conditional formats, hidden sheets, and the charts as DrawingML charts.
 *
 * ExcelJS builds the package from nothing (nothing of a user's is at stake). It drops the
 * control characters it meets and lets U+FFFE, U+FFFF and lone surrogates through (a part
 * that is not well-formed), and writes a literal `_x0041_` as is (Excel reads "A"), so
 * every text it is given is encoded first with the one OOXML escaper (encodeOoxml), and
 * every part of the result is parsed before the file is returned. What it does not model
 * is added with the same parser-based package surgery `roi recalc` uses (the
 * sheet scanner and rebuilder, ensureDynamicArrayCm for the metadata, the package's parts,
 * relationships and content types): src/xlsx is the only place that edits OOXML.
 * No HyperFormula here: the values come from the caller.
 */
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { cellA1, parseCellRange, quoteSheet, absoluteA1 } from '../base/a1';
import type { CellStyle, CellWrite, WriteBatch } from '../base/batch';
import { isErrorCode, isRoiError } from '../core/errors';
import type { CellValue } from '../core/types';
import { attrsToString, encodeOoxml, escapeText, formulaCellXml, xValueOf } from '../formula/cell-xml';
import { isDynamicArrayFormula, toFileSpelling } from '../formula/formula';
import { anchorXml, chartXml, drawingXml } from './chart';
import { CT, REL, XlsxPackage, insertChild } from './package';
import { ensureDynamicArrayCm } from './parts';
import { parseCellRef } from './refs';
import { key, rebuildSheet, scanSheet, type CellEdit } from './sheet';
import { indexElements, splice } from './xml';

/** What the caller computed for the batch: each cell's value and each spill's area. */
export interface NewFileValues {
  value(sheet: string, address: string): CellValue;
  /** Each spilling formula of a sheet: its anchor and the area the engine reserved for its result. */
  spills(sheet: string): Array<{ anchor: string; range: string }>;
}

export interface NewFile {
  bytes: Uint8Array;
  /** Per sheet: the formula cells written as dynamic arrays, anchor -> ref. */
  arrays: Record<string, Record<string, string>>;
}

/** Zip timestamps of every part: a file written twice from one batch is the same file. */
const FIXED_TIME = new Date('2000-01-01T00:00:00Z');

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

function cached(v: CellValue): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (isRoiError(v)) return { error: v.code as ExcelJS.CellErrorValue['error'] };
  return (typeof v === 'string' ? encodeOoxml(v) : v) as ExcelJS.CellValue;
}

function styleCell(cell: ExcelJS.Cell, s: CellStyle): void {
  if (s.bold !== undefined || s.italic !== undefined || s.fontColor) {
    cell.font = {
      ...(cell.font ?? {}),
      ...(s.bold !== undefined ? { bold: s.bold } : {}),
      ...(s.italic !== undefined ? { italic: s.italic } : {}),
      ...(s.fontColor ? { color: { argb: argb(s.fontColor) } } : {}),
    };
  }
  if (s.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(s.fill) } };
  if (s.horizontalAlignment)
    cell.alignment = { horizontal: s.horizontalAlignment.toLowerCase() as 'left' | 'center' | 'right' };
}

/** The area a spill really fills: the reserved area without trailing empty rows and columns. */
function trimmedSpill(values: NewFileValues, sheet: string, range: string): string {
  const box = parseCellRange(range)!;
  const empty = (r: number, c: number) => {
    const v = values.value(sheet, cellA1(r, c));
    return v === null || v === '' || v === undefined;
  };
  let bottom = box.bottom;
  let right = box.right;
  while (
    bottom > box.top &&
    Array.from({ length: right - box.left + 1 }, (_, i) => empty(bottom, box.left + i)).every(Boolean)
  )
    bottom--;
  while (
    right > box.left &&
    Array.from({ length: bottom - box.top + 1 }, (_, i) => empty(box.top + i, right)).every(Boolean)
  )
    right--;
  return `${cellA1(box.top, box.left)}:${cellA1(bottom, right)}`;
}

/** Builds the workbook's cells, formats, styles, notes, widths, conditional formats and hidden sheets with ExcelJS. */
async function buildWithExcelJs(
  batch: WriteBatch,
  values: NewFileValues,
  creator: string,
): Promise<{ raw: Uint8Array; arrays: NewFile['arrays'] }> {
  const sheets = batch.addSheets ?? [];
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const arrays: NewFile['arrays'] = {};

  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet);
    if ((batch.hideSheets ?? []).includes(sheet)) ws.state = 'hidden';
    const writes = batch.cells.filter((c) => c.sheet === sheet);
    // Spills: anchor -> the area its result fills (as Excel would size it).
    const spills = new Map(values.spills(sheet).map((s) => [s.anchor, trimmedSpill(values, sheet, s.range)]));
    const spilled = new Set<string>();
    for (const [anchor, ref] of spills) {
      const b = parseCellRange(ref)!;
      for (let r = b.top; r <= b.bottom; r++)
        for (let c = b.left; c <= b.right; c++) if (cellA1(r, c) !== anchor) spilled.add(cellA1(r, c));
    }
    arrays[sheet] = {};
    const byAddress = new Map<string, CellWrite[]>();
    for (const w of writes) {
      const box = parseCellRange(w.address);
      if (!box) throw new Error(`"${w.address}" is not a cell address.`);
      const at = cellA1(box.top, box.left);
      byAddress.set(at, [...(byAddress.get(at) ?? []), w]);
    }
    for (const [address, ws_] of byAddress) {
      const cell = ws.getCell(address);
      const content = [...ws_].reverse().find((w) => w.value !== undefined || w.formula !== undefined);
      const value = values.value(sheet, address);
      if (content?.formula !== undefined) {
        const body = content.formula.slice(1);
        cell.value = { formula: encodeOoxml(toFileSpelling(body)), result: cached(value) } as ExcelJS.CellFormulaValue;
        if (isDynamicArrayFormula(body)) arrays[sheet][address] = spills.get(address) ?? `${address}:${address}`;
      } else if (content?.value !== undefined && content.value !== null) {
        // An error code written as a value is that error (see CellWrite), as in Excel.
        cell.value =
          typeof content.value === 'string' && isErrorCode(content.value)
            ? ({ error: content.value } as ExcelJS.CellErrorValue)
            : typeof content.value === 'string'
              ? encodeOoxml(content.value)
              : (content.value as ExcelJS.CellValue);
      } else if (spilled.has(address)) {
        cell.value = cached(value);
      }
      for (const w of ws_) {
        if (w.numberFormat !== undefined) cell.numFmt = w.numberFormat;
        if (w.style) styleCell(cell, w.style);
        if (w.note) cell.note = encodeOoxml(w.note);
      }
    }
    // Spilled cells nobody formatted still carry their cached values.
    for (const address of spilled) {
      if (byAddress.has(address)) continue;
      ws.getCell(address).value = cached(values.value(sheet, address));
    }
    for (const w of (batch.columnWidths ?? []).filter((x) => x.sheet === sheet))
      ws.getColumn(w.column.toUpperCase()).width = w.width;
    let priority = 1;
    for (const cf of (batch.conditionalFormats ?? []).filter((x) => x.sheet === sheet)) {
      const style: Partial<ExcelJS.Style> = {};
      if (cf.fill) style.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(cf.fill) } };
      if (cf.fontColor) style.font = { color: { argb: argb(cf.fontColor) } };
      const rule =
        cf.kind === 'formula'
          ? ({
              type: 'expression',
              priority: priority++,
              formulae: [(cf.formula ?? '=FALSE').replace(/^=/, '')],
              style,
            } as ExcelJS.ConditionalFormattingRule)
          : ({
              type: 'colorScale',
              priority: priority++,
              cfvo: [{ type: 'min' }, { type: 'max' }],
              color: [{ argb: 'FFF8696B' }, { argb: 'FF63BE7B' }],
            } as unknown as ExcelJS.ConditionalFormattingRule);
      ws.addConditionalFormatting({ ref: cf.address, rules: [rule] });
    }
  }
  return { raw: new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer), arrays };
}

/** The ROI formula cells of a sheet rewritten as Excel stores a resolved dynamic array (t="array", ref, cm, cached value). */
function markDynamicArrays(
  pkg: XlsxPackage,
  part: string,
  sheet: string,
  arrays: Record<string, string>,
  values: NewFileValues,
): void {
  const anchors = Object.entries(arrays);
  if (!anchors.length) return;
  const cm = ensureDynamicArrayCm(pkg);
  const xml = pkg.text(part);
  const scan = scanSheet(xml, part);
  const cells = new Map(scan.rows.flatMap((r) => r.cells.map((c) => [key(c.row, c.col), c])));
  const edits = new Map<string, CellEdit & { row: number; col: number }>();
  for (const [anchor, ref] of anchors) {
    const at = parseCellRef(anchor)!;
    const node = cells.get(key(at.row, at.col));
    if (!node?.f) continue;
    const [a, b] = ref.split(':');
    const arrayRef = !b || a === b ? a : ref;
    const cellXml = formulaCellXml(
      scan.prefix,
      node.ref,
      node,
      node.f.text,
      arrayRef,
      xValueOf(values.value(sheet, anchor)),
      cm,
    );
    edits.set(key(at.row, at.col), { row: at.row, col: at.col, xml: cellXml });
  }
  pkg.setText(part, rebuildSheet(xml, scan, edits));
}

/** Adds defined names to workbook.xml (into its <definedNames>, or a new one after <sheets>). */
function addDefinedNames(pkg: XlsxPackage, defs: string[]): void {
  if (!defs.length) return;
  const part = pkg.workbookPart();
  const xml = pkg.text(part);
  const els = indexElements(xml, part, new Set(['sheets', 'definedNames']));
  const existing = els.find((e) => e.name === 'definedNames');
  if (existing) {
    pkg.setText(part, insertChild(xml, existing, defs.join('')));
    return;
  }
  const sheets = els.find((e) => e.name === 'sheets');
  if (!sheets) throw new Error(`${part} has no <sheets>`);
  pkg.setText(
    part,
    splice(xml, [{ start: sheets.end, end: sheets.end, text: `<definedNames>${defs.join('')}</definedNames>` }]),
  );
}

/** Elements a worksheet keeps after <drawing>, in schema order: the drawing goes before the first one present. */
const AFTER_DRAWING = new Set([
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
]);

/** One drawing per sheet with a chart part per chart, related and typed, and <drawing r:id> in the sheet. */
function addCharts(pkg: XlsxPackage, batch: WriteBatch, parts: Map<string, string>, values: NewFileValues): void {
  let chartNo = 0;
  let drawingNo = 0;
  for (const [sheet, part] of parts) {
    const charts = (batch.charts ?? []).filter((c) => c.sheet === sheet);
    if (!charts.length) continue;
    drawingNo++;
    const drawingPart = `xl/drawings/drawing${drawingNo}.xml`;
    pkg.addPart(drawingPart, drawingXml([]));
    pkg.addOverride(drawingPart, CT.drawing);
    const anchors: string[] = [];
    for (const spec of charts) {
      chartNo++;
      const chartPart = `xl/charts/chart${chartNo}.xml`;
      pkg.addPart(
        chartPart,
        chartXml(spec, (s, a) => values.value(s, a)),
      );
      pkg.addOverride(chartPart, CT.chart);
      const relId = pkg.addRelationship(drawingPart, REL.chart, `../charts/chart${chartNo}.xml`);
      anchors.push(anchorXml(spec, relId, chartNo));
    }
    pkg.setText(drawingPart, drawingXml(anchors));
    const relId = pkg.addRelationship(part, REL.drawing, `../drawings/drawing${drawingNo}.xml`);
    const xml = pkg.text(part);
    const els = indexElements(xml, part, new Set(['worksheet', ...AFTER_DRAWING]));
    const root = els.find((e) => e.depth === 0)!;
    const after = els.find((e) => e.depth === root.depth + 1 && AFTER_DRAWING.has(e.name));
    const prefix = root.qname.includes(':') ? root.qname.slice(0, root.qname.indexOf(':') + 1) : '';
    const at = after ? after.start : root.closeStart;
    const edits = [{ start: at, end: at, text: `<${prefix}drawing r:id="${relId}"/>` }];
    if (root.attrs['xmlns:r'] === undefined)
      edits.push({
        start: root.openEnd - 1,
        end: root.openEnd - 1,
        text: attrsToString([['xmlns:r', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships']]),
      });
    pkg.setText(part, splice(xml, edits));
  }
}

/** A new .xlsx file from a batch that adds sheets, with the values the caller computed. */
export async function writeNewWorkbook(
  batch: WriteBatch,
  values: NewFileValues,
  options: { creator?: string } = {},
): Promise<NewFile> {
  if (!(batch.addSheets ?? []).length) throw new Error('The batch adds no sheet to write.');
  const { raw, arrays } = await buildWithExcelJs(batch, values, options.creator ?? 'Outcome ROI');
  const pkg = XlsxPackage.open(zipSync(unzipSync(raw), { level: 6, mtime: FIXED_TIME }), 'new workbook');
  const infos = pkg.sheets();
  const parts = new Map(
    (batch.addSheets ?? []).map((s) => [s, infos.find((i) => i.name === s)?.partName] as const),
  ) as Map<string, string | undefined>;
  for (const [sheet, part] of parts) if (part) markDynamicArrays(pkg, part, sheet, arrays[sheet] ?? {}, values);

  // Defined names (sheet-scoped ones with localSheetId, the sheet's index in the workbook).
  const order = infos.map((i) => i.name);
  addDefinedNames(
    pkg,
    (batch.names ?? []).map((n) => {
      const ref = n.formula ? n.formula.replace(/^=/, '') : `${quoteSheet(n.sheet)}!${absoluteA1(n.address)}`;
      const attrs = attrsToString([
        ['name', n.name],
        ['localSheetId', n.scope === 'sheet' ? String(order.indexOf(n.sheet)) : undefined],
        ['comment', n.comment],
      ]);
      return `<definedName${attrs}>${escapeText(ref)}</definedName>`;
    }),
  );
  addCharts(pkg, batch, new Map([...parts].filter((e): e is [string, string] => e[1] !== undefined)), values);
  // ExcelJS wrote most of the parts: every one is parsed again before the file exists.
  pkg.checkAllParts();
  return { bytes: pkg.toBytes(), arrays };
}
