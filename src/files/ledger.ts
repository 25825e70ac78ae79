/**
 * roi freeze / roi thaw.
 *
 * freeze: every ROI formula becomes its (freshly computed) value, the cell's style kept;
 * the formulas go to a very hidden sheet, ROI_Ledger, one row per cell: sheet, cell, the
 * formula as users type it, the spill range, the frozen value, and the cell's exact XML
 * (what thaw puts back). Frozen cells leave xl/calcChain.xml.
 *
 * thaw: puts back exactly the cells the ledger recorded, removes the ledger sheet from
 * the package (part, relationship, content type, <sheet>), and re-lists the restored
 * formulas in the calc chain.
 */
import { XlsxError } from '../xlsx/errors';
import {
  LEDGER_HEADER,
  LEDGER_NAME,
  isLedgerSheetName,
  matchesLedgerValue,
  newLedgerName,
  type LedgerEntry,
} from '../formula/ledger-format';
import { toDottedSpelling, findRoiCalls } from '../formula/formula';
import { isErrorCode } from '../core/errors';
import { cellRef, parseCellRef, parseRangeRef, rangeRefToString } from '../xlsx/refs';
import { CT, REL, XlsxPackage } from '../xlsx/package';
import { addToCalcChain, ensureDynamicArrayCm, removeFromCalcChain } from '../xlsx/parts';
import { applyPlan, cellName, planRecalc } from './plan';
import { cachedValue, key, rebuildSheet, type CellEdit } from '../xlsx/sheet';
import { qualified } from '../base/a1';
import { cellAt, loadWorkbook, type SheetModel, type Workbook } from '../xlsx/workbook';
import { evaluateWorkbook } from '../engine/evaluate';
import type { Progress } from '../xlsx/progress';
import { indexElements, splice, type XmlElement } from '../xlsx/xml';
import { type XValue, decodeOoxml, escapeAttr, escapeText, formatNumber, formulaCellXml } from '../formula/cell-xml';
import { showValue } from '../formula/cell-xml';

// The format itself lives in ledger-format.ts, shared with the task pane's Share view.
export { LEDGER_NAME, LEDGER_HEADER, type LedgerEntry } from '../formula/ledger-format';

function inlineCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t${/^\s|\s$/.test(text) ? ' xml:space="preserve"' : ''}>${escapeText(text)}</t></is></c>`;
}

export function ledgerSheetXml(entries: LedgerEntry[]): string {
  const rows: string[] = [];
  const row = (r: number, values: string[]) =>
    `<row r="${r}">${values.map((v, i) => inlineCell(`${'ABCDEF'[i]}${r}`, v)).join('')}</row>`;
  rows.push(row(1, LEDGER_HEADER));
  entries.forEach((e, i) => rows.push(row(i + 2, [e.sheet, e.ref, e.formula, e.range, e.value, e.xml])));
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="A1:F${entries.length + 1}"/><sheetData>${rows.join('')}</sheetData>` +
    '<sheetProtection sheet="1" objects="1" scenarios="1"/></worksheet>'
  );
}

function isLedger(sheet: SheetModel, shared: string[]): boolean {
  if (!isLedgerSheetName(sheet.info.name)) return false;
  const f1 = cellAt(sheet, 1, 6);
  return !!f1 && cachedValue(f1, shared) === LEDGER_HEADER[5];
}

export function findLedger(wb: Workbook): SheetModel | undefined {
  return wb.sheets.find((s) => isLedger(s, wb.shared));
}

export function readLedger(wb: Workbook, sheet: SheetModel): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (const row of sheet.scan.rows) {
    if (row.r < 2) continue;
    const text = (col: number) => {
      const c = cellAt(sheet, row.r, col);
      const v = c ? cachedValue(c, wb.shared) : null;
      return v === null ? '' : typeof v === 'object' ? v.error : String(v);
    };
    const e = { sheet: text(1), ref: text(2), formula: text(3), range: text(4), value: text(5), xml: text(6) };
    if (e.sheet && e.ref) out.push(e);
  }
  return out;
}

