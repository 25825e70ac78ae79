/**
 * XML helpers on top of saxes (a conforming, non-validating XML parser that reports the
 * position of every tag in the source string). We parse with the real parser and use its
 * positions to cut and splice the exact source text of the elements we change, so every
 * other byte of a part stays as it was. Every part is parsed through parseXml, which refuses
 * a DOCTYPE and nesting past the limit.
 */
import { SaxesParser } from 'saxes';
import { XlsxError } from './errors';
import { LIMITS, tooLarge } from './limits';
import { scanXml, type FastHandlers, type XmlHandlers, type XmlTag } from './xml-scan';

export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

export function prefixOf(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? '' : qname.slice(0, i + 1);
}

export interface XmlElement {
  /** Qualified name as written (may carry a prefix). */
  qname: string;
  name: string;
  attrs: Record<string, string>;
  /** Offset of '<' of the start tag. */
  start: number;
  /** Offset just after the start tag's '>'. */
  openEnd: number;
  /** Offset of '<' of the end tag (= openEnd for a self-closing element). */
  closeStart: number;
  /** Offset just after the element. */
  end: number;
  selfClosing: boolean;
  depth: number;
  /** Concatenated text content (only collected for elements listed in `textOf`). */
  text?: string;
  /** Local name of the parent element. */
  parent?: string;
}

/**
 * Parses `xml` with saxes and returns the elements whose local name is in `names`
 * (all elements if `names` is omitted), with their source offsets.
 * Throws XlsxError naming `part` if the XML is not well formed.
 */
export function indexElements(xml: string, part: string, names?: Set<string>, textOf?: Set<string>): XmlElement[] {
  let out: XmlElement[] = [];
  parseXml(xml, part, () => {
    out = [];
    const stack: Array<{ el?: XmlElement; name: string }> = [];
    let textTarget: XmlElement | undefined;
    return {
      opentag(tag, pos) {
        const name = localName(tag.name);
        const start = xml.lastIndexOf('<', pos - 1);
        let el: XmlElement | undefined;
        if (!names || names.has(name)) {
          el = {
            qname: tag.name,
            name,
            attrs: tag.attributes,
            start,
            openEnd: pos,
            closeStart: pos,
            end: pos,
            selfClosing: tag.isSelfClosing,
            depth: stack.length,
            parent: stack.length ? stack[stack.length - 1].name : undefined,
          };
          if (textOf?.has(name)) {
            el.text = '';
            textTarget = el;
          }
          out.push(el);
        }
        stack.push({ el, name });
      },
      text(t) {
        if (textTarget) textTarget.text += t;
      },
      closetag(_tag, pos) {
        const top = stack.pop();
        if (top?.el) {
          top.el.end = pos;
          top.el.closeStart = top.el.selfClosing ? pos : xml.lastIndexOf('<', pos - 1);
          if (textTarget === top.el) textTarget = undefined;
        }
      },
      wantText: () => textTarget !== undefined,
    };
  });
  return out;
}

export type { FastHandlers, XmlHandlers, XmlTag } from './xml-scan';

/**
 * Parses `xml`, calling the handlers. Throws XlsxError naming `part` when the XML is not
 * well-formed, declares a DOCTYPE (Excel refuses such files; refusing them here also shuts
 * out entity tricks), or nests deeper than the limit. An XlsxError thrown by a handler (a
 * limit, a cell outside the grid) comes out as it is.
 *
 * Given a function that makes the handlers (fresh state on each call), the part is read by
 * the fast reader (src/xlsx/xml-scan.ts) first, and by saxes, from the start with new
 * handlers, only when the fast reader leaves it to saxes. Given the handlers themselves, saxes
 * reads it.
 */
export function parseXml(xml: string, part: string, h: FastHandlers | (() => FastHandlers)): void {
  const max = LIMITS.xmlDepth.value;
  if (typeof h === 'function') {
    if (scanXml(xml, h(), max, (depth) => tooLarge('xmlDepth', `${part} nests elements ${depth} deep`))) return;
    h = h();
  }
  saxParse(xml, part, h, max);
}

function saxParse(xml: string, part: string, h: XmlHandlers, max: number): void {
  const parser = new SaxesParser({ position: true });
  let depth = 0;
  parser.on('doctype', () => {
    throw new XlsxError(`${part} declares a DOCTYPE, which Excel refuses to open`, 'corrupt');
  });
  parser.on('opentag', (tag) => {
    if (++depth > max) throw tooLarge('xmlDepth', `${part} nests elements ${depth} deep`);
    h.opentag?.(tag as XmlTag, parser.position);
  });
  parser.on('closetag', (tag) => {
    depth--;
    h.closetag?.(tag as XmlTag, parser.position);
  });
  if (h.text) {
    parser.on('text', h.text);
    parser.on('cdata', h.text);
  }
  let failure: Error | undefined;
  parser.on('error', (e) => {
    failure ??= e;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    if (e instanceof XlsxError) throw e;
    failure ??= e as Error;
  }
  if (failure) {
    if (failure instanceof XlsxError) throw failure;
    throw new XlsxError(`${part} is not well-formed XML (${failure.message.split('\n')[0]})`, 'corrupt');
  }
}

/** The attributes of one start tag (`<row r="7" spans="1:3">`), parsed as saxes parses them. */
export function tagAttributes(startTag: string): Record<string, string> {
  const parser = new SaxesParser();
  let attrs: Record<string, string> = {};
  parser.on('opentag', (tag) => {
    attrs = { ...(tag.attributes as Record<string, string>) };
  });
  parser.write(startTag.replace(/\s*\/?>$/, '/>')).close();
  return attrs;
}

/** Throws XlsxError when `xml` is not a well-formed part (for a part written before it is saved). */
export function checkWellFormed(xml: string, part: string): void {
  parseXml(xml, part, () => ({}));
}

/** Replaces [start, end) ranges of `s` in one pass. Ranges must not overlap. */
export function splice(s: string, edits: Array<{ start: number; end: number; text: string }>): string {
  if (edits.length === 0) return s;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor) throw new Error('overlapping XML edits');
    parts.push(s.slice(cursor, e.start), e.text);
    cursor = e.end;
  }
  parts.push(s.slice(cursor));
  return parts.join('');
}
