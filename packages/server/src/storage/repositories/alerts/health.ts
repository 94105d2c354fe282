import { sql, type Kysely } from 'kysely';
import { isSlotHealth, type SlotHealth, type SlotHealthInput } from '../../../domain/slot-health.js';
import { PreparedQuery } from '../../prepared-query.js';
import type { Database } from '../../schema.js';

export interface SlotTransition {
  id: number;
  slotId: number;
  from: SlotHealth;
  to: SlotHealth;
  occurredOn: number;
  recordedOn: number;
}

/** A slot's health as the rule derives it from, and as recorded now. */
export type SlotHealthRecord = SlotHealthInput & { recorded: SlotHealth };

/** One slot's change of health, for `transitionMany`. */
export interface HealthMove {
  slotId: number;
  from: SlotHealth;
  to: SlotHealth;
  occurredOn: number;
}

/** What the health rule reads of slots: the latest submission's quality results folded in by correlated subqueries. */
function healthInputs(db: Kysely<Database>) {
  return db
    .selectFrom('slots')
    .leftJoin('slot_health', 'slot_health.slot_id', 'slots.id')
    .select(['slots.id', 'slots.expected_by', 'slots.last_submission_id', 'slots.last_submission_status', 'slots.delivered_on', 'slot_health.state'])
    .select((eb) => [
      eb
        .selectFrom('quality_results')
        .select(sql<number>`max(case when action = 'Cancelled' then 1 else 0 end)`.as('cancelled'))
        .whereRef('quality_results.submission_id', '=', 'slots.last_submission_id')
        .as('cancelled'),
      eb
        .selectFrom('quality_results')
        .select(sql<number>`max(case when success = 0 then 1 else 0 end)`.as('failed'))
        .whereRef('quality_results.submission_id', '=', 'slots.last_submission_id')
        .as('failed'),
    ]);
}

// Every write re-derives one slot's health: its statements are built and compiled once.
const ONE_SLOT_INPUTS = new PreparedQuery(1, (db, slotId: number) => healthInputs(db).where('slots.id', '=', slotId));
const MOVE_ONE_FROM_PENDING = new PreparedQuery(4, (db, slotId: number, to: string, since: number, now: number) =>
  db
    .insertInto('slot_health')
    .values({ slot_id: slotId, state: to, since, updated_on: now })
    .onConflict((oc) =>
      oc
        .column('slot_id')
        .doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), since: eb.ref('excluded.since'), updated_on: eb.ref('excluded.updated_on') }))
        .where('slot_health.state', '=', 'Pending'),
    )
    .returning('slot_id'),
);
const MOVE_ONE = new PreparedQuery(5, (db, slotId: number, from: string, to: string, since: number, now: number) =>
  db.updateTable('slot_health').set({ state: to, since, updated_on: now }).where('slot_id', '=', slotId).where('state', '=', from),
);
const LOG_ONE_TRANSITION = new PreparedQuery(5, (db, slotId: number, from: string, to: string, occurredOn: number, now: number) =>
  db.insertInto('slot_transitions').values({ slot_id: slotId, from_state: from, to_state: to, occurred_on: occurredOn, recorded_on: now, processed_on: null }).returning(['id', 'slot_id']),
);

/** A slot's recorded health (no row: Pending) and the log of its changes. */
export class SlotHealthRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** What the health rule needs to know about a slot, or undefined for an unknown slot. */
  async inputOf(slotId: number): Promise<SlotHealthRecord | undefined> {
    return (await this.inputsOf([slotId])).get(slotId);
  }

  /**
   * What the health rule needs to know about each of these slots (unknown ones are left out), in
   * one query: the latest submission's quality results are folded in by correlated subqueries.
   */
  async inputsOf(slotIds: readonly number[]): Promise<Map<number, SlotHealthRecord>> {
    const found = new Map<number, SlotHealthRecord>();
    if (slotIds.length === 0) return found;
    const distinct = [...new Set(slotIds)];
    const rows = distinct.length === 1 ? (await ONE_SLOT_INPUTS.execute(this.db, distinct[0]!)).rows : await healthInputs(this.db).where('slots.id', 'in', distinct).execute();
    for (const row of rows) {
      found.set(row.id, {
        expectedBy: row.expected_by === null ? null : Number(row.expected_by),
        lastSubmissionStatus: row.last_submission_status,
        deliveredOn: row.delivered_on === null ? null : Number(row.delivered_on),
        // No submission, or one without quality results: neither flag (max over no rows is null).
        quality: { cancelled: Number(row.cancelled ?? 0) === 1, failed: Number(row.failed ?? 0) === 1 },
        recorded: row.state !== null && isSlotHealth(row.state) ? row.state : 'Pending',
      });
    }
    return found;
  }

  /**
   * Moves the slot from `from` to `to` and logs the transition, if its recorded health is still
   * `from` (a guarded update: two writers that both saw `from` record one transition). Returns the
   * transition, or undefined when the slot had moved on.
   */
  async transition(slotId: number, from: SlotHealth, to: SlotHealth, occurredOn: number, now: number): Promise<SlotTransition | undefined> {
    return (await this.transitionMany([{ slotId, from, to, occurredOn }], now))[0];
  }

  /**
   * `transition` for several slots (each at most once), in few statements: the moves from Pending
   * in one upsert, the others one guarded update each (they come one at a time, from writes), and
   * every transition that happened logged in one insert. Returns those, in the order of `moves`.
   */
  async transitionMany(moves: readonly HealthMove[], now: number): Promise<SlotTransition[]> {
    if (moves.length === 0) return [];
    const moved = new Set<number>();
    const fromPending = moves.filter((move) => move.from === 'Pending');
    if (fromPending.length === 1) {
      const [move] = fromPending as [HealthMove];
      for (const row of (await MOVE_ONE_FROM_PENDING.execute(this.db, move.slotId, move.to, move.occurredOn, now)).rows) moved.add(row.slot_id);
    } else if (fromPending.length > 0) {
      const rows = await this.db
        .insertInto('slot_health')
        .values(fromPending.map((move) => ({ slot_id: move.slotId, state: move.to, since: move.occurredOn, updated_on: now })))
        .onConflict((oc) =>
          oc
            .column('slot_id')
            .doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), since: eb.ref('excluded.since'), updated_on: eb.ref('excluded.updated_on') }))
            .where('slot_health.state', '=', 'Pending'),
        )
        .returning('slot_id')
        .execute();
      for (const row of rows) moved.add(row.slot_id);
    }
    for (const move of moves) {
      if (move.from === 'Pending') continue;
      const result = await MOVE_ONE.execute(this.db, move.slotId, move.from, move.to, move.occurredOn, now);
      if (Number(result.numAffectedRows ?? 0) > 0) moved.add(move.slotId);
    }
    const logged = moves.filter((move) => moved.has(move.slotId));
    if (logged.length === 0) return [];
    const [only] = logged;
    const rows =
      logged.length === 1 && only
        ? (await LOG_ONE_TRANSITION.execute(this.db, only.slotId, only.from, only.to, only.occurredOn, now)).rows
        : await this.db
            .insertInto('slot_transitions')
            .values(logged.map((move) => ({ slot_id: move.slotId, from_state: move.from, to_state: move.to, occurred_on: move.occurredOn, recorded_on: now, processed_on: null })))
            .returning(['id', 'slot_id'])
            .execute();
    const ids = new Map(rows.map((row) => [row.slot_id, row.id]));
    return logged.map((move) => ({ id: ids.get(move.slotId)!, slotId: move.slotId, from: move.from, to: move.to, occurredOn: move.occurredOn, recordedOn: now }));
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
