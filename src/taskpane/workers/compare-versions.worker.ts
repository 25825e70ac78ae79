/**
 * The Web Worker the Review view compares versions in, so that reading a large or hostile
 * file never freezes Excel's task pane: one request in (the other file's bytes and the
 * open workbook as read), one reply out. Built by webpack as the entry "roi-compare"
 * (roi-compare.js, one file), fetched only when a file is chosen.
 */
import { compareVersions, type CompareRequest } from './compare-versions';

const scope = globalThis as unknown as {
  addEventListener(type: 'message', listener: (e: MessageEvent<CompareRequest>) => void): void;
  postMessage(message: unknown): void;
};

scope.addEventListener('message', (e) => {
  void compareVersions(e.data).then((reply) => scope.postMessage(reply));
});
