/**
 * The Excel adapter on office-addin-mock: a model build is one Excel.run with at most two
 * context.sync() calls and formulas (not values) for every output; nothing foreign is
 * overwritten; a failing write is rolled back; settings round-trip through
 * Office.context.document.settings.
 *
 * The mock Excel below keeps a workbook's state (sheets, cells, names, charts) and hands
 * out OfficeMockObject proxies: reads need load() and sync() as in Excel (an unloaded
 * property reads as the mock's "not loaded" text), writes are applied at sync() time.
 */
import { colToIndex as colIndex, indexToCol as colName, splitAddress } from '../../src/base/a1';
import { OfficeMockObject } from 'office-addin-mock';
import {
  buildModel,
  defaultInputs,
  findModelRecord,
  loadSavedInputs,
  planModel,
  previewModel,
  saveInputs,
  updateModel,
} from '../../src/features/model';
import { ExcelWorkbook, textForExcel, type SettingsStore } from '../../src/workbook/excel';
import { WorkbookWriteError } from '../../src/workbook/port';

interface Cell {
  formula?: string;
  value?: unknown;
  numberFormat?: string;
  bold?: boolean;
  fill?: string;
}
interface Sheet {
  cells: Map<string, Cell>;
  names: Map<string, string>;
  charts: Map<string, { type: string; source: string; title: string }>;
  conditionalFormats: Array<{ address: string; formula?: string }>;
  visibility: string;
}

const NOT_LOADED = 'Error, property was not loaded';

function box(address: string) {
  const [p, q] = address.split(':');
  const parse = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a);
    if (!m) throw Object.assign(new Error(`Invalid address ${a}`), { code: 'InvalidArgument' });
    return { row: Number(m[2]), col: colIndex(m[1]) };
  };
  const s = parse(p);
  const e = q ? parse(q) : s;
  return { top: s.row, left: s.col, bottom: e.row, right: e.col };
}

/** A workbook in memory, and Excel.run over it. */
class MockExcel {
  sheets = new Map<string, Sheet>();
  workbookNames = new Map<string, string>();
  runs = 0;
  syncs = 0;
  /** Throw on this sync (1-based, over the whole life of the mock), after applying this many cell writes. */
  failAt: { sync: number; afterCells: number } | null = null;
  /** Every cell write applied: sheet!address. */
  written: string[] = [];

  constructor(sheets: Record<string, Record<string, Cell>> = { Sheet1: {} }) {
    for (const [name, cells] of Object.entries(sheets)) this.addSheet(name, cells);
  }

  addSheet(name: string, cells: Record<string, Cell> = {}): Sheet {
    const s: Sheet = {
      cells: new Map(Object.entries(cells)),
      names: new Map(),
      charts: new Map(),
      conditionalFormats: [],
      visibility: 'Visible',
    };
    this.sheets.set(name, s);
    return s;
  }

  sheetNamed(name: string): Sheet {
    const s = this.sheets.get(name);
    if (!s) throw Object.assign(new Error(`The requested resource doesn't exist: ${name}`), { code: 'ItemNotFound' });
    return s;
  }

  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    this.runs++;
    const ctx = new MockContext(this);
    return batch(ctx.context as unknown as Excel.RequestContext);
  };
}

type Op = () => void;

/** One Excel.run: the queue of operations and the proxies handed out. */
class MockContext {
  ops: Op[] = [];
  ranges: Array<{
    sheet: () => string;
    address: string;
    mock: Record<string, unknown>;
    data: Record<string, unknown[][]>;
  }> = [];
  afterSync: Op[] = [];
  mocks: OfficeMockObject[] = [];
  /** A range proxy's address as the mock Excel knows it ('Sheet'!A1), without loading it. */
  addressOf = new Map<unknown, string>();
  context: OfficeMockObject;

  constructor(private x: MockExcel) {
    this.context = new OfficeMockObject({
      workbook: {
        worksheets: this.worksheets(),
        names: this.namesCollection(() => x.workbookNames, null),
        getSelectedRange: () => this.range(() => 'Sheet1', 'A1'),
      },
      sync: async () => {
        await this.sync();
      },
    });
  }

  private track<T extends OfficeMockObject>(m: T): T {
    this.mocks.push(m);
    return m;
  }

