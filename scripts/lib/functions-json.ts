/**
 * Offline checks of functions.json, the custom functions metadata Excel reads: the rules
 * Excel applies to it (ids A-Z, 0-9, "." and "_", unique; names usable in a formula and
 * without the namespace; a description on every function and parameter; optional
 * parameters last; https help links), and that it declares exactly the functions of the
 * core's table (the build generates it from that table; a copy from another build would
 * not match).
 */
import { PRODUCT } from './manifest-rules';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0;

/**
 * Check custom functions metadata: ids A-Z, 0-9, "." and "_", unique; names usable in
 * Excel and not prefixed with the namespace; a description on every function and every
 * parameter; optional parameters last.
 */
export function checkFunctionsJson(json: unknown, namespace = PRODUCT.namespace): string[] {
  const problems: string[] = [];
  if (!isObj(json) || !Array.isArray(json.functions))
    return ['functions.json must be an object with a "functions" array'];
  if (json.functions.length === 0) problems.push('functions.json declares no functions');
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  json.functions.forEach((f: unknown, i: number) => {
    const where = isObj(f) && typeof f.id === 'string' ? `function ${f.id}` : `function #${i + 1}`;
    if (!isObj(f)) {
      problems.push(`${where} is not an object`);
      return;
    }
    if (typeof f.id !== 'string' || !/^[A-Z0-9._]+$/.test(f.id)) {
      problems.push(`${where}: id ${JSON.stringify(f.id)} must use only A-Z, 0-9, "." and "_"`);
    } else {
      ids.set(f.id.toUpperCase(), (ids.get(f.id.toUpperCase()) ?? 0) + 1);
    }
    if (!nonEmpty(f.name)) problems.push(`${where}: name is missing`);
    else {
      if (!/^[A-Za-z][A-Za-z0-9._]*$/.test(f.name))
        problems.push(`${where}: name "${f.name}" must start with a letter and use only letters, digits, "." and "_"`);
      if (f.name.toUpperCase().startsWith(namespace.toUpperCase() + '.')) {
        problems.push(`${where}: name "${f.name}" must not include the namespace; Excel adds "${namespace}." itself`);
      }
      names.set(f.name.toUpperCase(), (names.get(f.name.toUpperCase()) ?? 0) + 1);
    }
    if (!nonEmpty(f.description)) problems.push(`${where}: description is missing`);
    if (f.parameters !== undefined && !Array.isArray(f.parameters)) {
      problems.push(`${where}: parameters must be an array`);
      return;
    }
    const params = (f.parameters as unknown[] | undefined) ?? [];
    const paramNames = new Set<string>();
    let sawOptional = false;
    params.forEach((p: unknown, j: number) => {
      const pw = isObj(p) && nonEmpty(p.name) ? `${where}, parameter ${p.name}` : `${where}, parameter #${j + 1}`;
      if (!isObj(p)) {
        problems.push(`${pw} is not an object`);
        return;
      }
      if (!nonEmpty(p.name)) problems.push(`${pw}: name is missing`);
      else {
        if (paramNames.has(p.name.toLowerCase())) problems.push(`${pw}: parameter name is used twice`);
        paramNames.add(p.name.toLowerCase());
      }
      if (!nonEmpty(p.description)) problems.push(`${pw}: description is missing`);
      if (p.optional === true) sawOptional = true;
      else if (sawOptional && p.repeating !== true)
        problems.push(`${pw}: a required parameter cannot follow an optional one`);
      if (p.repeating === true && j !== params.length - 1) problems.push(`${pw}: only the last parameter may repeat`);
    });
    if (f.result !== undefined && !isObj(f.result)) problems.push(`${where}: result must be an object`);
    if (f.helpUrl !== undefined && !(typeof f.helpUrl === 'string' && /^https:\/\/[^\s]+$/.test(f.helpUrl))) {
      problems.push(`${where}: helpUrl ${JSON.stringify(f.helpUrl)} must be an https URL`);
    }
  });
  for (const [id, n] of ids) if (n > 1) problems.push(`function id ${id} is declared ${n} times`);
  for (const [name, n] of names) if (n > 1) problems.push(`function name ${name} is declared ${n} times`);
  return problems;
}

/**
 * Functions missing from, or extra in, a functions.json compared with the ids the core's
 * table declares (`expectedIds`); empty if they are the same set.
 */
export function idsAgainstTable(json: unknown, expectedIds: readonly string[]): string[] {
  if (!isObj(json) || !Array.isArray(json.functions)) return [];
  const have = new Set(json.functions.map((f: unknown) => (isObj(f) ? String(f.id) : '')));
  const want = new Set(expectedIds);
  const problems: string[] = [];
  const missing = [...want].filter((id) => !have.has(id));
  const extra = [...have].filter((id) => !want.has(id));
  if (missing.length) problems.push(`functions.json lacks ${missing.join(', ')}, which the core's table declares`);
  if (extra.length) problems.push(`functions.json declares ${extra.join(', ')}, which the core's table does not`);
  return problems;
}
