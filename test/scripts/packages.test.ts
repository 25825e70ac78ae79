/**
 * The tools are pinned and listed (issue 17.6), and a clean `npm ci` stays free of native
 * builds: office-addin-debugging is an exact devDependency run from node_modules/.bin (no
 * `npx --yes` fetching a tool at run time), HyperFormula is held to the minor version whose
 * internals src/engine/hf.ts reads, and `.npmrc`'s legacy-peer-deps keeps the Microsoft 365
 * CLI (a peer dependency of office-addin-dev-settings, with the native keytar) out of the
 * lockfile. docs/build.md ("Sideloading into Excel") says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; peer?: boolean; hasInstallScript?: boolean }>;
};

/** The installed version of a package, as the lockfile pins it. */
const locked = (name: string) => lock.packages[`node_modules/${name}`]?.version;

describe('pinned, listed tools', () => {
  test('office-addin-debugging is an exact devDependency, and the sideloading scripts run that copy', () => {
    expect(pkg.devDependencies['office-addin-debugging']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(locked('office-addin-debugging')).toBe(pkg.devDependencies['office-addin-debugging']);
    for (const name of ['start:desktop', 'start:web', 'stop'])
      expect(pkg.scripts[name]).toMatch(/^office-addin-debugging (start|stop) manifest\.xml\b/);
  });

  test('no script fetches a tool when it runs (npx --yes, or npx of a package not installed)', () => {
    const installed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
    for (const [name, script] of Object.entries(pkg.scripts)) {
      expect({ name, fetches: /npx\s+(--yes|-y)\b/.test(script) }).toEqual({ name, fetches: false });
      for (const m of script.matchAll(/npx\s+([@\w][\w./@-]*)/g)) {
        const tool = m[1].replace(/(.)@.*$/, '$1');
        expect({
          name,
          tool,
          installed: installed.has(tool) || fs.existsSync(path.join(ROOT, 'node_modules', '.bin', tool)),
        }).toEqual({
          name,
          tool,
          installed: true,
        });
      }
    }
  });

  test("HyperFormula is held to one minor version: the plugin reads the engine's internals", () => {
    const range = pkg.dependencies.hyperformula;
    expect(range).toMatch(/^~\d+\.\d+\.\d+$/);
    const [major, minor] = range.slice(1).split('.');
    expect(locked('hyperformula')).toMatch(new RegExp(`^${major}\\.${minor}\\.\\d+$`));
  });

  test('peer dependencies are not installed for us, so the Microsoft 365 CLI and keytar stay out', () => {
    const npmrc = fs.readFileSync(path.join(ROOT, '.npmrc'), 'utf8');
    expect(npmrc).toMatch(/^legacy-peer-deps=true$/m);
    const names = Object.keys(lock.packages);
    expect(
      names.filter((n) => /@microsoft\/(m365agentstoolkit-cli|teamsapp-cli|teamsfx-core)|\/keytar$/.test(n)),
    ).toEqual([]);
    // Packages present only as someone's peer dependency: none (each is also a direct dependency).
    expect(names.filter((n) => lock.packages[n].peer)).toEqual([]);
  });

  test('the packages that run an install script are the three known ones, each shipping prebuilt binaries', () => {
    const scripted = Object.keys(lock.packages).filter((n) => lock.packages[n].hasInstallScript);
    expect(scripted.sort()).toEqual([
      'node_modules/@parcel/watcher',
      'node_modules/esbuild',
      'node_modules/unrs-resolver',
    ]);
  });
});
