/**
 * The offline manifest and functions.json checks (scripts/lib/manifest.ts), on the real
 * manifest.xml and on broken copies of it, plus the committed icons.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEV_BASE_URL,
  checkFunctionsJson,
  checkManifest,
  inspectManifest,
  parseXml,
  readPngSize,
  sizeFromIconName,
} from '../../scripts/lib/manifest';
import { ICON_SIZES, encodePng, renderIcon } from '../../scripts/make-icons';
import { functionsJson } from '../../src/functions/metadata';

const root = join(__dirname, '..', '..');
const manifest = readFileSync(join(root, 'manifest.xml'), 'utf8');

/** Replace exactly the first occurrence of `from`; fail loudly if it is not there. */
function edit(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`test setup: ${String(from)} not found in manifest.xml`);
  return out;
}

const problemsOf = (xml: string, opts = { siteRoot: root }) => checkManifest(xml, opts);

describe('manifest.xml as committed', () => {
  test('passes every check, with its icons on disk', () => {
    expect(problemsOf(manifest)).toEqual([]);
  });

  test('is the shared-runtime, ROI-namespace, dev-base manifest the build expects', () => {
    const { facts } = inspectManifest(manifest);
    expect(facts.namespace).toBe('ROI');
    expect(facts.version).toBe('1.0.0.0');
    expect(facts.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(facts.urls.length).toBeGreaterThan(5);
    for (const url of facts.urls) expect(url.startsWith(`${DEV_BASE_URL}/`)).toBe(true);
    expect(facts.resources.get('Taskpane.Url')?.value).toBe(`${DEV_BASE_URL}/taskpane.html`);
    expect(facts.resources.get('Functions.Metadata.Url')?.value).toBe(`${DEV_BASE_URL}/functions.json`);
    expect(facts.resources.get('TaskpaneButton.Label')?.value).toBe('Outcome ROI');
    expect(manifest).toContain('<Runtime resid="Taskpane.Url" lifetime="long"/>');
    expect(manifest).toContain('<FunctionFile resid="Taskpane.Url"/>');
    expect(manifest).toContain('<Permissions>ReadWriteDocument</Permissions>');
  });

  test('rebased onto a production URL it passes the production checks, and the dev one does not', () => {
    const prod = manifest.split(DEV_BASE_URL).join('https://roi.example.org');
    expect(checkManifest(prod, { siteRoot: root, baseUrl: 'https://roi.example.org', forbidLocalhost: true })).toEqual(
      [],
    );
    const dev = checkManifest(manifest, { baseUrl: 'https://roi.example.org', forbidLocalhost: true });
    expect(dev.some((p) => /localhost in a production manifest/.test(p))).toBe(true);
    expect(dev.some((p) => /does not start with the base URL/.test(p))).toBe(true);
  });
});

describe('broken manifests are flagged', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'an http:// URL',
      () =>
        edit(
          manifest,
          'DefaultValue="https://localhost:3000/taskpane.html"/>\n  </DefaultSettings>',
          'DefaultValue="http://localhost:3000/taskpane.html"/>\n  </DefaultSettings>',
        ),
      /must use https/,
    ],
    [
      'an http:// resource URL',
      () => edit(manifest, '"https://localhost:3000/functions.js"', '"http://localhost:3000/functions.js"'),
      /functions\.js" must use https/,
    ],
    [
      'a second origin',
      () =>
        edit(
          manifest,
          '"https://localhost:3000/help.html"/>\n  <Hosts>',
          '"https://elsewhere.example.com/help.html"/>\n  <Hosts>',
        ),
      /more than one origin/,
    ],
    [
      'a misordered element (SupportUrl before IconUrl)',
      () => {
        const support = '  <SupportUrl DefaultValue="https://localhost:3000/help.html"/>\n';
        return edit(edit(manifest, support, ''), '  <IconUrl', support + '  <IconUrl');
      },
      /<IconUrl> is out of order in <OfficeApp>: it must come before <SupportUrl>/,
    ],
    [
      'Permissions before DefaultSettings',
      () => {
        const perm = '  <Permissions>ReadWriteDocument</Permissions>\n';
        return edit(edit(manifest, perm, ''), '  <DefaultSettings>', perm + '  <DefaultSettings>');
      },
      /<DefaultSettings> is out of order/,
    ],
    ['a missing required element', () => edit(manifest, /  <SupportUrl [^>]*\/>\n/, ''), /missing <SupportUrl>/],
    [
      'an unknown top-level element',
      () => edit(manifest, '  <Hosts>', '  <Frobnicate/>\n  <Hosts>'),
      /unexpected child <Frobnicate>/,
    ],
    ['not well-formed XML', () => edit(manifest, '</Hosts>', '</Hostz>'), /not well-formed XML/],
    [
      'a resid nothing defines',
      () => edit(manifest, '<Label resid="Group.Label"/>', '<Label resid="Group.Labell"/>'),
      /resid "Group\.Labell", which no resource defines/,
    ],
    [
      'a resid of the wrong kind',
      () => edit(manifest, '<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="Group.Label"/>'),
      /must point to a bt:Urls entry/,
    ],
    [
      'a resource defined twice',
      () =>
        edit(
          manifest,
          '<bt:String id="Group.Label"',
          '<bt:String id="Group.Label" DefaultValue="x"/>\n        <bt:String id="Group.Label"',
        ),
      /defined more than once/,
    ],
    [
      'a resource id over 32 characters',
      () => manifest.split('GetStarted.LearnMoreUrl').join('GetStarted.LearnMoreUrl.TooLongById'),
      /longer than 32 characters/,
    ],
    [
      'another namespace',
      () =>
        edit(
          manifest,
          '<bt:String id="Functions.Namespace" DefaultValue="ROI"/>',
          '<bt:String id="Functions.Namespace" DefaultValue="CONTOSO"/>',
        ),
      /namespace is "CONTOSO", expected "ROI"/,
    ],
    ['a short-lived runtime', () => edit(manifest, 'lifetime="long"', 'lifetime="short"'), /lifetime="long"/],
    ['no Runtimes', () => edit(manifest, /\s*<Runtimes>[\s\S]*?<\/Runtimes>/, ''), /exactly one <Runtime>/],
    [
      'a FunctionFile on another page',
      () => edit(manifest, '<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="Functions.Script.Url"/>'),
      /<FunctionFile> must use resid "Taskpane\.Url"/,
    ],
    [
      'a custom functions page that is not the runtime',
      () => edit(manifest, /(<Page>\s*<SourceLocation resid=")Taskpane\.Url/, '$1Functions.Script.Url'),
      /<Page> must use resid "Taskpane\.Url"/,
    ],
    [
      'CustomFunctionsRuntime below 1.3',
      () =>
        edit(
          manifest,
          '<Set Name="CustomFunctionsRuntime" MinVersion="1.3"/>',
          '<Set Name="CustomFunctionsRuntime" MinVersion="1.1"/>',
        ),
      /CustomFunctionsRuntime MinVersion is 1\.1; it must be at least 1\.3/,
    ],
    [
      'no SharedRuntime requirement',
      () => edit(manifest, /\s*<Set Name="SharedRuntime"[^>]*\/>/, ''),
      /must include <Set Name="SharedRuntime"/,
    ],
    [
      'read-only permissions',
      () => edit(manifest, '<Permissions>ReadWriteDocument</Permissions>', '<Permissions>ReadDocument</Permissions>'),
      /needs exactly ReadWriteDocument/,
    ],
    [
      'VersionOverrides 1.1 (mail only)',
      () => edit(manifest, 'xsi:type="VersionOverridesV1_0"', 'xsi:type="VersionOverridesV1_1"'),
      /VersionOverridesV1_0/,
    ],
    [
      'a button with another label',
      () =>
        edit(
          manifest,
          '<bt:String id="TaskpaneButton.Label" DefaultValue="Outcome ROI"/>',
          '<bt:String id="TaskpaneButton.Label" DefaultValue="Show Taskpane"/>',
        ),
      /exactly one button labelled "Outcome ROI"/,
    ],
    [
      'a Word host',
      () => edit(manifest, '<Host Name="Workbook"/>', '<Host Name="Document"/>'),
      /exactly one <Host Name="Workbook"\/>/,
    ],
    ['a bad GUID', () => edit(manifest, /<Id>[^<]*<\/Id>/, '<Id>not-a-guid</Id>'), /is not a GUID/],
    [
      'a ribbon icon at an unsupported size',
      () => edit(manifest, '<bt:Image size="80" resid="Icon.80x80"/>', '<bt:Image size="128" resid="Icon.80x80"/>'),
      /size="128" is not one of/,
    ],
    [
      'an icon used at a size its name contradicts',
      () =>
        edit(
          manifest,
          '<IconUrl DefaultValue="https://localhost:3000/assets/icon-32.png"/>',
          '<IconUrl DefaultValue="https://localhost:3000/assets/icon-16.png"/>',
        ),
      /used at 32 px but its name says 16 px|expected 32x32/,
    ],
    [
      'a string over the 125-character limit',
      () => edit(manifest, 'DefaultValue="Outcome ROI is ready"', `DefaultValue="${'x'.repeat(126)}"`),
      /limit for ShortStrings is 125/,
    ],
  ];

  test.each(cases)('%s', (_name, make, pattern) => {
    const problems = problemsOf(make());
    expect(problems.join('\n')).toMatch(pattern);
  });
});

