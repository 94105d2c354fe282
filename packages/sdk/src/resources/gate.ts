/**
 * The gate: wait until a slot's delivery is there and good enough to use, by chaining the
 * server's long polls (`GET /lucots/v1/gate?wait=`). A LucoTS-server extension; behind
 * `LucoApi.waitForSlot`.
 */
import { APIConnectionError, APIError, APIUserAbortError, AuthError } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import { sleep } from '../core/sleep.js';
import { nonNegativeInteger, oneOf } from '../core/validate.js';
import type { GatePolicy, SlotVerdict } from '../types/gate.js';
import type { SlotSequenceNameInput } from '../types/slot-sequence.js';
import { toDefinition } from './slot-sequence-name.js';
import { formatTag } from './slots.js';

const POLICIES: readonly GatePolicy[] = ['completed', 'noCancelledChecks', 'noFailedChecks'];

/** One long poll asks for at most this: under the 60 s idle timeout many proxies apply (the server's cap is 60 s). */
export const DEFAULT_LONG_POLL_MS = 50_000;
/** How long `waitForSlot` waits when no timeout is given: one hour. */
export const DEFAULT_GATE_TIMEOUT_MS = 3_600_000;
/** A request's own timeout is its wait plus this. */
const REQUEST_SLACK_MS = 15_000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

export interface WaitForSlotOptions {
  /** How long to wait in all, in ms (default one hour). When it passes still pending, the pending verdict is returned. */
  timeout?: number | undefined;
  /** What `passed` requires (default: the server's, noCancelledChecks). */
  policy?: GatePolicy | undefined;
  /** Cancels the wait: the call rejects with APIUserAbortError. */
  signal?: AbortSignal | undefined;
  /** Called with every verdict read, and with each error that will be retried (e.g. while the server restarts). */
  onProgress?: ((event: { verdict: SlotVerdict } | { retrying: Error; inMs: number }) => void) | undefined;
  /** The longest one long poll asks the server to hold (default 50 s; the server allows 60 s). */
  longPollMs?: number | undefined;
}

export class Gate {
  constructor(private readonly http: HttpClient) {}

  /**
   * Resolves with the slot's verdict once it is passed or failed, or with the pending verdict
   * when `timeout` has passed. A server that cannot be reached, or answers 5xx or 429, is asked
   * again with back-off until the timeout (it may be restarting); then the last such error is
   * thrown. A 4xx (an unknown sequence, a bad tag) is thrown at once.
   */
  async waitForSlot(tag: string | Date, slotSequence: SlotSequenceNameInput, options: WaitForSlotOptions = {}): Promise<SlotVerdict> {
    const query = {
      sequence: toDefinition(slotSequence).map((part) => `${part.key}=${part.value}`),
      tag: formatTag(tag),
      policy: options.policy === undefined ? undefined : oneOf('policy', options.policy, POLICIES),
    };
    const timeout = options.timeout === undefined ? DEFAULT_GATE_TIMEOUT_MS : nonNegativeInteger('timeout', options.timeout);
    const longPoll = Math.min(options.longPollMs === undefined ? DEFAULT_LONG_POLL_MS : nonNegativeInteger('longPollMs', options.longPollMs), 60_000);
    const deadline = Date.now() + timeout;
    for (let failures = 0; ; ) {
      if (options.signal?.aborted) throw new APIUserAbortError({ cause: options.signal.reason });
      const wait = Math.max(0, Math.min(longPoll, deadline - Date.now()));
      try {
        const { data } = await this.http.request<SlotVerdict>({
          method: 'GET',
          path: '/lucots/v1/gate',
          query: { ...query, wait: `${wait}ms` },
          options: { signal: options.signal, maxRetries: 0, timeout: wait + REQUEST_SLACK_MS },
        });
        failures = 0;
        options.onProgress?.({ verdict: data });
        if (data.verdict !== 'pending' || Date.now() >= deadline) return data;
      } catch (error) {
        if (!isWorthRetrying(error) || Date.now() >= deadline) throw error;
        const delay = Math.min(backoff(failures++), Math.max(0, deadline - Date.now()));
        options.onProgress?.({ retrying: error as Error, inMs: delay });
        await sleep(delay, options.signal);
      }
    }
  }
}

/**
 * A failure worth asking again about: the server unreachable or restarting (also while fetching a
 * token from it), overloaded, or rate limiting.
 */
function isWorthRetrying(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof APIConnectionError) return true;
  if (error instanceof AuthError) return error.cause instanceof APIConnectionError || (error.status !== undefined && error.status >= 500);
  return error instanceof APIError && (error.status === 408 || error.status === 429 || error.status >= 500);
}

/** 250 ms doubling to 5 s, with up to half taken off at random so waiters do not return in step. */
function backoff(failures: number): number {
  const capped = Math.min(RETRY_MIN_MS * 2 ** failures, RETRY_MAX_MS);
  return Math.round(capped * (0.5 + 0.5 * Math.random()));
}