/** Adds a worksheet part for the ledger and lists it (very hidden) in the workbook. */
function addLedgerSheet(pkg: XlsxPackage, xml: string, existing: string[]): void {
  const wb = pkg.workbookPart();
  const dir = wb.slice(0, wb.lastIndexOf('/') + 1);
  let n = 1;
  while (pkg.has(`${dir}worksheets/sheet${n}.xml`)) n++;
  const part = `${dir}worksheets/sheet${n}.xml`;
  const lastSheet = pkg
    .names()
    .filter((x) => /\/worksheets\/sheet\d+\.xml$/i.test(x))
    .pop();
  pkg.addPart(part, xml, lastSheet);
  const rId = pkg.addRelationship(wb, REL.worksheet, part.slice(dir.length));
  pkg.addOverride(part, CT.worksheet);
  const wbXml = pkg.text(wb);
  const els = indexElements(wbXml, wb, new Set(['sheets', 'sheet']));
  const sheets = els.find((e) => e.name === 'sheets');
  if (!sheets) throw new XlsxError(`${wb} has no <sheets>`, 'corrupt');
  const maxId = Math.max(0, ...els.filter((e) => e.name === 'sheet').map((e) => Number(e.attrs.sheetId) || 0));
  const name = newLedgerName(existing);
  const p = sheets.qname.includes(':') ? sheets.qname.slice(0, sheets.qname.indexOf(':') + 1) : '';
  const rPrefix =
    Object.keys(els.find((e) => e.name === 'sheet')?.attrs ?? {})
      .find((k) => k.endsWith(':id'))
      ?.split(':')[0] ?? 'r';
  const el = `<${p}sheet name="${escapeAttr(name)}" sheetId="${maxId + 1}" state="veryHidden" ${rPrefix}:id="${rId}"/>`;
  pkg.setText(wb, splice(wbXml, [{ start: sheets.closeStart, end: sheets.closeStart, text: el }]));
}

/** Removes a sheet from the package (part, its rels, relationship, content type, <sheet>), shifting sheet indexes after it. */
function removeSheet(pkg: XlsxPackage, sheet: SheetModel): void {
  const wb = pkg.workbookPart();
  pkg.removePart(sheet.part);
  const rels = XlsxPackage.relsPartOf(sheet.part);
  if (pkg.has(rels)) {
    pkg.removeOverride(rels);
    pkg.removePart(rels);
  }
  pkg.removeRelationship(wb, sheet.info.rId);
  pkg.removeOverride(sheet.part);
  const idx = sheet.info.index;
  const xml = pkg.text(wb);
  const els = indexElements(xml, wb, new Set(['sheet', 'definedName', 'workbookView']));
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const e of els) {
    if (e.name === 'sheet' && e.parent === 'sheets' && e.attrs.name === sheet.info.name)
      edits.push({ start: e.start, end: e.end, text: '' });
    if (e.name === 'definedName' && e.attrs.localSheetId !== undefined) {
      const id = Number(e.attrs.localSheetId);
      if (id === idx) edits.push({ start: e.start, end: e.end, text: '' });
      else if (id > idx)
        edits.push({
          start: e.start,
          end: e.openEnd,
          text: xml.slice(e.start, e.openEnd).replace(/localSheetId="\d+"/, `localSheetId="${id - 1}"`),
        });
    }
    if (e.name === 'workbookView') {
      let open = xml.slice(e.start, e.openEnd);
      for (const a of ['activeTab', 'firstSheet']) {
        const v = e.attrs[a];
        if (v !== undefined && Number(v) > idx)
          open = open.replace(new RegExp(`${a}="\\d+"`), `${a}="${Number(v) - 1}"`);
        else if (v !== undefined && Number(v) === idx) open = open.replace(new RegExp(`${a}="\\d+"`), `${a}="0"`);
      }
      if (open !== xml.slice(e.start, e.openEnd)) edits.push({ start: e.start, end: e.openEnd, text: open });
    }
  }
  pkg.setText(wb, splice(xml, edits));
}

export interface FreezeReport {
  frozen: Array<{ cell: string; formula: string; value: string; evaluated: boolean; reason?: string }>;
  calcChainEntriesRemoved: number;
  ledgerSheet?: string;
}

