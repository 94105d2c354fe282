import { isValidDate, utcMs } from '../domain/schedule/dates.js';

/** Instants on the wire: written as ISO 8601 in UTC, read from an ISO 8601 date or date-time. */

export function iso(ms: number): string {
  return new Date(ms).toISOString();
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