describe('icon files', () => {
  let site: string;
  beforeEach(() => {
    site = mkdtempSync(join(tmpdir(), 'roi-manifest-'));
    mkdirSync(join(site, 'assets'));
    for (const f of readdirSync(join(root, 'assets'))) copyFileSync(join(root, 'assets', f), join(site, 'assets', f));
  });
  afterEach(() => rmSync(site, { recursive: true, force: true }));

  test('the copied site passes', () => {
    expect(checkManifest(manifest, { siteRoot: site })).toEqual([]);
  });

  test('a missing icon file is flagged', () => {
    rmSync(join(site, 'assets', 'icon-80.png'));
    expect(checkManifest(manifest, { siteRoot: site }).join('\n')).toMatch(/icon-80\.png: file .* does not exist/);
  });

  test('an icon of the wrong pixel size is flagged', () => {
    copyFileSync(join(root, 'assets', 'icon-32.png'), join(site, 'assets', 'icon-80.png'));
    expect(checkManifest(manifest, { siteRoot: site }).join('\n')).toMatch(/icon-80\.png is 32x32, expected 80x80/);
  });

  test('a file that is not a PNG is flagged', () => {
    writeFileSync(join(site, 'assets', 'icon-64.png'), 'GIF89a not a png');
    expect(checkManifest(manifest, { siteRoot: site }).join('\n')).toMatch(/icon-64\.png is not a PNG/);
  });

  test('requireFiles flags pages missing from a built site', () => {
    const problems = checkManifest(manifest, { siteRoot: site, requireFiles: true }).join('\n');
    expect(problems).toMatch(/taskpane\.html is not in the built site/);
    expect(problems).toMatch(/functions\.json is not in the built site/);
  });

  test.each(ICON_SIZES)('assets/icon-%i.png is a PNG of that size, identical to what make-icons draws', (size) => {
    const bytes = readFileSync(join(root, 'assets', `icon-${size}.png`));
    expect(readPngSize(bytes)).toEqual({ width: size, height: size });
    expect(sizeFromIconName(`https://x/assets/icon-${size}.png`)).toBe(size);
    expect(encodePng(size, size, renderIcon(size)).equals(bytes)).toBe(true);
  });

  test('the drawing has a transparent corner, the teal tile, the white funnel and the amber arrow', () => {
    const size = 128;
    const px = renderIcon(size);
    const at = (x: number, y: number) => Array.from(px.subarray((y * size + x) * 4, (y * size + x) * 4 + 4));
    expect(at(0, 0)[3]).toBe(0); // rounded corner
    const [r, g, b, a] = at(64, 120); // tile below the shapes
    expect(a).toBe(255);
    expect(g).toBeGreaterThan(r + 40);
    expect(g).toBeGreaterThan(b - 10);
    expect(at(Math.round(0.36 * size), Math.round(0.7 * size))).toEqual([255, 255, 255, 255]); // funnel stem
    expect(at(Math.round(0.79 * size), Math.round(0.6 * size))).toEqual([0xfb, 0xbf, 0x24, 255]); // arrow shaft
  });

  test('readPngSize rejects other bytes', () => {
    expect(readPngSize(Buffer.from('not a png at all, not even close'))).toBeNull();
  });
});