  async sync(): Promise<void> {
    const x = this.x;
    x.syncs++;
    const failing = x.failAt && x.failAt.sync === x.syncs ? x.failAt : null;
    let cellsApplied = 0;
    const ops = this.ops;
    this.ops = [];
    // Writes queued as property assignments become operations now, in order.
    for (const op of ops) {
      op();
    }
    for (const r of this.ranges) {
      for (const prop of ['formulas', 'values', 'numberFormat'] as const) {
        const v = r.mock[prop];
        if (Array.isArray(v) && v !== r.data[prop]) {
          if (failing && cellsApplied >= failing.afterCells)
            throw Object.assign(new Error('The request failed midway (mock).'), { code: 'GeneralException' });
          this.applyWrite(r.sheet(), r.address, prop, v as unknown[][]);
          r.data[prop] = v as unknown[][]; // written once
          cellsApplied++;
        }
      }
      const format = r.mock.format as { font: Record<string, unknown>; fill: Record<string, unknown> };
      const fill =
        typeof format.fill.color === 'string' && format.fill.color.startsWith('#') ? format.fill.color : undefined;
      if (format.font.bold === true || fill) {
        const s = this.x.sheets.get(r.sheet());
        if (s) {
          const c = s.cells.get(r.address) ?? {};
          if (format.font.bold === true) c.bold = true;
          if (fill) c.fill = fill;
          s.cells.set(r.address, c);
        }
      }
    }
    if (failing) throw Object.assign(new Error('The request failed (mock).'), { code: 'GeneralException' });
    // Loads resolve.
    for (const m of this.mocks) await m.sync();
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const op of this.afterSync.splice(0)) op();
  }

  private applyWrite(
    sheet: string,
    address: string,
    prop: 'formulas' | 'values' | 'numberFormat',
    grid: unknown[][],
  ): void {
    const s = this.x.sheetNamed(sheet);
    const b = box(address);
    for (let r = b.top; r <= b.bottom; r++) {
      for (let c = b.left; c <= b.right; c++) {
        const a = `${colName(c)}${r}`;
        const v = grid[r - b.top]?.[c - b.left];
        const cell = s.cells.get(a) ?? {};
        if (prop === 'numberFormat') cell.numberFormat = String(v);
        else if (prop === 'formulas' && typeof v === 'string' && v.startsWith('=')) {
          cell.formula = v;
          delete cell.value;
        } else {
          delete cell.formula;
          if (v === '' || v === null) delete cell.value;
          else cell.value = v;
        }
        s.cells.set(a, cell);
        this.x.written.push(`${sheet}!${a}`);
      }
    }
  }

  /** Contents of a box as Excel's formulas grid (constants as themselves, "" for blank). */
  private gridOf(
    sheet: string,
    address: string,
    what: 'formulas' | 'values' | 'numberFormat' | 'valueTypes',
  ): unknown[][] {
    const s = this.x.sheets.get(sheet);
    const b = box(address);
    const out: unknown[][] = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const row: unknown[] = [];
      for (let c = b.left; c <= b.right; c++) {
        const cell = s?.cells.get(`${colName(c)}${r}`);
        if (what === 'numberFormat') row.push(cell?.numberFormat ?? 'General');
        else if (what === 'formulas') row.push(cell?.formula ?? cell?.value ?? '');
        else if (what === 'valueTypes')
          row.push(cell?.value === undefined ? 'Empty' : typeof cell.value === 'number' ? 'Double' : 'String');
        else row.push(cell?.value ?? '');
      }
      out.push(row);
    }
    return out;
  }

  range(sheet: () => string, address: string): OfficeMockObject {
    const isColumn = /^[A-Z]+:[A-Z]+$/.test(address);
    const read = (what: 'formulas' | 'values' | 'numberFormat' | 'valueTypes') => {
      if (isColumn) return [[]];
      try {
        return this.gridOf(sheet(), address, what);
      } catch {
        return [[]];
      }
    };
    // The mock reads its data when the proxy is made; Excel reads at sync. The batch never
    // reads a cell it wrote in the same round trip, so this is the same thing here.
    const exists = this.x.sheets.has(sheet());
    const data = {
      formulas: exists ? read('formulas') : [[]],
      values: exists ? read('values') : [[]],
      numberFormat: exists ? read('numberFormat') : [[]],
      valueTypes: exists ? read('valueTypes') : [[]],
    };
    const mock = this.track(
      new OfficeMockObject({
        address: `'${sheet()}'!${address}`,
        ...data,
        format: {
          font: { bold: undefined, italic: undefined, color: undefined },
          fill: { color: undefined },
          columnWidth: undefined,
          horizontalAlignment: undefined,
        },
        conditionalFormats: {
          clearAll: () =>
            this.ops.push(
              () =>
                void (this.x.sheetNamed(sheet()).conditionalFormats = this.x
                  .sheetNamed(sheet())
                  .conditionalFormats.filter((c) => c.address !== address)),
            ),
          add: () => {
            const rule: { formula?: string } = {};
            this.ops.push(() => this.x.sheetNamed(sheet()).conditionalFormats.push({ address, formula: rule.formula }));
            const f = { custom: { rule: {} as { formula?: string }, format: { fill: {}, font: {} } }, colorScale: {} };
            Object.defineProperty(f.custom.rule, 'formula', {
              set: (v: string) => (rule.formula = v),
              get: () => rule.formula,
            });
            return f;
          },
        },
        clear: () => this.ops.push(() => this.applyWrite(sheet(), address, 'values', [['']])),
        select: () => undefined,
      }),
    );
    this.addressOf.set(mock, `'${sheet()}'!${address}`);
    this.ranges.push({ sheet, address, mock: mock as unknown as Record<string, unknown>, data });
    return mock;
  }

  private sheetProxy(nameOf: () => string): OfficeMockObject {
    const x = this.x;
    const proxy = this.track(
      new OfficeMockObject({
        name: nameOf(),
        visibility: 'Visible',
        getRange: (address: string) => this.range(nameOf, address),
        getUsedRangeOrNullObject: () => {
          const s = x.sheets.get(nameOf());
          const keys = [...(s?.cells.keys() ?? [])];
          return this.track(
            new OfficeMockObject({
              isNullObject: keys.length === 0,
              address: keys.length ? `'${nameOf()}'!${keys[0]}:${keys[keys.length - 1]}` : '',
            }),
          );
        },
        names: this.namesCollection(() => x.sheetNamed(nameOf()).names, nameOf),
        charts: {
          add: (type: string, source: OfficeMockObject) => {
            const chart = { name: '', title: { text: '' }, setPosition: () => undefined };
            const sheet = nameOf();
            const src = splitAddress(this.addressOf.get(source)!).address;
            // Applied at the end of the write, with the name given by then.
            this.ops.push(() =>
              x.sheetNamed(sheet).charts.set(chart.name, { type, source: src, title: chart.title.text }),
            );
            return chart;
          },
          getItemOrNullObject: (name: string) => {
            const s = x.sheets.get(nameOf());
            const present = !!s?.charts.has(name);
            const item = this.track(
              new OfficeMockObject({
                name,
                delete: () => this.ops.push(() => void x.sheetNamed(nameOf()).charts.delete(name)),
              }),
            );
            (item as unknown as { isNullObject: boolean }).isNullObject = !present;
            return item;
          },
        },
        activate: () => undefined,
        delete: () => this.ops.push(() => void x.sheets.delete(nameOf())),
      }),
    );
    return proxy;
  }

  private worksheets(): Record<string, unknown> {
    const x = this.x;
    const afterSync = this.afterSync;
    const coll: Record<string, unknown> = {
      items: NOT_LOADED,
      // `this` is the OfficeMockObject the collection becomes: its items fill at sync.
      load: function (this: Record<string, unknown>) {
        afterSync.push(() => {
          this.items = [...x.sheets.keys()].map((name) => ({ name }));
        });
        return this;
      },
      add: (name: string) => {
        this.ops.push(() => {
          if ([...x.sheets.keys()].some((n) => n.toLowerCase() === name.toLowerCase()))
            throw Object.assign(new Error(`A sheet named ${name} exists`), { code: 'ItemAlreadyExists' });
          x.addSheet(name);
        });
        return this.sheetProxy(() => name);
      },
      getItem: (name: string) => {
        this.ops.push(() => void x.sheetNamed(name));
        return this.sheetProxy(() => name);
      },
      getItemOrNullObject: (name: string) => this.sheetProxy(() => name),
    };
    return coll;
  }

  private namesCollection(table: () => Map<string, string>, sheet: (() => string) | null): Record<string, unknown> {
    return {
      add: (name: string, reference: unknown) => {
        const ref = typeof reference === 'string' ? reference : this.addressOf.get(reference as OfficeMockObject)!;
        this.ops.push(() => {
          if (table().has(name)) throw Object.assign(new Error(`Name ${name} exists`), { code: 'ItemAlreadyExists' });
          table().set(name, ref);
        });
      },
      getItemOrNullObject: (name: string) => {
        let present = false;
        let formula = '';
        try {
          present = table().has(name);
          formula = table().get(name) ?? '';
        } catch {
          present = false;
        }
        void sheet;
        const item = this.track(
          new OfficeMockObject({ name, formula, delete: () => this.ops.push(() => void table().delete(name)) }),
        );
        // Excel fills isNullObject at sync without a load: so does this mock.
        (item as unknown as { isNullObject: boolean }).isNullObject = !present;
        return item;
      },
    };
  }
}

