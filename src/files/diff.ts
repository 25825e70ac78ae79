/**
 * roi diff: two workbook files compared as a finance reviewer reads them (the comparison
 * itself is src/formula/diff.ts, shared with the Review view). Each file is read with the
 * package reader the other verbs use and recalculated first with the recalc machinery
 * (planRecalc: stuck ROI cells computed, stale cached values replaced, spills at their
 * fresh size), so a diff never compares a stale cached value. Nothing is written.
 */
import {
  cellKey,
  diffBooks,
  type Book,
  type BookDiff,
  type BookSheet,
  type DiffOptions,
  type Place,
} from '../formula/diff';
import {
  diffSentence,
  jsonValue,
  type SentenceOptions,
  movement,
  pctText,
  placeText,
  subjectOf,
  valueText,
} from '../formula/diff-words';
import type { XlsxPackage } from '../xlsx/package';
import { readStyles } from '../xlsx/styles';
import { cachedValue } from '../xlsx/sheet';
import { loadWorkbook } from '../xlsx/workbook';
import { planRecalc } from './plan';

/** A workbook file as the comparison reads it: every cell with its value after recalculation, its number format, names, spills. */
export function bookOfPackage(pkg: XlsxPackage): Book {
  const wb = loadWorkbook(pkg);
  const plan = planRecalc(wb);
  const styles = readStyles(pkg);
  const formatOf = (s: string | undefined) => {
    const f = s === undefined ? undefined : styles[Number(s)]?.numberFormat;
    return f && f !== 'General' ? f : undefined;
  };
  const sheets = new Map<unknown, BookSheet>();
  const book: Book = { sheets: [], names: [] };
  for (const s of wb.sheets) {
    const sheet: BookSheet = { name: s.info.name, cells: new Map(), spills: new Map() };
    for (const row of s.scan.rows)
      for (const c of row.cells) {
        const value = cachedValue(c, wb.shared);
        if (value === null && !c.f) continue;
        const numberFormat = formatOf(c.attrs.s);
        sheet.cells.set(cellKey(c.row - 1, c.col - 1), numberFormat ? { value, numberFormat } : { value });
      }
    sheets.set(s, sheet);
    book.sheets.push(sheet);
  }
  for (const p of plan.formulas) {
    const sheet = sheets.get(p.f.sheet)!;
    const key = cellKey(p.f.row - 1, p.f.col - 1);
    const numberFormat = formatOf(p.f.cell.attrs.s);
    sheet.cells.set(key, { formula: p.f.formula, value: p.value, ...(numberFormat ? { numberFormat } : {}) });
    const r = p.range;
    if (r.bottom === r.top && r.right === r.left) continue;
    sheet.spills.set(key, { top: r.top - 1, left: r.left - 1, bottom: r.bottom - 1, right: r.right - 1 });
    // The spilled cells hold the fresh values (and lose the ones a shrunk spill left behind).
    const old = p.f.range;
    for (let row = Math.min(r.top, old.top); row <= Math.max(r.bottom, old.bottom); row++)
      for (let col = Math.min(r.left, old.left); col <= Math.max(r.right, old.right); col++) {
        if (row === p.f.row && col === p.f.col) continue;
        const k = cellKey(row - 1, col - 1);
        const existing = sheet.cells.get(k);
        if (existing?.formula !== undefined) continue;
        const inside = row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
        const value = inside ? (p.grid[row - r.top]?.[col - r.left] ?? null) : null;
        if (value === null && !inside) sheet.cells.delete(k);
        else sheet.cells.set(k, { ...existing, value });
      }
  }
  const sheetAt = new Map(pkg.sheets().map((s) => [s.index, s.name]));
  for (const n of wb.names) {
    if (/^_xlnm\./i.test(n.name)) continue;
    const scope = n.localSheetId === undefined ? undefined : sheetAt.get(n.localSheetId);
    book.names.push({ name: n.name, ...(scope !== undefined ? { scope } : {}), refersTo: n.text });
  }
  return book;
}

/** Two workbook packages compared (each recalculated first). */
export function diffPackages(oldPkg: XlsxPackage, newPkg: XlsxPackage, options: DiffOptions = {}): BookDiff {
  return diffBooks(bookOfPackage(oldPkg), bookOfPackage(newPkg), options);
}

const at = (p: { old?: Place; new?: Place }): Place => (p.new ?? p.old)!;

