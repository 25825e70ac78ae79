/**
 * Builds .xlsx packages for the tests with the exact XML Excel writes (copied from files
 * Excel saved, see ../shared/fixtures/excel-saved-custom-functions.xlsx): worksheets,
 * dynamic-array metadata, a calc chain, the web extension that names the add-in, a
 * chart with its drawing, shared strings, defined names, sheet protection.
 */
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The file Excel saved, in the project's shared folder: beside the checkout (/work/shared for
 * /work/main), or further up for a worktree (/work/wt/<name>): the nearest ancestor's shared/.
 */
export const FIXTURE = findShared('fixtures/excel-saved-custom-functions.xlsx');

function findShared(rel: string): string {
  const root = path.resolve(__dirname, '../..');
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', rel);
    if (fs.existsSync(candidate) || path.dirname(dir) === dir) return candidate;
  }
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

export const SHEET_PROTECTION =
  '<sheetProtection algorithmName="SHA-512" hashValue="acpynw2hnE9dnqiK4f6qXUgIYXItY2qRBKh6tmvI3kd4kKylobQ1QTOJeJtxiggVxZpB2246znqq72+0mWClLg==" saltValue="gyRMM5qELWAneEMRdHeQXA==" spinCount="100000" sheet="1" objects="1" scenarios="1"/>';

export interface SheetSpec {
  name: string;
  /** The inner XML of <sheetData>. */
  sheetData: string;
  dimension?: string;
  protected?: boolean;
  state?: 'hidden' | 'veryHidden';
  /** A chart on this sheet (drawing + chart parts). */
  chart?: boolean;
}

export interface BookSpec {
  sheets: SheetSpec[];
  /** Include xl/metadata.xml with the XLDAPR entry (default true). */
  metadata?: boolean;
  /** Calc chain entries (inner XML); default: none (no calcChain part). */
  calcChain?: string;
  /** Shared strings. */
  sharedStrings?: string[];
  /** <definedName> elements (inner XML of <definedNames>). */
  definedNames?: string;
  /** Include xl/webextensions (default true). */
  webextension?: boolean;
}

export const METADATA_XML =
  XML_DECL +
  '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xlrd="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"><metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

export const WEBEXTENSION_XML =
  XML_DECL +
  '<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{5B2A9F10-3C4D-4E5F-8A9B-0C1D2E3F4A5B}"><we:reference id="9f2d1c3e-7a4b-4c8d-9e0f-1a2b3c4d5e6f" version="1.0.0.0" store="developer" storeType="Registry"/><we:alternateReferences/><we:properties/><we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/><we:extLst><a:ext xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" uri="{7C84B067-C214-45C3-A712-C9D94CD141B2}"><we:customFunctionIdList><we:customFunctionIds>_xldudf_ROI_REQUIREDLEADS</we:customFunctionIds><we:customFunctionIds>_xldudf_ROI_FUNNEL</we:customFunctionIds></we:customFunctionIdList></a:ext></we:extLst></we:webextension>';

export const TASKPANES_XML =
  XML_DECL +
  '<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"><wetp:taskpane dockstate="right" visibility="0" width="350" row="0"><wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>';

export const STYLES_XML =
  XML_DECL +
  `<styleSheet xmlns="${NS_MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2 xr" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0"/></numFmts><fonts count="1" x14ac:knownFonts="1"><font><sz val="12"/><color theme="1"/><name val="Aptos Narrow"/><family val="2"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`;

export const THEME_XML =
  XML_DECL +
  '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="0E2841"/></a:dk2><a:lt2><a:srgbClr val="E8E8E8"/></a:lt2><a:accent1><a:srgbClr val="156082"/></a:accent1><a:accent2><a:srgbClr val="E97132"/></a:accent2><a:accent3><a:srgbClr val="196B24"/></a:accent3><a:accent4><a:srgbClr val="0F9ED5"/></a:accent4><a:accent5><a:srgbClr val="A02B93"/></a:accent5><a:accent6><a:srgbClr val="4EA72E"/></a:accent6><a:hlink><a:srgbClr val="467886"/></a:hlink><a:folHlink><a:srgbClr val="96607D"/></a:folHlink></a:clrScheme><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Aptos Display"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Aptos Narrow"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="25400"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>';

export function drawingXml(): string {
  return (
    XML_DECL +
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>11</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>16</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Funnel chart"><a:extLst><a:ext uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"><a16:creationId xmlns:a16="http://schemas.microsoft.com/office/drawing/2014/main" id="{6C1E1B2A-0D1B-4B4E-9C55-1E9E8C2D9A11}"/></a:ext></a:extLst></xdr:cNvPr><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>'
  );
}

