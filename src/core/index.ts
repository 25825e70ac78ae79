/** The calculation core: pure TypeScript, no Office, no DOM, no I/O. */
export * from './types';
export * from './errors';
export { type ParamKind, type ParamMode, shapeOf, isGrid, isBlank } from './args';
export { FUNCTIONS, type FunctionSpec, type ParamSpec, type ExampleSpec, type FunctionCategory } from './catalog';
export { RUNTIME_FUNCTIONS, type RuntimeSpec, type RuntimeParamSpec } from './functions';
export { DOCS, type FunctionDocs } from './docs';
export { callFunction, checkedCall, getFunction, runnerFor, spillShape, type Runner } from './registry';
export { ceilWhole, binomialAtLeast, leastTrials, normSInv, wilsonLower } from './numeric';
export {
  requiredDeals,
  funnelVolumes,
  requiredLeads,
  requiredLeadsFromDeals,
  hitProbability,
  requiredOpps,
  sensitivity,
} from './funnel';
export { classifyMetric, METRICS, knownMetricCount, metricKey, type MetricKind } from './metrics';
