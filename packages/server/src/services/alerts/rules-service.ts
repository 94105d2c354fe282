import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { AlertRule } from '../../domain/alerts/rule.js';
import { conflict, notFound } from '../../errors.js';
import type { RuleBodyInput } from '../../schemas/alerts-rules.js';
import { ChannelAdminRepository } from '../../storage/repositories/alerts/channel-admin.js';
import { AlertRuleRepository, type NewAlertRule } from '../../storage/repositories/alerts/rules.js';
import type { Database } from '../../storage/schema.js';
import { isUniqueViolation } from '../../storage/unique-violation.js';
import { iso } from '../../wire/instants.js';
import { InputError } from '../../wire/input-error.js';
import { readRuleInput } from './rule-input.js';

/** Alert rules for the admin API. The engine reads rules at each pass, so a change applies from its next pass. */
export class AlertRuleService {
  constructor(private readonly ctx: AppContext) {}

  async list(): Promise<RuleView[]> {
    return this.#views(this.ctx.db, await new AlertRuleRepository(this.ctx.db).list());
  }

  async get(ruleId: number): Promise<RuleView> {
    return (await this.#views(this.ctx.db, [await this.#stored(this.ctx.db, ruleId)]))[0]!;
  }

  async create(trx: Kysely<Database>, body: RuleBodyInput): Promise<RuleView> {
    const rule = await this.#checked(trx, body);
    const created = await this.#unique(rule.name, () => new AlertRuleRepository(trx).insert(rule, this.ctx.now()));
    // The engine looks at once at the slots already in a state the new rule watches.
    await this.ctx.changes.publish(trx, { topic: 'schedules' });
    // Read back, so the answer is what a GET shows (channel ids in id order).
    return (await this.#views(trx, [await this.#stored(trx, created.id)]))[0]!;
  }

  /** Replaces a rule: what the body leaves out gets its default, as on create. */
  async update(trx: Kysely<Database>, ruleId: number, body: RuleBodyInput): Promise<RuleView> {
    await this.#stored(trx, ruleId);
    const rule = await this.#checked(trx, body, ruleId);
    await this.#unique(rule.name, () => new AlertRuleRepository(trx).update(ruleId, rule, this.ctx.now()));
    await this.ctx.changes.publish(trx, { topic: 'schedules' });
    return (await this.#views(trx, [await this.#stored(trx, ruleId)]))[0]!;
  }

  /** Deletes a rule, and with it its alerts and their notifications (to keep them, disable the rule instead). */
  async delete(trx: Kysely<Database>, ruleId: number): Promise<void> {
    if (!(await new AlertRuleRepository(trx).delete(ruleId))) throw notFound(`No alert rule with id ${ruleId}`);
  }

  async #checked(db: Kysely<Database>, body: RuleBodyInput, ruleId?: number): Promise<NewAlertRule> {
    const channelIds = body.channelIds ?? [];
    const summaries = await new ChannelAdminRepository(db).summaries(channelIds);
    const missing = channelIds.flatMap((id, index) => (summaries.has(id) ? [] : [{ field: `channelIds[${index}]`, message: `no alert channel has id ${id}` }]));
    let rule: NewAlertRule;
    try {
      rule = readRuleInput(body);
    } catch (error) {
      // One answer names every bad field, the missing channels among them.
      if (error instanceof InputError) throw new InputError([...error.problems, ...missing]);
      throw error;
    }
    if (missing.length > 0) throw new InputError(missing);
    const existing = await new AlertRuleRepository(db).findByName(rule.name);
    if (existing && existing.id !== ruleId) throw duplicateName(rule.name, existing.id);
    return rule;
  }

  async #stored(db: Kysely<Database>, ruleId: number): Promise<AlertRule> {
    const rule = await new AlertRuleRepository(db).find(ruleId);
    if (!rule) throw notFound(`No alert rule with id ${ruleId}`);
    return rule;
  }

  async #unique<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(name);
      throw error;
    }
  }

  async #views(db: Kysely<Database>, rules: readonly AlertRule[]): Promise<RuleView[]> {
    const summaries = await new ChannelAdminRepository(db).summaries([...new Set(rules.flatMap((rule) => rule.channelIds))]);
    return rules.map((rule) => ({
      ruleId: rule.id,
      name: rule.name,
      enabled: rule.enabled,
      filter: rule.filter,
      events: rule.events,
      graceSeconds: rule.graceSeconds,
      reminderSeconds: rule.reminderSeconds,
      mute: rule.mute,
      channelIds: rule.channelIds,
      channels: rule.channelIds.flatMap((id) => {
        const summary = summaries.get(id);
        return summary ? [{ channelId: id, name: summary.name, type: summary.type }] : [];
      }),
      createdOn: iso(rule.createdOn),
      updatedOn: iso(rule.updatedOn),
    }));
  }
}

export interface RuleView {
  ruleId: number;
  name: string;
  enabled: boolean;
  filter: AlertRule['filter'];
  events: string[];
  graceSeconds: number;
  reminderSeconds: number | null;
  mute: AlertRule['mute'];
  channelIds: number[];
  channels: Array<{ channelId: number; name: string; type: string }>;
  createdOn: string;
  updatedOn: string;
}

function duplicateName(name: string, existingId?: number) {
  return conflict(`An alert rule named ${JSON.stringify(name)} already exists${existingId === undefined ? '' : ` (id ${existingId})`}; rule names are unique`, {
    errors: [{ field: 'name', message: 'is taken by another rule' }],
  });
}
