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

function parseBox(address: string): { rows: number; cols: number } {
  const a = address.replace(/^.*!/, '').replace(/\$/g, '');
  const [p, q] = a.split(':');
  const cell = (s: string) => {
    const m = /^([A-Z]+)(\d+)$/i.exec(s);
    if (!m) return { row: 0, col: 0 };
    let col = 0;
    for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { row: Number(m[2]), col };
  };
  const s = cell(p);
  const e = q ? cell(q) : s;
  return { rows: Math.max(1, e.row - s.row + 1), cols: Math.max(1, e.col - s.col + 1) };
}

export class CountingExcel {
  counts: Counts = { runs: 0, syncs: 0, saveAsync: 0, writes: 0 };
  sheets: string[];
  private store = new Map<string, unknown>();

  constructor(sheets: string[] = ['Sheet1']) {
    this.sheets = [...sheets];
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
    wb.getSelectedRange = () => this.range(ctx, 'Sheet1!A1');
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
        if (prop === 'getRange') return (address: string) => this.range(ctx, address);
        if (prop === 'names') return this.names(ctx);
        if (prop === 'charts') return this.charts(ctx);
        if (prop === 'name') return name;
        return Reflect.get(t, prop);
      },
    });
  }

  private range(ctx: Ctx, address: string) {
    const box = parseBox(address);
    const grid = (v: unknown) => Array.from({ length: box.rows }, () => Array.from({ length: box.cols }, () => v));
    const props: Record<string, ReturnType<typeof loadable>> = {
      formulas: loadable(ctx, `range(${address}).formulas`, () => grid('')),
      values: loadable(ctx, `range(${address}).values`, () => grid('')),
      numberFormat: loadable(ctx, `range(${address}).numberFormat`, () => grid('General')),
      valueTypes: loadable(ctx, `range(${address}).valueTypes`, () => grid('Empty')),
      address: loadable(ctx, `range(${address}).address`, () => address),
    };
    const r = recorder(ctx) as Record<string, unknown>;
    return new Proxy(r, {
      get(t, prop) {
        if (prop === 'load') {
          return (what: string) => {
            for (const p of String(what).split(',')) props[p.trim()]?.load();
            return undefined;
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
