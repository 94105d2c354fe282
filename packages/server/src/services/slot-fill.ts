import type { AppContext } from '../context.js';
import { activeSchedule, type SlotSequence } from '../domain/slot-sequence.js';
import { addDays, compareDates, expectedByInstant, expectedDatesBetween, instantToLocalDate } from '../domain/schedule/index.js';
import { SlotRepository } from '../storage/repositories/slots.js';
import { SlotMaterializer } from './slot-materializer.js';

const BATCH = 500;

/**
 * Makes every slot the active schedule expects exist up to `through` (a date), or up to today
 * when that is later, so that counting slots counts every expected date. Idempotent.
 */
export async function fillScheduledSlots(ctx: AppContext, sequence: SlotSequence, through: string | undefined): Promise<void> {
  const schedule = activeSchedule(sequence);
  if (!schedule || !sequence.isActive) return;
  await new SlotMaterializer(ctx.db, ctx.now).materializeToToday(sequence);
  const today = instantToLocalDate(ctx.now(), schedule.timeZone);
  if (through === undefined || compareDates(through, today) <= 0) return;
  const dates = expectedDatesBetween(schedule, addDays(today, 1), through);
  const slots = new SlotRepository(ctx.db);
  for (let start = 0; start < dates.length; start += BATCH) {
    const batch = dates.slice(start, start + BATCH);
    await slots.insertScheduled(sequence.id, batch.map((tag) => ({ tag, expectedBy: expectedByInstant(schedule, tag) })), ctx.now());
  }
}
