/**
 * Where the `roi` verbs read and write: their streams (CliIo: the process's, or test
 * doubles), an input workbook read with every failure an XlsxError with a one-line reason,
 * and the one atomic write every verb that writes a file uses: a temporary file in the
 * same directory, renamed only once complete and re-read successfully.
 */
import * as fs from 'fs';
import * as path from 'path';
import { XlsxError } from '../xlsx/errors';
import { XlsxPackage } from '../xlsx/package';

/** A verb's streams. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function readWorkbookFile(file: string): XlsxPackage {
  let bytes: Uint8Array;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new XlsxError('it is a directory, not a file', 'unreadable');
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    if (e instanceof XlsxError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new XlsxError('no such file', 'missing');
    if (code === 'EACCES' || code === 'EPERM') throw new XlsxError('permission denied (cannot read it)', 'unreadable');
    throw new XlsxError(`cannot read it (${code ?? (e as Error).message})`, 'unreadable');
  }
  return XlsxPackage.open(bytes, path.basename(file));
}

/** Writes bytes to `file` atomically: a temp file beside it, then a rename. */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  // Never write something we cannot read back as a workbook.
  XlsxPackage.open(bytes, path.basename(file));
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(tmp, bytes, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean up */
    }
    const code = (e as NodeJS.ErrnoException).code;
    throw new XlsxError(
      `cannot write ${file} (${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : (code ?? (e as Error).message)})`,
      'write-failed',
    );
  }
}

/** Same file? (resolves paths; also catches hard links when both exist). */
export function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}
