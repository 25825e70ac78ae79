/**
 * What the time figure (bench/figures/time.ts) bundles: the Excel wrapper of src/functions
 * with the runtime table, as functions.js holds them, the core's Wilson bound (which the
 * STAGERATES baseline shares, so that the counting is what is compared), and the calls of
 * the figure with their inline baselines, compiled in the same bundle.
 */
export { excelFunction, type CustomFunctionsApi } from '../../src/functions/adapter';
export { RUNTIME_FUNCTIONS } from '../../src/core/functions';
export { wilsonLower } from '../../src/core/numeric';
export { planWorkload, pipelineWorkload, stageRatesWorkload } from './time-calls';
