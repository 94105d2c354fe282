/**
 * What one delivery attempt came to. `retry` waits for the next attempt (at `retryAfterMs` when
 * the receiver said so); `permanent` goes dead at once (the receiver said it will never accept
 * this: a webhook's 404/410, Slack's channel_not_found, a refused target, a refused address).
 * `error` is safe to store and show: it names at most a host, never a secret.
 */
export type AttemptOutcome =
  | { kind: 'delivered'; statusCode: number | null; note: string | null }
  | { kind: 'retry'; statusCode: number | null; error: string; retryAfterMs: number | null }
  | { kind: 'permanent'; statusCode: number | null; error: string };

export const delivered = (statusCode: number | null, note: string | null = null): AttemptOutcome => ({ kind: 'delivered', statusCode, note });
export const retry = (error: string, statusCode: number | null = null, retryAfterMs: number | null = null): AttemptOutcome => ({ kind: 'retry', statusCode, error, retryAfterMs });
export const permanent = (error: string, statusCode: number | null = null): AttemptOutcome => ({ kind: 'permanent', statusCode, error });
