import { sql, type Kysely } from 'kysely';
import { isSlotHealth, type SlotHealth, type SlotHealthInput } from '../../../domain/slot-health.js';
import type { Database } from '../../schema.js';

export interface SlotTransition {
  id: number;
  slotId: number;
  from: SlotHealth;
  to: SlotHealth;
  occurredOn: number;
  recordedOn: number;
}

/** A slot's recorded health (no row: Pending) and the log of its changes. */
export class SlotHealthRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** What the health rule needs to know about a slot, or undefined for an unknown slot. */
  async inputOf(slotId: number): Promise<(SlotHealthInput & { recorded: SlotHealth }) | undefined> {
    const row = await this.db
      .selectFrom('slots')
      .leftJoin('slot_health', 'slot_health.slot_id', 'slots.id')
      .select(['slots.expected_by', 'slots.last_submission_id', 'slots.last_submission_status', 'slots.delivered_on', 'slot_health.state'])
      .where('slots.id', '=', slotId)
      .executeTakeFirst();
    if (!row) return undefined;
    const quality =
      row.last_submission_id === null
        ? { cancelled: false, failed: false }
        : await this.#qualityOf(row.last_submission_id);
    return {
      expectedBy: row.expected_by === null ? null : Number(row.expected_by),
      lastSubmissionStatus: row.last_submission_status,
      deliveredOn: row.delivered_on === null ? null : Number(row.delivered_on),
      quality,
      recorded: row.state !== null && isSlotHealth(row.state) ? row.state : 'Pending',
    };
  }

  async #qualityOf(submissionId: number): Promise<{ cancelled: boolean; failed: boolean }> {
    const row = await this.db
      .selectFrom('quality_results')
      .select([
        sql<number>`max(case when action = 'Cancelled' then 1 else 0 end)`.as('cancelled'),
        sql<number>`max(case when success = 0 then 1 else 0 end)`.as('failed'),
      ])
      .where('submission_id', '=', submissionId)
      .executeTakeFirst();
    return { cancelled: Number(row?.cancelled ?? 0) === 1, failed: Number(row?.failed ?? 0) === 1 };
  }

  /**
   * Moves the slot from `from` to `to` and logs the transition, if its recorded health is still
   * `from` (a guarded update: two writers that both saw `from` record one transition). Returns the
   * transition, or undefined when the slot had moved on.
   */
  async transition(slotId: number, from: SlotHealth, to: SlotHealth, occurredOn: number, now: number): Promise<SlotTransition | undefined> {
    const moved =
      from === 'Pending'
        ? await this.db
            .insertInto('slot_health')
            .values({ slot_id: slotId, state: to, since: occurredOn, updated_on: now })
            .onConflict((oc) => oc.column('slot_id').doUpdateSet({ state: to, since: occurredOn, updated_on: now }).where('slot_health.state', '=', 'Pending'))
            .executeTakeFirst()
            .then((result) => Number(result.numInsertedOrUpdatedRows ?? 0))
        : await this.db
            .updateTable('slot_health')
            .set({ state: to, since: occurredOn, updated_on: now })
            .where('slot_id', '=', slotId)
            .where('state', '=', from)
            .executeTakeFirst()
            .then((result) => Number(result.numUpdatedRows));
    if (moved === 0) return undefined;
    const row = await this.db
      .insertInto('slot_transitions')
      .values({ slot_id: slotId, from_state: from, to_state: to, occurred_on: occurredOn, recorded_on: now, processed_on: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, slotId, from, to, occurredOn, recordedOn: now };
  }

  /**
   * Slots whose expectedBy is in (after, through], not delivered and still Pending: the deadline
   * scan's candidates, in deadline order, at most `limit`.
   */
  async pendingDeadlines(after: number, through: number, limit: number): Promise<Array<{ slotId: number; expectedBy: number }>> {
    const rows = await this.db
      .selectFrom('slots')
      .leftJoin('slot_health', 'slot_health.slot_id', 'slots.id')
      .select(['slots.id', 'slots.expected_by'])
      .where('slots.delivered_on', 'is', null)
      .where('slots.expected_by', 'is not', null)
      .where('slots.expected_by', '>', after)
      .where('slots.expected_by', '<=', through)
      .where((eb) => eb.or([eb('slot_health.state', 'is', null), eb('slot_health.state', '=', 'Pending')]))
      .orderBy('slots.expected_by')
      .orderBy('slots.id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ slotId: row.id, expectedBy: Number(row.expected_by) }));
  }

  /** The next deadline after `after` of a slot not delivered yet (the engine sleeps until it). */
  async nextDeadline(after: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('slots')
      .select((eb) => eb.fn.min('expected_by').as('next'))
      .where('delivered_on', 'is', null)
      .where('expected_by', 'is not', null)
      .where('expected_by', '>', after)
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  }

  /** Slots now in one of `states` that entered it at or after `since`, oldest change first. */
  async inStatesSince(states: readonly SlotHealth[], since: number, limit: number): Promise<Array<{ slotId: number; state: SlotHealth; since: number }>> {
    if (states.length === 0) return [];
    const rows = await this.db.selectFrom('slot_health').select(['slot_id', 'state', 'since']).where('state', 'in', [...states]).where('since', '>=', since).orderBy('since').orderBy('slot_id').limit(limit).execute();
    return rows.map((row) => ({ slotId: row.slot_id, state: row.state as SlotHealth, since: Number(row.since) }));
  }

  /** Transitions not yet turned into alerts, oldest first. */
  async unprocessed(limit: number): Promise<SlotTransition[]> {
    const rows = await this.db.selectFrom('slot_transitions').selectAll().where('processed_on', 'is', null).orderBy('id').limit(limit).execute();
    return rows.map((row) => ({ id: row.id, slotId: row.slot_id, from: row.from_state as SlotHealth, to: row.to_state as SlotHealth, occurredOn: Number(row.occurred_on), recordedOn: Number(row.recorded_on) }));
  }

  /** Claims the transitions not processed yet, in one update; returns the ids this call claimed. */
  async markProcessedMany(ids: readonly number[], now: number): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.updateTable('slot_transitions').set({ processed_on: now }).where('id', 'in', [...ids]).where('processed_on', 'is', null).returning('id').execute();
    return new Set(rows.map((row) => row.id));
  }

  async history(slotId: number): Promise<SlotTransition[]> {
    const rows = await this.db.selectFrom('slot_transitions').selectAll().where('slot_id', '=', slotId).orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, slotId: row.slot_id, from: row.from_state as SlotHealth, to: row.to_state as SlotHealth, occurredOn: Number(row.occurred_on), recordedOn: Number(row.recorded_on) }));
  }
}
