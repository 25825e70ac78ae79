/**
 * What a recalculation changes, cell by cell: fresh cached values (the anchor and its
 * spill), the resolved `_xldudf_ROI_` spelling, stuck flags dropped, `[n]!` damage
 * repaired. Shared by recalc (writes it), freeze (writes it, then values for formulas)
 * and check (only reports it).
 */
import { evaluateWorkbook, inRange, type Evaluated, type Evaluation } from '../engine/evaluate';
import { toResolvedSpelling } from '../formula/formula';
import { cellRef, rangeRefToString, type RangeRef } from '../xlsx/refs';
import { ensureDynamicArrayCm } from '../xlsx/parts';
import { cachedValue, grownDimension, key, rebuildSheet, type CellEdit, type CellNode } from '../xlsx/sheet';
import { qualified } from '../base/a1';
import { cellAt, isRoiFormula, type FormulaCell, type SheetModel, type Workbook } from '../xlsx/workbook';
import {
  cellAttrs,
  formulaCellXml,
  formatNumber,
  isXError,
  sameValue,
  spillCellXml,
  valueCellXml,
  type XValue,
  escapeText,
} from '../formula/cell-xml';

export { sameValue };

export type Status = 'fresh' | 'stale' | 'error' | 'not-evaluated';

export interface PlannedFormula {
  f: FormulaCell;
  ev: Evaluated;
  roi: boolean;
  /** The value after recalculation (the cached one when not evaluated). */
  value: XValue;
  grid: XValue[][];
  range: RangeRef;
  status: Status;
  /** Cached values (anchor or spill) disagree with the fresh ones. */
  stale: boolean;
  /** The cell's XML must change (value, spelling, flags, ref, cm). */
  rewrite: boolean;
  /** ROI: the formula text to write (resolved spelling). */
  resolvedFormula: string;
  /** ROI: what the cell's formula needed beyond a fresh value. */
  repairs: string[];
  /** An Excel formula the engine computes differently from Excel's cached value (which is kept). */
  engineDiffers: boolean;
}

export interface Plan {
  wb: Workbook;
  evaluation: Evaluation;
  formulas: PlannedFormula[];
  /** Cells of spills that change: per sheet, row/col -> new value (null = cleared). */
  spillEdits: Map<SheetModel, Map<string, { row: number; col: number; value: XValue }>>;
}

function cachedAt(sheet: SheetModel, row: number, col: number, shared: string[]): XValue {
  const c = cellAt(sheet, row, col);
  if (!c || c.f) return null;
  return cachedValue(c, shared);
}

const NO_REPAIRS: string[] = [];

/**
 * A PlannedFormula. A value that fills its own cell only (most of a workbook's) keeps no
 * grid and no range: they are made when read.
 */
class Planned implements PlannedFormula {
  private readonly ownGrid: XValue[][] | undefined;
  private readonly ownRange: RangeRef | undefined;
  readonly repairs: string[];
  constructor(
    readonly f: FormulaCell,
    readonly ev: Evaluated,
    readonly roi: boolean,
    readonly value: XValue,
    grid: XValue[][],
    range: RangeRef,
    readonly status: Status,
    readonly stale: boolean,
    readonly rewrite: boolean,
    readonly resolvedFormula: string,
    repairs: string[],
    readonly engineDiffers: boolean,
  ) {
    const single =
      grid.length === 1 &&
      grid[0].length === 1 &&
      grid[0][0] === value &&
      range.top === f.row &&
      range.bottom === f.row &&
      range.left === f.col &&
      range.right === f.col;
    this.ownGrid = single ? undefined : grid;
    this.ownRange = single ? undefined : range;
    this.repairs = repairs.length ? repairs : NO_REPAIRS;
  }
  get grid(): XValue[][] {
    return this.ownGrid ?? [[this.value]];
  }
  get range(): RangeRef {
    return this.ownRange ?? { top: this.f.row, left: this.f.col, bottom: this.f.row, right: this.f.col };
  }
}

