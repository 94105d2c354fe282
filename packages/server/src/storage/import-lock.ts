import { sql, type Kysely } from 'kysely';
import type { Dialect } from './db.js';
import type { Database } from './schema.js';

/** The advisory lock key of slot sequence imports: any fixed number ("LUCO" in ASCII). */
const IMPORT_LOCK_KEY = 0x4c55434f;

/**
 * Makes the imports that write slot sequences run one at a time until `trx` ends. An apply checks
 * its plan's fingerprint and then writes: on PostgreSQL another import committing in between
 * (read committed) would make the check stale, so every import takes this transaction-level
 * lock first. SQLite already has one writer at a time.
 */
export async function lockSlotSequenceImports(trx: Kysely<Database>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`.execute(trx);
}
