import {
  addDays,
  dayOfWeek,
  dayOfWeekOfEpochDay,
  daysInMonth,
  formatDate,
  fromEpochDay,
  isValidDate,
  parseDate,
  toEpochDay,
} from './dates.js';
import type { DayOfWeek, DeliverySchedule } from './types.js';
import { instantToLocalDate, zonedDateTimeToInstant } from './zoned-time.js';

/**
 * Which dates a delivery schedule expects (its slots) and when each is due.
 * An inactive schedule expects nothing. Date arguments must be valid
 * 'YYYY-MM-DD' strings; anything else throws RangeError.
 */

export function isExpectedOn(schedule: DeliverySchedule, date: string): boolean {
  parseDate(date);
  return schedule.isActive && withinBounds(schedule, date) && matchesCadence(schedule, date);
}

/** When the slot for `date` is due: `expectedBy` local time on that date. Does not check the date is expected. */
export function expectedByInstant(schedule: DeliverySchedule, date: string): number {
  return zonedDateTimeToInstant(date, schedule.expectedBy, schedule.timeZone);
}

/** Expected dates from `fromDate` to `toDate` inclusive, in order, clipped to startDate/endDate. */
export function expectedDatesBetween(schedule: DeliverySchedule, fromDate: string, toDate: string): string[] {
  parseDate(fromDate);
  parseDate(toDate);
  if (!schedule.isActive) return [];
  const lo = fromDate > schedule.startDate ? fromDate : schedule.startDate;
  const hi = schedule.endDate && schedule.endDate < toDate ? schedule.endDate : toDate;
  if (lo > hi) return [];
  return schedule.cadence === 'monthly' ? monthlyDatesBetween(schedule, lo, hi) : dayByDayBetween(schedule, lo, hi);
}

export function latestExpectedDateOnOrBefore(schedule: DeliverySchedule, date: string): string | undefined {
  parseDate(date);
  if (!schedule.isActive) return undefined;
  const from = schedule.endDate && schedule.endDate < date ? schedule.endDate : date;
  if (from < schedule.startDate) return undefined;
  const found = schedule.cadence === 'monthly' ? monthlyNear(schedule, from, -1) : scanWeek(schedule, from, -1);
  return found !== undefined && found >= schedule.startDate ? found : undefined;
}

export function nextExpectedDateAfter(schedule: DeliverySchedule, date: string): string | undefined {
  parseDate(date);
  if (!schedule.isActive) return undefined;
  const dayAfter = addDays(date, 1);
  // After 9999-12-31 there is nothing (and '10000-01-01' would mis-sort as a string).
  if (!isValidDate(dayAfter)) return undefined;
  const from = dayAfter > schedule.startDate ? dayAfter : schedule.startDate;
  if (schedule.endDate && from > schedule.endDate) return undefined;
  const found = schedule.cadence === 'monthly' ? monthlyNear(schedule, from, 1) : scanWeek(schedule, from, 1);
  // A scan near 9999-12-31 can run into year 10000.
  if (found === undefined || !isValidDate(found)) return undefined;
  return schedule.endDate && found > schedule.endDate ? undefined : found;
}

/** The latest expected date whose expectedBy instant is at or before `nowMs`, if any. */
export function latestDueDate(schedule: DeliverySchedule, nowMs: number): string | undefined {
  // Slots after today's local date are due after now, so start from today
  // and step back while the candidate's expectedBy is still in the future.
  let candidate = latestExpectedDateOnOrBefore(schedule, instantToLocalDate(nowMs, schedule.timeZone));
  while (candidate !== undefined && expectedByInstant(schedule, candidate) > nowMs) {
    const dayBefore = addDays(candidate, -1);
    candidate = isValidDate(dayBefore) ? latestExpectedDateOnOrBefore(schedule, dayBefore) : undefined;
  }
  return candidate;
}

function withinBounds(schedule: DeliverySchedule, date: string): boolean {
  return date >= schedule.startDate && (!schedule.endDate || date <= schedule.endDate);
}

function matchesCadence(schedule: DeliverySchedule, date: string): boolean {
  if (schedule.cadence === 'monthly') {
    const { year, month, day } = parseDate(date);
    return day === monthlyDay(schedule, year, month);
  }
  return matchesDay(schedule, dayOfWeek(date));
}

/** Day-of-week test for the non-monthly cadences. */
function matchesDay(schedule: DeliverySchedule, day: DayOfWeek): boolean {
  switch (schedule.cadence) {
    case 'daily':
      return true;
    case 'weekdays':
      return day !== 'Sat' && day !== 'Sun';
    case 'weekly':
      return schedule.daysOfWeek?.includes(day) ?? false;
    case 'monthly':
      return false;
  }
}

/** The expected day in a month; days past the month's end (and -1) mean its last day. */
function monthlyDay(schedule: DeliverySchedule, year: number, month: number): number | undefined {
  const wanted = schedule.dayOfMonth;
  if (wanted === undefined) return undefined;
  const last = daysInMonth(year, month);
  return wanted === -1 ? last : Math.min(wanted, last);
}

/** Non-monthly cadences: at least one day in seven matches, so a day loop costs at most 7x the output. */
function dayByDayBetween(schedule: DeliverySchedule, lo: string, hi: string): string[] {
  const dates: string[] = [];
  const last = toEpochDay(hi);
  for (let day = toEpochDay(lo); day <= last; day++) {
    if (matchesDay(schedule, dayOfWeekOfEpochDay(day))) dates.push(fromEpochDay(day));
  }
  return dates;
}

/** Monthly: one candidate per month, so long ranges cost one step per month, not per day. */
function monthlyDatesBetween(schedule: DeliverySchedule, lo: string, hi: string): string[] {
  const dates: string[] = [];
  let { year, month } = parseDate(lo);
  const end = parseDate(hi);
  while (year < end.year || (year === end.year && month <= end.month)) {
    const day = monthlyDay(schedule, year, month);
    const date = day === undefined ? undefined : formatDate(year, month, day);
    if (date !== undefined && date >= lo && date <= hi) dates.push(date);
    [year, month] = shiftMonth(year, month, 1);
  }
  return dates;
}

/** First date matching the cadence scanning from `date` in `step` direction; a week covers every weekday. */
function scanWeek(schedule: DeliverySchedule, date: string, step: 1 | -1): string | undefined {
  const start = toEpochDay(date);
  for (let i = 0; i < 7; i++) {
    const day = start + i * step;
    if (matchesDay(schedule, dayOfWeekOfEpochDay(day))) return fromEpochDay(day);
  }
  return undefined;
}

/** The monthly date nearest `date` in `step` direction (inclusive): this month's or the adjacent month's. */
function monthlyNear(schedule: DeliverySchedule, date: string, step: 1 | -1): string | undefined {
  const { year, month } = parseDate(date);
  const thisDay = monthlyDay(schedule, year, month);
  if (thisDay === undefined) return undefined;
  const thisMonth = formatDate(year, month, thisDay);
  if (step === -1 ? thisMonth <= date : thisMonth >= date) return thisMonth;
  const [y, m] = shiftMonth(year, month, step);
  return formatDate(y, m, monthlyDay(schedule, y, m) ?? 1);
}

function shiftMonth(year: number, month: number, delta: 1 | -1): [number, number] {
  const index = year * 12 + (month - 1) + delta;
  return [Math.floor(index / 12), (index % 12) + 1];
}
