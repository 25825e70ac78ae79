/**
 * A mocked Excel for counting round trips: `Excel.run` hands out a request context built
 * on office-addin-mock's OfficeMockObject, whose `sync()` is counted. The objects below it
 * behave as Excel's proxies do where it matters for round trips:
 * - writes (property assignments, method calls) are only queued, and take effect at the
 *   next `context.sync()` (new sheets appear then);
 * - a loaded property (`worksheets.items`, `range.formulas`, `item.isNullObject`, ...) can be
 *   read only after `load()` *and* a later `context.sync()`; reading it earlier throws, as
 *   it would fail in Excel, so an adapter cannot hide a round trip from the count.
 * Document settings (Office.context.document.settings) are a store whose `saveAsync` calls
 * are counted too: each is a round trip to the host as well.
 */
import { OfficeMockObject } from 'office-addin-mock';

export interface Counts {
  runs: number;
  syncs: number;
  saveAsync: number;
  /** Queued writes (assignments and calls on write proxies), for information. */
  writes: number;
}

class NotLoaded extends Error {
  constructor(what: string) {
    super(`${what} was read before load() and context.sync() (mock Excel)`);
  }
}

interface Ctx {
  /** Syncs so far in this Excel.run. */
  syncs: number;
  queue: Array<() => void>;
  counts: Counts;
}

/** A write-only proxy: any property is another proxy, any call is recorded, any assignment is queued. */
function recorder(ctx: Ctx): unknown {
  const children = new Map<PropertyKey, unknown>();
  const target = function () {};
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      if (!children.has(prop)) children.set(prop, recorder(ctx));
      return children.get(prop);
    },
    set() {
      ctx.counts.writes++;
      return true;
    },
    apply() {
      ctx.counts.writes++;
      return recorder(ctx);
    },
  });
}

/** A value readable only after load() and a later sync. */
function loadable<T>(ctx: Ctx, what: string, value: () => T) {
  let loadedAt = -1;
  return {
    load() {
      loadedAt = ctx.syncs;
    },
    read(): T {
      if (loadedAt < 0 || ctx.syncs <= loadedAt) throw new NotLoaded(what);
      return value();
    },
  };
}

interface Box {
  top: number;
  left: number;
  rows: number;
  cols: number;
}

/** "B2:D4" (sheet prefix and $ ignored) as 1-based top-left and size; whole rows/columns give a 1x1 box. */
function parseBox(address: string): Box {
  const a = address.replace(/^.*!/, '').replace(/\$/g, '');
  const [p, q] = a.split(':');
  const cell = (s: string) => {
    const m = /^([A-Z]+)(\d+)$/i.exec(s);
    if (!m) return { row: 1, col: 1 };
    let col = 0;
    for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { row: Number(m[2]), col };
  };
  const s = cell(p);
  const e = q ? cell(q) : s;
  return { top: s.row, left: s.col, rows: Math.max(1, e.row - s.row + 1), cols: Math.max(1, e.col - s.col + 1) };
}

function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A sheet's contents: A1 address -> a constant, or a formula text starting with "=". */
export type SheetData = Record<string, number | string | boolean>;

export class CountingExcel {
  counts: Counts = { runs: 0, syncs: 0, saveAsync: 0, writes: 0 };
  sheets: string[];
  /** Cell contents by sheet (read by range values/formulas; writes are not applied to them). */
  data: Record<string, SheetData>;
  /** The selected range, "Sheet!A1:B2". */
  selection: string;
  private store = new Map<string, unknown>();

  constructor(sheets: string[] | Record<string, SheetData> = ['Sheet1'], selection?: string) {
    this.data = Array.isArray(sheets) ? Object.fromEntries(sheets.map((s) => [s, {}])) : { ...sheets };
    this.sheets = Object.keys(this.data);
    this.selection = selection ?? `${this.sheets[0]}!A1`;
  }

  reset(): void {
    this.counts = { runs: 0, syncs: 0, saveAsync: 0, writes: 0 };
  }

  /** Office.context.document.settings. */
  settings = {
    get: (name: string) => this.store.get(name) ?? null,
    set: (name: string, value: unknown) => void this.store.set(name, value),
    remove: (name: string) => void this.store.delete(name),
    saveAsync: (callback?: (result: { status: unknown }) => void) => {
      this.counts.saveAsync++;
      callback?.({ status: 'succeeded' });
    },
  };

  /** Excel.run. */
  run = async <T>(batch: (context: never) => Promise<T>): Promise<T> => {
    this.counts.runs++;
    const ctx: Ctx = { syncs: 0, queue: [], counts: this.counts };
    const context = new OfficeMockObject({
      workbook: {},
      sync: async () => {
        this.counts.syncs++;
        ctx.syncs++;
        const q = ctx.queue;
        ctx.queue = [];
        for (const op of q) op();
      },
    }) as unknown as { workbook: Record<string, unknown> };
    const wb = context.workbook;
    wb.worksheets = this.worksheets(ctx);
    wb.names = this.names(ctx);
    wb.getSelectedRange = () => {
      const [sheet, address] = this.selection.split('!');
      return this.range(ctx, sheet, address, this.selection);
    };
    return batch(context as never);
  };

