/**
 * The one mocked Excel, for the Excel adapter's tests and for the bench's round-trip
 * counts: a workbook kept in memory (sheets of cells with formula, value, number format,
 * bold and fill; names; charts; conditional formats; spill areas; visibility; the
 * selection; document settings) and `Excel.run` over it, handing out office-addin-mock
 * OfficeMockObject proxies that behave as Excel's do where it matters:
 * - writes (property assignments, method calls) are queued and applied at the next
 *   `context.sync()`, in order; a sync can be made to fail midway (`failAt`);
 * - a loaded property (`range.values`, `worksheets.items`, ...) can be read only after
 *   `load()` and a later `context.sync()`: reading it earlier throws, so an adapter cannot
 *   hide a round trip from the count;
 * - every Excel.run, context.sync() and settings saveAsync is counted, and every cell
 *   written is recorded (per run and in all);
 * - the workbook's settings (context.workbook.settings) are kept beside the sheets, and
 *   worksheets.onActivated / onChanged handlers run when a test calls `activate(sheet)` /
 *   `userEdit(sheet, address, cell)`.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { cellA1, parseBox, parseCellRange, splitAddress, type Box } from '../../src/base/a1';
import { ExcelWorkbook, type SettingsStore } from '../../src/workbook/excel';

export interface MockCell {
  formula?: string;
  value?: unknown;
  numberFormat?: string;
  bold?: boolean;
  fill?: string;
}

export interface MockSheet {
  cells: Map<string, MockCell>;
  names: Map<string, string>;
  charts: Map<string, { type: string; source: string; title: string; xValues?: string }>;
  conditionalFormats: Array<{ address: string; formula?: string }>;
  visibility: string;
  /** anchor -> the area its result fills */
  spills: Map<string, string>;
  /** Cell notes (ExcelApi 1.18): address -> text. */
  notes: Map<string, string>;
}

export interface Counts {
  runs: number;
  syncs: number;
  saveAsync: number;
  /** Writes queued (cells written, sheets, names, charts, formats, deletions), for information. */
  writes: number;
}

/** A sheet's contents as given: a cell, or a constant, or "=formula" text. */
export type CellInput = MockCell | number | string | boolean;

/** What the office-addin-mock objects answer for a property that was not loaded. */
const NOT_LOADED = 'Error, property was not loaded';

class NotLoaded extends Error {
  constructor(what: string) {
    super(`${what} was read before load() and context.sync() (mock Excel)`);
  }
}

/**
 * The request context as the adapter sees it: every object reached from it is seen through
 * a proxy on which a property read before load() and sync() throws. Objects the adapter
 * hands back (a range given to names.add or charts.add) reach the mock unwrapped.
 */
function membrane<T extends object>(root: T): T {
  const proxies = new WeakMap<object, object>();
  const targets = new WeakMap<object, object>();
  const unwrap = (v: unknown) => (v && typeof v === 'object' && targets.has(v) ? targets.get(v) : v);
  const wrap = (v: unknown, what: string): unknown => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    let p = proxies.get(v);
    if (!p) {
      p = new Proxy(v, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target);
          if (value === NOT_LOADED) throw new NotLoaded(`${what}.${String(prop)}`);
          if (typeof value === 'function')
            return (...args: unknown[]) => wrap(value.apply(target, args.map(unwrap)), `${what}.${String(prop)}()`);
          return wrap(value, `${what}.${String(prop)}`);
        },
        set(target, prop, value) {
          return Reflect.set(target, prop, unwrap(value), target);
        },
      });
      proxies.set(v, p);
      targets.set(p, v);
    }
    return p;
  };
  return wrap(root, 'context') as T;
}

function cellsOf(address: string): string[] {
  const b = parseCellRange(address.replace(/^.*!/, ''));
  const out: string[] = [];
  if (b) for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) out.push(cellA1(r, c));
  return out;
}

