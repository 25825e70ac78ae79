/**
 * The one atomic write every verb uses (src/cli/io.ts writeFileAtomic): a temporary file
 * beside the output with a random name, created exclusively and never through a link, and
 * on any failure the output untouched and nothing left behind.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { buildWorkbook } from '../helpers/xlsx-fixtures';

// The real file system, with its open and write watched (a namespace import cannot be spied
// on). The tests' transform does not hoist jest.mock (build/jest-transform.js), so what it
// mocks is required after it.
jest.mock('node:fs', () => {
  const real = jest.requireActual<typeof import('node:fs')>('node:fs');
  return { ...real, openSync: jest.fn(real.openSync), writeSync: jest.fn(real.writeSync) };
});
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require('node:fs') as typeof import('node:fs');
const { writeFileAtomic } = require('../../src/cli/io') as typeof import('../../src/cli/io');
/* eslint-enable @typescript-eslint/no-require-imports */
const openSync = fs.openSync as unknown as jest.Mock;
const writeSync = fs.writeSync as unknown as jest.Mock;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-io-'));
});
afterEach(() => {
  openSync.mockClear();
  fs.rmSync(dir, { recursive: true, force: true });
});

const book = () =>
  buildWorkbook({ sheets: [{ name: 'Sheet1', sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });

test('the temporary file has a random name and is created exclusively, never through a link', () => {
  const out = path.join(dir, 'out.xlsx');
  writeFileAtomic(out, book());
  writeFileAtomic(out, book());
  const opens = openSync.mock.calls.map(([file, flags]) => ({ file: String(file), flags: flags as number }));
  expect(opens).toHaveLength(2);
  for (const o of opens) {
    expect(path.dirname(o.file)).toBe(dir);
    expect(path.basename(o.file)).toMatch(/^\.out\.xlsx\.[0-9a-f]{16}\.tmp$/);
    expect(o.flags & fs.constants.O_EXCL).toBe(fs.constants.O_EXCL);
    expect(o.flags & fs.constants.O_NOFOLLOW).toBe(fs.constants.O_NOFOLLOW);
  }
  expect(opens[0].file).not.toBe(opens[1].file);
  expect(fs.readdirSync(dir)).toEqual(['out.xlsx']);
});

test('a write that fails half way leaves the output as it was and no temporary file', () => {
  const out = path.join(dir, 'out.xlsx');
  fs.writeFileSync(out, 'the old bytes');
  writeSync.mockImplementationOnce(() => {
    throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
  });
  expect(() => writeFileAtomic(out, book())).toThrow(/^cannot write .*out\.xlsx \(no space left on the device\)$/);
  expect(fs.readFileSync(out, 'utf8')).toBe('the old bytes');
  expect(fs.readdirSync(dir)).toEqual(['out.xlsx']);
});

test('bytes that are not a workbook are never written', () => {
  const out = path.join(dir, 'out.xlsx');
  expect(() => writeFileAtomic(out, new TextEncoder().encode('not a zip'))).toThrow();
  expect(fs.readdirSync(dir)).toEqual([]);
});
