import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from './errors.js';
import { CONNECT_TIMEOUT_CODE, nodeHttpFetch, sendWithNodeHttp } from './node-transport.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Error codes that prove the request never reached the server, so resending it cannot
 * duplicate anything.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  CONNECT_TIMEOUT_CODE,
  'ERR_INVALID_URL',
]);

/**
 * One HTTP attempt. The per-attempt timeout and the caller's signal both abort it; the body is read
 * inside the same window, so a server that stalls mid-body times out too. The default fetch
 * (`nodeHttpFetch`) is not called: the request goes through node:http directly (node-transport.ts).
 */
export async function sendOnce(
  fetchFn: FetchLike,
  url: string,
  init: RequestInit,
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<RawResponse> {
  const { signal } = options;
  if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });

  // The timeout and the caller's signal both cancel the attempt through `cancel`, whichever way it
  // is sent: the SDK's own node:http transport takes a callback, any other fetch an AbortSignal.
  let cancel: (reason: unknown) => void = () => {};
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    cancel(new Error('timeout'));
  }, options.timeoutMs);
  const onCallerAbort = () => cancel(signal?.reason);
  signal?.addEventListener('abort', onCallerAbort, { once: true });

  try {
    if (fetchFn === nodeHttpFetch) {
      return await sendWithNodeHttp(url, { method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body as string | undefined }, (handle) => {
        cancel = handle;
      });
    }
    const controller = new AbortController();
    cancel = (reason) => controller.abort(reason);
    const response = await fetchFn(url, { ...init, signal: controller.signal });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
    if (timedOut) {
      throw new APIConnectionTimeoutError(`Request timed out after ${options.timeoutMs} ms`, { cause: error });
    }
    const code = errorCode(error);
    throw new APIConnectionError(`Connection error${code ? ` (${code})` : ''}: ${describe(error)}`, {
      cause: error,
      requestMayHaveBeenSent: code === undefined || !NOT_SENT_CODES.has(code),
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** The system error code undici hides in `cause` (possibly nested, or in an AggregateError). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const record = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof record.code === 'string') return record.code;
    if (Array.isArray(record.errors) && record.errors.length > 0) current = record.errors[0];
    else current = record.cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.message === 'string' && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
