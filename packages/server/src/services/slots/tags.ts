import { isValidDate } from '../../domain/schedule/index.js';

// A date, optionally followed by a time (and zone) that is ignored: str(datetime) in Python gives
// `2026-11-27 00:00:00`, isoformat() `2026-11-27T00:00:00+00:00`.
const DATED_TAG = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The date a scheduled slot tag names, or undefined when the tag is not a real date. */
export function scheduledDateOf(tag: string): string | undefined {
  const date = DATED_TAG.exec(tag.trim())?.[1];
  return date !== undefined && isValidDate(date) ? date : undefined;
}
