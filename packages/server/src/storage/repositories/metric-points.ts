import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { PreparedQuery } from '../prepared-query.js';
import type { Database } from '../schema.js';

/**
 * The metric series' points (table `metric_points`, migration 0010, decision 0015): per slot, metric
 * and stage, the latest recording in the slot's latest completed submission, with the slot's time
 * and tag, so a series over years of slots is one index range instead of two probes per slot.
 *
 * A slot's points are a function of its submissions' statuses and its metrics, and they are written
 * in the same transaction as those: `refreshSlot` recomputes them from the rows (after a completion,
 * an end that may undo one, or a value recorded on a completed submission); `markFailures` follows a
 * completed submission's failure flag. Nothing else changes what they derive from: slots keep their
 * tag and time, submissions and metrics are never deleted.
 */
export class MetricPointRepository {
  readonly #postgres: boolean;

  constructor(private readonly db: Kysely<Database>) {
    this.#postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  }

  /**
   * Replaces the slot's points with what its rows say now. `slotRowLocked`: this transaction has
   * just updated the slot's row, so on PostgreSQL it already holds the row's lock, which the other
   * writers' updates and `for update` wait for just the same: no second round trip to take it.
   */
  async refreshSlot(slotId: number, slotRowLocked = false): Promise<void> {
    if (!slotRowLocked) await this.#lockSlot(slotId);
    await DELETE_SLOT_POINTS.execute(this.db, slotId);
    await FILL_SLOT_POINTS.execute(this.db, slotId);
  }

  /**
   * Values just recorded on a completed submission: if it is the slot's latest completed one, the
   * points of those metrics and stages take its latest recordings. Each recording is found on
   * `metrics_submission_metric` by its highest id, so a submission that recorded a metric many
   * times costs no more than one that recorded it once.
   */
  async recordValues(slotId: number, submissionId: number, written: ReadonlyArray<{ metric: string; stage: string | null }>): Promise<void> {
    const pairs = [...new Map(written.map((entry) => [JSON.stringify([entry.metric, entry.stage]), entry])).values()];
    await this.#lockSlot(slotId);
    for (let start = 0; start < pairs.length; start += PAIRS_PER_STATEMENT) {
      const latest = pairs.slice(start, start + PAIRS_PER_STATEMENT).map((pair) => latestRecording(sql`${submissionId}`, sql`${pair.metric}`, pair.stage === null ? null : sql`${pair.stage}`));
      await sql`
        ${INSERT_POINTS}
        ${POINT_SOURCE}
        where sl.id = ${slotId} and s.id = ${submissionId}
          and m.id in (${sql.join(latest, sql` union all `)})
        on conflict (slot_id, metric, has_stage, stage) do update set
          submission_id = excluded.submission_id, has_failures = excluded.has_failures, metric_id = excluded.metric_id,
          value_json = excluded.value_json, recorded_on = excluded.recorded_on`.execute(this.db);
    }
  }

  /** A failed stage of a completed submission: its points say CompletedWithFailures from now on. */
  async markFailures(slotId: number, submissionId: number): Promise<void> {
    await this.db.updateTable('metric_points').set({ has_failures: 1 }).where('slot_id', '=', slotId).where('submission_id', '=', submissionId).where('has_failures', '=', 0).execute();
  }

  /**
   * Every writer of a slot's points takes the slot's row first on PostgreSQL, so two instances
   * cannot interleave their reads and writes of one slot's points, and each statement after the
   * lock sees what the other committed (SQLite has one writer).
   */
  async #lockSlot(slotId: number): Promise<void> {
    if (this.#postgres) await sql`select id from slots where id = ${slotId} for update`.execute(this.db);
  }

  /** Every slot's points from scratch (after rows were written around the services, e.g. a bulk seed). */
  async rebuildAll(): Promise<void> {
    await this.db.deleteFrom('metric_points').execute();
    await fillMetricPoints(undefined).execute(this.db);
  }
}

// A completion's refresh, on the hottest write path: built and compiled once.
const DELETE_SLOT_POINTS = new PreparedQuery(1, (db, slotId: number) => db.deleteFrom('metric_points').where('slot_id', '=', slotId));
const FILL_SLOT_POINTS = new PreparedQuery(1, (_db, slotId: number) => fillMetricPoints(slotId));

/** Distinct metric and stage pairs per statement: 3 parameters each, far below both databases' limits. */
const PAIRS_PER_STATEMENT = 200;

const INSERT_POINTS = sql`insert into metric_points (slot_id, metric, has_stage, stage, slot_sequence_id, slot_time, tag, expected_by, submission_id, has_failures, metric_id, value_json, recorded_on)`;

/** Slots `sl`, each with its latest completed submission `s` (if any) and that submission's values `m`. */
const POINT_SOURCE = sql`
  select sl.id, m.metric, case when m.stage is null then 0 else 1 end, coalesce(m.stage, ''), sl.slot_sequence_id,
         coalesce(sl.expected_by, sl.created_on), sl.tag, sl.expected_by, s.id, s.has_failures, m.id, m.value_json, m.created_on
  from slots sl
  join submissions s on s.id = (select max(x.id) from submissions x where x.slot_id = sl.id and x.status = 'Completed')
  join metrics m on m.submission_id = s.id`;

/** The id of a submission's latest recording of a metric and stage (null: recorded without a stage), as one index probe. */
function latestRecording(submissionId: RawBuilder<unknown>, metric: RawBuilder<unknown>, stage: RawBuilder<unknown> | null): RawBuilder<unknown> {
  return sql`select max(r.id) from metrics r where r.submission_id = ${submissionId} and r.metric = ${metric} and ${stage === null ? sql`r.stage is null` : sql`r.stage = ${stage}`}`;
}

/**
 * Inserts the points of one slot, or of every slot: for the slot's completed submission with the
 * highest id, each metric and stage's recording with the highest id. Shared with migration 0010,
 * which fills the table for the rows already stored. The two forms of the latest-recording probe
 * keep it an index probe on both databases (a null-safe comparison would not be one).
 */
export function fillMetricPoints(slotId: number | undefined): RawBuilder<unknown> {
  const sameSubmission = sql`m.submission_id`;
  const sameMetric = sql`m.metric`;
  return sql`
    ${INSERT_POINTS}
    ${POINT_SOURCE}
    where ${slotId === undefined ? sql`1 = 1` : sql`sl.id = ${slotId}`}
      and m.id = case when m.stage is null then (${latestRecording(sameSubmission, sameMetric, null)}) else (${latestRecording(sameSubmission, sameMetric, sql`m.stage`)}) end`;
}