/** Evaluates the workbook and decides, for every formula, what a recalculation writes. */
export function planRecalc(wb: Workbook, evaluation = evaluateWorkbook(wb)): Plan {
  const formulas: PlannedFormula[] = [];
  const spillEdits: Plan['spillEdits'] = new Map();
  let baseline: Evaluation | undefined;
  const needBaseline = () => {
    baseline ??= evaluateWorkbook(wb, { roiAsCached: true });
    return baseline;
  };
  const roiChanged = { any: false };

  // First pass: which cached values are stale (whether an ROI value changed decides the
  // second pass); kept as one byte per formula, the rest read again from the evaluation.
  const current = (f: FormulaCell) => {
    const ev = evaluation.results.get(f)!;
    return {
      ev,
      value: ev.evaluated ? ev.value! : f.cached,
      grid: ev.evaluated ? ev.grid! : [[f.cached]],
      range: ev.evaluated ? ev.range! : f.range,
    };
  };
  const staleAt = new Uint8Array(wb.formulas.length);
  wb.formulas.forEach((f, i) => {
    const { ev, value, grid, range } = current(f);
    let stale = false;
    if (ev.evaluated) {
      if (!sameValue(f.cached, value)) stale = true;
      if (!stale)
        forEachSpillCell(f, range, grid, (r, c, v) => {
          if (!sameValue(cachedAt(f.sheet, r, c, wb.shared), v)) stale = true;
          return !stale;
        });
    }
    if (stale) staleAt[i] = 1;
    if (isRoiFormula(f) && stale) roiChanged.any = true;
  });

  for (let i = 0; i < wb.formulas.length; i++) {
    const f = wb.formulas[i];
    const roi = isRoiFormula(f);
    const p = current(f);
    const { ev } = p;
    let { value, grid, range } = p;
    let stale = staleAt[i] === 1;
    const repairs: string[] = [];
    let engineDiffers = false;
    let resolvedFormula = f.formula;
    if (roi) {
      const resolved = toResolvedSpelling(f.formula, f.roiCalls);
      resolvedFormula = resolved === f.formula ? f.formula : resolved;
      if (f.stuck) repairs.push('stuck (typed while the add-in was not loaded)');
      if (f.damaged) repairs.push('damaged [n]! prefix');
      const fa = f.cell.f!.attrs;
      if (fa.aca !== undefined || fa.ca !== undefined) repairs.push('stuck flags');
      if (f.type !== 'array') repairs.push('not a dynamic-array formula');
      if (f.cell.attrs.cm === undefined) repairs.push('no dynamic-array metadata');
    } else if (stale) {
      // An Excel formula: its cached value is replaced only when it changes because an ROI
      // value changed (compare with a run where ROI cells keep their cached values);
      // otherwise any difference is the engine's, and Excel's own value stands.
      const base = roiChanged.any ? needBaseline().results.get(f) : undefined;
      const dependsOnRoi = !!base?.evaluated && !(sameValue(base.value!, value) && sameGrid(base.grid!, grid));
      if (!dependsOnRoi) {
        stale = false;
        value = f.cached;
        grid = [[f.cached]];
        range = f.range;
        engineDiffers = true;
      }
    }
    const refChanged =
      rangeRefToString(range) !== rangeRefToString(f.range) &&
      (f.type === 'array' || range.bottom > range.top || range.right > range.left);
    const rewrite = stale || repairs.length > 0 || refChanged;
    const status: Status = !ev.evaluated ? 'not-evaluated' : stale ? 'stale' : isXError(value) ? 'error' : 'fresh';
    formulas.push(
      new Planned(f, ev, roi, value, grid, range, status, stale, rewrite, resolvedFormula, repairs, engineDiffers),
    );

    if (rewrite && ev.evaluated) {
      let edits = spillEdits.get(f.sheet);
      if (!edits) spillEdits.set(f.sheet, (edits = new Map()));
      const sheetEdits = edits;
      forEachSpillCell(f, range, grid, (r, c, fresh) => {
        const existing = cellAt(f.sheet, r, c);
        if (existing?.f) return true;
        const old = existing ? cachedValue(existing, wb.shared) : null;
        if (existing ? !sameValue(old, fresh) || (fresh === null && old !== null) : fresh !== null && fresh !== '')
          sheetEdits.set(key(r, c), { row: r, col: c, value: fresh });
        return true;
      });
    }
  }
  return { wb, evaluation, formulas, spillEdits };
}

/**
 * Visits the cells of a formula's spill, old and new, anchor excluded: every position of the
 * new result (its grid is in memory), then each cell of the file in the old area that the
 * new one leaves (fresh value null). Never a loop over an area's positions the file does not
 * have. Stops when `visit` returns false.
 */
function forEachSpillCell(
  f: FormulaCell,
  range: RangeRef,
  grid: XValue[][],
  visit: (row: number, col: number, fresh: XValue) => boolean,
): void {
  for (let r = range.top; r <= range.bottom; r++)
    for (let c = range.left; c <= range.right; c++) {
      if (r === f.row && c === f.col) continue;
      if (!visit(r, c, grid[r - range.top]?.[c - range.left] ?? null)) return;
    }
  for (const cell of f.spill) if (!inRange(range, cell.row, cell.col) && !visit(cell.row, cell.col, null)) return;
}

