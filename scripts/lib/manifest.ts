/**
 * Offline checks of the add-in manifest: Microsoft's schemas for its structure
 * (manifest-schema.ts, build/schemas/), then this product's own rules
 * (manifest-rules.ts). `office-addin-manifest validate` is not used: it needs Microsoft's
 * online service.
 *
 * Used by scripts/validate-manifest.ts (`npm run validate`) and the tests. An empty list of
 * problems means the manifest passed.
 */
import { parseXml, readManifest, type Manifest } from './manifest-xml';
import { ruleProblems, type RuleOptions } from './manifest-rules';
import { schemaProblems } from './manifest-schema';

export type { RuleOptions } from './manifest-rules';

/**
 * The product's rules only (synchronous; no schema): for a manifest already known to be
 * valid against the schemas, or to test one rule.
 */
export function checkManifestRules(xml: string, opts: RuleOptions = {}): { problems: string[]; manifest?: Manifest } {
  const { root, error } = parseXml(xml);
  if (!root) return { problems: [error ?? 'could not parse the XML'] };
  const manifest = readManifest(root);
  return { problems: ruleProblems(manifest, opts), manifest };
}

/** Schemas, then the product's rules (those only if the XML parses). */
export async function validateManifest(
  xml: string,
  opts: RuleOptions & { fileName?: string } = {},
): Promise<{ problems: string[]; manifest?: Manifest }> {
  const schema = await schemaProblems(xml, opts.fileName);
  const rules = checkManifestRules(xml, opts);
  if (!rules.manifest) return { problems: schema.length > 0 ? schema : rules.problems };
  return { problems: [...schema, ...rules.problems], manifest: rules.manifest };
}
