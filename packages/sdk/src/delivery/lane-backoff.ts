import { backoffDelay, type BackoffPolicy } from '../core/retry.js';
import type { FailureRecord } from './records.js';

/**
 * When the queue gives up on a write the server keeps failing on its own: once both bounds are
 * reached (and the server has accepted other writes meanwhile; see `shouldGiveUp`).
 */
export interface ServerErrorLimit {
  /** Server errors about the write, counted across processes. */
  attempts: number;
  /** Time since its first server error, ms. */
  ageMs: number;
}

export const DEFAULT_SERVER_ERROR_LIMIT: ServerErrorLimit = { attempts: 10, ageMs: 24 * 60 * 60 * 1000 };

/** A write's server errors so far: how many, and since when (epoch ms). Kept in the journal. */
export interface WriteFailures {
  count: number;
  since: number;
}

interface LaneWait {
  /** Failures in a row of the lane's first write, for the exponential back-off. */
  failures: number;
  /** When the lane may send again (epoch ms). */
  until: number;
  /** The wait is the server's Retry-After, which a flush does not cut short. */
  fromServer: boolean;
}

/**
 * Back-off per lane (the writes of one slot or submission, in order). A server error that
 * concerns one write (a 500 for a value the server cannot store) makes only its lane wait: the
 * writes of other submissions keep flowing, and the lane's later writes stay behind it, in order.
 * Server-wide trouble (unreachable, 503, 429) still pauses the whole queue; that is not kept here.
 */
export class LaneBackoff {
  readonly #policy: BackoffPolicy;
  readonly #waits = new Map<string, LaneWait>();

  constructor(policy: BackoffPolicy) {
    this.#policy = policy;
  }

  /** The lane's first write failed: the lane waits (the server's Retry-After, else a back-off). Returns the wait, ms. */
  fail(lane: string, now: number, retryAfterMs: number | undefined): number {
    const wait = this.#waits.get(lane) ?? { failures: 0, until: 0, fromServer: false };
    const delay = retryAfterMs ?? backoffDelay(wait.failures, this.#policy);
    wait.failures++;
    wait.until = now + delay;
    wait.fromServer = retryAfterMs !== undefined;
    this.#waits.set(lane, wait);
    return delay;
  }

  /** The lane's first write left the queue (sent, dead-lettered, dropped): the next one may go at once. */
  clear(lane: string): void {
    this.#waits.delete(lane);
  }

  isWaiting(lane: string, now: number): boolean {
    const wait = this.#waits.get(lane);
    return wait !== undefined && wait.until > now;
  }

  /** How many lanes wait now. */
  waiting(now: number): number {
    let count = 0;
    for (const wait of this.#waits.values()) if (wait.until > now) count++;
    return count;
  }

  /** When the first waiting lane may send again, or undefined when none waits. */
  nextDue(now: number): number | undefined {
    let next: number | undefined;
    for (const wait of this.#waits.values()) {
      if (wait.until > now && (next === undefined || wait.until < next)) next = wait.until;
    }
    return next;
  }

  /** Cuts the queue's own waits short (a flush); a server's Retry-After still holds. */
  skipOwn(): void {
    for (const wait of this.#waits.values()) if (!wait.fromServer) wait.until = 0;
  }
}

/**
 * Whether to give up on a write the server keeps failing: it failed `limit.attempts` times over at
 * least `limit.ageMs`, and the server accepted another write since its first failure, which shows
 * the trouble is this write, not the server. A server failing every write holds them all instead
 * (only the queue's maxAgeMs drops them), so an outage answered with 500s loses nothing.
 */
export function shouldGiveUp(failures: WriteFailures, limit: ServerErrorLimit, now: number, lastSuccessAt: number): boolean {
  return failures.count >= limit.attempts && now - failures.since >= limit.ageMs && lastSuccessAt >= failures.since;
}

/** The journal record of a write's server errors so far. */
export function failureRecord(id: string, failures: WriteFailures): FailureRecord {
  return { t: 'failed', id, at: Date.now(), count: failures.count, since: failures.since };
}

/** `10 attempts over 24 h`, for a log line. */
export function describeLimit(limit: ServerErrorLimit): string {
  const ms = limit.ageMs;
  const age = ms >= 3_600_000 ? `${Math.round(ms / 360_000) / 10} h` : ms >= 60_000 ? `${Math.round(ms / 6_000) / 10} min` : `${Math.round(ms / 100) / 10} s`;
  return `${limit.attempts} attempts over ${age}`;
}
