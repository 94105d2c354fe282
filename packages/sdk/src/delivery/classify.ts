import { APIConnectionError, APIError, APIUserAbortError, AuthError, InvalidResponseError } from '../core/errors.js';
import { isRetryableStatus, parseRetryAfter } from '../core/retry.js';

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
    if (error.status === 409 && retryAfterMs !== undefined) return { disposition: 'retry', retryAfterMs };
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

function hasCause(error: unknown, test: (cause: unknown) => boolean): boolean {
  let current: unknown = (error as { cause?: unknown }).cause;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (test(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
