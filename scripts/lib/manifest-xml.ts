/**
 * The manifest as a small element tree (fast-xml-parser, order kept), and what the
 * product's checks read from it: the resources by id, every URL, the ids and names.
 * Structure (which elements, in which order, with which types) is the schemas' job
 * (manifest-schema.ts); this only reads.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  /** Qualified name as written, e.g. "bt:Image". */
  name: string;
  /** Name without prefix, e.g. "Image". */
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated, trimmed text content of this element (not of its children). */
  text: string;
  /** Path from the root for messages, e.g. "OfficeApp/VersionOverrides/Hosts". */
  path: string;
}

type FxpNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: FxpNode, parentPath: string): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment' && !k.startsWith('?'));
  if (!name) return null;
  const path = parentPath ? `${parentPath}/${name}` : name;
  const el: XmlElement = {
    name,
    local: name.includes(':') ? name.slice(name.indexOf(':') + 1) : name,
    attrs: { ...(node[':@'] ?? {}) },
    children: [],
    text: '',
    path,
  };
  const texts: string[] = [];
  for (const child of (node[name] as FxpNode[]) ?? []) {
    if ('#text' in child) texts.push(String(child['#text']));
    const c = toElement(child, path);
    if (c) el.children.push(c);
  }
  el.text = texts.join('').trim();
  return el;
}

/** Parse XML with a real parser; returns the root element or the parser's error. */
export function parseXml(xml: string): { root?: XmlElement; error?: string } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return { error: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    ignoreDeclaration: true,
    commentPropName: '#comment',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  });
  const nodes = parser.parse(xml) as FxpNode[];
  const roots = nodes.map((n) => toElement(n, '')).filter((e): e is XmlElement => e !== null);
  if (roots.length !== 1) return { error: `expected one root element, found ${roots.length}` };
  return { root: roots[0] };
}

export const kids = (el: XmlElement | undefined, local: string): XmlElement[] =>
  el ? el.children.filter((c) => c.local === local) : [];
export const kid = (el: XmlElement | undefined, local: string): XmlElement | undefined => kids(el, local)[0];

export function walk(el: XmlElement, visit: (e: XmlElement, parent?: XmlElement) => void, parent?: XmlElement): void {
  visit(el, parent);
  for (const c of el.children) walk(c, visit, el);
}

/** A resource of <Resources>: its collection (Images, Urls, ShortStrings, LongStrings) and value. */
export interface Resource {
  kind: string;
  value: string;
}

/** What the checks read from a manifest. */
export interface Manifest {
  root: XmlElement;
  id?: string;
  version?: string;
  /** The custom functions namespace (the string its <Namespace resid> names). */
  namespace?: string;
  /** resid -> resource; the first definition of an id wins (duplicates are a problem of their own). */
  resources: Map<string, Resource>;
  /** Ids defined more than once. */
  duplicateIds: string[];
  /** Every absolute URL in the manifest except XML namespace declarations. */
  urls: string[];
  /** The one <Host xsi:type="Workbook"> of <VersionOverrides>, if any. */
  workbook?: XmlElement;
  /** The value of a resource by id. */
  value(resid: string | undefined): string | undefined;
}

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Read a parsed manifest. */
export function readManifest(root: XmlElement): Manifest {
  const resources = new Map<string, Resource>();
  const duplicateIds: string[] = [];
  const vo = kid(root, 'VersionOverrides');
  for (const coll of kid(vo, 'Resources')?.children ?? []) {
    for (const item of coll.children) {
      const id = item.attrs.id;
      if (!id) continue;
      if (resources.has(id)) duplicateIds.push(id);
      else resources.set(id, { kind: coll.local, value: item.attrs.DefaultValue ?? '' });
    }
  }
  const urls: string[] = [];
  walk(root, (el) => {
    for (const [name, value] of Object.entries(el.attrs)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      if (ABSOLUTE_URL.test(value)) urls.push(value);
    }
    if (ABSOLUTE_URL.test(el.text)) urls.push(el.text);
  });
  const value = (resid: string | undefined) => (resid ? resources.get(resid)?.value : undefined);
  const workbook = kids(kid(vo, 'Hosts'), 'Host').find((h) => h.attrs['xsi:type'] === 'Workbook');
  const cf = kids(kid(workbook, 'AllFormFactors'), 'ExtensionPoint').find(
    (e) => e.attrs['xsi:type'] === 'CustomFunctions',
  );
  return {
    root,
    id: kid(root, 'Id')?.text,
    version: kid(root, 'Version')?.text,
    namespace: value(kid(cf, 'Namespace')?.attrs.resid),
    resources,
    duplicateIds,
    urls,
    workbook,
    value,
  };
}
