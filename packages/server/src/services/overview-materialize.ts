import type { AppContext } from '../context.js';
import { addDays, instantToLocalDate } from '../domain/schedule/index.js';
import { SlotSequenceRepository } from '../storage/repositories/slot-sequences.js';
import { SlotMaterializer } from './slot-materializer.js';

/**
 * Before an overview counts slots, every active scheduled sequence gets its slots up to today (in
 * its schedule's time zone). Only sequences that may be behind are read: no zone's today is later
 * than the UTC date plus one day, so those materialised that far are skipped in SQL.
 */
export async function materializeOverdueSequences(ctx: AppContext): Promise<void> {
  const latestToday = addDays(instantToLocalDate(ctx.now(), 'UTC'), 1);
  const behind = await new SlotSequenceRepository(ctx.db).findActiveScheduledBefore(latestToday);
  const materializer = new SlotMaterializer(ctx.db, ctx.now);
  for (const sequence of behind) await materializer.materializeToToday(sequence);
}
