import { activeSchedule, type SlotSequence } from '../../domain/slot-sequence.js';
import { expectedByInstant, isExpectedOn, latestDueDate, nextExpectedDateAfter } from '../../domain/schedule/index.js';

export interface UpcomingSlot {
  /** The expected date, which is also the slot's tag. */
  tag: string;
  /** When it is due, epoch ms. */
  expectedBy: number;
}

/**
 * The next slot the active schedule expects whose expectedBy is after `now`; computed, never
 * stored. None for an archived sequence, an unscheduled one, or a schedule that has ended.
 */
export function upcomingSlot(sequence: Pick<SlotSequence, 'isActive' | 'delivery'>, now: number): UpcomingSlot | undefined {
  const schedule = activeSchedule(sequence);
  if (!sequence.isActive || !schedule) return undefined;
  // expectedBy is the same local time on every date, so it grows with the date: the next date
  // after the latest one already due is the first one still to come.
  const due = latestDueDate(schedule, now);
  const tag = due !== undefined
    ? nextExpectedDateAfter(schedule, due)
    : isExpectedOn(schedule, schedule.startDate) ? schedule.startDate : nextExpectedDateAfter(schedule, schedule.startDate);
  return tag === undefined ? undefined : { tag, expectedBy: expectedByInstant(schedule, tag) };
}
