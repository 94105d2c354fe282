import { DAYS_OF_WEEK, isValidDate } from './dates.js';
import { normalizeSchedule } from './normalize.js';
import { canonicalTimeZone } from './time-zone.js';
import type { Cadence, DayOfWeek, DeliverySchedule, FieldError } from './types.js';
import { isValidTimeOfDay } from './zoned-time.js';

/**
 * Validates an untrusted delivery schedule (request body, import file).
 * Lenient only where humans vary (case of cadence and day names); everything
 * else is strict so a typo is reported rather than silently reinterpreted.
 */

export type ParseScheduleResult = { schedule: DeliverySchedule } | { errors: FieldError[] };

const FIELDS = ['isActive', 'cadence', 'daysOfWeek', 'dayOfMonth', 'expectedBy', 'timeZone', 'startDate', 'endDate'];
const CADENCES: readonly Cadence[] = ['daily', 'weekdays', 'weekly', 'monthly'];
const FULL_DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** 'mon' and 'monday' (any case) both name Mon. */
const DAY_NAMES = new Map<string, DayOfWeek>(
  DAYS_OF_WEEK.flatMap((day, i): [string, DayOfWeek][] => [
    [day.toLowerCase(), day],
    [FULL_DAY_NAMES[i] ?? day, day],
  ]),
);

const CADENCE_RULE = `one of ${CADENCES.map((c) => `'${c}'`).join(', ')}`;
const DAY_RULE = `a day of the week: ${DAYS_OF_WEEK.join(', ')} or its full name (any case)`;
const DAY_OF_MONTH_RULE = 'a whole number from 1 to 31, or -1 for the last day of the month';
const DATE_RULE = "a calendar date 'YYYY-MM-DD'";

/**
 * The dates a schedule may start or end on. Before 1900 is a typo (0001, 0202) rather than a
 * feed, and zone offsets there are mostly local mean time; 9999-12-31 is the last date the format has.
 */
export const EARLIEST_SCHEDULE_DATE = '1900-01-01';
export const LATEST_SCHEDULE_DATE = '9999-12-31';
const BOUNDS_RULE = `from ${EARLIEST_SCHEDULE_DATE} to ${LATEST_SCHEDULE_DATE}`;

export function parseDeliverySchedule(value: unknown, path = 'delivery'): ParseScheduleResult {
  if (!isPlainObject(value)) {
    return { errors: [{ field: path, message: `must be an object with fields ${FIELDS.join(', ')}; got ${describe(value)}` }] };
  }
  const errors: FieldError[] = [];
  const at = (field: string): string => `${path}.${field}`;
  const fail = (field: string, message: string): undefined => {
    errors.push({ field, message });
    return undefined;
  };

  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key)) fail(at(key), `is not a known field; allowed fields are ${FIELDS.join(', ')}`);
  }

  const isActive = value.isActive === undefined ? true : value.isActive;
  if (typeof isActive !== 'boolean') fail(at('isActive'), `must be true or false; got ${describe(isActive)}`);

  const cadence = parseCadence(value.cadence, at('cadence'), fail);

  // Cadence-specific fields: required for their cadence, rejected for others.
  // null counts as absent because clients commonly serialise unset fields as null.
  let daysOfWeek: DayOfWeek[] | undefined;
  if (cadence === 'weekly' || (cadence === undefined && value.daysOfWeek != null)) {
    daysOfWeek = parseDaysOfWeek(value.daysOfWeek, at('daysOfWeek'), fail);
  } else if (value.daysOfWeek != null) {
    fail(at('daysOfWeek'), `is only allowed when cadence is 'weekly' (cadence is '${cadence}')`);
  }
  let dayOfMonth: number | undefined;
  if (cadence === 'monthly' || (cadence === undefined && value.dayOfMonth != null)) {
    dayOfMonth = parseDayOfMonth(value.dayOfMonth, at('dayOfMonth'), fail);
  } else if (value.dayOfMonth != null) {
    fail(at('dayOfMonth'), `is only allowed when cadence is 'monthly' (cadence is '${cadence}')`);
  }

  const expectedBy = value.expectedBy;
  if (expectedBy === undefined) fail(at('expectedBy'), "is required: a local time 'HH:MM' (24-hour, 00:00 to 23:59)");
  else if (!isValidTimeOfDay(expectedBy)) {
    fail(at('expectedBy'), `must be a local time 'HH:MM' (24-hour, 00:00 to 23:59); got ${describe(expectedBy)}`);
  }

  const timeZone = parseTimeZone(value.timeZone, at('timeZone'), fail);

  const startDate = value.startDate;
  if (startDate === undefined) fail(at('startDate'), `is required: ${DATE_RULE}, the first date that can be expected`);
  else if (!isValidDate(startDate)) fail(at('startDate'), `must be ${DATE_RULE}; got ${describe(startDate)}`);
  else if (!withinScheduleBounds(startDate)) fail(at('startDate'), `must be a date ${BOUNDS_RULE}; got '${startDate}'`);

  const endDate = value.endDate ?? null;
  if (endDate !== null && !isValidDate(endDate)) {
    fail(at('endDate'), `must be ${DATE_RULE} or null for no end; got ${describe(endDate)}`);
  } else if (endDate !== null && !withinScheduleBounds(endDate)) {
    fail(at('endDate'), `must be a date ${BOUNDS_RULE}, or null for no end; got '${endDate}'`);
  } else if (endDate !== null && isValidDate(startDate) && endDate < startDate) {
    fail(at('endDate'), `must be on or after startDate (${startDate}); got '${endDate}'`);
  }

  if (
    errors.length > 0 ||
    typeof isActive !== 'boolean' ||
    cadence === undefined ||
    !isValidTimeOfDay(expectedBy) ||
    timeZone === undefined ||
    !isValidDate(startDate) ||
    !withinScheduleBounds(startDate) ||
    (endDate !== null && (!isValidDate(endDate) || !withinScheduleBounds(endDate)))
  ) {
    return { errors };
  }
  return {
    schedule: normalizeSchedule({
      isActive,
      cadence,
      ...(daysOfWeek ? { daysOfWeek } : {}),
      ...(dayOfMonth !== undefined ? { dayOfMonth } : {}),
      expectedBy,
      timeZone,
      startDate,
      endDate,
    }),
  };
}

