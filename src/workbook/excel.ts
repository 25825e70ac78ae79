/**
 * The WorkbookPort on Excel (office.js, `Excel.run`).
 *
 * applyBatch makes at most two round trips (`context.sync()`; its code is excel-write.ts, which
 * the pane loads on its first write, not with its first screen):
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
import { splitAddress } from '../base/a1';
import { RoiError, isErrorCode, type CellValue } from '../core';
import {
  WorkbookWriteError,
  type A1,
  type BatchResult,
  type CellStyle,
  type NamedRead,
  type NameInfo,
  type RangeRead,
  type Selection,
  type WorkbookPort,
  type WriteBatch,
} from './port';
import { cellValues, copy, storedValue, type ExcelRun, type SettingsStore } from './excel-cells';

export interface ExcelPortOptions {
  /** Default: Excel.run. */
  run?: ExcelRun;
  /** Default: Office.context.document.settings. */
  settings?: SettingsStore;
  /** Default: Office.context.requirements.isSetSupported. */
  isSetSupported?: (name: string, version: string) => boolean;
}

export { textForExcel, widthToPoints, type ExcelRun, type SettingsStore } from './excel-cells';

/* ---------- the adapter ---------- */

export class ExcelWorkbook implements WorkbookPort {
  readonly run: ExcelRun;
  readonly settingsStore: () => SettingsStore;
  readonly supports: (name: string, version: string) => boolean;
  /** The workbook's settings as last read or written (null until read once). */
  settingsCache: Map<string, unknown> | null = null;

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
  workbookSettings(): boolean {
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
  async saveOfficeSettings(entries: Record<string, unknown>): Promise<void> {
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

  /** Writes a batch in at most two round trips, undoing it if it fails (excel-write.ts, loaded on the first write). */
  async applyBatch(input: WriteBatch): Promise<BatchResult> {
    const { applyExcelBatch } = await import(/* webpackChunkName: "excel-write" */ './excel-write');
    return applyExcelBatch(this, input);
  }
}

/** The Excel port with Excel.run and the document's settings. */
export function createExcelWorkbook(options?: ExcelPortOptions): ExcelWorkbook {
  return new ExcelWorkbook(options);
}
