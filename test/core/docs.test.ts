/**
 * The runtime table (src/core/functions.ts) and the words about each function
 * (src/core/docs.ts) are two halves of one description: every function and every
 * parameter has its text, nothing is documented that does not exist, and the custom
 * functions bundle's sources never reach the text (it ships in functions.json instead).
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DOCS, FUNCTIONS, RUNTIME_FUNCTIONS } from '../../src/core';

const root = join(__dirname, '..', '..');

describe('docs.ts documents exactly the runtime table', () => {
  test('one entry per function, no other', () => {
    expect(Object.keys(DOCS).sort()).toEqual(RUNTIME_FUNCTIONS.map((f) => f.id).sort());
  });

  test.each(RUNTIME_FUNCTIONS.map((f) => [f.id, f] as const))(
    '%s: every parameter has a description, and only its parameters',
    (id, f) => {
      const d = DOCS[id];
      expect(Object.keys(d.params).sort()).toEqual(f.params.map((p) => p.name).sort());
      for (const p of f.params)
        expect({ param: p.name, text: d.params[p.name].trim().length > 0 }).toEqual({ param: p.name, text: true });
      expect(d.description.trim()).not.toBe('');
      expect(d.formula.trim()).not.toBe('');
      expect(d.examples.length).toBeGreaterThan(0);
    },
  );
});

describe('FUNCTIONS merges the two', () => {
  test('same functions, same order, the runtime fields untouched', () => {
    expect(FUNCTIONS.map((f) => f.id)).toEqual(RUNTIME_FUNCTIONS.map((f) => f.id));
    FUNCTIONS.forEach((f, i) => {
      const r = RUNTIME_FUNCTIONS[i];
      expect(f.run).toBe(r.run);
      expect({ name: f.name, spills: f.spills }).toEqual({ name: r.name, spills: r.spills });
      expect(f.params.map(({ description: _description, ...p }) => p)).toEqual(r.params);
    });
  });

  test('each function carries its words from docs.ts', () => {
    for (const f of FUNCTIONS) {
      const d = DOCS[f.id];
      expect({
        id: f.id,
        category: f.category,
        description: f.description,
        formula: f.formula,
        errors: f.errors,
        notes: f.notes,
        examples: f.examples,
      }).toEqual({
        id: f.id,
        category: d.category,
        description: d.description,
        formula: d.formula,
        errors: d.errors,
        notes: d.notes,
        examples: d.examples,
      });
      for (const p of f.params) expect(p.description).toBe(d.params[p.name]);
    }
  });
});

/** Relative imports of a TypeScript file, resolved to files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gm)) {
    const spec = m[1] ?? m[2];
    const base = resolve(dirname(file), spec);
    const hit = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => existsSync(f));
    if (hit) out.push(hit);
  }
  return out;
}

test('the custom functions bundle (src/functions/functions.ts) never imports docs.ts or catalog.ts', () => {
  const seen = new Set<string>();
  const stack = [join(root, 'src', 'functions', 'functions.ts')];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...importsOf(f));
  }
  const reached = [...seen].map((f) => f.slice(root.length + 1));
  expect(reached).toContain('src/core/registry.ts');
  expect(reached).toContain('src/core/functions.ts');
  expect(reached.filter((f) => /src\/core\/(docs|catalog|index)\.ts$/.test(f))).toEqual([]);
});
