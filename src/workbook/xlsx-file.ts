/**
 * A WriteBatch written into a new .xlsx file, with the cached values the headless engine
 * computes for it: the batch is applied to a new engine workbook (the same adapter the
 * workbench draws), and src/xlsx's one writer of new files builds the package from the
 * batch and those values (`roi model --out`, the workbench's Download).
 *
 * GPL side: uses the engine.
 */
import { writeNewWorkbook } from '../xlsx/new-file';
import { createEngineWorkbook, type EngineWorkbook } from './engine';
import type { WriteBatch } from './port';

export interface XlsxFileResult {
  bytes: Uint8Array;
  /** The engine workbook that computed the cached values (for summaries and tests). */
  engine: EngineWorkbook;
  /** Per sheet: the ROI formula cells written as dynamic arrays, anchor -> ref. */
  arrays: Record<string, Record<string, string>>;
}

/** Write a batch (on new sheets only) into a new .xlsx file with cached values. */
export async function writeBatchToXlsx(batch: WriteBatch, options: { creator?: string } = {}): Promise<XlsxFileResult> {
  if (!(batch.addSheets ?? []).length) throw new Error('The batch adds no sheet to write.');
  const engine = createEngineWorkbook({ sheets: { __scratch__: [] } });
  await engine.applyBatch(batch);
  const { bytes, arrays } = await writeNewWorkbook(
    batch,
    {
      value: (sheet, address) => engine.getValue(sheet, address),
      spills: (sheet) => engine.getSheetSnapshot(sheet).spills,
    },
    options,
  );
  return { bytes, engine, arrays };
}
