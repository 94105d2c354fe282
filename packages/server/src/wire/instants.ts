import { isValidDate, utcMs } from '../domain/schedule/dates.js';

/** Instants on the wire: written as ISO 8601 in UTC, read from an ISO 8601 date or date-time. */

/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: four-digit years, the only ones formatted by hand. */
const FIRST_FAST_MS = -62_135_596_800_000;
const LAST_FAST_MS = 253_402_300_799_999;
const MS_PER_DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));

/**
 * The instant as `Date#toISOString` writes it. Long answers (a metric series) write thousands of
 * instants, and building a Date for each was a tenth of such a request's time; integer arithmetic
 * on the epoch day gives the same text. Years outside 1-9999 (and non-integers) go through Date.
 */
export function iso(ms: number): string {
  if (!Number.isInteger(ms) || ms < FIRST_FAST_MS || ms > LAST_FAST_MS) return new Date(ms).toISOString();
  const days = Math.floor(ms / MS_PER_DAY);
  const inDay = ms - days * MS_PER_DAY;
  const { year, month, day } = civilDate(days);
  const hour = Math.floor(inDay / 3_600_000);
  const minute = Math.floor(inDay / 60_000) % 60;
  const second = Math.floor(inDay / 1000) % 60;
  const milli = inDay % 1000;
  return `${year >= 1000 ? year : String(year).padStart(4, '0')}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${milli >= 100 ? milli : milli >= 10 ? `0${milli}` : `00${milli}`}Z`;
}

/** Proleptic Gregorian year, month (1-12) and day of a count of days since 1970-01-01 (eras of 400 years). */
function civilDate(epochDays: number): { year: number; month: number; day: number } {
  const shifted = epochDays + 719_468; // days since 0000-03-01, so a leap day ends its year
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}


export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

/** A date or date-time as read; each caller decides what a date alone and what the offset mean. */
export interface IsoInstantText {
  year: number;
  month: number;
  day: number;
  /** Absent for a date alone. */
  time?: { hour: number; minute: number; second: number; millisecond: number };
  /** The zone as written (`+05:30`, `-0800`); absent for none or `Z`, which both mean UTC. */
  offset?: { sign: 1 | -1; hours: number; minutes: number };
}

// `YYYY-MM-DD`, optionally `T` (or a space) `hh:mm[:ss[.fraction]]` and a zone; T and Z in any case.
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Reads an ISO 8601 date or date-time (surrounding space ignored); undefined unless the date is a
 * real one and the time is within a day (hours < 24, minutes and seconds < 60). The fraction is
 * cut to whole milliseconds. The offset's own range is left to the caller.
 */
export function readIsoInstant(text: string): IsoInstantText | undefined {
  const match = ISO_INSTANT.exec(text.trim());
  if (!match || !isValidDate(match[1])) return undefined;
  const [year, month, day] = match[1]!.split('-').map(Number) as [number, number, number];
  if (match[2] === undefined) return { year, month, day };
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  const second = Number(match[4] ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millisecond = match[5] ? Math.floor(Number(`0.${match[5]}`) * 1000) : 0;
  const zone = match[6];
  if (!zone || zone.toUpperCase() === 'Z') return { year, month, day, time: { hour, minute, second, millisecond } };
  const digits = zone.slice(1).replace(':', '');
  const offset = { sign: zone.startsWith('-') ? (-1 as const) : (1 as const), hours: Number(digits.slice(0, 2)), minutes: Number(digits.slice(2, 4)) };
  return { year, month, day, time: { hour, minute, second, millisecond }, offset };
}

/** Epoch ms of what was read; a date alone is its midnight, UTC. */
export function instantMs(read: IsoInstantText): number {
  const { time, offset } = read;
  const local = utcMs(read.year, read.month, read.day, time?.hour, time?.minute, time?.second) + (time?.millisecond ?? 0);
  return offset ? local - offset.sign * (offset.hours * 60 + offset.minutes) * 60_000 : local;
}
