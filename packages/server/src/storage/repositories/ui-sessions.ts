import type { Kysely } from 'kysely';
import type { Role } from '../../auth/index.js';
import type { Database } from '../schema.js';

/** A live session with its client as the clients table has it now. */
export interface UiSessionRecord {
  clientId: string;
  name: string | null;
  role: Role;
  expiresOn: number;
}

/** Dashboard sessions, found by the hash of the cookie value. */
export class UiSessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(session: { tokenHash: string; clientId: string; createdOn: number; expiresOn: number }): Promise<void> {
    await this.db
      .insertInto('ui_sessions')
      .values({ token_hash: session.tokenHash, client_id: session.clientId, created_on: session.createdOn, expires_on: session.expiresOn })
      .execute();
  }

  /**
   * The session, unexpired, of a client that is not revoked: the client's row is read with it on
   * every request, so a revocation (by any instance or the CLI) ends its sessions at once.
   */
  async findLive(tokenHash: string, now: number): Promise<UiSessionRecord | undefined> {
    const row = await this.db
      .selectFrom('ui_sessions')
      .innerJoin('clients', 'clients.client_id', 'ui_sessions.client_id')
      .select(['ui_sessions.client_id', 'ui_sessions.expires_on', 'clients.name', 'clients.role'])
      .where('ui_sessions.token_hash', '=', tokenHash)
      .where('ui_sessions.expires_on', '>', now)
      .where('clients.revoked_on', 'is', null)
      .executeTakeFirst();
    return row ? { clientId: row.client_id, name: row.name, role: row.role as Role, expiresOn: Number(row.expires_on) } : undefined;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('ui_sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Lazy clean-up of sessions past their end. */
  async deleteExpired(now: number): Promise<void> {
    await this.db.deleteFrom('ui_sessions').where('expires_on', '<=', now).execute();
  }
}
