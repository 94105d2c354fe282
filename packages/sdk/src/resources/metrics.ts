import { ValidationError } from '../core/errors.js';
import { describe, optionalNonEmptyString, plainText } from '../core/validate.js';
import type { MetricRecord, MetricsBody, MetricsByStage, MetricValue } from '../types/metrics.js';

/** Metrics as a record (`{ rows: 10 }`), or as `[name, value]` pairs when names repeat or order matters. */
export type MetricsInput = Readonly<Record<string, MetricValue>> | ReadonlyArray<readonly [string, MetricValue]>;

/**
 * Validates metrics and builds the v2 body: every name a non-empty string, every value a finite
 * number or a string, no NUL character in any of them.
 */
export function metricsBody(metrics: MetricsInput, stage: string | undefined): MetricsBody {
  if (metrics === null || typeof metrics !== 'object') {
    throw new ValidationError('metrics', `must be an object of metric -> value, got ${describe(metrics)}`);
  }
  const pairs: ReadonlyArray<readonly [string, unknown]> = Array.isArray(metrics) ? metrics : Object.entries(metrics);
  if (pairs.length === 0) throw new ValidationError('metrics', 'must hold at least one metric');
  const out = pairs.map(([metric, value]) => {
    if (typeof metric !== 'string' || metric.trim() === '') throw new ValidationError('metrics', `metric names must be non-empty strings, got ${describe(metric)}`);
    if (metric.includes('\u0000')) throw new ValidationError('metrics', `metric names must not contain a NUL character (\\u0000), got ${describe(metric)}`);
    const valid = typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    if (!valid) throw new ValidationError(`metrics.${metric}`, `value must be a finite number or a string, got ${describe(value)}`);
    if (typeof value === 'string') plainText(`metrics.${metric}`, value);
    return { metric, value: value as MetricValue };
  });
  return { stage: optionalNonEmptyString('stage', stage) ?? null, metrics: out };
}

/** `{ stage: { metric: value } }`; metrics without a stage are left out (they have no group). */
export function groupMetricsByStage(records: readonly MetricRecord[]): MetricsByStage {
  const grouped: MetricsByStage = {};
  for (const record of records) {
    if (record.stage === null || record.stage === undefined) continue;
    (grouped[record.stage] ??= {})[record.metric] = record.value;
  }
  return grouped;
}

/**
 * Checks metrics exactly as `submitMetrics` does, without sending anything: throws a
 * ValidationError naming the bad metric (e.g. to drop one bad line of a metrics file and keep
 * the rest).
 */
export function validateMetrics(metrics: MetricsInput, options: { stage?: string | undefined } = {}): void {
  metricsBody(metrics, options.stage);
}
