/**
 * The task pane's small XML reader (src/workbook/light-xml.ts): elements, attributes and
 * text as Excel writes them, and every malformation or danger refused with the part named.
 */
import { MAX_XML_DEPTH, XmlReadError, readXml } from '../../src/workbook/light-xml';

function events(xml: string): string[] {
  const out: string[] = [];
  readXml(xml, 'part.xml', {
    open: (name, attrs, self) => out.push(`<${name}${JSON.stringify(attrs)}${self ? '/' : ''}>`),
    close: (name) => out.push(`</${name}>`),
    text: (t) => out.push(t),
  });
  return out;
}

const fails = (xml: string) => () => events(xml);

describe('readXml', () => {
  test('elements, attributes (prefixes dropped), text with entities and character references, CDATA', () => {
    expect(
      events(
        '<?xml version="1.0" encoding="UTF-8"?>\n<x:a xmlns:x="ns" r:id="rId1"><b v=\'1 &amp; 2\'/><!-- note --><c>&lt;&#65;&#x42;&quot;</c><d><![CDATA[<raw>]]></d></x:a>',
      ),
    ).toEqual([
      '<a{"x":"ns","id":"rId1"}>',
      '<b{"v":"1 & 2"}/>',
      '</b>',
      '<c{}>',
      '<AB"',
      '</c>',
      '<d{}>',
      '<raw>',
      '</d>',
      '</a>',
    ]);
  });

  test('a ">" inside a quoted attribute value does not end the tag', () => {
    expect(events('<a f="x>1"/>')).toEqual(['<a{"f":"x>1"}/>', '</a>']);
  });

  test.each([
    ['a DOCTYPE (entity bombs, external entities)', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', /DOCTYPE/],
    ['an entity XML does not define', '<a>&nbsp;</a>', /an entity \(&nbsp;\) XML does not define/],
    ['a character reference that is no character', '<a>&#0;</a>', /not a character/],
    ['a tag closed by another', '<a><b></a></b>', /<\/a> does not close <b>/],
    ['an element never closed', '<a><b></b>', /<a> is never closed/],
    ['two root elements', '<a/><b/>', /more than one root element/],
    ['text outside the root', 'x<a/>', /text outside the root element/],
    ['an unfinished tag', '<a', /an unfinished tag/],
    ['a malformed attribute', '<a b=1/>', /an attribute is malformed/],
  ])('refuses %s, naming the part', (_what, xml, message) => {
    expect(fails(xml)).toThrow(XmlReadError);
    expect(fails(xml)).toThrow(/^part\.xml: /);
    expect(fails(xml)).toThrow(message);
  });

  test(`refuses elements nested deeper than ${MAX_XML_DEPTH}`, () => {
    const deep = `${'<a>'.repeat(MAX_XML_DEPTH + 1)}${'</a>'.repeat(MAX_XML_DEPTH + 1)}`;
    expect(fails(deep)).toThrow(/nested too deep/);
    const ok = `${'<a>'.repeat(MAX_XML_DEPTH)}${'</a>'.repeat(MAX_XML_DEPTH)}`;
    expect(events(ok)).toHaveLength(2 * MAX_XML_DEPTH);
  });
});
