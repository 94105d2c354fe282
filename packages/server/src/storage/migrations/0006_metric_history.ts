import { sql, type Kysely } from 'kysely';

/**
 * What a metric series over years of slots needs (storage/repositories/metric-series.ts,
 * docs/decisions/0008-metric-history.md): indexes only, no copy of the values, so a later
 * submission that completes or fails, or a metric recorded again, changes the series at once.
 * - `slots_sequence_time`: a sequence's slots in slot-time order (expectedBy, or the creation time
 *   of an unscheduled slot), the range and the order of a series as one index range.
 * - `metrics_submission_metric`: one probe for the latest value of a metric and stage in a
 *   submission (the highest id), instead of reading every value the submission recorded.
 * A slot's latest completed submission is found on the existing (slot_id, id) index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index slots_sequence_time on slots (slot_sequence_id, (coalesce(expected_by, created_on)), id)`.execute(db);
  await db.schema.createIndex('metrics_submission_metric').on('metrics').columns(['submission_id', 'metric', 'stage', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('metrics_submission_metric').ifExists().execute();
  await db.schema.dropIndex('slots_sequence_time').ifExists().execute();
}