/** Office.context.document.settings in memory, through OfficeMockObject. */
function mockSettings(failSave = false): { store: SettingsStore; saved: Map<string, unknown>; saves: () => number } {
  const live = new Map<string, unknown>();
  const saved = new Map<string, unknown>();
  let saves = 0;
  const mock = new OfficeMockObject({
    get: (name: string) => (live.has(name) ? live.get(name) : null),
    set: (name: string, value: unknown) => void live.set(name, value),
    remove: (name: string) => void live.delete(name),
    saveAsync: (cb?: (r: { status: string; error?: { message: string } }) => void) => {
      saves++;
      if (failSave) {
        cb?.({ status: 'failed', error: { message: 'The document is read-only.' } });
        return;
      }
      for (const [k, v] of live) saved.set(k, JSON.parse(JSON.stringify(v)));
      cb?.({ status: 'succeeded' });
    },
  });
  return { store: mock as unknown as SettingsStore, saved, saves: () => saves };
}

function port(x: MockExcel, opts: { funnel?: boolean; failSave?: boolean } = {}) {
  const settings = mockSettings(opts.failSave);
  const p = new ExcelWorkbook({
    run: x.run,
    settings: settings.store,
    isSetSupported: (name, version) => name === 'ExcelApi' && (opts.funnel ?? true) && version <= '1.9',
  });
  return { port: p, settings };
}

