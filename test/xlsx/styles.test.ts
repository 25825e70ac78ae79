/**
 * Reading a package's styles.xml and column widths (src/xlsx/styles.ts): number formats,
 * bold/italic/colours per cell style, widths per column.
 */
import { indexToCol } from '../../src/base/a1';
import { BUILTIN_FORMATS, readColumnWidths, readStylesXml } from '../../src/xlsx/styles';

jest.setTimeout(60_000);

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="2"><numFmt numFmtId="164" formatCode="&quot;$&quot;#,##0"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>
  <fonts count="3"><font><sz val="11"/><color theme="1"/></font><font><b/><sz val="11"/><color rgb="FF1F3864"/></font><font><i/><color rgb="FF000000"/></font></fonts>
  <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>
  <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
  <cellXfs count="5">
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
    <xf numFmtId="164" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="165" fontId="2" fillId="0" borderId="0" xfId="0"><alignment horizontal="center"/></xf>
    <xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0"/>
    <xf numFmtId="44" fontId="0" fillId="0" borderId="0" xfId="0"/>
  </cellXfs>
</styleSheet>`;

describe('styles.xml', () => {
  test('number formats (custom and built-in), bold/italic, colours, fills, alignment by style index', () => {
    const xfs = readStylesXml(STYLES);
    expect(xfs).toEqual([
      { numberFormat: 'General' },
      { numberFormat: '"$"#,##0', style: { bold: true, fontColor: '#1F3864', fill: '#FFF2CC' } },
      { numberFormat: '0.0%', style: { italic: true, horizontalAlignment: 'Center' } },
      { numberFormat: '0%' },
      { numberFormat: BUILTIN_FORMATS[44] },
    ]);
  });

  test('column widths from <cols>, ranges spread over their columns', () => {
    const xml =
      '<worksheet xmlns="x"><cols><col min="1" max="1" width="40.7109375" customWidth="1"/><col min="3" max="4" width="16" customWidth="1"/></cols><sheetData/></worksheet>';
    expect(readColumnWidths(xml, 'sheet1.xml', indexToCol)).toEqual({ A: 40.7109375, C: 16, D: 16 });
    expect(readColumnWidths('<worksheet><sheetData/></worksheet>', 's', indexToCol)).toEqual({});
  });
});
