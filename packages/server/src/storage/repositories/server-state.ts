import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Claims a one-time fact; true for exactly one caller across all instances on the database. */
export async function claimOnce(db: Kysely<Database>, key: string, value: string, now: number): Promise<boolean> {
  const result = await db
    .insertInto('server_state')
    .values({ key, value, created_on: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
