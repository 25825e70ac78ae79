/**
 * Figure 4: gzipped sizes of what Excel loads, from a real production build
 * (`webpack --mode production` with the project's webpack.config.js, into a temporary
 * output path): the functions bundle (target at most 30 KB) and the task pane's first
 * screen, every script the page loads plus the first view's if it is lazy (target at most
 * 140 KB, issue 16.2; the budgets are in build/budgets.js), with what each KB of it is;
 * the first screen loads none of the packages it does not draw at first; and the functions
 * bundle must not contain React, Fluent UI or HyperFormula.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from '../lib/bundled';
import { fmtBytes } from '../lib/measure';
import { atMost, notMeasured, type FigureLine, type FigureResult } from '../lib/report';
import { decodeMappings, type SourceMapLike } from '../lib/sourcemap';
import { FIRST_SCREEN_BUDGET, FIRST_SCREEN_TARGET, FUNCTIONS_TARGET, NOT_ON_FIRST_SCREEN } from '../../build/budgets';

export function gzipSize(buf: Buffer | string): number {
  return zlib.gzipSync(buf, { level: 9 }).length;
}

export interface ScriptTag {
  src: string;
  /** true for http(s):// or protocol-relative sources (not served from our build). */
  external: boolean;
  /** type="module" nomodule etc. are kept for the report. */
  attributes: string;
}

