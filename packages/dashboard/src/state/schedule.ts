import type { DeliverySchedule } from '../api/types';

/** The schedule in force (at most one is active); undefined for an unscheduled sequence. */
export function activeSchedule(delivery: readonly DeliverySchedule[] | undefined): DeliverySchedule | undefined {
  return delivery?.find((schedule) => schedule.isActive);
}

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  switch (day % 10) {
    case 1:
      return `${day}st`;
    case 2:
      return `${day}nd`;
    case 3:
      return `${day}rd`;
    default:
      return `${day}th`;
  }
}

/** When deliveries are expected, in words: "Every weekday (Mon–Fri) by 09:00". */
export function describeCadence(schedule: DeliverySchedule): string {
  switch (schedule.cadence) {
    case 'daily':
      return `Every day by ${schedule.expectedBy}`;
    case 'weekdays':
      return `Every weekday (Mon–Fri) by ${schedule.expectedBy}`;
    case 'weekly':
      return `Every ${(schedule.daysOfWeek ?? []).join(', ') || 'week'} by ${schedule.expectedBy}`;
    case 'monthly': {
      const day = schedule.dayOfMonth;
      const which = day === -1 ? 'the last day' : day !== undefined ? `the ${ordinal(day)}` : 'a day';
      return `Monthly on ${which} by ${schedule.expectedBy}`;
    }
    default:
      return `${String(schedule.cadence)} by ${schedule.expectedBy}`;
  }
}

/** The dates a schedule covers: "from 2026-01-01" or "2026-01-01 to 2026-12-31". */
export function describeSpan(schedule: DeliverySchedule): string {
  return schedule.endDate ? `${schedule.startDate} to ${schedule.endDate}` : `from ${schedule.startDate}`;
}
