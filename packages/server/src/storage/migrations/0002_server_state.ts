import type { Kysely } from 'kysely';

/**
 * One-time facts shared by every instance (e.g. that the first admin was created), claimed with
 * an insert that only one instance can win.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('server_state').ifExists().execute();
}
