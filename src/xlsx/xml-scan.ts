/**
 * A fast reader for the XML Excel itself writes, in front of saxes (src/xlsx/xml.ts).
 *
 * Why: saxes is a complete parser, and completeness costs: an event per attribute, an
 * attribute object per tag, a state machine per character. On a sheet of 125,000 cells it
 * was 40% of `roi recalc` (docs/performance.md, figure 6). The parts Excel writes use a
 * small corner of XML: ASCII element and attribute names, quoted attribute values,
 * character data with the five predefined entities and character references, an XML
 * declaration, and nothing else. This reader reads exactly that corner, strictly, and
 * hands the same events to the same handlers, with the same offsets, as parseXml's saxes
 * does.
 *
 * It never decides that a part is broken. On anything outside its corner (a comment,
 * CDATA, a processing instruction, a DOCTYPE, a carriage return or a tab inside the root,
 * a name or a character it does not read, a duplicate attribute, mismatched tags, text
 * outside the root) it stops and says so (returns false): the caller then reads the part
 * again from the start with saxes, whose verdict and messages stand. So the fast reader
 * only ever accepts what saxes accepts, and gives the handlers what saxes gives them;
 * test/xlsx/xml-scan.test.ts checks both on hostile and random parts.
 */
/** An element as the handlers of parseXml see it. */
export interface XmlTag {
  name: string;
  attributes: Record<string, string>;
  isSelfClosing: boolean;
}

export interface XmlHandlers {
  /** A start tag; `pos` is the offset just after its ">". */
  opentag?(tag: XmlTag, pos: number): void;
  /** An end tag (also right after the start tag of a self-closing element); `pos` is the offset just after it. */
  closetag?(tag: XmlTag, pos: number): void;
  /** Character data, CDATA sections included. */
  text?(t: string): void;
}

/** Handlers, plus a way to say that no text is wanted right now (skips slicing it). */
export interface FastHandlers extends XmlHandlers {
  wantText?(): boolean;
}

/**
 * <?xml version="1.0" encoding="UTF-8" standalone="yes"?>, in XML's order, each part optional
 * but the version. Version 1.0 only: saxes reads any other with XML 1.1's rules (U+0085 and
 * U+2028 as line breaks, C1 controls refused), which this reader does not apply.
 */
const DECL =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.0"|'1\.0')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/;

/**
 * Characters this reader leaves to saxes: those XML 1.0 forbids (C0 controls but tab, line
 * feed and carriage return; U+FFFE, U+FFFF), and surrogates (a lone one is forbidden; a
 * pair is rare enough in a sheet's XML to leave to saxes too).
 */
const LEAVE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const AMP = 0x26;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;
const CR = 0x0d;
const TAB = 0x09;
const LF = 0x0a;
const SP = 0x20;

function isWs(c: number): boolean {
  return c === SP || c === LF || c === TAB || c === CR;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
}

/** A character of an XML name as this reader reads names (ASCII letters, digits, _ : - .). */
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

/** Can this code point be written as a character reference (XML 1.0's Char)? */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The text of xml[start, end) with its references replaced; undefined when a reference is
 * not one this reader reads (saxes then decides).
 */
function decodeRefs(xml: string, start: number, end: number): string | undefined {
  let out = '';
  let from = start;
  for (let i = xml.indexOf('&', start); i >= 0 && i < end; i = xml.indexOf('&', from)) {
    const semi = xml.indexOf(';', i + 1);
    if (semi < 0 || semi >= end || semi - i > 12) return undefined;
    const name = xml.slice(i + 1, semi);
    let ch: string | undefined;
    if (name.charCodeAt(0) === 0x23 /* # */) {
      const hex = name.charCodeAt(1) === 0x78; /* x */
      const digits = name.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) return undefined;
      const code = parseInt(digits, hex ? 16 : 10);
      if (!isXmlChar(code)) return undefined;
      ch = String.fromCodePoint(code);
    } else ch = PREDEFINED[name];
    if (ch === undefined) return undefined;
    out += xml.slice(from, i) + ch;
    from = semi + 1;
  }
  return out + xml.slice(from, end);
}

