import { type Kysely, PostgresAdapter } from 'kysely';
import { idColumn } from './0001_init.js';

/**
 * OpenLineage ingest (docs/openlineage.md, decision 0010):
 * - `lineage_events`: every RunEvent accepted, as received (the raw log); unique on run id, event
 *   type and event time, so a retried or duplicated event is recognised and applied once.
 * - `lineage_runs`: one row per OpenLineage run id: the submission it maps to (a child run maps to
 *   a stage of its parent's submission) and how far the run has been applied (`ended_type` once a
 *   terminal event was applied: nothing leaves that state).
 * - `ingest_keys`: long-lived per-client keys for `Authorization: Bearer`; only the SHA-256 of a
 *   key is stored. `client_id` has no foreign key (clients are revoked, never deleted); every
 *   check joins the clients table and refuses a revoked client.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db.getExecutor().adapter instanceof PostgresAdapter);

  await db.schema
    .createTable('lineage_events')
    .addColumn('id', ...id)
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('event_time', 'bigint', (c) => c.notNull())
    .addColumn('job_namespace', 'text', (c) => c.notNull())
    .addColumn('job_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_on', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('lineage_events_once', ['run_id', 'event_type', 'event_time'])
    .execute();

  await db.schema
    .createTable('lineage_runs')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('job_namespace', 'text', (c) => c.notNull())
    .addColumn('job_name', 'text', (c) => c.notNull())
    // Null only while the claiming transaction is creating the submission.
    .addColumn('slot_id', 'integer')
    .addColumn('submission_id', 'integer')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('parent_run_id', 'text')
    .addColumn('status', 'text')
    .addColumn('ended_type', 'text')
    .addColumn('ended_at', 'bigint')
    .addColumn('environment_recorded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lineage_runs_submission').on('lineage_runs').column('submission_id').execute();

  await db.schema
    .createTable('ingest_keys')
    .addColumn('id', ...id)
    .addColumn('key_id', 'text', (c) => c.notNull().unique())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('revoked_on', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ingest_keys').ifExists().execute();
  await db.schema.dropTable('lineage_runs').ifExists().execute();
  await db.schema.dropTable('lineage_events').ifExists().execute();
}
