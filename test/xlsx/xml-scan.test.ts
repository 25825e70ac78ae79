/**
 * The fast XML reader (src/xlsx/xml-scan.ts) against saxes: on every part it accepts, it
 * gives the handlers exactly the events saxes gives (names, attributes, offsets, text), and
 * it accepts nothing saxes refuses; what it leaves to saxes is read by saxes with saxes's
 * verdict and message. The sheet scanner gives the same rows and cells either way.
 */
import fc from 'fast-check';
import type { XmlHandlers } from '../../src/xlsx/xml';
import type { SheetScan } from '../../src/xlsx/sheet';

// The tests' transform does not hoist jest.mock (build/jest-transform.js): mock, then require.
// The fast reader stays itself unless a test makes it leave every part to saxes.
jest.mock('../../src/xlsx/xml-scan', () => {
  const actual = jest.requireActual<typeof import('../../src/xlsx/xml-scan')>('../../src/xlsx/xml-scan');
  return { ...actual, scanXml: jest.fn(actual.scanXml) };
});
/* eslint-disable @typescript-eslint/no-require-imports */
const xmlScan = require('../../src/xlsx/xml-scan') as typeof import('../../src/xlsx/xml-scan');
const { checkWellFormed, indexElements, parseXml } =
  require('../../src/xlsx/xml') as typeof import('../../src/xlsx/xml');
const { cachedValue, scanSheet } = require('../../src/xlsx/sheet') as typeof import('../../src/xlsx/sheet');
/* eslint-enable @typescript-eslint/no-require-imports */
const realScanXml = (jest.requireActual('../../src/xlsx/xml-scan') as typeof import('../../src/xlsx/xml-scan')).scanXml;
/** From here on, every part goes to saxes. */
const saxesOnly = () => (xmlScan.scanXml as jest.Mock).mockImplementation(() => false);

type Event = [string, ...unknown[]];

function recorder(): { h: XmlHandlers; events: Event[] } {
  const events: Event[] = [];
  return {
    events,
    h: {
      opentag: (tag, pos) => events.push(['open', tag.name, { ...tag.attributes }, tag.isSelfClosing, pos]),
      closetag: (tag, pos) => events.push(['close', tag.name, pos]),
      text: (t) => {
        const last = events[events.length - 1];
        if (last?.[0] === 'text') last[1] = `${last[1] as string}${t}`;
        else events.push(['text', t]);
      },
    },
  };
}

