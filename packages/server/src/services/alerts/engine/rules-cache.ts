import type { Kysely } from 'kysely';
import type { AlertRule } from '../../../domain/alerts/rule.js';
import { AlertRuleRepository } from '../../../storage/repositories/alerts/rules.js';
import type { Database } from '../../../storage/schema.js';

/** The rules, read once per engine pass (they are few; an edit shows at the next pass). */
export class RuleSet {
  private constructor(private readonly byId: Map<number, AlertRule>) {}

  static async load(db: Kysely<Database>): Promise<RuleSet> {
    const rules = await new AlertRuleRepository(db).list();
    return new RuleSet(new Map(rules.map((rule) => [rule.id, rule])));
  }

  get(id: number): AlertRule | undefined {
    return this.byId.get(id);
  }

  enabled(): AlertRule[] {
    return [...this.byId.values()].filter((rule) => rule.enabled);
  }
}