describe('Excel adapter: a model build', () => {
  it('writes the whole model in one Excel.run with at most 2 syncs, formulas for every output', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    expect(sheet).toBe('ROI Model');
    expect(x.runs).toBe(1);
    expect(x.syncs).toBeLessThanOrEqual(2);
    // The sheet record and the inputs: one settings.saveAsync for both.
    expect(settings.saves()).toBe(1);
    expect([...settings.saved.keys()].sort()).toEqual(['outcomeRoi.model.inputs', 'outcomeRoi.model.sheets']);
    const plan = planModel(defaultInputs(), sheet);
    const s = x.sheets.get(sheet)!;
    for (const key of [
      'revenueGap',
      'deals',
      'opportunities',
      'leads',
      'leadsAtConfidence',
      'hitProbability',
      'cac',
      'ltv',
      'ltvToCac',
      'paybackMonths',
      'romi',
      'funnel',
      'sensitivity',
      'sentence',
      'sensitivitySentence',
      'scenario.Low.leads',
      'scenario.High.hitProbability',
    ]) {
      const cell = s.cells.get(plan.cells[key]);
      expect({ key, formula: cell?.formula?.startsWith('=') }).toEqual({ key, formula: true });
      expect(cell?.value).toBeUndefined();
    }
    expect(s.cells.get(plan.cells.deals)?.formula).toBe('=ROI.REQUIREDDEALS(ROI_RevenueGap,ROI_DealValue)');
    expect(s.cells.get(plan.cells['input.currentRevenue'])).toMatchObject({
      value: 10_000_000,
      numberFormat: '$#,##0',
      fill: '#FFF2CC',
    });
    expect(s.cells.get('A1')?.bold).toBe(true);
    // Sheet-scoped names, the charts and conditional formats came in the same batch.
    expect(s.names.get('ROI_CurrentRevenue')).toBe(`'ROI Model'!${plan.cells['input.currentRevenue']}`);
    expect(s.names.get('ROI_Rates')).toBe("'ROI Model'!B22:B29");
    expect(s.charts.get('ROI_FunnelChart')).toEqual({
      type: 'Funnel',
      source: plan.spills.funnel,
      title: 'The funnel you need',
    });
    expect(s.charts.get('ROI_SensitivityChart')).toMatchObject({ type: 'BarClustered', source: 'A69:B71' });
    expect(s.conditionalFormats.length).toBe(3);
  });

  it('falls back to a bar chart where the host has no funnel charts', async () => {
    const x = new MockExcel();
    const { port: p } = port(x, { funnel: false });
    await buildModel(p, defaultInputs());
    expect(x.sheets.get('ROI Model')!.charts.get('ROI_FunnelChart')?.type).toBe('BarClustered');
  });

  it('never overwrites: an existing "ROI Model" stays as it was, the model goes to "ROI Model (2)"', async () => {
    const x = new MockExcel({ 'ROI Model': { A1: { value: 'my own numbers' }, B6: { formula: '=1+1' } }, Sheet1: {} });
    const { port: p } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    expect(sheet).toBe('ROI Model (2)');
    expect(x.syncs).toBeLessThanOrEqual(2);
    expect([...x.sheets.get('ROI Model')!.cells.entries()]).toEqual([
      ['A1', { value: 'my own numbers' }],
      ['B6', { formula: '=1+1' }],
    ]);
    expect(x.written.every((w) => w.startsWith('ROI Model (2)!'))).toBe(true);
    expect(x.sheets.get('ROI Model (2)')!.names.get('ROI_Deals')).toBe("'ROI Model (2)'!B35");
    expect((await findModelRecord(p, 'ROI Model (2)'))?.sheet).toBe('ROI Model (2)');
    expect(await findModelRecord(p, 'ROI Model')).toBeUndefined();
  });

  it('rolls back a write that fails midway and says why', async () => {
    const x = new MockExcel({ Sheet1: { A1: { value: 1 } } });
    const { port: p, settings } = port(x);
    x.failAt = { sync: 2, afterCells: 40 };
    const error = await buildModel(p, defaultInputs()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookWriteError);
    expect((error as Error).message).toMatch(/could not be written: The request failed midway/);
    // The partial write really happened, and was undone by a separate Excel.run.
    expect(x.written.length).toBeGreaterThan(0);
    expect(x.runs).toBe(2);
    expect([...x.sheets.keys()]).toEqual(['Sheet1']);
    expect(x.sheets.get('Sheet1')!.cells.get('A1')).toEqual({ value: 1 });
    expect(settings.saved.size).toBe(0);
  });

  it('puts back the cells and names an update overwrote when its write fails', async () => {
    const x = new MockExcel();
    const { port: p } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    const before = new Map([...x.sheets.get(sheet)!.cells].map(([k, v]) => [k, { ...v }]));
    const namesBefore = new Map(x.sheets.get(sheet)!.names);
    x.failAt = { sync: x.syncs + 2, afterCells: 25 };
    x.written = [];
    const changed = { ...defaultInputs(), averageDealValue: 70_000, currentRevenue: 12_000_000 };
    await expect(updateModel(p, changed, sheet)).rejects.toBeInstanceOf(WorkbookWriteError);
    expect(x.written.length).toBeGreaterThan(25); // 25 cells written, then put back
    const after = x.sheets.get(sheet)!;
    for (const [a, c] of before) {
      expect({
        a,
        formula: after.cells.get(a)?.formula,
        value: after.cells.get(a)?.value,
        nf: after.cells.get(a)?.numberFormat ?? 'General',
      }).toEqual({ a, formula: c.formula, value: c.value, nf: c.numberFormat ?? 'General' });
    }
    expect(new Map(after.names)).toEqual(namesBefore);
    expect((await loadSavedInputs(p))?.averageDealValue).toBe(50_000);
  });
});

