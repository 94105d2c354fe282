/** Retry timing: capped exponential backoff with equal jitter, and the server's Retry-After. */

export interface BackoffPolicy {
  /** First delay before jitter, ms. */
  baseDelayMs: number;
  /** Largest delay before jitter, ms. */
  maxDelayMs: number;
  /** A Retry-After above this is not waited for: the error is thrown instead. */
  maxRetryAfterMs: number;
  /** Source of randomness in [0, 1); injectable so tests are deterministic. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
};

/** Delay before retry number `retry` (0 for the first retry): min(base * 2^n, max) * U[0.5, 1]. */
export function backoffDelay(retry: number, policy: BackoffPolicy): number {
  const capped = Math.min(policy.baseDelayMs * 2 ** retry, policy.maxDelayMs);
  return Math.round(capped * (0.5 + 0.5 * policy.random()));
}

/**
 * How long the server asked us to wait, in ms: `retry-after-ms` first, then `Retry-After` as
 * delta-seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Statuses worth another attempt: the server was busy, timed out or failed transiently. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * A 409 with Retry-After: the server is still processing an earlier request with the same
 * Idempotency-Key (two processes replaying one write, or a retry racing the first attempt). It did
 * not act on this one; asking again after the wait gets the first request's answer. A 409 without
 * Retry-After is a real conflict.
 */
export function isKeyInProgress(status: number, retryAfterMs: number | undefined): boolean {
  return status === 409 && retryAfterMs !== undefined;
}

/**
 * Statuses that mean the server did not act on the request, so even a POST without an honoured
 * idempotency key may be sent again.
 */
export function statusMeansNotProcessed(status: number): boolean {
  return status === 408 || status === 429;
}
