/**
 * build/stdlib-aliases.js is a static table of the @stdlib files functions.js takes
 * instead of each package's index.js. Checked here against the installed packages, so an
 * @stdlib upgrade that changes what an index.js does fails a test instead of silently
 * bundling different code. (That the table misses no package the bundle reaches is checked
 * on the real build, in build.test.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import {
  CHOSEN,
  MAIN_ONLY,
  STDLIB_ALIASES,
  UNREACHED,
  UNREACHED_SHIM,
  indexOnlyReexportsMain,
  stdlibFile,
  unreachedFiles,
} from '../../build/stdlib-aliases';

test('every alias is an exact match of an installed file', () => {
  expect(Object.keys(STDLIB_ALIASES)).toHaveLength(MAIN_ONLY.length + Object.keys(CHOSEN).length);
  for (const [specifier, file] of Object.entries(STDLIB_ALIASES)) {
    expect(specifier).toMatch(/^@stdlib\/[a-z0-9-]+\$$/);
    expect({ specifier, exists: existsSync(file) }).toEqual({ specifier, exists: true });
  }
});

test.each(MAIN_ONLY)('@stdlib/%s: index.js still only re-exports main.js, so main.js is the same code', (pkg) => {
  expect(indexOnlyReexportsMain(pkg)).toBe(true);
});

test.each(Object.entries(CHOSEN))('@stdlib/%s: %s is still one of the files its index.js picks from', (pkg, file) => {
  expect(readFileSync(stdlibFile(pkg, 'index.js'), 'utf8')).toContain(`require( './${file}' )`);
});

test('the check is real: an index.js that does more than re-export is told apart', () => {
  expect(indexOnlyReexportsMain('math-base-tools-evalpoly')).toBe(false);
  expect(indexOnlyReexportsMain('array-float64')).toBe(false);
});

test('the files the core never reaches: the replacement pattern matches each of them and no other @stdlib file', () => {
  const pattern = unreachedFiles();
  for (const [pkg, files] of Object.entries(UNREACHED))
    for (const f of files) {
      expect({ f, exists: existsSync(stdlibFile(pkg, f)) }).toEqual({ f, exists: true });
      expect({ f, matched: pattern.test(stdlibFile(pkg, f)) }).toEqual({ f, matched: true });
    }
  for (const other of [
    stdlibFile('math-base-special-betainc', 'main.js'),
    stdlibFile('math-base-special-kernel-betainc', 'ibeta_fraction2.js'),
    stdlibFile('math-base-special-kernel-betainc', 'binomial_ccdf.js'),
    stdlibFile('math-base-special-beta', 'lanczos_sum_expg_scaled.js'),
  ])
    expect({ other, matched: pattern.test(other) }).toEqual({ other, matched: false });
  expect(existsSync(UNREACHED_SHIM)).toBe(true);
});
