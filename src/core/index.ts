/** The calculation core: pure TypeScript, no Office, no DOM, no I/O. */
export * from './types';
export * from './errors';
export {
  type ParamKind,
  type ParamMode,
  type PeriodList,
  type StageListKind,
  MAX_STAGES,
  MAX_LAG,
  shapeOf,
  isGrid,
  isBlank,
  listLength,
} from './args';
export { FUNCTIONS, type FunctionSpec, type ParamSpec, type ExampleSpec, type FunctionCategory } from './catalog';
export {
  RUNTIME_FUNCTIONS,
  FUNCTION_IDS,
  isFunctionId,
  defineFunction,
  type FunctionId,
  type NamedArgs,
  type NamedArgsOf,
  type ParamName,
  type RuntimeSpec,
  type RuntimeParamSpec,
  type ArgOf,
  type ArgsOf,
  type FunctionDef,
  type KernelResult,
  type KindValues,
  type ParamDef,
} from './functions';
export { DOCS, type FunctionDocs } from './docs';
export {
  argumentsOf,
  callFunction,
  callByName,
  checkedCall,
  getFunction,
  runnerFor,
  runnerOf,
  spillShape,
  type Runner,
  type Validated,
} from './registry';
export { ceilWhole, binomialAtLeast, leastTrials, normSInv, wilsonLower, product, suffixProducts } from './numeric';
export {
  requiredDeals,
  funnel,
  funnelVolumes,
  requiredLeads,
  requiredLeadsFromDeals,
  hitProbability,
  requiredOpps,
  sensitivity,
} from './funnel';
export { revenueGap, leadQuality, cac, ltv, payback, romi, customerProfit, marginLever, velocity } from './economics';
export { metricKind } from './outcomes';
export { funnelPlan, funnelForecast, pipelineHit } from './time';
export {
  stageRates,
  stageLags,
  percentileInc,
  defaultMinAges,
  effectiveAsOf,
  latestDate,
  type StageRateRow,
} from './calibrate';
export { classifyMetric, METRICS, knownMetricCount, metricKey, type MetricKind } from './metrics';
