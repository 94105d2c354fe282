import type { Kysely } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { AlertChannel } from '../../../domain/alerts/channel.js';
import type { NotificationPayload } from '../../../domain/alerts/notification.js';
import { NotificationRepository } from '../../../storage/repositories/alerts/notifications.js';
import type { Database } from '../../../storage/schema.js';
import { DEFAULT_DELIVERY_OPTIONS } from './options.js';

/** What a test send came to: its first (and only) attempt, or still pending when no sender got to it in time. */
export interface TestSendOutcome {
  status: 'delivered' | 'failed' | 'pending';
  notificationId: number;
  messageId: string;
  /** The HTTP status (the SMTP reply code for e-mail) of the attempt, if it got an answer. */
  statusCode: number | null;
  /** Why it failed, free of secrets; null when delivered. */
  error: string | null;
  attemptedOn: number | null;
  durationMs: number | null;
}

/** The payload of a channel test: event `test`, no alert, no slot. */
export function testPayload(channel: Pick<AlertChannel, 'name'>, now: number): NotificationPayload {
  return {
    type: 'channel.test',
    timestamp: new Date(now).toISOString(),
    data: {
      event: 'test',
      summary: `Test notification from LucoTS to the alert channel "${channel.name}"`,
      details: ['If you can read this, the channel works.', 'Alerts sent here say which slot is affected, what was expected and when, what happened, and link to the slot.'],
      alert: null,
      slot: null,
      slotSequence: null,
      submission: null,
    },
  };
}

/**
 * Queues a test notification for a channel, like any other notification (through the outbox,
 * signed, logged as attempts), but tried once. Pass a transaction as `db` to queue it inside a
 * write; publish the `outbox` change once it is committed (sendTest does both).
 */
export async function queueTestNotification(db: Kysely<Database>, channel: Pick<AlertChannel, 'id' | 'name'>, now: number): Promise<{ id: number; messageId: string }> {
  return new NotificationRepository(db).enqueue({ alertId: null, channelId: channel.id, event: 'test', payload: testPayload(channel, now) }, now);
}

/**
 * Waits for a notification's first attempt (a sender of this or another instance makes it) and
 * says how it went; `pending` if none came within `timeoutMs` (default: the request timeout and
 * five seconds).
 */
export async function waitForFirstAttempt(db: Kysely<Database>, notificationId: number, options: { timeoutMs?: number; pollMs?: number } = {}): Promise<TestSendOutcome> {
  const repository = new NotificationRepository(db);
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_DELIVERY_OPTIONS.requestTimeoutMs + 5000);
  for (;;) {
    // The attempt and the row's new state commit together: read the attempt first, and the row is at least as new.
    const attempt = (await repository.attempts(notificationId))[0];
    const row = await repository.find(notificationId);
    if (!row) throw new Error(`notification ${notificationId} does not exist`);
    if (attempt) {
      const succeeded = row.status === 'delivered' && row.attempts === 1;
      return {
        status: succeeded ? 'delivered' : 'failed',
        notificationId,
        messageId: row.message_id,
        statusCode: attempt.status_code,
        error: succeeded ? null : attempt.error,
        attemptedOn: Number(attempt.attempted_on),
        durationMs: attempt.duration_ms,
      };
    }
    if (Date.now() >= deadline) return { status: 'pending', notificationId, messageId: row.message_id, statusCode: null, error: null, attemptedOn: null, durationMs: null };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}

/**
 * `POST /lucots/v1/alert-channels/{id}/test`: queues a test notification, wakes the senders and
 * waits for its attempt.
 */
export async function sendTest(ctx: Pick<AppContext, 'db' | 'now' | 'changes'>, channel: Pick<AlertChannel, 'id' | 'name'>, options: { timeoutMs?: number } = {}): Promise<TestSendOutcome> {
  const queued = await queueTestNotification(ctx.db, channel, ctx.now());
  await ctx.changes.publishCommitted(ctx.db, { topic: 'outbox' });
  return waitForFirstAttempt(ctx.db, queued.id, options);
}
