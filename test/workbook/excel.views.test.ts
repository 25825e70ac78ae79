/**
 * The four views' actions on the Excel adapter, over office-addin-mock: each action is one
 * applyBatch, in one Excel.run of at most two context.sync() calls, and writes exactly the
 * cells it creates (the scorecard beside the table, the labels beside the names, the ROI
 * cells and the ledger when freezing, the ROI cells when restoring) and nothing else.
 * Also the port methods these views added: spillRanges and evaluateName.
 *
 * The mock keeps a workbook (sheets of cells with formula, value, number format; names;
 * charts; spill areas) and hands out OfficeMockObject proxies: reads need load() and
 * sync(), writes apply at sync(), in the order queued.
 */
import { colToIndex as colIndex, indexToCol as colName, splitAddress } from '../../src/base/a1';
import { OfficeMockObject } from 'office-addin-mock';
import { isRoiError } from '../../src/core';
import { buildScorecard, matchHeaders, readSourceTable } from '../../src/features/lead-sources/scorecard';
import { explainCell } from '../../src/features/review/explain';
import { prepareForSharing, restoreFormulas } from '../../src/features/share/share';
import { readMetricNames, writeLabels } from '../../src/features/outcome/outcome';
import { reviewWorkbook } from '../../src/features/review/review';
import { ExcelWorkbook } from '../../src/workbook/excel';
import { LEDGER_HEADER } from '../../src/formula/ledger-format';

interface Cell {
  formula?: string;
  value?: unknown;
  numberFormat?: string;
}
interface Sheet {
  cells: Map<string, Cell>;
  names: Map<string, string>;
  charts: Array<{ name: string; type: string; source: string; xValues?: string }>;
  conditionalFormats: string[];
  visibility: string;
  /** anchor -> the area its result fills */
  spills: Map<string, string>;
}

function box(address: string) {
  const [p, q] = address.replace(/\$/g, '').split(':');
  const parse = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a);
    if (!m) throw Object.assign(new Error(`Invalid address ${a}`), { code: 'InvalidArgument' });
    return { row: Number(m[2]), col: colIndex(m[1]) };
  };
  const s = parse(p);
  const e = q ? parse(q) : s;
  return {
    top: Math.min(s.row, e.row),
    left: Math.min(s.col, e.col),
    bottom: Math.max(s.row, e.row),
    right: Math.max(s.col, e.col),
  };
}
function cellsOf(address: string): string[] {
  const b = box(address);
  const out: string[] = [];
  for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) out.push(`${colName(c)}${r}`);
  return out;
}

const ERROR = /^#(NUM!|DIV\/0!|VALUE!|N\/A|NAME\?|REF!)$/;

class MockExcel {
  sheets = new Map<string, Sheet>();
  workbookNames = new Map<string, string>();
  selection = { sheet: 'Sheet1', address: 'A1' };
  /** Per Excel.run: its syncs and the cells it wrote. */
  runs: Array<{ syncs: number; written: string[] }> = [];

  constructor(sheets: Record<string, Record<string, Cell>>) {
    for (const [name, cells] of Object.entries(sheets)) this.addSheet(name, cells);
  }

  addSheet(name: string, cells: Record<string, Cell> = {}): Sheet {
    const s: Sheet = {
      cells: new Map(Object.entries(cells)),
      names: new Map(),
      charts: [],
      conditionalFormats: [],
      visibility: 'Visible',
      spills: new Map(),
    };
    this.sheets.set(name, s);
    return s;
  }

  sheet(name: string): Sheet {
    const s = this.sheets.get(name);
    if (!s) throw Object.assign(new Error(`The requested resource doesn't exist: ${name}`), { code: 'ItemNotFound' });
    return s;
  }

  /** Runs that wrote something. */
  writes() {
    return this.runs.filter((r) => r.written.length > 0);
  }

  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const record = { syncs: 0, written: [] as string[] };
    this.runs.push(record);
    return batch(new Context(this, record).context as unknown as Excel.RequestContext);
  };
}

