/**
 * Offline checks for the add-in manifest (manifest.xml) and custom functions metadata
 * (functions.json). `office-addin-manifest validate` needs a remote service, so these
 * checks encode what that schema and the Office docs require, plus this product's own
 * rules (shared runtime, namespace ROI, one ribbon button, https everywhere).
 *
 * Used by scripts/validate-manifest.ts (`npm run validate`) and test/manifest.test.ts.
 * Every check returns plain-English problems; an empty list means the file passed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The base URL written in the source manifest; production builds replace it. */
export const DEV_BASE_URL = 'https://localhost:3000';

/** What this product's manifest must say. */
export const PRODUCT = {
  namespace: 'ROI',
  host: 'Workbook',
  permissions: 'ReadWriteDocument',
  buttonLabel: 'Outcome ROI',
  requirements: { SharedRuntime: '1.1', CustomFunctionsRuntime: '1.3' } as Record<string, string>,
};

const NS_APP = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const NS_OVERRIDES = 'http://schemas.microsoft.com/office/taskpaneappversionoverrides';
const NS_BT = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';

/** Child order of <OfficeApp xsi:type="TaskPaneApp"> (OfficeApp + TaskPaneApp schema sequence). */
export const OFFICEAPP_ORDER = [
  'Id',
  'AlternateId',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'AppDomains',
  'Hosts',
  'Requirements',
  'DefaultSettings',
  'Permissions',
  'Dictionary',
  'VersionOverrides',
  'ExtendedOverrides',
];

/** Elements this product's manifest must have at the top level. */
export const OFFICEAPP_REQUIRED = [
  'Id',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'Hosts',
  'Requirements',
  'DefaultSettings',
  'Permissions',
  'VersionOverrides',
];

const VERSIONOVERRIDES_ORDER = [
  'Description',
  'Requirements',
  'Hosts',
  'Resources',
  'WebApplicationInfo',
  'EquivalentAddins',
];
const HOST_ORDER = ['Runtimes', 'AllFormFactors', 'DesktopFormFactor', 'MobileFormFactor'];
const DESKTOP_ORDER = ['GetStarted', 'FunctionFile', 'ExtensionPoint'];
const CUSTOMFUNCTIONS_ORDER = ['Script', 'Page', 'Metadata', 'Namespace'];
const GROUP_ORDER = ['Label', 'Icon', 'Control'];
const BUTTON_ORDER = ['Label', 'Supertip', 'Icon', 'Action', 'Enabled'];
const SHOWTASKPANE_ORDER = ['TaskpaneId', 'SourceLocation', 'Title'];
const RESOURCES_ORDER = ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings'];
const GETSTARTED_ORDER = ['Title', 'Description', 'LearnMoreUrl'];

const PERMISSIONS = ['Restricted', 'ReadDocument', 'ReadAllDocument', 'WriteDocument', 'ReadWriteDocument'];
/** Sizes Office accepts for ribbon (bt:Image) icons. */
const RIBBON_ICON_SIZES = [16, 20, 24, 32, 40, 48, 64, 80];

// ---------------------------------------------------------------------------------------
// A small element tree over fast-xml-parser's order-preserving output.

export interface XmlElement {
  /** Qualified name as written, e.g. "bt:Image". */
  name: string;
  /** Name without prefix, e.g. "Image". */
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated, trimmed text content of this element (not of its children). */
  text: string;
  /** Path from the root for messages, e.g. "OfficeApp/VersionOverrides/Hosts". */
  path: string;
}

type FxpNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: FxpNode, parentPath: string): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment' && !k.startsWith('?'));
  if (!name) return null;
  const path = parentPath ? `${parentPath}/${name}` : name;
  const el: XmlElement = {
    name,
    local: name.includes(':') ? name.slice(name.indexOf(':') + 1) : name,
    attrs: { ...(node[':@'] ?? {}) },
    children: [],
    text: '',
    path,
  };
  const texts: string[] = [];
  for (const child of (node[name] as FxpNode[]) ?? []) {
    if ('#text' in child) texts.push(String(child['#text']));
    const c = toElement(child, path);
    if (c) el.children.push(c);
  }
  el.text = texts.join('').trim();
  return el;
}

