import { InputError } from '../../wire/input-error.js';
import { instantMs, readIsoInstant } from '../../wire/instants.js';

/**
 * `ExpectedAfterUtc` / `ExpectedBeforeUtc`: `YYYY-MM-DD` (midnight UTC) or
 * `YYYY-MM-DDThh:mm[:ss[.fff]]` (a space for the T too), UTC unless it ends in Z or an offset.
 * Epoch ms; a 400 on `field` when malformed or not a real date/time (an offset too).
 */
export function parseUtcInstant(field: string, text: string): number {
  const read = readIsoInstant(text);
  if (!read || (read.offset && (read.offset.hours > 23 || read.offset.minutes > 59))) {
    throw InputError.of(field, `must be a UTC date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm:ss[Z], got ${JSON.stringify(text)}`);
  }
  return instantMs(read);
}
