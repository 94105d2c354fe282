import type { Kysely } from 'kysely';
import type { AlertKind } from '../../../domain/alerts/kinds.js';
import type { AlertRule, MuteWindow, SequenceFilter } from '../../../domain/alerts/rule.js';
import type { AlertRulesTable, Database } from '../../schema.js';

export type NewAlertRule = Omit<AlertRule, 'id' | 'createdOn' | 'updatedOn'>;

/** Alert rules and the channels each notifies. */
export class AlertRuleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(rule: NewAlertRule, now: number): Promise<AlertRule> {
    const row = await this.db.insertInto('alert_rules').values({ ...toRow(rule), evaluated_on: null, created_on: now, updated_on: now }).returning('id').executeTakeFirstOrThrow();
    await this.#setChannels(row.id, rule.channelIds);
    return { ...rule, id: row.id, createdOn: now, updatedOn: now };
  }

  async update(id: number, rule: NewAlertRule, now: number): Promise<boolean> {
    // A changed rule looks again at the slots already in a bad state (it may watch other ones now).
    const result = await this.db.updateTable('alert_rules').set({ ...toRow(rule), evaluated_on: null, updated_on: now }).where('id', '=', id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await this.db.deleteFrom('alert_rule_channels').where('rule_id', '=', id).execute();
    await this.#setChannels(id, rule.channelIds);
    return true;
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async find(id: number): Promise<AlertRule | undefined> {
    return (await this.#select((query) => query.where('id', '=', id)))[0];
  }

  async findByName(name: string): Promise<AlertRule | undefined> {
    return (await this.#select((query) => query.where('name', '=', name)))[0];
  }

  async list(options: { enabledOnly?: boolean } = {}): Promise<AlertRule[]> {
    return this.#select((query) => (options.enabledOnly ? query.where('enabled', '=', 1) : query));
  }

  /** Enabled rules the engine has not yet checked against the slots already in a bad state. */
  async notYetEvaluated(): Promise<number[]> {
    const rows = await this.db.selectFrom('alert_rules').select('id').where('enabled', '=', 1).where('evaluated_on', 'is', null).orderBy('id').execute();
    return rows.map((row) => row.id);
  }

  /** Marks the rule checked; false when another engine did it first (or the rule changed again). */
  async markEvaluated(id: number, updatedOn: number, now: number): Promise<boolean> {
    const result = await this.db.updateTable('alert_rules').set({ evaluated_on: now }).where('id', '=', id).where('evaluated_on', 'is', null).where('updated_on', '=', updatedOn).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async #setChannels(ruleId: number, channelIds: readonly number[]): Promise<void> {
    if (channelIds.length === 0) return;
    await this.db.insertInto('alert_rule_channels').values([...new Set(channelIds)].map((channelId) => ({ rule_id: ruleId, channel_id: channelId }))).execute();
  }

  async #select(narrow: (query: ReturnType<AlertRuleRepository['base']>) => ReturnType<AlertRuleRepository['base']>): Promise<AlertRule[]> {
    const rows = await narrow(this.base()).orderBy('id').execute();
    if (rows.length === 0) return [];
    const links = await this.db.selectFrom('alert_rule_channels').selectAll().where('rule_id', 'in', rows.map((row) => row.id)).orderBy('channel_id').execute();
    return rows.map((row) => toRule(row, links.filter((link) => link.rule_id === row.id).map((link) => link.channel_id)));
  }

  private base() {
    return this.db.selectFrom('alert_rules').selectAll();
  }
}

function toRow(rule: NewAlertRule) {
  return {
    name: rule.name,
    enabled: rule.enabled ? 1 : 0,
    filter_json: JSON.stringify(rule.filter),
    events_json: JSON.stringify(rule.events),
    grace_seconds: rule.graceSeconds,
    reminder_seconds: rule.reminderSeconds,
    mute_json: JSON.stringify(rule.mute),
  };
}

function toRule(row: Omit<AlertRulesTable, 'id'> & { id: number }, channelIds: number[]): AlertRule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    filter: JSON.parse(row.filter_json) as SequenceFilter,
    events: JSON.parse(row.events_json) as AlertKind[],
    graceSeconds: row.grace_seconds,
    reminderSeconds: row.reminder_seconds,
    mute: JSON.parse(row.mute_json) as MuteWindow[],
    channelIds,
    createdOn: Number(row.created_on),
    updatedOn: Number(row.updated_on),
  };
}
