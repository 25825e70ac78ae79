/**
 * The workbook-level parts the tools must keep consistent with the cells they change:
 * xl/metadata.xml (the dynamic-array cell metadata that `cm` points to) and
 * xl/calcChain.xml (Excel "repairs" a file whose chain names a cell without a formula).
 */
import { XlsxError } from './errors';
import { CT, REL, XlsxPackage, insertChild } from './package';
import { indexElements, splice, type XmlElement } from './xml';

const DA_EXT_URI = '{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}';
const XDA_NS = 'http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray';
const XLDAPR_TYPE =
  '<metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/>';
const DA_BK = `<bk><extLst><ext uri="${DA_EXT_URI}"><xda:dynamicArrayProperties xmlns:xda="${XDA_NS}" fDynamic="1" fCollapsed="0"/></ext></extLst></bk>`;

/** The elements of xl/metadata.xml the dynamic-array edits look at. */
const METADATA_ELEMENTS = new Set([
  'metadata',
  'metadataTypes',
  'metadataType',
  'futureMetadata',
  'cellMetadata',
  'valueMetadata',
  'extLst',
  'bk',
]);

/** What Excel writes when a workbook has dynamic arrays and no other metadata. */
export const DEFAULT_METADATA_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xlrd="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" xmlns:xda="${XDA_NS}">` +
  `<metadataTypes count="1">${XLDAPR_TYPE}</metadataTypes>` +
  `<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="${DA_EXT_URI}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>` +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

/** Finds the 1-based cell-metadata index of a dynamic-array entry, if the part has one. */
export function findDynamicArrayCm(xml: string, part = 'xl/metadata.xml'): string | undefined {
  const els = indexElements(
    xml,
    part,
    new Set(['metadataType', 'futureMetadata', 'bk', 'dynamicArrayProperties', 'cellMetadata', 'rc']),
  );
  const typeIndex = els.filter((e) => e.name === 'metadataType').findIndex((e) => e.attrs.name === 'XLDAPR') + 1;
  if (!typeIndex) return undefined;
  const future = els.find((e) => e.name === 'futureMetadata' && e.attrs.name === 'XLDAPR');
  if (!future) return undefined;
  const futureBks = els.filter(
    (e) => e.name === 'bk' && e.start > future.start && e.end <= future.end && e.depth === future.depth + 1,
  );
  const dynamicIdx = futureBks.findIndex((bk) =>
    els.some(
      (e) =>
        e.name === 'dynamicArrayProperties' &&
        e.start > bk.start &&
        e.end <= bk.end &&
        (e.attrs.fDynamic === '1' || e.attrs.fDynamic === 'true') &&
        e.attrs.fCollapsed !== '1' &&
        e.attrs.fCollapsed !== 'true',
    ),
  );
  if (dynamicIdx < 0) return undefined;
  const cellMeta = els.find((e) => e.name === 'cellMetadata');
  if (!cellMeta) return undefined;
  const cellBks = els.filter(
    (e) => e.name === 'bk' && e.start > cellMeta.start && e.end <= cellMeta.end && e.depth === cellMeta.depth + 1,
  );
  const i = cellBks.findIndex((bk) =>
    els.some(
      (e) =>
        e.name === 'rc' &&
        e.start > bk.start &&
        e.end <= bk.end &&
        Number(e.attrs.t) === typeIndex &&
        Number(e.attrs.v) === dynamicIdx,
    ),
  );
  return i < 0 ? undefined : String(i + 1);
}

function bumpCount(xml: string, el: XmlElement, by: number): { start: number; end: number; text: string } | undefined {
  const open = xml.slice(el.start, el.openEnd);
  const m = / count="(\d+)"/.exec(open);
  if (!m) return undefined;
  return { start: el.start, end: el.openEnd, text: open.replace(m[0], ` count="${Number(m[1]) + by}"`) };
}

/**
 * The `cm` value for a dynamic-array formula cell: reuses the workbook's XLDAPR entry,
 * or adds one (creating xl/metadata.xml with its relationship and content type when the
 * package has none). Returns the 1-based index as text.
 */
