/**
 * What the grid needs from an .xlsx file's xl/styles.xml: for each cell style index (the
 * `s` attribute of a cell), its number format code, bold/italic, font colour, fill and
 * horizontal alignment. Read with the xlsx layer's XML indexer (saxes). Theme and indexed
 * colours are not resolved (only explicit RGB).
 */
import { XlsxPackage } from './package';
import { indexElements, type XmlElement } from './xml';
import type { CellStyle } from '../base/batch';
import { BUILTIN_FORMATS } from '../base/builtin-formats';

// Excel's built-in number formats live in src/base (the task pane's light reader needs them too).
export { BUILTIN_FORMATS };

export interface XfStyle {
  numberFormat: string;
  style?: CellStyle;
}

const STYLES_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles';

/** "FF1F3864" -> "#1F3864". */
function argb(v: string | undefined): string | undefined {
  if (!v || !/^[0-9a-f]{6,8}$/i.test(v)) return undefined;
  return `#${v.slice(-6).toUpperCase()}`;
}

function within(el: XmlElement, parent: XmlElement): boolean {
  return el.start > parent.start && el.end <= parent.end;
}

/** The cell styles of a styles.xml text, by index. */
export function readStylesXml(xml: string, part = 'xl/styles.xml'): XfStyle[] {
  const els = indexElements(
    xml,
    part,
    new Set([
      'numFmt',
      'font',
      'b',
      'i',
      'color',
      'fill',
      'patternFill',
      'fgColor',
      'cellXfs',
      'xf',
      'alignment',
      'fonts',
      'fills',
    ]),
  );
  const formats = new Map<number, string>();
  for (const e of els) if (e.name === 'numFmt') formats.set(Number(e.attrs.numFmtId), e.attrs.formatCode ?? 'General');
  const fontsEl = els.find((e) => e.name === 'fonts');
  const fonts = els
    .filter((e) => e.name === 'font' && fontsEl && within(e, fontsEl))
    .map((font) => {
      const inner = els.filter((x) => within(x, font));
      const on = (name: string) => {
        const x = inner.find((y) => y.name === name);
        return !!x && x.attrs.val !== '0' && x.attrs.val !== 'false';
      };
      return { bold: on('b'), italic: on('i'), color: argb(inner.find((y) => y.name === 'color')?.attrs.rgb) };
    });
  const fillsEl = els.find((e) => e.name === 'fills');
  const fills = els
    .filter((e) => e.name === 'fill' && fillsEl && within(e, fillsEl))
    .map((fill) => {
      const inner = els.filter((x) => within(x, fill));
      const pattern = inner.find((y) => y.name === 'patternFill');
      if (!pattern || pattern.attrs.patternType !== 'solid') return undefined;
      return argb(inner.find((y) => y.name === 'fgColor')?.attrs.rgb);
    });
  const cellXfs = els.find((e) => e.name === 'cellXfs');
  if (!cellXfs) return [];
  const xfs = els.filter((e) => e.name === 'xf' && within(e, cellXfs) && e.depth === cellXfs.depth + 1);
  return xfs.map((xf) => {
    const id = Number(xf.attrs.numFmtId ?? 0);
    const numberFormat = formats.get(id) ?? BUILTIN_FORMATS[id] ?? 'General';
    const font = fonts[Number(xf.attrs.fontId ?? 0)];
    const fill = fills[Number(xf.attrs.fillId ?? 0)];
    const align = els.find((x) => x.name === 'alignment' && within(x, xf))?.attrs.horizontal;
    const style: CellStyle = {};
    if (font?.bold) style.bold = true;
    if (font?.italic) style.italic = true;
    if (font?.color && font.color !== '#000000') style.fontColor = font.color;
    if (fill) style.fill = fill;
    if (align === 'left' || align === 'center' || align === 'right')
      style.horizontalAlignment = (align[0].toUpperCase() + align.slice(1)) as CellStyle['horizontalAlignment'];
    return Object.keys(style).length ? { numberFormat, style } : { numberFormat };
  });
}

/** The cell styles of a package (none when it has no styles part). */
export function readStyles(pkg: XlsxPackage): XfStyle[] {
  const rel = pkg.workbookRelated(STYLES_REL);
  if (!rel || !pkg.has(rel.partName)) return [];
  return readStylesXml(pkg.text(rel.partName), rel.partName);
}

/** Column widths (in characters) of a worksheet part, by column letter. */
export function readColumnWidths(
  xml: string,
  part: string,
  toLetter: (index: number) => string,
): Record<string, number> {
  const out: Record<string, number> = {};
  // Only the <cols> block (it comes before the cells): no need to parse a large sheet again.
  const block = /<(?:\w+:)?cols\b[\s\S]*?<\/(?:\w+:)?cols>/.exec(xml)?.[0];
  if (!block) return out;
  const snippet = block.replace(/^<(\w+:)?cols\b/, (m, p) => `${m} xmlns${p ? `:${p.slice(0, -1)}` : ''}="urn:x"`);
  for (const col of indexElements(snippet, part, new Set(['col']))) {
    const min = Number(col.attrs.min);
    const max = Math.min(Number(col.attrs.max), min + 255);
    const width = Number(col.attrs.width);
    if (!Number.isFinite(min) || !Number.isFinite(width) || col.attrs.customWidth === '0') continue;
    for (let c = min; c <= max; c++) out[toLetter(c - 1)] = width;
  }
  return out;
}
