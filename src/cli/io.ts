/**
 * Where the `roi` verbs read and write: their streams (CliIo: the process's, or test
 * doubles), an input workbook read with every failure an XlsxError with a one-line reason,
 * and the one atomic write every verb that writes a file uses.
 *
 * The atomic write, decided once for every verb (`roi recalc --out`, `--in-place`, freeze,
 * thaw, `roi model`):
 * - the bytes are checked first (a package that does not open is never written);
 * - the output must be a regular file or not exist: a device node, a FIFO, a directory or a
 *   symbolic link is refused with one line (a symbolic link is not followed: name the file
 *   it points to; following it would let a link planted in a shared folder redirect the
 *   write to any file the user can write);
 * - the bytes go to a temporary file beside it, with a random name, created exclusively
 *   (O_EXCL, O_NOFOLLOW: an existing file or a planted link makes the create fail, never
 *   a write through it), written and flushed, given the original's mode (a new file:
 *   0666 less the umask, as any file the user creates), then renamed over the output;
 * - on any failure the temporary file is removed and the output is untouched.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XlsxError } from '../xlsx/errors';
import { LIMITS, tooLarge } from '../xlsx/limits';
import { XlsxPackage } from '../xlsx/package';

/** A verb's streams. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function readError(e: unknown): XlsxError {
  if (e instanceof XlsxError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new XlsxError('no such file', 'missing');
  if (code === 'EACCES' || code === 'EPERM') return new XlsxError('permission denied (cannot read it)', 'unreadable');
  if (code === 'EISDIR') return new XlsxError('it is a directory, not a file', 'unreadable');
  return new XlsxError(`cannot read it (${code ?? (e as Error).message})`, 'unreadable');
}

/** A file's bytes, refusing what is not a regular file and what is over the size limit (read no further than it). */
export function readInputFile(file: string): Uint8Array {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new XlsxError('it is a directory, not a file', 'unreadable');
    if (!st.isFile()) throw new XlsxError('not a regular file (a device, a pipe or a socket)', 'unreadable');
    if (st.size > LIMITS.fileBytes.value) throw tooLarge('fileBytes', 'the file is larger', st.size);
    // Read what is there, at most one byte past the limit (a file growing while it is read is not followed).
    const buf = Buffer.allocUnsafe(Math.min(st.size, LIMITS.fileBytes.value) + 1);
    let n = 0;
    for (;;) {
      const got = fs.readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    if (n > LIMITS.fileBytes.value) throw tooLarge('fileBytes', 'the file is larger', n);
    return new Uint8Array(buf.buffer, buf.byteOffset, Math.min(n, st.size));
  } catch (e) {
    throw readError(e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function readWorkbookFile(file: string): XlsxPackage {
  return XlsxPackage.open(readInputFile(file), path.basename(file));
}

function writeError(file: string, e: unknown): XlsxError {
  if (e instanceof XlsxError)
    return e.reason === 'write-failed' ? e : new XlsxError(`cannot write ${file}: ${e.message}`, 'write-failed');
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such directory'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOSPC'
          ? 'no space left on the device'
          : (code ?? (e as Error).message);
  return new XlsxError(`cannot write ${file} (${why})`, 'write-failed');
}

/**
 * What an existing output is, as the atomic write sees it: undefined when it does not
 * exist, its mode when it is a regular file; XlsxError for anything else.
 */
export function outputMode(file: string): number | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw writeError(file, e);
  }
  if (st.isSymbolicLink())
    throw new XlsxError(
      `cannot write ${file}: it is a symbolic link (not followed; name the file it points to)`,
      'write-failed',
    );
  if (st.isDirectory()) throw new XlsxError(`cannot write ${file}: it is a directory`, 'write-failed');
  if (!st.isFile())
    throw new XlsxError(`cannot write ${file}: not a regular file (a device, a pipe or a socket)`, 'write-failed');
  return st.mode & 0o777;
}

/**
 * Writes a workbook's bytes to `file` atomically (see the top of this file). The bytes are
 * opened as a package first: something that is not a sound .xlsx is never written.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  XlsxPackage.open(bytes, path.basename(file));
  const mode = outputMode(file);
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);
    fd = fs.openSync(tmp, flags, mode ?? 0o666);
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // The output may have changed while we wrote (a link planted since): check again, then replace.
    outputMode(file);
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean up */
    }
    throw writeError(file, e);
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
