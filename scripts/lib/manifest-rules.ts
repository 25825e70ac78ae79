/**
 * The manifest rules Microsoft's schemas cannot express: this product's own (an Excel
 * add-in on a shared runtime, namespace ROI, one ribbon button, ReadWriteDocument), where
 * its files are (https, one origin, the build's base URL, icons of the size they claim),
 * and the cross-references a schema does not follow (every resid names a resource of the
 * right kind). Structure is left to the schemas (manifest-schema.ts).
 *
 * Each rule is small and named, with its own test in test/manifest.test.ts; a problem is
 * reported as "<rule>: <what is wrong>".
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { kid, kids, walk, type Manifest, type XmlElement } from './manifest-xml';

/** What this product's manifest must say. */
export const PRODUCT = {
  namespace: 'ROI',
  host: 'Workbook',
  permissions: 'ReadWriteDocument',
  buttonLabel: 'Outcome ROI',
  requirements: { SharedRuntime: '1.1', CustomFunctionsRuntime: '1.3' } as Record<string, string>,
};

/** Sizes Office accepts for ribbon (bt:Image) icons; 16, 32 and 80 are required. */
export const RIBBON_ICON_SIZES = [16, 20, 24, 32, 40, 48, 64, 80];
export const REQUIRED_RIBBON_ICON_SIZES = [16, 32, 80];

export interface RuleOptions {
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
  /** Every URL must name a file under siteRoot (a built dist/, where manifest and site sit together). */
  requireFiles?: boolean;
}

export interface ManifestRule {
  name: string;
  /** What it enforces, in one line (docs/build.md lists them). */
  rule: string;
  check(m: Manifest, opts: RuleOptions): string[];
}

// ---------------------------------------------------------------------------------------
// Helpers

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

