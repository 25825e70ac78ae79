/**
 * build/fluent-tokens.js replaces Fluent UI's `tokens` module with a Proxy and its light and
 * dark themes with the values they compute to: the replacements must answer exactly what
 * Fluent's own modules do, for every token and every theme value, or the pane's styles would
 * read a variable no theme sets.
 */
import { runInNewContext } from 'node:vm';
import { tokens, webDarkTheme, webLightTheme } from '@fluentui/tokens';
import fluentTokensLoader, { replacedModule } from '../../build/fluent-tokens';

/** Evaluates a replacement module's source (ESM `export const`) and returns its exports. */
function evaluate(source: string): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  const names = [...source.matchAll(/export const (\w+)/g)].map((m) => m[1]);
  const body = source.replace(/export const /g, 'const ');
  runInNewContext(`${body}\n${names.map((n) => `exports.${n} = ${n};`).join('\n')}`, { exports, Proxy });
  return exports;
}

/** Runs the loader as webpack would on a file at `resourcePath`. */
function load(resourcePath: string, source = 'original'): string {
  return (fluentTokensLoader as unknown as (this: { resourcePath: string }, s: string) => string).call(
    { resourcePath },
    source,
  );
}

const lib = '/x/node_modules/@fluentui/tokens/lib';

describe('build/fluent-tokens.js', () => {
  test('replaces only the tokens module and the two web themes', () => {
    expect(replacedModule(`${lib}/tokens.js`)).toBe('tokens');
    expect(replacedModule(`${lib}/themes/web/lightTheme.js`)).toBe('light');
    expect(replacedModule(`${lib}/themes/web/darkTheme.js`)).toBe('dark');
    for (const other of [`${lib}/global/colors.js`, `${lib}/themes/teams/lightTheme.js`, '/x/src/tokens.js'])
      expect({ other, replaced: replacedModule(other) }).toEqual({ other, replaced: undefined });
    expect(load('/x/src/app.js', 'kept')).toBe('kept');
  });

  test("the Proxy answers Fluent's value for every one of its tokens, the z-indexes' fallbacks included", () => {
    const proxy = evaluate(load(`${lib}/tokens.js`)).tokens as Record<string, string>;
    const names = Object.keys(tokens);
    expect(names.length).toBeGreaterThan(400);
    for (const name of names)
      expect({ name, value: proxy[name] }).toEqual({ name, value: (tokens as Record<string, string>)[name] });
    expect(proxy.zIndexPopup).toBe('var(--zIndexPopup, 2000)');
  });

  test('the light and dark themes are the values Fluent computes, key for key', () => {
    expect(evaluate(load(`${lib}/themes/web/lightTheme.js`)).webLightTheme).toEqual(webLightTheme);
    expect(evaluate(load(`${lib}/themes/web/darkTheme.js`)).webDarkTheme).toEqual(webDarkTheme);
    expect(Object.keys(webLightTheme).length).toBeGreaterThan(400);
  });
});
