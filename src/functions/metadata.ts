/**
 * functions.json, built from the core's metadata table (never written by hand). Every
 * ROI function takes "any" matrix arguments, so that the core sees the raw values and
 * ranges, and returns a matrix, so elementwise calls spill.
 */
import { FUNCTIONS, type FunctionSpec } from '../core';

export const DEV_BASE_URL = 'https://localhost:3000';

export function helpUrl(baseUrl: string, spec: FunctionSpec): string {
  return `${baseUrl.replace(/\/$/, '')}/help.html#${spec.id.toLowerCase()}`;
}

export interface FunctionsJson {
  allowErrorForDataTypeAny: boolean;
  functions: Array<{
    id: string;
    name: string;
    description: string;
    helpUrl: string;
    result: { dimensionality: 'matrix' | 'scalar' };
    parameters: Array<{
      name: string;
      description: string;
      type: 'any';
      dimensionality: 'matrix' | 'scalar';
      optional: boolean;
    }>;
  }>;
}

export function functionsJson(baseUrl = DEV_BASE_URL): FunctionsJson {
  return {
    // Errors reach the core as values, so one bad element of a range spoils only its own cell.
    allowErrorForDataTypeAny: true,
    functions: FUNCTIONS.map((spec) => ({
      id: spec.id,
      name: spec.id,
      description: spec.description,
      helpUrl: helpUrl(baseUrl, spec),
      result: { dimensionality: 'matrix' },
      parameters: spec.params.map((p) => ({
        name: p.name,
        description: p.description,
        type: 'any',
        dimensionality: 'matrix',
        optional: !!p.optional,
      })),
    })),
  };
}
