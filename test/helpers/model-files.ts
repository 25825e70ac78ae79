/**
 * Versions of a plan as files, for the comparison's tests: the model `roi model` writes
 * (planModel + writeBatchToXlsx, the same functions), with other inputs, with a row
 * inserted as Excel inserts one (the engine moves the cells, rewrites every reference and
 * defined name), and edits of a file's sheet XML by hand.
 */
import { splitAddress } from '../../src/base/a1';
import {
  FIELD_BY_KEY,
  MODEL_OUTPUTS,
  defaultInputs,
  planModel,
  type ModelInputs,
  type ModelPlan,
} from '../../src/features/model';
import { exportBatch } from '../../src/workbench/xlsx/download';
import { createEngineWorkbook, type EngineWorkbook } from '../../src/workbook/engine';
import { writeBatchToXlsx } from '../../src/workbook/xlsx-file';
import { unzipText, withParts } from './xlsx-fixtures';

export const MODEL_SHEET = 'ROI Model';

export function inputsWith(change: (i: ModelInputs) => void = () => undefined): ModelInputs {
  const i = defaultInputs();
  change(i);
  return i;
}

const written = new Map<string, Promise<Uint8Array>>();

/**
 * The model file `roi model --out` writes for these inputs. Written once per test file for
 * the same inputs (the plan and the writer are deterministic; ExcelJS takes about half a
 * second a file), and each caller gets its own copy of the bytes.
 */
export async function modelFile(inputs: ModelInputs = defaultInputs()): Promise<Uint8Array> {
  const key = JSON.stringify(inputs);
  if (!written.has(key))
    written.set(
      key,
      writeBatchToXlsx(planModel(inputs, MODEL_SHEET).batch).then((r) => r.bytes),
    );
  return (await written.get(key)!).slice();
}

/** The model built on the engine (as the task pane builds it in the workbench). */
export async function modelWorkbook(inputs: ModelInputs = defaultInputs()): Promise<EngineWorkbook> {
  const wb = createEngineWorkbook({ sheets: { [MODEL_SHEET]: [] } });
  const batch = planModel(inputs, MODEL_SHEET).batch;
  await wb.applyBatch({ ...batch, addSheets: [] });
  return wb;
}

/**
 * The model with a row inserted before 1-based `row` (the engine moves everything below
 * and rewrites references and names as Excel does), `label` typed into its column A,
 * and `edit` applied after; written as a file the way the workbench downloads one.
 */
export async function modelFileWithRowInserted(
  row: number,
  label: string,
  inputs: ModelInputs = defaultInputs(),
  edit: (wb: EngineWorkbook) => void = () => undefined,
): Promise<Uint8Array> {
  const wb = await modelWorkbook(inputs);
  const id = wb.hf.getSheetId(MODEL_SHEET)!;
  const formats = new Map(wb.getSheetSnapshot(MODEL_SHEET).cells.map((c) => [c.address, c]));
  wb.hf.addRows(id, [row - 1, 1]);
  wb.setCellFromUser(MODEL_SHEET, `A${row}`, label);
  edit(wb);
  const batch = exportBatch(wb);
  // The adapter's side tables keep formats where they were written; Excel moves them with their rows.
  const before = (address: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(address)!;
    const r = Number(m[2]);
    return r === row ? undefined : formats.get(`${m[1]}${r > row ? r - 1 : r}`);
  };
  const written = new Set(batch.cells.map((c) => c.address));
  batch.cells = batch.cells.map((c) => {
    const { numberFormat: _format, style: _style, ...rest } = c;
    const was = before(c.address);
    return {
      ...rest,
      ...(was?.numberFormat ? { numberFormat: was.numberFormat } : {}),
      ...(was?.style ? { style: was.style } : {}),
    };
  });
  for (const [address, c] of formats) {
    const m = /^([A-Z]+)(\d+)$/.exec(address)!;
    const moved = Number(m[2]) >= row ? `${m[1]}${Number(m[2]) + 1}` : address;
    if (!written.has(moved) && (c.numberFormat || c.style))
      batch.cells.push({ sheet: MODEL_SHEET, address: moved, numberFormat: c.numberFormat, style: c.style });
  }
  // The adapter's side table keeps names where they were written; the engine moved them.
  batch.names = (batch.names ?? []).map((n) => {
    const expr = wb.hf.getNamedExpression(n.name, n.scope === 'sheet' ? id : undefined)?.expression;
    return typeof expr === 'string' && !n.formula ? { ...n, address: splitAddress(expr.slice(1)).address } : n;
  });
  return (await writeBatchToXlsx(batch)).bytes;
}

/** The first worksheet's XML. */
export function sheetXml(bytes: Uint8Array): string {
  return unzipText(bytes)['xl/worksheets/sheet1.xml'];
}

/** The file with its first worksheet's XML edited. */
export function withSheetXml(bytes: Uint8Array, edit: (xml: string) => string): Uint8Array {
  const xml = sheetXml(bytes);
  const edited = edit(xml);
  if (edited === xml) throw new Error('the edit changed nothing');
  return withParts(bytes, { 'xl/worksheets/sheet1.xml': edited });
}

/** The <c> element of the cell at `address` ("B44"). */
export function cellAt(xml: string, address: string): string {
  const start = xml.indexOf(`<c r="${address}"`);
  if (start < 0) throw new Error(`no cell ${address}`);
  const close = xml.indexOf('>', start);
  const end = xml[close - 1] === '/' ? close + 1 : xml.indexOf('</c>', start) + 4;
  return xml.slice(start, end);
}

/*
 * What the model's tables say, so the comparison's tests follow the model's layout and
 * names instead of copying them: a cell by its plan key, what the plan writes there, and
 * the defined name of an input or output by its key.
 */

/** The formula the plan writes at its key's cell ("=ROI.REQUIREDLEADS(ROI_NewRevenue,...)"). */
export function formulaAt(plan: ModelPlan, key: string): string {
  const f = plan.batch.cells.find((c) => c.address === plan.cells[key] && c.formula)?.formula;
  if (!f) throw new Error(`the plan writes no formula at ${key}`);
  return f;
}

/** The constant the plan writes at its key's cell. */
export function valueAt(plan: ModelPlan, key: string): unknown {
  return plan.batch.cells.find((c) => c.address === plan.cells[key] && c.value !== undefined)?.value;
}

/** The defined name of a model input (MODEL_FIELDS) or output (MODEL_OUTPUTS) by its key. */
export function modelName(key: string): string {
  const name =
    FIELD_BY_KEY.get(key)?.name ??
    (MODEL_OUTPUTS as ReadonlyArray<{ key: string; name?: string }>).find((o) => o.key === key)?.name;
  if (!name) throw new Error(`no model input or named output "${key}"`);
  return name;
}

/** "'ROI Model'!$B$44": how a defined name of the model refers to its key's cell. */
export function absoluteRef(plan: ModelPlan, key: string): string {
  return `'${plan.sheet}'!${plan.cells[key].replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2')}`;
}
