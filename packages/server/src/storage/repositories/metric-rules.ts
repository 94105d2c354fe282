import type { Kysely, Selectable } from 'kysely';
import type { SequenceFilter } from '../../domain/alerts/rule.js';
import type { MetricRule, MetricRuleAction, MetricRuleSettings, NewMetricRule } from '../../domain/metric-rules/rule.js';
import { PreparedQuery } from '../prepared-query.js';
import type { Database, MetricRulesTable } from '../schema.js';

/** Every completion reads it (the metric rules to judge): built and compiled once. */
const ENABLED_RULES = new PreparedQuery(0, (db) => db.selectFrom('metric_rules').selectAll().where('enabled', '=', 1).orderBy('id'));

/** Metric anomaly rules. */
export class MetricRuleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(rule: NewMetricRule, now: number): Promise<MetricRule> {
    const row = await this.db.insertInto('metric_rules').values({ ...toRow(rule), created_on: now, updated_on: now }).returning('id').executeTakeFirstOrThrow();
    return { ...rule, id: row.id, createdOn: now, updatedOn: now };
  }

  async update(id: number, rule: NewMetricRule, now: number): Promise<boolean> {
    const result = await this.db.updateTable('metric_rules').set({ ...toRow(rule), updated_on: now }).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes the rule and its verdicts (the quality checks already recorded stay on their submissions). */
  async delete(id: number): Promise<boolean> {
    await this.db.deleteFrom('metric_verdicts').where('rule_id', '=', id).execute();
    const result = await this.db.deleteFrom('metric_rules').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async find(id: number): Promise<MetricRule | undefined> {
    const row = await this.db.selectFrom('metric_rules').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRule(row) : undefined;
  }

  async findByName(name: string): Promise<MetricRule | undefined> {
    const row = await this.db.selectFrom('metric_rules').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toRule(row) : undefined;
  }

  async list(options: { enabledOnly?: boolean } = {}): Promise<MetricRule[]> {
    if (options.enabledOnly) return (await ENABLED_RULES.execute(this.db)).rows.map(toRule);
    return (await this.db.selectFrom('metric_rules').selectAll().orderBy('id').execute()).map(toRule);
  }
}

function toRow(rule: NewMetricRule) {
  const { kind, ...settings } = rule.settings;
  return {
    name: rule.name,
    enabled: rule.enabled ? 1 : 0,
    filter_json: JSON.stringify(rule.filter),
    metric: rule.metric,
    stage: rule.stage,
    action: rule.action,
    kind,
    settings_json: JSON.stringify(settings),
  };
}

function toRule(row: Selectable<MetricRulesTable>): MetricRule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    filter: JSON.parse(row.filter_json) as SequenceFilter,
    metric: row.metric,
    stage: row.stage,
    action: row.action as MetricRuleAction,
    settings: { ...(JSON.parse(row.settings_json) as object), kind: row.kind } as MetricRuleSettings,
    createdOn: Number(row.created_on),
    updatedOn: Number(row.updated_on),
  };
}
