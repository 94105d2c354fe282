import { DAYS_OF_WEEK } from './dates.js';
import { canonicalTimeZone } from './time-zone.js';
import type { DeliverySchedule } from './types.js';

/**
 * The canonical form of a schedule: fixed key order, only the fields its
 * cadence uses, days in Mon..Sun order without repeats, canonical zone casing
 * and an explicit `endDate: null`. parseDeliverySchedule always returns this
 * form and normalising it again changes nothing, so export -> import is a no-op.
 */
export function normalizeSchedule(schedule: DeliverySchedule): DeliverySchedule {
  const { cadence, daysOfWeek, dayOfMonth } = schedule;
  return {
    isActive: schedule.isActive,
    cadence,
    ...(cadence === 'weekly' ? { daysOfWeek: DAYS_OF_WEEK.filter((day) => daysOfWeek?.includes(day)) } : {}),
    ...(cadence === 'monthly' && dayOfMonth !== undefined ? { dayOfMonth } : {}),
    expectedBy: schedule.expectedBy,
    timeZone: canonicalTimeZone(schedule.timeZone) ?? schedule.timeZone,
    startDate: schedule.startDate,
    endDate: schedule.endDate ?? null,
  };
}

/** True when two schedules are the same once normalised (e.g. day order or zone casing may differ). */
export function schedulesEqual(a: DeliverySchedule, b: DeliverySchedule): boolean {
  // Normalised schedules have a fixed key order, so their JSON is comparable.
  return JSON.stringify(normalizeSchedule(a)) === JSON.stringify(normalizeSchedule(b));
}
