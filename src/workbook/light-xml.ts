/**
 * A small XML reader for the parts of an .xlsx file the task pane reads (workbook,
 * relationships, shared strings, styles, worksheets): it walks the text once and calls
 * back for each element opened and closed and for text between them. It ships in the
 * add-in, where the project's parser (saxes, in src/xlsx) may not go, and runs in a Web
 * Worker, where the browser's DOMParser does not exist.
 *
 * Bounded and strict: no DOCTYPE (Excel refuses files with one, and it is where XML's
 * entity bombs and external entities live), only the five predefined entities and
 * character references, a depth limit, and every malformation an error naming the part.
 * Element and attribute names are given without their namespace prefix.
 */
import { LIMITS } from '../base/limits';

export class XmlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlReadError';
  }
}

export interface XmlHandler {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

/** Elements nested deeper than this are refused (the table's xmlDepth; Excel's own parts nest about 10 deep). */
export const MAX_XML_DEPTH = LIMITS.xmlDepth.value;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Text with its entity and character references decoded; an unknown entity is an error. */
export function decodeXmlText(s: string, part: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]{1,10});/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!Number.isFinite(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        throw new XmlReadError(`${part}: a character reference (${m}) that is not a character`);
      return String.fromCodePoint(code);
    }
    const v = ENTITIES[e];
    if (v === undefined) throw new XmlReadError(`${part}: an entity (${m}) XML does not define`);
    return v;
  });
}

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

function attributes(s: string, part: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = ATTR.exec(s))) {
    if (s.slice(consumed, m.index).trim() !== '') throw new XmlReadError(`${part}: an attribute is malformed`);
    out[local(m[1])] = decodeXmlText(m[3] ?? m[4] ?? '', part);
    consumed = ATTR.lastIndex;
  }
  if (s.slice(consumed).trim() !== '') throw new XmlReadError(`${part}: an attribute is malformed`);
  return out;
}

/** Walks the XML text once, calling back for elements and text. Throws XmlReadError for anything malformed. */
export function readXml(xml: string, part: string, h: XmlHandler): void {
  const stack: string[] = [];
  let rootDone = false;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const t = xml.slice(i, end);
      if (stack.length) h.text(decodeXmlText(t, part));
      else if (t.trim() !== '' && t.replace(/^\uFEFF/, '').trim() !== '')
        throw new XmlReadError(`${part}: text outside the root element`);
    }
    if (lt < 0) break;
    if (xml.startsWith('<?', lt)) {
      const close = xml.indexOf('?>', lt + 2);
      if (close < 0) throw new XmlReadError(`${part}: an unfinished processing instruction`);
      i = close + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const close = xml.indexOf('-->', lt + 4);
      if (close < 0) throw new XmlReadError(`${part}: an unfinished comment`);
      i = close + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const close = xml.indexOf(']]>', lt + 9);
      if (close < 0) throw new XmlReadError(`${part}: an unfinished CDATA section`);
      if (!stack.length) throw new XmlReadError(`${part}: text outside the root element`);
      h.text(xml.slice(lt + 9, close));
      i = close + 3;
    } else if (xml.startsWith('<!', lt)) {
      throw new XmlReadError(
        `${part}: holds a DOCTYPE or another declaration, which Excel refuses (and which could define entity bombs)`,
      );
    } else {
      // The tag ends at the first ">" outside a quoted attribute value.
      let stop = lt + 1;
      let quote = '';
      for (; stop < n; stop++) {
        const ch = xml[stop];
        if (quote) {
          if (ch === quote) quote = '';
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '>') break;
      }
      if (stop >= n) throw new XmlReadError(`${part}: an unfinished tag`);
      let body = xml.slice(lt + 1, stop);
      i = stop + 1;
      if (body.startsWith('/')) {
        const name = local(body.slice(1).trim());
        const open = stack.pop();
        if (open !== name) throw new XmlReadError(`${part}: </${name}> does not close <${open ?? 'nothing'}>`);
        h.close(name);
        if (!stack.length) rootDone = true;
        continue;
      }
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const m = /^([^\s/>]+)/.exec(body);
      if (!m) throw new XmlReadError(`${part}: a tag without a name`);
      const name = local(m[1]);
      if (!stack.length && rootDone) throw new XmlReadError(`${part}: more than one root element`);
      const attrs = attributes(body.slice(m[1].length), part);
      if (selfClosing) {
        h.open(name, attrs, true);
        h.close(name);
        if (!stack.length) rootDone = true;
      } else {
        if (stack.length >= MAX_XML_DEPTH) throw new XmlReadError(`${part}: elements nested too deep`);
        stack.push(name);
        h.open(name, attrs, false);
      }
    }
  }
  if (stack.length) throw new XmlReadError(`${part}: <${stack[stack.length - 1]}> is never closed`);
}
