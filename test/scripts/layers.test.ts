/**
 * The layers `npm run lint` checks. The dependency rules (.dependency-cruiser.cjs) catch what they are for:
 * on a small tree of modules laid out like src/, a core module importing a higher layer,
 * an import circle, a view reaching the engine and the add-in reaching HyperFormula through a
 * lazy view each fail the check with their rule named; a tree that keeps the rules passes.
 * (That src/ itself keeps them is `npm run lint`'s own run of the same check.) The per-layer tsconfigs (tsconfig.layers.json) give the core no
 * DOM, Office or Node: a `document`, `Office` or `process` there fails tsc.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

const BIN = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

function depcruise(dir: string, ...extra: string[]) {
  return spawnSync(process.execPath, [BIN, 'src', '--config', CONFIG, ...extra], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/**
 * depcruise on `dir`'s src/ with the project's config: its exit status as `npm run lint` runs
 * it (the JSON reporter exits 0 whatever it finds), and the violations it names (the same
 * run with the JSON reporter).
 */
function cruise(dir: string): { status: number | null; violations: Violation[] } {
  const out = JSON.parse(depcruise(dir, '--output-type', 'json').stdout) as { summary: { violations: Violation[] } };
  return { status: depcruise(dir).status, violations: out.summary.violations };
}

/** A throwaway tree: { "src/core/a.ts": "import ..." }, with a tsconfig.json and the packages it names. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-layers-'));
  const all = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx' },
    }),
    'node_modules/hyperformula/package.json': JSON.stringify({ name: 'hyperformula', main: 'index.js' }),
    'node_modules/hyperformula/index.js': 'module.exports = {};',
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the layer rules', () => {
  test('a layer violation, a circle, a view on the engine and the add-in reaching HyperFormula each fail', () => {
    const dir = tree({
      // core importing the ground floor above it
      'src/core/args.ts': "import { cellA1 } from '../base/a1';\nexport const x = cellA1;\n",
      'src/base/a1.ts': 'export const cellA1 = 1;\n',
      // a circle inside one layer
      'src/formula/one.ts': "import { two } from './two';\nexport const one = two;\n",
      'src/formula/two.ts': "import { one } from './one';\nexport const two = one;\n",
      // the task pane loads a view lazily; the view reaches the engine, which loads HyperFormula
      'src/taskpane/index.tsx': "export const view = () => import('./views/ReviewView');\n",
      'src/taskpane/views/ReviewView.tsx': "import { evaluate } from '../../engine/hf';\nexport default evaluate;\n",
      'src/engine/hf.ts': "import HyperFormula from 'hyperformula';\nexport const evaluate = HyperFormula;\n",
    });
    dirs.push(dir);
    const { status, violations } = cruise(dir);
    expect(status).not.toBe(0);
    const named = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(named).toEqual(
      expect.arrayContaining([
        'core-imports-nothing-of-ours: src/core/args.ts -> src/base/a1.ts',
        expect.stringMatching(/^no-circular: src\/formula\/(one|two)\.ts -> src\/formula\/(one|two)\.ts$/),
        'views-never-call-excel: src/taskpane/views/ReviewView.tsx -> src/engine/hf.ts',
        expect.stringMatching(
          /^addin-stays-light: src\/taskpane\/index\.tsx -> (src\/engine\/hf\.ts|node_modules\/hyperformula)/,
        ),
      ]),
    );
  });

  // src/ itself: `npm run lint` runs the same check on it (and CI runs lint).
  test('a tree that keeps the rules passes', () => {
    const dir = tree({
      'src/core/args.ts': 'export const x = 1;\n',
      'src/base/a1.ts': "import { x } from '../core/args';\nexport const cellA1 = x;\n",
      'src/engine/hf.ts':
        "import HyperFormula from 'hyperformula';\nimport { cellA1 } from '../base/a1';\nexport const e = [HyperFormula, cellA1];\n",
    });
    dirs.push(dir);
    const r = depcruise(dir);
    expect(r.stdout).toMatch(/no dependency violations found/);
    expect(r.status).toBe(0);
  });
});

describe('the per-layer tsconfig', () => {
  test('document, Office and process do not exist for the core', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-tsc-'));
    dirs.push(dir);
    fs.copyFileSync(path.join(ROOT, 'tsconfig.layers.json'), path.join(dir, 'tsconfig.layers.json'));
    fs.mkdirSync(path.join(dir, 'src/core'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'src/core/tsconfig.layer.json'), path.join(dir, 'src/core/tsconfig.layer.json'));
    fs.writeFileSync(
      path.join(dir, 'src/core/leak.ts'),
      'export const leak = () => [document.title, Office.context, process.pid, Math.max(1, 2)];\n',
    );
    const layers = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.layers.json'), 'utf8'));
    layers.references = [{ path: 'src/core/tsconfig.layer.json' }];
    fs.writeFileSync(path.join(dir, 'tsconfig.layers.json'), JSON.stringify(layers));
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.layers.json'],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).not.toBe(0);
    for (const name of ['document', 'Office', 'process'])
      expect(r.stdout).toMatch(new RegExp(`leak\\.ts.*Cannot find name '${name}'`));
    expect(r.stdout).not.toMatch(/Math/);
  });
});
