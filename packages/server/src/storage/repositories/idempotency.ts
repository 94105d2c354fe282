import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface StoredIdempotentRequest {
  method: string;
  path: string;
  fingerprint: string;
  status: number | null;
  body: string | null;
  contentType: string | null;
}

export type ClaimResult = { outcome: 'claimed' } | { outcome: 'taken'; existing: StoredIdempotentRequest };

/**
 * Idempotency keys, claimed with an insert that only one request can win: the unique key
 * `(principal, key)` is the lock, on SQLite and PostgreSQL alike. A keyed write claims its key,
 * writes and stores its answer in one transaction (see GroupCommit), so a crash leaves either
 * nothing or the write with its answer; a concurrent request with the same key waits for that
 * transaction (PostgreSQL's unique index, SQLite's single writer) and then replays the answer.
 */
export class IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async claim(request: { principal: string; key: string; method: string; path: string; fingerprint: string; now: number; expiresOn: number; abandonedBefore: number }): Promise<ClaimResult> {
    const fresh = {
      method: request.method,
      path: request.path,
      body_sha256: request.fingerprint,
      status: null,
      response_body: null,
      response_content_type: null,
      created_on: request.now,
      expires_on: request.expiresOn,
    };
    // One statement: a new key is inserted; an expired key, or a claim left unanswered for too long
    // (only a server older than single-transaction answers could leave one), is taken over in
    // place; any other existing key stays as it is (nothing written).
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({ principal: request.principal, key: request.key, ...fresh })
      .onConflict((oc) =>
        oc
          .columns(['principal', 'key'])
          .doUpdateSet(fresh)
          .where((eb) =>
            eb.or([
              eb('idempotency_keys.expires_on', '<', request.now),
              eb.and([eb('idempotency_keys.status', 'is', null), eb('idempotency_keys.created_on', '<', request.abandonedBefore)]),
            ]),
          ),
      )
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { outcome: 'claimed' };
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('principal', '=', request.principal)
      .where('key', '=', request.key)
      .executeTakeFirst();
    if (!row) return this.claim(request);
    return {
      outcome: 'taken',
      existing: { method: row.method, path: row.path, fingerprint: row.body_sha256, status: row.status, body: row.response_body, contentType: row.response_content_type },
    };
  }

  async complete(principal: string, key: string, status: number, body: string, contentType: string | null): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ status, response_body: body, response_content_type: contentType })
      .where('principal', '=', principal)
      .where('key', '=', key)
      .execute();
  }

  /** Removes expired keys; returns how many. */
  async sweep(now: number): Promise<number> {
    const result = await this.db.deleteFrom('idempotency_keys').where('expires_on', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
