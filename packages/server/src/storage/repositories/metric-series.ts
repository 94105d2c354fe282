import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { numericMetricValue } from '../../domain/numeric-metric-value.js';
import { lastSubmissionStatus, type LastSubmissionStatus } from '../../domain/slot-status.js';
import type { Database } from '../schema.js';

/** The most points one call returns; callers page with `after` beyond it. */
export const MAX_SERIES_LIMIT = 5000;
/** Rows read per statement while numeric points are collected (a few non-numeric values cost no second query). */
const MIN_BATCH = 64;

/** Where a point sits in series order: slot time, then slot id, then submission id. */
export interface SeriesPosition {
  slotTime: number;
  slotId: number;
  submissionId: number;
}

/** One numeric value of the series; instants are epoch ms. */
export interface MetricPoint extends SeriesPosition {
  tag: string;
  /** The slot's expectedBy; null for a slot of an unscheduled sequence (its slotTime is then its creation time). */
  expectedBy: number | null;
  submissionStatus: LastSubmissionStatus;
  value: number;
  /** When the value was recorded (the latest recording of the metric and stage in the submission). */
  recordedOn: number;
}

export interface SeriesQuery {
  slotSequenceId: number;
  metric: string;
  /** The stage as recorded; null is the submission-level value (recorded without a stage). */
  stage: string | null;
  /** Inclusive bounds on the slot time. */
  from?: number | undefined;
  to?: number | undefined;
  /** Every submission of each slot instead of its latest completed one. */
  every?: boolean | undefined;
  /** At most this many points (default and maximum MAX_SERIES_LIMIT). */
  limit?: number | undefined;
  /** Series order; default 'asc'. */
  order?: 'asc' | 'desc' | undefined;
  /** Only slots whose slot time is strictly before this (e.g. the slot being judged). */
  before?: number | undefined;
  /** Continue after this point in the chosen order (the `last` of a truncated answer). */
  after?: SeriesPosition | undefined;
}

export interface SeriesPage {
  points: MetricPoint[];
  /** Values of the metric and stage in the covered range that were not numbers (strings), left out. */
  nonNumeric: number;
  /** More points follow the last one in this order; continue with `after: points.at(-1)`. */
  truncated: boolean;
}

export interface SeriesRow {
  slot_id: number;
  tag: string;
  expected_by: number | string | null;
  slot_time: number | string;
  submission_id: number;
  status: string;
  has_failures: number;
  value_json: string;
  recorded_on: number | string;
}

/**
 * A sequence's values of one metric and stage, one point per slot from its latest completed
 * submission (or one per submission with `every`), in slot-time order, one statement per page:
 * the points of `metric_points` (kept with the rows they derive from, so the series is what the
 * submissions say now), or with `every` the slots and a probe of each submission's value.
 */
export class MetricHistoryRepository {
  readonly #dialect: SeriesDialect;

  constructor(private readonly db: Kysely<Database>) {
    this.#dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
  }

  async series(query: SeriesQuery): Promise<SeriesPage> {
    const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? MAX_SERIES_LIMIT)), MAX_SERIES_LIMIT);
    const order = query.order ?? 'asc';
    const points: MetricPoint[] = [];
    let nonNumeric = 0;
    let pending = 0;
    let after = query.after;
    // Read one more than asked so a truncated answer is known; read on while strings took places.
    for (;;) {
      const batch = Math.max(MIN_BATCH, limit + 1 - points.length);
      const rows = await this.#rows(query, order, after, batch);
      for (const row of rows) {
        const value = numericMetricValue(row.value_json);
        if (value === undefined) {
          pending += 1;
          continue;
        }
        if (points.length === limit) return { points, nonNumeric, truncated: true };
        points.push(toPoint(row, value));
        nonNumeric += pending;
        pending = 0;
      }
      const last = rows.at(-1);
      if (rows.length < batch || last === undefined) return { points, nonNumeric: nonNumeric + pending, truncated: false };
      after = { slotTime: Number(last.slot_time), slotId: last.slot_id, submissionId: last.submission_id };
    }
  }

  async #rows(query: SeriesQuery, order: 'asc' | 'desc', after: SeriesPosition | undefined, batch: number): Promise<SeriesRow[]> {
    return (await seriesStatement(this.#dialect, query, order, after, batch).execute(this.db)).rows;
  }
}

export type SeriesDialect = 'sqlite' | 'postgres';

/**
 * The one statement behind a page (exported so the benchmark can EXPLAIN it). One point per slot
 * reads `metric_points` (migration 0010): the series is one range of `metric_points_series` in
 * slot-time order, stopping at the limit. Every submission (`every`) walks the sequence's slots on
 * `slots_sequence_time` and probes each submission's latest value (migration 0006); PostgreSQL gets
 * that probe as a LATERAL join, as its planner hashes whole tables for the scalar-subquery form that
 * SQLite plans as the probe it is.
 */
