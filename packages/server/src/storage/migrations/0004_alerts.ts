import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { idColumn } from './0001_init.js';

/**
 * The deadline engine and its alerts (docs/alerts.md):
 * - `slot_health`: each slot's recorded health (Pending, Overdue, Failed, QualityCancelled,
 *   QualityFailed, Delivered, DeliveredLate); a slot without a row is Pending.
 * - `slot_transitions`: every change of a slot's health, written in the same transaction as the
 *   change (a write, or the deadline scan), processed once into alerts (`processed_on`).
 * - `engine_state`: the engine's watermarks (how far the deadline scan got); `leases`: which
 *   instance runs the engine.
 * - `alert_channels`, `alert_rules`, `alert_rule_channels`: what to watch and whom to tell.
 * - `alerts`: one row per rule and slot while pending or open (a partial unique index), kept
 *   when resolved or cancelled as history.
 * - `notifications` (the outbox) and `notification_attempts` (the delivery log).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db.getExecutor().adapter instanceof PostgresAdapter);

  await db.schema
    .createTable('slot_health')
    .addColumn('slot_id', 'integer', (c) => c.primaryKey().references('slots.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('updated_on', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('slot_transitions')
    .addColumn('id', ...id)
    .addColumn('slot_id', 'integer', (c) => c.notNull().references('slots.id'))
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'bigint', (c) => c.notNull())
    .addColumn('recorded_on', 'bigint', (c) => c.notNull())
    .addColumn('processed_on', 'bigint')
    .execute();
  await sql`create index slot_transitions_unprocessed on slot_transitions (id) where processed_on is null`.execute(db);
  await db.schema.createIndex('slot_transitions_slot').on('slot_transitions').columns(['slot_id', 'id']).execute();
  // The deadline scan walks slots whose expectedBy passed and that were not delivered.
  await sql`create index slots_undelivered_expected on slots (expected_by) where delivered_on is null and expected_by is not null`.execute(db);

  await db.schema
    .createTable('engine_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alert_channels')
    .addColumn('id', ...id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('secrets_sealed', 'text', (c) => c.notNull())
    // When a webhook's signing secrets last changed: with their count, all the API shows of them.
    .addColumn('signing_secrets_rotated_on', 'bigint')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('updated_on', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alert_rules')
    .addColumn('id', ...id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('filter_json', 'text', (c) => c.notNull())
    .addColumn('events_json', 'text', (c) => c.notNull())
    .addColumn('grace_seconds', 'integer', (c) => c.notNull())
    .addColumn('reminder_seconds', 'integer')
    .addColumn('mute_json', 'text', (c) => c.notNull())
    // When the engine last opened alerts for slots already in a bad state the rule watches; null: a new or changed rule, not yet.
    .addColumn('evaluated_on', 'bigint')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('updated_on', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alert_rule_channels')
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('alert_channels.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('alert_rule_channels_pk', ['rule_id', 'channel_id'])
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', ...id)
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('slot_id', 'integer', (c) => c.notNull().references('slots.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fire_after', 'bigint', (c) => c.notNull())
    .addColumn('opened_on', 'bigint')
    .addColumn('resolved_on', 'bigint')
    .addColumn('last_notified_on', 'bigint')
    .addColumn('next_reminder_on', 'bigint')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('updated_on', 'bigint', (c) => c.notNull())
    .execute();
  // One pending or open alert per rule and slot: the lock that makes alerting state-change only.
  await sql`create unique index alerts_active_rule_slot on alerts (rule_id, slot_id) where state in ('pending', 'open')`.execute(db);
  await sql`create index alerts_pending_fire on alerts (fire_after) where state = 'pending'`.execute(db);
  await sql`create index alerts_open_reminder on alerts (next_reminder_on) where state = 'open'`.execute(db);
  await db.schema.createIndex('alerts_slot').on('alerts').columns(['slot_id', 'id']).execute();
  await db.schema.createIndex('alerts_state_id').on('alerts').columns(['state', 'id']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', ...id)
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('alert_id', 'integer', (c) => c.references('alerts.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('alert_channels.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_on', 'bigint', (c) => c.notNull())
    .addColumn('claimed_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('created_on', 'bigint', (c) => c.notNull())
    .addColumn('delivered_on', 'bigint')
    .execute();
  await sql`create index notifications_due on notifications (next_attempt_on) where status = 'pending'`.execute(db);
  await db.schema.createIndex('notifications_alert').on('notifications').columns(['alert_id', 'id']).execute();
  await db.schema
    .createTable('notification_attempts')
    .addColumn('id', ...id)
    .addColumn('notification_id', 'integer', (c) => c.notNull().references('notifications.id').onDelete('cascade'))
    .addColumn('attempted_on', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('notification_attempts_notification').on('notification_attempts').columns(['notification_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['notification_attempts', 'notifications', 'alerts', 'alert_rule_channels', 'alert_rules', 'alert_channels', 'leases', 'engine_state', 'slot_transitions', 'slot_health']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.dropIndex('slots_undelivered_expected').ifExists().execute();
}
