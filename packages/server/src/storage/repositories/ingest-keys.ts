import type { Kysely } from 'kysely';
import type { Role } from '../../auth/index.js';
import type { Database } from '../schema.js';

export interface IngestKeyRecord {
  keyId: string;
  clientId: string;
  name: string | null;
  createdOn: number;
  revokedOn: number | null;
}

/** Ingest keys (OpenLineage's `api_key`): a client's long-lived bearer value, kept as its SHA-256. */
export class IngestKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(key: { keyId: string; keyHash: string; clientId: string; name: string | null; createdOn: number }): Promise<void> {
    await this.db
      .insertInto('ingest_keys')
      .values({ key_id: key.keyId, key_hash: key.keyHash, client_id: key.clientId, name: key.name, created_on: key.createdOn, revoked_on: null })
      .execute();
  }

  /** The client a live key belongs to, read with its client now: a revoked key or client gives undefined. */
  async findActiveClient(keyHash: string): Promise<{ clientId: string; role: Role } | undefined> {
    const row = await this.db
      .selectFrom('ingest_keys')
      .innerJoin('clients', 'clients.client_id', 'ingest_keys.client_id')
      .select(['clients.client_id as clientId', 'clients.role as role'])
      .where('ingest_keys.key_hash', '=', keyHash)
      .where('ingest_keys.revoked_on', 'is', null)
      .where('clients.revoked_on', 'is', null)
      .executeTakeFirst();
    return row ? { clientId: row.clientId, role: row.role as Role } : undefined;
  }

  async list(clientId?: string): Promise<IngestKeyRecord[]> {
    let query = this.db.selectFrom('ingest_keys').select(['key_id', 'client_id', 'name', 'created_on', 'revoked_on']);
    if (clientId !== undefined) query = query.where('client_id', '=', clientId);
    const rows = await query.orderBy('created_on').orderBy('key_id').execute();
    return rows.map((row) => ({ keyId: row.key_id, clientId: row.client_id, name: row.name, createdOn: Number(row.created_on), revokedOn: row.revoked_on === null ? null : Number(row.revoked_on) }));
  }

  /** False when there is no such key or it was already revoked. */
  async revoke(keyId: string, now: number): Promise<boolean> {
    const result = await this.db.updateTable('ingest_keys').set({ revoked_on: now }).where('key_id', '=', keyId).where('revoked_on', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
