import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { MetricRule } from '../../domain/metric-rules/rule.js';
import { conflict, notFound } from '../../errors.js';
import type { MetricRuleBodyInput } from '../../schemas/metric-rules.js';
import { MetricRuleRepository } from '../../storage/repositories/metric-rules.js';
import type { Database } from '../../storage/schema.js';
import { isUniqueViolation } from '../../storage/unique-violation.js';
import { readMetricRuleInput } from './rule-input.js';
import { toMetricRuleView, type MetricRuleView } from './views.js';

/** Metric rules for the admin API. Evaluation reads the enabled rules at each completion, so a change applies to the next one. */
export class MetricRuleService {
  constructor(private readonly ctx: AppContext) {}

  async list(): Promise<MetricRuleView[]> {
    return (await new MetricRuleRepository(this.ctx.db).list()).map(toMetricRuleView);
  }

  async get(ruleId: number): Promise<MetricRuleView> {
    return toMetricRuleView(await storedMetricRule(this.ctx.db, ruleId));
  }

  async create(trx: Kysely<Database>, body: MetricRuleBodyInput): Promise<MetricRuleView> {
    const rule = readMetricRuleInput(body);
    await this.#nameFree(trx, rule.name);
    return toMetricRuleView(await this.#unique(rule.name, () => new MetricRuleRepository(trx).insert(rule, this.ctx.now())));
  }

  /** Replaces a rule: what the body leaves out gets its default, as on create. Verdicts already recorded stay. */
  async update(trx: Kysely<Database>, ruleId: number, body: MetricRuleBodyInput): Promise<MetricRuleView> {
    await storedMetricRule(trx, ruleId);
    const rule = readMetricRuleInput(body);
    await this.#nameFree(trx, rule.name, ruleId);
    await this.#unique(rule.name, () => new MetricRuleRepository(trx).update(ruleId, rule, this.ctx.now()));
    return toMetricRuleView(await storedMetricRule(trx, ruleId));
  }

  /** Deletes a rule and its verdicts; the quality checks it recorded stay on their submissions. */
  async delete(trx: Kysely<Database>, ruleId: number): Promise<void> {
    if (!(await new MetricRuleRepository(trx).delete(ruleId))) throw notFound(`No metric rule with id ${ruleId}`);
  }

  async #nameFree(db: Kysely<Database>, name: string, ruleId?: number): Promise<void> {
    const existing = await new MetricRuleRepository(db).findByName(name);
    if (existing && existing.id !== ruleId) throw duplicateName(name, existing.id);
  }

  async #unique<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(name);
      throw error;
    }
  }
}

export async function storedMetricRule(db: Kysely<Database>, ruleId: number): Promise<MetricRule> {
  const rule = await new MetricRuleRepository(db).find(ruleId);
  if (!rule) throw notFound(`No metric rule with id ${ruleId}`);
  return rule;
}

function duplicateName(name: string, existingId?: number) {
  return conflict(`A metric rule named ${JSON.stringify(name)} already exists${existingId === undefined ? '' : ` (id ${existingId})`}; rule names are unique`, {
    errors: [{ field: 'name', message: 'is taken by another rule' }],
  });
}
