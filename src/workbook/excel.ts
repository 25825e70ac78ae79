/**
 * The WorkbookPort on Excel (office.js, `Excel.run`).
 *
 * applyBatch makes at most two round trips (`context.sync()`):
 *   1. read what undo needs: the sheet names, the current formulas and number formats of
 *      the cells the batch overwrites on sheets that already exist, and which of the
 *      batch's defined names, charts and cell notes exist already;
 *   2. write everything: sheets, names, values, formulas (range.formulas), number formats,
 *      styles, cell notes (ExcelApi 1.18; a host without it gets none), column widths,
 *      charts (sheet.charts.add; a funnel chart where the host has ExcelApi 1.9, else a
 *      clustered bar chart), conditional formats, hidden sheets.
 * If the write fails, a separate Excel.run removes the sheets the batch added, deletes the
 * names it added, puts back the names and notes it replaced (and removes the notes it
 * added), and the prior contents and number formats of the cells it overwrote, then a
 * WorkbookWriteError carries the reason.
 *
 * Document settings are the workbook's settings (context.workbook.settings, ExcelApi 1.4):
 * a batch's settings (WriteBatch.settings) are queued last in its write round trip, so a
 * model build or update records itself with no round trip of its own; the settings are
 * read once per session, all together, and kept. Settings saved by earlier versions
 * through Office.context.document.settings are read from there when the workbook has none
 * of its own (a host without ExcelApi 1.4 keeps using that store, with saveAsync).
 *
 * Events: onSheetActivated and onSheetChanged register worksheets.onActivated and
 * worksheets.onChanged (one round trip each).
 *
 * Part of the add-in bundle: no HyperFormula here.
 */
import { cellA1, splitAddress, type Box } from '../base/a1';
import { errorText } from '../base/error-text';
import { RoiError, isErrorCode, type CellValue } from '../core';
import {
  CellsChangedError,
  RangeNotEmptyError,
  WorkbookWriteError,
  holdsExpected,
  rangeOf,
  renameBatchSheets,
  settingValue,
  uniqueSheetName,
  type A1,
  type BatchResult,
  type CellStyle,
  type CellWrite,
  type ChangedCell,
  type ChartSpec,
  type ConditionalFormat,
  type NameDef,
  type NamedRead,
  type NameInfo,
  type RangeRead,
  type Selection,
  type WorkbookPort,
  type WriteBatch,
} from './port';

/** The part of Office.Settings the adapter uses. */
export interface SettingsStore {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (result: { status: unknown; error?: { message?: string } }) => void): void;
}

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelPortOptions {
  /** Default: Excel.run. */
  run?: ExcelRun;
  /** Default: Office.context.document.settings. */
  settings?: SettingsStore;
  /** Default: Office.context.requirements.isSetSupported. */
  isSetSupported?: (name: string, version: string) => boolean;
}

