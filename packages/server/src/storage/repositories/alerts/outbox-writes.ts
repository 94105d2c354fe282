import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NotificationEvent, NotificationPayload } from '../../../domain/alerts/notification.js';
import type { Database } from '../../schema.js';

/** Queues notifications in the outbox (the notification sender delivers them). */
export class OutboxWrites {
  constructor(private readonly db: Kysely<Database>) {}

  /** One row per channel; each gets its own message id (`msg_...`), kept across its attempts. */
  async enqueue(entries: ReadonlyArray<{ alertId: number | null; channelId: number; event: NotificationEvent; payload: NotificationPayload }>, now: number): Promise<number[]> {
    if (entries.length === 0) return [];
    const rows = await this.db
      .insertInto('notifications')
      .values(
        entries.map((entry) => ({
          message_id: `msg_${randomUUID().replace(/-/g, '')}`,
          alert_id: entry.alertId,
          channel_id: entry.channelId,
          event: entry.event,
          payload_json: JSON.stringify(entry.payload),
          status: 'pending',
          attempts: 0,
          next_attempt_on: now,
          claimed_until: null,
          last_error: null,
          last_status_code: null,
          created_on: now,
          delivered_on: null,
        })),
      )
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }
}
