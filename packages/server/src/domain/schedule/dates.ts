import type { DayOfWeek } from './types.js';

/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings. Everything runs on UTC so the
 * host's own time zone (and its DST changes) can never shift a date.
 * Years are limited to 0001..9999 so dates stay fixed-width and sort as strings.
 */

/** ISO week order; also the canonical order for weekly `daysOfWeek`. */
export const DAYS_OF_WEEK: readonly DayOfWeek[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const MS_PER_DAY = 86_400_000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Splits a date into numbers; throws RangeError for anything that is not a real date. */
export function parseDate(date: string): CalendarDate {
  if (!isValidDate(date)) throw new RangeError(`Invalid date ${JSON.stringify(date)}; expected 'YYYY-MM-DD'`);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Epoch ms of a UTC wall-clock time; setUTCFullYear avoids Date.UTC mapping years 0..99 to 19xx. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Days since 1970-01-01: plain integers make day loops cheap. */
export function toEpochDay(date: string): number {
  const { year, month, day } = parseDate(date);
  return Math.round(utcMs(year, month, day) / MS_PER_DAY);
}

export function fromEpochDay(epochDay: number): string {
  const d = new Date(epochDay * MS_PER_DAY);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** 1970-01-01 was a Thursday, index 3 in Mon..Sun order. */
export function dayOfWeekOfEpochDay(epochDay: number): DayOfWeek {
  return DAYS_OF_WEEK[(((epochDay + 3) % 7) + 7) % 7] as DayOfWeek;
}

export function dayOfWeek(date: string): DayOfWeek {
  return dayOfWeekOfEpochDay(toEpochDay(date));
}

/** Negative, zero or positive like a sort comparator; fixed-width dates compare as strings. */
export function compareDates(a: string, b: string): number {
  parseDate(a);
  parseDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
