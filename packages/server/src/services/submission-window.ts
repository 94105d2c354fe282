import { isValidDate } from '../domain/schedule/index.js';
import { InputError } from '../wire/input-error.js';

const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * `ExpectedAfterUtc` / `ExpectedBeforeUtc`: `YYYY-MM-DD` (midnight UTC) or
 * `YYYY-MM-DDThh:mm[:ss[.fff]]` (a space for the T too), UTC unless it ends in Z or an offset.
 * Epoch ms; a 400 on `field` when malformed or not a real date/time.
 */
export function parseUtcInstant(field: string, text: string): number {
  const match = INSTANT.exec(text.trim());
  const fail = () => InputError.of(field, `must be a UTC date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm:ss[Z], got ${JSON.stringify(text)}`);
  if (!match || !isValidDate(match[1])) throw fail();
  const [year, month, day] = match[1]!.split('-').map(Number) as [number, number, number];
  const hours = Number(match[2] ?? 0);
  const minutes = Number(match[3] ?? 0);
  const seconds = Number(match[4] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) throw fail();
  const fraction = match[5] ? Math.floor(Number(match[5]) * 1000) : 0;
  let ms = Date.UTC(year, month - 1, day, hours, minutes, seconds, fraction);
  // Years 0-99 would be read as 1900-1999 by Date.UTC.
  if (year < 100) ms = new Date(ms).setUTCFullYear(year);
  const zone = match[6];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2, 4));
    if (offsetHours > 23 || offsetMinutes > 59) throw fail();
    ms -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return ms;
}