/** Text Excel would read as something else when typed ("2024", "25%", "=x", "TRUE") gets the apostrophe prefix. */
export function textForExcel(s: string): string {
  if (s === '') return s;
  if (/^[=+\-@']/.test(s)) return `'${s}`;
  if (/^\s*[-+]?[$€£]?\s*[\d.,]+\s*%?\s*$/.test(s)) return `'${s}`;
  if (/^(true|false)$/i.test(s.trim())) return `'${s}`;
  if (/^\d{1,4}[/-]\d{1,2}([/-]\d{1,4})?$/.test(s.trim())) return `'${s}`;
  return s;
}

/** Characters of the default font -> points (Excel's column width in the API is in points). */
export function widthToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

const CHART_TYPES: Record<ChartSpec['type'], string> = {
  funnel: 'Funnel',
  barClustered: 'BarClustered',
  columnClustered: 'ColumnClustered',
  xyScatter: 'XYScatter',
};

function sheetMissing(e: unknown): boolean {
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return code === 'ItemNotFound';
}

/* ---------- the adapter ---------- */

interface Prior {
  sheet: string;
  /** The box that was read, and its formulas / number formats. */
  top: number;
  left: number;
  formulas: unknown[][];
  numberFormat: unknown[][];
}

/** A setting's value as stored: JSON text is read back as what it encodes. */
function storedValue(v: unknown): unknown {
  if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

const copy = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

export class ExcelWorkbook implements WorkbookPort {
  private readonly run: ExcelRun;
  private readonly settingsStore: () => SettingsStore;
  private readonly supports: (name: string, version: string) => boolean;
  /** The workbook's settings as last read or written (null until read once). */
  private settingsCache: Map<string, unknown> | null = null;

  constructor(options: ExcelPortOptions = {}) {
    this.run = options.run ?? ((batch) => Excel.run(batch));
    this.settingsStore = () => options.settings ?? (Office.context.document.settings as unknown as SettingsStore);
    this.supports =
      options.isSetSupported ??
      ((name, version) => {
        try {
          return Office.context.requirements.isSetSupported(name, version);
        } catch {
          return false;
        }
      });
  }

  /**
   * FILTER of a table: Excel with dynamic arrays. ExcelApi 1.12 came with the dynamic-array
   * builds (Range.getSpillingToRange), and every host that has it has FILTER; Excel 2019,
   * which lacks FILTER, stops at ExcelApi 1.8.
   */
  hasTableFilter(): boolean {
    return this.supports('ExcelApi', '1.12');
  }

  async listSheets(): Promise<string[]> {
    return this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      return sheets.items.map((s) => s.name);
    });
  }

  async usedRange(sheet: string): Promise<A1 | null> {
    return this.run(async (context) => {
      const r = context.workbook.worksheets.getItem(sheet).getUsedRangeOrNullObject(true);
      r.load('address');
      await context.sync();
      return r.isNullObject ? null : splitAddress(r.address).address;
    });
  }

  async readRange(sheet: string, address: A1): Promise<RangeRead> {
    return this.run(async (context) => {
      const r = context.workbook.worksheets.getItem(sheet).getRange(address);
      r.load('values,formulas,numberFormat,valueTypes');
      await context.sync();
      const values: CellValue[][] = (r.values as unknown[][]).map((row, i) =>
        row.map((v, j) => {
          const type = (r.valueTypes as unknown[][])[i]?.[j];
          if (type === 'Error' || (typeof v === 'string' && isErrorCode(v) && type !== 'String')) {
            return new RoiError(isErrorCode(v) ? v : '#VALUE!', '');
          }
          if (type === 'Empty' || v === '' || v === null || v === undefined) return null;
          return v as CellValue;
        }),
      );
      const formulas = (r.formulas as unknown[][]).map((row) =>
        row.map((f) => (f === null || f === undefined ? '' : String(f))),
      );
      const numberFormats = (r.numberFormat as unknown[][]).map((row) =>
        row.map((f) => (typeof f === 'string' && f ? f : 'General')),
      );
      return { values, formulas, numberFormats };
    });
  }

  async getSelection(): Promise<Selection | null> {
    return this.run(async (context) => {
      const r = context.workbook.getSelectedRange();
      r.load('address');
      await context.sync();
      const { sheet, address } = splitAddress(r.address);
      return sheet ? { sheet, address } : null;
    });
  }

  async select(sheet: string, address: A1): Promise<void> {
    await this.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await context.sync();
    });
  }

  async deleteSheet(name: string): Promise<void> {
    await this.run(async (context) => {
      context.workbook.worksheets.getItem(name).delete();
      await context.sync();
    });
  }

  async spillRanges(sheet: string, anchors: A1[]): Promise<Array<A1 | null>> {
    const spills = this.supports('ExcelApi', '1.12');
    return this.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      const items = anchors.map((a) => {
        const cell = ws.getRange(a);
        cell.load('formulas');
        const spill = spills ? cell.getSpillingToRangeOrNullObject() : undefined;
        spill?.load('address');
        return { a, cell, spill };
      });
      await context.sync();
      return items.map(({ a, cell, spill }) => {
        const f = (cell.formulas as unknown[][])[0]?.[0];
        if (typeof f !== 'string' || !f.startsWith('=')) return null;
        return spill && !spill.isNullObject ? splitAddress(spill.address).address : a;
      });
    });
  }

  async evaluateName(name: string, sheet: string): Promise<CellValue[][] | null> {
    return this.run(async (context) => {
      const local = context.workbook.worksheets.getItem(sheet).names.getItemOrNullObject(name);
      const global = context.workbook.names.getItemOrNullObject(name);
      local.load('type');
      global.load('type');
      await context.sync();
      const item = !local.isNullObject ? local : !global.isNullObject ? global : null;
      if (!item) return null;
      if (String(item.type) === 'Range') {
        const r = item.getRange();
        r.load('values,valueTypes');
        await context.sync();
        return cellValues(r.values as unknown[][], r.valueTypes as unknown[][]);
      }
      const av = item.arrayValues;
      av.load('values,types');
      await context.sync();
      return cellValues(av.values as unknown[][], av.types as unknown[][]);
    });
  }

  async listNames(): Promise<NameInfo[]> {
    return this.run(async (context) => {
      const wb = context.workbook;
      wb.names.load('items/name,items/formula');
      const sheets = wb.worksheets;
      sheets.load('items/name');
      await context.sync();
      const scoped = sheets.items.map((s) => {
        const names = wb.worksheets.getItem(s.name).names;
        names.load('items/name,items/formula');
        return { sheet: s.name, names };
      });
      await context.sync();
      const out: NameInfo[] = [];
      const keep = (n: { name: string }) => !/^_xlnm\./i.test(n.name);
      for (const n of wb.names.items.filter(keep)) out.push({ name: n.name, formula: String(n.formula) });
      for (const { sheet, names } of scoped)
        for (const n of names.items.filter(keep)) out.push({ name: n.name, scope: sheet, formula: String(n.formula) });
      return out;
    });
  }

  async readStyles(sheet: string, addresses: A1[]): Promise<CellStyle[]> {
    // Style writes set only what they name here, so the fill is all a mark needs to put back.
    const patterns = this.supports('ExcelApi', '1.9');
    return this.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      const fills = addresses.map((a) => {
        const fill = ws.getRange(a).format.fill;
        fill.load(patterns ? 'color,pattern' : 'color');
        return fill;
      });
      await context.sync();
      return fills.map((f) => {
        // Without ExcelApi 1.9 a cell with no fill reads as white: put back as no fill.
        const none = patterns ? String(f.pattern) === 'None' : /^#?FFFFFF$/i.test(String(f.color));
        return { fill: none || !f.color ? null : String(f.color) };
      });
    });
  }

  /* ----- settings ----- */

  /** Whether the host keeps settings in the workbook (ExcelApi 1.4); else Office.context.document.settings. */
  private workbookSettings(): boolean {
    return this.supports('ExcelApi', '1.4');
  }

  /** Every setting of the workbook, read once (one round trip) and kept. */
  private async allSettings(): Promise<Map<string, unknown>> {
    if (this.settingsCache) return this.settingsCache;
    const cache = new Map<string, unknown>();
    await this.run(async (context) => {
      const items = context.workbook.settings;
      items.load('items/key,items/value');
      await context.sync();
      for (const item of items.items) cache.set(item.key, storedValue(item.value));
    });
    this.settingsCache = cache;
    return cache;
  }

  async getSetting<T = unknown>(key: string): Promise<T | undefined> {
    if (this.workbookSettings()) {
      const cache = await this.allSettings();
      if (cache.has(key)) return copy(cache.get(key)) as T;
    }
    // Saved by an earlier version (or a host without workbook settings).
    const v = this.settingsStore().get(key);
    return v === null || v === undefined ? undefined : (copy(v) as T);
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.setSettings({ [key]: value });
  }

  /** Every key set (or removed) together: one round trip. */
  async setSettings(entries: Record<string, unknown>): Promise<void> {
    if (!this.workbookSettings()) {
      await this.saveOfficeSettings(entries);
      return;
    }
    const cache = await this.allSettings();
    await this.run(async (context) => {
      const settings = context.workbook.settings;
      for (const [key, value] of Object.entries(entries)) {
        if (value === undefined) {
          if (cache.has(key)) settings.getItem(key).delete();
        } else settings.add(key, copy(value));
      }
      await context.sync();
    });
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) cache.delete(key);
      else cache.set(key, copy(value));
    }
  }

  /** The settings of a host without workbook settings: Office.context.document.settings and its saveAsync. */
  private async saveOfficeSettings(entries: Record<string, unknown>): Promise<void> {
    const store = this.settingsStore();
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) store.remove(key);
      else store.set(key, copy(value));
    }
    await new Promise<void>((resolve, reject) => {
      store.saveAsync((result) => {
        const failed =
          result &&
          (result.status === 'failed' ||
            result.status ===
              (globalThis as { Office?: { AsyncResultStatus?: { Failed?: unknown } } }).Office?.AsyncResultStatus
                ?.Failed);
        if (failed)
          reject(
            new WorkbookWriteError(
              `The workbook's settings could not be saved: ${result.error?.message ?? 'unknown reason'}.`,
              result.error,
            ),
          );
        else resolve();
      });
    });
  }

  /* ----- reading back and events ----- */

  async readNames(sheet: string, names: string[]): Promise<Record<string, NamedRead | null>> {
    return this.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      const items = names.map((name) => {
        // The sheet's own name, else the workbook's (a null object all the way down when neither exists).
        const local = ws.names.getItemOrNullObject(name).getRangeOrNullObject();
        const global = context.workbook.names.getItemOrNullObject(name).getRangeOrNullObject();
        for (const r of [local, global]) r.load('address,values,formulas,numberFormat,valueTypes');
        return { name, local, global };
      });
      await context.sync();
      const out: Record<string, NamedRead | null> = {};
      for (const { name, local, global } of items) {
        const r = !local.isNullObject ? local : !global.isNullObject ? global : null;
        if (!r) {
          out[name] = null;
          continue;
        }
        out[name] = {
          address: splitAddress(r.address).address,
          values: cellValues(r.values as unknown[][], r.valueTypes as unknown[][]),
          formulas: (r.formulas as unknown[][]).map((row) =>
            row.map((f) => (f === null || f === undefined ? '' : String(f))),
          ),
          numberFormats: (r.numberFormat as unknown[][]).map((row) =>
            row.map((f) => (typeof f === 'string' && f ? f : 'General')),
          ),
        };
      }
      return out;
    });
  }

  async onSheetActivated(listener: (sheet: string) => void): Promise<() => void> {
    return this.onWorksheetEvent('onActivated', listener);
  }

  async onSheetChanged(listener: (sheet: string) => void): Promise<() => void> {
    // worksheets.onChanged is ExcelApi 1.9; an older host simply does not tell.
    if (!this.supports('ExcelApi', '1.9')) return () => undefined;
    return this.onWorksheetEvent('onChanged', listener);
  }

  /** A worksheet collection event, handed on with the sheet's name (looked up from its id, one round trip). */
  private async onWorksheetEvent(
    event: 'onActivated' | 'onChanged',
    listener: (sheet: string) => void,
  ): Promise<() => void> {
    const handler = await this.run(async (context) => {
      const h = (context.workbook.worksheets[event] as OfficeExtension.EventHandlers<{ worksheetId: string }>).add(
        async (e) => {
          try {
            const name = await this.run(async (ctx) => {
              const ws = ctx.workbook.worksheets.getItem(e.worksheetId);
              ws.load('name');
              await ctx.sync();
              return ws.name;
            });
            listener(name);
          } catch {
            /* the sheet is gone again: nothing to say */
          }
        },
      );
      await context.sync();
      return h;
    });
    return () => {
      try {
        handler.remove();
        void handler.context.sync().catch(() => undefined);
      } catch {
        /* the pane is closing: the host drops the handler with it */
      }
    };
  }

  /* ----- the batch ----- */

  async applyBatch(input: WriteBatch): Promise<BatchResult> {
    const requested = input.addSheets ?? [];
    const state: {
      batch: WriteBatch;
      sheets: Record<string, string>;
      priors: Prior[];
      replacedNames: Array<NameDef & { priorFormula: string }>;
      addedNames: NameDef[];
      wrote: boolean;
      /** The settings this batch writes: key -> [value before, value after]. */
      settings: Map<string, [unknown, unknown]>;
      /** The cell notes this batch writes on existing sheets, each with the note it replaces (undefined: none). */
      notes: NotePrior[];
    } = {
      batch: input,
      sheets: {},
      priors: [],
      replacedNames: [],
      addedNames: [],
      wrote: false,
      settings: new Map(),
      notes: [],
    };
    // Cell notes where the host has them (ExcelApi 1.18); elsewhere a note is not written (CellWrite.note: "where supported").
    const notesOn = this.supports('ExcelApi', '1.18') && input.cells.some((c) => c.note !== undefined);
    // A host without workbook settings (before ExcelApi 1.4) saves them after the batch, the old way.
    const inBatch = this.workbookSettings();
    const withSettings = inBatch && (input.settings ?? []).length > 0;

    try {
      await this.run(async (context) => {
        const wb = context.workbook;
        // ----- round trip 1: what exists, and what undo needs -----
        const worksheets = wb.worksheets;
        worksheets.load('items/name');
        const added = new Set(requested);
        const existingTargets = new Set<string>();
        for (const c of input.cells) if (!added.has(c.sheet)) existingTargets.add(c.sheet);
        for (const n of input.names ?? []) if (!added.has(n.sheet)) existingTargets.add(n.sheet);
        for (const c of input.charts ?? []) if (!added.has(c.sheet)) existingTargets.add(c.sheet);
        for (const c of input.conditionalFormats ?? []) if (!added.has(c.sheet)) existingTargets.add(c.sheet);
        for (const w of input.columnWidths ?? []) if (!added.has(w.sheet)) existingTargets.add(w.sheet);
        for (const s of input.hideSheets ?? []) if (!added.has(s)) existingTargets.add(s);
        for (const s of input.veryHideSheets ?? []) if (!added.has(s)) existingTargets.add(s);
        for (const s of input.deleteSheets ?? []) existingTargets.add(s);

        const priorRanges: Array<{ sheet: string; box: Box; range: Excel.Range }> = [];
        for (const sheet of existingTargets) {
          const cells = input.cells.filter((c) => c.sheet === sheet);
          if (!cells.length) continue;
          const boxes = cells.map((c) => rangeOf(c.address));
          const box = {
            top: Math.min(...boxes.map((b) => b.top)),
            left: Math.min(...boxes.map((b) => b.left)),
            bottom: Math.max(...boxes.map((b) => b.bottom)),
            right: Math.max(...boxes.map((b) => b.right)),
          };
          const range = wb.worksheets
            .getItem(sheet)
            .getRange(`${cellA1(box.top, box.left)}:${cellA1(box.bottom, box.right)}`);
          range.load('formulas,numberFormat');
          priorRanges.push({ sheet, box, range });
        }
        const nameItems = (input.names ?? [])
          .filter((n) => !added.has(n.sheet))
          .map((n) => {
            const item =
              n.scope === 'sheet'
                ? wb.worksheets.getItem(n.sheet).names.getItemOrNullObject(n.name)
                : wb.names.getItemOrNullObject(n.name);
            item.load('name,formula');
            return { def: n, item };
          });
        // Ranges the caller needs empty (they were when it looked): checked with the same sync.
        const mustBeEmpty = (input.requireEmpty ?? []).map((r) => {
          const range = wb.worksheets.getItem(r.sheet).getRange(r.address);
          range.load('values,formulas');
          return { ...r, range };
        });
        // The cells the caller expects unchanged, and the settings (read once per session), in the same sync.
        const expected = (input.expectCells ?? []).map((x) => {
          const range = wb.worksheets.getItem(x.sheet).getRange(x.address);
          range.load('values,formulas,valueTypes');
          return { x, range };
        });
        const settingItems = withSettings && !this.settingsCache ? wb.settings : null;
        settingItems?.load('items/key,items/value');
        // The notes the batch replaces on existing sheets (for undo), in the same sync.
        const noteItems = notesOn
          ? input.cells
              .filter((c) => c.note !== undefined && !added.has(c.sheet))
              .map((c) => {
                const item = wb.worksheets.getItem(c.sheet).notes.getItemOrNullObject(c.address);
                item.load('content');
                return { sheet: c.sheet, address: c.address, item };
              })
          : [];
        const chartItems = (input.charts ?? [])
          .filter((c) => !added.has(c.sheet))
          .map((c) => {
            const item = wb.worksheets.getItem(c.sheet).charts.getItemOrNullObject(c.name);
            item.load('name');
            return { spec: c, item };
          });
        try {
          await context.sync();
        } catch (e) {
          if (sheetMissing(e))
            throw new WorkbookWriteError(
              `A sheet this change writes to is not in the workbook (${[...existingTargets].map((s) => `"${s}"`).join(', ')}).`,
              e,
            );
          throw e;
        }

        const filled = (grid: unknown[][]) =>
          grid.some((row) => row.some((v) => v !== '' && v !== null && v !== undefined));
        for (const r of mustBeEmpty) {
          // A spilled result has values but no formula of its own: both must be blank.
          if (filled(r.range.values as unknown[][]) || filled(r.range.formulas as unknown[][]))
            throw new RangeNotEmptyError(r.sheet, r.address);
        }
        const changed: ChangedCell[] = [];
        for (const { x, range } of expected) {
          const formula = String((range.formulas as unknown[][])[0]?.[0] ?? '');
          const value = cellValues(range.values as unknown[][], range.valueTypes as unknown[][])[0]?.[0] ?? null;
          if (!holdsExpected(x.holds, formula, value))
            changed.push({ sheet: x.sheet, address: x.address, formula, value });
        }
        if (changed.length) throw new CellsChangedError(changed);
        if (settingItems) {
          const cache = new Map<string, unknown>();
          for (const item of settingItems.items) cache.set(item.key, storedValue(item.value));
          this.settingsCache = cache;
        }

        const present = worksheets.items.map((s) => s.name);
        const lower = new Set(present.map((s) => s.toLowerCase()));
        for (const s of requested) {
          if (input.uniqueSheetNames) {
            state.sheets[s] = uniqueSheetName([...present, ...Object.values(state.sheets)], s);
          } else {
            if (lower.has(s.toLowerCase()))
              throw new WorkbookWriteError(`A sheet named "${s}" already exists; nothing was written.`);
            state.sheets[s] = s;
          }
        }
        const batch = input.uniqueSheetNames ? renameBatchSheets(input, state.sheets) : input;
        state.batch = batch;
        for (const p of priorRanges)
          state.priors.push({
            sheet: p.sheet,
            top: p.box.top,
            left: p.box.left,
            formulas: p.range.formulas as unknown[][],
            numberFormat: p.range.numberFormat as unknown[][],
          });

        // ----- round trip 2: write everything -----
        state.wrote = true;
        const sheetProxies = new Map<string, Excel.Worksheet>();
        for (const s of batch.addSheets ?? []) sheetProxies.set(s, wb.worksheets.add(s));
        const ws = (name: string) => {
          let p = sheetProxies.get(name);
          if (!p) {
            p = wb.worksheets.getItem(name);
            sheetProxies.set(name, p);
          }
          return p;
        };

        // Names first, so the formulas that use them resolve as they are written.
        const existingNames = new Map(
          nameItems.map(({ def, item }) => [`${def.scope ?? 'workbook'}|${def.sheet}|${def.name}`, item]),
        );
        for (const n of batch.names ?? []) {
          const original = (input.names ?? [])[(batch.names ?? []).indexOf(n)];
          const prior = existingNames.get(`${original.scope ?? 'workbook'}|${original.sheet}|${original.name}`);
          if (prior && !prior.isNullObject) {
            state.replacedNames.push({ ...n, priorFormula: String(prior.formula) });
            prior.delete();
          } else {
            state.addedNames.push(n);
          }
          const target = n.scope === 'sheet' ? ws(n.sheet).names : wb.names;
          const reference = n.formula ?? ws(n.sheet).getRange(n.address);
          target.add(n.name, reference as Excel.Range, n.comment);
        }

        for (const c of batch.cells) writeCell(ws(c.sheet), c);
        if (notesOn) {
          const prior = new Map(noteItems.map((n) => [`${n.sheet}|${n.address}`, n.item]));
          for (const c of batch.cells) {
            if (c.note === undefined) continue;
            const original = input.cells[batch.cells.indexOf(c)];
            const item = prior.get(`${original.sheet}|${original.address}`);
            const before = item && !item.isNullObject ? String(item.content) : undefined;
            // Replace, not pile up: a note there goes first (Excel keeps one note per cell).
            if (before !== undefined) item!.delete();
            if (!added.has(original.sheet)) state.notes.push({ sheet: c.sheet, address: c.address, before });
            ws(c.sheet).notes.add(c.address, c.note);
          }
        }

        for (const w of batch.columnWidths ?? []) {
          const col = w.column.toUpperCase();
          ws(w.sheet).getRange(`${col}:${col}`).format.columnWidth = widthToPoints(w.width);
        }

        const oldCharts = new Map(chartItems.map(({ spec, item }) => [`${spec.sheet}|${spec.name}`, item]));
        for (const ch of batch.charts ?? []) {
          const original = (input.charts ?? [])[(batch.charts ?? []).indexOf(ch)];
          const old = oldCharts.get(`${original.sheet}|${original.name}`);
          if (old && !old.isNullObject) old.delete();
          addChart(ws(ch.sheet), ch, this.chartType(ch.type));
        }

        for (const cf of batch.conditionalFormats ?? []) addConditionalFormat(ws(cf.sheet), cf);

        for (const s of batch.hideSheets ?? []) ws(s).visibility = 'Hidden' as Excel.SheetVisibility;
        for (const s of batch.veryHideSheets ?? []) ws(s).visibility = 'VeryHidden' as Excel.SheetVisibility;
        // Deleted last: Excel stops a batch at its first failing command, so a sheet is
        // only deleted once everything before it was written.
        for (const s of batch.deleteSheets ?? []) {
          const sheet = ws(s);
          sheet.visibility = 'Visible' as Excel.SheetVisibility;
          sheet.delete();
        }
        if (batch.select) {
          ws(batch.select.sheet).activate();
          ws(batch.select.sheet).getRange(batch.select.address).select();
        }
        // Settings last: Excel stops a batch at its first failing command, so the record of
        // what was written is only kept once everything before it was written.
        for (const w of inBatch ? (batch.settings ?? []) : []) {
          const before = this.settingsCache?.get(w.key);
          const after = settingValue(w, before);
          state.settings.set(w.key, [before, after]);
          if (after === undefined) {
            if (this.settingsCache?.has(w.key)) wb.settings.getItem(w.key).delete();
          } else wb.settings.add(w.key, copy(after));
        }

        await context.sync();
        for (const [key, [, after]] of state.settings) {
          if (after === undefined) this.settingsCache?.delete(key);
          else this.settingsCache?.set(key, copy(after));
        }
      });
    } catch (e) {
      if (!state.wrote)
        throw e instanceof WorkbookWriteError
          ? e
          : new WorkbookWriteError(`The workbook could not be read before writing: ${errorText(e)}`, e);
      try {
        await this.rollback(
          state.batch,
          state.priors,
          state.addedNames,
          state.replacedNames,
          state.settings,
          state.notes,
        );
      } catch (undoError) {
        throw new WorkbookWriteError(
          `The write failed (${errorText(e)}), and putting the workbook back failed too (${errorText(undoError)}).`,
          e,
        );
      }
      throw new WorkbookWriteError(`The model could not be written: ${errorText(e)}`, e);
    }
    if (!inBatch && (input.settings ?? []).length) {
      const store = this.settingsStore();
      const batch = state.batch;
      await this.saveOfficeSettings(
        Object.fromEntries(
          (batch.settings ?? []).map((w) => [w.key, settingValue(w, copy(store.get(w.key) ?? undefined))]),
        ),
      );
    }
    return { sheets: state.sheets };
  }

  /** The chart type to ask for: a funnel only where the host has it (ExcelApi 1.9). */
  chartType(type: ChartSpec['type']): string {
    if (type === 'funnel' && !this.supports('ExcelApi', '1.9')) return CHART_TYPES.barClustered;
    return CHART_TYPES[type];
  }

  /** Undo a failed write, in its own Excel.run (its round trips are not the build's). */
  private async rollback(
    batch: WriteBatch,
    priors: Prior[],
    addedNames: NameDef[],
    replacedNames: Array<NameDef & { priorFormula: string }>,
    settings: Map<string, [unknown, unknown]> = new Map(),
    notes: NotePrior[] = [],
  ): Promise<void> {
    await this.run(async (context) => {
      const wb = context.workbook;
      const worksheets = wb.worksheets;
      worksheets.load('items/name');
      // The notes the failed write may have written, to take away (and put back the ones it replaced).
      const noteItems = notes.map((n) => {
        const item = wb.worksheets.getItemOrNullObject(n.sheet).notes.getItemOrNullObject(n.address);
        item.load('content');
        return { n, item };
      });
      // Every name the failed write may have added (new ones, and the replacements of old ones).
      const touchedNames = [...addedNames, ...replacedNames].map((n) => {
        const item =
          n.scope === 'sheet'
            ? wb.worksheets.getItemOrNullObject(n.sheet).names.getItemOrNullObject(n.name)
            : wb.names.getItemOrNullObject(n.name);
        item.load('name');
        return { n, item };
      });
      const settingItems = [...settings].map(([key, [before]]) => {
        const item = wb.settings.getItemOrNullObject(key);
        item.load('key');
        return { key, before, item };
      });
      await context.sync();
      const present = new Set(worksheets.items.map((s) => s.name));
      const addedSheets = new Set(batch.addSheets ?? []);
      for (const s of addedSheets) if (present.has(s)) wb.worksheets.getItem(s).delete();
      for (const { n, item } of touchedNames) if (!item.isNullObject && !addedSheets.has(n.sheet)) item.delete();
      for (const n of replacedNames) {
        if (addedSheets.has(n.sheet) || !present.has(n.sheet)) continue;
        const target = n.scope === 'sheet' ? wb.worksheets.getItem(n.sheet).names : wb.names;
        target.add(n.name, n.priorFormula as unknown as Excel.Range, n.comment);
      }
      for (const p of priors) {
        if (!present.has(p.sheet)) continue;
        const sheet = wb.worksheets.getItem(p.sheet);
        const written = new Set<string>();
        for (const c of batch.cells) {
          if (c.sheet !== p.sheet) continue;
          const b = rangeOf(c.address);
          for (let r = b.top; r <= b.bottom; r++)
            for (let col = b.left; col <= b.right; col++) written.add(`${r}|${col}`);
        }
        for (const key of written) {
          const [r, col] = key.split('|').map(Number);
          const f = p.formulas[r - p.top]?.[col - p.left];
          const nf = p.numberFormat[r - p.top]?.[col - p.left];
          const range = sheet.getRange(cellA1(r, col));
          range.formulas = [[f === undefined || f === null ? '' : f]] as Excel.Range['formulas'];
          range.numberFormat = [[typeof nf === 'string' ? nf : 'General']] as Excel.Range['numberFormat'];
        }
      }
      for (const { n, item } of noteItems) {
        if (!present.has(n.sheet)) continue;
        if (!item.isNullObject) item.delete();
        if (n.before !== undefined) wb.worksheets.getItem(n.sheet).notes.add(n.address, n.before);
      }
      // The settings as they were (a failed write may have reached them).
      for (const { key, before, item } of settingItems) {
        if (before === undefined) {
          if (!item.isNullObject) item.delete();
        } else wb.settings.add(key, copy(before));
        if (before === undefined) this.settingsCache?.delete(key);
        else this.settingsCache?.set(key, copy(before));
      }
      await context.sync();
    });
  }
}

