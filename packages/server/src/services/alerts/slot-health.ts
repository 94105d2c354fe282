import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { slotHealth } from '../../domain/slot-health.js';
import { type HealthMove, SlotHealthRepository, type SlotTransition } from '../../storage/repositories/alerts/health.js';
import type { Change } from '../../storage/change-feed.js';
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
  return (await recordSlotHealthMany(ctx, trx, [{ slotId, occurredOn }]))[0];
}

/**
 * `recordSlotHealth` for several slots at once (the deadline scan's chunks): their inputs in one
 * read, the transitions in a few multi-row statements, one change-feed message for them all.
 * A slot listed twice is derived once (at its first `occurredOn`).
 */
export async function recordSlotHealthMany(ctx: Pick<AppContext, 'now' | 'changes'>, trx: Kysely<Database>, slots: ReadonlyArray<{ slotId: number; occurredOn: number }>): Promise<SlotTransition[]> {
  const health = new SlotHealthRepository(trx);
  const inputs = await health.inputsOf(slots.map((slot) => slot.slotId));
  const now = ctx.now();
  const moves: HealthMove[] = [];
  const seen = new Set<number>();
  // Slots written to whose health stays as it was: the gate still re-reads them (a completion after a failed check).
  const unchanged: number[] = [];
  for (const { slotId, occurredOn } of slots) {
    const input = inputs.get(slotId);
    if (!input || seen.has(slotId)) continue;
    seen.add(slotId);
    const next = slotHealth(input, now);
    if (next === input.recorded) {
      unchanged.push(slotId);
      continue;
    }
    moves.push({ slotId, from: input.recorded, to: next, occurredOn: next === 'Overdue' && input.expectedBy !== null ? input.expectedBy : occurredOn });
  }
  const transitions = await health.transitionMany(moves, now);
  const moved = new Set(transitions.map((transition) => transition.slotId));
  // A move another writer made first (the guard took nothing) is a write here, not a health change.
  const written = [...unchanged, ...moves.filter((move) => !moved.has(move.slotId)).map((move) => move.slotId)];
  await ctx.changes.publishMany(trx, [
    ...transitions.map((transition): Change => ({ topic: 'slot', slotId: transition.slotId })),
    ...written.map((slotId): Change => ({ topic: 'slotWrite', slotId })),
  ]);
  return transitions;
}
