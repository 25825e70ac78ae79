/**
 * The manifest against Microsoft's add-in manifest schemas (build/schemas/, with their
 * source and local changes in build/schemas/README.md), validated offline by libxml2
 * compiled to WebAssembly (xmllint-wasm). This is where structure is checked: well-formed
 * XML, the elements and their order, required and repeated elements, attribute values and
 * types (GUID id, version format, permission names, string and URL length limits, resource
 * id lengths, VersionOverrides 1.0 for a task pane add-in).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export const SCHEMA_DIR = join(__dirname, '..', '..', 'build', 'schemas');
/** The main schema; it imports the others. */
export const MAIN_SCHEMA = 'OfficeAppManifestV1_1.xsd';

interface SchemaFile {
  fileName: string;
  contents: string;
}

let schemas: { main: SchemaFile; imported: SchemaFile[] } | undefined;

function loadSchemas(): { main: SchemaFile; imported: SchemaFile[] } {
  if (!schemas) {
    const files = readdirSync(SCHEMA_DIR)
      .filter((f) => f.endsWith('.xsd'))
      .map((fileName) => ({ fileName, contents: readFileSync(join(SCHEMA_DIR, fileName), 'utf8') }));
    const main = files.find((f) => f.fileName === MAIN_SCHEMA);
    if (!main) throw new Error(`${MAIN_SCHEMA} is missing from ${SCHEMA_DIR}`);
    schemas = { main, imported: files.filter((f) => f !== main) };
  }
  return schemas;
}

/** "{http://schemas.microsoft.com/office/appforoffice/1.1}IconUrl" -> "IconUrl". */
function withoutNamespaces(message: string): string {
  return message.replace(/\{(?:https?|urn):[^}]*\}/g, '').replace(/\s+/g, ' ');
}

/**
 * The schema problems of a manifest, one line each with its line number; empty if valid.
 * @param fileName only for the messages
 */
export async function schemaProblems(xml: string, fileName = 'manifest.xml'): Promise<string[]> {
  return (await schemaProblemsOfEach([{ fileName, contents: xml }]))[0];
}

/**
 * The schema problems of several manifests in one run of the validator (the schemas are
 * compiled once per run: about 0.13 s, against a few milliseconds per manifest), in order.
 * File names must differ: each problem is given to its file by name.
 */
export async function schemaProblemsOfEach(files: Array<{ fileName: string; contents: string }>): Promise<string[][]> {
  const { main, imported } = loadSchemas();
  const result = await validateXML({ xml: files, schema: [main], preload: imported });
  const byFile = new Map(files.map((f) => [f.fileName, [] as string[]]));
  if (result.valid) return files.map(() => []);
  // xmllint reports file after file: a line with no location ("<file> fails to validate", or
  // the context lines under a parser error) belongs to the file it names, else to the one before.
  let last = files[0].fileName;
  for (const e of result.errors) {
    const file = e.loc?.fileName ?? files.find((f) => e.rawMessage.startsWith(`${f.fileName} `))?.fileName ?? last;
    last = file;
    const where = e.loc?.lineNumber ? `line ${e.loc.lineNumber}: ` : '';
    const what = e.message.replace(/^.*?(Schemas validity error|parser error) : /, '');
    (byFile.get(file) ?? byFile.get(files[0].fileName))!.push(`schema: ${where}${withoutNamespaces(what)}`.trim());
  }
  return files.map((f) => {
    const problems = byFile.get(f.fileName)!;
    // The "fails to validate" line says nothing the lines above it do not.
    const specific = problems.filter((p) => !/fails to validate$/.test(p));
    return specific.length > 0 ? specific : problems;
  });
}
