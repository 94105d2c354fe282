import { randomUUID } from 'node:crypto';
import { type Kysely, PostgresAdapter, type Selectable, sql } from 'kysely';
import type { NotificationEvent, NotificationPayload } from '../../../domain/alerts/notification.js';
import type { Database, NotificationAttemptsTable, NotificationsTable } from '../../schema.js';

export type NotificationRow = Selectable<NotificationsTable>;
export type NotificationAttemptRow = Selectable<NotificationAttemptsTable>;
export type NotificationStatus = 'pending' | 'delivered' | 'dead';

export interface NewNotification {
  alertId: number | null;
  channelId: number;
  event: NotificationEvent;
  payload: NotificationPayload;
}

/** One attempt as the delivery log keeps it. `error` is already free of secrets. */
export interface AttemptRecord {
  attemptedOn: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

/** Where an attempt leaves the notification. */
export type AttemptResult =
  | { status: 'delivered'; deliveredOn: number }
  | { status: 'pending'; nextAttemptOn: number }
  /** `why` joins the attempt's error in the notification's last_error (the attempt log keeps the error alone). */
  | { status: 'dead'; why: string };

/** What `claimDue` may take. */
export interface ClaimOptions {
  now: number;
  claimUntil: number;
  limit: number;
  perChannel: ReadonlyMap<number, number>;
  defaultPerChannel: number;
}

/** The webhook-id of a new notification: `msg_` and a UUID without dashes (no `.`, which the signed content uses as a separator). */
export function newMessageId(): string {
  return `msg_${randomUUID().replace(/-/g, '')}`;
}

/**
 * The notification outbox and its delivery log. A sender claims due rows (setting
 * `claimed_until` and counting the attempt), sends, then records the attempt and the row's new
 * state in one transaction, only while it still holds the claim. On PostgreSQL the claim skips
 * rows another instance is claiming (`for update skip locked`); on SQLite there is one writer.
 * Either way the claim's own condition (unclaimed or expired) means no row is claimed twice.
 */
export class NotificationRepository {
  readonly #postgres: boolean;

