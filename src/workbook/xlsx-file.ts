/**
 * A WriteBatch written into a new .xlsx file, as Excel itself would save it with the
 * add-in loaded:
 * - every formula that calls an ROI function is stored in the resolved spelling
 *   (`_xldudf_ROI_X(`) as a dynamic-array formula (`<f t="array" ref="...">`, `cm="1"`
 *   pointing into xl/metadata.xml), with `ref` covering its spill;
 * - every formula cell and every spilled cell carries a cached value computed by the
 *   headless engine evaluating the same batch, so the file opens with numbers even where
 *   the add-in is missing;
 * - defined names (sheet-scoped ones with localSheetId), number formats, styles, column
 *   widths, conditional formats, and the charts as DrawingML charts (a clustered bar
 *   chart; the funnel chart as bars from the top stage down).
 *
 * ExcelJS builds the package (a file created from nothing, so nothing of a user's is at
 * stake); fflate then edits the parts ExcelJS does not model. GPL side: uses the engine.
 */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { isErrorCode, isRoiError, type CellValue } from '../core';
import { isDynamicArrayFormula, toFileSpelling } from '../formula/formula';
import { cellA1 } from '../base/a1';
import { createEngineWorkbook, type EngineWorkbook } from './engine';
import { rangeOf } from './port';
import type { CellStyle, CellWrite, ChartSpec, WriteBatch } from './port';

const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT_METADATA = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const REL_METADATA = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';

/** xl/metadata.xml as Excel writes it for dynamic arrays (one cell metadata record, cm="1"). */
export const DYNAMIC_ARRAY_METADATA =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xlrd="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">' +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