/** Excel's values and their types as the core's cell values (errors as RoiError, blanks null). */
function cellValues(values: unknown[][], types: unknown[][]): CellValue[][] {
  return values.map((row, i) =>
    row.map((v, j) => {
      const type = String(types[i]?.[j] ?? '');
      if (type === 'Error' || (typeof v === 'string' && isErrorCode(v) && type !== 'String'))
        return new RoiError(isErrorCode(v) ? v : '#VALUE!', '');
      if (type === 'Empty' || v === '' || v === null || v === undefined) return null;
      return v as CellValue;
    }),
  );
}

function writeCell(ws: Excel.Worksheet, c: CellWrite): void {
  if (c.formula !== undefined && c.value !== undefined)
    throw new WorkbookWriteError(`${c.sheet}!${c.address}: a cell gets a value or a formula, not both.`);
  if (c.address.includes(':') && (c.value !== undefined || c.formula !== undefined || c.note !== undefined))
    throw new WorkbookWriteError(`${c.sheet}!${c.address}: only a number format or a style may be written to a range.`);
  const range = ws.getRange(c.address);
  if (c.formula !== undefined) {
    range.formulas = [[c.formula]] as Excel.Range['formulas'];
  } else if (c.value === null) {
    range.clear('Contents' as Excel.ClearApplyTo);
  } else if (c.value !== undefined) {
    range.values = [[typeof c.value === 'string' ? textForExcel(c.value) : c.value]] as Excel.Range['values'];
  }
  // A range (format and style only, see CellWrite) takes one value for all its cells.
  if (c.numberFormat !== undefined)
    range.numberFormat = (c.address.includes(':') ? c.numberFormat : [[c.numberFormat]]) as Excel.Range['numberFormat'];
  if (c.style) applyStyle(range, c.style);
}

