import { InvalidArgumentError } from 'commander';

const UNIT_SECONDS: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };

/**
 * A time span in whole seconds: `90` (seconds), or units in order, `30s`, `15m`, `1h`, `2d`,
 * `1h30m`. For commander options: a bad one is a usage error naming the option.
 */
export function durationSeconds(value: string): number {
  const text = value.trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text);
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match || text === '') throw new InvalidArgumentError('must be a time span such as 90 (seconds), 30s, 15m, 1h, 2d or 1h30m');
  return ['d', 'h', 'm', 's'].reduce((sum, unit, index) => sum + Number(match[index + 1] ?? 0) * UNIT_SECONDS[unit]!, 0);
}

/**
 * The global --timeout: seconds (`90`, `0.5`) or a time span (`30s`, `2h`), more than zero. A
 * request's timeout for most commands; for `luco wait`, the whole wait.
 */
export function timeoutSeconds(value: string): number {
  const seconds = /^\s*\d*\.?\d+\s*$/.test(value) ? Number(value) : durationSeconds(value);
  if (!(seconds > 0)) throw new InvalidArgumentError('must be a positive number of seconds or a time span such as 30s, 15m, 2h');
  return seconds;
}

/**
 * A reminder interval, or `none` (or `off`) for no reminders. `none` stays a word here: commander
 * turns an option parser's null into `true`.
 */
export function reminderSeconds(value: string): number | 'none' {
  return /^(none|off)$/i.test(value.trim()) ? 'none' : durationSeconds(value);
}

/** Seconds as the shortest span text: 900 -> 15m, 5400 -> 1h30m, 0 -> 0s. */
export function durationText(seconds: number | null | undefined): string | undefined {
  if (seconds === null || seconds === undefined) return undefined;
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = UNIT_SECONDS[unit]!;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
