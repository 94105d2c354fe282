import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { NamePattern } from '../../../domain/alerts/rule.js';
import type { Dialect } from '../../db.js';
import { toAlert, type Alert } from './alerts.js';
import type { Database } from '../../schema.js';

/** What the alerts list may be narrowed by; every given filter applies. */
export interface AlertFilter {
  alertIds?: readonly number[] | undefined;
  states?: readonly string[] | undefined;
  kinds?: readonly string[] | undefined;
  ruleIds?: readonly number[] | undefined;
  sequenceIds?: readonly number[] | undefined;
  slotIds?: readonly number[] | undefined;
  /** Name parts the sequence must all have; `*` in a value matches any run of characters, case-sensitively. */
  name?: readonly NamePattern[] | undefined;
  /** Inclusive bounds on created_on, epoch ms. */
  createdFrom?: number | undefined;
  createdTo?: number | undefined;
}

/** An alert as the API lists it: the stored alert, with its rule's name, its slot and its sequence. */
export interface AlertRow extends Omit<Alert, 'state' | 'kind'> {
  state: string;
  kind: string;
  ruleName: string;
  tag: string;
  expectedBy: number | null;
  sequenceId: number;
  sequenceName: Array<{ key: string; value: string }>;
}

export interface NotificationRow {
  id: number;
  messageId: string;
  event: string;
  channelId: number;
  channelName: string;
  channelType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptOn: number;
  createdOn: number;
  deliveredOn: number | null;
  log: Array<{ attemptedOn: number; durationMs: number; statusCode: number | null; error: string | null }>;
}

type Eb = ExpressionBuilder<Database, 'alerts' | 'alert_rules' | 'slots'>;

const time = (value: number | null) => (value === null ? null : Number(value));

