/**
 * The heavy half of the Review view's "Compare with another version", in one function so
 * it runs the same in the Web Worker (compare-versions.worker.ts) and in the tests: read
 * the other file with the light, bounded reader, check its saved ROI values against the
 * core, and compare it with the open workbook (read on the main thread through the port
 * and sent along). Nothing here touches the DOM or the workbook.
 */
import { errorText } from '../../base/error-text';
import { diffBooks, type Book, type BookDiff } from '../../formula/diff';
import { MODEL_DIFF, checkSavedValues, type Side } from '../../features/review/compare';
import { FileReadError, readVersionFile } from '../../workbook/light-xlsx';

export interface CompareRequest {
  /** The other file's bytes. */
  bytes: Uint8Array;
  /** The open workbook, read through the port. */
  current: Book;
  /** Which version the open workbook is. */
  side: Side;
}

export type CompareReply =
  { ok: true; diff: BookDiff; calcOnLoad: boolean } | { ok: false; message: string; reason?: string };

export async function compareVersions(req: CompareRequest): Promise<CompareReply> {
  try {
    const { book, calcOnLoad } = readVersionFile(req.bytes);
    await checkSavedValues(book);
    const diff =
      req.side === 'new' ? diffBooks(book, req.current, MODEL_DIFF) : diffBooks(req.current, book, MODEL_DIFF);
    return { ok: true, diff, calcOnLoad };
  } catch (e) {
    if (e instanceof FileReadError) return { ok: false, message: e.message, reason: e.reason };
    return { ok: false, message: `it could not be compared (${errorText(e)})` };
  }
}
