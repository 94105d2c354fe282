import type { Kysely } from 'kysely';
import type { AlertKind } from '../../domain/alerts/kinds.js';
import type { NotificationEvent, NotificationPayload } from '../../domain/alerts/notification.js';
import type { AlertRule } from '../../domain/alerts/rule.js';
import type { DeliverySchedule } from '../../domain/schedule/index.js';
import type { Alert } from '../../storage/repositories/alerts/alerts.js';
import { type NewNotification, NotificationRepository } from '../../storage/repositories/alerts/notifications.js';
import { SlotFactsRepository } from '../../storage/repositories/alerts/slot-facts.js';
import type { Database } from '../../storage/schema.js';
import { notificationText, type SlotFacts } from './notification-content.js';
import { transactionMemo } from './transaction-memo.js';

/** Where the dashboard shows a slot (the server's public URL + /ui/slots/<id>). */
export function slotUrl(publicUrl: string, slotId: number): string {
  return `${publicUrl.replace(/\/+$/, '')}/ui/slots/${slotId}`;
}

/**
 * Turns an alert event into outbox rows, one per enabled channel of the rule, with the payload
 * built now (so every retry sends the same message). Runs inside the engine's transaction that
 * changed the alert, so the change and its notifications commit together.
 */
export class AlertNotifier {
  constructor(private readonly options: { publicUrl: () => string }) {}

  async queue(trx: Kysely<Database>, alert: Alert, rule: AlertRule, event: NotificationEvent, now: number): Promise<number> {
    return this.queueMany(trx, [{ alert, rule, event }], now);
  }

  /** `queue` for several alert events, their notifications inserted in one statement; returns how many were queued. */
  async queueMany(trx: Kysely<Database>, events: ReadonlyArray<{ alert: Alert; rule: AlertRule; event: NotificationEvent }>, now: number): Promise<number> {
    const rows: NewNotification[] = [];
    for (const { alert, rule, event } of events) {
      const enabled = await this.#enabled(trx, rule.channelIds);
      if (enabled.length === 0) continue;
      const payload = await this.payload(trx, alert, rule, event, now);
      if (!payload) continue;
      for (const channelId of enabled) rows.push({ alertId: alert.id, channelId, event, payload });
    }
    await new NotificationRepository(trx).enqueueMany(rows, now);
    return rows.length;
  }

  async payload(trx: Kysely<Database>, alert: Alert, rule: AlertRule, event: NotificationEvent, now: number): Promise<NotificationPayload | undefined> {
    const facts = new SlotFactsRepository(trx);
    const slot = transactionMemo(trx).slots.get(alert.slotId) ?? (await facts.load(alert.slotId));
    if (!slot) return undefined;
    const submission = slot.lastSubmissionId === null ? undefined : await facts.submission(slot.lastSubmissionId);
    const failedChecks = slot.lastSubmissionId === null ? [] : await facts.failedChecks(slot.lastSubmissionId);
    const timeZone = activeZone(slot.deliveryJson);
    const slotFacts: SlotFacts = {
      sequenceName: slot.name,
      tag: slot.tag,
      expectedBy: slot.expectedBy,
      timeZone,
      deliveredOn: slot.deliveredOn,
      health: slot.health,
      submission: submission ?? null,
      failedChecks,
    };
    const { summary, details } = notificationText(event, alert.kind as AlertKind, slotFacts, now);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      type: `alert.${event}`,
      timestamp: new Date(now).toISOString(),
      data: {
        event,
        summary,
        details,
        alert: { alertId: alert.id, state: alert.state, kind: alert.kind, openedOn: iso(alert.openedOn), resolvedOn: iso(alert.resolvedOn), rule: { ruleId: rule.id, name: rule.name } },
        slot: { slotId: slot.slotId, tag: slot.tag, expectedBy: iso(slot.expectedBy), timeZone, health: slot.health, url: slotUrl(this.options.publicUrl(), slot.slotId) },
        slotSequence: { slotSequenceId: slot.sequenceId, name: slot.name, type: slot.sequenceType },
        submission: submission ? { slotSubmissionId: submission.id, status: submission.status, message: submission.message } : null,
      },
    };
  }

  async #enabled(trx: Kysely<Database>, channelIds: number[]): Promise<number[]> {
    if (channelIds.length === 0) return [];
    const memo = transactionMemo(trx).enabledChannels;
    const key = channelIds.join(',');
    const known = memo.get(key);
    if (known) return known;
    const rows = await trx.selectFrom('alert_channels').select('id').where('id', 'in', channelIds).where('enabled', '=', 1).execute();
    const enabled = rows.map((row) => row.id);
    memo.set(key, enabled);
    return enabled;
  }
}

function activeZone(deliveryJson: string): string | null {
  try {
    const schedules = JSON.parse(deliveryJson) as DeliverySchedule[];
    return schedules.find((schedule) => schedule.isActive)?.timeZone ?? null;
  } catch {
    return null;
  }
}
