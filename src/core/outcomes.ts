/**
 * Outcomes, not outputs: METRICKIND's kernel, the lookup of a metric's name in the
 * vocabulary of metrics.ts with the catalogue's message for a name it does not know.
 */
import { RoiError, msg } from './errors';
import { METRICS, classifyMetric, type MetricKind } from './metrics';

/**
 * "output", "result" or "outcome" for a marketing metric's name (case, punctuation,
 * singular or plural ignored); an unknown name is #N/A listing examples of each kind.
 * @example metricKind('Customers won') // 'outcome'
 */
export function metricKind(metricName: string): MetricKind | RoiError {
  const kind = classifyMetric(metricName);
  if (kind) return kind;
  const ex = (k: MetricKind) => METRICS[k].slice(0, 4).join(', ');
  return new RoiError('#N/A', msg.unknownMetric(metricName, ex('output'), ex('result'), ex('outcome')));
}
