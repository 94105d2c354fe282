import { addDays, compareDates, isValidDate } from '../../domain/schedule/index.js';

/**
 * How far back a schedule's slots are created ahead of need. Without a bound, a schedule that
 * started decades ago would make the next overview write a slot for every day since; before the
 * window a slot is created only when its date is looked up.
 */
export const DEFAULT_MATERIALIZE_DAYS = 400;
/** About 270 years: further back than any start date a schedule may have. */
export const MAX_MATERIALIZE_DAYS = 100_000;

/**
 * How far ahead a looked-up date may get its slot. Beyond it a tag is a 404: a slot years ahead
 * has no use, and counting the slots between it and today (slotDifference) would have to write
 * every expected date in between.
 */
export const MAX_DAYS_AHEAD = 400;

/** The first local date the window covers: `days` before `today`. */
export function materializeWindowStart(today: string, days: number): string {
  const start = addDays(today, -days);
  return isValidDate(start) ? start : '0001-01-01';
}

/** Whether a looked-up date is further ahead of `today` than a slot is made for. */
export function isTooFarAhead(date: string, today: string): boolean {
  return compareDates(date, addDays(today, MAX_DAYS_AHEAD)) > 0;
}
