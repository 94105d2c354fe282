import { APIConnectionError, APIError, APIUserAbortError, AuthError, InvalidResponseError } from '../core/errors.js';
import { isKeyInProgress, isRetryableStatus, parseRetryAfter } from '../core/retry.js';

/**
 * What the queue does after a failed attempt:
 * - `retry`: keep it and try again after a back-off (the server was unreachable, slow or busy);
 * - `auth`: pause delivery (the credentials were refused; retrying cannot help until they change);
 * - `dead`: give it to the dead-letter callback (the server refused this write as invalid);
 * - `aborted`: the queue itself cancelled the attempt (closing); keep it, no back-off.
 */
export type Disposition = 'retry' | 'auth' | 'dead' | 'aborted';

export interface Classification {
  disposition: Disposition;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs?: number | undefined;
}

export function classifyDeliveryError(error: unknown): Classification {
  if (error instanceof APIUserAbortError) return { disposition: 'aborted' };
  if (error instanceof APIConnectionError) return { disposition: 'retry' };
  if (error instanceof APIError) {
    const retryAfterMs = parseRetryAfter(error.headers);
    if (error.status === 401 || error.status === 403) return { disposition: 'auth' };
    if (isRetryableStatus(error.status) || error.status >= 500) return { disposition: 'retry', retryAfterMs };
    // LucoTS answers 409 with Retry-After while the first request with the same key is still
    // running (e.g. two processes replaying one write): wait, then get its answer.
    if (isKeyInProgress(error.status, retryAfterMs)) return { disposition: 'retry', retryAfterMs };
    return { disposition: 'dead' };
  }
  if (error instanceof AuthError) {
    // The token endpoint unreachable or busy is an outage, not refused credentials.
    if (hasCause(error, (cause) => cause instanceof APIConnectionError)) return { disposition: 'retry' };
    if (error.status !== undefined && (isRetryableStatus(error.status) || error.status >= 500)) return { disposition: 'retry' };
    return { disposition: 'auth' };
  }
  // A success status with a body that is not JSON: a proxy or a captive portal, most likely.
  if (error instanceof InvalidResponseError) return { disposition: 'retry' };
  // ValidationError, SlotSequenceNotFoundError, SlotNotFoundError and anything unexpected: no
  // retry can change the answer.
  return { disposition: 'dead' };
}

/**
 * Who waits after a failure classified `retry`:
 * - `write`: the server answered, but this write failed (500 and the like: e.g. a value its
 *   database cannot store; or a 409 with Retry-After, its key still in progress). Only the write's
 *   lane waits, so one bad write cannot hold back everyone else's.
 * - `queue`: the server as a whole is unreachable, unavailable or busy (connection failures,
 *   timeouts, 408, 429, 502, 503, 504, an unreachable token endpoint, a response that is not the
 *   server's): the whole queue waits, as sending anything else would fail alike.
 */
export type FailureScope = 'write' | 'queue';

export function failureScope(error: unknown): FailureScope {
  if (!(error instanceof APIError)) return 'queue';
  if (isKeyInProgress(error.status, parseRetryAfter(error.headers))) return 'write';
  const serverWide = error.status === 502 || error.status === 503 || error.status === 504;
  return error.status >= 500 && !serverWide ? 'write' : 'queue';
}

function hasCause(error: unknown, test: (cause: unknown) => boolean): boolean {
  let current: unknown = (error as { cause?: unknown }).cause;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (test(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
