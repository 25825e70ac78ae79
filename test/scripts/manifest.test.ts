/**
 * The offline manifest checks: Microsoft's schemas (scripts/lib/manifest-schema.ts,
 * build/schemas/) for structure, each of the product's named rules
 * (scripts/lib/manifest-rules.ts) on a manifest the schemas accept, the icon files, and
 * the functions.json checks (scripts/lib/functions-json.ts). Broken copies of the real
 * manifest.xml throughout.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_BASE_URL, manifestOn } from '../../build/base-url';
import { FUNCTIONS } from '../../src/core';
import { functionsJson } from '../../src/functions/metadata';
import { checkFunctionsJson, idsAgainstTable } from '../../scripts/lib/functions-json';
import { checkManifestRules, validateManifest } from '../../scripts/lib/manifest';
import { MANIFEST_RULES, readPngSize, sizeFromIconName } from '../../scripts/lib/manifest-rules';
import { schemaProblems, schemaProblemsOfEach } from '../../scripts/lib/manifest-schema';
import { parseXml } from '../../scripts/lib/manifest-xml';
import { ICON_SIZES, encodePng, renderIcon as draw } from '../../scripts/make-icons';

const root = join(__dirname, '..', '..');
const manifest = readFileSync(join(root, 'manifest.xml'), 'utf8');

/** Replace exactly the first occurrence of `from`; fail loudly if it is not there. */
function edit(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`test setup: ${String(from)} not found in manifest.xml`);
  return out;
}

const rulesOf = (xml: string, opts = {}) => checkManifestRules(xml, { siteRoot: root, ...opts }).problems;

