/**
 * The write half of Excel's WorkbookPort (src/workbook/excel.ts): applyBatch's two round
 * trips, and the undo of a failed write. A module of its own so that the task pane's first
 * screen does not load it: a batch is written only when the user asks (Build model, Update
 * model, a scorecard, ...), and ExcelWorkbook.applyBatch imports this then (one request the
 * first time; no round trip to Excel more or less).
 *
 * Part of the add-in bundle: no HyperFormula here.
 */
import { cellA1, type Box } from '../base/a1';
import { errorText } from '../base/error-text';
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
  type WriteBatch,
} from './port';
import {
  CHART_TYPES,
  cellValues,
  copy,
  sheetMissing,
  storedValue,
  textForExcel,
  widthToPoints,
  type ExcelRun,
  type SettingsStore,
} from './excel-cells';

/** What the write needs of the ExcelWorkbook it writes for. */
export interface ExcelHost {
  readonly run: ExcelRun;
  readonly settingsStore: () => SettingsStore;
  readonly supports: (name: string, version: string) => boolean;
  /** The workbook's settings as last read or written (null until read once); the write keeps it current. */
  settingsCache: Map<string, unknown> | null;
  workbookSettings(): boolean;
  saveOfficeSettings(entries: Record<string, unknown>): Promise<void>;
}

interface Prior {
  sheet: string;
  /** The box that was read, and its formulas / number formats. */
  top: number;
  left: number;
  formulas: unknown[][];
  numberFormat: unknown[][];
}

/** ExcelWorkbook.applyBatch (src/workbook/excel.ts explains its two round trips and its undo). */
export async function applyExcelBatch(host: ExcelHost, input: WriteBatch): Promise<BatchResult> {
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
  const notesOn = host.supports('ExcelApi', '1.18') && input.cells.some((c) => c.note !== undefined);
  // A host without workbook settings (before ExcelApi 1.4) saves them after the batch, the old way.
  const inBatch = host.workbookSettings();
  const withSettings = inBatch && (input.settings ?? []).length > 0;

  try {
    await host.run(async (context) => {
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
      const settingItems = withSettings && !host.settingsCache ? wb.settings : null;
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
        host.settingsCache = cache;
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
        addChart(ws(ch.sheet), ch, chartType(host, ch.type));
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
        const before = host.settingsCache?.get(w.key);
        const after = settingValue(w, before);
        state.settings.set(w.key, [before, after]);
        if (after === undefined) {
          if (host.settingsCache?.has(w.key)) wb.settings.getItem(w.key).delete();
        } else wb.settings.add(w.key, copy(after));
      }

      await context.sync();
      for (const [key, [, after]] of state.settings) {
        if (after === undefined) host.settingsCache?.delete(key);
        else host.settingsCache?.set(key, copy(after));
      }
    });
  } catch (e) {
    if (!state.wrote)
      throw e instanceof WorkbookWriteError
        ? e
        : new WorkbookWriteError(`The workbook could not be read before writing: ${errorText(e)}`, e);
    try {
      await rollback(
        host,
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
    const store = host.settingsStore();
    const batch = state.batch;
    await host.saveOfficeSettings(
      Object.fromEntries(
        (batch.settings ?? []).map((w) => [w.key, settingValue(w, copy(store.get(w.key) ?? undefined))]),
      ),
    );
  }
  return { sheets: state.sheets };
}

/** The chart type to ask for: a funnel only where the host has it (ExcelApi 1.9). */
function chartType(host: ExcelHost, type: ChartSpec['type']): string {
  if (type === 'funnel' && !host.supports('ExcelApi', '1.9')) return CHART_TYPES.barClustered;
  return CHART_TYPES[type];
}

/** Undo a failed write, in its own Excel.run (its round trips are not the build's). */
async function rollback(
  host: ExcelHost,
  batch: WriteBatch,
  priors: Prior[],
  addedNames: NameDef[],
  replacedNames: Array<NameDef & { priorFormula: string }>,
  settings: Map<string, [unknown, unknown]> = new Map(),
  notes: NotePrior[] = [],
): Promise<void> {
  await host.run(async (context) => {
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
      if (before === undefined) host.settingsCache?.delete(key);
      else host.settingsCache?.set(key, copy(before));
    }
    await context.sync();
  });
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