export function seriesStatement(dialect: SeriesDialect, query: SeriesQuery, order: 'asc' | 'desc', after: SeriesPosition | undefined, batch: number): RawBuilder<SeriesRow> {
  return query.every ? everySubmissionStatement(dialect, query, order, after, batch) : latestPointStatement(query, order, after, batch);
}

function latestPointStatement(query: SeriesQuery, order: 'asc' | 'desc', after: SeriesPosition | undefined, batch: number): RawBuilder<SeriesRow> {
  const conditions: RawBuilder<unknown>[] = [
    sql`p.slot_sequence_id = ${query.slotSequenceId}`,
    sql`p.metric = ${query.metric}`,
    query.stage === null ? sql`p.has_stage = 0 and p.stage = ''` : sql`p.has_stage = 1 and p.stage = ${query.stage}`,
    ...timeConditions(sql`p.slot_time`, sql`p.slot_id`, sql`p.submission_id`, query, order, after),
  ];
  const direction = order === 'asc' ? sql`asc` : sql`desc`;
  return sql<SeriesRow>`
    select p.slot_id, p.tag, p.expected_by, p.slot_time, p.submission_id, 'Completed' as status, p.has_failures, p.value_json, p.recorded_on
    from metric_points p
    where ${sql.join(conditions, sql` and `)}
    order by p.slot_time ${direction}, p.slot_id ${direction}
    limit ${batch}`;
}

function everySubmissionStatement(dialect: SeriesDialect, query: SeriesQuery, order: 'asc' | 'desc', after: SeriesPosition | undefined, batch: number): RawBuilder<SeriesRow> {
  const time = sql<number>`coalesce(slots.expected_by, slots.created_on)`;
  const stageMatch = query.stage === null ? sql`m.stage is null` : sql`m.stage = ${query.stage}`;
  const latestValue = (columns: RawBuilder<unknown>) =>
    sql`select ${columns} from metrics m where m.submission_id = submissions.id and m.metric = ${query.metric} and ${stageMatch} order by m.id desc limit 1`;
  // On PostgreSQL the lateral row stands in for the table's row (same name and columns).
  const valueJoin =
    dialect === 'postgres' ? sql`join lateral (${latestValue(sql`m.value_json, m.created_on`)}) metrics on true` : sql`join metrics on metrics.id = (${latestValue(sql`m.id`)})`;
  const conditions: RawBuilder<unknown>[] = [sql`slots.slot_sequence_id = ${query.slotSequenceId}`, ...timeConditions(time, sql`slots.id`, sql`submissions.id`, query, order, after)];
  const direction = order === 'asc' ? sql`asc` : sql`desc`;
  return sql<SeriesRow>`
    select slots.id as slot_id, slots.tag, slots.expected_by, ${time} as slot_time,
           submissions.id as submission_id, submissions.status, submissions.has_failures,
           metrics.value_json, metrics.created_on as recorded_on
    from slots
    join submissions on submissions.slot_id = slots.id
    ${valueJoin}
    where ${sql.join(conditions, sql` and `)}
    order by ${time} ${direction}, slots.id ${direction}, submissions.id ${direction}
    limit ${batch}`;
}

/** The range (from, to, before) and the continuation after a position, on the series' order keys. */
function timeConditions(time: RawBuilder<unknown>, slotId: RawBuilder<unknown>, submissionId: RawBuilder<unknown>, query: SeriesQuery, order: 'asc' | 'desc', after: SeriesPosition | undefined): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (query.from !== undefined) conditions.push(sql`${time} >= ${query.from}`);
  if (query.to !== undefined) conditions.push(sql`${time} <= ${query.to}`);
  if (query.before !== undefined) conditions.push(sql`${time} < ${query.before}`);
  if (after) {
    const op = order === 'asc' ? sql`>` : sql`<`;
    // The time bound alone lets the index range start there; the row value orders ties.
    conditions.push(sql`${time} ${op}= ${after.slotTime}`);
    conditions.push(sql`(${time}, ${slotId}, ${submissionId}) ${op} (${after.slotTime}, ${after.slotId}, ${after.submissionId})`);
  }
  return conditions;
}

function toPoint(row: SeriesRow, value: number): MetricPoint {
  return {
    slotId: row.slot_id,
    tag: row.tag,
    slotTime: Number(row.slot_time),
    expectedBy: row.expected_by === null ? null : Number(row.expected_by),
    submissionId: row.submission_id,
    submissionStatus: lastSubmissionStatus({ status: row.status, hasFailures: Number(row.has_failures) === 1 }),
    value,
    recordedOn: Number(row.recorded_on),
  };
}

