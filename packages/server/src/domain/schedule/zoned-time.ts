import { MS_PER_DAY, formatDate, parseDate, utcMs } from './dates.js';
import { wallClockFormatter } from './time-zone.js';

/** Converts between local wall-clock times in an IANA zone and instants (epoch ms). */

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && TIME_PATTERN.test(value);
}

/** The local wall clock at `ms` in `timeZone`, encoded as if it were a UTC instant (second precision). */
function wallClockAt(ms: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of wallClockFormatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return utcMs(year, month, day, hour % 24, minute, second);
}

/** UTC offset in ms at an instant; floored to the second because Intl prints no milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const floored = Math.floor(ms / 1000) * 1000;
  return wallClockAt(floored, timeZone) - floored;
}

/**
 * The instant at which `date` `time` happens in `timeZone`.
 * An ambiguous fall-back time takes the earlier instant; a time inside a
 * spring-forward gap moves to the first instant after the gap (e.g. London
 * 01:30 on a clocks-forward day becomes 02:00 BST), so a slot is never due
 * later than the wall clock implies.
 */
export function zonedDateTimeToInstant(date: string, time: string, timeZone: string): number {
  const { year, month, day } = parseDate(date);
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new RangeError(`Invalid time ${JSON.stringify(time)}; expected 'HH:MM' (00:00 to 23:59)`);
  const wall = utcMs(year, month, day, Number(match[1]), Number(match[2]));

  // Zones change offset at most once around any given day, so the offsets a
  // day either side are the only candidates.
  const before = offsetAt(wall - MS_PER_DAY, timeZone);
  const after = offsetAt(wall + MS_PER_DAY, timeZone);
  const candidates = [wall - before, wall - after]
    .filter((instant) => wallClockAt(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return candidates[0];

  // In a gap: binary-search (to the second) for the transition, the first
  // instant whose wall clock has passed the requested time.
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallClockAt(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local calendar date in `timeZone` at instant `ms`. */
export function instantToLocalDate(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid instant ${ms}`);
  const wall = new Date(wallClockAt(ms, timeZone));
  return formatDate(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate());
}
