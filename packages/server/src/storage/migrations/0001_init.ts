import { type ColumnDataType, type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

/**
 * The first schema. One migration for SQLite and PostgreSQL: ids are `integer primary key
 * autoincrement` on SQLite and `serial` on PostgreSQL; every other type is portable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db.getExecutor().adapter instanceof PostgresAdapter);

  await db.schema
    .createTable('slot_sequences')
    .addColumn('id', ...id)
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addColumn('parameters_json', 'text', (c) => c.notNull())
    .addColumn('delivery_json', 'text', (c) => c.notNull())
    .addColumn('cadence', 'text')
    .addColumn('materialized_through', 'text')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('updated_on', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('slot_sequence_name_parts')
    .addColumn('slot_sequence_id', 'integer', (c) => c.notNull().references('slot_sequences.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('slot_sequence_name_parts_pk', ['slot_sequence_id', 'position'])
    .execute();
  await db.schema.createIndex('slot_sequence_name_parts_value').on('slot_sequence_name_parts').column('value').execute();

  await db.schema
    .createTable('slots')
    .addColumn('id', ...id)
    .addColumn('slot_sequence_id', 'integer', (c) => c.notNull().references('slot_sequences.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('expected_by', 'bigint')
    .addColumn('submission_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_submission_id', 'integer')
    .addColumn('last_submission_status', 'text')
    .addColumn('delivered_on', 'bigint')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('updated_on', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('slots_sequence_tag', ['slot_sequence_id', 'tag'])
    .execute();
  await db.schema.createIndex('slots_expected_by').on('slots').columns(['expected_by', 'id']).execute();
  await db.schema.createIndex('slots_sequence_expected').on('slots').columns(['slot_sequence_id', 'expected_by']).execute();
  await db.schema.createIndex('slots_updated_on').on('slots').columns(['updated_on', 'id']).execute();

  await db.schema
    .createTable('submissions')
    .addColumn('id', ...id)
    .addColumn('slot_id', 'integer', (c) => c.notNull().references('slots.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('has_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_on', 'bigint', (c) => c.notNull())
    .addColumn('ended_on', 'bigint')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('updated_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('submissions_slot').on('submissions').columns(['slot_id', 'id']).execute();

  await db.schema
    .createTable('status_events')
    .addColumn('id', ...id)
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('run_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('type', 'text')
    .addColumn('message', 'text')
    .addColumn('modified_by', 'text')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_events_submission').on('status_events').columns(['submission_id', 'id']).execute();

  await db.schema
    .createTable('metrics')
    .addColumn('id', ...id)
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('stage', 'text')
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('metrics_submission').on('metrics').columns(['submission_id', 'id']).execute();

  await db.schema
    .createTable('quality_results')
    .addColumn('id', ...id)
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('action', 'text')
    .addColumn('tool', 'text')
    .addColumn('data_set', 'text')
    .addColumn('run_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('success', 'integer')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quality_results_submission').on('quality_results').columns(['submission_id', 'id']).execute();

  await db.schema
    .createTable('run_environments')
    .addColumn('id', ...id)
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('stage', 'text')
    .addColumn('run_data_json', 'text', (c) => c.notNull())
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('run_environments_submission').on('run_environments').columns(['submission_id', 'id']).execute();

  await db.schema
    .createTable('clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('revoked_on', 'bigint')
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('response_content_type', 'text')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('expires_on', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires').on('idempotency_keys').column('expires_on').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['idempotency_keys', 'signing_keys', 'clients', 'run_environments', 'quality_results', 'metrics', 'status_events', 'submissions', 'slots', 'slot_sequence_name_parts', 'slot_sequences']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

/** `integer primary key autoincrement` on SQLite, `serial primary key` on PostgreSQL. */
export function idColumn(isPostgres: boolean): [ColumnDataType, (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  return isPostgres ? ['serial', (col) => col.primaryKey()] : ['integer', (col) => col.primaryKey().autoIncrement()];
}
