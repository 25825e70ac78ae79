/**
 * How much of another version's file the task pane reads (light-xlsx.ts), in a module of
 * its own so the pane can refuse a file too large before reading it, without loading the
 * reader on the main thread. docs/views.md lists the limits and why.
 */

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

/** The limits the task pane reads another version with (docs/workbook-files.md: "roi diff" and the pane). */
export const LIGHT_LIMITS: LightLimits = {
  fileBytes: 50 * 1024 * 1024,
  entries: 10_000,
  partBytes: 64 * 1024 * 1024,
  totalBytes: 128 * 1024 * 1024,
  ratio: 200,
  cells: 1_000_000,
};
