import type { AppContext } from '../../context.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { EventLoopPacer } from './event-loop-pacer.js';
import { SlotMaterializer } from './slot-materializer.js';

/**
 * Before an overview counts slots, every active scheduled sequence gets its slots up to today (in
 * its schedule's time zone), within the materialisation window. Only sequences that may be behind
 * are read: those whose next local day has begun (materialize_due_on), found by an index range, so
 * most overviews read none. One pacer spans every sequence, so many small ones yield as one large.
 */
export async function materializeOverdueSequences(ctx: AppContext): Promise<void> {
  const due = await new SlotSequenceRepository(ctx.db).findDueForMaterializing(ctx.now());
  const pacer = new EventLoopPacer();
  const materializer = new SlotMaterializer(ctx.db, ctx.now, ctx.materializeDays, pacer);
  for (const sequence of due) {
    await materializer.materializeDue(sequence);
    await pacer.breathe();
  }
}
