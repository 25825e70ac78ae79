/**
 * An .xlsx package (Open Packaging Conventions): the zip's parts in their original order,
 * read lazily, and written back with only the parts we changed re-encoded. Every part
 * we never touch is copied as stored, byte for byte, and never inflated: opening checks
 * the zip's structure, names and declared sizes (src/xlsx/zip.ts), and a part is inflated
 * and CRC-checked only when something reads it. Every part we changed or added is parsed
 * again before the package is written: a part that is not well-formed XML is an error,
 * never a file.
 */
import { XlsxError } from './errors';
import { LIMITS, tooLarge } from './limits';
import { checkWellFormed, indexElements, splice, type XmlElement } from './xml';
import { entryData, isOleCompoundFile, looksLikeZip, readZip, writeZip, type ZipEntry, type ZipOut } from './zip';
import { attrsToString, decodeOoxml, escapeAttr } from '../formula/cell-xml';

export const REL = {
  officeDocument: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
  worksheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  sharedStrings: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings',
  calcChain: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain',
  sheetMetadata: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata',
  drawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  chart: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
};
export const CT = {
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  sheetMetadata: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
};

interface Part {
  name: string;
  entry?: ZipEntry;
  /** Replacement content; undefined = unchanged. */
  data?: Uint8Array;
  removed?: boolean;
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
  /** Resolved part name (no leading slash), for internal targets. */
  partName: string;
}

export interface SheetInfo {
  name: string;
  sheetId: number;
  rId: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** 0-based position in workbook.xml's <sheets>. */
  index: number;
  /** The worksheet part, e.g. xl/worksheets/sheet1.xml (undefined for chart sheets etc.). */
  partName?: string;
  /** true when the relationship is a worksheet (not a chartsheet or dialog sheet). */
  isWorksheet: boolean;
}

