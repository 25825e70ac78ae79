/**
 * Where the add-in is served from: the one place that says so.
 *
 * Development serves everything from DEV_BASE_URL (manifest.xml is written on it, so Excel
 * can sideload the committed file as is); a production build serves from ADDIN_BASE_URL.
 * webpack.config.js, the functions.json generator (build/function-assets.js), the manifest
 * checks (scripts/validate-manifest.ts) and the tests read these names; nothing else spells
 * the URL.
 */

/** The development base URL: the dev server's address and the one manifest.xml is written on. */
const DEV_BASE_URL = 'https://localhost:3000';

/** The production base URL when ADDIN_BASE_URL is not set: a placeholder (docs/build.md). */
const PLACEHOLDER_BASE_URL = 'https://outcome-roi.example.com';

/**
 * The production base URL: ADDIN_BASE_URL (or the placeholder) without a trailing slash.
 * Throws unless it is an https URL without query or fragment (Office loads add-ins only
 * over https).
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
function productionBaseUrl(env = process.env) {
  const raw = (env.ADDIN_BASE_URL || PLACEHOLDER_BASE_URL).trim().replace(/\/+$/, '');
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ADDIN_BASE_URL is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'https:')
    throw new Error(`ADDIN_BASE_URL must be an https:// URL (Office loads add-ins only over https), not "${raw}"`);
  if (url.search || url.hash) throw new Error(`ADDIN_BASE_URL must not have a query or fragment: "${raw}"`);
  return raw;
}

/**
 * The base URL of a build: DEV_BASE_URL in development, productionBaseUrl() in production.
 * @param {boolean} dev
 * @param {NodeJS.ProcessEnv} [env]
 */
function baseUrlFor(dev, env = process.env) {
  return dev ? DEV_BASE_URL : productionBaseUrl(env);
}

/**
 * manifest.xml for a base URL: the committed manifest is written on DEV_BASE_URL, so every
 * occurrence of it is replaced. Only the manifest needs this (the build generates
 * functions.json and help.html on the right base directly).
 * @param {string} xml
 * @param {string} baseUrl
 */
function manifestOn(xml, baseUrl) {
  return xml.split(DEV_BASE_URL).join(baseUrl);
}

module.exports = { DEV_BASE_URL, PLACEHOLDER_BASE_URL, productionBaseUrl, baseUrlFor, manifestOn };
