import { addDays, compareDates, instantToLocalDate, isValidDate, toEpochDay, zonedDateTimeToInstant } from '../../domain/schedule/index.js';
import { InputError, type FieldProblem } from '../../wire/input-error.js';

/** The most days one dashboard read covers (a year and a bit: a calendar's year view). */
export const MAX_WINDOW_DAYS = 400;
/** Days covered when the caller names no start. */
export const DEFAULT_WINDOW_DAYS = 90;
const EARLIEST = '1900-01-01';
const LATEST = '9999-12-30';

/** Local dates `from` to `to` (inclusive) in a zone, and the instants they span: [startMs, endMs). */
export interface DateWindow {
  from: string;
  to: string;
  startMs: number;
  endMs: number;
}

function readDate(name: string, value: string | undefined, problems: FieldProblem[]): string | undefined {
  if (value === undefined) return undefined;
  if (!isValidDate(value) || value < EARLIEST || value > LATEST) {
    problems.push({ field: name, in: 'query', message: `must be a date YYYY-MM-DD from ${EARLIEST} to ${LATEST}` });
    return undefined;
  }
  return value;
}

/**
 * The window of local dates a dashboard read covers, in the sequence's time zone: `to` defaults
 * to today there, `from` to DEFAULT_WINDOW_DAYS days ending at `to`; at most MAX_WINDOW_DAYS days.
 */
export function resolveDateWindow(query: { from?: string | undefined; to?: string | undefined }, timeZone: string, now: number): DateWindow {
  const problems: FieldProblem[] = [];
  const fromText = readDate('from', query.from, problems);
  const toText = readDate('to', query.to, problems);
  if (problems.length > 0) throw new InputError(problems);
  const to = toText ?? (fromText !== undefined && compareDates(fromText, instantToLocalDate(now, timeZone)) > 0 ? fromText : instantToLocalDate(now, timeZone));
  const from = fromText ?? maxDate(addDays(to, 1 - DEFAULT_WINDOW_DAYS), EARLIEST);
  if (compareDates(from, to) > 0) throw new InputError([{ field: 'from', in: 'query', message: `must not be after to (${to})` }]);
  const days = toEpochDay(to) - toEpochDay(from) + 1;
  if (days > MAX_WINDOW_DAYS) throw new InputError([{ field: 'to', in: 'query', message: `must be at most ${MAX_WINDOW_DAYS} days from from (${from}); the window is ${days} days` }]);
  return { from, to, startMs: zonedDateTimeToInstant(from, '00:00', timeZone), endMs: zonedDateTimeToInstant(addDays(to, 1), '00:00', timeZone) };
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