/** The alerts list and one alert with its notifications and their delivery log, for the API. */
export class AlertReadRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** A page of alerts, newest first, and how many match in all. */
  async list(filter: AlertFilter, page: { offset: number; limit: number }): Promise<{ totalCount: number; rows: AlertRow[] }> {
    const where = (eb: Eb) => this.#conditions(eb, filter);
    const base = this.db
      .selectFrom('alerts')
      .innerJoin('alert_rules', 'alert_rules.id', 'alerts.rule_id')
      .innerJoin('slots', 'slots.id', 'alerts.slot_id')
      .where(where);
    const counted = await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
    const totalCount = Number(counted?.count ?? 0);
    if (page.limit === 0 || totalCount <= page.offset) return { totalCount, rows: [] };
    const rows = await base
      .select([
        'alerts.id',
        'alerts.state',
        'alerts.kind',
        'alerts.rule_id',
        'alert_rules.name as rule_name',
        'alerts.slot_id',
        'slots.tag',
        'slots.expected_by',
        'slots.slot_sequence_id',
        'alerts.fire_after',
        'alerts.opened_on',
        'alerts.resolved_on',
        'alerts.last_notified_on',
        'alerts.next_reminder_on',
        'alerts.created_on',
        'alerts.updated_on',
      ])
      .orderBy('alerts.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    const names = await this.#names(rows.map((row) => row.slot_sequence_id));
    return {
      totalCount,
      rows: rows.map((row) => ({
        ...toAlert(row),
        ruleName: row.rule_name,
        tag: row.tag,
        expectedBy: time(row.expected_by),
        sequenceId: row.slot_sequence_id,
        sequenceName: names.get(row.slot_sequence_id) ?? [],
      })),
    };
  }

  async find(alertId: number): Promise<AlertRow | undefined> {
    const { rows } = await this.list({ alertIds: [alertId] }, { offset: 0, limit: 1 });
    return rows[0];
  }

  /** The alert's latest `limit` notifications (oldest first) with every attempt of each, and how many it has. */
  async notifications(alertId: number, limit: number): Promise<{ count: number; rows: NotificationRow[] }> {
    const counted = await this.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('count')).where('alert_id', '=', alertId).executeTakeFirst();
    const latest = await this.db
      .selectFrom('notifications')
      .innerJoin('alert_channels', 'alert_channels.id', 'notifications.channel_id')
      .select([
        'notifications.id',
        'notifications.message_id',
        'notifications.event',
        'notifications.channel_id',
        'alert_channels.name as channel_name',
        'alert_channels.type as channel_type',
        'notifications.status',
        'notifications.attempts',
        'notifications.last_status_code',
        'notifications.last_error',
        'notifications.next_attempt_on',
        'notifications.created_on',
        'notifications.delivered_on',
      ])
      .where('notifications.alert_id', '=', alertId)
      .orderBy('notifications.id', 'desc')
      .limit(limit)
      .execute();
    const rows = latest.reverse();
    const attempts =
      rows.length === 0
        ? []
        : await this.db
            .selectFrom('notification_attempts')
            .selectAll()
            .where('notification_id', 'in', rows.map((row) => row.id))
            .orderBy('notification_id')
            .orderBy('id')
            .execute();
    return {
      count: Number(counted?.count ?? 0),
      rows: rows.map((row) => ({
        id: row.id,
        messageId: row.message_id,
        event: row.event,
        channelId: row.channel_id,
        channelName: row.channel_name,
        channelType: row.channel_type,
        status: row.status,
        attempts: row.attempts,
        lastStatusCode: row.last_status_code,
        lastError: row.last_error,
        nextAttemptOn: Number(row.next_attempt_on),
        createdOn: Number(row.created_on),
        deliveredOn: time(row.delivered_on),
        log: attempts
          .filter((attempt) => attempt.notification_id === row.id)
          .map((attempt) => ({ attemptedOn: Number(attempt.attempted_on), durationMs: attempt.duration_ms, statusCode: attempt.status_code, error: attempt.error })),
      })),
    };
  }

  #conditions(eb: Eb, filter: AlertFilter): Expression<SqlBool> {
    const all: Array<Expression<SqlBool>> = [];
    if (filter.alertIds?.length) all.push(eb('alerts.id', 'in', [...filter.alertIds]));
    if (filter.states?.length) all.push(eb('alerts.state', 'in', [...filter.states]));
    if (filter.kinds?.length) all.push(eb('alerts.kind', 'in', [...filter.kinds]));
    if (filter.ruleIds?.length) all.push(eb('alerts.rule_id', 'in', [...filter.ruleIds]));
    if (filter.slotIds?.length) all.push(eb('alerts.slot_id', 'in', [...filter.slotIds]));
    if (filter.sequenceIds?.length) all.push(eb('slots.slot_sequence_id', 'in', [...filter.sequenceIds]));
    if (filter.createdFrom !== undefined) all.push(eb('alerts.created_on', '>=', filter.createdFrom));
    if (filter.createdTo !== undefined) all.push(eb('alerts.created_on', '<=', filter.createdTo));
    for (const pattern of filter.name ?? []) {
      all.push(
        eb.exists(
          eb
            .selectFrom('slot_sequence_name_parts as np')
            .select(sql.lit(1).as('one'))
            .whereRef('np.slot_sequence_id', '=', 'slots.slot_sequence_id')
            .where('np.key', '=', pattern.key)
            .where(this.#valueMatches(pattern.value)),
        ),
      );
    }
    return eb.and(all);
  }

  /** The pattern as each database matches it case-sensitively: GLOB on SQLite (its LIKE ignores case), LIKE on PostgreSQL. */
  #valueMatches(pattern: string): Expression<SqlBool> {
    if (!pattern.includes('*')) return sql<SqlBool>`np.value = ${pattern}`;
    if (this.dialect === 'sqlite') {
      const glob = pattern.replace(/[[?]/g, (char) => `[${char}]`);
      return sql<SqlBool>`np.value glob ${glob}`;
    }
    const like = pattern.replace(/[\\%_]/g, (char) => `\\${char}`).replace(/\*/g, '%');
    return sql<SqlBool>`np.value like ${like} escape '\\'`;
  }

  async #names(sequenceIds: readonly number[]): Promise<Map<number, Array<{ key: string; value: string }>>> {
    const names = new Map<number, Array<{ key: string; value: string }>>();
    const unique = [...new Set(sequenceIds)];
    if (unique.length === 0) return names;
    const parts = await this.db
      .selectFrom('slot_sequence_name_parts')
      .select(['slot_sequence_id', 'key', 'value'])
      .where('slot_sequence_id', 'in', unique)
      .orderBy('slot_sequence_id')
      .orderBy('position')
      .execute();
    for (const part of parts) {
      const list = names.get(part.slot_sequence_id) ?? [];
      list.push({ key: part.key, value: part.value });
      names.set(part.slot_sequence_id, list);
    }
    return names;
  }
}