export function ensureDynamicArrayCm(pkg: XlsxPackage): string {
  const wb = pkg.workbookPart();
  const rel = pkg.workbookRelated(REL.sheetMetadata);
  if (!rel || !pkg.has(rel.partName)) {
    const dir = wb.slice(0, wb.lastIndexOf('/') + 1);
    let name = `${dir}metadata.xml`;
    for (let n = 2; pkg.has(name); n++) name = `${dir}metadata${n}.xml`;
    const after = pkg
      .names()
      .filter((n) => n.startsWith(dir) && !n.includes('/_rels/') && !n.slice(dir.length).includes('/'))
      .pop();
    pkg.addPart(name, DEFAULT_METADATA_XML, after);
    if (rel) pkg.removeRelationship(wb, rel.id);
    pkg.addRelationship(wb, REL.sheetMetadata, name.slice(dir.length));
    pkg.addOverride(name, CT.sheetMetadata);
    return '1';
  }
  const part = rel.partName;
  let xml = pkg.text(part);
  const found = findDynamicArrayCm(xml, part);
  if (found) return found;

  // 1. the XLDAPR metadata type
  let els = indexElements(xml, part, METADATA_ELEMENTS);
  const root = els.find((e) => e.name === 'metadata');
  if (!root) throw new XlsxError(`${part} has no <metadata> root`, 'corrupt');
  let types = els.filter((e) => e.name === 'metadataType');
  let typeIndex = types.findIndex((e) => e.attrs.name === 'XLDAPR') + 1;
  if (!typeIndex) {
    const list = els.find((e) => e.name === 'metadataTypes');
    if (list) {
      const edits = [
        {
          start: list.selfClosing ? list.start : list.closeStart,
          end: list.selfClosing ? list.end : list.closeStart,
          text: list.selfClosing ? `<metadataTypes count="1">${XLDAPR_TYPE}</metadataTypes>` : XLDAPR_TYPE,
        },
      ];
      const c = list.selfClosing ? undefined : bumpCount(xml, list, 1);
      if (c) edits.push(c);
      xml = splice(xml, edits);
    } else {
      xml = splice(xml, [
        { start: root.openEnd, end: root.openEnd, text: `<metadataTypes count="1">${XLDAPR_TYPE}</metadataTypes>` },
      ]);
    }
    els = indexElements(xml, part, METADATA_ELEMENTS);
    types = els.filter((e) => e.name === 'metadataType');
    typeIndex = types.findIndex((e) => e.attrs.name === 'XLDAPR') + 1;
  }

  // 2. a dynamic future-metadata block
  const future = els.find((e) => e.name === 'futureMetadata' && e.attrs.name === 'XLDAPR');
  let futureIdx: number;
  if (!future) {
    const before = els.find(
      (e) => (e.name === 'cellMetadata' || e.name === 'valueMetadata' || e.name === 'extLst') && e.depth === 1,
    );
    const at = before ? before.start : root.closeStart;
    xml = splice(xml, [
      { start: at, end: at, text: `<futureMetadata name="XLDAPR" count="1">${DA_BK}</futureMetadata>` },
    ]);
    futureIdx = 0;
  } else {
    const bks = els.filter(
      (e) => e.name === 'bk' && e.start > future!.start && e.end <= future!.end && e.depth === future!.depth + 1,
    );
    futureIdx = bks.length;
    const edits = [{ start: future.closeStart, end: future.closeStart, text: DA_BK }];
    const c = bumpCount(xml, future, 1);
    if (c) edits.push(c);
    xml = splice(xml, edits);
  }

  // 3. the cell-metadata record that `cm` points to
  els = indexElements(xml, part, new Set(['metadata', 'cellMetadata', 'valueMetadata', 'extLst', 'bk']));
  const root2 = els.find((e) => e.name === 'metadata')!;
  const cellMeta = els.find((e) => e.name === 'cellMetadata');
  const rec = `<bk><rc t="${typeIndex}" v="${futureIdx}"/></bk>`;
  let cm: number;
  if (!cellMeta) {
    const before = els.find((e) => (e.name === 'valueMetadata' || e.name === 'extLst') && e.depth === 1);
    const at = before ? before.start : root2.closeStart;
    xml = splice(xml, [{ start: at, end: at, text: `<cellMetadata count="1">${rec}</cellMetadata>` }]);
    cm = 1;
  } else {
    cm =
      els.filter(
        (e) => e.name === 'bk' && e.start > cellMeta.start && e.end <= cellMeta.end && e.depth === cellMeta.depth + 1,
      ).length + 1;
    if (cellMeta.selfClosing) {
      xml = splice(xml, [
        { start: cellMeta.start, end: cellMeta.end, text: `<cellMetadata count="1">${rec}</cellMetadata>` },
      ]);
    } else {
      const edits = [{ start: cellMeta.closeStart, end: cellMeta.closeStart, text: rec }];
      const c = bumpCount(xml, cellMeta, 1);
      if (c) edits.push(c);
      xml = splice(xml, edits);
    }
  }
  pkg.setText(part, xml);
  return String(cm);
}