/** The <script src> tags of an HTML page, in order (works on minified, unquoted attributes). */
export function scriptTags(html: string): ScriptTag[] {
  const out: ScriptTag[] = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of withoutComments.matchAll(/<script\b([^>]*)>/gi)) {
    const attrs = m[1];
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
    if (!src) continue;
    const value = src[1] ?? src[2] ?? src[3];
    out.push({ src: value, external: /^(https?:)?\/\//i.test(value), attributes: attrs.trim() });
  }
  return out;
}

/**
 * The stylesheets an HTML page links (`<link rel="stylesheet" href>`), in order: they are part
 * of the first screen like its scripts (none today: Griffel's rules are inserted by its
 * runtime from the scripts, but a build that extracted CSS to a file would be counted).
 */
export function stylesheetLinks(html: string): ScriptTag[] {
  const out: ScriptTag[] = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of withoutComments.matchAll(/<link\b([^>]*)>/gi)) {
    const attrs = m[1];
    if (!/\brel\s*=\s*["']?stylesheet\b/i.test(attrs)) continue;
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
    if (!href) continue;
    const value = href[1] ?? href[2] ?? href[3];
    out.push({ src: value, external: /^(https?:)?\/\//i.test(value), attributes: attrs.trim() });
  }
  return out;
}

/** Strings that only appear in a bundle that contains the library. */
export const MARKERS: Record<string, RegExp[]> = {
  React: [
    /react\.(transitional\.)?element/,
    /__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE/,
    /__SECRET_INTERNALS_DO_NOT_USE/,
    /react-dom/,
  ],
  'Fluent UI': [/@fluentui/, /fui-FluentProvider/, /griffel/i, /tabster/i],
  HyperFormula: [/HyperFormula/, /hyperformula/, /gpl-v3/],
  ExcelJS: [/exceljs/i],
};

/** Which markers a bundle's text contains, by library. */
export function findMarkers(text: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const [lib, patterns] of Object.entries(MARKERS)) {
    const hits = patterns.filter((p) => p.test(text)).map((p) => p.source);
    if (hits.length) found[lib] = hits;
  }
  return found;
}

/**
 * Bytes of the generated file attributed to each source, from its source map (each mapped
 * segment owns the text up to the next segment). Unmapped text counts as "(unmapped)".
 * With `text`, the attributed pieces of text are collected per source too.
 */
export function bytesBySource(
  generated: string,
  map: SourceMapLike,
  text?: Map<string, string[]>,
): Map<string, number> {
  const lines = generated.split('\n');
  const decoded = decodeMappings(map.mappings);
  const out = new Map<string, number>();
  const add = (k: string, line: string, from: number, to: number) => {
    const n = Math.max(0, to - from);
    out.set(k, (out.get(k) ?? 0) + n);
    if (text && n) {
      const list = text.get(k) ?? [];
      list.push(line.slice(from, to));
      text.set(k, list);
    }
  };
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const segs = decoded[li] ?? [];
    if (segs.length === 0 || segs[0][0] > 0) add('(unmapped)', line, 0, segs.length ? segs[0][0] : line.length);
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const end = i + 1 < segs.length ? segs[i + 1][0] : line.length;
      add(seg.length === 4 ? (map.sources[seg[1]] ?? '(unknown)') : '(unmapped)', line, seg[0], end);
    }
    if (li < lines.length - 1) out.set('(unmapped)', (out.get('(unmapped)') ?? 0) + 1);
  }
  return out;
}

/** "node_modules/@stdlib/math-base-special-betainc/lib/main.js" -> "@stdlib/*"; src files -> "src/core" etc. */
export function packageOf(source: string): string {
  const s = source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^\.\//, '');
  const nm = s.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = s.slice(nm + 'node_modules/'.length).split('/');
    if (rest[0] === '@stdlib') return '@stdlib/* (betainc, normal quantile and their helpers)';
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const parts = s.split('/');
  if (parts[0] === 'src' && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  if (s.startsWith('(')) return s;
  return parts[0].startsWith('webpack') ? '(webpack runtime)' : s;
}

export interface BundleOptions {
  /** Reuse an existing production output instead of building (tests, quick runs). */
  outputPath?: string;
}

export async function bundleFigure(opts: BundleOptions = {}): Promise<FigureResult> {
  const id = 'bundle';
  const title = '4. Bundle sizes (gzipped) of what Excel loads';
  if (!fs.existsSync(path.join(ROOT, 'webpack.config.js')))
    return { id, title, lines: [notMeasured('bundles', 'webpack.config.js')], details: [] };
  const details: string[] = [];
  let outDir = opts.outputPath;
  if (!outDir) {
    outDir = path.join(ROOT, 'node_modules', '.cache', 'roi-bench', `dist-${process.pid}`);
    const r = build(outDir, statsFile(outDir));
    if (r.status !== 0) {
      const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-8).join(' | ');
      return {
        id,
        title,
        lines: [{ label: 'production build', absolute: `webpack failed (exit ${r.status}): ${tail}`, verdict: 'FAIL' }],
        details: ['```', `${r.stdout}\n${r.stderr}`.slice(-4000), '```'],
      };
    }
  }
  const stats = opts.outputPath ? undefined : statsFile(outDir);
  try {
    return measureOutput(outDir, details, stats && fs.existsSync(stats) ? firstViewChunks(stats) : undefined);
  } finally {
    if (!opts.outputPath) fs.rmSync(outDir, { recursive: true, force: true });
    if (stats) fs.rmSync(stats, { force: true });
  }
}

/** Where the build writes webpack's stats (beside its output folder, not in it). */
function statsFile(outDir: string): string {
  return `${outDir}.stats.json`;
}

/** A production build with the project's webpack.config.js into outDir, its stats as JSON in `stats`. */
function build(outDir: string, stats: string) {
  fs.rmSync(outDir, { recursive: true, force: true });
  return spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'),
      '--mode',
      'production',
      '--output-path',
      outDir,
      '--json',
      stats,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ADDIN_BASE_URL: process.env.ADDIN_BASE_URL ?? 'https://outcome-roi.example.com' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

/** Gzipped bytes of each package's part of a script (its mapped text gzipped alone; the parts add up to about the whole). */
export function gzipByPackage(outDir: string, file: string): Array<[string, number, number]> {
  const mapFile = path.join(outDir, `${file}.map`);
  if (!fs.existsSync(mapFile)) return [];
  const text = fs.readFileSync(path.join(outDir, file), 'utf8');
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
  const pieces = new Map<string, string[]>();
  bytesBySource(text, map, pieces);
  const byPkg = new Map<string, string[]>();
  for (const [source, parts] of pieces) {
    const k = packageOf(source);
    const list = byPkg.get(k) ?? [];
    list.push(...parts);
    byPkg.set(k, list);
  }
  return [...byPkg.entries()]
    .map(([k, parts]): [string, number, number] => [k, parts.join('').length, gzipSize(parts.join(''))])
    .sort((a, b) => b[2] - a[2]);
}

/**
 * The chunk of the view the task pane shows first (the first row of VIEWS in
 * src/taskpane/views/index.ts) when that view is lazy (`lazy(() => import(...))`);
 * undefined when it is imported with the page (then the page's scripts hold it).
 */
export function firstViewChunkName(viewsSource: string): string | undefined {
  const rows = viewsSource.slice(viewsSource.indexOf('VIEWS'));
  const first = /component:\s*([^}]*)/.exec(rows)?.[1] ?? '';
  return /lazy\(/.test(first) ? /webpackChunkName:\s*["']([^"']+)["']/.exec(first)?.[1] : undefined;
}

export interface FirstView {
  /** Its chunk name, e.g. "view-model". */
  name: string;
  /** Every script (and stylesheet) its import() fetches (its own chunk and the shared chunks it needs). */
  files: string[];
}

/** The first view's chunk group from webpack's stats (namedChunkGroups), or undefined. */
export function firstViewChunks(statsPath: string): FirstView | undefined {
  const viewsFile = path.join(ROOT, 'src', 'taskpane', 'views', 'index.ts');
  if (!fs.existsSync(viewsFile)) return undefined;
  const name = firstViewChunkName(fs.readFileSync(viewsFile, 'utf8'));
  if (!name) return undefined;
  const stats = JSON.parse(fs.readFileSync(statsPath, 'utf8')) as {
    namedChunkGroups?: Record<string, { assets?: Array<{ name: string } | string> }>;
  };
  const group = stats.namedChunkGroups?.[name];
  if (!group?.assets) return undefined;
  const files = group.assets
    .map((a) => (typeof a === 'string' ? a : a.name))
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  return { name, files };
}

export function measureOutput(outDir: string, details: string[] = [], firstView?: FirstView): FigureResult {
  const id = 'bundle';
  const title = '4. Bundle sizes (gzipped) of what Excel loads';
  const lines: FigureLine[] = [];
  const read = (f: string) => fs.readFileSync(path.join(outDir, f));

  // The functions bundle (the manifest's Functions.Script.Url).
  const functionsFile = 'functions.js';
  if (!fs.existsSync(path.join(outDir, functionsFile))) {
    return { id, title, lines: [notMeasured('functions bundle', `${functionsFile} not in the build output`)], details };
  }
  const fnBuf = read(functionsFile);
  const fnGz = gzipSize(fnBuf);
  lines.push({
    label: 'functions.js (custom functions)',
    ratio: fnGz / FUNCTIONS_TARGET,
    absolute: `${fmtBytes(fnGz)} gzipped, ${fmtBytes(fnBuf.length)} minified`,
    target: `<= ${FUNCTIONS_TARGET / 1024} KB`,
    verdict: atMost(fnGz, FUNCTIONS_TARGET),
  });

  const markers = findMarkers(fnBuf.toString('utf8'));
  let mapSources: string[] = [];
  const mapFile = path.join(outDir, `${functionsFile}.map`);
  if (fs.existsSync(mapFile)) {
    const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
    mapSources = map.sources;
  }
  const forbiddenSources = mapSources.filter((s) =>
    /node_modules\/(react|react-dom|scheduler|@fluentui|@griffel|hyperformula|exceljs)\//.test(s),
  );
  const clean = Object.keys(markers).length === 0 && forbiddenSources.length === 0;
  lines.push({
    label: 'functions.js has no React, Fluent UI, HyperFormula or ExcelJS',
    absolute: clean
      ? `no marker strings, and none of their files among the ${mapSources.length} sources of its source map`
      : `found: ${Object.entries(markers)
          .map(([k, v]) => `${k} (${v.join(', ')})`)
          .join('; ')} ${forbiddenSources.slice(0, 3).join(', ')}`,
    target: 'none',
    verdict: clean ? 'PASS' : 'FAIL',
  });

  // The first screen: every script the task pane page loads, then the first view's chunks if it is lazy.
  const htmlFile = path.join(outDir, 'taskpane.html');
  if (!fs.existsSync(htmlFile)) {
    lines.push(notMeasured('task pane first screen', 'taskpane.html not in the build output'));
    return { id, title, lines, details };
  }
  const screen = firstScreen(outDir, firstView);
  const rows: string[] = ['| script | minified | gzipped |', '| --- | --- | --- |'];
  for (const src of screen.external) rows.push(`| ${src} (Microsoft's CDN, not ours) | | not counted |`);
  for (const f of screen.files)
    rows.push(
      `| ${f.file}${f.page ? '' : ' (first view, import())'} | ${fmtBytes(f.minified)} | ${fmtBytes(f.gzipped)} |`,
    );
  rows.push(`| **first screen, all our scripts** | | **${fmtBytes(screen.total)}** |`);
  const names = screen.files.map((f) => f.file).join(' + ');
  lines.push({
    label: 'task pane first screen (page + Model view), all scripts',
    ratio: screen.total / FIRST_SCREEN_TARGET,
    absolute: `${fmtBytes(screen.total)} gzipped: ${names}${screen.external.length ? " (plus office.js from Microsoft's CDN, not counted)" : ''}`,
    target: `<= ${FIRST_SCREEN_TARGET / 1024} KB`,
    verdict: atMost(screen.total, FIRST_SCREEN_TARGET),
  });
  lines.push({
    label: "task pane first screen against the build test's budget (today's size and 2 KB of headroom)",
    ratio: screen.total / FIRST_SCREEN_BUDGET,
    absolute: `${fmtBytes(screen.total)} gzipped`,
    target: `<= ${FIRST_SCREEN_BUDGET / 1024} KB`,
    verdict: atMost(screen.total, FIRST_SCREEN_BUDGET),
  });
  const drawnLater = notDrawnOnFirstScreen(
    outDir,
    screen.files.map((f) => f.file),
  );
  lines.push({
    label:
      'the first screen loads nothing it does not draw at first (tooltips, message bars, selects, radios, tables, spinners, progress bars, dialogs, menus, the dark theme, CSV and zip code)',
    absolute: drawnLater.length
      ? `found: ${drawnLater.slice(0, 6).join(', ')}`
      : `none of ${NOT_ON_FIRST_SCREEN.length} such packages among the sources of its scripts' source maps`,
    target: 'none',
    verdict: drawnLater.length ? 'FAIL' : 'PASS',
  });

  const lazy = fs
    .readdirSync(outDir)
    .filter((f) => f.endsWith('.js') && !screen.files.some((x) => x.file === f) && f !== functionsFile)
    .map((f) => `${f} (${fmtBytes(gzipSize(read(f)))})`);

  details.push(
    "**Method.** A production build with the project's own webpack.config.js (`webpack --mode production --output-path <temporary directory>`), then each emitted script gzipped with zlib at level 9. The first screen is every `<script src>` (and `<link rel=stylesheet>`, none today) of the emitted taskpane.html (the shared-runtime page, which loads functions.js too) and, when the first view of src/taskpane/views/index.ts is lazy, the chunks its `import()` fetches at once (from webpack's stats); today the Model view is imported with the page, so the page's scripts are the whole first screen. office.js comes from Microsoft's CDN, is the same for every add-in, and is not counted. The ratios printed are size / target; the budgets are in build/budgets.js, and test/build/build.test.ts asserts the budget and the list of packages the first screen must not load.",
    rows.join('\n'),
    lazy.length ? `Loaded later (lazy chunks, not counted): ${lazy.join(', ')}.` : 'No lazy chunks in this build.',
  );
  const parts = (file: string) =>
    gzipByPackage(outDir, file)
      .slice(0, 6)
      .map(([k, min, gz]) => `${k} ${fmtBytes(gz)} (${fmtBytes(min)} minified)`)
      .join('; ');
  details.push(
    "**What each script is made of** (each package's part of the minified text, found through the source maps, gzipped alone; the parts add up to a little more than the whole, which compresses across them):",
    [functionsFile, ...screen.files.map((f) => f.file).filter((f) => f !== functionsFile)]
      .map((f) => `- ${f}: ${parts(f)}`)
      .join('\n'),
  );
  details.push(...whatEachKbIs(outDir, screen));
  details.push(
    `**What keeps functions.js small** (${fnGz <= FUNCTIONS_TARGET ? `${fmtBytes(FUNCTIONS_TARGET - fnGz)} under its target` : `${fmtBytes(fnGz - FUNCTIONS_TARGET)} over its target`}): ` +
      'it imports the runtime table of the functions (src/core/functions.ts), not their help text (src/core/docs.ts, merged into FUNCTIONS by src/core/catalog.ts for functions.json and the reference); ' +
      "webpack.config.js's `STDLIB_ALIASES` point @stdlib packages at the files their index.js picks in a browser (no typed-array or defineProperty polyfills, no printf-style formatter, no eval-based generator detection, no unused factories, no index-only modules), the same maths with fewer modules; " +
      "and production builds use webpack's shortest module, chunk and export ids ('size').",
  );
  if (fnGz > FUNCTIONS_TARGET) {
    const fnParts = new Map(gzipByPackage(outDir, functionsFile).map(([k, , gz]) => [k, gz]));
    const stdlib = [...fnParts.entries()].filter(([k]) => k.startsWith('@stdlib')).reduce((a, [, n]) => a + n, 0);
    const core = fnParts.get('src/core') ?? 0;
    const runtime = [...fnParts.entries()].filter(([k]) => k === '(webpack runtime)').reduce((x, [, n]) => x + n, 0);
    details.push(
      `**Why functions.js is over its target.** Of its ${fmtBytes(fnGz)}, about ${fmtBytes(stdlib)} is @stdlib: \`@stdlib/math-base-special-betainc\` and \`@stdlib/stats-base-dists-normal-quantile\` (src/core/numeric.ts) with the incomplete beta and gamma kernels, erfinv, pow, a factorial table and trigonometric range reduction, already without the polyfills, factories and formatter that webpack.config.js's \`STDLIB_ALIASES\` leave out; the core is about ${fmtBytes(core)} (its help text is in src/core/docs.ts, which functions.js does not load), and webpack's runtime about ${fmtBytes(runtime)} (it carries the task pane's chunk loading, since taskpane.js depends on functions.js). ` +
        "What is left is the maths itself: the target is not met by replacing @stdlib's incomplete beta with a hand-written one.",
    );
  }
  return { id, title, lines, details };
}

export interface ScreenFile {
  file: string;
  /** A <script src> of the page (false: a chunk of the lazy first view). */
  page: boolean;
  minified: number;
  gzipped: number;
}

export interface FirstScreen {
  files: ScreenFile[];
  /** Scripts from other hosts (office.js), not counted. */
  external: string[];
  total: number;
}

/** The scripts of the task pane's first screen in an output folder: the page's, then the lazy first view's. */
export function firstScreen(outDir: string, firstView?: FirstView): FirstScreen {
  const html = fs.readFileSync(path.join(outDir, 'taskpane.html'), 'utf8');
  const tags = [...scriptTags(html), ...stylesheetLinks(html)];
  const page = tags.filter((t) => !t.external).map((t) => t.src.replace(/^\.?\//, '').split(/[?#]/)[0]);
  const view = (firstView?.files ?? []).filter((f) => !page.includes(f) && fs.existsSync(path.join(outDir, f)));
  const files = [...page.map((f) => [f, true] as const), ...view.map((f) => [f, false] as const)].map(
    ([file, onPage]): ScreenFile => {
      const buf = fs.readFileSync(path.join(outDir, file));
      return { file, page: onPage, minified: buf.length, gzipped: gzipSize(buf) };
    },
  );
  return {
    files,
    external: tags.filter((t) => t.external).map((t) => t.src),
    total: files.reduce((a, f) => a + f.gzipped, 0),
  };
}

/** The sources (from the source maps) of `files` that belong to a package of NOT_ON_FIRST_SCREEN. */
export function notDrawnOnFirstScreen(outDir: string, files: readonly string[]): string[] {
  const found = new Set<string>();
  for (const f of files) {
    const mapFile = path.join(outDir, `${f}.map`);
    if (!fs.existsSync(mapFile)) continue;
    const { sources } = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources: string[] };
    for (const src of sources) {
      const hit = NOT_ON_FIRST_SCREEN.find((p) => src.includes(`node_modules/${p}`));
      if (hit) found.add(`${hit} in ${f}`);
    }
  }
  return [...found];
}

/** What each part of the first screen is, for the table of docs/performance.md (package -> group and what it does). */
const PARTS: Array<[RegExp, string, string]> = [
  [/^react-dom$|^react$|^scheduler$/, 'React', 'react-dom 18 (the renderer), react, scheduler'],
  [/^src\/core$/, 'functions.js: the ROI functions', 'the calculation core (src/core), which the preview uses too'],
  [/^@stdlib/, 'functions.js: the ROI functions', 'the incomplete beta and normal quantile (@stdlib)'],
  [
    /^src\/functions$|^\(webpack runtime\)$|^\(unmapped\)$/,
    'webpack runtime, glue',
    "Excel's wrappers, chunk loading, module glue",
  ],
  [
    /^@fluentui\/tokens$|^@fluentui\/react-provider$/,
    'Fluent UI: theme',
    'the light theme as computed when building, `tokens` as a Proxy (build/fluent-tokens.js), and FluentProvider',
  ],
  [
    /^@griffel|^stylis$|^rtl-css-js$|^@emotion/,
    'Fluent UI: styling runtime',
    "Griffel's runtime: inserts the rules computed when building (@griffel/webpack-loader), mergeClasses",
  ],
  [
    /^@fluentui\/react-button$/,
    'Fluent UI: controls drawn',
    'Button (Build model, Update model, Add stage, the stage tools)',
  ],
  [
    /^@fluentui\/react-(input|field|label)$/,
    'Fluent UI: controls drawn',
    'Input, Field and Label (every box of the form)',
  ],
  [
    /^@fluentui\/react-(text|icons)$/,
    'Fluent UI: controls drawn',
    "Text (Body1, Caption1, Subtitle2) and the fields' validation icons",
  ],
  [
    /^@fluentui\/|^keyborg$/,
    'Fluent UI: shared',
    'utilities, focus-visible (keyborg), ARIA helpers, contexts, JSX runtime',
  ],
  [
    /^src\/features$/,
    'our code',
    'the model: field table, inputs, plan, preview, reading the model sheet back (src/features/model; its writes, write.ts, load on the first Build or Update)',
  ],
  [
    /^src\/taskpane$/,
    'our code',
    "the shell, tab strip, Model view, form state, editors, preview panel, and their styles' rules (src/taskpane)",
  ],
  [/^src\/base$/, 'our code', 'A1 references, the number formatter, error text (src/base)'],
  [
    /^src\/workbook$/,
    'our code',
    "Excel's adapter of the WorkbookPort, its reading half (the write half, excel-write.ts, loads on the first write)",
  ],
];

/** "What each KB of the first screen is": its parts by package, grouped, each gzipped alone. */
export function whatEachKbIs(outDir: string, screen: FirstScreen): string[] {
  const byPart = new Map<string, { group: string; what: string; gz: number; pkgs: Set<string> }>();
  for (const f of screen.files) {
    for (const [pkg, , gz] of gzipByPackage(outDir, f.file)) {
      const part = PARTS.find(([re]) => re.test(pkg));
      const [group, what] = part ? [part[1], part[2]] : ['other', pkg];
      const row = byPart.get(what) ?? { group, what, gz: 0, pkgs: new Set<string>() };
      row.gz += gz;
      row.pkgs.add(pkg);
      byPart.set(what, row);
    }
  }
  const rows = [...byPart.values()];
  const groups = [...new Set(rows.map((r) => r.group))]
    .map((g) => ({ g, gz: rows.filter((r) => r.group === g).reduce((a, r) => a + r.gz, 0) }))
    .sort((a, b) => b.gz - a.gz);
  const sum = rows.reduce((a, r) => a + r.gz, 0);
  const table = ['| part | what it is | gzipped |', '| --- | --- | --- |'];
  for (const { g, gz } of groups) {
    table.push(`| **${g}** | | **${fmtBytes(gz)}** |`);
    for (const r of rows.filter((x) => x.group === g).sort((a, b) => b.gz - a.gz))
      table.push(`| | ${r.what} | ${fmtBytes(r.gz)} |`);
  }
  const react = groups.find((x) => x.g === 'React')?.gz ?? 0;
  const fn = screen.files.find((f) => f.file === 'functions.js')?.gzipped ?? 0;
  const ours = groups.find((x) => x.g === 'our code')?.gz ?? 0;
  const fluent = groups.filter((x) => x.g.startsWith('Fluent')).reduce((a, x) => a + x.gz, 0);
  const out = [
    `**What each KB of the first screen is** (${fmtBytes(screen.total)} as the browser receives it; the parts below, each gzipped alone, add up to ${fmtBytes(sum)}: gzip does better across a whole file than on its pieces):`,
    table.join('\n'),
  ];
  const drawnOnly =
    "Everything in it is drawn on it: the page's scripts hold no component, theme or library that the first screen does not show (the line above checks it), and what shows only later loads later (src/taskpane/components/later.tsx: message bars, selects, radios, the scenario table, spinners; the dark theme; the dialogs; the other views; the writes, src/workbook/excel-write.ts and src/features/model/write.ts, on the first write; the icon buttons' tips are CSS, components/IconTip.tsx, not Fluent's Tooltip with floating-ui).";
  const what = `What remains is React (${fmtBytes(react)}), functions.js (${fmtBytes(fn)}: the shared-runtime page must load it, since Excel registers the custom functions as that page loads, and the preview uses its core, so it is on the page once), our own code (about ${fmtBytes(ours)}: the model and its preview, the form, Excel's adapter's reading half) and Fluent UI (about ${fmtBytes(fluent)}: the controls drawn, the theme, and Griffel's runtime).`;
  const why =
    "Why it is this size: React 18.3 instead of 19 (22.7 KB less: react-dom 18 is that much smaller gzipped, and the pane uses nothing 19 added; README, dependencies); Griffel's build-time styles (@griffel/webpack-loader: our makeStyles calls are compiled when building, as Fluent UI's own packages are published, so stylis, rtl-css-js and the style resolver stay out of the browser: about 10 KB less of Fluent UI, 3.5 KB more of our code for the computed rules, 6.4 KB less in all); Fluent's `tokens` object and light theme replaced by what they evaluate to (build/fluent-tokens.js, 6.5 KB less); and the writes loaded on the first Build or Update, not with the page (Excel's adapter's write half, src/workbook/excel-write.ts, 2.7 KB less; the model's writes, src/features/model/write.ts, 0.9 KB less). " +
    "Not taken: extracting the styles to a CSS file (@griffel/webpack-extraction-plugin writes one stylesheet for every chunk, so the lazy views' rules would join the first screen); moving the @stdlib maths out of functions.js (Excel must find every function registered as the runtime loads, and synchronous functions cannot wait for a chunk); a smaller React (Preact's compat layer: not a renderer Fluent UI supports, and not measured here).";
  if (screen.total > FIRST_SCREEN_TARGET)
    out.push(`**Why the first screen is over ${FIRST_SCREEN_TARGET / 1024} KB.** ${drawnOnly} ${what} ${why}`);
  else
    out.push(
      `**What the first screen is, within ${FIRST_SCREEN_TARGET / 1024} KB** (${fmtBytes(FIRST_SCREEN_TARGET - screen.total)} under). ${drawnOnly} ${what} ${why}`,
    );
  return out;
}
