/**
 * The workbench's Open, off the page: a Web Worker that reads an .xlsx file's bytes
 * (readXlsx: unzip, limits, sheets, evaluation, styles), or a .csv file's (readCsv: size
 * limit, decoding, Papa Parse, the workbench's rows and cells), and posts back plain data,
 * with progress on the way. A zip bomb, a far corner cell or a sheet of millions of cells costs
 * this worker, never the page, which stays responsive and can stop it.
 *
 * Messages: in, { bytes, name }; out, { progress: { step, done?, total? } } as it goes, then
 * { file } or { error } (one line).
 */
import { errorText } from '../../base/error-text';
import { readXlsx } from './open';
import { isCsvName, readCsv } from './open-csv';

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ bytes: Uint8Array; name: string }>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;

/** At most one progress message every 100 ms. */
let last = 0;

scope.onmessage = (e) => {
  try {
    const read = isCsvName(e.data.name) ? readCsv : readXlsx;
    const file = read(e.data.bytes, e.data.name, (step, done, total) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      scope.postMessage({ progress: { step, done, total } });
    });
    scope.postMessage({ file });
  } catch (err) {
    scope.postMessage({ error: err instanceof RangeError ? `too large: ${err.message}` : errorText(err) });
  }
};