function applyStyle(range: Excel.Range, s: CellStyle): void {
  const font = range.format.font;
  if (s.bold !== undefined) font.bold = s.bold;
  if (s.italic !== undefined) font.italic = s.italic;
  if (s.fontColor) font.color = s.fontColor;
  if (s.fill === null) range.format.fill.clear();
  else if (s.fill) range.format.fill.color = s.fill;
  if (s.horizontalAlignment) range.format.horizontalAlignment = s.horizontalAlignment as Excel.HorizontalAlignment;
}

function addChart(ws: Excel.Worksheet, spec: ChartSpec, type: string): void {
  const chart = ws.charts.add(
    type as Excel.ChartType,
    ws.getRange(spec.source),
    (spec.seriesBy === 'rows' ? 'Rows' : 'Columns') as Excel.ChartSeriesBy,
  );
  if (spec.xValues) chart.series.getItemAt(0).setXAxisValues(ws.getRange(spec.xValues));
  chart.name = spec.name;
  chart.title.text = spec.title;
  chart.setPosition(spec.from, spec.to);
}

function addConditionalFormat(ws: Excel.Worksheet, cf: ConditionalFormat): void {
  const range = ws.getRange(cf.address);
  // Replace, not pile up: a rule the builder wrote before on these cells goes first.
  range.conditionalFormats.clearAll();
  if (cf.kind === 'formula') {
    const f = range.conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
    f.custom.rule.formula = cf.formula ?? '=FALSE';
    if (cf.fill) f.custom.format.fill.color = cf.fill;
    if (cf.fontColor) f.custom.format.font.color = cf.fontColor;
  } else {
    const f = range.conditionalFormats.add('ColorScale' as Excel.ConditionalFormatType);
    f.colorScale.criteria = {
      minimum: {
        formula: null as unknown as string,
        type: 'LowestValue' as Excel.ConditionalFormatColorCriterionType,
        color: '#F8696B',
      },
      maximum: {
        formula: null as unknown as string,
        type: 'HighestValue' as Excel.ConditionalFormatColorCriterionType,
        color: '#63BE7B',
      },
    };
  }
}

/** A cell note a batch wrote on an existing sheet, and the note that was there (undefined: none). */
interface NotePrior {
  sheet: string;
  address: A1;
  before: string | undefined;
}

/** The Excel port with Excel.run and the document's settings. */
export function createExcelWorkbook(options?: ExcelPortOptions): ExcelWorkbook {
  return new ExcelWorkbook(options);
}
