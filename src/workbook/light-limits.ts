/**
 * How much of another version's file the task pane reads (light-xlsx.ts), in a module of
 * its own so the pane can refuse a file too large before reading it, without loading the
 * reader on the main thread. The numbers are rows of the one table of limits
 * (src/base/limits.ts: the pane's own, smaller, `pane*` rows, and the zip's entry count and
 * compression ratio it shares with the file tools); docs/workbook-files.md lists them.
 */
import { LIMITS } from '../base/limits';

export interface LightLimits {
  /** The file itself. */
  fileBytes: number;
  /** Entries in the zip. */
  entries: number;
  /** One part, inflated. */
  partBytes: number;
  /** All the parts read, inflated. */
  totalBytes: number;
  /** Inflated : compressed, for a part above 1 MB inflated. */
  ratio: number;
  /** Cells with something in them, in all sheets. */
  cells: number;
}

/** The limits the task pane reads another version with. */
export const LIGHT_LIMITS: LightLimits = {
  fileBytes: LIMITS.paneFileBytes.value,
  entries: LIMITS.zipEntries.value,
  partBytes: LIMITS.panePartBytes.value,
  totalBytes: LIMITS.paneTotalBytes.value,
  ratio: LIMITS.compressionRatio.value,
  cells: LIMITS.paneCells.value,
};