/** Parse XML with a real parser; returns the root element or the parser's error. */
export function parseXml(xml: string): { root?: XmlElement; error?: string } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return { error: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    ignoreDeclaration: true,
    commentPropName: '#comment',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  });
  const nodes = parser.parse(xml) as FxpNode[];
  const roots = nodes.map((n) => toElement(n, '')).filter((e): e is XmlElement => e !== null);
  if (roots.length !== 1) return { error: `expected one root element, found ${roots.length}` };
  return { root: roots[0] };
}

const kids = (el: XmlElement | undefined, local: string): XmlElement[] =>
  el ? el.children.filter((c) => c.local === local) : [];
const kid = (el: XmlElement | undefined, local: string): XmlElement | undefined => kids(el, local)[0];

function walk(el: XmlElement, visit: (e: XmlElement) => void): void {
  visit(el);
  for (const c of el.children) walk(c, visit);
}

/** Report children out of the expected order, unknown children and repeats of singletons. */
function checkOrder(el: XmlElement, order: string[], problems: string[], repeatable: string[] = []): void {
  let maxIndex = -1;
  let maxName = '';
  const seen = new Set<string>();
  for (const c of el.children) {
    const idx = order.indexOf(c.name);
    if (idx < 0) {
      problems.push(`<${el.path}> has an unexpected child <${c.name}> (allowed, in this order: ${order.join(', ')})`);
      continue;
    }
    if (seen.has(c.name) && !repeatable.includes(c.name)) problems.push(`<${el.path}> has more than one <${c.name}>`);
    seen.add(c.name);
    if (idx < maxIndex) {
      problems.push(`<${c.name}> is out of order in <${el.path}>: it must come before <${maxName}>`);
    } else {
      maxIndex = idx;
      maxName = c.name;
    }
  }
}

// ---------------------------------------------------------------------------------------
// PNG

