/**
 * What must never reach the code Excel loads (functions.js, the task pane and its lazy
 * views, and the Web Workers they start): HyperFormula (GPLv3), ExcelJS and saxes (heavy; the engine and the CLI's package
 * surgery), and our own engine, package-surgery and command-line code. They belong to the
 * `roi` command, the tests and the workbench.
 *
 * One rule table, used twice: KeepEngineOutOfAddin fails a webpack build as soon as a
 * guarded bundle pulls one in (quick feedback while working), and offendersInStats() reads
 * a finished build's stats (`webpack --json`), which test/build/build.test.ts checks on the
 * real production build.
 */
const path = require('node:path');

/** A module path relative to the project, with forward slashes and no leading "./". */
function projectPath(file, context) {
  const rel = path.isAbsolute(file) ? path.relative(context, file) : file;
  return rel.split(path.sep).join('/').replace(/^\.\//, '');
}

const inPackage = (p, name) => new RegExp(`(^|/)node_modules/${name}/`).test(p);

/** Each rule: what it keeps out, and a test on the project-relative module path. */
const FORBIDDEN = [
  { what: 'HyperFormula (GPLv3)', test: (p) => inPackage(p, 'hyperformula') },
  { what: 'ExcelJS', test: (p) => inPackage(p, 'exceljs') },
  { what: 'saxes', test: (p) => inPackage(p, 'saxes') },
  { what: 'src/engine', test: (p) => p.startsWith('src/engine/') },
  { what: 'src/xlsx', test: (p) => p.startsWith('src/xlsx/') },
  { what: 'src/files', test: (p) => p.startsWith('src/files/') },
  { what: 'src/cli', test: (p) => p.startsWith('src/cli/') },
];

/** The rule a module path breaks, or undefined. */
function brokenRule(modulePath) {
  return FORBIDDEN.find((r) => r.test(modulePath));
}

/** "functions" pulls in X: a, b, c (and n more). */
function describeOffenders(entry, offenders) {
  const list = offenders.slice(0, 5).join(', ') + (offenders.length > 5 ? ` (and ${offenders.length - 5} more)` : '');
  const kinds = [...new Set(offenders.map((p) => brokenRule(p).what))].join(', ');
  return (
    `The "${entry}" bundle, which Excel loads, pulls in code that must stay out of it (${kinds}): ${list}. ` +
    'Import the engine, ExcelJS and package surgery only from the CLI, the tests or the workbench.'
  );
}

/**
 * Offending module paths per guarded entry, from a finished build's stats JSON
 * (`webpack --json`): every module in a chunk the entry loads, at once or lazily.
 * @param {any} stats
 * @param {string[]} entries
 * @returns {Record<string, string[]>}
 */
function offendersInStats(stats, entries) {
  // `webpack --json` writes the stats the config asks for; 'minimal' ones have no graph.
  if (!Array.isArray(stats.chunks) || !Array.isArray(stats.modules) || !stats.entrypoints)
    throw new Error("these stats have no chunks, modules or entrypoints: build with stats: 'normal' (or more)");
  const chunks = new Map(stats.chunks.map((c) => [c.id, c]));
  const out = {};
  for (const entry of entries) {
    const group = stats.entrypoints[entry];
    if (!group) continue;
    const reached = new Set();
    const queue = [...group.chunks];
    const walk = () => {
      while (queue.length > 0) {
        const id = queue.pop();
        if (reached.has(id)) continue;
        reached.add(id);
        for (const child of chunks.get(id)?.children ?? []) queue.push(child);
      }
    };
    walk();
    // Web Workers the bundle starts (`new Worker(new URL(...))`): no chunk lists them as
    // children; each of their chunks names the module that starts it as its origin.
    for (let grew = true; grew;) {
      grew = false;
      const inReached = new Set();
      for (const m of stats.modules)
        if ((m.chunks ?? []).some((id) => reached.has(id)))
          for (const inner of m.modules ?? [m])
            inReached.add(String(inner.name ?? '').replace(/ \+ \d+ modules?$/, ''));
      for (const c of stats.chunks) {
        if (reached.has(c.id)) continue;
        if ((c.origins ?? []).some((o) => o.request === undefined && inReached.has(String(o.moduleName ?? '')))) {
          queue.push(c.id);
          grew = true;
        }
      }
      walk();
    }
    const found = new Set();
    for (const m of stats.modules) {
      if (!(m.chunks ?? []).some((id) => reached.has(id))) continue;
      for (const inner of m.modules ?? [m]) {
        // Module names are relative to the build's context: "./src/core/index.ts".
        const p = projectPath(String(inner.name ?? '').replace(/ \+ \d+ modules?$/, ''), '.');
        if (brokenRule(p)) found.add(p);
      }
    }
    out[entry] = [...found].sort();
  }
  return out;
}

/** Fails the build if a guarded bundle (or a chunk it loads lazily) holds a forbidden module. */
class KeepEngineOutOfAddin {
  /** @param {string[]} guardedEntries */
  constructor(guardedEntries) {
    this.guarded = guardedEntries;
  }

  apply(compiler) {
    const name = 'KeepEngineOutOfAddin';
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.afterSeal.tap(name, () => {
        for (const entry of this.guarded) {
          const entrypoint = compilation.entrypoints.get(entry);
          if (!entrypoint) continue;
          const offenders = new Set();
          const guarded = new Set(entrypoint.getEntrypointChunk().getAllReferencedChunks());
          // Web Workers the bundle starts are async entrypoints whose origin module is in a guarded chunk.
          for (let grew = true; grew;) {
            grew = false;
            for (const worker of compilation.asyncEntrypoints) {
              const first = worker.getEntrypointChunk();
              if (guarded.has(first)) continue;
              const started = worker.origins.some(
                (o) => o.module && [...guarded].some((c) => compilation.chunkGraph.isModuleInChunk(o.module, c)),
              );
              if (!started) continue;
              for (const c of [...worker.chunks, ...first.getAllReferencedChunks()]) guarded.add(c);
              grew = true;
            }
          }
          for (const chunk of guarded) {
            for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
              for (const inner of module.modules || [module]) {
                const resource = inner.resource || (inner.nameForCondition && inner.nameForCondition()) || '';
                const p = projectPath(resource, compiler.context);
                if (resource && brokenRule(p)) offenders.add(p);
              }
            }
          }
          if (offenders.size > 0)
            compilation.errors.push(new compiler.webpack.WebpackError(describeOffenders(entry, [...offenders].sort())));
        }
      });
    });
  }
}

module.exports = {
  FORBIDDEN,
  brokenRule,
  projectPath,
  offendersInStats,
  describeOffenders,
  KeepEngineOutOfAddin,
};