const ERROR = /^#(NUM!|DIV\/0!|VALUE!|N\/A|NAME\?|REF!)$/;

/** The style properties set or loaded on a range proxy, as text (to tell a write from a load). */
function styleSeen(mock: Record<string, unknown>): string {
  const fmt = mock.format as { font: Record<string, unknown>; fill: Record<string, unknown> };
  const set = (v: unknown) => v !== undefined && !(typeof v === 'string' && v.startsWith('Error, '));
  return JSON.stringify([fmt.font.bold, fmt.font.italic, fmt.font.color, fmt.fill.color].filter(set));
}

/** Office.context.document.settings in memory, through OfficeMockObject: saved on saveAsync (which can fail). */
export function mockSettings(
  failSave = false,
  onSave: () => void = () => undefined,
): { store: SettingsStore; saved: Map<string, unknown>; saves: () => number } {
  const live = new Map<string, unknown>();
  const saved = new Map<string, unknown>();
  let saves = 0;
  const mock = new OfficeMockObject({
    get: (name: string) => (live.has(name) ? live.get(name) : null),
    set: (name: string, value: unknown) => void live.set(name, value),
    remove: (name: string) => void live.delete(name),
    saveAsync: (cb?: (r: { status: string; error?: { message: string } }) => void) => {
      saves++;
      onSave();
      if (failSave) {
        cb?.({ status: 'failed', error: { message: 'The document is read-only.' } });
        return;
      }
      saved.clear(); // what was removed is gone from the saved document too
      for (const [k, v] of live) saved.set(k, JSON.parse(JSON.stringify(v)));
      cb?.({ status: 'succeeded' });
    },
  });
  return { store: mock as unknown as SettingsStore, saved, saves: () => saves };
}

/** A workbook in memory, and Excel.run over it. */
export class MockExcel {
  sheets = new Map<string, MockSheet>();
  workbookNames = new Map<string, string>();
  selection: { sheet: string; address: string };
  counts: Counts = { runs: 0, syncs: 0, saveAsync: 0, writes: 0 };
  /** Per Excel.run: its syncs and the cells it wrote. */
  runs: Array<{ syncs: number; written: string[] }> = [];
  /** Every cell written, sheet!address, over the mock's life (reassign to start again). */
  written: string[] = [];
  /** Throw on this sync (1-based, over the mock's life), after applying this many range writes. */
  failAt: { sync: number; afterCells: number } | null = null;
  /** Office.context.document.settings, counting saveAsync. */
  readonly settingsMock = mockSettings(false, () => this.counts.saveAsync++);
  readonly settings: SettingsStore = this.settingsMock.store;
  /** context.sync() calls over the mock's life. */
  syncs = 0;
  /** The workbook's settings (context.workbook.settings, ExcelApi 1.4), as saved with the workbook. */
  workbookSettings = new Map<string, unknown>();
  /** Handlers registered with worksheets.onActivated and worksheets.onChanged. */
  activationHandlers: Array<(event: { worksheetId: string; type: string }) => Promise<unknown>> = [];
  changeHandlers: Array<(event: { worksheetId: string; type: string }) => Promise<unknown>> = [];

  constructor(
    sheets: string[] | Record<string, Record<string, CellInput>> = ['Sheet1'],
    selection?: string | { sheet: string; address: string },
  ) {
    const given = Array.isArray(sheets) ? Object.fromEntries(sheets.map((s) => [s, {}])) : sheets;
    for (const [name, cells] of Object.entries(given)) this.addSheet(name, cells);
    const first = [...this.sheets.keys()][0] ?? 'Sheet1';
    this.selection =
      typeof selection === 'string'
        ? { sheet: splitAddress(selection).sheet, address: splitAddress(selection).address }
        : (selection ?? { sheet: first, address: 'A1' });
  }

