/**
 * Starts the comparison's Web Worker (webpack turns the URL into the worker's own chunk)
 * and runs one request in it. In a module of its own because `import.meta` is for the
 * browser build only: the tests run the same request in-process instead.
 */
import type { CompareReply, CompareRequest } from './compare-versions';

/** Long enough for the largest file the reader takes on a slow machine; a hung worker is ended. */
const TIMEOUT_MS = 180_000;

export function runInWorker(req: CompareRequest): Promise<CompareReply> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./compare-versions.worker.ts', import.meta.url), { name: 'roi-compare' });
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
