import type { AppContext } from '../../../context.js';
import { EngineStateRepository } from '../../../storage/repositories/alerts/engine-state.js';
import { SlotHealthRepository } from '../../../storage/repositories/alerts/health.js';
import { recordSlotHealth } from '../slot-health.js';

export const DEADLINE_WATERMARK = 'deadline_scanned_through';
/**
 * How far back every scan looks, whatever the watermark says: a slot can appear after its deadline
 * (a schedule imported or materialised late in the day) and is still Overdue today.
 */
export const DEADLINE_LOOKBACK_MS = 48 * 60 * 60 * 1000;
const CHUNK = 500;

/**
 * Records Overdue for every slot whose deadline passed without a delivery and that is still
 * Pending: deadlines since the last scan (kept in the database, so deadlines missed while the
 * server was down are caught up after a restart, however long it was down) and, in any case, of
 * the last 48 hours. Older history raises nothing, so a first start on an existing database does
 * not flood anyone. Recording is a guarded transition from Pending, so a scan repeated by another
 * instance, or overlapping the last one, records nothing twice.
 */
export async function scanDeadlines(ctx: AppContext, now: number): Promise<number> {
  const state = new EngineStateRepository(ctx.db);
  const stored = await state.get(DEADLINE_WATERMARK);
  const after = Math.min(stored === undefined ? now : Number(stored), now - DEADLINE_LOOKBACK_MS);
  let recorded = 0;
  for (;;) {
    const due = await new SlotHealthRepository(ctx.db).pendingDeadlines(after, now, CHUNK);
    let moved = 0;
    await ctx.db.transaction().execute(async (trx) => {
      for (const slot of due) if (await recordSlotHealth({ ...ctx, now: () => now }, trx, slot.slotId, slot.expectedBy)) moved++;
    });
    recorded += moved;
    // Every candidate leaves the Pending set (here, or by another instance's guarded update); a
    // full chunk that moved none would repeat itself, so it ends the scan.
    if (due.length < CHUNK || moved === 0) break;
  }
  await state.set(DEADLINE_WATERMARK, String(now), now);
  return recorded;
}