  addSheet(name: string, cells: Record<string, CellInput> = {}): MockSheet {
    const s: MockSheet = {
      cells: new Map(
        Object.entries(cells).map(([a, c]) => [
          a,
          typeof c === 'object' ? c : typeof c === 'string' && c.startsWith('=') ? { formula: c } : { value: c },
        ]),
      ),
      names: new Map(),
      charts: new Map(),
      conditionalFormats: [],
      visibility: 'Visible',
      spills: new Map(),
      notes: new Map(),
    };
    this.sheets.set(name, s);
    return s;
  }

  sheet(name: string): MockSheet {
    const s = this.sheets.get(name);
    if (!s) throw Object.assign(new Error(`The requested resource doesn't exist: ${name}`), { code: 'ItemNotFound' });
    return s;
  }

  /** Runs that wrote something. */
  writes() {
    return this.runs.filter((r) => r.written.length > 0);
  }

  /** The user activates a sheet: it is selected, and the onActivated handlers run (each in its own time, as Excel's events). */
  async activate(sheet: string): Promise<void> {
    this.selection = { sheet, address: 'A1' };
    await Promise.all(this.activationHandlers.map((h) => h({ worksheetId: sheet, type: 'WorksheetActivated' })));
  }

  /** The user types a value into a cell: it is set, and the onChanged handlers run. */
  async userEdit(sheet: string, address: string, cell: MockCell): Promise<void> {
    this.sheet(sheet).cells.set(address, cell);
    await Promise.all(this.changeHandlers.map((h) => h({ worksheetId: sheet, type: 'WorksheetChanged' })));
  }

  /** Counts back to 0 (between the actions a bench measures). */
  reset(): void {
    this.counts = { runs: 0, syncs: 0, saveAsync: 0, writes: 0 };
  }

  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    this.counts.runs++;
    const record = { syncs: 0, written: [] as string[] };
    this.runs.push(record);
    return batch(membrane(new Context(this, record).context) as unknown as Excel.RequestContext);
  };
}

/** The Excel adapter on a mock: its Excel.run, its settings, and the requirement sets it claims. */
export function mockPort(x: MockExcel, opts: { funnel?: boolean; failSave?: boolean } = {}) {
  const settings = opts.failSave ? mockSettings(true, () => x.counts.saveAsync++) : x.settingsMock;
  const port = new ExcelWorkbook({
    run: x.run,
    settings: settings.store,
    // Every ExcelApi version, or none with `funnel: false` (no funnel charts, no spill ranges).
    isSetSupported: (name) => name === 'ExcelApi' && (opts.funnel ?? true),
  });
  return { port, settings };
}

type RangeProp = 'formulas' | 'values' | 'numberFormat';

/** One Excel.run: the queue of operations and the proxies handed out. */
class Context {
  ops: Array<() => void> = [];
  ranges: Array<{ sheet: string; address: string; mock: Record<string, unknown>; data: Record<string, unknown> }> = [];
  sheetProxies: Array<{ name: string; mock: Record<string, unknown> }> = [];
  mocks: OfficeMockObject[] = [];
  after: Array<() => void> = [];
  /** The sheet and address of each range proxy handed out (names and charts are given ranges). */
  addressOf = new Map<unknown, { sheet: string; address: string }>();
  context: OfficeMockObject;

  constructor(
    private x: MockExcel,
    private record: { syncs: number; written: string[] },
  ) {
    this.context = new OfficeMockObject({
      workbook: {
        worksheets: this.worksheets(),
        settings: this.settingCollection(),
        names: this.names(() => x.workbookNames, null),
        getSelectedRange: () => this.range(x.selection.sheet, x.selection.address),
      },
      sync: async () => this.sync(),
    });
  }

  private track<T extends OfficeMockObject>(m: T): T {
    this.mocks.push(m);
    return m;
  }

  private queue(op: () => void): void {
    this.x.counts.writes++;
    this.ops.push(op);
  }