type Fail = (field: string, message: string) => undefined;

/** Valid dates are fixed-width, so they compare as strings. */
function withinScheduleBounds(date: string): boolean {
  return date >= EARLIEST_SCHEDULE_DATE && date <= LATEST_SCHEDULE_DATE;
}

function parseCadence(value: unknown, field: string, fail: Fail): Cadence | undefined {
  if (value === undefined) return fail(field, `is required: ${CADENCE_RULE}`);
  const cadence = typeof value === 'string' ? CADENCES.find((c) => c === value.toLowerCase()) : undefined;
  return cadence ?? fail(field, `must be ${CADENCE_RULE}; got ${describe(value)}`);
}

function parseDaysOfWeek(value: unknown, field: string, fail: Fail): DayOfWeek[] | undefined {
  if (value == null) return fail(field, "is required when cadence is 'weekly': a non-empty list of days, e.g. ['Mon', 'Thu']");
  if (!Array.isArray(value)) return fail(field, `must be a non-empty list of days, e.g. ['Mon', 'Thu']; got ${describe(value)}`);
  if (value.length === 0) return fail(field, "must list at least one day, e.g. ['Mon', 'Thu']");
  const seen = new Map<DayOfWeek, number>();
  let ok = true;
  value.forEach((item: unknown, i) => {
    const day = typeof item === 'string' ? DAY_NAMES.get(item.toLowerCase()) : undefined;
    const first = day && seen.get(day);
    if (!day) {
      fail(`${field}[${i}]`, `must be ${DAY_RULE}; got ${describe(item)}`);
      ok = false;
    } else if (first !== undefined) {
      fail(`${field}[${i}]`, `repeats ${day} (already at index ${first}); list each day once`);
      ok = false;
    } else {
      seen.set(day, i);
    }
  });
  // Canonical Mon..Sun order so equal schedules serialise identically.
  return ok ? DAYS_OF_WEEK.filter((day) => seen.has(day)) : undefined;
}

function parseDayOfMonth(value: unknown, field: string, fail: Fail): number | undefined {
  if (value == null) return fail(field, `is required when cadence is 'monthly': ${DAY_OF_MONTH_RULE}`);
  const valid = typeof value === 'number' && Number.isInteger(value) && (value === -1 || (value >= 1 && value <= 31));
  return valid ? value : fail(field, `must be ${DAY_OF_MONTH_RULE}; got ${describe(value)}`);
}

function parseTimeZone(value: unknown, field: string, fail: Fail): string | undefined {
  if (value === undefined) return fail(field, "is required: an IANA time zone name such as 'Europe/London' or 'UTC'");
  const zone = typeof value === 'string' ? canonicalTimeZone(value) : undefined;
  return zone ?? fail(field, `must be an IANA time zone name such as 'Europe/London' or 'UTC'; got ${describe(value)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A short rendering of a bad value for error messages. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
