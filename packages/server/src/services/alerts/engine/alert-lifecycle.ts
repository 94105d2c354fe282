import type { Kysely } from 'kysely';
import { alertKindOf } from '../../../domain/alerts/kinds.js';
import { muteEndsAt } from '../../../domain/alerts/mute.js';
import type { AlertRule } from '../../../domain/alerts/rule.js';
import { healthClass } from '../../../domain/slot-health.js';
import { AlertRepository, type Alert, type NewAlert } from '../../../storage/repositories/alerts/alerts.js';
import type { SlotTransition } from '../../../storage/repositories/alerts/health.js';
import type { Database } from '../../../storage/schema.js';
import type { AlertNotifier } from '../notifier.js';

/**
 * What one rule does with one slot transition, and with an alert whose time has come. Every step
 * is a guarded change of the alert plus its notifications, in the caller's transaction.
 *
 * - A bad state the rule watches opens a pending alert that fires after the grace (at once with
 *   no grace); while one is active, another bad state only changes its kind (and tells, if open).
 * - A recovery (Delivered, DeliveredLate) cancels a pending alert silently and resolves an open
 *   one (telling); a late delivery without an active alert is told once if the rule watches it.
 * - Pending (a retry running) changes nothing: the grace keeps running from the first failure.
 */
export class AlertLifecycle {
  constructor(private readonly notifier: AlertNotifier) {}

  async onTransition(trx: Kysely<Database>, rule: AlertRule, transition: SlotTransition, now: number): Promise<void> {
    const alerts = new AlertRepository(trx);
    const kind = alertKindOf(transition.to);
    const active = await alerts.findActive(rule.id, transition.slotId);
    switch (healthClass(transition.to)) {
      case 'bad': {
        if (kind === undefined || !rule.events.includes(kind)) return;
        if (active) {
          if (active.kind === kind) return;
          await alerts.setKind(active.id, kind, now);
          if (active.state === 'open') await this.notifier.queue(trx, { ...active, kind }, rule, 'changed', now);
          return;
        }
        const created = await alerts.insert({ ruleId: rule.id, slotId: transition.slotId, kind, state: 'pending', fireAfter: transition.occurredOn + rule.graceSeconds * 1000 }, now);
        if (created && created.fireAfter <= now) await this.fire(trx, created, rule, now);
        return;
      }
      case 'good': {
        if (active?.state === 'pending') {
          await alerts.cancel(active.id, now);
          return;
        }
        if (active?.state === 'open') {
          if (await alerts.resolve(active.id, now)) await this.notifier.queue(trx, { ...active, state: 'resolved', resolvedOn: now }, rule, 'resolved', now);
          return;
        }
        if (kind === 'delivered_late' && rule.events.includes('delivered_late')) {
          const told = await alerts.insert({ ruleId: rule.id, slotId: transition.slotId, kind, state: 'resolved', fireAfter: now, openedOn: now, resolvedOn: now }, now);
          if (told) await this.notifier.queue(trx, told, rule, 'late', now);
        }
        return;
      }
      case 'neutral':
        return;
    }
  }

  /**
   * Whether `transition` opens a new alert of `rule` when the slot has no active one (`active`):
   * a bad state the rule watches. Such transitions may go through `openMany` together.
   */
  opensNew(rule: AlertRule, transition: SlotTransition, active: Alert | undefined): boolean {
    const kind = alertKindOf(transition.to);
    return active === undefined && healthClass(transition.to) === 'bad' && kind !== undefined && rule.events.includes(kind);
  }

  /**
   * `onTransition` for many transitions that each open a new alert (`opensNew`, for rule and slot
   * pairs seen without an active alert in this transaction): every alert is inserted straight in
   * the state `fire` would leave it in (open and told; pending until its grace or a mute window
   * ends), all in one insert, and the notifications of those that open in another. An alert that
   * meanwhile became active for the same rule and slot (an overlapping engine) is skipped.
   */
  async openMany(trx: Kysely<Database>, opening: ReadonlyArray<{ rule: AlertRule; transition: SlotTransition }>, now: number): Promise<void> {
    if (opening.length === 0) return;
    const rules = new Map(opening.map(({ rule }) => [rule.id, rule]));
    const alerts: NewAlert[] = opening.map(({ rule, transition }) => {
      const base = { ruleId: rule.id, slotId: transition.slotId, kind: alertKindOf(transition.to)!, fireAfter: transition.occurredOn + rule.graceSeconds * 1000 };
      if (base.fireAfter > now) return { ...base, state: 'pending' };
      const muteEnd = muteEndsAt(rule.mute, now);
      if (muteEnd !== undefined) return { ...base, state: 'pending', fireAfter: muteEnd };
      return { ...base, state: 'open', openedOn: now, lastNotifiedOn: now, nextReminderOn: rule.reminderSeconds === null ? null : now + rule.reminderSeconds * 1000 };
    });
    const created = await new AlertRepository(trx).insertMany(alerts, now);
    const opened = created.filter((alert) => alert.state === 'open').sort((a, b) => a.id - b.id);
    await this.notifier.queueMany(trx, opened.map((alert) => ({ alert, rule: rules.get(alert.ruleId)!, event: 'opened' as const })), now);
  }

  /** A pending alert whose grace is over opens and is told, unless a mute window holds it back. */
  async fire(trx: Kysely<Database>, alert: Alert, rule: AlertRule | undefined, now: number): Promise<void> {
    const alerts = new AlertRepository(trx);
    if (rule === undefined || !rule.enabled) {
      await alerts.cancel(alert.id, now);
      return;
    }
    const muteEnd = muteEndsAt(rule.mute, now);
    if (muteEnd !== undefined) {
      await alerts.postpone(alert.id, muteEnd, now);
      return;
    }
    const nextReminder = rule.reminderSeconds === null ? null : now + rule.reminderSeconds * 1000;
    if (await alerts.open(alert.id, now, nextReminder)) {
      await this.notifier.queue(trx, { ...alert, state: 'open', openedOn: now, lastNotifiedOn: now, nextReminderOn: nextReminder }, rule, 'opened', now);
    }
  }

  /** An open alert due for a reminder is reminded of, unless muted (then at the window's end). */
  async remind(trx: Kysely<Database>, alert: Alert, rule: AlertRule | undefined, now: number): Promise<void> {
    const alerts = new AlertRepository(trx);
    if (rule === undefined || !rule.enabled || rule.reminderSeconds === null) {
      await alerts.setReminder(alert.id, null, now, false);
      return;
    }
    const muteEnd = muteEndsAt(rule.mute, now);
    if (muteEnd !== undefined) {
      await alerts.setReminder(alert.id, muteEnd, now, false);
      return;
    }
    if (await alerts.setReminder(alert.id, now + rule.reminderSeconds * 1000, now, true)) {
      await this.notifier.queue(trx, alert, rule, 'reminder', now);
    }
  }
}
