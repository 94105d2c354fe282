export type MetricValue = number | string;

/** One metric as the server returns it. */
export interface MetricRecord {
  stage: string | null;
  metric: string;
  value: MetricValue;
  [field: string]: unknown;
}

/** GET /slots/{slotId}/submissions/{id}/metrics */
export interface MetricsResponse {
  slotSubmissionMetrics: MetricRecord[];
}

/** Body of POST /v2/slots/{slotId}/submissions/{id}/metrics */
export interface MetricsBody {
  stage: string | null;
  metrics: Array<{ metric: string; value: MetricValue }>;
}

export interface GetMetricsOptions {
  /** Only these stages. */
  stages?: string | readonly string[] | undefined;
  /** Only these metrics. */
  metrics?: string | readonly string[] | undefined;
  /** Include repeated submissions of the same stage and metric (hidden by default). */
  includeDuplicates?: boolean | undefined;
}

/** Metrics grouped as `{ stage: { metric: value } }`. */
export type MetricsByStage = Record<string, Record<string, MetricValue>>;
