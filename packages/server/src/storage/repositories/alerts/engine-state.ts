import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';

/** The engine's lease (which instance runs it) and its watermarks, shared by every instance. */
export class EngineStateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('engine_state').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string, now: number): Promise<void> {
    await this.db
      .insertInto('engine_state')
      .values({ key, value, updated_on: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_on: now }))
      .execute();
  }

  /**
   * Takes or renews the lease `name` for `holder` until `now + ttlMs`: it is free, expired, or
   * already this holder's. One statement, so two instances racing for it cannot both win.
   */
  async acquireLease(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const result = await this.db
      .insertInto('leases')
      .values({ name, holder, expires_on: now + ttlMs })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_on: now + ttlMs })
          .where((eb) => eb.or([eb('leases.expires_on', '<', now), eb('leases.holder', '=', holder)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
  }

  /** When an active scheduled sequence may next need slots (the start of its next local day), after `after`. */
  async nextMaterializeDue(after: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('slot_sequences')
      .select((eb) => eb.fn.min('materialize_due_on').as('next'))
      .where('is_active', '=', 1)
      .where('cadence', 'is not', null)
      .where('materialize_due_on', '>', after)
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  }
}