describe('Excel adapter: updates', () => {
  it('refuses a sheet the builder did not create, without touching the workbook', async () => {
    const x = new MockExcel({ 'ROI Model': { A1: { value: 'theirs' } } });
    const { port: p } = port(x);
    await expect(updateModel(p, defaultInputs(), 'ROI Model')).rejects.toThrow(/not created by the model builder/);
    expect(x.runs).toBe(0);
    expect(x.written).toEqual([]);
  });

  it('writes only cells in its record, in at most 2 syncs, and replaces its own names and charts', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    x.sheets.get(sheet)!.cells.set('H2', { value: 'a note of mine' });
    x.sheets.get(sheet)!.cells.set('B150', { formula: '=SUM(B1:B3)' });
    x.written = [];
    const syncsBefore = x.syncs;
    const savesBefore = settings.saves();
    await updateModel(p, { ...defaultInputs(), averageDealValue: 80_000 }, sheet);
    expect(x.syncs - syncsBefore).toBeLessThanOrEqual(2);
    expect(settings.saves() - savesBefore).toBe(1);
    expect((settings.saved.get('outcomeRoi.model.inputs') as { averageDealValue: number }).averageDealValue).toBe(
      80_000,
    );
    const record = await findModelRecord(p, sheet);
    const own = new Set(record!.cells.map((a) => `${sheet}!${a}`));
    expect(x.written.length).toBeGreaterThan(100);
    for (const w of x.written) expect(own).toContain(w);
    const s = x.sheets.get(sheet)!;
    expect(s.cells.get('H2')).toEqual({ value: 'a note of mine' });
    expect(s.cells.get('B150')).toEqual({ formula: '=SUM(B1:B3)' });
    expect(s.cells.get(planModel(defaultInputs(), sheet).cells['input.averageDealValue'])?.value).toBe(80_000);
    expect([...s.charts.keys()].sort()).toEqual(['ROI_FunnelChart', 'ROI_SensitivityChart']);
    expect(s.names.get('ROI_DealValue')).toBe(`'${sheet}'!B9`);
    expect(s.conditionalFormats.length).toBe(3);
  });

  it('fails, writing nothing, when the model sheet is gone', async () => {
    const x = new MockExcel();
    const { port: p } = port(x);
    const { sheet } = await buildModel(p, defaultInputs());
    x.sheets.delete(sheet);
    x.written = [];
    await expect(updateModel(p, defaultInputs(), sheet)).rejects.toThrow(/not in the workbook/);
    expect(x.written).toEqual([]);
  });
});

