/**
 * Figure 4: gzipped sizes of what Excel loads, from a real production build
 * (`webpack --mode production` with the project's webpack.config.js, into a temporary
 * output path): the functions bundle (target at most 30 KB) and every script the task pane
 * page loads at first (target at most 160 KB); and the functions bundle must not contain
 * React, Fluent UI or HyperFormula.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from '../lib/bundled';
import { fmtBytes } from '../lib/measure';
import { atMost, notMeasured, type FigureLine, type FigureResult } from '../lib/report';

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
  React: [/react\.(transitional\.)?element/, /__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE/, /__SECRET_INTERNALS_DO_NOT_USE/, /react-dom/],
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

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Bytes of the generated file attributed to each source, from its source map (each mapped
 * segment owns the text up to the next segment). Unmapped text counts as "(unmapped)".
 */
export function bytesBySource(generated: string, map: { sources: string[]; mappings: string }, text?: Map<string, string[]>): Map<string, number> {
  const lines = generated.split('\n');
  const out = new Map<string, number>();
  let li = 0;
  let from = 0;
  const add = (k: string, n: number) => {
    out.set(k, (out.get(k) ?? 0) + n);
    if (text) {
      const list = text.get(k) ?? [];
      list.push(lines[li].slice(from, from + n));
      text.set(k, list);
      from += n;
    }
  };
  let source = 0;
  const mapLines = map.mappings.split(';');
  for (li = 0; li < lines.length; li++) {
    const line = lines[li];
    from = 0;
    const segs: Array<[number, number | undefined]> = [];
    let col = 0;
    for (const seg of (mapLines[li] ?? '').split(',')) {
      if (!seg) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        value += (d & 31) << shift;
        if (d & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += fields[0];
      if (fields.length >= 4) {
        source += fields[1];
        segs.push([col, source]);
      } else {
        segs.push([col, undefined]);
      }
    }
    if (segs.length === 0 || segs[0][0] > 0) add('(unmapped)', segs.length ? segs[0][0] : line.length);
    for (let i = 0; i < segs.length; i++) {
      const start = segs[i][0];
      const end = i + 1 < segs.length ? segs[i + 1][0] : line.length;
      const s = segs[i][1];
      add(s === undefined ? '(unmapped)' : map.sources[s] ?? '(unknown)', Math.max(0, end - start));
    }
    if (li < lines.length - 1) {
      out.set('(unmapped)', (out.get('(unmapped)') ?? 0) + 1);
    }
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
  if (!fs.existsSync(path.join(ROOT, 'webpack.config.js'))) return { id, title, lines: [notMeasured('bundles', 'webpack.config.js')], details: [] };
  const details: string[] = [];
  let outDir = opts.outputPath;
  if (!outDir) {
    const functionsJson = path.join(ROOT, 'src', 'functions', 'functions.json');
    if (!fs.existsSync(functionsJson)) {
      // A fresh clone: the build needs the generated functions.json (npm run build runs it as prebuild).
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/gen-functions-json.ts'], { cwd: ROOT, stdio: 'pipe' });
      details.push('src/functions/functions.json was missing and was generated first (`npm run gen`), as `npm run build` does.');
    }
    outDir = path.join(ROOT, 'node_modules', '.cache', 'roi-bench', `dist-${process.pid}`);
    fs.rmSync(outDir, { recursive: true, force: true });
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode', 'production', '--output-path', outDir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ADDIN_BASE_URL: process.env.ADDIN_BASE_URL ?? 'https://outcome-roi.example.com' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) {
      const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-8).join(' | ');
      return { id, title, lines: [{ label: 'production build', absolute: `webpack failed (exit ${r.status}): ${tail}`, verdict: 'FAIL' }], details: ['```', `${r.stdout}\n${r.stderr}`.slice(-4000), '```'] };
    }
  }
  try {
    return measureOutput(outDir, details);
  } finally {
    if (!opts.outputPath) fs.rmSync(outDir, { recursive: true, force: true });
  }
}

export function measureOutput(outDir: string, details: string[] = []): FigureResult {
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
  lines.push({ label: 'functions.js (custom functions)', ratio: fnGz / (30 * 1024), absolute: `${fmtBytes(fnGz)} gzipped, ${fmtBytes(fnBuf.length)} minified`, target: '<= 30 KB', verdict: atMost(fnGz, 30 * 1024) });

  const markers = findMarkers(fnBuf.toString('utf8'));
  let mapSources: string[] = [];
  const mapFile = path.join(outDir, `${functionsFile}.map`);
  let breakdown: Array<[string, number]> = [];
  if (fs.existsSync(mapFile)) {
    const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
    mapSources = map.sources;
    const bySource = bytesBySource(fnBuf.toString('utf8'), map);
    const byPkg = new Map<string, number>();
    for (const [s, n] of bySource) byPkg.set(packageOf(s), (byPkg.get(packageOf(s)) ?? 0) + n);
    breakdown = [...byPkg.entries()].sort((a, b) => b[1] - a[1]);
  }
  const forbiddenSources = mapSources.filter((s) => /node_modules\/(react|react-dom|scheduler|@fluentui|@griffel|hyperformula|exceljs)\//.test(s));
  const clean = Object.keys(markers).length === 0 && forbiddenSources.length === 0;
  lines.push({
    label: 'functions.js has no React, Fluent UI, HyperFormula or ExcelJS',
    absolute: clean
      ? `no marker strings, and none of their files among the ${mapSources.length} sources of its source map`
      : `found: ${Object.entries(markers).map(([k, v]) => `${k} (${v.join(', ')})`).join('; ')} ${forbiddenSources.slice(0, 3).join(', ')}`,
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
  const lazy = fs
    .readdirSync(outDir)
    .filter((f) => f.endsWith('.js') && !ours.includes(f) && f !== functionsFile)
    .map((f) => `${f} (${fmtBytes(gzipSize(read(f)))})`);

  details.push(
    '**Method.** A production build with the project\'s own webpack.config.js (`webpack --mode production --output-path <temporary directory>`), then each emitted script gzipped with zlib at level 9. "Loaded at first" is every `<script src>` of the emitted taskpane.html (the shared-runtime page, which loads functions.js too); chunks loaded later with `import()` are not in it. office.js comes from Microsoft\'s CDN, is the same for every add-in, and is not counted. The ratios printed are size / target.',
    rows.join('\n'),
    lazy.length ? `Loaded later (lazy chunks, not counted): ${lazy.join(', ')}.` : 'No lazy chunks in this build.',
  );
  if (breakdown.length) {
    const fnTotal = breakdown.reduce((a, [, n]) => a + n, 0);
    details.push(
      `**What functions.js is made of** (minified bytes by package, from its source map; gzip shrinks each part by a similar factor, ${(fnBuf.length / fnGz).toFixed(1)}x on average):`,
      ['| package | minified bytes | share |', '| --- | --- | --- |', ...breakdown.slice(0, 12).map(([k, n]) => `| ${k} | ${fmtBytes(n)} | ${((100 * n) / fnTotal).toFixed(0)}% |`)].join('\n'),
    );
  }
  return { id, title, lines, details };
}