/** Width and height from a PNG's IHDR chunk, or null if the bytes are not a PNG. */
export function readPngSize(buf: Buffer): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length < 24 || sig.some((b, i) => buf[i] !== b)) return null;
  if (buf.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

// ---------------------------------------------------------------------------------------
// Manifest

export interface ManifestCheckOptions {
  /**
   * The folder that plays the web root: an icon URL's path (e.g. /assets/icon-32.png) is
   * looked up under it. The project root for manifest.xml, dist/ for a built manifest.
   * Omit to skip the file checks.
   */
  siteRoot?: string;
  /** When set, every URL the manifest serves from must start with this base URL. */
  baseUrl?: string;
  /** Reject any localhost URL (for production manifests). */
  forbidLocalhost?: boolean;
  /**
   * Every URL must name a file that exists under siteRoot (pages, scripts, functions.json,
   * icons): use for a built dist/ folder, where the manifest and the site sit together.
   */
  requireFiles?: boolean;
}

/** The local file a URL names under siteRoot, or undefined if it escapes the root. */
export function fileForUrl(url: string, siteRoot: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const root = normalize(siteRoot + sep);
  const file = normalize(join(siteRoot, pathname));
  return file.startsWith(root) ? file : undefined;
}

/** Facts read from a manifest, for callers that want to report or cross-check them. */
export interface ManifestFacts {
  id?: string;
  version?: string;
  namespace?: string;
  /** Every absolute URL in the manifest except XML namespace declarations. */
  urls: string[];
  /** resid -> value, across all resource collections. */
  resources: Map<string, { kind: string; value: string }>;
}

function isNamespaceAttr(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Which resource collection a resid on this element must point into. */
function expectedResourceKind(el: XmlElement, parent: XmlElement | undefined): string | undefined {
  switch (el.local) {
    case 'Image':
      return 'Images';
    case 'SourceLocation':
    case 'FunctionFile':
    case 'Runtime':
    case 'LearnMoreUrl':
      return 'Urls';
    case 'Namespace':
    case 'Label':
      return 'ShortStrings';
    case 'Title':
      return parent && (parent.local === 'Supertip' || parent.local === 'GetStarted') ? 'ShortStrings' : undefined;
    case 'Description':
      return parent && (parent.local === 'Supertip' || parent.local === 'GetStarted') ? 'LongStrings' : undefined;
    default:
      return undefined;
  }
}

/** The pixel size an icon file's name claims: icon-32.png, icon-32x32.png -> 32. */
export function sizeFromIconName(url: string): number | undefined {
  const m = /-(\d+)(?:x(\d+))?\.png$/i.exec(url.split(/[?#]/)[0]);
  return m ? Number(m[1]) : undefined;
}

/**
 * Check a manifest. Returns the problems found (empty if none) and the facts read.
 */
export function inspectManifest(
  xml: string,
  opts: ManifestCheckOptions = {},
): { problems: string[]; facts: ManifestFacts } {
  const problems: string[] = [];
  const facts: ManifestFacts = { urls: [], resources: new Map() };
  const { root, error } = parseXml(xml);
  if (!root) return { problems: [error ?? 'could not parse XML'], facts };

  // Root element.
  if (root.name !== 'OfficeApp') problems.push(`root element is <${root.name}>, expected <OfficeApp>`);
  if (root.attrs.xmlns !== NS_APP) problems.push(`<OfficeApp> xmlns must be ${NS_APP}`);
  if (root.attrs['xsi:type'] !== 'TaskPaneApp') problems.push('<OfficeApp> xsi:type must be "TaskPaneApp"');
  if (root.attrs['xmlns:bt'] !== NS_BT) problems.push(`<OfficeApp> must declare xmlns:bt="${NS_BT}"`);

  // Top-level elements: presence and order.
  for (const name of OFFICEAPP_REQUIRED) {
    if (!kid(root, name)) problems.push(`<OfficeApp> is missing <${name}>`);
  }
  checkOrder(root, OFFICEAPP_ORDER, problems);

  facts.id = kid(root, 'Id')?.text;
  facts.version = kid(root, 'Version')?.text;
  if (facts.id !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(facts.id)) {
    problems.push(`<Id> "${facts.id}" is not a GUID`);
  }
  if (facts.version !== undefined && !/^(0|[1-9]\d{0,4})(\.(0|[1-9]\d{0,4})){1,3}$/.test(facts.version)) {
    problems.push(`<Version> "${facts.version}" must look like 1.0.0.0`);
  }
  const shortSetting = (name: string, max: number) => {
    const el = kid(root, name);
    if (!el) return;
    const v = el.attrs.DefaultValue ?? el.text;
    if (!v) problems.push(`<${name}> is empty`);
    else if (v.length > max) problems.push(`<${name}> is ${v.length} characters long; the limit is ${max}`);
  };
  shortSetting('ProviderName', 125);
  shortSetting('DisplayName', 125);
  shortSetting('Description', 250);

  // Hosts, requirements, permissions, default page.
  const hostNames = kids(kid(root, 'Hosts'), 'Host').map((h) => h.attrs.Name);
  if (hostNames.length !== 1 || hostNames[0] !== PRODUCT.host) {
    problems.push(
      `<Hosts> must list exactly one <Host Name="${PRODUCT.host}"/> (found: ${hostNames.join(', ') || 'none'})`,
    );
  }
  const sets = new Map<string, string>();
  for (const s of kids(kid(root, 'Requirements'), 'Sets')) {
    for (const set of kids(s, 'Set'))
      sets.set(set.attrs.Name, set.attrs.MinVersion ?? s.attrs.DefaultMinVersion ?? '1.1');
  }
  for (const [name, min] of Object.entries(PRODUCT.requirements)) {
    const have = sets.get(name);
    if (!have) problems.push(`<Requirements> must include <Set Name="${name}" MinVersion="${min}"/>`);
    else if (compareVersions(have, min) < 0)
      problems.push(`<Requirements> ${name} MinVersion is ${have}; it must be at least ${min}`);
  }
  const permissions = kid(root, 'Permissions')?.text;
  if (permissions !== undefined) {
    if (!PERMISSIONS.includes(permissions))
      problems.push(`<Permissions> "${permissions}" is not one of ${PERMISSIONS.join(', ')}`);
    else if (permissions !== PRODUCT.permissions) {
      problems.push(
        `<Permissions> is ${permissions}; the task pane writes cells and settings and needs exactly ${PRODUCT.permissions}`,
      );
    }
  }

  // VersionOverrides.
  const vo = kid(root, 'VersionOverrides');
  if (vo) {
    if (vo.attrs.xmlns !== NS_OVERRIDES) problems.push(`<VersionOverrides> xmlns must be ${NS_OVERRIDES}`);
    if (vo.attrs['xsi:type'] !== 'VersionOverridesV1_0') {
      problems.push(
        '<VersionOverrides> xsi:type must be "VersionOverridesV1_0" (a TaskPaneApp supports only version 1.0)',
      );
    }
    if (kid(vo, 'VersionOverrides'))
      problems.push('a nested <VersionOverrides> (V1_1) is only valid in mail add-ins, not in a TaskPaneApp');
    checkOrder(vo, VERSIONOVERRIDES_ORDER, problems);
  }

  // Resources: collect ids, values, kinds.
  const resources = kid(vo, 'Resources');
  if (vo && !resources) problems.push('<VersionOverrides> is missing <Resources>');
  if (resources) {
    checkOrder(resources, RESOURCES_ORDER, problems);
    for (const coll of resources.children) {
      const kind = coll.local; // Images, Urls, ShortStrings, LongStrings
      const limit =
        kind === 'ShortStrings'
          ? 125
          : kind === 'LongStrings'
            ? 250
            : kind === 'Urls' || kind === 'Images'
              ? 2048
              : Infinity;
      for (const item of coll.children) {
        const id = item.attrs.id;
        const value = item.attrs.DefaultValue ?? '';
        if (!id) {
          problems.push(`<${item.path}> has no id`);
          continue;
        }
        if (id.length > 32) problems.push(`resource id "${id}" is longer than 32 characters`);
        if (facts.resources.has(id)) problems.push(`resource id "${id}" is defined more than once`);
        if (!value) problems.push(`resource "${id}" has no DefaultValue`);
        else if (value.length > limit)
          problems.push(`resource "${id}" is ${value.length} characters long; the limit for ${kind} is ${limit}`);
        facts.resources.set(id, { kind, value });
      }
    }
  }

  // Every resid is defined, in the right collection; every resource is used.
  const used = new Set<string>();
  const visitResids = (el: XmlElement, parent?: XmlElement) => {
    const resid = el.attrs.resid;
    if (resid !== undefined) {
      used.add(resid);
      const res = facts.resources.get(resid);
      if (!res) problems.push(`<${el.path}> refers to resid "${resid}", which no resource defines`);
      else {
        const want = expectedResourceKind(el, parent);
        if (want && res.kind !== want)
          problems.push(`<${el.path}> resid "${resid}" must point to a bt:${want} entry, not bt:${res.kind}`);
      }
      if (resid.length > 32) problems.push(`resid "${resid}" is longer than 32 characters`);
    }
    for (const c of el.children) visitResids(c, el);
  };
  if (vo) visitResids(vo);
  for (const id of facts.resources.keys()) {
    if (!used.has(id)) problems.push(`resource "${id}" is defined but never used`);
  }
  const resValue = (resid: string | undefined) => (resid ? facts.resources.get(resid)?.value : undefined);

  // Every URL: absolute https, one origin, optionally the expected base.
  walk(root, (el) => {
    for (const [name, value] of Object.entries(el.attrs)) {
      if (isNamespaceAttr(name)) continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) facts.urls.push(value);
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(el.text)) facts.urls.push(el.text);
  });
  const urlSlots: Array<[string, string | undefined]> = [
    ['IconUrl', kid(root, 'IconUrl')?.attrs.DefaultValue],
    ['HighResolutionIconUrl', kid(root, 'HighResolutionIconUrl')?.attrs.DefaultValue],
    ['SupportUrl', kid(root, 'SupportUrl')?.attrs.DefaultValue],
    ['DefaultSettings/SourceLocation', kid(kid(root, 'DefaultSettings'), 'SourceLocation')?.attrs.DefaultValue],
  ];
  for (const [slot, value] of urlSlots) {
    if (kid(root, slot.split('/')[0]) && !value) problems.push(`<${slot}> has no DefaultValue URL`);
  }
  for (const [id, res] of facts.resources) {
    if ((res.kind === 'Urls' || res.kind === 'Images') && res.value && !/^[a-z][a-z0-9+.-]*:\/\//i.test(res.value)) {
      problems.push(`resource "${id}" must be an absolute https URL, not "${res.value}"`);
    }
  }
  for (const d of kids(kid(root, 'AppDomains'), 'AppDomain')) {
    if (!/^https:\/\//i.test(d.text)) problems.push(`<AppDomain> "${d.text}" must be an https URL`);
  }
  const origins = new Set<string>();
  for (const u of facts.urls) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      problems.push(`"${u}" is not a valid URL`);
      continue;
    }
    if (parsed.protocol !== 'https:') problems.push(`URL "${u}" must use https`);
    if (opts.forbidLocalhost && /^(localhost|127\.0\.0\.1|\[::1\])$/i.test(parsed.hostname)) {
      problems.push(`URL "${u}" points at localhost in a production manifest`);
    }
    if (opts.baseUrl && !(u === opts.baseUrl || u.startsWith(opts.baseUrl.replace(/\/$/, '') + '/'))) {
      problems.push(`URL "${u}" does not start with the base URL ${opts.baseUrl}`);
    }
    origins.add(parsed.origin);
  }
  if (origins.size > 1)
    problems.push(`URLs use more than one origin (${[...origins].join(', ')}); serve everything from one base URL`);

  // Shared runtime and custom functions.
  const host = kids(kid(vo, 'Hosts'), 'Host');
  if (vo && (host.length !== 1 || host[0].attrs['xsi:type'] !== PRODUCT.host)) {
    problems.push(`<VersionOverrides>/<Hosts> must hold exactly one <Host xsi:type="${PRODUCT.host}">`);
  }
  const wb = host.find((h) => h.attrs['xsi:type'] === PRODUCT.host);
  if (wb) {
    checkOrder(wb, HOST_ORDER, problems);
    const runtimes = kids(kid(wb, 'Runtimes'), 'Runtime');
    if (runtimes.length !== 1)
      problems.push(`shared runtime: <Runtimes> must hold exactly one <Runtime> (found ${runtimes.length})`);
    if (wb.children[0]?.local !== 'Runtimes') problems.push('shared runtime: <Runtimes> must come first inside <Host>');
    const runtime = runtimes[0];
    const rt = runtime?.attrs.resid;
    if (runtime && runtime.attrs.lifetime !== 'long')
      problems.push('shared runtime: <Runtime> must have lifetime="long"');

    const points = wb.children.flatMap((ff) => kids(ff, 'ExtensionPoint'));
    const cf = kids(kid(wb, 'AllFormFactors'), 'ExtensionPoint').filter(
      (e) => e.attrs['xsi:type'] === 'CustomFunctions',
    );
    if (cf.length !== 1)
      problems.push(`<AllFormFactors> must hold exactly one CustomFunctions extension point (found ${cf.length})`);
    if (points.some((p) => p.attrs['xsi:type'] === 'CustomFunctions' && !cf.includes(p))) {
      problems.push('the CustomFunctions extension point belongs in <AllFormFactors>');
    }
    const ext = cf[0];
    if (ext) {
      checkOrder(ext, CUSTOMFUNCTIONS_ORDER, problems);
      const loc = (name: string) => kid(kid(ext, name), 'SourceLocation')?.attrs.resid;
      const script = resValue(loc('Script'));
      const page = loc('Page');
      const metadata = resValue(loc('Metadata'));
      if (!script) problems.push('custom functions: <Script><SourceLocation resid=.../></Script> is missing');
      else if (!/\.js([?#].*)?$/.test(script))
        problems.push(`custom functions script URL should be a .js file, not ${script}`);
      if (!metadata) problems.push('custom functions: <Metadata><SourceLocation resid=.../></Metadata> is missing');
      else if (!/\/functions\.json([?#].*)?$/.test(metadata))
        problems.push(`custom functions metadata URL should end in /functions.json, not ${metadata}`);
      if (rt && page !== rt)
        problems.push(`shared runtime: the custom functions <Page> must use resid "${rt}" (found "${page ?? 'none'}")`);
      const nsResid = kid(ext, 'Namespace')?.attrs.resid;
      facts.namespace = resValue(nsResid);
      if (!nsResid) problems.push('custom functions: <Namespace resid=.../> is missing');
      else if (facts.namespace !== undefined && facts.namespace !== PRODUCT.namespace) {
        problems.push(`custom functions namespace is "${facts.namespace}", expected "${PRODUCT.namespace}"`);
      }
    }

    const desktop = kid(wb, 'DesktopFormFactor');
    if (!desktop) problems.push('<Host> is missing <DesktopFormFactor> (ribbon button and FunctionFile)');
    else {
      checkOrder(desktop, DESKTOP_ORDER, problems, ['ExtensionPoint']);
      const gs = kid(desktop, 'GetStarted');
      if (gs) checkOrder(gs, GETSTARTED_ORDER, problems);
      const ff = kid(desktop, 'FunctionFile')?.attrs.resid;
      if (!ff) problems.push('<DesktopFormFactor> is missing <FunctionFile resid=.../>');
      else if (rt && ff !== rt) problems.push(`shared runtime: <FunctionFile> must use resid "${rt}" (found "${ff}")`);
    }

    // Ribbon: a Home-tab button that opens the task pane on the shared runtime page.
    const buttons: XmlElement[] = [];
    for (const p of points.filter((e) => e.attrs['xsi:type'] === 'PrimaryCommandSurface')) {
      for (const tab of [...kids(p, 'OfficeTab'), ...kids(p, 'CustomTab')]) {
        for (const group of kids(tab, 'Group')) {
          checkOrder(group, GROUP_ORDER, problems, ['Control']);
          if (!group.attrs.id) problems.push(`<${group.path}> has no id`);
          for (const c of kids(group, 'Control')) {
            if (!c.attrs.id) problems.push(`<${c.path}> has no id`);
            if (c.attrs['xsi:type'] === 'Button') {
              checkOrder(c, BUTTON_ORDER, problems);
              if (tab.local === 'OfficeTab' && tab.attrs.id === 'TabHome') buttons.push(c);
            }
          }
        }
      }
    }
    const showTaskpane = buttons
      .map((b) => ({ button: b, action: kid(b, 'Action') }))
      .filter((x) => x.action?.attrs['xsi:type'] === 'ShowTaskpane');
    const ours = showTaskpane.filter((x) => resValue(kid(x.button, 'Label')?.attrs.resid) === PRODUCT.buttonLabel);
    if (ours.length !== 1) {
      problems.push(
        `the Home tab must have exactly one button labelled "${PRODUCT.buttonLabel}" that shows the task pane (found ${ours.length})`,
      );
    }
    const paneIds = new Set<string>();
    for (const { action } of showTaskpane) {
      if (!action) continue;
      checkOrder(action, SHOWTASKPANE_ORDER, problems);
      const src = kid(action, 'SourceLocation')?.attrs.resid;
      if (rt && src === rt) paneIds.add(kid(action, 'TaskpaneId')?.text ?? '');
    }
    if (ours[0] && rt && kid(kid(ours[0].button, 'Action'), 'SourceLocation')?.attrs.resid !== rt) {
      problems.push(`shared runtime: the "${PRODUCT.buttonLabel}" button must open resid "${rt}"`);
    }
    if (paneIds.size > 1)
      problems.push('shared runtime: only one task pane (one TaskpaneId) may use the shared runtime page');

    // The base DefaultSettings page is the shared runtime page too.
    const defaultPage = kid(kid(root, 'DefaultSettings'), 'SourceLocation')?.attrs.DefaultValue;
    const rtUrl = resValue(rt);
    if (rtUrl && defaultPage && defaultPage !== rtUrl) {
      problems.push(`<DefaultSettings><SourceLocation> (${defaultPage}) should be the shared runtime page ${rtUrl}`);
    }
  }

  // Icons: sizes declared, named and real must agree; files exist under siteRoot.
  const iconChecks = new Map<string, Set<number>>(); // url -> expected sizes
  const wantIcon = (url: string | undefined, size: number) => {
    if (!url) return;
    if (!iconChecks.has(url)) iconChecks.set(url, new Set());
    iconChecks.get(url)!.add(size);
  };
  wantIcon(kid(root, 'IconUrl')?.attrs.DefaultValue, 32);
  wantIcon(kid(root, 'HighResolutionIconUrl')?.attrs.DefaultValue, 64);
  if (vo) {
    walk(vo, (el) => {
      if (el.name === 'bt:Image' && el.attrs.resid !== undefined) {
        const size = Number(el.attrs.size);
        if (!RIBBON_ICON_SIZES.includes(size))
          problems.push(`<${el.path}> size="${el.attrs.size}" is not one of ${RIBBON_ICON_SIZES.join(', ')}`);
        const res = facts.resources.get(el.attrs.resid);
        if (res?.kind === 'Images') wantIcon(res.value, size);
      }
    });
  }
  for (const res of facts.resources.values()) {
    if (res.kind === 'Images' && !iconChecks.has(res.value)) wantIcon(res.value, NaN);
  }
  for (const [url, sizes] of iconChecks) {
    const real = [...sizes].filter((s) => !Number.isNaN(s));
    const named = sizeFromIconName(url);
    if (real.length > 1)
      problems.push(`icon ${url} is used at several sizes (${real.join(', ')}); give each size its own file`);
    if (named !== undefined && real.length === 1 && named !== real[0]) {
      problems.push(`icon ${url} is used at ${real[0]} px but its name says ${named} px`);
    }
    if (!/\.png([?#].*)?$/i.test(url)) problems.push(`icon ${url} should be a PNG`);
    if (!opts.siteRoot) continue;
    const file = fileForUrl(url, opts.siteRoot);
    if (!file) {
      problems.push(`icon ${url} does not resolve to a file under ${opts.siteRoot}`);
      continue;
    }
    if (!existsSync(file)) {
      problems.push(`icon ${url}: file ${file} does not exist`);
      continue;
    }
    const size = readPngSize(readFileSync(file));
    const want = real[0] ?? named;
    if (!size) problems.push(`icon ${url}: ${file} is not a PNG`);
    else if (size.width !== size.height)
      problems.push(`icon ${url}: ${file} is ${size.width}x${size.height}, not square`);
    else if (want !== undefined && size.width !== want)
      problems.push(`icon ${url}: ${file} is ${size.width}x${size.height}, expected ${want}x${want}`);
  }

  if (opts.requireFiles && opts.siteRoot) {
    for (const url of new Set(facts.urls)) {
      if (iconChecks.has(url)) continue; // reported above
      const file = fileForUrl(url, opts.siteRoot);
      if (!file || !existsSync(file))
        problems.push(`${url} is not in the built site (${file ?? 'outside ' + opts.siteRoot})`);
    }
  }

  return { problems, facts };
}

/** The problems in a manifest; empty if it passes. */
export function checkManifest(xml: string, opts: ManifestCheckOptions = {}): string[] {
  return inspectManifest(xml, opts).problems;
}

// ---------------------------------------------------------------------------------------
// functions.json

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0;

/**
 * Check custom functions metadata: ids A-Z, 0-9, "." and "_", unique; names usable in
 * Excel and not prefixed with the namespace; a description on every function and every
 * parameter; optional parameters last.
 */
export function checkFunctionsJson(json: unknown, namespace = PRODUCT.namespace): string[] {
  const problems: string[] = [];
  if (!isObj(json) || !Array.isArray(json.functions))
    return ['functions.json must be an object with a "functions" array'];
  if (json.functions.length === 0) problems.push('functions.json declares no functions');
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  json.functions.forEach((f: unknown, i: number) => {
    const where = isObj(f) && typeof f.id === 'string' ? `function ${f.id}` : `function #${i + 1}`;
    if (!isObj(f)) {
      problems.push(`${where} is not an object`);
      return;
    }
    if (typeof f.id !== 'string' || !/^[A-Z0-9._]+$/.test(f.id)) {
      problems.push(`${where}: id ${JSON.stringify(f.id)} must use only A-Z, 0-9, "." and "_"`);
    } else {
      ids.set(f.id.toUpperCase(), (ids.get(f.id.toUpperCase()) ?? 0) + 1);
    }
    if (!nonEmpty(f.name)) problems.push(`${where}: name is missing`);
    else {
      if (!/^[A-Za-z][A-Za-z0-9._]*$/.test(f.name))
        problems.push(`${where}: name "${f.name}" must start with a letter and use only letters, digits, "." and "_"`);
      if (f.name.toUpperCase().startsWith(namespace.toUpperCase() + '.')) {
        problems.push(`${where}: name "${f.name}" must not include the namespace; Excel adds "${namespace}." itself`);
      }
      names.set(f.name.toUpperCase(), (names.get(f.name.toUpperCase()) ?? 0) + 1);
    }
    if (!nonEmpty(f.description)) problems.push(`${where}: description is missing`);
    if (f.parameters !== undefined && !Array.isArray(f.parameters)) {
      problems.push(`${where}: parameters must be an array`);
      return;
    }
    const params = (f.parameters as unknown[] | undefined) ?? [];
    const paramNames = new Set<string>();
    let sawOptional = false;
    params.forEach((p: unknown, j: number) => {
      const pw = isObj(p) && nonEmpty(p.name) ? `${where}, parameter ${p.name}` : `${where}, parameter #${j + 1}`;
      if (!isObj(p)) {
        problems.push(`${pw} is not an object`);
        return;
      }
      if (!nonEmpty(p.name)) problems.push(`${pw}: name is missing`);
      else {
        if (paramNames.has(p.name.toLowerCase())) problems.push(`${pw}: parameter name is used twice`);
        paramNames.add(p.name.toLowerCase());
      }
      if (!nonEmpty(p.description)) problems.push(`${pw}: description is missing`);
      if (p.optional === true) sawOptional = true;
      else if (sawOptional && p.repeating !== true)
        problems.push(`${pw}: a required parameter cannot follow an optional one`);
      if (p.repeating === true && j !== params.length - 1) problems.push(`${pw}: only the last parameter may repeat`);
    });
    if (f.result !== undefined && !isObj(f.result)) problems.push(`${where}: result must be an object`);
    if (f.helpUrl !== undefined && !(typeof f.helpUrl === 'string' && /^https:\/\/[^\s]+$/.test(f.helpUrl))) {
      problems.push(`${where}: helpUrl ${JSON.stringify(f.helpUrl)} must be an https URL`);
    }
  });
  for (const [id, n] of ids) if (n > 1) problems.push(`function id ${id} is declared ${n} times`);
  for (const [name, n] of names) if (n > 1) problems.push(`function name ${name} is declared ${n} times`);
  return problems;
}
