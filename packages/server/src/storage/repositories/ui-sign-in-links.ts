import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** One-time dashboard sign-in links, found by the hash of their token. */
export class UiSignInLinkRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(link: { tokenHash: string; clientId: string; createdOn: number; expiresOn: number }): Promise<void> {
    await this.db
      .insertInto('ui_sign_in_links')
      .values({ token_hash: link.tokenHash, client_id: link.clientId, created_on: link.createdOn, expires_on: link.expiresOn, used_on: null })
      .execute();
  }

  /**
   * Marks the link used and returns its client id, if it exists, is unexpired and unused: a guarded
   * update, so of two requests redeeming one link (on any instances) exactly one gets the client.
   */
  async redeem(tokenHash: string, now: number): Promise<string | undefined> {
    const result = await this.db
      .updateTable('ui_sign_in_links')
      .set({ used_on: now })
      .where('token_hash', '=', tokenHash)
      .where('used_on', 'is', null)
      .where('expires_on', '>', now)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return undefined;
    const row = await this.db.selectFrom('ui_sign_in_links').select('client_id').where('token_hash', '=', tokenHash).executeTakeFirst();
    return row?.client_id;
  }

  /** Lazy clean-up of links past their end, used or not. */
  async deleteExpired(now: number): Promise<void> {
    await this.db.deleteFrom('ui_sign_in_links').where('expires_on', '<=', now).execute();
  }
}