  private worksheets(ctx: Ctx) {
    const items = loadable(ctx, 'worksheets.items', () => this.sheets.map((name) => ({ name })));
    return {
      load: () => items.load(),
      get items() {
        return items.read();
      },
      add: (name: string) => {
        ctx.counts.writes++;
        ctx.queue.push(() => this.sheets.push(name));
        return this.sheet(ctx, name);
      },
      getItem: (name: string) => this.sheet(ctx, name),
      getItemOrNullObject: (name: string) => this.sheet(ctx, name),
    };
  }

  private sheet(ctx: Ctx, name: string) {
    const w = recorder(ctx) as Record<string, unknown>;
    return new Proxy(w, {
      get: (t, prop) => {
        if (prop === 'getRange') return (address: string) => this.range(ctx, name, address);
        if (prop === 'getUsedRangeOrNullObject') return () => this.usedRange(ctx, name);
        if (prop === 'names') return this.names(ctx);
        if (prop === 'charts') return this.charts(ctx);
        if (prop === 'name') return name;
        return Reflect.get(t, prop);
      },
    });
  }

  private range(ctx: Ctx, sheet: string, address: string, fullAddress = `${sheet}!${address}`) {
    const box = parseBox(address);
    const cells = this.data[sheet] ?? {};
    const grid = (f: (v: number | string | boolean | undefined) => unknown) =>
      Array.from({ length: box.rows }, (_, r) =>
        Array.from({ length: box.cols }, (_, c) => f(cells[`${colName(box.left + c)}${box.top + r}`])),
      );
    const isFormula = (v: unknown) => typeof v === 'string' && v.startsWith('=');
    const props: Record<string, ReturnType<typeof loadable>> = {
      formulas: loadable(ctx, `range(${address}).formulas`, () => grid((v) => (v === undefined ? '' : v))),
      // A formula's value is not computed by this mock: it reads as 0.
      values: loadable(ctx, `range(${address}).values`, () =>
        grid((v) => (v === undefined ? '' : isFormula(v) ? 0 : v)),
      ),
      numberFormat: loadable(ctx, `range(${address}).numberFormat`, () => grid(() => 'General')),
      valueTypes: loadable(ctx, `range(${address}).valueTypes`, () =>
        grid((v) =>
          v === undefined
            ? 'Empty'
            : isFormula(v) || typeof v === 'number'
              ? 'Double'
              : typeof v === 'boolean'
                ? 'Boolean'
                : 'String',
        ),
      ),
      address: loadable(ctx, `range(${address}).address`, () => fullAddress),
    };
    const r = recorder(ctx) as Record<string, unknown>;
    const selectHere = () => (this.selection = fullAddress);
    return new Proxy(r, {
      get(t, prop) {
        if (prop === 'load') {
          return (what: string) => {
            for (const p of String(what).split(',')) props[p.trim()]?.load();
            return undefined;
          };
        }
        if (prop === 'select') {
          // Counted as a queued write like any other call; the selection follows it.
          return () => {
            ctx.counts.writes++;
            selectHere();
          };
        }
        if (typeof prop === 'string' && prop in props) return props[prop].read();
        return Reflect.get(t, prop);
      },
      set(t, prop, value) {
        return Reflect.set(t, prop, value);
      },
    });
  }

  /** The used range of a sheet: the box around its cells, or a null object. */
  private usedRange(ctx: Ctx, sheet: string) {
    const keys = Object.keys(this.data[sheet] ?? {});
    const boxes = keys.map((k) => parseBox(k));
    const address = boxes.length
      ? `${colName(Math.min(...boxes.map((b) => b.left)))}${Math.min(...boxes.map((b) => b.top))}:${colName(Math.max(...boxes.map((b) => b.left)))}${Math.max(...boxes.map((b) => b.top))}`
      : 'A1';
    const isNull = loadable(ctx, `usedRange(${sheet}).isNullObject`, () => boxes.length === 0);
    const addr = loadable(ctx, `usedRange(${sheet}).address`, () => `${sheet}!${address}`);
    const r = recorder(ctx) as Record<string, unknown>;
    return new Proxy(r, {
      get(t, prop) {
        if (prop === 'load') {
          return () => {
            isNull.load();
            addr.load();
          };
        }
        if (prop === 'isNullObject') return isNull.read();
        if (prop === 'address') return addr.read();
        return Reflect.get(t, prop);
      },
    });
  }

  /** names / charts: add is a write; getItemOrNullObject(...).isNullObject is a read (always "not there"). */
  private names(ctx: Ctx) {
    return this.collection(ctx, 'name');
  }

  private charts(ctx: Ctx) {
    return this.collection(ctx, 'chart');
  }

  private collection(ctx: Ctx, what: string) {
    return {
      add: () => {
        ctx.counts.writes++;
        return recorder(ctx);
      },
      getItemOrNullObject: (name: string) => {
        const isNull = loadable(ctx, `${what} ${name}.isNullObject`, () => true);
        const item = recorder(ctx) as Record<string, unknown>;
        return new Proxy(item, {
          get(t, prop) {
            if (prop === 'load') return () => isNull.load();
            if (prop === 'isNullObject') return isNull.read();
            return Reflect.get(t, prop);
          },
        });
      },
    };
  }
}
