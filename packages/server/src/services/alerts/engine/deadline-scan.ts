import type { AppContext } from '../../../context.js';
import { EngineStateRepository } from '../../../storage/repositories/alerts/engine-state.js';
import { SlotHealthRepository } from '../../../storage/repositories/alerts/health.js';
import { recordSlotHealthMany } from '../slot-health.js';

export const DEADLINE_WATERMARK = 'deadline_scanned_through';
/**
 * How far back every scan looks, whatever the watermark says: a slot can appear after its deadline
 * (a schedule imported or materialised late in the day) and is still Overdue today.
 */
export const DEADLINE_LOOKBACK_MS = 48 * 60 * 60 * 1000;
/**
 * Slots per chunk: the first small, so the first alerts of a burst of deadlines go out while the
 * rest is scanned; the next ones larger, since a chunk costs a few statements whatever its size.
 */
const FIRST_CHUNK = 50;
const CHUNK = 250;

/**
 * Records Overdue for every slot whose deadline passed without a delivery and that is still
 * Pending: deadlines since the last scan (kept in the database, so deadlines missed while the
 * server was down are caught up after a restart, however long it was down) and, in any case, of
 * the last 48 hours. Older history raises nothing, so a first start on an existing database does
 * not flood anyone. Recording is a guarded transition from Pending, so a scan repeated by another
 * instance, or overlapping the last one, records nothing twice. `afterChunk` runs after each chunk
 * that recorded something (the engine turns those transitions into alerts at once).
 */
export async function scanDeadlines(ctx: AppContext, now: number, afterChunk?: () => Promise<unknown>): Promise<number> {
  const state = new EngineStateRepository(ctx.db);
  const stored = await state.get(DEADLINE_WATERMARK);
  const after = Math.min(stored === undefined ? now : Number(stored), now - DEADLINE_LOOKBACK_MS);
  let recorded = 0;
  for (let size = FIRST_CHUNK; ; size = CHUNK) {
    const due = await new SlotHealthRepository(ctx.db).pendingDeadlines(after, now, size);
    // The chunk in one transaction of a few statements (its inputs read together, its
    // transitions written together): each statement is a round trip on PostgreSQL.
    const slots = due.map((slot) => ({ slotId: slot.slotId, occurredOn: slot.expectedBy }));
    const transitions = slots.length === 0 ? [] : await ctx.db.transaction().execute((trx) => recordSlotHealthMany({ ...ctx, now: () => now }, trx, slots));
    const moved = transitions.length;
    recorded += moved;
    if (moved > 0) await afterChunk?.();
    // Every candidate leaves the Pending set (here, or by another instance's guarded update); a
    // full chunk that moved none would repeat itself, so it ends the scan.
    if (due.length < size || moved === 0) break;
  }
  await state.set(DEADLINE_WATERMARK, String(now), now);
  return recorded;
}
