/**
 * webpack-dev-server settings for `npm start` (https://localhost:3000).
 *
 * - HTTPS with the trusted localhost certificate of `npx office-addin-dev-certs install`
 *   when it exists (Excel refuses untrusted ones), else webpack-dev-server's own.
 * - CORS only for Office on the web. The workbench and the task pane are same-origin and
 *   need none; Excel on the web, running on Microsoft's hosts, fetches the add-in's
 *   functions.json and scripts across origins. So the server echoes an Origin on
 *   Microsoft's Office web hosts (with `Vary: Origin`) and sends no CORS header to anyone
 *   else: a page elsewhere cannot read what the dev server serves. (webpack-dev-server's
 *   own default is no CORS header at all.)
 * - `/` redirects to the workbench, the page `npm start` is for.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Origins of Office on the web (Excel's frames and hosts), by host name suffix; https only. */
const OFFICE_WEB_HOSTS = [
  'officeapps.live.com', // Excel on the web's frames (excel.officeapps.live.com, regional ones)
  'cloud.microsoft', // excel.cloud.microsoft
  'office.com',
  'office365.com',
  'microsoft365.com',
];

/** True for an https origin on one of OFFICE_WEB_HOSTS (the host itself or a subdomain). */
function isOfficeWebOrigin(origin) {
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.origin !== origin) return false;
  return OFFICE_WEB_HOSTS.some((h) => url.hostname === h || url.hostname.endsWith(`.${h}`));
}

/** The CORS headers for a request: its Origin echoed if it is Office on the web, else none. */
function corsHeaders(origin) {
  if (typeof origin !== 'string' || !isOfficeWebOrigin(origin)) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

/**
 * HTTPS for the dev server. Excel only loads add-ins from a trusted https origin; where
 * `npx office-addin-dev-certs install` has made and trusted a localhost certificate (a
 * machine with Excel), use it. Otherwise (CI, the workbench, browsers that accept a
 * self-signed certificate) use webpack-dev-server's own. ADDIN_DEV_CERTS=<dir> points at
 * another folder holding localhost.crt/localhost.key; ADDIN_DEV_CERTS=off forces the latter.
 */
function devServerHttps(env = process.env) {
  const setting = env.ADDIN_DEV_CERTS;
  if (setting === 'off') return 'https';
  const dir = setting || path.join(os.homedir(), '.office-addin-dev-certs');
  const cert = path.join(dir, 'localhost.crt');
  const key = path.join(dir, 'localhost.key');
  if (!fs.existsSync(cert) || !fs.existsSync(key)) return 'https';
  const ca = path.join(dir, 'ca.crt');
  return {
    type: 'https',
    options: {
      cert: fs.readFileSync(cert),
      key: fs.readFileSync(key),
      ...(fs.existsSync(ca) ? { ca: fs.readFileSync(ca) } : {}),
    },
  };
}

/**
 * The devServer section of the webpack config.
 * @param {{ staticDir: string, serving: boolean }} options serving: `webpack serve` is running
 *   (the certificate files are read only then)
 */
function devServer({ staticDir, serving }) {
  return {
    server: serving ? devServerHttps() : 'https',
    host: 'localhost',
    port: 3000,
    headers: (req) => corsHeaders(req.headers.origin),
    setupMiddlewares: (middlewares) => {
      middlewares.unshift({
        name: 'root-to-workbench',
        middleware: (req, res, next) => {
          if (req.method !== 'GET' && req.method !== 'HEAD') return next();
          if (req.url !== '/' && !req.url.startsWith('/?')) return next();
          res.writeHead(302, { Location: '/workbench.html' });
          res.end();
        },
      });
      return middlewares;
    },
    static: { directory: staticDir, watch: false },
    client: { overlay: { errors: true, warnings: false } },
    open: false,
  };
}

module.exports = { OFFICE_WEB_HOSTS, isOfficeWebOrigin, corsHeaders, devServerHttps, devServer };
