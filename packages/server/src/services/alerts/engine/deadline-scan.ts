import type { AppContext } from '../../../context.js';
import { EngineStateRepository } from '../../../storage/repositories/alerts/engine-state.js';
import { SlotHealthRepository } from '../../../storage/repositories/alerts/health.js';
import { recordSlotHealth } from '../slot-health.js';

export const DEADLINE_WATERMARK = 'deadline_scanned_through';
const CHUNK = 500;

/**
 * Records Overdue for every slot whose deadline passed since the last scan without a delivery.
 * The watermark is kept in the database, so after a restart the deadlines missed while the
 * server was down are caught up once; on the very first start the watermark is set to now, so
 * the history of an existing database raises no alerts. Recording is a guarded transition from
 * Pending, so a scan repeated by another instance records nothing twice.
 */
export async function scanDeadlines(ctx: AppContext, now: number): Promise<number> {
  const state = new EngineStateRepository(ctx.db);
  const stored = await state.get(DEADLINE_WATERMARK);
  if (stored === undefined) {
    await state.set(DEADLINE_WATERMARK, String(now), now);
    return 0;
  }
  const after = Number(stored);
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
  await state.set(DEADLINE_WATERMARK, String(Math.max(after, now)), now);
  return recorded;
}
