/**
 * The Content-Security-Policy of the pages Excel loads (taskpane.html, which is also the
 * shared-runtime page), written into each page as a <meta> tag: the add-in is static files,
 * so there is no server to send the header (a host that can send it should send the same
 * policy; docs/build.md).
 *
 *   scripts  'self' and office.js's host (Microsoft's CDN; in development office.js is a
 *            local copy, so 'self' alone). No inline script, no eval.
 *   styles   'self' 'unsafe-inline': Fluent UI v9 styles through Griffel, which creates
 *            <style> elements at run time and inserts its rules into them; CSP treats such
 *            an element as an inline style, so without 'unsafe-inline' (or a per-response
 *            nonce, which static files cannot have) every Fluent rule is refused and the pane
 *            renders unstyled (test/build/build.test.ts shows both). The pages' own small
 *            <style> blocks need it too. Injected CSS cannot load anything from elsewhere:
 *            images, fonts and connections are limited to 'self' below.
 *   the rest 'self' (images may also be data: URLs), no plugins, no <base>, no forms.
 */

/** office.js's host in production (its script and the host files it loads beside itself). */
const OFFICE_JS_ORIGIN = 'https://appsforoffice.microsoft.com';

/**
 * The policy for a build.
 * @param {{ dev: boolean }} options
 */
function contentSecurityPolicy({ dev }) {
  const directives = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'"] : ["'self'", OFFICE_JS_ORIGIN],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The page with the policy's <meta> tag first in <head> (after the charset), so it governs everything after it. */
function withPolicyMeta(html, policy) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  const charset = /<meta\s+charset=["']?[\w-]+["']?\s*\/?>/i.exec(html);
  if (charset)
    return html.slice(0, charset.index + charset[0].length) + meta + html.slice(charset.index + charset[0].length);
  const head = /<head[^>]*>/i.exec(html);
  if (!head) throw new Error('cannot place the Content-Security-Policy: the page has no <head>');
  return html.slice(0, head.index + head[0].length) + meta + html.slice(head.index + head[0].length);
}

/** Adds the policy to the named pages written by html-webpack-plugin. */
class ContentSecurityPolicyMeta {
  /** @param {{ pages: string[], policy: string }} options */
  constructor({ pages, policy }) {
    this.pages = pages;
    this.policy = policy;
  }

  apply(compiler) {
    const HtmlWebpackPlugin = require('html-webpack-plugin');
    compiler.hooks.thisCompilation.tap('ContentSecurityPolicyMeta', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap('ContentSecurityPolicyMeta', (data) => {
        if (this.pages.includes(data.outputName)) data.html = withPolicyMeta(data.html, this.policy);
        return data;
      });
    });
  }
}

module.exports = { OFFICE_JS_ORIGIN, contentSecurityPolicy, withPolicyMeta, ContentSecurityPolicyMeta };
