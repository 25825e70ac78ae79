/**
 * A webpack loader that replaces two of Fluent UI's modules in the add-in's bundles with
 * what they evaluate to, because their code is larger than their value (issue 16.2: the
 * task pane's first screen):
 *
 *   @fluentui/tokens/lib/tokens.js   `tokens`, the 467 names Fluent's styles read, each
 *       "var(--<name>)" (the z-indexes with a fallback): a Proxy that answers the same for
 *       every name, about 3 KB gzipped less than the object written out;
 *   @fluentui/tokens/lib/themes/web/{light,dark}Theme.js   the light and dark themes,
 *       which Fluent computes in the browser from its brand ramp and colour palettes: the
 *       computed theme itself, as a literal, evaluated here from the same package.
 *
 * The values come from the installed @fluentui/tokens when building, so they cannot drift
 * from it; test/build/fluent-tokens.test.ts checks the Proxy against the real `tokens` for
 * every name, and the literal themes against Fluent's.
 */
const path = require('node:path');

/** Which module a resource is, or undefined when it is none of the replaced ones. */
function replacedModule(resourcePath) {
  const p = resourcePath.split(path.sep).join('/');
  if (/\/@fluentui\/tokens\/lib\/tokens\.js$/.test(p)) return 'tokens';
  const theme = /\/@fluentui\/tokens\/lib\/themes\/web\/(light|dark)Theme\.js$/.exec(p);
  return theme ? theme[1] : undefined;
}

/** The tokens whose value is not "var(--<name>)", from the installed package. */
function irregularTokens(tokens) {
  return Object.fromEntries(Object.entries(tokens).filter(([name, value]) => value !== `var(--${name})`));
}

/** The source of the `tokens` module: a Proxy over the irregular ones. */
function tokensSource(tokens) {
  return (
    `const irregular = ${JSON.stringify(irregularTokens(tokens))};\n` +
    'export const tokens = new Proxy(irregular, {\n' +
    "  get: (t, name) => (typeof name === 'string' ? (t[name] ?? `var(--${name})`) : undefined),\n" +
    '});\n'
  );
}

/** The source of a theme module: the theme as computed by the installed package. */
function themeSource(which, fluentTokens) {
  const name = which === 'light' ? 'webLightTheme' : 'webDarkTheme';
  return `export const ${name} = ${JSON.stringify(fluentTokens[name])};\n`;
}

/** The loader: the replacement for the modules above, any other source unchanged. */
function fluentTokensLoader(source) {
  const which = replacedModule(this.resourcePath);
  if (!which) return source;
  // The package's CommonJS build, the same version as the ESM file being replaced.
  const fluentTokens = require('@fluentui/tokens');
  return which === 'tokens' ? tokensSource(fluentTokens.tokens) : themeSource(which, fluentTokens);
}

module.exports = fluentTokensLoader;
module.exports.replacedModule = replacedModule;
module.exports.tokensSource = tokensSource;
module.exports.themeSource = themeSource;
