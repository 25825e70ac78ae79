import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS } from '../../src/core';
import { functionsJson } from '../../src/functions/metadata';
import { referenceMarkdown } from '../../src/functions/reference';

const json = functionsJson('https://roi.example.org');

test('functions.json lists every function of the spec, 21 in all', () => {
  const ids = json.functions.map((f) => f.id);
  for (const id of [
    'REVENUEGAP',
    'REQUIREDDEALS',
    'REQUIREDLEADS',
    'FUNNEL',
    'REQUIREDOPPS',
    'SENSITIVITY',
    'HITPROBABILITY',
    'LEADQUALITY',
    'CAC',
    'LTV',
    'PAYBACK',
    'ROMI',
    'CUSTOMERPROFIT',
    'MARGINLEVER',
    'VELOCITY',
    'METRICKIND',
    'FUNNELPLAN',
    'FUNNELFORECAST',
    'PIPELINEHIT',
    'STAGERATES',
    'STAGELAGS',
  ]) {
    expect(ids).toContain(id);
  }
  expect(ids.length).toBe(21);
  expect(new Set(ids).size).toBe(ids.length);
});

test('ids are A-Z, 0-9, . and _ only; names equal ids', () => {
  for (const f of json.functions) {
    expect(f.id).toMatch(/^[A-Z0-9._]+$/);
    expect(f.name).toBe(f.id);
  }
});

test('every function and every parameter has help text and an https help URL', () => {
  for (const f of json.functions) {
    expect(f.description.length).toBeGreaterThan(20);
    expect(f.helpUrl).toMatch(/^https:\/\/roi\.example\.org\/help\.html#[a-z]+$/);
    for (const p of f.parameters) {
      expect(p.description.length).toBeGreaterThan(10);
      expect(p.name).toMatch(/^[a-z_]+$/);
      expect(p.type).toBe('any');
    }
  }
});

test('optional parameters come after required ones', () => {
  for (const f of json.functions) {
    const firstOptional = f.parameters.findIndex((p) => p.optional);
    if (firstOptional >= 0) expect(f.parameters.slice(firstOptional).every((p) => p.optional)).toBe(true);
  }
});

test('every function has at least one worked example and documented errors', () => {
  for (const f of FUNCTIONS) {
    expect(f.examples.length).toBeGreaterThan(0);
    expect(f.errors.length).toBeGreaterThan(0);
  }
});

test('docs/functions.md is current (run `npm run gen` after changing the metadata)', () => {
  const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'functions.md'), 'utf8');
  expect(committed.trimEnd()).toBe(referenceMarkdown().trimEnd());
});

test("README's table of functions has a row for every function, with its signature", () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain(`All ${FUNCTIONS.length} functions`);
  for (const f of FUNCTIONS) {
    const params = f.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ');
    expect({ id: f.id, row: readme.includes(`| \`${f.name}(${params})\` |`) }).toEqual({ id: f.id, row: true });
  }
});
