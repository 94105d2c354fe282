import type { Kysely } from 'kysely';
import { generateSigningKey, type SigningKey, type SigningKeyStore } from '../../auth/index.js';
import type { Database } from '../schema.js';

/**
 * Signing keys in the database, so every instance on a shared database verifies the tokens any
 * of them issued. The first instance to need a key creates it; a race inserts one key and the
 * loser reads the winner's.
 */
export class DatabaseSigningKeyStore implements SigningKeyStore {
  readonly #cache = new Map<string, SigningKey>();

  constructor(private readonly db: Kysely<Database>) {}

  async current(): Promise<SigningKey> {
    const newest = await this.db.selectFrom('signing_keys').selectAll().orderBy('created_on', 'desc').orderBy('kid').limit(1).executeTakeFirst();
    if (newest) return this.#remember(newest);
    const key = generateSigningKey();
    await this.db
      .insertInto('signing_keys')
      .values({ kid: key.kid, secret: Buffer.from(key.secret).toString('base64'), created_on: key.createdOn })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return this.current();
  }

  async find(kid: string): Promise<SigningKey | undefined> {
    const cached = this.#cache.get(kid);
    if (cached) return cached;
    const row = await this.db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
    return row ? this.#remember(row) : undefined;
  }

  #remember(row: { kid: string; secret: string; created_on: number }): SigningKey {
    const key = { kid: row.kid, secret: new Uint8Array(Buffer.from(row.secret, 'base64')), createdOn: Number(row.created_on) };
    this.#cache.set(key.kid, key);
    return key;
  }
}
