/**
 * Where the time goes, line by line: V8's sampling CPU profiler (the one behind
 * `node --cpu-prof`, driven here through node:inspector) over a loop of calls, with each
 * sampled line of a bundled module mapped back to its source file and line.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { decodeMappings, originalLine, type SourceMapLike } from './sourcemap';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  positionTicks?: Array<{ line: number; ticks: number }>;
}

interface Profile {
  nodes: ProfileNode[];
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

/** Sample `work` (called repeatedly) for about `ms` milliseconds. */
export async function sampleProfile(work: () => void, ms: number, intervalUs = 100): Promise<Profile> {
  const session = new inspector.Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: intervalUs });
    await post(session, 'Profiler.start');
    const end = Date.now() + ms;
    while (Date.now() < end) work();
    const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
    return profile;
  } finally {
    session.disconnect();
  }
}

export interface LineShare {
  /** "src/core/registry.ts:41" */
  where: string;
  code: string;
  share: number;
}

export interface ProfileSummary {
  samples: number;
  /** Share of samples in the garbage collector. */
  gc: number;
  /** Share of samples in the bundle (all its lines). */
  inBundle: number;
  lines: LineShare[];
}

/**
 * Shares of samples per source line of one bundled file (identified by `bundleFile`, whose
 * source map is `map`), the busiest first. Sources are read from `root` to show the code.
 */
export function summarizeProfile(
  profile: Profile,
  bundleFile: string,
  map: SourceMapLike,
  root: string,
  top = 10,
): ProfileSummary {
  const decoded = decodeMappings(map.mappings);
  let samples = 0;
  let gc = 0;
  let inBundle = 0;
  const byLine = new Map<string, number>();
  const bundleUrl = path.resolve(bundleFile);
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') continue;
    samples += hits;
    if (n.callFrame.functionName === '(garbage collector)') gc += hits;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    if (url !== bundleUrl) continue;
    inBundle += hits;
    for (const t of n.positionTicks ?? []) {
      const o = originalLine(decoded, map, t.line);
      const key = o ? `${o.source.replace(/^(\.\.\/)+/, '')}:${o.line}` : `(bundle):${t.line}`;
      byLine.set(key, (byLine.get(key) ?? 0) + t.ticks);
    }
  }
  const sourceLines = new Map<string, string[]>();
  const codeAt = (where: string) => {
    const m = /^(.*):(\d+)$/.exec(where);
    if (!m || m[1].startsWith('(')) return '';
    const file = path.join(root, m[1]);
    if (!sourceLines.has(file))
      sourceLines.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : []);
    return (sourceLines.get(file)![Number(m[2]) - 1] ?? '').trim();
  };
  const lines = [...byLine.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, ticks]) => ({ where, code: codeAt(where), share: samples ? ticks / samples : 0 }));
  return { samples, gc: samples ? gc / samples : 0, inBundle: samples ? inBundle / samples : 0, lines };
}

interface FullProfile {
  nodes: Array<ProfileNode & { children?: number[] }>;
}

/** "hyperformula", "src/files/plan.ts", "(garbage collector)" for a profile node. */
export function areaOf(url: string, functionName: string, root: string): string {
  if (!url) return functionName || '(native)';
  const u = url.replace(/^file:\/\//, '');
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (nm) return nm[1];
  if (u.startsWith(root)) return path.relative(root, u);
  return u.startsWith('node:') ? '(node internals)' : `(node internals: ${u.split('/').slice(-1)[0]})`;
}

/** Self and inclusive shares of samples per file or package, the busiest first. */
export function summarizeByArea(
  profile: FullProfile,
  root: string,
  top = 10,
): { self: Array<[string, number]>; inclusive: Array<[string, number]> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits || n.callFrame.functionName === '(idle)') continue;
    total += hits;
    const area = areaOf(n.callFrame.url, n.callFrame.functionName, root);
    self.set(area, (self.get(area) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const m = byId.get(id)!;
      if (m.callFrame.functionName === '(root)') continue;
      const a = areaOf(m.callFrame.url, m.callFrame.functionName, root);
      if (!seen.has(a)) {
        seen.add(a);
        inclusive.set(a, (inclusive.get(a) ?? 0) + hits);
      }
    }
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .map(([k, v]): [string, number] => [k, total ? v / total : 0])
      .sort((a, b) => b[1] - a[1])
      .slice(0, top);
  return { self: sorted(self), inclusive: sorted(inclusive) };
}