// ---- calcChain ------------------------------------------------------------------------

function calcChainPart(pkg: XlsxPackage): string | undefined {
  const rel = pkg.workbookRelated(REL.calcChain);
  return rel && pkg.has(rel.partName) ? rel.partName : undefined;
}

/**
 * Removes the calc-chain entries of cells that no longer hold a formula. An entry's sheet
 * (`i`) defaults to the previous entry's, so the entry after a removed one gets its `i`
 * written out. When no entry is left, the part goes, with its relationship and content type.
 */
export function removeFromCalcChain(pkg: XlsxPackage, cells: Array<{ sheetId: number; ref: string }>): number {
  const part = calcChainPart(pkg);
  if (!part || !cells.length) return 0;
  const drop = new Set(cells.map((c) => `${c.sheetId}|${c.ref.toUpperCase()}`));
  const xml = pkg.text(part);
  const els = indexElements(xml, part, new Set(['calcChain', 'c']));
  const entries = els.filter((e) => e.name === 'c');
  const edits: Array<{ start: number; end: number; text: string }> = [];
  let sheet = 0;
  let prevKeptSheet = 0;
  let removed = 0;
  let kept = 0;
  let pendingLevel = false;
  for (const e of entries) {
    const explicit = e.attrs.i !== undefined;
    if (explicit) sheet = Number(e.attrs.i);
    if (drop.has(`${sheet}|${(e.attrs.r ?? '').toUpperCase()}`)) {
      edits.push({ start: e.start, end: e.end, text: '' });
      if (e.attrs.l === '1' || e.attrs.l === 'true') pendingLevel = true;
      removed++;
      continue;
    }
    kept++;
    const needI = !explicit && sheet !== prevKeptSheet;
    const needL = pendingLevel && e.attrs.l === undefined;
    if (needI || needL) {
      const open = xml.slice(e.start, e.end);
      let text = open;
      if (needI) text = text.replace(/^<((?:\w+:)?c)\b/, `<$1 i="${sheet}"`);
      if (needL) text = text.replace(/\s*\/>$/, ' l="1"/>');
      edits.push({ start: e.start, end: e.end, text });
    }
    pendingLevel = false;
    prevKeptSheet = sheet;
  }
  if (!removed) return 0;
  if (!kept) {
    const rel = pkg.workbookRelated(REL.calcChain)!;
    pkg.removeRelationship(pkg.workbookPart(), rel.id);
    pkg.removeOverride(part);
    pkg.removePart(part);
    return removed;
  }
  pkg.setText(part, splice(xml, edits));
  return removed;
}

/** Adds calc-chain entries for restored formula cells (when the package has a chain). */
export function addToCalcChain(pkg: XlsxPackage, cells: Array<{ sheetId: number; ref: string; array: boolean }>): void {
  const part = calcChainPart(pkg);
  if (!part || !cells.length) return;
  const xml = pkg.text(part);
  const els = indexElements(xml, part, new Set(['calcChain', 'c']));
  const root = els.find((e) => e.name === 'calcChain');
  if (!root) return;
  const existing = new Set<string>();
  let sheet = 0;
  for (const e of els) {
    if (e.name !== 'c') continue;
    if (e.attrs.i !== undefined) sheet = Number(e.attrs.i);
    existing.add(`${sheet}|${(e.attrs.r ?? '').toUpperCase()}`);
  }
  const p = root.qname.includes(':') ? root.qname.slice(0, root.qname.indexOf(':') + 1) : '';
  const add = cells
    .filter((c) => !existing.has(`${c.sheetId}|${c.ref.toUpperCase()}`))
    .map((c) => `<${p}c r="${c.ref}" i="${c.sheetId}"${c.array ? ' a="1"' : ''}/>`)
    .join('');
  if (add) pkg.setText(part, insertChild(xml, root, add));
}