/** A tag as the handlers see it: valid only during the call (the reader reuses it). */
class Tag implements XmlTag {
  name = '';
  isSelfClosing = false;
  /** Attribute spans: name start, name end, value start, value end (inside the quotes), per attribute. */
  spans: number[] = [];
  count = 0;
  /** Does some value hold a reference? */
  refs = false;
  /** Short values, one string each (t="s", cm="1", s="3" repeat on every cell of a sheet that keeps them). */
  private readonly short = new Map<string, string>();
  constructor(
    private readonly xml: string,
    private readonly names: Names,
  ) {}
  /** A new object on each read (a handler may keep it). */
  get attributes(): Record<string, string> {
    // No prototype, as saxes builds them: an attribute named __proto__ is kept.
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    const s = this.spans;
    for (let i = 0; i < this.count * 4; i += 4) {
      let v = this.refs ? decodeRefs(this.xml, s[i + 2], s[i + 3])! : this.xml.slice(s[i + 2], s[i + 3]);
      // (not r="B7": a cell's reference is its own)
      if (v.length <= 9 && !(s[i + 1] - s[i] === 1 && this.xml.charCodeAt(s[i]) === 0x72)) {
        const seen = this.short.get(v);
        if (seen !== undefined) v = seen;
        else if (this.short.size < 4096) this.short.set(v, v);
      }
      out[this.names.get(s[i], s[i + 1])] = v;
    }
    return out;
  }
}

/**
 * Element names, one string each: a part names a handful of elements hundreds of thousands
 * of times. A slot per hash of length and end characters; a name is checked in place
 * (startsWith) before its slot's string is reused, and sliced only when the slot holds another.
 */
class Names {
  private readonly slots: string[] = new Array<string>(256).fill('');
  constructor(private readonly xml: string) {}
  get(start: number, end: number): string {
    const len = end - start;
    const h = (len * 31 + this.xml.charCodeAt(start) * 7 + this.xml.charCodeAt(end - 1)) & 0xff;
    const seen = this.slots[h];
    if (seen.length === len && this.xml.startsWith(seen, start)) return seen;
    return (this.slots[h] = this.xml.slice(start, end));
  }
}

const NO_ATTRIBUTES: XmlTag = { name: '', attributes: {}, isSelfClosing: false };

/**
 * Reads `xml` with the handlers, as parseXml's saxes would call them (opentag with the
 * offset after its ">", closetag likewise, right after opentag for a self-closing element,
 * with its tag; an end tag's closetag gets the name only, not the attributes saxes repeats;
 * text with references decoded). Returns false, having called some handlers, when the part
 * holds something this reader leaves to saxes; the caller then starts again with fresh
 * handlers. `maxDepth` and `tooDeep` are parseXml's nesting limit.
 */
