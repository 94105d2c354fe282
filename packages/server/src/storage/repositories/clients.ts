import type { Kysely } from 'kysely';
import type { Role } from '../../auth/index.js';
import type { ClientRow, Database } from '../schema.js';

export interface ClientRecord {
  clientId: string;
  name: string | null;
  role: Role;
  createdOn: number;
  revokedOn: number | null;
}

/** API clients (service principals of this server): id, role and a hash of the secret. */
export class ClientRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(client: { clientId: string; name: string | null; role: Role; secretHash: string; createdOn: number }): Promise<void> {
    await this.db
      .insertInto('clients')
      .values({ client_id: client.clientId, name: client.name, role: client.role, secret_hash: client.secretHash, created_on: client.createdOn, revoked_on: null })
      .execute();
  }

  async findActive(clientId: string): Promise<{ record: ClientRecord; secretHash: string } | undefined> {
    const row = await this.db.selectFrom('clients').selectAll().where('client_id', '=', clientId).where('revoked_on', 'is', null).executeTakeFirst();
    return row ? { record: toRecord(row), secretHash: row.secret_hash } : undefined;
  }

  /** Role and revocation of a client, revoked or not; undefined when it does not exist. */
  async findState(clientId: string): Promise<{ role: Role; revoked: boolean } | undefined> {
    const row = await this.db.selectFrom('clients').select(['role', 'revoked_on']).where('client_id', '=', clientId).executeTakeFirst();
    return row ? { role: row.role as Role, revoked: row.revoked_on !== null } : undefined;
  }

  async list(): Promise<ClientRecord[]> {
    const rows = await this.db.selectFrom('clients').selectAll().orderBy('created_on').orderBy('client_id').execute();
    return rows.map(toRecord);
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Marks a client revoked; false when it does not exist or was already revoked. */
  async revoke(clientId: string, now: number): Promise<boolean> {
    const result = await this.db.updateTable('clients').set({ revoked_on: now }).where('client_id', '=', clientId).where('revoked_on', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toRecord(row: ClientRow): ClientRecord {
  return { clientId: row.client_id, name: row.name, role: row.role as Role, createdOn: Number(row.created_on), revokedOn: row.revoked_on === null ? null : Number(row.revoked_on) };
}