function sameGrid(a: XValue[][], b: XValue[][]): boolean {
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    if (a[r].length !== b[r].length) return false;
    for (let c = 0; c < a[r].length; c++) if (!sameValue(a[r][c], b[r][c])) return false;
  }
  return true;
}

/** An Excel formula cell with a new cached value: the <f> element is kept as it was. */
function keptFormulaCellXml(p: string, xml: string, cell: CellNode, value: XValue, newRef?: string): string {
  let t: string | undefined;
  let inner: string;
  if (value === null) {
    t = 'str';
    inner = '';
  } else if (typeof value === 'number') {
    inner = formatNumber(value);
  } else if (typeof value === 'boolean') {
    t = 'b';
    inner = value ? '1' : '0';
  } else if (typeof value === 'string') {
    t = 'str';
    inner = escapeText(value);
  } else {
    t = 'e';
    inner = escapeText(value.error);
  }
  let f = xml.slice(cell.f!.start, cell.f!.end);
  if (newRef) f = f.replace(/ ref="[^"]*"/, ` ref="${newRef}"`);
  return `<${p}c${cellAttrs(cell.ref, cell.attrs, t, cell.attrs.cm)}>${f}<${p}v>${inner}</${p}v></${p}c>`;
}

export interface ApplyOptions {
  /** ROI anchors become plain values (freeze). */
  freezeRoi?: boolean;
}

/**
 * Writes the plan into the package: one rebuild per changed sheet. With freezeRoi, returns
 * the ROI cells written (for freeze's ledger) with the XML a recalculated ROI cell has.
 */
export function applyPlan(plan: Plan, opts: ApplyOptions = {}): Array<{ pf: PlannedFormula; formulaXml: string }> {
  const { wb } = plan;
  let cm: string | undefined;
  const daCm = () => (cm ??= ensureDynamicArrayCm(wb.pkg));
  const perSheet = new Map<SheetModel, Map<string, CellEdit & { row: number; col: number }>>();
  const edit = (s: SheetModel) => {
    let m = perSheet.get(s);
    if (!m) perSheet.set(s, (m = new Map()));
    return m;
  };
  const written: Array<{ pf: PlannedFormula; formulaXml: string }> = [];
  for (const pf of plan.formulas) {
    const { f } = pf;
    const p = f.sheet.scan.prefix;
    if (pf.roi && (pf.rewrite || opts.freezeRoi)) {
      const formulaXml = pf.rewrite
        ? formulaCellXml(p, f.ref, f.cell, pf.resolvedFormula, rangeRefToString(pf.range), pf.value, daCm())
        : f.sheet.xml.slice(f.cell.start, f.cell.end);
      if (opts.freezeRoi) written.push({ pf, formulaXml });
      const xml = opts.freezeRoi ? valueCellXml(p, f.ref, f.cell, pf.value) : formulaXml;
      edit(f.sheet).set(key(f.row, f.col), { row: f.row, col: f.col, xml });
    } else if (!pf.roi && pf.rewrite) {
      const newRef = f.type === 'array' ? rangeRefToString(pf.range) : undefined;
      edit(f.sheet).set(key(f.row, f.col), {
        row: f.row,
        col: f.col,
        xml: keptFormulaCellXml(p, f.sheet.xml, f.cell, pf.value, newRef),
      });
    }
  }
  for (const [sheet, cells] of plan.spillEdits) {
    const m = edit(sheet);
    for (const [k, e] of cells) {
      const existing = cellAt(sheet, e.row, e.col);
      if (e.value === null && existing && Object.keys(existing.attrs).every((a) => a === 'r' || a === 't')) {
        m.set(k, { row: e.row, col: e.col, remove: true });
      } else {
        m.set(k, {
          row: e.row,
          col: e.col,
          xml: spillCellXml(sheet.scan.prefix, cellRef(e.row, e.col), existing, e.value),
        });
      }
    }
  }
  for (const [sheet, edits] of perSheet) {
    const inserted = [...edits.values()].filter((e) => !cellAt(sheet, e.row, e.col) && 'xml' in e);
    const xml = rebuildSheet(sheet.xml, sheet.scan, edits, grownDimension(sheet.scan, inserted));
    wb.pkg.setText(sheet.part, xml);
  }
  return written;
}

/** "'Lead sources'!" per sheet, made once (a report names thousands of cells of one sheet). */
const SHEET_PREFIX = new WeakMap<SheetModel, string>();

export function cellName(f: FormulaCell): string {
  let prefix = SHEET_PREFIX.get(f.sheet);
  if (prefix === undefined) SHEET_PREFIX.set(f.sheet, (prefix = qualified(f.sheet.info.name, '')));
  return prefix + f.ref;
}
