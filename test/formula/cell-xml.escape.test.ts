/**
 * The one OOXML escaper (src/formula/cell-xml.ts): what XML 1.0 cannot carry becomes
 * _xHHHH_, a literal _xHHHH_ keeps its meaning, decoding gives the text back, and what it
 * writes always parses.
 */
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import {
  decodeOoxml,
  encodeOoxml,
  escapeAttr,
  escapeText,
  escapeXmlText,
  formulaCellXml,
  valueCellXml,
} from '../../src/formula/cell-xml';

function parses(xml: string): boolean {
  const p = new SaxesParser();
  let ok = true;
  p.on('error', () => (ok = false));
  p.write(xml).close();
  return ok;
}

/** Any UTF-16 text, lone surrogates, controls, U+FFFE/U+FFFF and literal escapes included. */
const anyText = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
  fc
    .array(
      fc.constantFrom(
        '_x0041_',
        '_x005F_',
        '_xFFFF_',
        '\uffff',
        '\ufffe',
        '\u0000',
        '\r',
        '\ud800',
        '\udc00',
        'a',
        '_',
        'x',
      ),
    )
    .map((a) => a.join('')),
);

describe('encodeOoxml / decodeOoxml', () => {
  test('decode(encode(s)) is s, for any text', () => {
    fc.assert(fc.property(anyText, (s) => decodeOoxml(encodeOoxml(s)) === s));
  });

  test('what escapeText writes parses as element text, for any text', () => {
    fc.assert(fc.property(anyText, (s) => parses(`<t>${escapeText(s)}</t>`)));
  });

  test('attributes and chart text parse too, for any text', () => {
    fc.assert(fc.property(anyText, (s) => parses(`<a b="${escapeAttr(s)}">${escapeXmlText(s)}</a>`)));
  });

  test('the forms Excel writes', () => {
    expect(encodeOoxml('a\u0001b')).toBe('a_x0001_b');
    expect(encodeOoxml('x\uffffy')).toBe('x_xFFFF_y');
    expect(encodeOoxml('_x0041_')).toBe('_x005F_x0041_');
    expect(encodeOoxml('line\r\nnext')).toBe('line_x000D_\nnext');
    expect(encodeOoxml('\ud83d\ude00 and \ud800')).toBe('\ud83d\ude00 and _xD800_');
    expect(encodeOoxml('plain _x12_ text')).toBe('plain _x12_ text');
    expect(decodeOoxml('_x005F_x0041_')).toBe('_x0041_');
    expect(decodeOoxml('_x0041_')).toBe('A');
    expect(escapeXmlText('a\uffff<b')).toBe('a\ufffd&lt;b');
  });

  test('cells written for values and formulas parse whatever their text', () => {
    fc.assert(
      fc.property(
        anyText,
        (s) =>
          parses(valueCellXml('', 'A1', undefined, s)) &&
          parses(
            formulaCellXml('', 'A1', undefined, `_xldudf_ROI_METRICKIND("${s.replace(/"/g, '""')}")`, 'A1', s, '1'),
          ),
      ),
    );
  });
});
