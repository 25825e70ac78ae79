/**
 * build/stdlib-aliases.js is a static table of the @stdlib files functions.js takes
 * instead of each package's index.js. Checked here against the installed packages, so an
 * @stdlib upgrade that changes what an index.js does fails a test instead of silently
 * bundling different code. (That the table misses no package the bundle reaches is checked
 * on the real build, in build.test.ts.)
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import {
  CHOSEN,
  MAIN_ONLY,
  STDLIB_ALIASES,
  UNREACHED,
  UNREACHED_SHIM,
  indexOnlyReexportsMain,
  stdlibFile,
  unreachedAliases,
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

test('the files the core never reaches: each, by its path and its real path, is an alias of the throwing stand-in', () => {
  const aliases = unreachedAliases();
  for (const [pkg, files] of Object.entries(UNREACHED))
    for (const f of files) {
      const file = stdlibFile(pkg, f);
      expect({ f, exists: existsSync(file) }).toEqual({ f, exists: true });
      expect({ f, alias: aliases[file], real: aliases[realpathSync(file)] }).toEqual({
        f,
        alias: UNREACHED_SHIM,
        real: UNREACHED_SHIM,
      });
    }
  expect(new Set(Object.values(aliases))).toEqual(new Set([UNREACHED_SHIM]));
  expect(existsSync(UNREACHED_SHIM)).toBe(true);
  // Only those: the files the incomplete beta uses for whole numbers are no alias.
  for (const other of [
    stdlibFile('math-base-special-kernel-betainc', 'ibeta_fraction2.js'),
    stdlibFile('math-base-special-kernel-betainc', 'binomial_ccdf.js'),
    stdlibFile('math-base-special-beta', 'lanczos_sum_expg_scaled.js'),
  ])
    expect({ other, alias: aliases[other] }).toEqual({ other, alias: undefined });
});
