import { InputError } from '../../wire/input-error.js';

const MS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * The longest span, about 273 years: a target that far from any slot time is still a date
 * (JavaScript dates end 275,000 years out), so the answer is a 404 or a match, never a fault.
 */
export const MAX_TIME_DIFFERENCE_DAYS = 100_000;

// d:HH:MM:SS (Luco), d.HH:MM:SS (.NET TimeSpan), HH:MM:SS, and Python's str(timedelta)
// `N day(s), H:MM:SS`; seconds may carry a fraction.
const FORMS: RegExp[] = [
  /^(?<days>\d+)[:.](?<hours>\d{1,2}):(?<minutes>\d{2}):(?<seconds>\d{2}(?:\.\d{1,7})?)$/,
  /^(?<hours>\d{1,2}):(?<minutes>\d{2}):(?<seconds>\d{2}(?:\.\d{1,7})?)$/,
  /^(?<days>\d+) days?, (?<hours>\d{1,2}):(?<minutes>\d{2}):(?<seconds>\d{2}(?:\.\d{1,7})?)$/,
];

/** `TimeDifference` in milliseconds; a 400 on `field` for anything else or a negative span. */
export function parseTimeDifference(field: string, text: string): number {
  const trimmed = text.trim();
  for (const form of FORMS) {
    const groups = form.exec(trimmed)?.groups;
    if (!groups) continue;
    const days = Number(groups.days ?? 0);
    const hours = Number(groups.hours);
    const minutes = Number(groups.minutes);
    const seconds = Number(groups.seconds);
    if (hours > 23 || minutes > 59 || seconds >= 60) break;
    if (days > MAX_TIME_DIFFERENCE_DAYS) throw InputError.of(field, `must be at most ${MAX_TIME_DIFFERENCE_DAYS} days, got ${JSON.stringify(text)}`);
    return Math.round(days * MS.day + hours * MS.hour + minutes * MS.minute + seconds * MS.second);
  }
  throw InputError.of(field, `must be a time span d:HH:MM:SS (also d.HH:MM:SS or HH:MM:SS; hours < 24, minutes and seconds < 60), got ${JSON.stringify(text)}`);
}

/** Milliseconds as `d:HH:MM:SS` (whole seconds, rounded down). */
export function formatTimeDifference(ms: number): string {
  const total = Math.floor(Math.abs(ms) / MS.second);
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(total / 86_400);
  return `${days}:${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}
