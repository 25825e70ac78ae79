/**
 * A workbook read from its package: worksheets (scanned with offsets), shared strings,
 * defined names, and every formula cell classified: does it call ROI.* (in which
 * spelling), another add-in, or only Excel's own functions.
 *
 * Cells are kept sparse, as the file lists them: nothing is ever sized by the grid's
 * extent. An array formula's `ref` is clamped to Excel's grid and to its anchor (a ref that
 * does not start at its anchor, or overlaps an earlier one, counts as the anchor alone), and
 * the cells it covers are found by one sweep over the sheet's real cells, never by a loop
 * over the rectangle: `ref="B1:XFD100000"` costs what the sheet's cells cost.
 */
import { XlsxError } from './errors';
import {
  findRoiCalls,
  foreignUdfs,
  shiftFormula,
  tokenize,
  type RoiCall,
  type RoiSpelling,
  type Token,
} from '../formula/formula';
import { parseRangeRef, type RangeRef } from './refs';
import { XlsxPackage, type DefinedName, type SheetInfo } from './package';
import type { Progress } from './progress';
import { cachedValue, key, scanSheet, type CellNode, type SheetScan } from './sheet';
import { type XValue } from '../formula/cell-xml';

export interface SheetModel {
  info: SheetInfo;
  part: string;
  xml: string;
  scan: SheetScan;
  /** The cells by key(row, col), built on first read (cellAt finds one without it). */
  readonly cells: Map<string, CellNode>;
}

/** How many rows and columns reach a sheet's last cell in the file (what a whole column or row reaches in an engine, and what a grid must hold). */
export interface SheetExtent {
  rows: number;
  cols: number;
}

export function sheetExtent(sheet: SheetModel): SheetExtent {
  let rows = 0;
  let cols = 0;
  for (const row of sheet.scan.rows) {
    const last = row.cells[row.cells.length - 1];
    if (!last) continue;
    rows = row.r;
    if (last.col > cols) cols = last.col;
  }
  return { rows, cols };
}

class Sheet implements SheetModel {
  private map: Map<string, CellNode> | undefined;
  constructor(
    readonly info: SheetInfo,
    readonly part: string,
    readonly xml: string,
    readonly scan: SheetScan,
  ) {}
  get cells(): Map<string, CellNode> {
    if (!this.map) {
      this.map = new Map();
      for (const row of this.scan.rows) for (const c of row.cells) this.map.set(key(c.row, c.col), c);
    }
    return this.map;
  }
}

/** The cell of the file at (row, col), 1-based, if it has one: found in the sheet's ordered rows and cells. */
export function cellAt(sheet: SheetModel, row: number, col: number): CellNode | undefined {
  const rows = sheet.scan.rows;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid].r;
    if (r < row) lo = mid + 1;
    else if (r > row) hi = mid - 1;
    else {
      const cells = rows[mid].cells;
      let a = 0;
      let b = cells.length - 1;
      while (a <= b) {
        const m = (a + b) >> 1;
        const c = cells[m].col;
        if (c < col) a = m + 1;
        else if (c > col) b = m - 1;
        else return cells[m];
      }
      return undefined;
    }
  }
  return undefined;
}

export interface FormulaCell {
  sheet: SheetModel;
  cell: CellNode;
  ref: string;
  row: number;
  col: number;
  /** The formula text as stored (for a shared formula's other cells, the master shifted). */
  formula: string;
  /**
   * The formula's tokens, made anew on each read (50,000 formulas' tokens held at once
   * would cost more than their sheet): read them once into a local.
   */
  readonly tokens: Token[];
  /** <f t="..."> ("normal" when absent). */
  type: 'normal' | 'array' | 'shared' | 'dataTable';
  /** The spill / array range for t="array" (the anchor alone otherwise), clamped as above. */
  range: RangeRef;
  /** The cells of the file inside `range` other than the anchor that hold no formula (the cached spill). */
  spill: CellNode[];
  roiCalls: RoiCall[];
  spellings: Set<RoiSpelling>;
  /** Other add-ins' functions called (e.g. _xldudf_CONTOSO_ADD). */
  foreign: string[];
  cached: XValue;
  /** Dotted ROI spelling (typed while the add-in was not loaded). */
  stuck: boolean;
  /** `[n]!_xldudf_ROI_` damage. */
  damaged: boolean;
}

export interface Workbook {
  pkg: XlsxPackage;
  sheets: SheetModel[];
  shared: string[];
  names: DefinedName[];
  formulas: FormulaCell[];
}

const NONE: string[] = [];
/** The spill of a formula that has none (findSpills gives a formula its own array before adding to it). */
const NO_SPILL: CellNode[] = [];

/** One string per function id, shared by every call of it. */
const IDS = new Map<string, string>();

