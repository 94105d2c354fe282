import type { Kysely } from 'kysely';
import { generateSigningKey, KeyEncryptionKeys, type SigningKey, type SigningKeyStore } from '../../auth/index.js';
import type { Database } from '../schema.js';

interface SigningKeyRow {
  kid: string;
  secret: string;
  created_on: number;
}

/**
 * Signing keys in the database, so every instance on a shared database verifies the tokens any
 * of them issued. The first instance to need a key creates it; a race inserts one key and the
 * loser reads the winner's. Each key is sealed (AES-256-GCM) with a key-encryption key that is
 * not in the database, so a copy of the database alone cannot mint tokens.
 */
export class DatabaseSigningKeyStore implements SigningKeyStore {
  readonly #cache = new Map<string, SigningKey>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly encryption: KeyEncryptionKeys,
  ) {}

  async current(): Promise<SigningKey> {
    const newest = await this.db.selectFrom('signing_keys').selectAll().orderBy('created_on', 'desc').orderBy('kid').limit(1).executeTakeFirst();
    if (newest) return this.#remember(newest);
    const key = generateSigningKey();
    await this.db
      .insertInto('signing_keys')
      .values({ kid: key.kid, secret: this.encryption.seal(key.kid, key.secret), created_on: key.createdOn })
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

  /**
   * Seals again every key that is plaintext (a database from before encryption at rest) or
   * sealed with an older key of the ring; returns how many. Throws a KeyEncryptionError when a
   * key opens with none of the configured keys, so a server with the wrong key stops at start.
   */
  async resealAll(): Promise<number> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().execute();
    let resealed = 0;
    for (const row of rows) {
      const opened = this.encryption.open(row.kid, row.secret);
      if (opened.sealedWithCurrent) continue;
      // Compare-and-set: another instance re-sealing the same row at once is harmless.
      const result = await this.db
        .updateTable('signing_keys')
        .set({ secret: this.encryption.seal(row.kid, opened.secret) })
        .where('kid', '=', row.kid)
        .where('secret', '=', row.secret)
        .executeTakeFirst();
      resealed += Number(result.numUpdatedRows);
    }
    return resealed;
  }

  /** How many keys are sealed (whatever key sealed them); a new key-encryption key must not orphan them. */
  static async countSealed(db: Kysely<Database>): Promise<number> {
    const rows = await db.selectFrom('signing_keys').select('secret').execute();
    return rows.filter((row) => KeyEncryptionKeys.isSealed(row.secret)).length;
  }

  #remember(row: SigningKeyRow): SigningKey {
    // The same object for the same kid: the verifier's cache trusts a key by identity.
    const known = this.#cache.get(row.kid);
    if (known) return known;
    const key = { kid: row.kid, secret: this.encryption.open(row.kid, row.secret).secret, createdOn: Number(row.created_on) };
    this.#cache.set(key.kid, key);
    return key;
  }
}
