import type { SeriesPosition } from '../../storage/repositories/metric-series.js';
import { InputError } from '../../wire/input-error.js';
import { MAX_DB_INTEGER } from '../../wire/limits.js';

/** A position in a series as an opaque text: base64url of `slotTime.slotId.submissionId`. */
export function encodeCursor(position: SeriesPosition): string {
  return Buffer.from(`${position.slotTime}.${position.slotId}.${position.submissionId}`).toString('base64url');
}

/** The position a cursor names; a 400 on `field` when it is not one this server wrote. */
export function decodeCursor(field: string, text: string): SeriesPosition {
  const parts = /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url').toString('utf8').split('.') : [];
  const [slotTime, slotId, submissionId] = parts.map((part) => (/^-?\d{1,16}$/.test(part) ? Number(part) : Number.NaN));
  const isId = (value: number | undefined): value is number => value !== undefined && Number.isSafeInteger(value) && value >= 1 && value <= MAX_DB_INTEGER;
  if (parts.length !== 3 || slotTime === undefined || !Number.isSafeInteger(slotTime) || !isId(slotId) || !isId(submissionId)) {
    throw InputError.of(field, 'is not a cursor of this series: pass the nextCursor of the previous answer as it was');
  }
  return { slotTime, slotId, submissionId };
}
