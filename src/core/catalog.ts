/**
 * FUNCTIONS: the runtime table (functions.ts) and the words about each function
 * (docs.ts) merged, one entry per function with everything known about it. For
 * functions.json, the reference, docs/functions.md, the engine and the tests. The
 * custom functions bundle imports the runtime table only (see src/functions/adapter.ts),
 * so none of this text ships in functions.js.
 */
import { DOCS, type ExampleSpec, type FunctionCategory, type FunctionDocs } from './docs';
import { RUNTIME_FUNCTIONS, type RuntimeParamSpec, type RuntimeSpec } from './functions';

export type { ExampleSpec, FunctionCategory };

export interface ParamSpec extends RuntimeParamSpec {
  description: string;
}

export interface FunctionSpec extends RuntimeSpec {
  category: FunctionCategory;
  description: string;
  /** The formula in words and symbols, for the reference. */
  formula: string;
  params: ParamSpec[];
  errors: Array<{ code: string; when: string }>;
  /** Decisions taken where the spec is silent. */
  notes: string[];
  examples: ExampleSpec[];
}

/** One runtime entry with its words; a missing text is left empty (test/core.docs.test.ts fails on it). */
function documented(spec: RuntimeSpec): FunctionSpec {
  const d: FunctionDocs | undefined = DOCS[spec.id];
  return {
    ...spec,
    category: d?.category ?? 'Reverse funnel',
    description: d?.description ?? '',
    formula: d?.formula ?? '',
    params: spec.params.map((p) => ({ ...p, description: d?.params[p.name] ?? '' })),
    errors: d?.errors ?? [],
    notes: d?.notes ?? [],
    examples: d?.examples ?? [],
  };
}

export const FUNCTIONS: FunctionSpec[] = RUNTIME_FUNCTIONS.map(documented);
