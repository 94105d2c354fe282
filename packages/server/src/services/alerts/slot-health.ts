import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { slotHealth } from '../../domain/slot-health.js';
import { SlotHealthRepository, type SlotTransition } from '../../storage/repositories/alerts/health.js';
import type { Database } from '../../storage/schema.js';

/**
 * Re-derives a slot's health after a write changed it (a status event, quality results, a new
 * submission) and, when it changed, records the transition in the same transaction `trx`, so a
 * change is logged exactly once and only if the write commits; the deadline engine and any waiter
 * are woken after the commit. A write that leaves the health as it was still wakes the gate's
 * waiters (`slotWrite`): their verdict may change without the health (a completion after a failed
 * check), and the engine does not listen to it. `occurredOn` is when the write's event happened (an Overdue found
 * here dates from the slot's deadline instead).
 */
export async function recordSlotHealth(ctx: Pick<AppContext, 'now' | 'changes'>, trx: Kysely<Database>, slotId: number, occurredOn: number): Promise<SlotTransition | undefined> {
  const health = new SlotHealthRepository(trx);
  const input = await health.inputOf(slotId);
  if (!input) return undefined;
  const next = slotHealth(input, ctx.now());
  if (next === input.recorded) {
    await ctx.changes.publish(trx, { topic: 'slotWrite', slotId });
    return undefined;
  }
  const at = next === 'Overdue' && input.expectedBy !== null ? input.expectedBy : occurredOn;
  const transition = await health.transition(slotId, input.recorded, next, at, ctx.now());
  await ctx.changes.publish(trx, transition ? { topic: 'slot', slotId } : { topic: 'slotWrite', slotId });
  return transition;
}