export interface DefinedName {
  name: string;
  /** 0-based sheet index for a sheet-scoped name. */
  localSheetId?: number;
  hidden: boolean;
  text: string;
}

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export class XlsxPackage {
  private parts: Part[] = [];
  private byName = new Map<string, Part>();
  private texts = new Map<string, string>();
  readonly label: string;

  private constructor(entries: ZipEntry[], label: string) {
    this.label = label;
    for (const entry of entries) {
      if (entry.name.endsWith('/')) {
        const part: Part = { name: entry.name, entry };
        this.parts.push(part);
        continue;
      }
      const part: Part = { name: entry.name, entry };
      this.parts.push(part);
      this.byName.set(entry.name.toLowerCase(), part);
    }
  }

  /** Opens a package from bytes. `label` (usually the file name) only feeds messages. */
  static open(bytes: Uint8Array, label = 'workbook'): XlsxPackage {
    if (isOleCompoundFile(bytes)) {
      throw new XlsxError(
        'the file is password-protected (encrypted) or a legacy .xls: it is an OLE compound file, not an .xlsx package; remove the password in Excel (File > Info > Protect Workbook) and save as .xlsx',
        'encrypted',
      );
    }
    if (bytes.length === 0) throw new XlsxError('the file is empty', 'not-zip');
    if (!looksLikeZip(bytes)) throw new XlsxError('not an .xlsx file (not a zip archive)', 'not-zip');
    if (bytes.length > LIMITS.fileBytes.value) throw tooLarge('fileBytes', 'the file is larger', bytes.length);
    const pkg = new XlsxPackage(readZip(bytes), label);
    if (!pkg.has('[Content_Types].xml'))
      throw new XlsxError('not an .xlsx file (no [Content_Types].xml in the zip)', 'not-xlsx');
    pkg.text('[Content_Types].xml');
    const main = pkg.workbookPartName();
    if (!main || !pkg.has(main)) throw new XlsxError('not an .xlsx workbook (no workbook part)', 'not-xlsx');
    return pkg;
  }

  has(name: string): boolean {
    const p = this.byName.get(name.toLowerCase());
    return !!p && !p.removed;
  }

  /** The part names in package order (removed parts left out). */
  names(): string[] {
    return this.parts.filter((p) => !p.removed && !p.name.endsWith('/')).map((p) => p.name);
  }

  bytes(name: string): Uint8Array {
    const p = this.byName.get(name.toLowerCase());
    if (!p || p.removed) throw new XlsxError(`the package has no part ${name}`, 'not-xlsx');
    return p.data ?? entryData(p.entry!);
  }

  text(name: string): string {
    const key = name.toLowerCase();
    let t = this.texts.get(key);
    if (t === undefined) {
      t = utf8.decode(this.bytes(name));
      this.texts.set(key, t);
    }
    return t;
  }

  /** Was this part changed (or added) since the package was opened? */
  changed(name: string): boolean {
    const p = this.byName.get(name.toLowerCase());
    return !!p && (p.data !== undefined || !p.entry);
  }

  setText(name: string, text: string): void {
    const key = name.toLowerCase();
    const p = this.byName.get(key);
    if (!p || p.removed) throw new Error(`no part ${name}`);
    const current = this.texts.get(key);
    if (current === text) return;
    if (p.data === undefined && current !== undefined) {
      // The cached text is the original's, and the new text differs from it.
      p.data = encoder.encode(text);
    } else {
      const original = p.entry ? utf8.decode(entryData(p.entry)) : undefined;
      p.data = original === text ? undefined : encoder.encode(text);
    }
    this.texts.set(key, text);
  }

  /** Adds a new part, after `after` in zip order when given (else at the end). */
  addPart(name: string, text: string, after?: string): void {
    if (this.has(name)) throw new Error(`part ${name} exists`);
    const part: Part = { name, data: encoder.encode(text) };
    const at = after ? this.parts.findIndex((p) => p.name.toLowerCase() === after.toLowerCase()) : -1;
    if (at >= 0) this.parts.splice(at + 1, 0, part);
    else this.parts.push(part);
    this.byName.set(name.toLowerCase(), part);
    this.texts.set(name.toLowerCase(), text);
  }

  removePart(name: string): void {
    const p = this.byName.get(name.toLowerCase());
    if (p) {
      p.removed = true;
      this.byName.delete(name.toLowerCase());
      this.texts.delete(name.toLowerCase());
    }
  }

  /** The package as zip bytes. Every changed or added XML part is parsed first (XlsxError if one is not well-formed). */
  toBytes(): Uint8Array {
    const out: ZipOut[] = [];
    for (const p of this.parts) {
      if (p.removed) continue;
      if (p.data !== undefined) {
        if (isXmlPart(p.name)) checkWellFormed(this.text(p.name), `${p.name} (as written)`);
        out.push({ name: p.name, data: p.data, template: p.entry });
      } else out.push({ name: p.name, entry: p.entry! });
    }
    return writeZip(out);
  }

  /** Parses every XML part, changed or not (for a package built by another writer, before it is saved). */
  checkAllParts(): void {
    for (const name of this.names()) if (isXmlPart(name)) checkWellFormed(this.text(name), name);
  }

  // ---- relationships -------------------------------------------------------------

  static relsPartOf(partName: string): string {
    const i = partName.lastIndexOf('/');
    return `${partName.slice(0, i + 1)}_rels/${partName.slice(i + 1)}.rels`;
  }

  relationships(partName: string): Relationship[] {
    const relsName = XlsxPackage.relsPartOf(partName);
    if (!this.has(relsName)) return [];
    const base = partName.slice(0, partName.lastIndexOf('/') + 1);
    return indexElements(this.text(relsName), relsName, new Set(['Relationship'])).map((el) => {
      const target = el.attrs.Target ?? '';
      const external = el.attrs.TargetMode === 'External';
      return {
        id: el.attrs.Id,
        type: el.attrs.Type,
        target,
        external,
        partName: external ? '' : resolvePartName(base, target),
      };
    });
  }

  /** Adds a relationship and returns its new Id (rIdN, unused). */
  addRelationship(partName: string, type: string, target: string): string {
    const relsName = XlsxPackage.relsPartOf(partName);
    if (!this.has(relsName)) {
      this.addPart(
        relsName,
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
      );
    }
    const xml = this.text(relsName);
    const used = new Set(this.relationships(partName).map((r) => r.id));
    let n = 1;
    while (used.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    const root = indexElements(xml, relsName, new Set(['Relationships']))[0];
    if (!root) throw new XlsxError(`${relsName} has no Relationships element`, 'corrupt');
    const el = `<Relationship${attrsToString([
      ['Id', id],
      ['Type', type],
      ['Target', target],
    ])}/>`;
    this.setText(relsName, insertChild(xml, root, el));
    return id;
  }

  removeRelationship(partName: string, id: string): void {
    const relsName = XlsxPackage.relsPartOf(partName);
    if (!this.has(relsName)) return;
    const xml = this.text(relsName);
    const el = indexElements(xml, relsName, new Set(['Relationship'])).find((e) => e.attrs.Id === id);
    if (el) this.setText(relsName, splice(xml, [{ start: el.start, end: el.end, text: '' }]));
  }

  // ---- content types -------------------------------------------------------------

  addOverride(partName: string, contentType: string): void {
    const name = '[Content_Types].xml';
    const xml = this.text(name);
    const els = indexElements(xml, name, new Set(['Types', 'Override']));
    const abs = `/${partName}`;
    if (els.some((e) => e.name === 'Override' && e.attrs.PartName?.toLowerCase() === abs.toLowerCase())) return;
    const root = els.find((e) => e.name === 'Types');
    if (!root) throw new XlsxError(`${name} has no Types element`, 'corrupt');
    this.setText(
      name,
      insertChild(xml, root, `<Override PartName="${escapeAttr(abs)}" ContentType="${escapeAttr(contentType)}"/>`),
    );
  }

  removeOverride(partName: string): void {
    const name = '[Content_Types].xml';
    const xml = this.text(name);
    const abs = `/${partName}`.toLowerCase();
    const edits = indexElements(xml, name, new Set(['Override']))
      .filter((e) => e.attrs.PartName?.toLowerCase() === abs)
      .map((e) => ({ start: e.start, end: e.end, text: '' }));
    if (edits.length) this.setText(name, splice(xml, edits));
  }

  // ---- workbook ------------------------------------------------------------------

  workbookPartName(): string | undefined {
    const rel = this.relationships('').find((r) => r.type === REL.officeDocument || r.type.endsWith('/officeDocument'));
    return rel?.partName;
  }

  /** The package root's rels live at _rels/.rels; relationships('') reads them. */

  workbookPart(): string {
    return this.workbookPartName()!;
  }

  sheets(): SheetInfo[] {
    const wb = this.workbookPart();
    const rels = new Map(this.relationships(wb).map((r) => [r.id, r]));
    const els = indexElements(this.text(wb), wb, new Set(['sheet']));
    return els
      .filter((e) => e.parent === 'sheets')
      .map((e, index) => {
        const rId = e.attrs['r:id'] ?? Object.entries(e.attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
        const rel = rels.get(rId);
        const state = (e.attrs.state as SheetInfo['state']) ?? 'visible';
        return {
          name: e.attrs.name,
          sheetId: Number(e.attrs.sheetId),
          rId,
          state,
          index,
          partName: rel?.partName,
          isWorksheet: !!rel && rel.type.endsWith('/worksheet'),
        };
      });
  }

  definedNames(): DefinedName[] {
    const wb = this.workbookPart();
    return indexElements(this.text(wb), wb, new Set(['definedName']), new Set(['definedName'])).map((e) => ({
      name: e.attrs.name,
      localSheetId: e.attrs.localSheetId !== undefined ? Number(e.attrs.localSheetId) : undefined,
      hidden: e.attrs.hidden === '1' || e.attrs.hidden === 'true',
      text: e.text ?? '',
    }));
  }

  /** The part of the given relationship type from the workbook, if any. */
  workbookRelated(type: string): Relationship | undefined {
    return this.relationships(this.workbookPart()).find((r) => r.type === type && !r.external);
  }

  /** Shared strings table, as plain strings (rich text runs joined, phonetic runs left out). */
  sharedStrings(): string[] {
    const rel = this.workbookRelated(REL.sharedStrings);
    if (!rel || !this.has(rel.partName)) return [];
    const xml = this.text(rel.partName);
    const els = indexElements(xml, rel.partName, new Set(['si', 't', 'rPh']), new Set(['t']));
    const out: string[] = [];
    let cur: string | undefined;
    let skipUntil = -1;
    for (const el of els) {
      if (el.name === 'si') {
        if (cur !== undefined) out.push(cur);
        cur = '';
      } else if (el.name === 'rPh') {
        skipUntil = el.end;
      } else if (el.name === 't' && el.start >= skipUntil) {
        cur = (cur ?? '') + decodeOoxml(el.text ?? '');
        if (cur.length > LIMITS.textChars.value)
          throw tooLarge('textChars', `shared string ${out.length + 1} of ${rel.partName} is longer`);
      }
    }
    if (cur !== undefined) out.push(cur);
    return out;
  }
}

/** Parts written as XML: *.xml and *.rels (and [Content_Types].xml); legacy VML is not always well-formed and is never changed. */
function isXmlPart(name: string): boolean {
  return /\.(xml|rels)$/i.test(name);
}

export function resolvePartName(base: string, target: string): string {
  let path = target.startsWith('/') ? target.slice(1) : base + target;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  path = out.join('/');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Inserts `child` as the last child of `el` (expanding a self-closing element). */
export function insertChild(xml: string, el: XmlElement, child: string): string {
  if (el.selfClosing) {
    const open = xml.slice(el.start, el.end).replace(/\s*\/>$/, '>');
    return splice(xml, [{ start: el.start, end: el.end, text: `${open}${child}</${el.qname}>` }]);
  }
  return splice(xml, [{ start: el.closeStart, end: el.closeStart, text: child }]);
}