  private write(sheet: string, a: string, f: (c: MockCell) => void) {
    const s = this.x.sheet(sheet);
    const c = s.cells.get(a) ?? {};
    f(c);
    if (c.formula === undefined && c.value === undefined && c.numberFormat === undefined && !c.bold && !c.fill)
      s.cells.delete(a);
    else s.cells.set(a, c);
    this.record.written.push(`${sheet}!${a}`);
    this.x.written.push(`${sheet}!${a}`);
    this.x.counts.writes++;
  }

  async sync(): Promise<void> {
    const x = this.x;
    this.record.syncs++;
    x.syncs++;
    x.counts.syncs++;
    const failing = x.failAt && x.failAt.sync === x.syncs ? x.failAt : null;
    let applied = 0;
    for (const op of this.ops.splice(0)) op();
    for (const r of this.ranges) {
      for (const prop of ['formulas', 'values', 'numberFormat'] as RangeProp[]) {
        const v = r.mock[prop];
        // Unchanged, or a load not resolved yet (the mock answers with its "Error, ..." text): no write.
        if (v === r.data[prop] || (typeof v === 'string' && v.startsWith('Error, '))) continue;
        if (failing && applied >= failing.afterCells)
          throw Object.assign(new Error('The request failed midway (mock).'), { code: 'GeneralException' });
        r.data[prop] = v;
        this.applyWrite(r.sheet, r.address, prop, v);
        applied++;
      }
      // A style set on the range (an unloaded property reads as the mock's "Error, ..." text;
      // what a load filled in is the baseline, not a write).
      const fmt = r.mock.format as { font: Record<string, unknown>; fill: Record<string, unknown> };
      const seen = styleSeen(r.mock);
      if (seen !== '[]' && seen !== r.data.style) {
        r.data.style = seen;
        for (const a of cellsOf(r.address))
          this.write(r.sheet, a, (c) => {
            if (fmt.font.bold === true) c.bold = true;
            if (typeof fmt.fill.color === 'string' && fmt.fill.color.startsWith('#')) c.fill = fmt.fill.color;
          });
      }
    }
    for (const p of this.sheetProxies) {
      if (p.mock.visibility !== 'Visible' && x.sheets.has(p.name))
        x.sheet(p.name).visibility = String(p.mock.visibility);
    }
    if (failing) throw Object.assign(new Error('The request failed (mock).'), { code: 'GeneralException' });
    // Loads resolve.
    for (const m of this.mocks) await m.sync();
    // What the loads just filled in is no write either.
    for (const r of this.ranges) {
      for (const prop of ['formulas', 'values', 'numberFormat']) r.data[prop] = r.mock[prop];
      r.data.style = styleSeen(r.mock);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const f of this.after.splice(0)) f();
  }

  private applyWrite(sheet: string, address: string, prop: RangeProp, v: unknown): void {
    const b = parseCellRange(address);
    if (!b) return;
    for (const a of cellsOf(address)) {
      const at = parseCellRange(a)!;
      const item = Array.isArray(v) ? (v as unknown[][])[at.top - b.top]?.[at.left - b.left] : v;
      this.write(sheet, a, (c) => {
        if (prop === 'numberFormat') c.numberFormat = String(item);
        else if (typeof item === 'string' && item.startsWith('=')) {
          c.formula = item;
          delete c.value;
        } else {
          delete c.formula;
          if (item === '' || item === null) delete c.value;
          else c.value = typeof item === 'string' && item.startsWith("'") ? item.slice(1) : item;
        }
      });
    }
  }

