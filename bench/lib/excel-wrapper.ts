/**
 * What the range figure (bench/figures/core.ts) bundles: the Excel wrapper of src/functions
 * with the runtime table, as functions.js holds them, and the numeric helpers its inline
 * baselines share with the core (the normal quantile, so both sides use the same z), and
 * the range calls themselves with their inline baselines, compiled in the same bundle.
 */
export { excelFunction, type CustomFunctionsApi } from '../../src/functions/adapter';
export { RUNTIME_FUNCTIONS } from '../../src/core/functions';
export { normSInv } from '../../src/core/numeric';
export { rangeWorkloads } from './range-calls';