/** saxes alone (parseXml given the handlers, not a factory): events, or the error message. */
function bySaxes(xml: string): Event[] | string {
  const r = recorder();
  try {
    parseXml(xml, 'part', r.h);
    return r.events;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The fast reader alone: events, or 'left to saxes'. */
function byFast(xml: string): Event[] | 'left to saxes' {
  const r = recorder();
  const ok = xmlScan.scanXml(xml, r.h, 256, (d) => new Error(`too deep ${d}`));
  return ok ? r.events : 'left to saxes';
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const sheet = (data: string, prefix = '') =>
  `${DECL}<${prefix}worksheet xmlns${prefix ? `:${prefix.slice(0, -1)}` : ''}="${NS}"><${prefix}dimension ref="A1:C3"/><${prefix}sheetData>${data}</${prefix}sheetData></${prefix}worksheet>`;

/** Parts Excel writes (the fast reader reads them) and hostile ones (some left to saxes). */
const PARTS: Record<string, string> = {
  'shared strings and numbers': sheet(
    '<row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>1.5</v></c></row>',
  ),
  'inline string with rich text and a phonetic run': sheet(
    '<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">Lead </t></r><r><t>quality</t></r><rPh sb="0" eb="1"><t>x</t></rPh><phoneticPr fontId="1"/></is></c></row>',
  ),
  'shared formulas': sheet(
    '<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f><v>2</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/><v>4</v></c></row>',
  ),
  'array formula with cm': sheet(
    '<row r="2"><c r="F2" cm="1"><f t="array" ref="F2:F4">_xldudf_ROI_FUNNEL(B2,$E$1,$B$1:$D$1)</f><v>40</v></c></row>',
  ),
  'entities and character references': sheet(
    '<row r="1"><c r="A1" t="str"><f>IF(B1&lt;&gt;"a&amp;b",&quot;x&quot;,&apos;y&apos;)</f><v>&#65;&#x42;&#x1F600;_x000D_</v></c></row>',
  ),
  'entities in attribute values': sheet(
    '<row r="1"><c r="A1"><f t="array" ref="A1" x="&lt;&amp;&#x41;">1</f></c></row>',
  ),
  'a namespace prefix': sheet('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>hi</x:t></x:is></x:c></x:row>', 'x:'),
  'single quotes and spaces around =': sheet("<row r = '1'  ><c r='A1'  t = 'n' ><v>1</v ></c></row >"),
  'CDATA in a formula': sheet('<row r="1"><c r="A1"><f><![CDATA[A1<B1]]></f><v>1</v></c></row>'),
  'a comment': sheet('<row r="1"><!-- note --><c r="A1"><v>1</v></c></row>'),
  'a processing instruction': sheet('<row r="1"><?pi x?><c r="A1"><v>1</v></c></row>'),
  'a DOCTYPE': `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><worksheet>&e;</worksheet>`,
  'an unknown entity': sheet('<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>'),
  'an undefined character reference': sheet('<row r="1"><c r="A1" t="str"><v>&#0;</v></c></row>'),
  'a bare ampersand': sheet('<row r="1"><c r="A1" t="str"><v>a & b</v></c></row>'),
  '"]]>" in text': sheet('<row r="1"><c r="A1" t="str"><v>a]]>b</v></c></row>'),
  '"<" in an attribute value': sheet('<row r="1"><c r="A<1"><v>1</v></c></row>'),
  'a tab in an attribute value': sheet('<row r="1"><c r="A1"\tt="n" s="\t1"><v>1</v></c></row>'),
  'a carriage return in text': sheet('<row r="1"><c r="A1" t="str"><v>a\r\nb</v></c></row>'),
  'a duplicate attribute': sheet('<row r="1"><c r="A1" r="A2"><v>1</v></c></row>'),
  'attributes run together': sheet('<row r="1"><c r="A1"t="n"><v>1</v></c></row>'),
  'an unquoted attribute': sheet('<row r=1><c r="A1"><v>1</v></c></row>'),
  'mismatched tags': sheet('<row r="1"><c r="A1"><v>1</c></v></row>'),
  'an unclosed element': `${DECL}<worksheet><sheetData>`,
  'text after the root': `${sheet('')}junk`,
  'two roots': `${sheet('')}<worksheet/>`,
  'a control character': sheet('<row r="1"><c r="A1" t="str"><v>a\u0001b</v></c></row>'),
  'an emoji': sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>\ud83d\ude00</t></is></c></row>'),
  'a lone surrogate': sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>\ud83d</t></is></c></row>'),
  'a non-ASCII element name': `${DECL}<wörksheet/>`,
  'a bad declaration': `<?xml version="2.0"?><worksheet/>`,
  'whitespace before the declaration': ` ${DECL}<worksheet/>`,
  'no declaration, a self-closing root': '<worksheet/>',
  'an empty part': '',
  'a name starting with a digit': `${DECL}<1worksheet/>`,
  'an end tag with a space before its name': `${DECL}<worksheet></ worksheet>`,
};

describe('the fast reader reads what it reads exactly as saxes does', () => {
  test.each(Object.entries(PARTS))('%s', (_name, xml) => {
    const fast = byFast(xml);
    const saxes = bySaxes(xml);
    if (fast !== 'left to saxes') expect(fast).toEqual(saxes);
    // And parseXml with a factory (the fast reader first) ends as saxes alone does.
    let viaFactory: Event[] | string;
    try {
      let r = recorder();
      parseXml(xml, 'part', () => (r = recorder()).h);
      viaFactory = r.events;
    } catch (e) {
      viaFactory = (e as Error).message;
    }
    expect(viaFactory).toEqual(saxes);
  });

  test('it reads the parts Excel writes itself (none is left to saxes)', () => {
    for (const name of [
      'shared strings and numbers',
      'inline string with rich text and a phonetic run',
      'shared formulas',
      'array formula with cm',
      'entities and character references',
      'entities in attribute values',
      'a namespace prefix',
      'single quotes and spaces around =',
      'no declaration, a self-closing root',
    ])
      expect([name, byFast(PARTS[name]) === 'left to saxes']).toEqual([name, false]);
  });

  test('it leaves to saxes what saxes must judge', () => {
    for (const name of [
      'CDATA in a formula',
      'a comment',
      'a DOCTYPE',
      'an unknown entity',
      'a bare ampersand',
      '"]]>" in text',
      '"<" in an attribute value',
      'a duplicate attribute',
      'attributes run together',
      'mismatched tags',
      'an unclosed element',
      'text after the root',
      'two roots',
      'a control character',
      'a lone surrogate',
      'a bad declaration',
      'an empty part',
    ]) {
      expect([name, byFast(PARTS[name])]).toEqual([name, 'left to saxes']);
      expect([
        name,
        typeof bySaxes(PARTS[name]) === 'string' || name === 'CDATA in a formula' || name === 'a comment',
      ]).toEqual([name, true]);
    }
  });

  test('as saxes: a self-closing element closes with its own tag; an attribute named __proto__ is kept; XML 1.1 is left to saxes', () => {
    const closes: Array<[string, boolean, Record<string, string>]> = [];
    const h: XmlHandlers = { closetag: (tag) => closes.push([tag.name, tag.isSelfClosing, { ...tag.attributes }]) };
    expect(realScanXml('<r><c s="1"/></r>', h, 256, () => new Error('deep'))).toBe(true);
    expect(closes[0]).toEqual(['c', true, { s: '1' }]);
    const proto = '<r><c __proto__="x" s="1"/></r>';
    expect(byFast(proto)).toEqual(bySaxes(proto));
    expect((byFast(proto) as Event[])[1][2]).toEqual(JSON.parse('{"__proto__":"x","s":"1"}'));
    // saxes reads version 1.1 with its own rules (U+2028 as a line break, C1 controls refused).
    for (const body of ['x\u2028y', 'x\u0080y']) {
      const xml = `<?xml version="1.1"?><a><t>${body}</t></a>`;
      expect(byFast(xml)).toBe('left to saxes');
    }
  });

  test('the nesting limit holds on the fast path', () => {
    const deep = `${'<a>'.repeat(300)}${'</a>'.repeat(300)}`;
    expect(() => checkWellFormed(deep, 'deep.xml')).toThrow(/too large: deep.xml nests elements 2\d\d deep/);
  });

  test('random markup: whatever the fast reader accepts, saxes accepts with the same events', () => {
    const piece = fc.constantFrom(
      '<a>',
      '</a>',
      '<b x="1">',
      '</b>',
      '<c/>',
      '<d y=\'&amp;\' z="q"/>',
      'text',
      ' ',
      '\n',
      '\r',
      '\t',
      '&lt;',
      '&#65;',
      '&#0;',
      '&bogus;',
      '&',
      ']]>',
      '<',
      '>',
      '"',
      '=',
      '<!-- c -->',
      '<![CDATA[x]]>',
      '<?p?>',
      '<x:e a:b="1">',
      '</x:e>',
      '\u0001',
      '\ud800',
      'é',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), fc.boolean(), (pieces, decl) => {
        const xml = `${decl ? DECL : ''}<r>${pieces.join('')}</r>`;
        const fast = byFast(xml);
        if (fast === 'left to saxes') return true;
        expect(fast).toEqual(bySaxes(xml));
        return true;
      }),
      { numRuns: 3000 },
    );
  });
  test('random well-formed markup is mostly read by the fast reader, with the events saxes gives', () => {
    let read = 0;
    const piece = fc.constantFrom(
      '<a>',
      '</a>',
      '<b x="1">',
      '</b>',
      '<c/>',
      '<d y=\'&amp;&#x41;\' z="q"/>',
      'text',
      ' ',
      '\n',
      '&lt;&gt;&quot;&apos;',
      '&#65;',
      '<x:e a:b="1">',
      '</x:e>',
      'é€',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const xml = `${DECL}<r>${pieces.join('')}</r>\n`;
        const fast = byFast(xml);
        if (fast === 'left to saxes') return true;
        read++;
        expect(fast).toEqual(bySaxes(xml));
        return true;
      }),
      { numRuns: 2000 },
    );
    expect(read).toBeGreaterThan(200);
  });
});