describe('parseXml', () => {
  test('keeps element order, attributes, prefixes and text', () => {
    const { root: el } = parseXml('<?xml version="1.0"?><a x="1"><b:c y="&amp;">t&gt;</b:c><d/></a>');
    expect(el?.children.map((c) => c.name)).toEqual(['b:c', 'd']);
    expect(el?.children[0]).toMatchObject({ local: 'c', attrs: { y: '&' }, text: 't>' });
    expect(el?.attrs.x).toBe('1');
  });
  test('reports where XML is broken', () => {
    expect(parseXml('<a>\n<b></a>').error).toMatch(/line 2/);
  });
});

describe('functions.json checks', () => {
  interface Param {
    name: string;
    description?: string;
    optional?: boolean;
  }
  interface Fn {
    id: string;
    name: string;
    description: string;
    parameters: Param[];
    result?: { dimensionality: string };
  }
  const good = (): { functions: Fn[] } => ({
    functions: [
      {
        id: 'REQUIREDLEADS',
        name: 'REQUIREDLEADS',
        description: 'Leads needed.',
        parameters: [
          { name: 'revenue_target', description: 'Revenue to win.' },
          { name: 'confidence', description: 'Probability.', optional: true },
        ],
        result: { dimensionality: 'matrix' },
      },
      { id: 'CAC', name: 'CAC', description: 'Acquisition cost.', parameters: [] },
    ],
  });

  test('the metadata the build generates passes', () => {
    const json = functionsJson();
    expect(json.functions.length).toBeGreaterThan(5);
    expect(checkFunctionsJson(json)).toEqual([]);
  });

  test('a well-formed sample passes', () => {
    expect(checkFunctionsJson(good())).toEqual([]);
  });

  const broken: Array<[string, (j: ReturnType<typeof good>) => void, RegExp]> = [
    ['a lower-case id', (j) => (j.functions[0].id = 'RequiredLeads'), /must use only A-Z, 0-9/],
    ['an id with a dash', (j) => (j.functions[0].id = 'REQUIRED-LEADS'), /must use only A-Z, 0-9/],
    ['a duplicate id', (j) => (j.functions[1].id = 'REQUIREDLEADS'), /id REQUIREDLEADS is declared 2 times/],
    ['a missing description', (j) => (j.functions[1].description = ' '), /function CAC: description is missing/],
    [
      'a parameter without a description',
      (j) => delete j.functions[0].parameters[0].description,
      /parameter revenue_target: description is missing/,
    ],
    ['a name with the namespace', (j) => (j.functions[1].name = 'ROI.CAC'), /must not include the namespace/],
    [
      'a required parameter after an optional one',
      (j) => j.functions[0].parameters.push({ name: 'late', description: 'x' }),
      /required parameter cannot follow an optional one/,
    ],
    [
      'an http help URL',
      (j) => Object.assign(j.functions[1], { helpUrl: 'http://localhost:3000/help.html#cac' }),
      /helpUrl .* must be an https URL/,
    ],
    [
      'a parameter name used twice',
      (j) => j.functions[0].parameters.push({ name: 'Confidence', description: 'x', optional: true }),
      /used twice/,
    ],
  ];
  test.each(broken)('flags %s', (_name, breakIt, pattern) => {
    const j = good();
    breakIt(j);
    expect(checkFunctionsJson(j).join('\n')).toMatch(pattern);
  });

  test('rejects something that is not functions metadata', () => {
    expect(checkFunctionsJson([])).toEqual(['functions.json must be an object with a "functions" array']);
    expect(checkFunctionsJson({ functions: [] })).toEqual(['functions.json declares no functions']);
  });
});