  constructor(private readonly db: Kysely<Database>) {
    this.#postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  }

  /** Queues a notification, due now. Pass the write's transaction as `db` to queue it with the change that caused it. */
  async enqueue(notification: NewNotification, now: number): Promise<{ id: number; messageId: string }> {
    const [queued] = await this.enqueueMany([notification], now);
    return queued!;
  }

  /** Queues several notifications in one statement; returns them in the order given. */
  async enqueueMany(notifications: readonly NewNotification[], now: number): Promise<Array<{ id: number; messageId: string }>> {
    if (notifications.length === 0) return [];
    const messageIds = notifications.map(() => newMessageId());
    const rows = await this.db
      .insertInto('notifications')
      .values(
        notifications.map((notification, index) => ({
          message_id: messageIds[index]!,
          alert_id: notification.alertId,
          channel_id: notification.channelId,
          event: notification.event,
          payload_json: JSON.stringify(notification.payload),
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
      .returning(['id', 'message_id'])
      .execute();
    const ids = new Map(rows.map((row) => [row.message_id, row.id]));
    return messageIds.map((messageId) => ({ id: ids.get(messageId)!, messageId }));
  }

  /**
   * Claims up to `limit` due notifications until `claimUntil`, at most `perChannel[channel]`
   * of one channel (channels missing from the map get `defaultPerChannel`), and counts the
   * attempt. Returns the claimed rows as they are after the claim, and what `nextDueOn` says
   * then (on PostgreSQL read by the claim's own statement, so a sender's pass costs one).
   */
  async claimDue(options: ClaimOptions): Promise<{ claimed: NotificationRow[]; nextDueOn: number | undefined }> {
    const claimed: NotificationRow[] = [];
    let nextDueOn: number | undefined;
    // Another sender may claim what this one picked in between; then pick again from what is left.
    for (let round = 0; round < 3; round++) {
      const { picked, got, next } = this.#postgres ? await this.#claimPostgres(options, claimed) : { ...(await this.#claimSqlite(options, claimed)), next: undefined };
      claimed.push(...got);
      nextDueOn = next;
      if (got.length === picked) break;
    }
    if (!this.#postgres) nextDueOn = await this.nextDueOn(options.now);
    return { claimed, nextDueOn };
  }

  /** How many more of each channel this claim may take, beside those `claimed` already. */
  #room(options: ClaimOptions, claimed: readonly NotificationRow[]): { wanted: number; freeOf: (channelId: number) => number; full: number[] } {
    const freeOf = (channelId: number) => (options.perChannel.get(channelId) ?? options.defaultPerChannel) - claimed.filter((row) => row.channel_id === channelId).length;
    const full = [...new Set([...options.perChannel.keys(), ...claimed.map((row) => row.channel_id)])].filter((channelId) => freeOf(channelId) <= 0);
    return { wanted: options.limit - claimed.length, freeOf, full };
  }

  /**
   * PostgreSQL: one statement picks the due rows (oldest first, within each channel's room),
   * locks those it took, skipping rows another sender is claiming right now (locking every
   * candidate would hide rows this sender does not take from the others), and claims them.
   * Also says how many it picked, so a caller that lost some to another sender picks again.
   */
  async #claimPostgres(options: ClaimOptions, claimed: readonly NotificationRow[]): Promise<{ picked: number; got: NotificationRow[]; next: number | undefined }> {
    const { wanted, freeOf, full } = this.#room(options, claimed);
    if (wanted <= 0) return { picked: 0, got: [], next: await this.nextDueOn(options.now) };
    // Candidates: more than needed, so a busy channel's rows do not hide another's.
    const known = [...new Set([...options.perChannel.keys(), ...claimed.map((row) => row.channel_id)])];
    const result = await sql<NotificationRow & { picked: number | string; next_due: number | string | null }>`
      with candidates as (
        select id, channel_id, next_attempt_on from notifications
        where status = 'pending' and next_attempt_on <= ${options.now}
          and (claimed_until is null or claimed_until < ${options.now})
          and channel_id <> all(cast(${full} as integer[]))
        order by next_attempt_on, id
        limit ${wanted * 4}
      ), ranked as (
        select c.id, c.next_attempt_on, coalesce(room.free, ${options.defaultPerChannel}) as free,
          row_number() over (partition by c.channel_id order by c.next_attempt_on, c.id) as place
        from candidates c
        left join unnest(cast(${known} as integer[]), cast(${known.map(freeOf)} as integer[])) as room(channel_id, free) on room.channel_id = c.channel_id
      ), picked as (
        select id from ranked where place <= free order by next_attempt_on, id limit ${wanted}
      ), locked as (
        select id from notifications where id in (select id from picked) for update skip locked
      ), claimed as (
        update notifications set claimed_until = ${options.claimUntil}, attempts = attempts + 1
        from locked
        where notifications.id = locked.id and notifications.status = 'pending'
          and (notifications.claimed_until is null or notifications.claimed_until < ${options.now})
        returning notifications.*
      )
      select claimed.*, (select count(*) from picked) as picked,
        (select min(next_attempt_on) from notifications
          where status = 'pending' and (claimed_until is null or claimed_until < ${options.now})
            and id not in (select id from claimed)) as next_due
      from (select 1) as one left join claimed on true`.execute(this.db);
    const first = result.rows[0];
    const got = result.rows.filter((row) => row.id !== null).map(({ picked: _picked, next_due: _next, ...row }) => row as NotificationRow);
    return { picked: Number(first?.picked ?? 0), got, next: first?.next_due === null || first?.next_due === undefined ? undefined : Number(first.next_due) };
  }

  /** SQLite (one writer): pick, then claim with the claim's condition checked again. */
  async #claimSqlite(options: ClaimOptions, claimed: readonly NotificationRow[]): Promise<{ picked: number; got: NotificationRow[] }> {
    const { wanted, freeOf, full } = this.#room(options, claimed);
    if (wanted <= 0) return { picked: 0, got: [] };
    let query = this.db
      .selectFrom('notifications')
      .select(['id', 'channel_id'])
      .where('status', '=', 'pending')
      .where('next_attempt_on', '<=', options.now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', options.now)]))
      .orderBy('next_attempt_on')
      .orderBy('id')
      // More than needed, so a busy channel's rows do not hide another's.
      .limit(wanted * 4);
    if (full.length > 0) query = query.where('channel_id', 'not in', full);
    const candidates = await query.execute();
    const taken = new Map<number, number>();
    const ids: number[] = [];
    for (const candidate of candidates) {
      const already = taken.get(candidate.channel_id) ?? 0;
      if (already >= freeOf(candidate.channel_id)) continue;
      taken.set(candidate.channel_id, already + 1);
      ids.push(candidate.id);
      if (ids.length >= wanted) break;
    }
    if (ids.length === 0) return { picked: 0, got: [] };
    const got = await this.db
      .updateTable('notifications')
      .set((eb) => ({ claimed_until: options.claimUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', ids)
      // Checked again: another sender may have claimed a row since it was picked.
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', options.now)]))
      .returningAll()
      .execute();
    return { picked: ids.length, got };
  }

  /**
   * Logs an attempt and moves the notification on, together. The move happens only while the
   * claim `claimedUntil` is still the row's (a sender that lost its claim to another still logs
   * what it did); returns whether it did. On PostgreSQL one statement (an update and an insert in
   * one WITH); on SQLite a transaction of the two.
   */
  async finishAttempt(id: number, claimedUntil: number, attempt: AttemptRecord, result: AttemptResult): Promise<boolean> {
    const base = { claimed_until: null, last_status_code: attempt.statusCode, last_error: attempt.error };
    const changes =
      result.status === 'delivered'
        ? { ...base, status: 'delivered', delivered_on: result.deliveredOn }
        : result.status === 'pending'
          ? { ...base, status: 'pending', next_attempt_on: result.nextAttemptOn }
          : { ...base, status: 'dead', last_error: attempt.error ? `${attempt.error}; ${result.why}` : result.why };
    const logged = { notification_id: id, attempted_on: attempt.attemptedOn, duration_ms: attempt.durationMs, status_code: attempt.statusCode, error: attempt.error };
    if (this.#postgres) {
      const row = await this.db
        .with('moved', (db) => db.updateTable('notifications').set(changes).where('id', '=', id).where('claimed_until', '=', claimedUntil).returning('id'))
        .with('logged', (db) => db.insertInto('notification_attempts').values(logged).returning('id'))
        .selectFrom('moved')
        .select((eb) => eb.fn.countAll<number | string>().as('moved'))
        .executeTakeFirst();
      return Number(row?.moved ?? 0) > 0;
    }
    return this.db.transaction().execute(async (trx) => {
      await trx.insertInto('notification_attempts').values(logged).execute();
      const updated = await trx.updateTable('notifications').set(changes).where('id', '=', id).where('claimed_until', '=', claimedUntil).executeTakeFirst();
      return Number(updated.numUpdatedRows) > 0;
    });
  }

  /** Gives up a claimed notification without an attempt (e.g. it outlived its bounds while a sender was down). */
  async markDead(id: number, claimedUntil: number, error: string): Promise<boolean> {
    const updated = await this.db.updateTable('notifications').set({ status: 'dead', claimed_until: null, last_error: error }).where('id', '=', id).where('claimed_until', '=', claimedUntil).executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  /** When the next pending notification that nobody holds falls due (epoch ms), if any. */
  async nextDueOn(now: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('next_attempt_on').as('next'))
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  }

  async find(id: number): Promise<NotificationRow | undefined> {
    return this.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByMessageId(messageId: string): Promise<NotificationRow | undefined> {
    return this.db.selectFrom('notifications').selectAll().where('message_id', '=', messageId).executeTakeFirst();
  }

  /** The delivery log of one notification, oldest first. */
  async attempts(notificationId: number): Promise<NotificationAttemptRow[]> {
    return this.db.selectFrom('notification_attempts').selectAll().where('notification_id', '=', notificationId).orderBy('id').execute();
  }

  /** Notifications of an alert (the engine's history of what it told whom), oldest first. */
  async listForAlert(alertId: number): Promise<NotificationRow[]> {
    return this.db.selectFrom('notifications').selectAll().where('alert_id', '=', alertId).orderBy('id').execute();
  }
}