export function chartXml(sheet: string): string {
  return (
    XML_DECL +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><c:date1904 val="0"/><c:lang val="en-US"/><c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Reverse funnel</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>${sheet}!$B$7:$B$10</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="4"/><c:pt idx="0"><c:v>1200</c:v></c:pt><c:pt idx="1"><c:v>600</c:v></c:pt><c:pt idx="2"><c:v>240</c:v></c:pt><c:pt idx="3"><c:v>60</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser><c:gapWidth val="182"/><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="t"/><c:crossAx val="1"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart><c:printSettings><c:headerFooter/><c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" header="0.3" footer="0.3"/></c:printSettings></c:chartSpace>`
  );
}

export function worksheetXml(s: SheetSpec, opts: { tabSelected?: boolean; drawingRId?: string } = {}): string {
  return (
    XML_DECL +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" xr:uid="{91D54C53-9028-5346-8002-FD6CA0EBB842}">` +
    `<dimension ref="${s.dimension ?? 'A1:B10'}"/><sheetViews><sheetView ${opts.tabSelected ? 'tabSelected="1" ' : ''}workbookViewId="0"><selection activeCell="B7" sqref="B7"/></sheetView></sheetViews><sheetFormatPr baseColWidth="10" defaultRowHeight="16" x14ac:dyDescent="0.2"/>` +
    `<sheetData>${s.sheetData}</sheetData>${s.protected ? SHEET_PROTECTION : ''}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>${opts.drawingRId ? `<drawing r:id="${opts.drawingRId}"/>` : ''}</worksheet>`
  );
}