/** Width and height from a PNG's IHDR chunk, or null if the bytes are not a PNG. */
export function readPngSize(buf: Buffer): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length < 24 || sig.some((b, i) => buf[i] !== b)) return null;
  if (buf.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** The pixel size an icon file's name claims: icon-32.png, icon-32x32.png -> 32. */
export function sizeFromIconName(url: string): number | undefined {
  const m = /-(\d+)(?:x(\d+))?\.png$/i.exec(url.split(/[?#]/)[0]);
  return m ? Number(m[1]) : undefined;
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

/** Every icon URL with the pixel sizes it is used at (NaN: an image resource used nowhere with a size). */
function iconUses(m: Manifest): Map<string, Set<number>> {
  const uses = new Map<string, Set<number>>();
  const use = (url: string | undefined, size: number) => {
    if (!url) return;
    if (!uses.has(url)) uses.set(url, new Set());
    uses.get(url)!.add(size);
  };
  use(kid(m.root, 'IconUrl')?.attrs.DefaultValue, 32);
  use(kid(m.root, 'HighResolutionIconUrl')?.attrs.DefaultValue, 64);
  const vo = kid(m.root, 'VersionOverrides');
  if (vo) {
    walk(vo, (el) => {
      if (el.name === 'bt:Image' && el.attrs.resid !== undefined) {
        const res = m.resources.get(el.attrs.resid);
        if (res?.kind === 'Images') use(res.value, Number(el.attrs.size));
      }
    });
  }
  for (const res of m.resources.values()) if (res.kind === 'Images' && !uses.has(res.value)) use(res.value, NaN);
  return uses;
}

/** The ribbon's buttons on the Home tab that open a task pane. */
function homeTabTaskpaneButtons(m: Manifest): Array<{ button: XmlElement; action: XmlElement }> {
  const out: Array<{ button: XmlElement; action: XmlElement }> = [];
  const points = (m.workbook?.children ?? []).flatMap((ff) => kids(ff, 'ExtensionPoint'));
  for (const p of points.filter((e) => e.attrs['xsi:type'] === 'PrimaryCommandSurface')) {
    for (const tab of kids(p, 'OfficeTab').filter((t) => t.attrs.id === 'TabHome')) {
      for (const group of kids(tab, 'Group')) {
        for (const c of kids(group, 'Control')) {
          const action = kid(c, 'Action');
          if (c.attrs['xsi:type'] === 'Button' && action?.attrs['xsi:type'] === 'ShowTaskpane')
            out.push({ button: c, action });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The rules

const resources: ManifestRule = {
  name: 'resources',
  rule: 'every resid names a resource of the right kind, every resource is used, no id is defined twice',
  check(m) {
    const problems: string[] = [];
    for (const id of m.duplicateIds) problems.push(`resource id "${id}" is defined more than once`);
    const used = new Set<string>();
    const vo = kid(m.root, 'VersionOverrides');
    if (vo) {
      walk(vo, (el, parent) => {
        const resid = el.attrs.resid;
        if (resid === undefined) return;
        used.add(resid);
        const res = m.resources.get(resid);
        if (!res) problems.push(`<${el.path}> refers to resid "${resid}", which no resource defines`);
        else {
          const want = expectedResourceKind(el, parent);
          if (want && res.kind !== want)
            problems.push(`<${el.path}> resid "${resid}" must point to a bt:${want} entry, not bt:${res.kind}`);
        }
      });
    }
    for (const id of m.resources.keys()) if (!used.has(id)) problems.push(`resource "${id}" is defined but never used`);
    return problems;
  },
};

const https: ManifestRule = {
  name: 'https',
  rule: 'every URL is https and on one origin; a built manifest is on its base URL and never on localhost',
  check(m, opts) {
    const problems: string[] = [];
    const origins = new Set<string>();
    for (const res of m.resources.values()) {
      if ((res.kind === 'Urls' || res.kind === 'Images') && res.value && !/^[a-z][a-z0-9+.-]*:\/\//i.test(res.value))
        problems.push(`"${res.value}" must be an absolute https URL`);
    }
    for (const d of kids(kid(m.root, 'AppDomains'), 'AppDomain'))
      if (!/^https:\/\//i.test(d.text)) problems.push(`<AppDomain> "${d.text}" must be an https URL`);
    for (const u of m.urls) {
      let parsed: URL;
      try {
        parsed = new URL(u);
      } catch {
        problems.push(`"${u}" is not a valid URL`);
        continue;
      }
      if (parsed.protocol !== 'https:') problems.push(`URL "${u}" must use https`);
      if (opts.forbidLocalhost && /^(localhost|127\.0\.0\.1|\[::1\])$/i.test(parsed.hostname))
        problems.push(`URL "${u}" points at localhost in a production manifest`);
      if (opts.baseUrl && !(u === opts.baseUrl || u.startsWith(opts.baseUrl.replace(/\/$/, '') + '/')))
        problems.push(`URL "${u}" does not start with the base URL ${opts.baseUrl}`);
      origins.add(parsed.origin);
    }
    if (origins.size > 1)
      problems.push(`URLs use more than one origin (${[...origins].join(', ')}); serve everything from one base URL`);
    return problems;
  },
};

const excelHost: ManifestRule = {
  name: 'excel-host',
  rule: 'an Excel add-in: exactly one Host, Workbook, in <Hosts> and in <VersionOverrides>',
  check(m) {
    const problems: string[] = [];
    const names = kids(kid(m.root, 'Hosts'), 'Host').map((h) => h.attrs.Name);
    if (names.length !== 1 || names[0] !== PRODUCT.host)
      problems.push(
        `<Hosts> must list exactly one <Host Name="${PRODUCT.host}"/> (found: ${names.join(', ') || 'none'})`,
      );
    const overrides = kids(kid(kid(m.root, 'VersionOverrides'), 'Hosts'), 'Host');
    if (overrides.length !== 1 || overrides[0].attrs['xsi:type'] !== PRODUCT.host)
      problems.push(`<VersionOverrides>/<Hosts> must hold exactly one <Host xsi:type="${PRODUCT.host}">`);
    return problems;
  },
};

const requirements: ManifestRule = {
  name: 'requirements',
  rule: 'requires SharedRuntime 1.1 and CustomFunctionsRuntime 1.3 (error messages in cells)',
  check(m) {
    const problems: string[] = [];
    const sets = new Map<string, string>();
    for (const s of kids(kid(m.root, 'Requirements'), 'Sets'))
      for (const set of kids(s, 'Set'))
        sets.set(set.attrs.Name, set.attrs.MinVersion ?? s.attrs.DefaultMinVersion ?? '1.1');
    for (const [name, min] of Object.entries(PRODUCT.requirements)) {
      const have = sets.get(name);
      if (!have) problems.push(`<Requirements> must include <Set Name="${name}" MinVersion="${min}"/>`);
      else if (compareVersions(have, min) < 0)
        problems.push(`<Requirements> ${name} MinVersion is ${have}; it must be at least ${min}`);
    }
    return problems;
  },
};

const permissions: ManifestRule = {
  name: 'permissions',
  rule: 'asks for ReadWriteDocument, the smallest permission that lets the pane write cells and settings',
  check(m) {
    const p = kid(m.root, 'Permissions')?.text;
    return p === PRODUCT.permissions
      ? []
      : [
          `<Permissions> is ${p ?? 'missing'}; the task pane writes cells and settings and needs exactly ${PRODUCT.permissions}`,
        ];
  },
};

const sharedRuntime: ManifestRule = {
  name: 'shared-runtime',
  rule: 'one long-lived Runtime, and its page is the task pane, the functions page, the FunctionFile and the default page',
  check(m) {
    const problems: string[] = [];
    if (!m.workbook) return problems; // excel-host says so
    const runtimes = kids(kid(m.workbook, 'Runtimes'), 'Runtime');
    if (runtimes.length !== 1) return [`<Runtimes> must hold exactly one <Runtime> (found ${runtimes.length})`];
    const rt = runtimes[0].attrs.resid;
    if (runtimes[0].attrs.lifetime !== 'long') problems.push('<Runtime> must have lifetime="long"');
    const cf = kids(kid(m.workbook, 'AllFormFactors'), 'ExtensionPoint').find(
      (e) => e.attrs['xsi:type'] === 'CustomFunctions',
    );
    const page = kid(kid(cf, 'Page'), 'SourceLocation')?.attrs.resid;
    if (cf && page !== rt)
      problems.push(`the custom functions <Page> must use resid "${rt}" (found "${page ?? 'none'}")`);
    const ff = kid(kid(m.workbook, 'DesktopFormFactor'), 'FunctionFile')?.attrs.resid;
    if (ff !== rt) problems.push(`<FunctionFile> must use resid "${rt}" (found "${ff ?? 'none'}")`);
    const panes = new Set<string>();
    for (const { button, action } of homeTabTaskpaneButtons(m)) {
      const src = kid(action, 'SourceLocation')?.attrs.resid;
      if (src !== rt) problems.push(`the button <${button.path}> must open resid "${rt}" (found "${src ?? 'none'}")`);
      else panes.add(kid(action, 'TaskpaneId')?.text ?? '');
    }
    if (panes.size > 1) problems.push('only one task pane (one TaskpaneId) may use the shared runtime page');
    const defaultPage = kid(kid(m.root, 'DefaultSettings'), 'SourceLocation')?.attrs.DefaultValue;
    const rtUrl = m.value(rt);
    if (rtUrl && defaultPage !== rtUrl)
      problems.push(`<DefaultSettings><SourceLocation> (${defaultPage}) must be the shared runtime page ${rtUrl}`);
    return problems;
  },
};

const customFunctions: ManifestRule = {
  name: 'custom-functions',
  rule: 'one CustomFunctions extension point: namespace ROI, a .js script, metadata at functions.json',
  check(m) {
    if (!m.workbook) return [];
    const problems: string[] = [];
    const all = m.workbook.children.flatMap((ff) =>
      kids(ff, 'ExtensionPoint').filter((e) => e.attrs['xsi:type'] === 'CustomFunctions'),
    );
    const cf = kids(kid(m.workbook, 'AllFormFactors'), 'ExtensionPoint').filter(
      (e) => e.attrs['xsi:type'] === 'CustomFunctions',
    );
    if (cf.length !== 1 || all.length !== 1)
      return [`<AllFormFactors> must hold the one CustomFunctions extension point (found ${all.length})`];
    const url = (name: string) => m.value(kid(kid(cf[0], name), 'SourceLocation')?.attrs.resid);
    const script = url('Script');
    const metadata = url('Metadata');
    if (!script || !/\.js([?#].*)?$/.test(script))
      problems.push(`the custom functions script must be a .js file (found ${script ?? 'none'})`);
    if (!metadata || !/\/functions\.json([?#].*)?$/.test(metadata))
      problems.push(`the custom functions metadata URL must end in /functions.json (found ${metadata ?? 'none'})`);
    if (m.namespace !== PRODUCT.namespace)
      problems.push(`custom functions namespace is "${m.namespace ?? 'none'}", expected "${PRODUCT.namespace}"`);
    return problems;
  },
};

const ribbonButton: ManifestRule = {
  name: 'ribbon-button',
  rule: 'the Home tab has exactly one "Outcome ROI" button, and it opens the task pane',
  check(m) {
    const ours = homeTabTaskpaneButtons(m).filter(
      ({ button }) => m.value(kid(button, 'Label')?.attrs.resid) === PRODUCT.buttonLabel,
    );
    return ours.length === 1
      ? []
      : [
          `the Home tab must have exactly one button labelled "${PRODUCT.buttonLabel}" that shows the task pane (found ${ours.length})`,
        ];
  },
};

const icons: ManifestRule = {
  name: 'icons',
  rule: 'icons are PNGs of the size they are used at (and named for), one file per size; the ribbon has 16, 32 and 80',
  check(m, opts) {
    const problems: string[] = [];
    const vo = kid(m.root, 'VersionOverrides');
    if (vo) {
      walk(vo, (el) => {
        if (el.local !== 'Icon') return;
        const sizes = kids(el, 'Image').map((i) => Number(i.attrs.size));
        for (const s of sizes)
          if (!RIBBON_ICON_SIZES.includes(s))
            problems.push(`<${el.path}> has an image of size ${s}, not one of ${RIBBON_ICON_SIZES.join(', ')}`);
        const missing = REQUIRED_RIBBON_ICON_SIZES.filter((s) => !sizes.includes(s));
        if (missing.length) problems.push(`<${el.path}> lacks the required sizes ${missing.join(', ')}`);
      });
    }
    for (const [url, sizes] of iconUses(m)) {
      const real = [...sizes].filter((s) => !Number.isNaN(s));
      const named = sizeFromIconName(url);
      if (real.length > 1)
        problems.push(`icon ${url} is used at several sizes (${real.join(', ')}); give each size its own file`);
      if (named !== undefined && real.length === 1 && named !== real[0])
        problems.push(`icon ${url} is used at ${real[0]} px but its name says ${named} px`);
      if (!/\.png([?#].*)?$/i.test(url)) problems.push(`icon ${url} must be a PNG`);
      if (!opts.siteRoot) continue;
      const file = fileForUrl(url, opts.siteRoot);
      if (!file || !existsSync(file)) {
        problems.push(`icon ${url}: file ${file ?? '(outside the site)'} does not exist`);
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
    return problems;
  },
};

const siteFiles: ManifestRule = {
  name: 'site-files',
  rule: 'a built manifest names only files that are in the built site',
  check(m, opts) {
    if (!opts.requireFiles || !opts.siteRoot) return [];
    const problems: string[] = [];
    const icons = iconUses(m); // the icons rule reports those
    for (const url of new Set(m.urls)) {
      if (icons.has(url)) continue;
      const file = fileForUrl(url, opts.siteRoot);
      if (!file || !existsSync(file))
        problems.push(`${url} is not in the built site (${file ?? 'outside ' + opts.siteRoot})`);
    }
    return problems;
  },
};

export const MANIFEST_RULES: ManifestRule[] = [
  resources,
  https,
  excelHost,
  requirements,
  permissions,
  sharedRuntime,
  customFunctions,
  ribbonButton,
  icons,
  siteFiles,
];

/** Every rule's problems, each as "<rule>: <problem>". */
export function ruleProblems(m: Manifest, opts: RuleOptions = {}): string[] {
  return MANIFEST_RULES.flatMap((r) => r.check(m, opts).map((p) => `${r.name}: ${p}`));
}
