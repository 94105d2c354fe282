import type { DeliveryOptions } from './options.js';

/**
 * How long to wait before the next attempt, after `attempts` attempts: the receiver's
 * Retry-After when it gave one (at least a second, at most `maxRetryAfterMs`), else the
 * schedule's delay for this attempt (the last one repeats) with jitter, so many notifications
 * failing together do not come back together.
 */
export function retryDelayMs(attempts: number, retryAfterMs: number | null, options: DeliveryOptions, random: () => number = Math.random): number {
  if (retryAfterMs !== null) return Math.min(Math.max(retryAfterMs, 1000), options.maxRetryAfterMs);
  const base = options.retryDelaysMs[Math.min(Math.max(attempts, 1), options.retryDelaysMs.length) - 1]!;
  return Math.round(base * (1 - options.jitter + 2 * options.jitter * random()));
}

/**
 * A Retry-After header in milliseconds from `now`: delta-seconds or an HTTP date; null when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, date - now);
}

/** Why the notification is given up after a failed attempt, or undefined to try again at `nextAttemptOn`. */
export function giveUpReason(attempts: number, createdOn: number, nextAttemptOn: number, options: DeliveryOptions): string | undefined {
  const tried = `after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
  if (attempts >= options.maxAttempts) return tried;
  if (nextAttemptOn - createdOn > options.maxAgeMs) return `${tried}: the next one would come more than ${describeDuration(options.maxAgeMs)} after it was queued`;
  return undefined;
}

export function describeDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 6000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}
