/**
 * The page's side of the workbench's Open worker (open.worker.ts): reads a file in the
 * worker, passing on its progress, and resolves to the plain data buildOpened turns into
 * the grid. Its own module because `new Worker(new URL(..., import.meta.url))` is webpack's
 * syntax for a worker bundle, which only the browser build reads: the page loads this
 * module when a file is opened.
 */
import type { Progress } from '../../xlsx/progress';
import type { OpenedFile } from './open';

type Reply = { progress: { step: string; done?: number; total?: number } } | { file: OpenedFile } | { error: string };

/** Reads `bytes` in a worker. Rejects with the file's one-line reason; `signal` stops the worker. */
export function readInWorker(
  bytes: Uint8Array,
  name: string,
  progress?: Progress,
  signal?: AbortSignal,
): Promise<OpenedFile> {
  const worker = new Worker(new URL('./open.worker.ts', import.meta.url));
  return new Promise<OpenedFile>((resolve, reject) => {
    const stop = () => {
      worker.terminate();
      reject(new Error('Opening was cancelled.'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    const finish = () => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
    };
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const m = e.data;
      if ('progress' in m) progress?.(m.progress.step, m.progress.done, m.progress.total);
      else if ('file' in m) {
        finish();
        resolve(m.file);
      } else {
        finish();
        reject(new Error(m.error));
      }
    };
    worker.onerror = (e) => {
      finish();
      reject(new Error(e.message || 'The file could not be read (the reader stopped).'));
    };
    worker.postMessage({ bytes, name }, [bytes.buffer]);
  });
}