  /** Contents of a box as Excel's grids: formulas (constants as themselves, "" for blank), values, formats, types. */
  private grid(sheet: string, box: Box, what: 'formulas' | 'values' | 'numberFormat' | 'valueTypes'): unknown[][] {
    const s = this.x.sheets.get(sheet);
    const out: unknown[][] = [];
    for (let r = box.top; r <= box.bottom; r++) {
      const row: unknown[] = [];
      for (let c = box.left; c <= box.right; c++) {
        const cell = s?.cells.get(cellA1(r, c));
        const v = cell?.value;
        if (what === 'numberFormat') row.push(cell?.numberFormat ?? 'General');
        else if (what === 'formulas') row.push(cell?.formula ?? v ?? '');
        else if (what === 'valueTypes')
          row.push(
            v === undefined
              ? 'Empty'
              : typeof v === 'number'
                ? 'Double'
                : typeof v === 'boolean'
                  ? 'Boolean'
                  : ERROR.test(String(v))
                    ? 'Error'
                    : 'String',
          );
        else row.push(v ?? '');
      }
      out.push(row);
    }
    return out;
  }

  range(sheet: string, address: string): OfficeMockObject {
    const box = parseCellRange(address);
    const x = this.x;
    // The mock reads its data when the proxy is made; Excel reads at sync. No batch reads a
    // cell it wrote in the same round trip, so this is the same thing here.
    const read = (what: 'formulas' | 'values' | 'numberFormat' | 'valueTypes') =>
      !box || !x.sheets.has(sheet) ? [[]] : this.grid(sheet, box, what);
    const firstFill = box ? x.sheets.get(sheet)?.cells.get(cellA1(box.top, box.left))?.fill : undefined;
    const data: Record<string, unknown> = {
      formulas: read('formulas'),
      values: read('values'),
      numberFormat: read('numberFormat'),
      valueTypes: read('valueTypes'),
    };
    const mock = this.track(
      new OfficeMockObject({
        address: `'${sheet}'!${address}`,
        ...data,
        format: {
          font: { bold: undefined, italic: undefined, color: undefined },
          // As Excel answers a load: no fill reads as white with the pattern "None".
          fill: {
            color: firstFill ?? '#FFFFFF',
            pattern: firstFill ? 'Solid' : 'None',
            clear: () => this.queue(() => cellsOf(address).forEach((a) => this.write(sheet, a, (c) => delete c.fill))),
          },
          columnWidth: undefined,
          horizontalAlignment: undefined,
        },
        conditionalFormats: {
          clearAll: () =>
            this.queue(() => {
              const s = x.sheet(sheet);
              s.conditionalFormats = s.conditionalFormats.filter((c) => c.address !== address);
            }),
          add: () => {
            const rule: { formula?: string } = {};
            this.queue(() => x.sheet(sheet).conditionalFormats.push({ address, formula: rule.formula }));
            const f = { custom: { rule: {} as { formula?: string }, format: { fill: {}, font: {} } }, colorScale: {} };
            Object.defineProperty(f.custom.rule, 'formula', {
              set: (v: string) => (rule.formula = v),
              get: () => rule.formula,
            });
            return f;
          },
        },
        getSpillingToRangeOrNullObject: () => {
          const spill = x.sheets.get(sheet)?.spills.get(address);
          const m = this.track(new OfficeMockObject({ address: spill ? `'${sheet}'!${spill}` : '' }));
          (m as unknown as { isNullObject: boolean }).isNullObject = !spill;
          return m;
        },
        clear: () =>
          this.queue(() =>
            cellsOf(address).forEach((a) => this.write(sheet, a, (c) => (delete c.value, delete c.formula))),
          ),
        select: () => this.queue(() => (x.selection = { sheet, address })),
      }),
    );
    this.addressOf.set(mock, { sheet, address });
    if (box) this.ranges.push({ sheet, address, mock: mock as unknown as Record<string, unknown>, data });
    return mock;
  }