describe('sheets and indexed parts read the same by either reader', () => {
  /** What a scan found, without the part's text. */
  const shape = (scan: SheetScan) => ({
    prefix: scan.prefix,
    sheetData: scan.sheetData,
    dimension: scan.dimension,
    rows: scan.rows.map((r) => ({
      r: r.r,
      start: r.start,
      openEnd: r.openEnd,
      closeStart: r.closeStart,
      end: r.end,
      cells: r.cells.map((c) => ({ ...c, f: c.f && { ...c.f }, value: cachedValue(c, ['zero', 'one']) })),
    })),
  });

  afterEach(() => (xmlScan.scanXml as jest.Mock).mockImplementation(realScanXml));

  test.each(Object.entries(PARTS).filter(([, xml]) => xml.includes('sheetData') && !/DOCTYPE/.test(xml)))(
    '%s',
    (_name, xml) => {
      let fast: unknown;
      let saxes: unknown;
      try {
        fast = shape(scanSheet(xml, 'sheet1.xml'));
      } catch (e) {
        fast = (e as Error).message;
      }
      saxesOnly();
      try {
        saxes = shape(scanSheet(xml, 'sheet1.xml'));
      } catch (e) {
        saxes = (e as Error).message;
      }
      expect(fast).toEqual(saxes);
    },
  );

  test('the cell budget is counted once when the fast reader leaves a sheet to saxes halfway', () => {
    const xml = sheet('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><!-- late --></row>');
    const budget = { cells: 5 };
    scanSheet(xml, 'sheet1.xml', { budget });
    expect(budget.cells).toBe(7);
  });

  test('indexElements gives the same elements and text', () => {
    const rels =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="x"><Relationship Id="rId1" Type="t&amp;u" Target="a.xml"/><definedName name="n">Sheet1!$A$1&amp;"x"</definedName></Relationships>';
    const fast = indexElements(rels, 'r', undefined, new Set(['definedName']));
    saxesOnly();
    expect(indexElements(rels, 'r', undefined, new Set(['definedName']))).toEqual(fast);
    expect(fast[1].attrs.Type).toBe('t&u');
    expect(fast[2].text).toBe('Sheet1!$A$1&"x"');
  });
});