/** Control, bidi and zero-width characters a file's text could carry to a terminal (not newline or tab). */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Report text safe for a terminal: each such character as a \uXXXX escape (in JSON text the
 * same escape is the same character), so a workbook's labels cannot clear the screen or
 * reorder a line.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The report as JSON, in the shape issue 18 gives (with `other_cells` listed only on --all). */
export function diffJson(d: BookDiff, all = false): Record<string, unknown> {
  return {
    inputs: d.inputs.map((i) => ({
      sheet: at(i).sheet,
      cell: at(i).address,
      name: i.name ?? i.label ?? null,
      old: jsonValue(i.oldValue),
      new: jsonValue(i.newValue),
    })),
    formulas: d.formulas.map((f) => ({
      sheet: at(f).sheet,
      cell: at(f).address,
      change: f.change,
      old: f.oldFormula ?? null,
      new: f.newFormula ?? null,
    })),
    outputs: d.outputs.map((o) => ({
      sheet: at(o).sheet,
      cell: at(o).address,
      name: o.name ?? o.label ?? null,
      old: jsonValue(o.oldValue),
      new: jsonValue(o.newValue),
      change_pct: o.changePct,
      because: o.because.map(placeText),
    })),
    other_changes: d.otherCounts,
    ...(all
      ? {
          other_cells: d.other.map((c) => ({
            sheet: at(c).sheet,
            cell: at(c).address,
            old: c.oldContent,
            new: c.newContent,
          })),
        }
      : {}),
  };
}

/** " (was 'ROI Model'!B8)" when a cell moved. */
function moved(p: { old?: Place; new?: Place }): string {
  if (!p.old || !p.new || (p.old.sheet === p.new.sheet && p.old.address === p.new.address)) return '';
  return ` (was ${placeText(p.old)})`;
}

/**
 * The report as text: the sentence (leading with `sentence.lead` when that output moved),
 * then inputs, formulas, outputs and the other changes.
 */
export function formatDiffReport(
  oldFile: string,
  newFile: string,
  d: BookDiff,
  all = false,
  sentence: SentenceOptions = {},
): string {
  const lines: string[] = [`${oldFile} -> ${newFile}`, diffSentence(d, sentence)];
  const { added, removed, renamed } = d.sheets;
  if (added.length) lines.push(`Sheets added: ${added.join(', ')}`);
  if (removed.length) lines.push(`Sheets removed: ${removed.join(', ')}`);
  for (const r of renamed) lines.push(`Sheet "${r.old}" is now "${r.new}"`);
  if (d.inputs.length) {
    lines.push('', `Inputs changed (${d.inputs.length}):`);
    for (const i of d.inputs)
      lines.push(
        `  ${placeText(at(i))}${moved(i)}  ${i.name ? `${i.name}  ` : ''}${subjectOf(i)}: ${valueText(i.oldValue, i.oldFormat ?? i.newFormat)} -> ${valueText(i.newValue, i.newFormat ?? i.oldFormat)}`,
      );
  }
  if (d.formulas.length) {
    lines.push('', `Formulas added, removed or changed (${d.formulas.length}):`);
    for (const f of d.formulas) {
      const where = `  ${placeText(at(f))}${moved(f)}  ${f.change}`;
      if (f.change === 'added') lines.push(`${where}  ${f.newFormula}`);
      else if (f.change === 'removed') lines.push(`${where}  ${f.oldFormula}`);
      else lines.push(`${where}`, `      was ${f.oldFormula}`, `      now ${f.newFormula}`);
    }
  }
  if (d.outputs.length) {
    lines.push('', `Outputs moved (${d.outputs.length}):`);
    for (const o of d.outputs) {
      const pct = o.changePct === null ? '' : ` (${pctText(o.changePct)})`;
      const because = o.because.length ? `  because ${o.because.map(placeText).join(', ')}` : '';
      lines.push(
        `  ${placeText(at(o))}${moved(o)}  ${o.name ? `${o.name}  ` : ''}${subjectOf(o)} ${movement(o)}${pct}${because}`,
      );
    }
  }
  const counts = Object.entries(d.otherCounts);
  if (counts.length) {
    lines.push(
      '',
      `Other cells changed: ${counts.map(([s, n]) => `${s} ${n}`).join(', ')}${all ? '' : ' (--all lists them)'}`,
    );
    if (all)
      for (const c of d.other)
        lines.push(
          `  ${placeText(at(c))}${moved(c)}  ${JSON.stringify(c.oldContent)} -> ${JSON.stringify(c.newContent)}`,
        );
  }
  return lines.join('\n');
}