  private sheetProxy(name: string): OfficeMockObject {
    const x = this.x;
    const proxy = this.track(
      new OfficeMockObject({
        name,
        visibility: 'Visible',
        getRange: (address: string) => this.range(name, address),
        getUsedRangeOrNullObject: () => {
          const boxes = [...(x.sheets.get(name)?.cells.keys() ?? [])].map((a) => parseBox(a)!);
          const m = this.track(
            new OfficeMockObject({
              address: boxes.length
                ? `'${name}'!${cellA1(Math.min(...boxes.map((b) => b.top)), Math.min(...boxes.map((b) => b.left)))}:${cellA1(Math.max(...boxes.map((b) => b.bottom)), Math.max(...boxes.map((b) => b.right)))}`
                : '',
            }),
          );
          (m as unknown as { isNullObject: boolean }).isNullObject = boxes.length === 0;
          return m;
        },
        names: this.names(() => x.sheet(name).names, name),
        notes: {
          add: (address: string, content: string) =>
            this.queue(() => {
              const notes = x.sheet(name).notes;
              if (notes.has(address)) throw new Error(`A note exists at ${address} already (mock).`);
              notes.set(address, content);
            }),
          getItemOrNullObject: (address: string) => {
            const content = x.sheets.get(name)?.notes.get(address);
            const item = this.track(
              new OfficeMockObject({
                content: content ?? '',
                delete: () => this.queue(() => void x.sheet(name).notes.delete(address)),
              }),
            );
            (item as unknown as { isNullObject: boolean }).isNullObject = content === undefined;
            return item;
          },
        },
        charts: {
          add: (type: string, source: OfficeMockObject) => {
            const src = this.addressOf.get(source)!;
            const chart = {
              name: '',
              title: { text: '' },
              setPosition: () => undefined,
              xValues: undefined as string | undefined,
              series: {
                getItemAt: () => ({
                  setXAxisValues: (r: OfficeMockObject) => void (chart.xValues = this.addressOf.get(r)!.address),
                }),
              },
            };
            // Applied at the end of the write, with the name and title given by then.
            this.queue(() =>
              x.sheet(name).charts.set(chart.name, {
                type,
                source: src.address,
                title: chart.title.text,
                ...(chart.xValues ? { xValues: chart.xValues } : {}),
              }),
            );
            return chart;
          },
          getItemOrNullObject: (chartName: string) => {
            const present = !!x.sheets.get(name)?.charts.has(chartName);
            const item = this.track(
              new OfficeMockObject({
                name: chartName,
                delete: () => this.queue(() => void x.sheet(name).charts.delete(chartName)),
              }),
            );
            (item as unknown as { isNullObject: boolean }).isNullObject = !present;
            return item;
          },
        },
        activate: () => undefined,
        delete: () => this.queue(() => void x.sheets.delete(name)),
      }),
    );
    this.sheetProxies.push({ name, mock: proxy as unknown as Record<string, unknown> });
    return proxy;
  }

  private worksheets(): Record<string, unknown> {
    const x = this.x;
    const after = this.after;
    const coll: Record<string, unknown> = {
      items: NOT_LOADED,
      // `this` is the OfficeMockObject the collection becomes: its items fill at sync.
      load: function (this: Record<string, unknown>) {
        after.push(() => {
          this.items = [...x.sheets.keys()].map((name) => ({ name }));
        });
        return this;
      },
      add: (name: string) => {
        this.queue(() => {
          if ([...x.sheets.keys()].some((n) => n.toLowerCase() === name.toLowerCase()))
            throw Object.assign(new Error(`A sheet named ${name} exists`), { code: 'ItemAlreadyExists' });
          x.addSheet(name);
        });
        return this.sheetProxy(name);
      },
      getItem: (name: string) => {
        this.ops.push(() => void x.sheet(name));
        return this.sheetProxy(name);
      },
      getItemOrNullObject: (name: string) => this.sheetProxy(name),
      onActivated: {
        add: (handler: (event: { worksheetId: string; type: string }) => Promise<unknown>) => {
          this.queue(() => void x.activationHandlers.push(handler));
          return {
            context: { sync: async () => undefined },
            remove: () => {
              x.activationHandlers = x.activationHandlers.filter((h) => h !== handler);
            },
          };
        },
      },
      onChanged: {
        add: (handler: (event: { worksheetId: string; type: string }) => Promise<unknown>) => {
          this.queue(() => void x.changeHandlers.push(handler));
          return {
            context: { sync: async () => undefined },
            remove: () => {
              x.changeHandlers = x.changeHandlers.filter((h) => h !== handler);
            },
          };
        },
      },
    };
    return coll;
  }

