import { sql, type Kysely } from 'kysely';
import type { AlertKind, AlertState } from '../../../domain/alerts/kinds.js';
import type { AlertsTable, Database } from '../../schema.js';

export interface Alert {
  id: number;
  ruleId: number;
  slotId: number;
  state: AlertState;
  kind: AlertKind;
  fireAfter: number;
  openedOn: number | null;
  resolvedOn: number | null;
  lastNotifiedOn: number | null;
  nextReminderOn: number | null;
  createdOn: number;
  updatedOn: number;
}

const ACTIVE: AlertState[] = ['pending', 'open'];

/** A new alert: pending (or open, when it fires at once), or resolved for a one-off. */
export interface NewAlert {
  ruleId: number;
  slotId: number;
  kind: AlertKind;
  state: AlertState;
  fireAfter: number;
  openedOn?: number;
  resolvedOn?: number;
  lastNotifiedOn?: number;
  nextReminderOn?: number | null;
}

/** How `activeFor` keys its answer. */
export function activeKey(ruleId: number, slotId: number): string {
  return `${ruleId}:${slotId}`;
}

/**
 * Alerts. At most one per rule and slot is pending or open (a partial unique index), and every
 * change of state is a guarded update from the state the caller saw, so two engines that overlap
 * for a moment cannot open, resolve or remind twice.
 */
export class AlertRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findActive(ruleId: number, slotId: number): Promise<Alert | undefined> {
    const row = await this.db.selectFrom('alerts').selectAll().where('rule_id', '=', ruleId).where('slot_id', '=', slotId).where('state', 'in', ACTIVE).executeTakeFirst();
    return row ? toAlert(row) : undefined;
  }

  async find(id: number): Promise<Alert | undefined> {
    const row = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAlert(row) : undefined;
  }

  /** The active (pending or open) alerts of these rules on these slots, by `activeKey(ruleId, slotId)`, in one read. */
  async activeFor(ruleIds: readonly number[], slotIds: readonly number[]): Promise<Map<string, Alert>> {
    const found = new Map<string, Alert>();
    if (ruleIds.length === 0 || slotIds.length === 0) return found;
    const rows = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('rule_id', 'in', [...new Set(ruleIds)])
      .where('slot_id', 'in', [...new Set(slotIds)])
      .where('state', 'in', ACTIVE)
      .execute();
    for (const row of rows) found.set(activeKey(row.rule_id, row.slot_id), toAlert(row));
    return found;
  }

  /** A new alert in `state` (pending, or resolved for a one-off); undefined when one is already active for the rule and slot. */
  async insert(alert: NewAlert, now: number): Promise<Alert | undefined> {
    return (await this.insertMany([alert], now))[0];
  }

  /**
   * New alerts in one statement; returns those created, in no particular order (one whose rule
   * and slot already have an active alert is left out, as by `insert`).
   */
  async insertMany(alerts: readonly NewAlert[], now: number): Promise<Alert[]> {
    if (alerts.length === 0) return [];
    const rows = await this.db
      .insertInto('alerts')
      .values(
        alerts.map((alert) => ({
          rule_id: alert.ruleId,
          slot_id: alert.slotId,
          state: alert.state,
          kind: alert.kind,
          fire_after: alert.fireAfter,
          opened_on: alert.openedOn ?? null,
          resolved_on: alert.resolvedOn ?? null,
          last_notified_on: alert.lastNotifiedOn ?? null,
          next_reminder_on: alert.nextReminderOn ?? null,
          created_on: now,
          updated_on: now,
        })),
      )
      // The conflict target must repeat the partial index's predicate word for word (SQLite).
      .onConflict((oc) => oc.columns(['rule_id', 'slot_id']).where(sql<boolean>`state in ('pending', 'open')`).doNothing())
      .returningAll()
      .execute();
    return rows.map(toAlert);
  }

  async setKind(id: number, kind: AlertKind, now: number): Promise<void> {
    await this.db.updateTable('alerts').set({ kind, updated_on: now }).where('id', '=', id).where('state', 'in', ACTIVE).execute();
  }

  /** pending -> open; false when it was no longer pending. */
  async open(id: number, now: number, nextReminderOn: number | null): Promise<boolean> {
    return this.#move(id, 'pending', { state: 'open', opened_on: now, last_notified_on: now, next_reminder_on: nextReminderOn, updated_on: now });
  }

  /** A pending alert waits (a mute window) until `fireAfter`. */
  async postpone(id: number, fireAfter: number, now: number): Promise<boolean> {
    return this.#move(id, 'pending', { fire_after: fireAfter, updated_on: now });
  }

  async resolve(id: number, now: number): Promise<boolean> {
    return this.#move(id, 'open', { state: 'resolved', resolved_on: now, next_reminder_on: null, updated_on: now });
  }

  async cancel(id: number, now: number): Promise<boolean> {
    return this.#move(id, 'pending', { state: 'cancelled', resolved_on: now, updated_on: now });
  }

  /** The next reminder of an open alert (after one was sent, or postponed by a mute window). */
  async setReminder(id: number, nextReminderOn: number | null, now: number, notified: boolean): Promise<boolean> {
    return this.#move(id, 'open', { next_reminder_on: nextReminderOn, updated_on: now, ...(notified ? { last_notified_on: now } : {}) });
  }

  async duePending(now: number, limit: number): Promise<Alert[]> {
    const rows = await this.db.selectFrom('alerts').selectAll().where('state', '=', 'pending').where('fire_after', '<=', now).orderBy('fire_after').orderBy('id').limit(limit).execute();
    return rows.map(toAlert);
  }

  async dueReminders(now: number, limit: number): Promise<Alert[]> {
    const rows = await this.db.selectFrom('alerts').selectAll().where('state', '=', 'open').where('next_reminder_on', '<=', now).orderBy('next_reminder_on').orderBy('id').limit(limit).execute();
    return rows.map(toAlert);
  }

  /** The earliest moment a pending alert fires or an open one reminds. */
  async nextTimer(): Promise<number | undefined> {
    const pending = await this.db.selectFrom('alerts').select((eb) => eb.fn.min('fire_after').as('at')).where('state', '=', 'pending').executeTakeFirst();
    const reminder = await this.db.selectFrom('alerts').select((eb) => eb.fn.min('next_reminder_on').as('at')).where('state', '=', 'open').executeTakeFirst();
    const times = [pending?.at, reminder?.at].filter((at): at is number => at !== null && at !== undefined).map(Number);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  async #move(id: number, from: AlertState, changes: Partial<Omit<AlertsTable, 'id'>>): Promise<boolean> {
    const result = await this.db.updateTable('alerts').set(changes).where('id', '=', id).where('state', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

export function toAlert(row: Omit<AlertsTable, 'id'> & { id: number }): Alert {
  const time = (value: number | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    ruleId: row.rule_id,
    slotId: row.slot_id,
    state: row.state as AlertState,
    kind: row.kind as AlertKind,
    fireAfter: Number(row.fire_after),
    openedOn: time(row.opened_on),
    resolvedOn: time(row.resolved_on),
    lastNotifiedOn: time(row.last_notified_on),
    nextReminderOn: time(row.next_reminder_on),
    createdOn: Number(row.created_on),
    updatedOn: Number(row.updated_on),
  };
}