export function scanXml(xml: string, h: FastHandlers, maxDepth: number, tooDeep: (depth: number) => Error): boolean {
  if (LEAVE.test(xml)) return false;
  const n = xml.length;
  let p = 0;
  if (xml.startsWith('<?xml')) {
    const m = DECL.exec(xml);
    if (!m) return false;
    p = m[0].length;
  }
  // The next carriage return, "]]>" and "&" at or after p (found once, then again only when passed).
  let nextCr = -2;
  let nextBrackets = -2;
  let nextAmp = -2;
  const stack: string[] = [];
  const names = new Names(xml);
  const tag = new Tag(xml, names);
  const closing = { name: '', attributes: NO_ATTRIBUTES.attributes, isSelfClosing: false };
  let rootClosed = false;
  const { opentag, closetag, text, wantText } = h;
  for (;;) {
    const lt = xml.indexOf('<', p);
    const end = lt < 0 ? n : lt;
    if (end > p) {
      if (!stack.length) {
        // Outside the root: whitespace only, line ends normalized (as saxes hands it on).
        for (let i = p; i < end; i++) if (!isWs(xml.charCodeAt(i))) return false;
        if (text && (!wantText || wantText())) text(xml.slice(p, end).replace(/\r\n?/g, '\n'));
      } else {
        if (nextCr !== -1 && nextCr < p) nextCr = xml.indexOf('\r', p);
        if (nextCr >= 0 && nextCr < end) return false;
        if (nextBrackets !== -1 && nextBrackets < p) nextBrackets = xml.indexOf(']]>', p);
        if (nextBrackets >= 0 && nextBrackets < end) return false;
        if (nextAmp !== -1 && nextAmp < p) nextAmp = xml.indexOf('&', p);
        const refs = nextAmp >= 0 && nextAmp < end;
        if (refs || (text && (!wantText || wantText()))) {
          const t = refs ? decodeRefs(xml, p, end) : xml.slice(p, end);
          if (t === undefined) return false;
          if (text && (!wantText || wantText())) text(t);
        }
      }
    }
    if (lt < 0) break;
    let q = lt + 1;
    const c = xml.charCodeAt(q);
    if (c === SLASH) {
      // </name>
      const nameStart = ++q;
      if (!isNameStart(xml.charCodeAt(q))) return false;
      while (isNameChar(xml.charCodeAt(q))) q++;
      const nameEnd = q;
      while (isWs(xml.charCodeAt(q))) q++;
      if (xml.charCodeAt(q) !== GT || !stack.length) return false;
      const open = stack.pop()!;
      if (open.length !== nameEnd - nameStart || !xml.startsWith(open, nameStart)) return false;
      p = q + 1;
      if (closetag) {
        closing.name = open;
        closetag(closing, p);
      }
      if (!stack.length) rootClosed = true;
      continue;
    }
    if (!isNameStart(c) || rootClosed) return false;
    // <name attr="value" ...> or <name .../>
    const nameStart = q;
    while (isNameChar(xml.charCodeAt(q))) q++;
    const nameEnd = q;
    const spans = tag.spans;
    let count = 0;
    let refs = false;
    for (;;) {
      const before = q;
      while (isWs(xml.charCodeAt(q))) q++;
      const d = xml.charCodeAt(q);
      if (d === GT || d === SLASH) break;
      if (q === before || !isNameStart(d)) return false;
      const an = q;
      while (isNameChar(xml.charCodeAt(q))) q++;
      const ae = q;
      while (isWs(xml.charCodeAt(q))) q++;
      if (xml.charCodeAt(q) !== EQ) return false;
      q++;
      while (isWs(xml.charCodeAt(q))) q++;
      const quote = xml.charCodeAt(q);
      if (quote !== DQ && quote !== SQ) return false;
      const vs = ++q;
      for (;;) {
        const v = xml.charCodeAt(q);
        if (v === quote) break;
        if (v === LT || v === TAB || v === LF || v === CR || Number.isNaN(v)) return false;
        if (v === AMP) refs = true;
        q++;
      }
      const ve = q++;
      // a duplicate attribute name: saxes decides
      const len = ae - an;
      for (let k = 0; k < count * 4; k += 4)
        if (spans[k + 1] - spans[k] === len && xml.startsWith(xml.slice(an, ae), spans[k])) return false;
      spans[count * 4] = an;
      spans[count * 4 + 1] = ae;
      spans[count * 4 + 2] = vs;
      spans[count * 4 + 3] = ve;
      count++;
    }
    let selfClosing = false;
    if (xml.charCodeAt(q) === SLASH) {
      if (xml.charCodeAt(q + 1) !== GT) return false;
      selfClosing = true;
      q++;
    }
    p = q + 1;
    if (refs) {
      for (let k = 0; k < count * 4; k += 4)
        if (decodeRefs(xml, spans[k + 2], spans[k + 3]) === undefined) return false;
    }
    if (stack.length + 1 > maxDepth) throw tooDeep(stack.length + 1);
    const name = names.get(nameStart, nameEnd);
    tag.name = name;
    tag.isSelfClosing = selfClosing;
    tag.count = count;
    tag.refs = refs;
    opentag?.(tag, p);
    if (selfClosing) {
      // saxes hands closetag the element's own tag (self-closing, its attributes).
      closetag?.(tag, p);
      if (!stack.length) rootClosed = true;
    } else stack.push(name);
  }
  return rootClosed && !stack.length;
}
