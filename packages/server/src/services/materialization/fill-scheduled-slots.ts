import type { AppContext } from '../../context.js';
import { activeSchedule, type SlotSequence } from '../../domain/slot-sequence.js';
import { instantToLocalDate } from '../../domain/schedule/index.js';
import { SlotMaterializer } from './slot-materializer.js';

/**
 * Makes every slot the active schedule expects exist on the local dates from `fromTime` to
 * `throughTime` (slot times, epoch ms), as well as the window up to today, so that counting the
 * slots between two slot times counts every expected date, even before the materialisation
 * window. Idempotent; the work grows with the distance between the two, never with the schedule's age.
 */
export async function fillScheduledSlots(ctx: AppContext, sequence: SlotSequence, fromTime: number, throughTime: number): Promise<void> {
  const schedule = activeSchedule(sequence);
  if (!schedule || !sequence.isActive) return;
  const materializer = new SlotMaterializer(ctx.db, ctx.now, ctx.materializeDays);
  await materializer.materializeToToday(sequence);
  await materializer.fillBetween(sequence.id, schedule, instantToLocalDate(fromTime, schedule.timeZone), instantToLocalDate(throughTime, schedule.timeZone));
}
