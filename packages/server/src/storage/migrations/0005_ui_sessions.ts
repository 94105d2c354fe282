import { type Kysely, PostgresAdapter } from 'kysely';
import { idColumn } from './0001_init.js';

/**
 * The dashboard's sign-in (docs/dashboard-api.md):
 * - `ui_sessions`: one row per signed-in browser; the cookie's value is never stored, only its
 *   SHA-256 (`token_hash`), so a copy of the database signs no one in.
 * - `ui_sign_in_links`: one-time sign-in links (`luco-server ui-link`, POST /lucots/v1/session/links),
 *   also stored as a hash; `used_on` is set by the one request that redeems the link.
 * Expired rows of both are deleted lazily, when new ones are made (index on `expires_on`).
 * `client_id` has no foreign key: clients are revoked, never deleted, and every read joins the
 * clients table and refuses a revoked or missing client.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db.getExecutor().adapter instanceof PostgresAdapter);

  await db.schema
    .createTable('ui_sessions')
    .addColumn('id', ...id)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('expires_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ui_sessions_expires').on('ui_sessions').column('expires_on').execute();

  await db.schema
    .createTable('ui_sign_in_links')
    .addColumn('id', ...id)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('expires_on', 'bigint', (c) => c.notNull())
    .addColumn('used_on', 'bigint')
    .execute();
  await db.schema.createIndex('ui_sign_in_links_expires').on('ui_sign_in_links').column('expires_on').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ui_sign_in_links').ifExists().execute();
  await db.schema.dropTable('ui_sessions').ifExists().execute();
}