  /** context.workbook.settings: items load at sync; add, getItem(...).delete and getItemOrNullObject queue like Excel's. */
  private settingCollection(): Record<string, unknown> {
    const x = this.x;
    const after = this.after;
    const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    return {
      items: NOT_LOADED,
      load: function (this: Record<string, unknown>) {
        after.push(() => {
          this.items = [...x.workbookSettings].map(([key, value]) => ({ key, value: json(value) }));
        });
        return this;
      },
      add: (key: string, value: unknown) => this.queue(() => void x.workbookSettings.set(key, json(value))),
      getItem: (key: string) => ({
        delete: () =>
          this.queue(() => {
            if (!x.workbookSettings.has(key))
              throw Object.assign(new Error(`No setting ${key}`), { code: 'ItemNotFound' });
            x.workbookSettings.delete(key);
          }),
      }),
      getItemOrNullObject: (key: string) => {
        const item = this.track(
          new OfficeMockObject({
            key,
            value: x.workbookSettings.has(key) ? json(x.workbookSettings.get(key)) : null,
            delete: () => this.queue(() => void x.workbookSettings.delete(key)),
          }),
        );
        (item as unknown as { isNullObject: boolean }).isNullObject = !x.workbookSettings.has(key);
        return item;
      },
    };
  }

  private names(table: () => Map<string, string>, sheet: string | null): Record<string, unknown> {
    const after = this.after;
    return {
      items: NOT_LOADED,
      // `this` is the OfficeMockObject the collection becomes: its items fill at sync, as Excel's formulas read.
      load: function (this: Record<string, unknown>) {
        after.push(() => {
          this.items = [...table()].map(([name, ref]) => ({ name, formula: `=${ref}` }));
        });
        return this;
      },
      add: (name: string, reference: unknown) => {
        const ref =
          typeof reference === 'string'
            ? reference
            : `'${this.addressOf.get(reference)!.sheet}'!${this.addressOf.get(reference)!.address}`;
        this.queue(() => {
          if (table().has(name)) throw Object.assign(new Error(`Name ${name} exists`), { code: 'ItemAlreadyExists' });
          table().set(name, ref);
        });
      },
      getItemOrNullObject: (name: string) => {
        let ref: string | undefined;
        try {
          ref = table().get(name);
        } catch {
          ref = undefined;
        }
        const target = ref ? splitAddress(ref) : undefined;
        const nullRange = () => {
          const r = this.track(
            new OfficeMockObject({ address: '', values: [[]], formulas: [[]], numberFormat: [[]], valueTypes: [[]] }),
          );
          (r as unknown as { isNullObject: boolean }).isNullObject = true;
          return r;
        };
        const item = this.track(
          new OfficeMockObject({
            name,
            type: 'Range',
            formula: ref ?? '',
            getRange: () => this.range(target?.sheet || sheet || 'Sheet1', target?.address ?? 'A1'),
            // A null name gives a null range, as Excel's *OrNullObject chains do.
            getRangeOrNullObject: () =>
              ref ? this.range(target?.sheet || sheet || 'Sheet1', target?.address ?? 'A1') : nullRange(),
            delete: () => this.queue(() => void table().delete(name)),
          }),
        );
        // Excel fills isNullObject at sync without a load: so does this mock.
        (item as unknown as { isNullObject: boolean }).isNullObject = !ref;
        return item;
      },
    };
  }
}
