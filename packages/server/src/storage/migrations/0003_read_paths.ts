import { sql, type Kysely } from 'kysely';

/**
 * What the read paths need at a million submissions (the growth benchmark, docs/benchmarks.md):
 * - `slot_sequences.materialize_due_on`: when a sequence may next be missing a slot (the start of
 *   the day after `materialized_through` in its schedule's zone, epoch ms); 0 means "check at the
 *   next overview". The overviews read only the sequences that are due instead of all of them.
 * - per-sequence slot statistics of the sequences overview as index ranges: overdue (no
 *   submission, expectedBy passed) and failed counts on (sequence, last submission status,
 *   expectedBy), and the last delivered slot's time as one probe of a partial index.
 * - the slots overview's status filter as index ranges of (last submission status, expectedBy),
 *   and its order by status as ranges of (last submission status, id) read only up to the page
 *   (DeliveredLate, a few slots spread over all, from a partial index of the late ones).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('slot_sequences').addColumn('materialize_due_on', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('slot_sequences_materialize_due').on('slot_sequences').columns(['materialize_due_on']).execute();
  await db.schema.createIndex('slots_sequence_status_expected').on('slots').columns(['slot_sequence_id', 'last_submission_status', 'expected_by']).execute();
  await db.schema.createIndex('slots_status_expected').on('slots').columns(['last_submission_status', 'expected_by']).execute();
  await db.schema.createIndex('slots_status_id').on('slots').columns(['last_submission_status', 'id']).execute();
  await sql`create index slots_late_status_id on slots (last_submission_status, id) where delivered_on > expected_by`.execute(db);
  await sql`create index slots_sequence_delivered_time on slots (slot_sequence_id, (coalesce(expected_by, created_on))) where last_submission_status in ('CompletedWithoutFailures', 'CompletedWithFailures')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('slots_sequence_delivered_time').ifExists().execute();
  await db.schema.dropIndex('slots_late_status_id').ifExists().execute();
  await db.schema.dropIndex('slots_status_id').ifExists().execute();
  await db.schema.dropIndex('slots_status_expected').ifExists().execute();
  await db.schema.dropIndex('slots_sequence_status_expected').ifExists().execute();
  await db.schema.dropIndex('slot_sequences_materialize_due').ifExists().execute();
  await db.schema.alterTable('slot_sequences').dropColumn('materialize_due_on').execute();
}