export interface XlsxFileResult {
  bytes: Uint8Array;
  /** The engine workbook that computed the cached values (for summaries and tests). */
  engine: EngineWorkbook;
  /** Per sheet: the ROI formula cells written as dynamic arrays, anchor -> ref. */
  arrays: Record<string, Record<string, string>>;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

function cached(v: CellValue): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (isRoiError(v)) return { error: v.code as ExcelJS.CellErrorValue['error'] };
  return v as ExcelJS.CellValue;
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

/** The area a spill really fills: the engine's reserved area without trailing empty rows and columns. */
function trimmedSpill(engine: EngineWorkbook, sheet: string, range: string): string {
  const box = rangeOf(range);
  const empty = (r: number, c: number) => {
    const v = engine.getValue(sheet, cellA1(r, c));
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

/** Write a batch (on new sheets only) into a new .xlsx file with cached values. */
export async function writeBatchToXlsx(batch: WriteBatch, options: { creator?: string } = {}): Promise<XlsxFileResult> {
  const sheets = batch.addSheets ?? [];
  if (!sheets.length) throw new Error('The batch adds no sheet to write.');
  const engine = createEngineWorkbook({ sheets: { __scratch__: [] } });
  await engine.applyBatch(batch);

  const wb = new ExcelJS.Workbook();
  wb.creator = options.creator ?? 'Outcome ROI';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const arrays: Record<string, Record<string, string>> = {};

  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet);
    if ((batch.hideSheets ?? []).includes(sheet)) ws.state = 'hidden';
    const writes = batch.cells.filter((c) => c.sheet === sheet);
    // Spills: anchor -> the area its result fills (as Excel would size it).
    const snapshot = engine.getSheetSnapshot(sheet);
    const spills = new Map(snapshot.spills.map((s) => [s.anchor, trimmedSpill(engine, sheet, s.range)]));
    const spilled = new Set<string>();
    for (const [anchor, ref] of spills) {
      const b = rangeOf(ref);
      for (let r = b.top; r <= b.bottom; r++)
        for (let c = b.left; c <= b.right; c++) if (cellA1(r, c) !== anchor) spilled.add(cellA1(r, c));
    }
    arrays[sheet] = {};
    const byAddress = new Map<string, CellWrite[]>();
    for (const w of writes) {
      const key = cellA1(rangeOf(w.address).top, rangeOf(w.address).left);
      byAddress.set(key, [...(byAddress.get(key) ?? []), w]);
    }
    for (const [address, ws_] of byAddress) {
      const cell = ws.getCell(address);
      const content = [...ws_].reverse().find((w) => w.value !== undefined || w.formula !== undefined);
      const value = engine.getValue(sheet, address);
      if (content?.formula !== undefined) {
        const body = content.formula.slice(1);
        const formula = toFileSpelling(body);
        cell.value = { formula, result: cached(value) } as ExcelJS.CellFormulaValue;
        if (isDynamicArrayFormula(body)) arrays[sheet][address] = spills.get(address) ?? `${address}:${address}`;
      } else if (content?.value !== undefined && content.value !== null) {
        // An error code written as a value is that error (see CellWrite), as in Excel.
        cell.value =
          typeof content.value === 'string' && isErrorCode(content.value)
            ? ({ error: content.value } as ExcelJS.CellErrorValue)
            : (content.value as ExcelJS.CellValue);
      } else if (spilled.has(address)) {
        cell.value = cached(value);
      }
      for (const w of ws_) {
        if (w.numberFormat !== undefined) cell.numFmt = w.numberFormat;
        if (w.style) styleCell(cell, w.style);
        if (w.note) cell.note = w.note;
      }
    }
    // Spilled cells nobody formatted still carry their cached values.
    for (const address of spilled) {
      if (byAddress.has(address)) continue;
      ws.getCell(address).value = cached(engine.getValue(sheet, address));
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

  const raw = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const bytes = postProcess(raw, batch, sheets, arrays, engine);
  return { bytes, engine, arrays };
}

/** The worksheet part of each sheet, from workbook.xml and its relationships. */
function sheetParts(files: Record<string, Uint8Array>): Map<string, string> {
  const workbook = strFromU8(files['xl/workbook.xml']);
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*\/>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    if (name !== undefined && id && targets.has(id)) out.set(unescapeXml(name), targets.get(id)!);
  }
  return out;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** `<c r="B7" ...><f>X</f>` -> `<c r="B7" ... cm="1"><f t="array" ref="B7:C9">X</f>`. */
export function markArrayFormulas(sheetXml: string, arrays: Record<string, string>): string {
  return sheetXml.replace(/<c r="([A-Z]+\d+)"([^>]*)><f>/g, (whole, address: string, attrs: string) => {
    const ref = arrays[address];
    if (!ref) return whole;
    const [a, b] = ref.split(':');
    const refText = !b || a === b ? a : ref;
    return `<c r="${address}"${attrs} cm="1"><f t="array" ref="${refText}">`;
  });
}

function quoteSheet(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

function absolute(address: string): string {
  return address
    .split(':')
    .map((p) => p.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2'))
    .join(':');
}

function addOverride(ct: string, part: string, type: string): string {
  if (ct.includes(`PartName="/${part}"`)) return ct;
  return ct.replace('</Types>', `<Override PartName="/${part}" ContentType="${type}"/></Types>`);
}

function addRelationship(rels: string | undefined, type: string, target: string): { xml: string; id: string } {
  const base =
    rels ??
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
  let n = 1;
  while (base.includes(`Id="rId${n}"`)) n++;
  const id = `rId${n}`;
  return {
    xml: base.replace(
      '</Relationships>',
      `<Relationship Id="${id}" Type="${type}" Target="${target}"/></Relationships>`,
    ),
    id,
  };
}

function postProcess(
  raw: Uint8Array,
  batch: WriteBatch,
  sheets: string[],
  arrays: Record<string, Record<string, string>>,
  engine: EngineWorkbook,
): Uint8Array {
  const files = unzipSync(raw);
  const parts = sheetParts(files);
  let ct = strFromU8(files['[Content_Types].xml']);
  let wbRels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  let workbook = strFromU8(files['xl/workbook.xml']);

  // Dynamic arrays: cm="1" and t="array" on every ROI formula, and the metadata part.
  let anyArray = false;
  for (const sheet of sheets) {
    const part = parts.get(sheet);
    if (!part) continue;
    if (Object.keys(arrays[sheet]).length) anyArray = true;
    files[part] = strToU8(markArrayFormulas(strFromU8(files[part]), arrays[sheet]));
  }
  if (anyArray) {
    files['xl/metadata.xml'] = strToU8(DYNAMIC_ARRAY_METADATA);
    ct = addOverride(ct, 'xl/metadata.xml', CT_METADATA);
    wbRels = addRelationship(wbRels, REL_METADATA, 'metadata.xml').xml;
  }

  // Defined names (sheet-scoped ones with localSheetId, the sheet's index in the workbook).
  const names = batch.names ?? [];
  if (names.length) {
    const order = [...parts.keys()];
    const defs = names
      .map((n) => {
        const local = n.scope === 'sheet' ? ` localSheetId="${order.indexOf(n.sheet)}"` : '';
        const ref = n.formula ? n.formula.replace(/^=/, '') : `${quoteSheet(n.sheet)}!${absolute(n.address)}`;
        const comment = n.comment ? ` comment="${xmlEscape(n.comment)}"` : '';
        return `<definedName name="${xmlEscape(n.name)}"${local}${comment}>${xmlEscape(ref)}</definedName>`;
      })
      .join('');
    workbook = workbook.includes('<definedNames>')
      ? workbook.replace('</definedNames>', `${defs}</definedNames>`)
      : workbook.replace('</sheets>', `</sheets><definedNames>${defs}</definedNames>`);
  }

  // Charts: one drawing per sheet, one chart part per chart.
  let chartNo = 0;
  let drawingNo = 0;
  for (const sheet of sheets) {
    const charts = (batch.charts ?? []).filter((c) => c.sheet === sheet);
    const part = parts.get(sheet);
    if (!charts.length || !part) continue;
    drawingNo++;
    const drawingPart = `xl/drawings/drawing${drawingNo}.xml`;
    let drawingRels: string | undefined;
    const anchors: string[] = [];
    for (const spec of charts) {
      chartNo++;
      const chartPart = `xl/charts/chart${chartNo}.xml`;
      files[chartPart] = strToU8(chartXml(spec, engine));
      ct = addOverride(ct, chartPart, CT_CHART);
      const rel = addRelationship(drawingRels, REL_CHART, `../charts/chart${chartNo}.xml`);
      drawingRels = rel.xml;
      anchors.push(anchorXml(spec, rel.id, chartNo));
    }
    files[drawingPart] = strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
        anchors.join('') +
        '</xdr:wsDr>',
    );
    files[`xl/drawings/_rels/drawing${drawingNo}.xml.rels`] = strToU8(drawingRels!);
    ct = addOverride(ct, drawingPart, CT_DRAWING);
    const sheetRelsPart = part.replace(/([^/]+)$/, '_rels/$1.rels');
    const sheetRel = addRelationship(
      files[sheetRelsPart] ? strFromU8(files[sheetRelsPart]) : undefined,
      REL_DRAWING,
      `../drawings/drawing${drawingNo}.xml`,
    );
    files[sheetRelsPart] = strToU8(sheetRel.xml);
    let xml = strFromU8(files[part]);
    if (!xml.includes('xmlns:r=')) xml = xml.replace('<worksheet ', `<worksheet xmlns:r="${NS_REL}" `);
    const before = [
      '<legacyDrawing',
      '<legacyDrawingHF',
      '<picture',
      '<oleObjects',
      '<controls',
      '<webPublishItems',
      '<tableParts',
      '<extLst',
      '</worksheet>',
    ]
      .map((t) => xml.indexOf(t))
      .filter((i) => i >= 0);
    const at = Math.min(...before);
    files[part] = strToU8(`${xml.slice(0, at)}<drawing r:id="${sheetRel.id}"/>${xml.slice(at)}`);
  }

  files['[Content_Types].xml'] = strToU8(ct);
  files['xl/_rels/workbook.xml.rels'] = strToU8(wbRels);
  files['xl/workbook.xml'] = strToU8(workbook);
  const out: Zippable = {};
  for (const [name, data] of Object.entries(files)) if (!name.endsWith('/')) out[name] = data;
  return zipSync(out, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

/** A chart's anchor in the drawing: from its top-left cell to its bottom-right cell. */
function anchorXml(spec: ChartSpec, relId: string, id: number): string {
  const from = rangeOf(spec.from);
  const to = rangeOf(spec.to);
  return (
    '<xdr:twoCellAnchor editAs="oneCell">' +
    `<xdr:from><xdr:col>${from.left}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${from.top}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>${to.left}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${to.top}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="${xmlEscape(spec.name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${NS_REL}" r:id="${relId}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

/** A clustered bar (or column) chart over the spec's source: categories in the first column, one series per further column. */
export function chartXml(spec: ChartSpec, engine: EngineWorkbook): string {
  const box = rangeOf(spec.source);
  const sheet = spec.sheet;
  const rows = box.bottom - box.top + 1;
  const catRef = `${quoteSheet(sheet)}!${absolute(`${cellA1(box.top, box.left)}:${cellA1(box.bottom, box.left)}`)}`;
  const cats = Array.from({ length: rows }, (_, i) => engine.getValue(sheet, cellA1(box.top + i, box.left)));
  const series: string[] = [];
  for (let c = box.left + 1; c <= box.right; c++) {
    const valRef = `${quoteSheet(sheet)}!${absolute(`${cellA1(box.top, c)}:${cellA1(box.bottom, c)}`)}`;
    const vals = Array.from({ length: rows }, (_, i) => engine.getValue(sheet, cellA1(box.top + i, c)));
    const idx = c - box.left - 1;
    series.push(
      `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/><c:tx><c:v>${xmlEscape(spec.title)}</c:v></c:tx>` +
        '<c:spPr><a:solidFill><a:srgbClr val="2F5597"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>' +
        '<c:dLbls><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>' +
        `<c:cat><c:strRef><c:f>${xmlEscape(catRef)}</c:f><c:strCache><c:ptCount val="${rows}"/>` +
        cats
          .map((v, i) =>
            v === null || v === undefined ? '' : `<c:pt idx="${i}"><c:v>${xmlEscape(String(v))}</c:v></c:pt>`,
          )
          .join('') +
        '</c:strCache></c:strRef></c:cat>' +
        `<c:val><c:numRef><c:f>${xmlEscape(valRef)}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${rows}"/>` +
        vals.map((v, i) => (typeof v === 'number' ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : '')).join('') +
        '</c:numCache></c:numRef></c:val></c:ser>',
    );
  }
  const dir = spec.type === 'columnClustered' ? 'col' : 'bar';
  // Bars read top-down in sheet order (the funnel's top stage at the top).
  const orientation = dir === 'bar' ? 'maxMin' : 'minMax';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_REL}">` +
    '<c:roundedCorners val="0"/><c:chart>' +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${xmlEscape(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="${dir}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series.join('')}<c:gapWidth val="40"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>` +
    `<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="${orientation}"/></c:scaling><c:delete val="0"/><c:axPos val="${dir === 'bar' ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${dir === 'bar' ? 'b' : 'l'}"/><c:majorGridlines/><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
  );
}