/** A whole package, in the zip order Excel uses. */
export function buildWorkbook(spec: BookSpec): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const metadata = spec.metadata !== false;
  const webext = spec.webextension !== false;
  const overrides: string[] = [];
  const wbRels: string[] = [];
  const sheetEls: string[] = [];
  const sheetFiles: Array<[string, string]> = [];
  const extra: Array<[string, string]> = [];
  let rid = 1;
  let drawings = 0;
  spec.sheets.forEach((s, i) => {
    const n = i + 1;
    const id = `rId${rid++}`;
    wbRels.push(
      `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${n}.xml"/>`,
    );
    sheetEls.push(`<sheet name="${s.name}" sheetId="${n}"${s.state ? ` state="${s.state}"` : ''} r:id="${id}"/>`);
    overrides.push(
      `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    );
    let drawingRId: string | undefined;
    if (s.chart) {
      drawings++;
      drawingRId = 'rId1';
      extra.push([
        `xl/worksheets/_rels/sheet${n}.xml.rels`,
        `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing${drawings}.xml"/></Relationships>`,
      ]);
      extra.push([`xl/drawings/drawing${drawings}.xml`, drawingXml()]);
      extra.push([
        `xl/drawings/_rels/drawing${drawings}.xml.rels`,
        `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart${drawings}.xml"/></Relationships>`,
      ]);
      extra.push([`xl/charts/chart${drawings}.xml`, chartXml(s.name)]);
      overrides.push(
        `<Override PartName="/xl/drawings/drawing${drawings}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`,
      );
      overrides.push(
        `<Override PartName="/xl/charts/chart${drawings}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
      );
    }
    sheetFiles.push([`xl/worksheets/sheet${n}.xml`, worksheetXml(s, { tabSelected: i === 0, drawingRId })]);
  });
  wbRels.push(
    `<Relationship Id="rId${rid++}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>`,
  );
  wbRels.push(
    `<Relationship Id="rId${rid++}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`,
  );
  if (spec.sharedStrings)
    wbRels.push(
      `<Relationship Id="rId${rid++}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`,
    );
  if (metadata)
    wbRels.push(
      `<Relationship Id="rId${rid++}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata" Target="metadata.xml"/>`,
    );
  if (spec.calcChain)
    wbRels.push(
      `<Relationship Id="rId${rid++}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>`,
    );

  const ct =
    XML_DECL +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    overrides.join('') +
    '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    (spec.sharedStrings
      ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      : '') +
    (metadata
      ? '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/>'
      : '') +
    (spec.calcChain
      ? '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>'
      : '') +
    (webext
      ? '<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/><Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"/>'
      : '') +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>';

  const put = (name: string, text: string) => (files[name] = strToU8(text));
  put('[Content_Types].xml', ct);
  put(
    '_rels/.rels',
    XML_DECL +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>${webext ? '<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"/>' : ''}<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
  );
  put(
    'xl/workbook.xml',
    XML_DECL +
      `<workbook xmlns="${NS_MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr xr6 xr10 xr2" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10" xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="10322"/><workbookPr defaultThemeVersion="202300"/><bookViews><workbookView xWindow="1100" yWindow="900" windowWidth="28040" windowHeight="17180" xr2:uid="{DB220A69-93A6-F24B-919C-F8D33D144390}"/></bookViews><sheets>${sheetEls.join('')}</sheets>${spec.definedNames ? `<definedNames>${spec.definedNames}</definedNames>` : ''}<calcPr calcId="191029"/></workbook>`,
  );
  put(
    'xl/_rels/workbook.xml.rels',
    XML_DECL +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${wbRels.join('')}</Relationships>`,
  );
  for (const [n, x] of sheetFiles) put(n, x);
  for (const [n, x] of extra) put(n, x);
  put('xl/theme/theme1.xml', THEME_XML);
  put('xl/styles.xml', STYLES_XML);
  if (spec.sharedStrings) {
    put(
      'xl/sharedStrings.xml',
      XML_DECL +
        `<sst xmlns="${NS_MAIN}" count="${spec.sharedStrings.length}" uniqueCount="${spec.sharedStrings.length}">${spec.sharedStrings.map((s) => `<si><t>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></si>`).join('')}</sst>`,
    );
  }
  if (webext) {
    put('xl/webextensions/taskpanes.xml', TASKPANES_XML);
    put('xl/webextensions/webextension1.xml', WEBEXTENSION_XML);
    put(
      'xl/webextensions/_rels/taskpanes.xml.rels',
      XML_DECL +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>',
    );
  }
  if (metadata) put('xl/metadata.xml', METADATA_XML);
  if (spec.calcChain) put('xl/calcChain.xml', XML_DECL + `<calcChain xmlns="${NS_MAIN}">${spec.calcChain}</calcChain>`);
  put(
    'docProps/core.xml',
    XML_DECL +
      '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Test</dc:creator><cp:lastModifiedBy>Test</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2026-03-31T21:09:05Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-31T21:34:07Z</dcterms:modified></cp:coreProperties>',
  );
  put(
    'docProps/app.xml',
    XML_DECL +
      `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Macintosh Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><TitlesOfParts><vt:vector size="${spec.sheets.length}" baseType="lpstr">${spec.sheets.map((s) => `<vt:lpstr>${s.name}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts><AppVersion>16.0300</AppVersion></Properties>`,
  );
  return zipSync(files, { level: 6, mtime: new Date(1980, 0, 1) });
}

/** The inputs and the four spellings, on one sheet, as Excel writes them. */
export function modelSheetData(opts: { cachedLeads?: number; close?: number } = {}): string {
  const close = opts.close ?? 0.25;
  return (
    '<row r="1" spans="1:2" x14ac:dyDescent="0.2"><c r="A1" t="inlineStr"><is><t>Revenue target</t></is></c><c r="B1" s="2"><v>3000000</v></c></row>' +
    '<row r="2" spans="1:2" x14ac:dyDescent="0.2"><c r="A2" t="inlineStr"><is><t>Average deal</t></is></c><c r="B2" s="2"><v>50000</v></c></row>' +
    '<row r="3" spans="1:2" x14ac:dyDescent="0.2"><c r="A3" t="inlineStr"><is><t>Lead to SAL</t></is></c><c r="B3" s="1"><v>0.5</v></c></row>' +
    '<row r="4" spans="1:2" x14ac:dyDescent="0.2"><c r="A4" t="inlineStr"><is><t>SAL to SQO</t></is></c><c r="B4" s="1"><v>0.4</v></c></row>' +
    `<row r="5" spans="1:2" x14ac:dyDescent="0.2"><c r="A5" t="inlineStr"><is><t>Close rate</t></is></c><c r="B5" s="1"><v>${close}</v></c></row>` +
    // resolved, fresh
    `<row r="6" spans="1:2" x14ac:dyDescent="0.2"><c r="A6" t="inlineStr"><is><t>Leads</t></is></c><c r="B6" s="2" cm="1"><f t="array" ref="B6">_xldudf_ROI_REQUIREDLEADS(B1,B2,B3:B5)</f><v>${opts.cachedLeads ?? 1200}</v></c></row>`
  );
}

/** Unzips to a name -> text map (for assertions). */
export function unzipText(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) out[k] = strFromU8(v);
  return out;
}

export function unzipRaw(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

export function zipNames(bytes: Uint8Array): string[] {
  // central directory order = fflate's object key order for unzipSync
  return Object.keys(unzipSync(bytes));
}

/** Replaces parts of an existing package (e.g. the shared fixture), keeping the order of the others. */
export function withParts(bytes: Uint8Array, changes: Record<string, string | null>): Uint8Array {
  const files = unzipSync(bytes);
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) {
    if (k in changes) {
      if (changes[k] !== null) out[k] = strToU8(changes[k]!);
    } else out[k] = v;
  }
  for (const [k, v] of Object.entries(changes)) if (!(k in files) && v !== null) out[k] = strToU8(v);
  return zipSync(out, { level: 6, mtime: new Date(1980, 0, 1) });
}

export function readFixture(): Uint8Array {
  return new Uint8Array(fs.readFileSync(FIXTURE));
}
