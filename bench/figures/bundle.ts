/**
 * Figure 4: gzipped sizes of what Excel loads, from a real production build
 * (`webpack --mode production` with the project's webpack.config.js, into a temporary
 * output path): the functions bundle (target at most 30 KB) and every script the task pane
 * page loads at first (target at most 160 KB); and the functions bundle must not contain
 * React, Fluent UI or HyperFormula.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from '../lib/bundled';
import { fmtBytes } from '../lib/measure';
import { atMost, notMeasured, type FigureLine, type FigureResult } from '../lib/report';
import { decodeMappings, type SourceMapLike } from '../lib/sourcemap';

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

/** The view the task pane shows first: the first lazily imported view of src/taskpane/views/index.ts. */
export function firstViewChunkName(viewsSource: string): string | undefined {
  return /webpackChunkName:\s*["']([^"']+)["']/.exec(viewsSource)?.[1];
}

export interface FirstView {
  /** Its chunk name, e.g. "view-model". */
  name: string;
  /** Every script its import() fetches (its own chunk and the shared chunks it needs). */
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
  const files = group.assets.map((a) => (typeof a === 'string' ? a : a.name)).filter((f) => f.endsWith('.js'));
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
    ratio: fnGz / (30 * 1024),
    absolute: `${fmtBytes(fnGz)} gzipped, ${fmtBytes(fnBuf.length)} minified`,
    target: '<= 30 KB',
    verdict: atMost(fnGz, 30 * 1024),
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