export function freezePackage(pkg: XlsxPackage, opts: { progress?: Progress } = {}): FreezeReport {
  const wb = loadWorkbook(pkg, opts);
  const plan = planRecalc(wb, evaluateWorkbook(wb, opts));
  const oldLedger = findLedger(wb);
  const previous = oldLedger ? readLedger(wb, oldLedger) : [];
  const written = applyPlan(plan, { freezeRoi: true });
  const report: FreezeReport = { frozen: [], calcChainEntriesRemoved: 0 };
  if (!written.length) return report;
  const entries: LedgerEntry[] = previous.filter(
    (e) => !written.some((w) => w.pf.f.sheet.info.name === e.sheet && w.pf.f.ref === e.ref),
  );
  for (const { pf, formulaXml } of written) {
    const f = pf.f;
    entries.push({
      sheet: f.sheet.info.name,
      ref: f.ref,
      formula: `=${toDottedSpelling(pf.resolvedFormula)}`,
      range: rangeRefToString(pf.range),
      value: showValue(pf.value),
      xml: formulaXml,
    });
    report.frozen.push({
      cell: cellName(f),
      formula: `=${f.formula}`,
      value: showValue(pf.value),
      evaluated: pf.ev.evaluated,
      reason: pf.ev.reason,
    });
  }
  report.calcChainEntriesRemoved = removeFromCalcChain(
    pkg,
    written.map((w) => ({ sheetId: w.pf.f.sheet.info.sheetId, ref: w.pf.f.ref })),
  );
  if (oldLedger) {
    pkg.setText(oldLedger.part, ledgerSheetXml(entries));
    report.ledgerSheet = oldLedger.info.name;
  } else {
    addLedgerSheet(
      pkg,
      ledgerSheetXml(entries),
      wb.pkg.sheets().map((s) => s.name),
    );
    report.ledgerSheet = pkg.sheets().pop()?.name;
  }
  return report;
}

/** What thaw takes from a ledger row's cell XML: parsed, and only the parts a restored ROI cell has. */
interface LedgerCell {
  /** The style index, when the XML has a numeric one. */
  s?: string;
  /** The formula (decoded), an ROI call. */
  formula: string;
  /** The array's area, inside Excel's grid and starting at the cell (the cell alone otherwise). */
  arrayRef: string;
  /** The cached value, and a number's text as it was written (kept byte for byte). */
  value: XValue;
  numberText?: string;
}

const NUMBER_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * A ledger row's cell XML, read rather than trusted: it must be one well-formed <c>
 * element for the row's own cell, holding an <f> that calls an ROI function. Everything
 * else in it (other attributes, other elements, a ref outside the grid) is left out: thaw
 * writes the cell anew from these parts, never the row's text.
 */
function ledgerCell(e: LedgerEntry, label: string): LedgerCell | undefined {
  let els: XmlElement[];
  try {
    els = indexElements(e.xml, `${LEDGER_NAME} ${label}`, undefined, new Set(['f', 'v']));
  } catch {
    return undefined;
  }
  const c = els[0];
  if (!c || c.name !== 'c' || c.depth !== 0) return undefined;
  const at = parseCellRef(c.attrs.r ?? '');
  const want = parseCellRef(e.ref);
  if (!at || !want || at.row !== want.row || at.col !== want.col) return undefined;
  const f = els.find((x) => x.name === 'f' && x.depth === 1);
  const v = els.find((x) => x.name === 'v' && x.depth === 1);
  const formula = decodeOoxml(f?.text ?? '');
  if (!f || !findRoiCalls(formula).length) return undefined;
  const area = f.attrs.ref ? parseRangeRef(f.attrs.ref) : undefined;
  const arrayRef =
    area && area.top === at.row && area.left === at.col ? rangeRefToString(area) : cellRef(at.row, at.col);
  const t = c.attrs.t ?? 'n';
  const text = v?.text ?? '';
  let value: XValue = null;
  let numberText: string | undefined;
  if (v && t === 'n' && NUMBER_TEXT.test(text) && Number.isFinite(Number(text))) {
    value = Number(text);
    numberText = text;
  } else if (v && t === 'b' && (text === '0' || text === '1')) value = text === '1';
  else if (v && t === 'e' && isErrorCode(text)) value = { error: text };
  else if (v && t === 'str') value = decodeOoxml(text);
  const s = c.attrs.s !== undefined && /^\d+$/.test(c.attrs.s) ? c.attrs.s : undefined;
  return { s, formula, arrayRef, value, numberText };
}