describe('Excel adapter: reading, settings and text', () => {
  it('round-trips settings through Office.context.document.settings, saving each time', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    const inputs = { ...defaultInputs(), growthRate: 0.42 };
    await saveInputs(p, inputs);
    expect(settings.saves()).toBe(1);
    expect((settings.saved.get('outcomeRoi.model.inputs') as { growthRate: number }).growthRate).toBe(0.42);
    const back = await loadSavedInputs(p);
    expect(back).toEqual(JSON.parse(JSON.stringify(inputs)));
    expect(previewModel(back!).sentence).toBe(previewModel(inputs).sentence);
    await p.setSetting('k', undefined);
    expect(await p.getSetting('k')).toBeUndefined();
  });

  it('sets and removes several settings with one saveAsync', async () => {
    const x = new MockExcel();
    const { port: p, settings } = port(x);
    await p.setSetting('old', 1);
    expect(settings.saves()).toBe(1);
    await p.setSettings({ a: { n: 1 }, b: [2, 3], old: undefined });
    expect(settings.saves()).toBe(2);
    expect(settings.saved.get('a')).toEqual({ n: 1 });
    expect(settings.saved.get('b')).toEqual([2, 3]);
    expect(await p.getSetting('old')).toBeUndefined();
  });

  it('rejects with the reason when the settings cannot be saved', async () => {
    const x = new MockExcel();
    const { port: p } = port(x, { failSave: true });
    await expect(p.setSetting('k', 1)).rejects.toThrow(/could not be saved: The document is read-only/);
    await expect(p.setSettings({ k: 1, j: 2 })).rejects.toThrow(/could not be saved: The document is read-only/);
  });

  it('reads values, formulas and formats after loading them', async () => {
    const x = new MockExcel({
      Data: { A1: { value: 5, numberFormat: '0%' }, B1: { formula: '=A1*2', value: 10 }, A2: { value: 'x' } },
    });
    const { port: p } = port(x);
    expect(await p.listSheets()).toEqual(['Data']);
    const r = await p.readRange('Data', 'A1:B2');
    expect(r.values).toEqual([
      [5, 10],
      ['x', null],
    ]);
    expect(r.formulas).toEqual([[5, '=A1*2'].map(String), ['x', '']]);
    expect(r.numberFormats[0][0]).toBe('0%');
  });

  it('keeps text that Excel would read as a number or formula as text', () => {
    expect(textForExcel('2024')).toBe("'2024");
    expect(textForExcel('25%')).toBe("'25%");
    expect(textForExcel('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(textForExcel('Leads')).toBe('Leads');
    expect(splitAddress("'ROI Model (2)'!B2:C3")).toEqual({ sheet: 'ROI Model (2)', address: 'B2:C3' });
    expect(splitAddress("'It''s'!A1").sheet).toBe("It's");
  });
});
