import type { AppContext } from '../../../context.js';
import { alertKindOf } from '../../../domain/alerts/kinds.js';
import { matchesSequence, type AlertRule } from '../../../domain/alerts/rule.js';
import { SLOT_HEALTH_STATES, healthClass, type SlotHealth } from '../../../domain/slot-health.js';
import { SlotHealthRepository } from '../../../storage/repositories/alerts/health.js';
import { AlertRuleRepository } from '../../../storage/repositories/alerts/rules.js';
import { SlotFactsRepository } from '../../../storage/repositories/alerts/slot-facts.js';
import type { AlertLifecycle } from './alert-lifecycle.js';
import type { RuleSet } from './rules-cache.js';

const CHUNK = 500;

/**
 * A rule applies to changes from its creation on, and also to the slots that were already in a
 * bad state it watches when it was created or changed, if that state began within `windowMs`:
 * those open alerts as if the change had just been seen (an open problem of last night is worth an
 * alert; one of last year is not). Each rule is looked at once per creation or change.
 */
export async function backfillRules(ctx: AppContext, rules: RuleSet, lifecycle: AlertLifecycle, now: number, windowMs: number): Promise<void> {
  const repository = new AlertRuleRepository(ctx.db);
  for (const ruleId of await repository.notYetEvaluated()) {
    const rule = rules.get(ruleId);
    if (!rule || !rule.enabled) continue;
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await new AlertRuleRepository(trx).markEvaluated(rule.id, rule.updatedOn, now))) return;
      await openForSlotsAlreadyBad(trx, rule, lifecycle, now, now - windowMs);
    });
  }
}

async function openForSlotsAlreadyBad(trx: AppContext['db'], rule: AlertRule, lifecycle: AlertLifecycle, now: number, since: number): Promise<void> {
  if (rule.events.includes('overdue')) await openForMissedDeadlines(trx, rule, lifecycle, now, since);
  const watched = SLOT_HEALTH_STATES.filter((state): state is SlotHealth => healthClass(state) === 'bad' && rule.events.includes(alertKindOf(state)!));
  const health = new SlotHealthRepository(trx);
  const facts = new SlotFactsRepository(trx);
  let from = since;
  let seen = new Set<number>();
  for (;;) {
    const slots = (await health.inStatesSince(watched, from, CHUNK)).filter((slot) => !seen.has(slot.slotId));
    if (slots.length === 0) return;
    for (const slot of slots) {
      const loaded = await facts.load(slot.slotId);
      if (!loaded || !matchesSequence(rule.filter, { name: loaded.name, type: loaded.sequenceType, cadence: loaded.cadence })) continue;
      await lifecycle.onTransition(trx, rule, { id: 0, slotId: slot.slotId, from: 'Pending', to: slot.state, occurredOn: slot.since, recordedOn: now }, now);
    }
    // Pages by the change time; slots of the last page's time are remembered so none is done twice.
    const last = slots[slots.length - 1]!.since;
    seen = new Set(slots.filter((slot) => slot.since === last).map((slot) => slot.slotId));
    if (slots.length < CHUNK) return;
    from = last;
  }
}

/**
 * Slots whose deadline passed in the window without a delivery and whose health was never recorded
 * (the deadline scan looks back 48 hours; older misses stay Pending): overdue all the same.
 */
async function openForMissedDeadlines(trx: AppContext['db'], rule: AlertRule, lifecycle: AlertLifecycle, now: number, since: number): Promise<void> {
  const health = new SlotHealthRepository(trx);
  const facts = new SlotFactsRepository(trx);
  let after = since;
  let done = new Set<number>();
  for (;;) {
    const missed = (await health.pendingDeadlines(after - 1, now, CHUNK)).filter((slot) => !done.has(slot.slotId));
    if (missed.length === 0) return;
    for (const slot of missed) {
      const loaded = await facts.load(slot.slotId);
      if (!loaded || !matchesSequence(rule.filter, { name: loaded.name, type: loaded.sequenceType, cadence: loaded.cadence })) continue;
      await lifecycle.onTransition(trx, rule, { id: 0, slotId: slot.slotId, from: 'Pending', to: 'Overdue', occurredOn: slot.expectedBy, recordedOn: now }, now);
    }
    const last = missed[missed.length - 1]!.expectedBy;
    done = new Set(missed.filter((slot) => slot.expectedBy === last).map((slot) => slot.slotId));
    if (missed.length < CHUNK) return;
    after = last;
  }
}