/**
 * A formula's calls, compact: one shared string per id, and each call's arguments kept as
 * offsets into the formula, packed into a short string (one UTF-16 code unit per offset: a
 * formula is at most 8,192 characters, a shared formula's shifted copy at most five times
 * that, well under 65,536), made into objects only when read (a workbook
 * holds one call per formula, each with a few arguments: as objects, or as an array of
 * numbers, more than the formula's own cell).
 */
function compact(formula: string, calls: RoiCall[]): RoiCall[] {
  if (!calls.length) return NO_CALLS;
  return calls.map((c) => {
    let id = IDS.get(c.id);
    if (id === undefined) IDS.set(c.id, (id = c.id));
    let spans = '';
    for (const a of c.args) spans += String.fromCharCode(a.start, a.end);
    return new Call(formula, id, c.spelling, c.nameStart, c.nameEnd, c.open, c.close, spans);
  });
}

class Call implements RoiCall {
  constructor(
    private readonly formula: string,
    readonly id: string,
    readonly spelling: RoiSpelling,
    readonly nameStart: number,
    readonly nameEnd: number,
    readonly open: number,
    readonly close: number,
    /** Start and end of each argument, as character codes. */
    private readonly spans: string,
  ) {}
  /** The arguments, made anew on each read: read them once into a local. */
  get args(): RoiCall['args'] {
    const out: RoiCall['args'] = [];
    for (let i = 0; i < this.spans.length; i += 2) {
      const start = this.spans.charCodeAt(i);
      const end = this.spans.charCodeAt(i + 1);
      out.push({ text: this.formula.slice(start, end), start, end });
    }
    return out;
  }
}

const NO_CALLS: RoiCall[] = [];

const SPELLINGS = new Map<string, Set<RoiSpelling>>();

/** One shared, never-changed Set per combination of spellings. */
function spellingsOf(calls: RoiCall[]): Set<RoiSpelling> {
  const list = [...new Set(calls.map((c) => c.spelling))].sort();
  const k = list.join(',');
  let set = SPELLINGS.get(k);
  if (!set) SPELLINGS.set(k, (set = new Set(list)));
  return set;
}

class Formula implements FormulaCell {
  readonly spellings: Set<RoiSpelling>;
  spill: CellNode[] = NO_SPILL;
  /** The range when it is more than the anchor (the anchor alone is made when read). */
  private wide: RangeRef | undefined;
  constructor(
    readonly sheet: SheetModel,
    readonly cell: CellNode,
    readonly formula: string,
    readonly type: FormulaCell['type'],
    range: RangeRef,
    readonly roiCalls: RoiCall[],
    readonly foreign: string[],
    readonly cached: XValue,
  ) {
    this.spellings = roiCalls.length ? spellingsOf(roiCalls) : (SPELLINGS.get('') ?? spellingsOf([]));
    this.range = range;
  }

  get range(): RangeRef {
    return this.wide ?? { top: this.cell.row, left: this.cell.col, bottom: this.cell.row, right: this.cell.col };
  }
  set range(r: RangeRef) {
    const anchor = r.top === this.cell.row && r.bottom === r.top && r.left === this.cell.col && r.right === r.left;
    this.wide = anchor ? undefined : r;
  }

  // Read from the cell and the spellings, not kept: a workbook holds a Formula per formula.
  get ref(): string {
    return this.cell.ref;
  }
  get row(): number {
    return this.cell.row;
  }
  get col(): number {
    return this.cell.col;
  }
  get stuck(): boolean {
    return this.spellings.has('dotted');
  }
  get damaged(): boolean {
    return this.spellings.has('damaged');
  }

  get tokens(): Token[] {
    return tokenize(this.formula);
  }
}

export function isRoiFormula(f: FormulaCell): boolean {
  return f.roiCalls.length > 0;
}

export interface LoadOptions {
  /** Told how far the reading got (per sheet). */
  progress?: Progress;
}