  // The task pane page: every script it loads at first.
  const htmlFile = path.join(outDir, 'taskpane.html');
  if (!fs.existsSync(htmlFile)) {
    lines.push(notMeasured('task pane first load', 'taskpane.html not in the build output'));
    return { id, title, lines, details };
  }
  const tags = scriptTags(fs.readFileSync(htmlFile, 'utf8'));
  const rows: string[] = ['| script | minified | gzipped |', '| --- | --- | --- |'];
  let total = 0;
  const external: string[] = [];
  for (const t of tags) {
    if (t.external) {
      external.push(t.src);
      rows.push(`| ${t.src} (Microsoft's CDN, not ours) | | not counted |`);
      continue;
    }
    const file = path.join(outDir, t.src.replace(/^\.?\//, '').split(/[?#]/)[0]);
    const buf = fs.readFileSync(file);
    const gz = gzipSize(buf);
    total += gz;
    rows.push(`| ${t.src} | ${fmtBytes(buf.length)} | ${fmtBytes(gz)} |`);
  }
  rows.push(`| **total of our scripts** | | **${fmtBytes(total)}** |`);
  const ours = tags.filter((t) => !t.external).map((t) => t.src);
  lines.push({
    label: 'task pane page, all scripts loaded at first',
    ratio: total / (160 * 1024),
    absolute: `${fmtBytes(total)} gzipped: ${ours.join(' + ')}${external.length ? ` (plus office.js from Microsoft's CDN, not counted)` : ''}`,
    target: '<= 160 KB',
    verdict: atMost(total, 160 * 1024),
  });
  // The view on screen at first is itself lazily loaded: what its import() fetches right
  // after the page's scripts, for information (the target counts the page's scripts).
  let viewNote = '';
  if (firstView) {
    const files = firstView.files.filter((f) => !ours.includes(f) && fs.existsSync(path.join(outDir, f)));
    const sizes = files.map((f) => [f, gzipSize(read(f))] as const);
    const viewTotal = sizes.reduce((x, [, n]) => x + n, 0);
    lines.push({
      label: `first screen: the page's scripts, then the first view's chunks (${firstView.name}, fetched at once with import())`,
      ratio: (total + viewTotal) / (160 * 1024),
      absolute: `${fmtBytes(total + viewTotal)} gzipped: ${fmtBytes(total)} + ${sizes.map(([f, n]) => `${f} ${fmtBytes(n)}`).join(' + ')}`,
      verdict: 'INFO',
    });
    viewNote =
      `**The first view.** The task pane shows ${firstView.name.replace(/^view-/, 'the ')} view first, and every view, this one included, is loaded with \`import()\` (src/taskpane/views/index.ts), so the page's scripts above are followed at once by ${files.length} more: ` +
      `${sizes.map(([f, n]) => `${f} (${fmtBytes(n)})`).join(', ')}, ${fmtBytes(viewTotal)} in all (the view and the Fluent components, model builder and positioning code it needs). ` +
      'The target counts the scripts of the page; the screen is complete once these have loaded too.';
  }
  const lazy = fs
    .readdirSync(outDir)
    .filter((f) => f.endsWith('.js') && !ours.includes(f) && f !== functionsFile)
    .map((f) => `${f} (${fmtBytes(gzipSize(read(f)))})`);

  details.push(
    '**Method.** A production build with the project\'s own webpack.config.js (`webpack --mode production --output-path <temporary directory>`), then each emitted script gzipped with zlib at level 9. "Loaded at first" is every `<script src>` of the emitted taskpane.html (the shared-runtime page, which loads functions.js too); chunks loaded later with `import()` are not in it. office.js comes from Microsoft\'s CDN, is the same for every add-in, and is not counted. The ratios printed are size / target.',
    rows.join('\n'),
    lazy.length ? `Loaded later (lazy chunks, not counted): ${lazy.join(', ')}.` : 'No lazy chunks in this build.',
    ...(viewNote ? [viewNote] : []),
  );
  const parts = (file: string) =>
    gzipByPackage(outDir, file)
      .slice(0, 6)
      .map(([k, min, gz]) => `${k} ${fmtBytes(gz)} (${fmtBytes(min)} minified)`)
      .join('; ');
  details.push(
    "**What each script is made of** (each package's part of the minified text, found through the source maps, gzipped alone; the parts add up to about the whole):",
    [functionsFile, ...ours.filter((f) => f !== functionsFile)].map((f) => `- ${f}: ${parts(f)}`).join('\n'),
  );
  if (total > 160 * 1024) {
    // Packages of functions.js that the page loads a second time in another first-load script.
    const inFunctions = new Set(
      gzipByPackage(outDir, functionsFile)
        .map(([k]) => k)
        .filter((k) => !k.startsWith('(')),
    );
    let twice = 0;
    const where: string[] = [];
    for (const f of ours.filter((x) => x !== functionsFile)) {
      for (const [k, , gz] of gzipByPackage(outDir, f)) {
        if (inFunctions.has(k)) {
          twice += gz;
          where.push(`${k} in ${f} (${fmtBytes(gz)})`);
        }
      }
    }
    const fluent = ours.filter((f) => f.startsWith('fluent')).map((f) => gzipSize(read(f)));
    details.push(
      `**Why the first load is over 160 KB.** React (react-dom) is about 65 KB of it and cannot shrink much${fluent.length ? `; Fluent UI's first-load chunk is ${fmtBytes(fluent[0])} (the components the pane's frame uses; those only the lazy views use stay in their chunks)` : ''}. ${
        twice
          ? `The page loads ${fmtBytes(twice)} twice: functions.js and the task pane's own chunks each carry ${where.join(', ')}.`
          : "Nothing is loaded twice: taskpane.js uses the core and @stdlib that functions.js, loaded first, already holds (`dependOn: 'functions'` in webpack.config.js)."
      } The rest is functions.js (below).`,
    );
  }
  details.push(
    `**What keeps functions.js small** (${fnGz <= 30 * 1024 ? `${fmtBytes(30 * 1024 - fnGz)} under its target` : `${fmtBytes(fnGz - 30 * 1024)} over its target`}): ` +
      'it imports the runtime table of the functions (src/core/functions.ts), not their help text (src/core/docs.ts, merged into FUNCTIONS by src/core/catalog.ts for functions.json and the reference); ' +
      "webpack.config.js's `STDLIB_ALIASES` point @stdlib packages at the files their index.js picks in a browser (no typed-array or defineProperty polyfills, no printf-style formatter, no eval-based generator detection, no unused factories, no index-only modules), the same maths with fewer modules; " +
      "and production builds use webpack's shortest module, chunk and export ids ('size').",
  );
  if (fnGz > 30 * 1024) {
    const fnParts = new Map(gzipByPackage(outDir, functionsFile).map(([k, , gz]) => [k, gz]));
    const stdlib = [...fnParts.entries()].filter(([k]) => k.startsWith('@stdlib')).reduce((a, [, n]) => a + n, 0);
    const core = fnParts.get('src/core') ?? 0;
    const runtime = [...fnParts.entries()].filter(([k]) => k === '(webpack runtime)').reduce((x, [, n]) => x + n, 0);
    details.push(
      `**Why functions.js is over 30 KB.** Of its ${fmtBytes(fnGz)}, about ${fmtBytes(stdlib)} is @stdlib: \`@stdlib/math-base-special-betainc\` and \`@stdlib/stats-base-dists-normal-quantile\` (src/core/numeric.ts) with the incomplete beta and gamma kernels, erfinv, pow, a factorial table and trigonometric range reduction, already without the polyfills, factories and formatter that webpack.config.js's \`STDLIB_ALIASES\` leave out; the core is about ${fmtBytes(core)} (its help text is in src/core/docs.ts, which functions.js does not load), and webpack's runtime about ${fmtBytes(runtime)} (it carries the task pane's chunk loading, since taskpane.js depends on functions.js). ` +
        "What is left is the maths itself: the target is not met by replacing @stdlib's incomplete beta with a hand-written one.",
    );
  }
  return { id, title, lines, details };
}
