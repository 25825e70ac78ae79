/**
 * A chart of a new workbook as DrawingML text: a clustered bar (or column) chart over a
 * ChartSpec's source, categories in its first column and one series per further column
 * (or, seriesBy rows, categories along its first row and one named series per further row),
 * with the cached values Excel shows before it recalculates; and the drawing anchor that
 * places it between two cells. The funnel chart is written as bars from the top stage down.
 * Pure text: src/xlsx/new-file.ts adds the parts to the package.
 */
import { absoluteA1, cellA1, parseCellRange, quoteSheet } from '../base/a1';
import type { ChartSpec } from '../base/batch';
import type { CellValue } from '../core/types';
import { escapeAttr, escapeXmlText } from '../formula/cell-xml';

const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** One colour per series: the first is the single-series charts' blue. */
const SERIES_COLORS = ['2F5597', 'ED7D31', '70AD47', '7030A0'];

/** A chart's anchor in the drawing: from its top-left cell to its bottom-right cell. */
export function anchorXml(spec: ChartSpec, relId: string, id: number): string {
  const from = parseCellRange(spec.from) ?? { top: 0, left: 0 };
  const to = parseCellRange(spec.to) ?? from;
  return (
    '<xdr:twoCellAnchor editAs="oneCell">' +
    `<xdr:from><xdr:col>${from.left}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${from.top}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>${to.left}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${to.top}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="${escapeAttr(spec.name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${NS_REL}" r:id="${relId}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

/** The drawing part holding a sheet's chart anchors. */
export function drawingXml(anchors: string[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
    anchors.join('') +
    '</xdr:wsDr>'
  );
}

/** A clustered bar (or column) chart over the spec's source, with `value` giving each cell's cached value. */
export function chartXml(spec: ChartSpec, value: (sheet: string, address: string) => CellValue): string {
  const box = parseCellRange(spec.source) ?? { top: 0, left: 0, bottom: 0, right: 0 };
  const sheet = spec.sheet;
  // Series by columns (categories down the first column), or by rows (categories along the
  // first row; each further row a series named by its first cell, as the month charts are).
  const byRows = spec.seriesBy === 'rows';
  const at = (line: number, i: number) =>
    byRows ? cellA1(box.top + line, box.left + i) : cellA1(box.top + i, box.left + line);
  const lines = byRows ? box.bottom - box.top + 1 : box.right - box.left + 1;
  const first = byRows ? 1 : 0;
  const count = (byRows ? box.right - box.left + 1 : box.bottom - box.top + 1) - first;
  const range = (line: number) =>
    `${quoteSheet(sheet)}!${absoluteA1(`${at(line, first)}:${at(line, first + count - 1)}`)}`;
  const catRef = range(0);
  const cats = Array.from({ length: count }, (_, i) => value(sheet, at(0, first + i)));
  const series: string[] = [];
  for (let line = 1; line < lines; line++) {
    const vals = Array.from({ length: count }, (_, i) => value(sheet, at(line, first + i)));
    const idx = line - 1;
    const named = byRows ? value(sheet, at(line, 0)) : null;
    const name = named === null || named === undefined || named === '' ? spec.title : String(named);
    series.push(
      `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/><c:tx><c:v>${escapeXmlText(name)}</c:v></c:tx>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${SERIES_COLORS[idx % SERIES_COLORS.length]}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>` +
        '<c:dLbls><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>' +
        `<c:cat><c:strRef><c:f>${escapeXmlText(catRef)}</c:f><c:strCache><c:ptCount val="${count}"/>` +
        cats
          .map((v, i) =>
            v === null || v === undefined ? '' : `<c:pt idx="${i}"><c:v>${escapeXmlText(String(v))}</c:v></c:pt>`,
          )
          .join('') +
        '</c:strCache></c:strRef></c:cat>' +
        `<c:val><c:numRef><c:f>${escapeXmlText(range(line))}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${count}"/>` +
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
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${escapeXmlText(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="${dir}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series.join('')}<c:gapWidth val="40"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>` +
    `<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="${orientation}"/></c:scaling><c:delete val="0"/><c:axPos val="${dir === 'bar' ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${dir === 'bar' ? 'b' : 'l'}"/><c:majorGridlines/><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea>' +
    (series.length > 1 ? '<c:legend><c:legendPos val="t"/><c:overlay val="0"/></c:legend>' : '') +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
  );
}
