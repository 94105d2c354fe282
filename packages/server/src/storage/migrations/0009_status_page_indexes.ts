import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The slots overview in status order (issue 20, decision 0011) reads each status's slots in id
 * order only as far as the page reaches. Two of its branches had no index giving them in id order
 * and walked the primary key, skipping every other slot, so they slowed down as the history grew:
 * - no submission yet (Overdue, Awaiting): `slots_unsubmitted_id`, with `expected_by` after the
 *   id so the due test needs no table read (SQLite read every such slot's row to find the few
 *   Awaiting ones; PostgreSQL walked the primary key for the Overdue ones);
 * - completed with failures, on time (half of Delivered; PostgreSQL walked the primary key).
 * On SQLite both lead with `last_submission_status`, although the predicate fixes it: without
 * statistics SQLite only prefers an index whose leading column the query constrains. PostgreSQL
 * does not take `is null` as fixing a leading column, so there such an index would not give the id
 * order and every unsubmitted slot would be sorted: its `slots_unsubmitted_id` leads with the id. Each
 * predicate is written exactly as the overview's condition (domain/slot-status.ts,
 * slotStatusConditionsSql), term for term: both databases use a partial index only for a query
 * whose conditions include its predicate's terms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const unsubmittedColumns = postgres ? sql`id, expected_by` : sql`last_submission_status, id, expected_by`;
  await sql`create index slots_unsubmitted_id on slots (${unsubmittedColumns}) where last_submission_status is null`.execute(db);
  await sql`create index slots_on_time_with_failures_id on slots (last_submission_status, id) where last_submission_status = 'CompletedWithFailures' and not (expected_by is not null and delivered_on is not null and delivered_on > expected_by)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('slots_on_time_with_failures_id').ifExists().execute();
  await db.schema.dropIndex('slots_unsubmitted_id').ifExists().execute();
}
