/**
 * A generated lead-source workbook for the `roi recalc` figure, written as the XML Excel
 * saves (resolved custom-function calls as `_xldudf_ROI_...` dynamic-array formulas with
 * `cm="1"` and a cached value, xl/metadata.xml with the XLDAPR entry), zipped with fflate.
 *
 * Row 1 holds the shared inputs (three stage rates in B1:D1, the average deal value in E1);
 * each further row a lead source: revenue target (B), leads (C), qualified (D), and two
 * formulas: F = REQUIREDLEADS(B, $E$1, $B$1:$D$1), G = LEADQUALITY(C, D).
 */
import { strToU8, zipSync } from 'fflate';

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export const RATES = [0.5, 0.4, 0.25];
export const DEAL = 50_000;

export interface WorkbookOptions {
  /** Number of formulas (two per row; rounded up to even). */
  formulas: number;
  /** 'roi': resolved ROI calls; 'native': the same numbers with Excel's own functions. */
  kind: 'roi' | 'native';
  /** Cached values written for REQUIREDLEADS: 'fresh' (as computed) or 'stale' (as if the deal value changed since). */
  cache?: 'fresh' | 'stale';
}

function ceilWhole(x: number): number {
  const r = Math.ceil(x - 1e-9 * Math.max(1, Math.abs(x)));
  return r === 0 ? 0 : r;
}

/** The row's inputs, deterministic. */
export function rowInputs(i: number): { target: number; leads: number; qualified: number } {
  const target = 100_000 + ((i * 7919) % 900) * 10_000 + 1_000 * (i % 7);
  const leads = 100 + ((i * 104729) % 4900);
  const qualified = Math.floor(leads * (((i * 31) % 40) / 100));
  return { target, leads, qualified };
}

/** The values the formulas give (the spec's arithmetic: whole deals, then one rounding up). */
export function expected(i: number): { requiredLeads: number; quality: number } {
  const { target, leads, qualified } = rowInputs(i);
  const deals = ceilWhole(target / DEAL);
  const p = RATES[0] * RATES[1] * RATES[2];
  return { requiredLeads: ceilWhole(deals / p), quality: qualified / leads };
}

export function sheetXml(opts: WorkbookOptions): string {
  const rows = Math.ceil(opts.formulas / 2);
  const parts: string[] = [
    `<row r="1"><c r="A1" t="inlineStr"><is><t>Inputs</t></is></c><c r="B1"><v>${RATES[0]}</v></c><c r="C1"><v>${RATES[1]}</v></c><c r="D1"><v>${RATES[2]}</v></c><c r="E1"><v>${DEAL}</v></c></row>`,
  ];
  for (let i = 0; i < rows; i++) {
    const r = i + 2;
    const { target, leads, qualified } = rowInputs(i);
    const e = expected(i);
    const cachedLeads = opts.cache === 'stale' ? e.requiredLeads + 1 : e.requiredLeads;
    const f =
      opts.kind === 'roi'
        ? `<c r="F${r}" cm="1"><f t="array" ref="F${r}">_xldudf_ROI_REQUIREDLEADS(B${r},$E$1,$B$1:$D$1)</f><v>${cachedLeads}</v></c><c r="G${r}" cm="1"><f t="array" ref="G${r}">_xldudf_ROI_LEADQUALITY(C${r},D${r})</f><v>${e.quality}</v></c>`
        : `<c r="F${r}"><f>ROUNDUP(ROUNDUP(B${r}/$E$1,0)/($B$1*$C$1*$D$1),0)</f><v>${cachedLeads}</v></c><c r="G${r}"><f>D${r}/C${r}</f><v>${e.quality}</v></c>`;
    parts.push(
      `<row r="${r}"><c r="B${r}"><v>${target}</v></c><c r="C${r}"><v>${leads}</v></c><c r="D${r}"><v>${qualified}</v></c>${f}</row>`,
    );
  }
  return (
    XML +
    `<worksheet xmlns="${NS}" xmlns:r="${REL}"><dimension ref="A1:G${rows + 1}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="16"/>` +
    `<sheetData>${parts.join('')}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
  );
}

export const METADATA_XML =
  XML +
  '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"><metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

const STYLES_XML =
  XML +
  `<styleSheet xmlns="${NS}"><fonts count="1"><font><sz val="12"/><name val="Aptos Narrow"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** The whole .xlsx package. */
export function leadSourceWorkbook(opts: WorkbookOptions): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      XML +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      XML +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      XML +
        `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Lead sources" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      XML +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL}/sheetMetadata" Target="metadata.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(sheetXml(opts)),
    'xl/styles.xml': strToU8(STYLES_XML),
    'xl/metadata.xml': strToU8(METADATA_XML),
  };
  return zipSync(files, { level: 6 });
}
