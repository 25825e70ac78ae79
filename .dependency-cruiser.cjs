/**
 * The layers of src/, checked by dependency-cruiser in `npm run lint`
 * (`depcruise src --config .dependency-cruiser.cjs`). From the ground up:
 *
 *   core      the maths and the function table            imports nothing of ours
 *   base      A1, the number formatter, batch vocabulary  core
 *   formula   formula text, cell XML text, ledger format  core, base
 *   xlsx      package surgery, the one new-file writer    core, base, formula (no HyperFormula)
 *   engine    HyperFormula and workbook evaluation        core, base, formula, xlsx
 *   files     recalc, freeze, thaw, check on files        core, base, formula, xlsx, engine
 *   workbook  the WorkbookPort and its adapters; excel.ts and port.ts never reach the engine
 *   features  the views' logic, through the WorkbookPort only
 *   taskpane  the React views; workbench, cli on top
 *
 * and what the add-in loads (functions.ts, the task pane) never reaches HyperFormula
 * (GPL), ExcelJS, saxes, the engine, package surgery, file operations or the CLI.
 * test/build/depcruise.test.ts shows a layer violation and a circle failing these rules.
 */
const ours = (...layers) => `^src/(${layers.join('|')})/`;
const notOurs = (...allowed) => `^src/(?!(${allowed.join('|')})/)`;
const HEAVY = '^node_modules/(hyperformula|exceljs|saxes)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles anywhere: each module stands on the ones below it.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/core is the maths: it depends on no other folder of the project.',
      from: { path: ours('core') },
      to: { path: notOurs('core') },
    },
    {
      name: 'base-on-core-only',
      severity: 'error',
      comment: 'src/base is the ground floor: core only, and no package.',
      from: { path: ours('base') },
      to: { pathNot: `${ours('core', 'base')}|^node_modules/@stdlib/` },
    },
    {
      name: 'formula-on-core-and-base',
      severity: 'error',
      comment: 'src/formula is pure formula text (it ships in the add-in): core and base only, no XML parser.',
      from: { path: ours('formula') },
      to: { pathNot: `${ours('core', 'base', 'formula')}|^node_modules/@stdlib/` },
    },
    {
      name: 'xlsx-is-surgery-only',
      severity: 'error',
      comment: 'src/xlsx edits packages: no HyperFormula, nothing above it.',
      from: { path: ours('xlsx') },
      to: { path: `${notOurs('core', 'base', 'formula', 'xlsx')}|^node_modules/hyperformula/` },
    },
    {
      name: 'engine-below-files',
      severity: 'error',
      comment: 'src/engine evaluates: core, base, formula, xlsx and HyperFormula.',
      from: { path: ours('engine') },
      to: { path: notOurs('core', 'base', 'formula', 'xlsx', 'engine') },
    },
    {
      name: 'files-below-the-views',
      severity: 'error',
      comment: 'src/files (recalc, freeze, thaw, check) knows nothing of the port, the views or the CLI.',
      from: { path: ours('files') },
      to: { path: notOurs('core', 'base', 'formula', 'xlsx', 'engine', 'files') },
    },
    {
      name: 'port-and-excel-adapter-stay-light',
      severity: 'error',
      comment: 'The WorkbookPort and the Excel adapter ship in the add-in: no engine, no package surgery, no CLI.',
      from: { path: '^src/workbook/(port|excel|excel-cells|excel-write|sheet-source)\\.ts$' },
      to: {
        path: `${ours('engine', 'xlsx', 'files', 'cli', 'features', 'taskpane', 'workbench')}|${HEAVY}|^src/workbook/(engine|xlsx-file)\\.ts$`,
      },
    },
    {
      name: 'features-through-the-port',
      severity: 'error',
      comment:
        "The views' logic reaches workbooks through the WorkbookPort only: no adapter, engine, files, CLI, ExcelJS.",
      from: { path: ours('features') },
      to: {
        path: `${ours('engine', 'xlsx', 'files', 'cli', 'taskpane', 'workbench')}|${HEAVY}|^src/workbook/(engine|excel|excel-cells|excel-write|xlsx-file)\\.ts$`,
      },
    },
    {
      name: 'views-never-call-excel',
      severity: 'error',
      comment: 'React views and their state use the WorkbookPort they are given; only the entry wires an adapter.',
      from: { path: '^src/taskpane/(views|components|state)/' },
      to: {
        path: `${ours('engine', 'xlsx', 'files', 'cli', 'workbench')}|${HEAVY}|^src/workbook/(engine|excel|excel-cells|excel-write|xlsx-file)\\.ts$`,
      },
    },
    {
      name: 'grid-reads-a-sheet-source',
      severity: 'error',
      comment: "The workbench grid draws from the SheetSource interface, never from the engine adapter's HyperFormula.",
      from: { path: '^src/workbench/grid/' },
      to: { path: `^src/workbook/(engine|excel|excel-cells|excel-write|xlsx-file)\\.ts$|${ours('engine', 'xlsx', 'files', 'cli')}|${HEAVY}` },
    },
    {
      name: 'addin-stays-light',
      severity: 'error',
      comment:
        'Nothing Excel loads (the custom functions and the task pane, lazy views included, and the Web Workers the pane starts, which no import reaches) reaches HyperFormula (GPL), ExcelJS, saxes, the engine, package surgery, file operations or the CLI.',
      from: { path: '^src/(functions/functions\\.ts|taskpane/index\\.tsx|taskpane/workers/[^/]+\\.worker\\.ts)$' },
      to: { path: `${ours('engine', 'xlsx', 'files', 'cli')}|${HEAVY}`, reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
