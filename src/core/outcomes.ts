/**
 * Outcomes, not outputs: METRICKIND's kernel, the lookup of a metric's name in the
 * vocabulary of metrics.ts, with the catalogue's message (nearest known names) for a name
 * it does not know.
 */
import { RoiError } from './errors';
import { classifyMetric, unknownMetricMessage, type MetricKind } from './metrics';

/**
 * "output", "result" or "outcome" for a marketing metric's name as dashboards write it
 * (case, punctuation, plurals, qualifiers, verbs and ratios read as metrics.ts says); an
 * unknown name is #N/A suggesting the nearest known names.
 * @example metricKind('Customers won') // 'outcome'
 */
export function metricKind(metricName: string): MetricKind | RoiError {
  return classifyMetric(metricName) ?? new RoiError('#N/A', unknownMetricMessage(metricName));
}