export function loadWorkbook(pkg: XlsxPackage, opts: LoadOptions = {}): Workbook {
  const shared = pkg.sharedStrings();
  const sheets: SheetModel[] = [];
  const budget = { cells: 0 };
  const infos = pkg.sheets().filter((i) => i.isWorksheet && i.partName);
  for (const info of infos) {
    if (!pkg.has(info.partName!))
      throw new XlsxError(
        `the workbook lists sheet "${info.name}" but its part ${info.partName} is missing`,
        'corrupt',
      );
    const step = `reading ${info.name}`;
    opts.progress?.(step);
    const xml = pkg.text(info.partName!);
    const progress = opts.progress && ((done: number, total: number) => opts.progress!(step, done, total));
    const scan = scanSheet(xml, info.partName!, { sheet: info.name, budget, progress });
    sheets.push(new Sheet(info, info.partName!, xml, scan));
  }
  const formulas: FormulaCell[] = [];
  for (const sheet of sheets) {
    const masters = new Map<string, { text: string; row: number; col: number }>();
    for (const row of sheet.scan.rows) {
      for (const cell of row.cells) {
        const f = cell.f;
        if (!f) continue;
        const type = (f.attrs.t as FormulaCell['type']) ?? 'normal';
        let text = f.text;
        if (type === 'shared' && f.attrs.si !== undefined) {
          if (text !== '') masters.set(f.attrs.si, { text, row: cell.row, col: cell.col });
          else {
            const m = masters.get(f.attrs.si);
            if (!m) continue; // a dependent before its master: not written by Excel; leave it alone
            text = shiftFormula(m.text, cell.row - m.row, cell.col - m.col);
          }
        }
        if (text === '' && type !== 'dataTable') continue;
        const tokens = tokenize(text);
        // Exact-size copies: arrays grown by push keep room for 17 items, and there is one per formula.
        const roiCalls = compact(text, findRoiCalls(text, tokens));
        const anchor = { top: cell.row, left: cell.col, bottom: cell.row, right: cell.col };
        const ref =
          type === 'array' && f.attrs.ref && f.attrs.ref !== cell.ref ? parseRangeRef(f.attrs.ref) : undefined;
        const range = ref && ref.top === cell.row && ref.left === cell.col ? ref : anchor;
        const foreign = foreignUdfs(tokens);
        formulas.push(
          new Formula(
            sheet,
            cell,
            text,
            type,
            range,
            roiCalls,
            foreign.length ? foreign : NONE,
            cachedValue(cell, shared),
          ),
        );
      }
    }
  }
  const bySheet = new Map<SheetModel, FormulaCell[]>();
  for (const f of formulas) {
    if (f.range.bottom === f.range.top && f.range.right === f.range.left) continue;
    let list = bySheet.get(f.sheet);
    if (!list) bySheet.set(f.sheet, (list = []));
    list.push(f);
  }
  for (const [sheet, list] of bySheet) findSpills(sheet, list);
  return { pkg, sheets, shared, names: pkg.definedNames(), formulas };
}

/**
 * Fills `spill` of each multi-cell array formula of a sheet, in one sweep over the sheet's
 * rows: the array areas open at their anchor's row (in the order the file lists them) and
 * close after their last row; each cell of a row looks up the open area holding its column
 * (open areas never overlap: one that would is clamped to its anchor). Cost: the sheet's
 * cells times the log of the open areas, whatever the areas' sizes.
 */
function findSpills(sheet: SheetModel, arrays: FormulaCell[]): void {
  /** Open areas, sorted by left column (disjoint in columns). */
  const open: FormulaCell[] = [];
  /** Open areas by last row, smallest first (a binary heap). */
  const closing: FormulaCell[] = [];
  const heapPush = (f: FormulaCell) => {
    closing.push(f);
    for (let i = closing.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (closing[p].range.bottom <= closing[i].range.bottom) break;
      [closing[p], closing[i]] = [closing[i], closing[p]];
      i = p;
    }
  };
  const heapPop = () => {
    const top = closing[0];
    const last = closing.pop()!;
    if (closing.length) {
      closing[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < closing.length && closing[l].range.bottom < closing[m].range.bottom) m = l;
        if (r < closing.length && closing[r].range.bottom < closing[m].range.bottom) m = r;
        if (m === i) break;
        [closing[m], closing[i]] = [closing[i], closing[m]];
        i = m;
      }
    }
    return top;
  };
  /** Index of the first open area whose left column is greater than `col`. */
  const after = (col: number) => {
    let lo = 0;
    let hi = open.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (open[mid].range.left <= col) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let next = 0;
  for (const row of sheet.scan.rows) {
    while (closing.length && closing[0].range.bottom < row.r) {
      const done = heapPop();
      open.splice(after(done.range.left) - 1, 1);
    }
    while (next < arrays.length && arrays[next].row <= row.r) {
      const f = arrays[next++];
      const at = after(f.range.left);
      const overlaps =
        (at > 0 && open[at - 1].range.right >= f.range.left) ||
        (at < open.length && open[at].range.left <= f.range.right);
      if (overlaps) {
        f.range = { top: f.row, left: f.col, bottom: f.row, right: f.col };
        continue;
      }
      open.splice(at, 0, f);
      heapPush(f);
    }
    if (!open.length) continue;
    for (const c of row.cells) {
      const i = after(c.col) - 1;
      if (i < 0) continue;
      const f = open[i];
      if (c.col > f.range.right || c.f || (c.row === f.row && c.col === f.col)) continue;
      if (f.spill === NO_SPILL) f.spill = [];
      f.spill.push(c);
    }
  }
}
