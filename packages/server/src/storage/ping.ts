import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/** Resolves once the database answers a trivial query. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
