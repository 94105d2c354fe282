import { performance } from 'node:perf_hooks';

/** A token bucket: `burst` attempts at once, then `perMinute` spread over each minute. */
export interface RatePolicy {
  burst: number;
  perMinute: number;
}

export interface RateLimiterOptions {
  /** Monotonic milliseconds; injectable for tests. */
  clock?: () => number;
  /** Most keys remembered; the least recently seen go first (a forgotten key starts full). */
  capacity?: number;
}

const DEFAULT_CAPACITY = 10_000;

/** Per-key token buckets in this process's memory. */
export class RateLimiter {
  readonly #burst: number;
  readonly #perMs: number;
  readonly #clock: () => number;
  readonly #capacity: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(policy: RatePolicy, options: RateLimiterOptions = {}) {
    if (!(policy.burst >= 1) || !(policy.perMinute > 0)) throw new RangeError('a rate policy needs burst >= 1 and perMinute > 0');
    this.#burst = policy.burst;
    this.#perMs = policy.perMinute / 60_000;
    this.#clock = options.clock ?? (() => performance.now());
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
  }

  /** Milliseconds until `key` has an attempt left; 0 when it has one now. */
  waitMs(key: string): number {
    const tokens = this.#tokens(key);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.#perMs);
  }

  /** Uses up one attempt of `key` (never below zero: a blocked caller cannot dig a deeper hole). */
  take(key: string): void {
    const tokens = Math.max(0, this.#tokens(key) - 1);
    // Re-inserted on every use, so the map's order is least recently seen first.
    this.#buckets.delete(key);
    if (this.#buckets.size >= this.#capacity) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    this.#buckets.set(key, { tokens, at: this.#clock() });
  }

  /** Attempts `key` has now; a full bucket is forgotten, as an absent key starts full. */
  #tokens(key: string): number {
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) return this.#burst;
    const tokens = Math.min(this.#burst, bucket.tokens + (this.#clock() - bucket.at) * this.#perMs);
    if (tokens >= this.#burst) this.#buckets.delete(key);
    return tokens;
  }
}