/** The restored cell: a resolved dynamic-array formula with its cached value, as recalc writes one. */
function restoredCellXml(p: string, ref: string, s: string | undefined, cell: LedgerCell, cm: string): string {
  const xml = formulaCellXml(
    p,
    ref,
    { attrs: s === undefined ? {} : { s } },
    cell.formula,
    cell.arrayRef,
    cell.value,
    cm,
  );
  if (typeof cell.value !== 'number' || cell.numberText === undefined) return xml;
  const written = `<${p}v>${formatNumber(cell.value)}</${p}v></${p}c>`;
  return xml.endsWith(written) ? `${xml.slice(0, -written.length)}<${p}v>${cell.numberText}</${p}v></${p}c>` : xml;
}

export interface ThawReport {
  restored: Array<{ cell: string; formula: string }>;
  warnings: string[];
}

export function thawPackage(pkg: XlsxPackage, opts: { progress?: Progress } = {}): ThawReport {
  const wb = loadWorkbook(pkg, opts);
  const ledger = findLedger(wb);
  if (!ledger) throw new XlsxError(`no ${LEDGER_NAME} sheet: this workbook was not frozen by roi freeze`, 'invalid');
  const entries = readLedger(wb, ledger);
  const report: ThawReport = { restored: [], warnings: [] };
  const bySheet = new Map<SheetModel, Map<string, CellEdit & { row: number; col: number }>>();
  let cm: string | undefined;
  const chain: Array<{ sheetId: number; ref: string; array: boolean }> = [];
  for (const e of entries) {
    const sheet = wb.sheets.find((s) => s.info.name === e.sheet);
    const label = `${e.sheet}!${e.ref}`;
    if (!sheet) {
      report.warnings.push(`${label}: the sheet no longer exists; formula ${e.formula} not restored`);
      continue;
    }
    const rc = parseCellRef(e.ref);
    if (!rc) {
      report.warnings.push(`${label}: the ledger names a cell outside Excel's grid; not restored`);
      continue;
    }
    const cell = ledgerCell(e, label);
    if (!cell) {
      report.warnings.push(`${label}: the ledger's cell XML is not a recorded ROI formula; not restored`);
      continue;
    }
    const current = cellAt(sheet, rc.row, rc.col);
    if (current?.f) {
      report.warnings.push(`${label}: the cell holds a formula again (=${current.f.text}); left as it is`);
      continue;
    }
    const now: XValue = current ? cachedValue(current, wb.shared) : null;
    if (!matchesLedgerValue(now, e.value))
      report.warnings.push(
        `${label}: the frozen value ${e.value} was changed to ${showValue(now)} after freezing; the formula is restored anyway`,
      );
    // A row the task pane wrote has no s (it cannot know style indexes): keep the cell's own.
    const s = cell.s ?? (current?.attrs.s !== undefined && /^\d+$/.test(current.attrs.s) ? current.attrs.s : undefined);
    const cmHere = (cm ??= ensureDynamicArrayCm(pkg));
    const xml = restoredCellXml(sheet.scan.prefix, cellRef(rc.row, rc.col), s, cell, cmHere);
    let edits = bySheet.get(sheet);
    if (!edits) bySheet.set(sheet, (edits = new Map()));
    edits.set(key(rc.row, rc.col), { row: rc.row, col: rc.col, xml });
    chain.push({ sheetId: sheet.info.sheetId, ref: cellRef(rc.row, rc.col), array: true });
    report.restored.push({ cell: qualified(sheet.info.name, e.ref), formula: e.formula });
  }
  for (const [sheet, edits] of bySheet) pkg.setText(sheet.part, rebuildSheet(sheet.xml, sheet.scan, edits));
  removeSheet(pkg, ledger);
  addToCalcChain(pkg, chain);
  return report;
}