describe('manifest.xml as committed', () => {
  test("passes Microsoft's schemas and every rule, with its icons on disk, on the development base URL", async () => {
    const { problems } = await validateManifest(manifest, { siteRoot: root, baseUrl: DEV_BASE_URL });
    expect(problems).toEqual([]);
  });

  test('is the shared-runtime, ROI-namespace manifest the build expects', () => {
    const { manifest: m } = checkManifestRules(manifest);
    expect(m?.namespace).toBe('ROI');
    expect(m?.version).toBe('1.0.0.0');
    expect(m?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(m?.urls.length).toBeGreaterThan(5);
    for (const url of m?.urls ?? []) expect(url.startsWith(`${DEV_BASE_URL}/`)).toBe(true);
    expect(m?.value('Taskpane.Url')).toBe(`${DEV_BASE_URL}/taskpane.html`);
    expect(m?.value('Functions.Metadata.Url')).toBe(`${DEV_BASE_URL}/functions.json`);
    expect(manifest).toContain('<Runtime resid="Taskpane.Url" lifetime="long"/>');
    expect(manifest).toContain('<FunctionFile resid="Taskpane.Url"/>');
  });

  test('on a production base URL it passes the production checks; the development one does not', async () => {
    const prod = manifestOn(manifest, 'https://roi.example.org');
    const opts = { siteRoot: root, baseUrl: 'https://roi.example.org', forbidLocalhost: true };
    expect((await validateManifest(prod, opts)).problems).toEqual([]);
    const dev = rulesOf(manifest, opts);
    expect(dev.some((p) => /localhost in a production manifest/.test(p))).toBe(true);
    expect(dev.some((p) => /does not start with the base URL/.test(p))).toBe(true);
  });
});

describe("Microsoft's schemas catch what is wrong in structure", () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'a misordered element (SupportUrl before IconUrl)',
      () => {
        const support = '  <SupportUrl DefaultValue="https://localhost:3000/help.html"/>\n';
        return edit(edit(manifest, support, ''), '  <IconUrl', support + '  <IconUrl');
      },
      /line \d+: Element 'IconUrl': This element is not expected/,
    ],
    [
      'Permissions before DefaultSettings',
      () => {
        const perm = '  <Permissions>ReadWriteDocument</Permissions>\n';
        return edit(edit(manifest, perm, ''), '  <DefaultSettings>', perm + '  <DefaultSettings>');
      },
      /Element 'Permissions': This element is not expected. Expected is \( DefaultSettings \)/,
    ],
    [
      'a missing required element (Description)',
      () => edit(manifest, /  <Description DefaultValue=[^>]*\/>\n/, ''),
      /Element 'IconUrl': This element is not expected. Expected is \( Description \)/,
    ],
    [
      'an unknown element',
      () => edit(manifest, '  <Hosts>', '  <Frobnicate/>\n  <Hosts>'),
      /Element 'Frobnicate': This element is not expected/,
    ],
    ['XML that is not well-formed', () => edit(manifest, '</Hosts>', '</Hostz>'), /line \d+: .*mismatch/i],
    ['an id that is not a GUID', () => edit(manifest, /<Id>[^<]*<\/Id>/, '<Id>not-a-guid</Id>'), /Element 'Id'/],
    ['a version of five parts', () => edit(manifest, '<Version>1.0.0.0<', '<Version>1.0.0.0.0<'), /Element 'Version'/],
    [
      'a permission Office does not know',
      () => edit(manifest, '<Permissions>ReadWriteDocument<', '<Permissions>Everything<'),
      /Element 'Permissions'.*'Everything'/,
    ],
    [
      'a display name over 125 characters',
      () =>
        edit(manifest, '<DisplayName DefaultValue="Outcome ROI"/>', `<DisplayName DefaultValue="${'x'.repeat(126)}"/>`),
      /'DefaultValue'.*(maxLength|length)/,
    ],
    [
      'a short string over 125 characters',
      () => edit(manifest, 'DefaultValue="Outcome ROI is ready"', `DefaultValue="${'x'.repeat(126)}"`),
      /'DefaultValue'.*(maxLength|length)/,
    ],
    [
      'a resource id over 32 characters',
      () => manifest.split('GetStarted.LearnMoreUrl').join('GetStarted.LearnMoreUrl.TooLongById'),
      /'(id|resid)'.*(maxLength|length)/,
    ],
    [
      'VersionOverrides 1.1 (mail add-ins only)',
      () => edit(manifest, 'xsi:type="VersionOverridesV1_0"', 'xsi:type="VersionOverridesV1_1"'),
      /VersionOverridesV1_1/,
    ],
    [
      'a runtime lifetime that is neither short nor long',
      () => edit(manifest, 'lifetime="long"', 'lifetime="forever"'),
      /'lifetime'.*'forever'/,
    ],
    [
      'Runtimes after AllFormFactors',
      () => {
        const runtimes = /\s*<Runtimes>[\s\S]*?<\/Runtimes>/.exec(manifest)![0];
        return edit(edit(manifest, runtimes, ''), '</AllFormFactors>', `</AllFormFactors>${runtimes}`);
      },
      /Element 'Runtimes': This element is not expected/,
    ],
  ];

  // All the cases in one run of the validator (schemaProblemsOfEach), each file's problems its own.
  let found: string[][] = [];
  beforeAll(async () => {
    found = await schemaProblemsOfEach(
      cases.map(([, make], i) => ({ fileName: `case-${i + 1}.xml`, contents: make() })),
    );
  });

  test.each(cases.map(([name, , pattern], i) => [name, pattern, i] as const))('%s', (_name, pattern, i) => {
    expect(found[i].join('\n')).toMatch(pattern);
  });

  test('one manifest alone gives the same problems as in the run of all', async () => {
    expect(await schemaProblems(cases[0][1]())).toEqual(found[0]);
  });
});

/**
 * Each rule on a manifest the schemas accept: the rule is what finds the problem. Every
 * rule in MANIFEST_RULES has at least one case here.
 */