class Context {
  ops: Array<() => void> = [];
  ranges: Array<{ sheet: string; address: string; mock: Record<string, unknown>; data: Record<string, unknown> }> = [];
  sheetProxies: Array<{ name: string; mock: Record<string, unknown> }> = [];
  mocks: OfficeMockObject[] = [];
  after: Array<() => void> = [];
  addressOf = new Map<unknown, { sheet: string; address: string }>();
  context: OfficeMockObject;

  constructor(
    private x: MockExcel,
    private record: { syncs: number; written: string[] },
  ) {
    this.context = new OfficeMockObject({
      workbook: {
        worksheets: this.worksheets(),
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

  private write(sheet: string, a: string, f: (c: Cell) => void) {
    const s = this.x.sheet(sheet);
    const c = s.cells.get(a) ?? {};
    f(c);
    if (c.formula === undefined && c.value === undefined && c.numberFormat === undefined) s.cells.delete(a);
    else s.cells.set(a, c);
    this.record.written.push(`${sheet}!${a}`);
  }

  async sync(): Promise<void> {
    this.record.syncs++;
    for (const op of this.ops.splice(0)) op();
    for (const r of this.ranges) {
      for (const prop of ['formulas', 'values', 'numberFormat'] as const) {
        const v = r.mock[prop];
        // Unchanged, or a load not resolved yet (the mock answers with an "Error, ..." text): no write.
        if (v === r.data[prop] || (typeof v === 'string' && v.startsWith('Error, '))) continue;
        r.data[prop] = v;
        const cells = cellsOf(r.address);
        const b = box(r.address);
        cells.forEach((a) => {
          const bb = box(a);
          const item = Array.isArray(v) ? (v as unknown[][])[bb.top - b.top]?.[bb.left - b.left] : v;
          this.write(r.sheet, a, (c) => {
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
        });
      }
      // A style set on the range (an unloaded property reads as the mock's "Error, ..." text).
      const fmt = r.mock.format as { font: Record<string, unknown>; fill: Record<string, unknown> };
      const styled = [fmt.font.bold, fmt.font.italic, fmt.font.color, fmt.fill.color].filter(
        (v) => v !== undefined && !(typeof v === 'string' && v.startsWith('Error, ')),
      );
      const seen = JSON.stringify(styled);
      if (styled.length && seen !== r.data.style) {
        r.data.style = seen;
        for (const a of cellsOf(r.address)) this.record.written.push(`${r.sheet}!${a}`);
      }
    }
    for (const p of this.sheetProxies) {
      if (p.mock.visibility !== 'Visible' && this.x.sheets.has(p.name))
        this.x.sheet(p.name).visibility = String(p.mock.visibility);
    }
    for (const m of this.mocks) await m.sync();
    // What the loads just filled in is no write either.
    for (const r of this.ranges)
      for (const prop of ['formulas', 'values', 'numberFormat'] as const) r.data[prop] = r.mock[prop];
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const f of this.after.splice(0)) f();
  }

  private grid(
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
    const whole = /^[A-Z]+:[A-Z]+$/.test(address);
    const read = (what: 'formulas' | 'values' | 'numberFormat' | 'valueTypes') =>
      whole || !this.x.sheets.has(sheet) ? [[]] : this.grid(sheet, address, what);
    const data: Record<string, unknown> = {
      formulas: read('formulas'),
      values: read('values'),
      numberFormat: read('numberFormat'),
      valueTypes: read('valueTypes'),
    };
    const x = this.x;
    const mock = this.track(
      new OfficeMockObject({
        address: `'${sheet}'!${address}`,
        ...data,
        format: {
          font: { bold: undefined, italic: undefined, color: undefined },
          fill: { color: undefined },
          columnWidth: undefined,
          horizontalAlignment: undefined,
        },
        conditionalFormats: {
          clearAll: () => undefined,
          add: () => {
            this.ops.push(() => x.sheet(sheet).conditionalFormats.push(address));
            return { custom: { rule: {}, format: { fill: {}, font: {} } }, colorScale: {} };
          },
        },
        getSpillingToRangeOrNullObject: () => {
          const spill = x.sheets.get(sheet)?.spills.get(address);
          const m = this.track(new OfficeMockObject({ address: spill ? `'${sheet}'!${spill}` : '' }));
          (m as unknown as { isNullObject: boolean }).isNullObject = !spill;
          return m;
        },
        clear: () =>
          this.ops.push(() =>
            cellsOf(address).forEach((a) => this.write(sheet, a, (c) => (delete c.value, delete c.formula))),
          ),
        select: () => this.ops.push(() => (this.x.selection = { sheet, address })),
      }),
    );
    this.addressOf.set(mock, { sheet, address });
    if (!whole) this.ranges.push({ sheet, address, mock: mock as unknown as Record<string, unknown>, data });
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
          const keys = [...(x.sheets.get(name)?.cells.keys() ?? [])];
          const boxes = keys.map(box);
          const m = this.track(
            new OfficeMockObject({
              address: keys.length
                ? `'${name}'!${colName(Math.min(...boxes.map((b) => b.left)))}${Math.min(...boxes.map((b) => b.top))}:${colName(Math.max(...boxes.map((b) => b.right)))}${Math.max(...boxes.map((b) => b.bottom))}`
                : '',
            }),
          );
          (m as unknown as { isNullObject: boolean }).isNullObject = keys.length === 0;
          return m;
        },
        names: this.names(() => x.sheet(name).names, name),
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
            this.ops.push(() =>
              x.sheet(name).charts.push({ name: chart.name, type, source: src.address, xValues: chart.xValues }),
            );
            return chart;
          },
          getItemOrNullObject: (chartName: string) => {
            const item = this.track(new OfficeMockObject({ name: chartName, delete: () => undefined }));
            (item as unknown as { isNullObject: boolean }).isNullObject = !x.sheets
              .get(name)
              ?.charts.some((c) => c.name === chartName);
            return item;
          },
        },
        activate: () => undefined,
        delete: () => this.ops.push(() => void x.sheets.delete(name)),
      }),
    );
    this.sheetProxies.push({ name, mock: proxy as unknown as Record<string, unknown> });
    return proxy;
  }

  private worksheets(): Record<string, unknown> {
    const x = this.x;
    const after = this.after;
    return {
      items: 'Error, property was not loaded',
      load: function (this: Record<string, unknown>) {
        after.push(() => {
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
        return this.sheetProxy(name);
      },
      getItem: (name: string) => {
        this.ops.push(() => void x.sheet(name));
        return this.sheetProxy(name);
      },
    };
  }

  private names(table: () => Map<string, string>, sheet: string | null): Record<string, unknown> {
    return {
      add: (name: string, reference: unknown) =>
        this.ops.push(
          () =>
            void table().set(name, typeof reference === 'string' ? reference : this.addressOf.get(reference)!.address),
        ),
      getItemOrNullObject: (name: string) => {
        let ref: string | undefined;
        try {
          ref = table().get(name);
        } catch {
          ref = undefined;
        }
        const target = ref ? splitAddress(ref) : undefined;
        const item = this.track(
          new OfficeMockObject({
            name,
            type: 'Range',
            formula: ref ?? '',
            getRange: () => this.range(target?.sheet || sheet || 'Sheet1', target?.address ?? 'A1'),
            delete: () => undefined,
          }),
        );
        (item as unknown as { isNullObject: boolean }).isNullObject = !ref;
        return item;
      },
    };
  }
}

function excelPort(x: MockExcel): ExcelWorkbook {
  return new ExcelWorkbook({
    run: x.run,
    settings: {
      get: () => null,
      set: () => undefined,
      remove: () => undefined,
      saveAsync: (cb) => cb?.({ status: 'succeeded' }),
    },
    isSetSupported: () => true,
  });
}

const SOURCES: Record<string, Cell> = {};
[
  ['Source', 'Leads', 'Qualified', 'Won', 'Revenue', 'Cost'],
  ['Trade show', 2300, 23, 5, 250000, 90000],
  ['Webinar', 200, 40, 8, 400000, 15000],
  ['Referral', 60, 20, 7, 350000, 5000],
].forEach((row, r) => row.forEach((v, c) => (SOURCES[`${colName(c)}${r + 1}`] = { value: v })));

describe('Excel: the lead-source scorecard', () => {
  test('one Excel.run writes it, in at most 2 syncs, only beside the table', async () => {
    const x = new MockExcel({ Sheet1: { ...SOURCES } });
    x.selection = { sheet: 'Sheet1', address: 'A1:F4' };
    const p = excelPort(x);
    const t = await readSourceTable(p);
    const r = await buildScorecard(p, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    expect(r).toMatchObject({ sheet: 'Sheet1', newSheet: false, address: 'G1:O4' });
    expect(x.writes()).toHaveLength(1);
    expect(x.writes()[0].syncs).toBeLessThanOrEqual(2);
    const s = x.sheet('Sheet1');
    // The table is as it was; every write is right of it (outputs G:O, inputs Q:R).
    for (const [a, c] of Object.entries(SOURCES)) expect(s.cells.get(a)).toEqual(c);
    const touched = new Set(x.writes()[0].written.map((w) => splitAddress(w).address.replace(/\d+/, '')));
    expect([...touched].sort()).toEqual(['G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'Q', 'R']);
    expect(s.cells.get('G2')?.formula).toBe('=ROI.LEADQUALITY($B$2:$B$4,$C$2:$C$4)');
    expect(s.cells.get('H2')?.formula).toBe('=ROI.LEADQUALITY($B$2:$B$4,$C$2:$C$4,$R$1)');
    expect(s.cells.get('H4')?.numberFormat).toBe('0.0%'); // the spill's cells formatted in the same write
    expect(s.cells.get('R1')).toMatchObject({ value: 0.9, numberFormat: '0%' });
    expect(s.charts).toEqual([
      { name: 'Lead quality against volume G1:O4', type: 'XYScatter', source: 'H2:H4', xValues: 'B2:B4' },
    ]);
    expect(s.conditionalFormats).toEqual(['G2:G4', 'H2:H4']);
  });

  test('"Use selection" then "Add scorecard": 2 syncs each, and the result is selected in the write', async () => {
    const x = new MockExcel({ Sheet1: { ...SOURCES } });
    x.selection = { sheet: 'Sheet1', address: 'A1:F4' };
    const p = excelPort(x);
    const t = await readSourceTable(p);
    expect(x.runs.reduce((n, r) => n + r.syncs, 0)).toBeLessThanOrEqual(2);
    x.runs = [];
    const r = await buildScorecard(p, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    // No read of its own beside the table: the one run that writes is all of it.
    expect(x.runs).toHaveLength(1);
    expect(x.runs[0].syncs).toBeLessThanOrEqual(2);
    expect(x.selection).toEqual({ sheet: 'Sheet1', address: r.address });
  });

  test('a cell typed beside the table after "Use selection": the write checks first, and the scorecard goes to a new sheet', async () => {
    const x = new MockExcel({ Sheet1: { ...SOURCES } });
    x.selection = { sheet: 'Sheet1', address: 'A1:F4' };
    const p = excelPort(x);
    const t = await readSourceTable(p);
    x.sheet('Sheet1').cells.set('K3', { value: 'typed since' });
    x.runs = [];
    const r = await buildScorecard(p, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 });
    expect(r).toMatchObject({ sheet: 'Lead scorecard', newSheet: true });
    expect(x.sheet('Sheet1').cells.get('K3')).toEqual({ value: 'typed since' });
    const written = x.writes().flatMap((w) => w.written);
    expect(written.some((w) => w.startsWith('Sheet1!'))).toBe(false);
    expect(x.selection).toEqual({ sheet: 'Lead scorecard', address: r.address });
  });

  test('text in a numeric column: nothing written at all', async () => {
    const x = new MockExcel({ Sheet1: { ...SOURCES, B3: { value: 'lots' } } });
    x.selection = { sheet: 'Sheet1', address: 'A1:F4' };
    const p = excelPort(x);
    const t = await readSourceTable(p);
    await expect(buildScorecard(p, t, matchHeaders(t.headers), { confidence: 0.9, grossMargin: 0.7 })).rejects.toThrow(
      /Row 3 \(Webinar\): Leads holds the text "lots"/,
    );
    expect(x.writes()).toHaveLength(0);
  });
});

/** A workbook as Excel shows it after the ROI functions computed. */
function roiWorkbook() {
  const x = new MockExcel({
    Plan: {
      A1: { value: 'Target' },
      B1: { value: 3000000 },
      B2: { value: 50000 },
      B3: { value: 0.5 },
      C3: { value: 0.4 },
      D3: { value: 0.7 },
      B4: { formula: '=ROI.FUNNEL(B1,B2,B3:D3)', value: 429, numberFormat: '#,##0' },
      B5: { value: 215 },
      B6: { value: 86 },
      B7: { value: 60 },
      C4: { formula: '=ROI.PAYBACK(50000,1000,80%,2%)', value: '#NUM!' },
      C5: { formula: '=B1*2', value: 6000000 },
    },
    Other: { A1: { value: 'note' } },
  });
  x.sheet('Plan').spills.set('B4', 'B4:B7');
  x.sheet('Plan').spills.set('C4', 'C4');
  x.sheet('Plan').spills.set('C5', 'C5');
  return x;
}

describe('Excel: share', () => {
  test('prepare for sharing: one run of at most 2 syncs; the ROI cells and their spills become values; a very hidden ledger; nothing else', async () => {
    const x = roiWorkbook();
    const p = excelPort(x);
    const before = new Map(x.sheet('Plan').cells);
    const f = await prepareForSharing(p);
    expect(f.frozen.map((c) => c.range)).toEqual(['B4:B7', 'C4']);
    expect(x.writes()).toHaveLength(1);
    expect(x.writes()[0].syncs).toBeLessThanOrEqual(2);
    const plan = x.sheet('Plan');
    expect(plan.cells.get('B4')).toEqual({ value: 429, numberFormat: '#,##0' });
    expect(plan.cells.get('C4')).toEqual({ value: '#NUM!' });
    expect(plan.cells.get('C5')).toEqual(before.get('C5'));
    const written = x.writes()[0].written.filter((w) => !w.startsWith('ROI_Ledger!'));
    expect([...new Set(written)].sort()).toEqual(['Plan!B4', 'Plan!B5', 'Plan!B6', 'Plan!B7', 'Plan!C4']);
    const ledger = x.sheet('ROI_Ledger');
    expect(ledger.visibility).toBe('VeryHidden');
    expect(LEDGER_HEADER.map((_, i) => ledger.cells.get(`${colName(i)}1`)?.value)).toEqual(LEDGER_HEADER);
    expect(ledger.cells.get('C2')?.value).toBe('=ROI.FUNNEL(B1,B2,B3:D3)'); // text, not a live formula
    expect(ledger.cells.get('C2')?.formula).toBeUndefined();
    expect(ledger.cells.get('F2')?.value).toBe(
      '<c r="B4" cm="1"><f t="array" ref="B4:B7">_xldudf_ROI_FUNNEL(B1,B2,B3:D3)</f><v>429</v></c>',
    );
    expect(x.sheet('Other').cells.get('A1')).toEqual({ value: 'note' });
  });

  test('restore formulas: one run of at most 2 syncs; the formulas back, spill values cleared, the ledger deleted', async () => {
    const x = roiWorkbook();
    const p = excelPort(x);
    await prepareForSharing(p);
    x.runs = [];
    const t = await restoreFormulas(p);
    expect(t.warnings).toEqual([]);
    expect(x.writes()).toHaveLength(1);
    expect(x.writes()[0].syncs).toBeLessThanOrEqual(2);
    expect([...x.sheets.keys()]).toEqual(['Plan', 'Other']);
    const plan = x.sheet('Plan');
    expect(plan.cells.get('B4')).toEqual({ formula: '=ROI.FUNNEL(B1,B2,B3:D3)', numberFormat: '#,##0' });
    expect(plan.cells.get('B5')).toBeUndefined();
    expect(plan.cells.get('C4')?.formula).toBe('=ROI.PAYBACK(50000,1000,80%,2%)');
    expect([...new Set(x.writes()[0].written)].sort()).toEqual(['Plan!B4', 'Plan!B5', 'Plan!B6', 'Plan!B7', 'Plan!C4']);
  });
});

describe('Excel: review and explain', () => {
  test('the inventory and the checks read the workbook without writing; a cell explained with its error reason', async () => {
    const x = roiWorkbook();
    const p = excelPort(x);
    const r = await reviewWorkbook(p);
    expect(r.inventory.formulas.map((f) => f.address)).toEqual(['B4', 'C4']);
    expect(r.flags.map((f) => `${f.address}:${f.code}`)).toEqual([
      'B4:high-close-rate',
      'C4:constant-rate',
      'C4:constant-rate',
    ]);
    const ex = await explainCell(p, 'Plan', 'C4');
    expect(ex.headline).toBe(
      "C4 shows #NUM! because ROI.PAYBACK: The customer's lifetime margin (40,000) never reaches cac (50,000).",
    );
    expect(x.writes()).toHaveLength(0);
  });

  test('evaluateName reads a name the sheet or the workbook defines; spillRanges the areas of formulas', async () => {
    const x = roiWorkbook();
    x.workbookNames.set('ROI_Target', "'Plan'!B1");
    x.sheet('Plan').names.set('ROI_Rates', "'Plan'!B3:D3");
    const p = excelPort(x);
    expect(await p.evaluateName('ROI_Target', 'Plan')).toEqual([[3000000]]);
    expect(await p.evaluateName('ROI_Rates', 'Plan')).toEqual([[0.5, 0.4, 0.7]]);
    expect(await p.evaluateName('Nope', 'Plan')).toBeNull();
    expect(await p.spillRanges('Plan', ['B4', 'C4', 'A1'])).toEqual(['B4:B7', 'C4', null]);
    const v = (await p.evaluateName('ROI_Target', 'Plan'))![0][0];
    expect(isRoiError(v)).toBe(false);
  });
});

describe('Excel: outcome labels', () => {
  test('one run of at most 2 syncs writes the live formula and its header, beside the names only', async () => {
    const x = new MockExcel({
      Dash: { A1: { value: 'Metric' }, A2: { value: 'Emails sent' }, A3: { value: 'Revenue' }, A4: { value: 'Churn' } },
    });
    x.selection = { sheet: 'Dash', address: 'A1:A4' };
    const p = excelPort(x);
    const r = await readMetricNames(p);
    await writeLabels(p, r);
    expect(x.writes()).toHaveLength(1);
    expect(x.writes()[0].syncs).toBeLessThanOrEqual(2);
    expect(x.sheet('Dash').cells.get('B2')?.formula).toBe('=IF($A$2:$A$4="","",ROI.METRICKIND($A$2:$A$4))');
    expect(x.sheet('Dash').cells.get('B1')?.value).toBe('Kind');
    expect([...new Set(x.writes()[0].written)].sort()).toEqual(['Dash!B1', 'Dash!B2', 'Dash!B3', 'Dash!B4']);
  });
});
