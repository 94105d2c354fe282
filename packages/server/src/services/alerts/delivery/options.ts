/** How the notification sender behaves; every field has a default (DEFAULT_DELIVERY_OPTIONS). */
export interface DeliveryOptions {
  /** One request (connect, answer, body) may take this long. */
  requestTimeoutMs: number;
  /** Sends in flight at once, overall and per channel (a hanging receiver holds at most its channel's share). */
  concurrency: number;
  perChannelConcurrency: number;
  /** Checks the outbox this often even without a wake-up (a missed NOTIFY, another instance's retry). */
  pollIntervalMs: number;
  /** Waits before attempt 2, 3, ...; the last one repeats. Jittered by +-`jitter`. */
  retryDelaysMs: readonly number[];
  jitter: number;
  /** A Retry-After is honoured up to this long. */
  maxRetryAfterMs: number;
  /** A notification goes dead after this many attempts, or when its next attempt would come later than this after it was queued. */
  maxAttempts: number;
  maxAgeMs: number;
  /** How much of an answer's body is read (for its error text); the rest is dropped. */
  responseBodyLimitBytes: number;
  /** `stop()` waits this long for sends in flight, then abandons them (their claim expires and another sender retries). */
  stopGraceMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Standard Webhooks' schedule, compressed: alerts are about today, so a day of tries is enough. */
export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  requestTimeoutMs: 10 * SECOND,
  concurrency: 16,
  perChannelConcurrency: 4,
  pollIntervalMs: 5 * SECOND,
  retryDelaysMs: [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR],
  jitter: 0.1,
  maxRetryAfterMs: 6 * HOUR,
  maxAttempts: 10,
  maxAgeMs: 24 * HOUR,
  responseBodyLimitBytes: 4096,
  stopGraceMs: 5 * SECOND,
};

export function deliveryOptions(overrides: Partial<DeliveryOptions> = {}): DeliveryOptions {
  const options = { ...DEFAULT_DELIVERY_OPTIONS, ...overrides };
  if (options.retryDelaysMs.length === 0) throw new Error('retryDelaysMs needs at least one delay');
  for (const key of ['requestTimeoutMs', 'concurrency', 'perChannelConcurrency', 'pollIntervalMs', 'maxAttempts', 'maxAgeMs'] as const) {
    if (!(options[key] > 0)) throw new Error(`delivery option ${key} must be above 0`);
  }
  return options;
}
