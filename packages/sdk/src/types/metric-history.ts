/** Metric history: LucoTS-server extension under `/lucots/v1/metric-history` (the hosted Luco API does not have it). */

/** A submission's roll-up: Failed, CompletedWithFailures, CompletedWithoutFailures or InProgress. */
export type MetricPointStatus = 'CompletedWithoutFailures' | 'CompletedWithFailures' | 'Failed' | 'InProgress';

/** One numeric value of a sequence's metric; instants are ISO 8601 UTC. */
export interface MetricHistoryPoint {
  slotId: number;
  tag: string;
  /** The slot's expectedBy; for an unscheduled slot, when the slot was created. */
  slotTime: string;
  /** null for an unscheduled slot. */
  expectedBy: string | null;
  slotSubmissionId: number;
  status: MetricPointStatus;
  /** Of the metric and stage in that submission, the last recorded value. */
  value: number;
  recordedOn: string;
}

export interface MetricHistory {
  slotSequenceId: number;
  metric: string;
  /** null: the values recorded without a stage. */
  stage: string | null;
  /** latest: one point per slot from its latest completed submission; every: one per submission. */
  points: 'latest' | 'every';
  order: 'asc' | 'desc';
  from: string | null;
  to: string | null;
  values: MetricHistoryPoint[];
  /** Text values of the metric and stage in the covered range, left out of `values`. */
  nonNumeric: number;
  /** true when `limit` cut the series: more points follow the last one. */
  truncated: boolean;
}

export interface MetricHistoryOptions {
  /** The metric name as recorded, e.g. `rows`. */
  metric: string;
  /** The stage it was recorded with; absent or null: the values recorded without a stage (never "any stage"). */
  stage?: string | null | undefined;
  /** Only slots whose time (expectedBy, or creation for unscheduled slots) is at or after this; a date alone is its midnight UTC. */
  from?: Date | string | undefined;
  /** Only slots whose time is at or before this; a date alone is up to the end of that day, UTC. */
  to?: Date | string | undefined;
  /** One point per submission (any status) instead of one per slot from its latest completed submission. */
  every?: boolean | undefined;
  /** asc (default, oldest first) or desc. */
  order?: 'asc' | 'desc' | undefined;
  /** At most this many points (the server's pages are followed until then); default: the whole series. */
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
}