const ruleCases: Array<[rule: string, name: string, make: () => string, pattern: RegExp, opts?: object]> = [
  [
    'resources',
    'a resid nothing defines',
    () => edit(manifest, '<Label resid="Group.Label"/>', '<Label resid="Group.Labell"/>'),
    /resid "Group\.Labell", which no resource defines/,
  ],
  [
    'resources',
    'a resid of the wrong kind',
    () => edit(manifest, '<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="Group.Label"/>'),
    /must point to a bt:Urls entry/,
  ],
  [
    'resources',
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
    'resources',
    'a resource nothing uses',
    () => edit(manifest, '</bt:ShortStrings>', '  <bt:String id="Unused" DefaultValue="x"/>\n      </bt:ShortStrings>'),
    /resource "Unused" is defined but never used/,
  ],
  [
    'https',
    'an http:// URL',
    () => edit(manifest, '"https://localhost:3000/functions.js"', '"http://localhost:3000/functions.js"'),
    /functions\.js" must use https/,
  ],
  [
    'https',
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
    'https',
    'a development manifest off the development base URL',
    () => manifest.split(DEV_BASE_URL).join('https://localhost:3001'),
    /does not start with the base URL https:\/\/localhost:3000/,
    { baseUrl: DEV_BASE_URL },
  ],
  [
    'excel-host',
    'a Word host',
    () => edit(manifest, '<Host Name="Workbook"/>', '<Host Name="Document"/>'),
    /exactly one <Host Name="Workbook"\/>/,
  ],
  [
    'requirements',
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
    'requirements',
    'no SharedRuntime requirement',
    () => edit(manifest, /\s*<Set Name="SharedRuntime"[^>]*\/>/, ''),
    /must include <Set Name="SharedRuntime"/,
  ],
  [
    'permissions',
    'read-only permissions',
    () => edit(manifest, '<Permissions>ReadWriteDocument</Permissions>', '<Permissions>ReadDocument</Permissions>'),
    /needs exactly ReadWriteDocument/,
  ],
  [
    'shared-runtime',
    'a short-lived runtime',
    () => edit(manifest, 'lifetime="long"', 'lifetime="short"'),
    /lifetime="long"/,
  ],
  [
    'shared-runtime',
    'no Runtimes',
    () => edit(manifest, /\s*<Runtimes>[\s\S]*?<\/Runtimes>/, ''),
    /exactly one <Runtime>/,
  ],
  [
    'shared-runtime',
    'a FunctionFile on another page',
    () => edit(manifest, '<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="Functions.Script.Url"/>'),
    /<FunctionFile> must use resid "Taskpane\.Url"/,
  ],
  [
    'shared-runtime',
    'a custom functions page that is not the runtime',
    () => edit(manifest, /(<Page>\s*<SourceLocation resid=")Taskpane\.Url/, '$1Functions.Script.Url'),
    /<Page> must use resid "Taskpane\.Url"/,
  ],
  [
    'custom-functions',
    'another namespace',
    () =>
      edit(
        manifest,
        '<bt:String id="Functions.Namespace" DefaultValue="ROI"/>',
        '<bt:String id="Functions.Namespace" DefaultValue="CONTOSO"/>',
      ),
    /namespace is "CONTOSO", expected "ROI"/,
  ],
  [
    'custom-functions',
    'metadata that is not functions.json',
    () => edit(manifest, '"https://localhost:3000/functions.json"', '"https://localhost:3000/metadata.json"'),
    /must end in \/functions\.json/,
  ],
  [
    'ribbon-button',
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
    'icons',
    'a ribbon icon at an unsupported size',
    () => edit(manifest, '<bt:Image size="64" resid="Icon.64x64"/>', '<bt:Image size="128" resid="Icon.64x64"/>'),
    /image of size 128, not one of/,
  ],
  [
    'icons',
    'a ribbon icon list without the 80 px icon',
    () => manifest.split('<bt:Image size="80" resid="Icon.80x80"/>').join(''),
    /lacks the required sizes 80/,
  ],
  [
    'icons',
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
    'site-files',
    'a built manifest naming a page the site lacks',
    () => manifest,
    /taskpane\.html is not in the built site/,
    { requireFiles: true },
  ],
];

describe('the product rules, each on a manifest the schemas accept', () => {
  test('every rule has a case here', () => {
    expect([...new Set(ruleCases.map(([rule]) => rule))].sort()).toEqual(MANIFEST_RULES.map((r) => r.name).sort());
  });

  // A rest parameter: rows without options must not make jest take the last one for `done`.
  let accepted: string[][] = [];
  beforeAll(async () => {
    accepted = await schemaProblemsOfEach(
      ruleCases.map(([, , make], i) => ({ fileName: `rule-${i + 1}.xml`, contents: make() })),
    );
  });

  test.each(ruleCases.map(([rule, name, make, pattern, opts], i) => [rule, name, make, pattern, opts, i] as const))(
    '%s: %s',
    (...[rule, , make, pattern, opts, i]) => {
      const xml = make();
      expect(accepted[i]).toEqual([]);
      const problems = rulesOf(xml, opts);
      expect(problems.filter((p) => p.startsWith(`${rule}: `)).join('\n')).toMatch(pattern);
    },
  );
});

/** Each size drawn once for the file (the 128 px drawing alone takes about a second). */
const drawn = new Map<number, Buffer>();
function renderIcon(size: number): Buffer {
  if (!drawn.has(size)) drawn.set(size, draw(size));
  return drawn.get(size)!;
}

describe('icon files', () => {
  let site: string;
  beforeEach(() => {
    site = mkdtempSync(join(tmpdir(), 'roi-manifest-'));
    mkdirSync(join(site, 'assets'));
    for (const f of readdirSync(join(root, 'assets'))) copyFileSync(join(root, 'assets', f), join(site, 'assets', f));
  });
  afterEach(() => rmSync(site, { recursive: true, force: true }));

  test('the copied site passes', () => {
    expect(rulesOf(manifest, { siteRoot: site })).toEqual([]);
  });

  test('a missing icon file is flagged', () => {
    rmSync(join(site, 'assets', 'icon-80.png'));
    expect(rulesOf(manifest, { siteRoot: site }).join('\n')).toMatch(/icon-80\.png: file .* does not exist/);
  });

  test('an icon of the wrong pixel size is flagged', () => {
    copyFileSync(join(root, 'assets', 'icon-32.png'), join(site, 'assets', 'icon-80.png'));
    expect(rulesOf(manifest, { siteRoot: site }).join('\n')).toMatch(/icon-80\.png is 32x32, expected 80x80/);
  });

  test('a file that is not a PNG is flagged', () => {
    writeFileSync(join(site, 'assets', 'icon-64.png'), 'GIF89a not a png');
    expect(rulesOf(manifest, { siteRoot: site }).join('\n')).toMatch(/icon-64\.png is not a PNG/);
  });

  test('requireFiles flags pages missing from a built site', () => {
    const problems = rulesOf(manifest, { siteRoot: site, requireFiles: true }).join('\n');
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
    const json = functionsJson(DEV_BASE_URL);
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

  test("ids against the core's table: the same set passes; a missing or an extra function is named", () => {
    const ids = FUNCTIONS.map((f) => f.id);
    const json = functionsJson(DEV_BASE_URL);
    expect(idsAgainstTable(json, ids)).toEqual([]);
    const fewer = { ...json, functions: json.functions.filter((f) => f.id !== 'CAC') };
    expect(idsAgainstTable(fewer, ids)).toEqual(["functions.json lacks CAC, which the core's table declares"]);
    const more = { ...json, functions: [...json.functions, { ...json.functions[0], id: 'OLDNAME' }] };
    expect(idsAgainstTable(more, ids)).toEqual(["functions.json declares OLDNAME, which the core's table does not"]);
  });
});
