export type { Cadence, DayOfWeek, DeliverySchedule, FieldError } from './types.js';
export { EARLIEST_SCHEDULE_DATE, LATEST_SCHEDULE_DATE, parseDeliverySchedule, type ParseScheduleResult } from './parse.js';
export { normalizeSchedule, schedulesEqual } from './normalize.js';
export {
  DAYS_OF_WEEK,
  addDays,
  compareDates,
  dayOfWeek,
  daysInMonth,
  isLeapYear,
  isValidDate,
  parseDate,
  formatDate,
  fromEpochDay,
  toEpochDay,
  type CalendarDate,
} from './dates.js';
export { canonicalTimeZone } from './time-zone.js';
export { instantToLocalDate, isValidTimeOfDay, zonedDateTimeToInstant } from './zoned-time.js';
export {
  expectedByInstant,
  expectedDatesBetween,
  isExpectedOn,
  latestDueDate,
  latestExpectedDateOnOrBefore,
  nextExpectedDateAfter,
} from './expected.js';
