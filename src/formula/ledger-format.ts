/**
 * The freeze ledger's format, shared by `roi freeze` / `roi thaw` (on .xlsx files) and the
 * task pane's Share view (through the WorkbookPort), so a workbook frozen by either is
 * thawed by the other.
 *
 * The ledger is a very hidden sheet named ROI_Ledger (ROI_Ledger2, ... when taken): row 1
 * is LEDGER_HEADER, then one row per frozen cell: sheet, cell, the formula as users type
 * it (=ROI.X(...)), the spill range, the frozen value as `showValue` writes it, and the
 * cell's XML as a resolved dynamic-array formula (what `roi thaw` puts back).
 *
 * No HyperFormula here: the add-in bundle may import it.
 */
import { findRoiCalls, toDottedSpelling, toResolvedSpelling } from './formula';
import { approxEqual } from '../base/equal';
import { formulaCellXml, isXError, showValue, type XValue } from './cell-xml';

export const LEDGER_NAME = 'ROI_Ledger';
export const LEDGER_HEADER = [
  'Sheet',
  'Cell',
  'Formula',
  'Spill range',
  'Frozen value',
  'Cell XML (roi thaw restores this)',
];

export interface LedgerEntry {
  sheet: string;
  ref: string;
  formula: string;
  range: string;
  value: string;
  xml: string;
}

/** Could a sheet of this name be a ledger? (It is one when its F1 also reads LEDGER_HEADER[5].) */
export function isLedgerSheetName(name: string): boolean {
  return /^ROI_Ledger\d*$/i.test(name);
}

/** The name for a new ledger: ROI_Ledger, else ROI_Ledger2, 3, ... (sheet names compare case-insensitively). */
export function newLedgerName(existing: readonly string[]): string {
  const taken = new Set(existing.map((s) => s.toLowerCase()));
  let name = LEDGER_NAME;
  for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${LEDGER_NAME}${k}`;
  return name;
}

/**
 * The ledger row of a live ROI formula about to be frozen: `formula` as Excel shows it
 * ("=ROI.FUNNEL(B2,B3,B4:B6)", any of the four spellings), `range` the area its result
 * fills ("B7:B10", or "B7"), `value` the anchor's value. The XML is what a resolved
 * dynamic-array call looks like in a file (cm="1"; roi thaw re-points cm at the
 * workbook's own dynamic-array metadata).
 */
export function ledgerEntryFor(sheet: string, ref: string, formula: string, range: string, value: XValue): LedgerEntry {
  const text = formula.startsWith('=') ? formula.slice(1) : formula;
  const calls = findRoiCalls(text);
  return {
    sheet,
    ref,
    formula: `=${toDottedSpelling(text, calls)}`,
    range,
    value: showValue(value),
    xml: formulaCellXml('', ref, undefined, toResolvedSpelling(text, calls), range, value, '1'),
  };
}

/**
 * Does a cell still hold the value the ledger recorded for it (`text`, as showValue wrote
 * it)? Numbers compare by approxEqual; a frozen error reads back as an error (Excel) or as
 * its code in text (the engine); a blank as "(blank)". roi thaw and the Share view warn
 * when it does not: someone changed a frozen number.
 */
export function matchesLedgerValue(v: XValue, text: string): boolean {
  if (showValue(v) === text) return true;
  if (typeof v === 'number') {
    const n = Number(text);
    return Number.isFinite(n) && approxEqual(n, v);
  }
  return (
    (v === null && text === '(blank)') ||
    (isXError(v) && v.error === text) ||
    (typeof v === 'string' && v === text && text.startsWith('#'))
  );
}
