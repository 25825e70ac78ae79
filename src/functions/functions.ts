/**
 * Entry of the custom functions bundle (loaded by the shared runtime page). It only
 * registers the core's functions with Excel; no React, no HyperFormula here.
 */
import { associateAll, type CustomFunctionsApi } from './adapter';

declare const CustomFunctions: CustomFunctionsApi | undefined;

if (typeof CustomFunctions !== 'undefined' && CustomFunctions) {
  associateAll(CustomFunctions);
}
