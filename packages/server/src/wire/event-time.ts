import { InputError } from './input-error.js';

/** How far ahead of the server's clock a client's clock may be. */
export const CLOCK_SKEW_MS = 60_000;

/**
 * When an event happened, as the client says (ISO 8601): for runs recorded after the fact, e.g.
 * replayed from an offline queue. Absent: now. Never in the future beyond clock skew.
 */
export function eventTime(field: string, value: string | null | undefined, now: number): number {
  if (value === undefined || value === null) return now;
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) throw InputError.of(field, `must be an ISO 8601 date-time, got ${JSON.stringify(value)}`);
  if (time > now + CLOCK_SKEW_MS) throw InputError.of(field, 'must not be in the future');
  return time;
}
