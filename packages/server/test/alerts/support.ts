import type { AlertKind } from '../../src/domain/alerts/kinds.js';
import type { MuteWindow, SequenceFilter } from '../../src/domain/alerts/rule.js';
import { AlertChannelRepository } from '../../src/storage/repositories/alerts/channels.js';
import { AlertRuleRepository } from '../../src/storage/repositories/alerts/rules.js';
import { KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import type { TestApp } from '../support/app.js';
import { importSequences, schedule, sequence } from '../overviews/helpers.js';

/** Rules, channels and sequences for engine tests, written through the repositories (the API is tested elsewhere). */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export async function dailySequence(t: TestApp, name: Record<string, string>, startDate: string, expectedBy = '09:00'): Promise<number> {
  const [id] = await importSequences(t, [sequence(name, { delivery: [schedule('daily', startDate, { expectedBy })] })]);
  return id!;
}

export async function webhookChannel(t: TestApp, name = 'hook'): Promise<number> {
  const channels = new AlertChannelRepository(t.database.db, KeyEncryptionKeys.ephemeral());
  const channel = await channels.insert({ name, enabled: true, settings: { type: 'webhook', url: 'http://127.0.0.1:9/hook', signingSecrets: [], headers: {} } }, t.clock.now);
  return channel.id;
}

export async function rule(
  t: TestApp,
  channelIds: number[],
  options: { name?: string; filter?: Partial<SequenceFilter>; events?: AlertKind[]; graceSeconds?: number; reminderSeconds?: number | null; mute?: MuteWindow[]; enabled?: boolean } = {},
): Promise<number> {
  const created = await new AlertRuleRepository(t.database.db).insert(
    {
      name: options.name ?? 'rule',
      enabled: options.enabled ?? true,
      filter: { name: [], types: [], cadences: [], ...options.filter },
      events: options.events ?? ['overdue', 'failed', 'quality_cancelled', 'quality_failed'],
      graceSeconds: options.graceSeconds ?? 0,
      reminderSeconds: options.reminderSeconds ?? null,
      mute: options.mute ?? [],
      channelIds,
    },
    t.clock.now,
  );
  return created.id;
}

/** The notifications queued so far: event and summary, oldest first. */
export async function outbox(t: TestApp): Promise<Array<{ event: string; summary: string; alertId: number | null }>> {
  const rows = await t.database.db.selectFrom('notifications').select(['event', 'payload_json', 'alert_id']).orderBy('id').execute();
  return rows.map((row) => ({ event: row.event, summary: (JSON.parse(row.payload_json) as { data: { summary: string } }).data.summary, alertId: row.alert_id }));
}

export async function alerts(t: TestApp): Promise<Array<{ state: string; kind: string; ruleId: number }>> {
  const rows = await t.database.db.selectFrom('alerts').select(['state', 'kind', 'rule_id']).orderBy('id').execute();
  return rows.map((row) => ({ state: row.state, kind: row.kind, ruleId: row.rule_id }));
}

/** Runs engine passes at the app's clock: `at` moves the clock first. */
export async function pass(t: TestApp, at?: number): Promise<void> {
  if (at !== undefined) t.clock.now = at;
  await t.app.alertEngine.runPass();
}
