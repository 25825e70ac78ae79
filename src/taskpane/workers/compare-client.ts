/**
 * The main-thread half of "Compare with another version", loaded only when the reviewer
 * picks a file: refuse a file too large before reading it, read the open workbook through
 * the port, hand both to the comparison's Web Worker, and put the answer in words. The file is read locally; nothing leaves
 * the machine.
 */
import { readCurrentBook, summarize, type Comparison, type Side } from '../../features/review/compare';
import type { WorkbookPort } from '../../workbook/port';
import { LIGHT_LIMITS } from '../../workbook/light-limits';
import type { CompareReply, CompareRequest } from './compare-versions';

export type CompareRunner = (req: CompareRequest) => Promise<CompareReply>;

/** The worker's file, beside the task pane's page (webpack.config.js builds it as the entry "roi-compare"). */
export const COMPARE_WORKER = 'roi-compare.js';

/** Long enough for the largest file the reader takes on a slow machine; a hung worker is ended. */
const TIMEOUT_MS = 180_000;

/**
 * Runs one request in the comparison's Web Worker. A host without workers is told so
 * rather than made to read the file on the pane's only thread (every browser and Office
 * webview the add-in supports has them).
 */
export function runInWorker(req: CompareRequest): Promise<CompareReply> {
  if (typeof Worker !== 'function')
    return Promise.resolve({
      ok: false,
      message: 'this host cannot read it in the background (it has no Web Workers)',
    });
  return new Promise((resolve) => {
    const worker = new Worker(COMPARE_WORKER, { name: 'roi-compare' });
    const done = (reply: CompareReply) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(reply);
    };
    const timer = setTimeout(
      () => done({ ok: false, message: 'reading it took too long and was stopped' }),
      TIMEOUT_MS,
    );
    worker.onmessage = (e: MessageEvent<CompareReply>) => done(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      done({ ok: false, message: `it could not be read (${e.message || 'the reader stopped'})` });
    };
    worker.postMessage(req, [req.bytes.buffer]);
  });
}

async function bytesOf(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsArrayBuffer(file);
  });
}

/** Compares the open workbook with a file the reviewer chose. Throws an Error whose message names the file. */
export async function compareWithFile(
  port: WorkbookPort,
  file: File,
  side: Side,
  run: CompareRunner = runInWorker,
): Promise<Comparison> {
  const limit = LIGHT_LIMITS.fileBytes;
  if (file.size > limit)
    throw new Error(
      `${file.name}: too large to compare here (${(file.size / 1024 / 1024).toFixed(1)} MB; at most ${limit / 1024 / 1024} MB). Compare the two files with roi diff instead.`,
    );
  const current = await readCurrentBook(port);
  const reply = await run({ bytes: await bytesOf(file), current, side });
  if (!reply.ok) throw new Error(`${file.name}: ${reply.message}`);
  return summarize(reply.diff, side, file.name, { calcOnLoad: reply.calcOnLoad });
}
