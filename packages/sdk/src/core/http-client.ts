import { randomUUID } from 'node:crypto';
import type { TokenSource } from '../auth/types.js';
import { APIConnectionError, APIError, InvalidResponseError } from './errors.js';
import type { IdempotencyCapability } from './idempotency.js';
import type { SdkLog } from './log.js';
import { buildQuery, type QueryParams } from './query.js';
import type { Redactor } from './redact.js';
import type { RequestOptions } from './request-options.js';
import { backoffDelay, type BackoffPolicy, isKeyInProgress, isRetryableStatus, parseRetryAfter, statusMeansNotProcessed } from './retry.js';
import { sleep } from './sleep.js';
import { type FetchLike, type RawResponse, sendOnce } from './transport.js';
import { plainText, wireJson } from './validate.js';

/** The content type LucoPy sends with every JSON body; the real Luco server is known to take it. */
export const JSON_BODY_CONTENT_TYPE = 'application/json-patch+json';

export interface HttpClientConfig {
  baseUrl: string;
  fetch: FetchLike;
  timeoutMs: number;
  maxRetries: number;
  backoff: BackoffPolicy;
  tokens: TokenSource;
  idempotency: IdempotencyCapability;
  log: SdkLog;
  redactor: Redactor;
  userAgent: string;
  defaultHeaders: Record<string, string>;
}

export interface HttpRequest {
  /** PUT and DELETE are the LucoTS extensions' (alert rules and channels); retried like a GET. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, with its leading slash (and trailing slash where Luco has one). */
  path: string;
  query?: QueryParams | undefined;
  /** JSON body; `undefined` sends a POST with no body at all. */
  body?: unknown;
  options?: RequestOptions | undefined;
}

export interface HttpResult<T> {
  data: T;
  status: number;
  headers: Headers;
  requestId: string | undefined;
}

/**
 * The request pipeline: bearer token, per-attempt timeout, retries with back-off, one token
 * refresh and replay after a 401, and errors mapped to classes. POSTs carry an Idempotency-Key
 * that stays the same across retries; a POST that may have reached the server is sent again only
 * when the server honours that key, so a retry can never create a second submission.
 */
export class HttpClient {
  constructor(private readonly config: HttpClientConfig) {}

  async request<T>(request: HttpRequest): Promise<HttpResult<T>> {
    const { config } = this;
    const options = request.options ?? {};
    const maxRetries = options.maxRetries ?? config.maxRetries;
    const timeoutMs = options.timeout ?? config.timeoutMs;
    const url = `${config.baseUrl}${request.path}${buildQuery(request.query)}`;
    const logTarget = `${request.method} ${request.path}`;
    const clientRequestId = randomUUID();
    const idempotencyKey = request.method === 'POST' ? (options.idempotencyKey ?? randomUUID()) : undefined;
    const hasBody = request.body !== undefined;
    checkSendable(request);
    const bodyText = hasBody ? JSON.stringify(request.body) : undefined;
    const logsDebug = config.log.level === 'debug';

    let retries = 0;
    let replayedAfter401 = false;
    for (;;) {
      const token = await config.tokens.getToken({ signal: options.signal });
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': config.userAgent,
        'x-request-id': clientRequestId,
        'x-luco-retry-count': String(retries),
        ...config.defaultHeaders,
        ...options.headers,
        authorization: `Bearer ${token}`,
      };
      if (hasBody) headers['content-type'] = JSON_BODY_CONTENT_TYPE;
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;

      const started = logsDebug ? Date.now() : 0;
      let response: RawResponse;
      try {
        response = await sendOnce(
          config.fetch,
          url,
          { method: request.method, headers, ...(bodyText !== undefined ? { body: bodyText } : {}) },
          { timeoutMs, signal: options.signal },
        );
      } catch (error) {
        if (!(error instanceof APIConnectionError)) throw error;
        const resendable = request.method !== 'POST' || !error.requestMayHaveBeenSent || config.idempotency.honoured;
        if (retries < maxRetries && resendable) {
          const delay = backoffDelay(retries, config.backoff);
          // A retry is the one thing the caller does not hear of otherwise: a warning.
          config.log.warn(`${logTarget} failed (${error.message}); retrying in ${delay} ms`, {
            attempt: retries + 1,
            requestId: clientRequestId,
          });
          await sleep(delay, options.signal);
          retries++;
          continue;
        }
        // Thrown to the caller, who reports it: a warning too would say it twice.
        config.log.debug(`${logTarget} failed: ${error.message}`, { requestId: clientRequestId });
        throw error;
      }

      config.idempotency.observe(response.headers);
      const requestId = response.headers.get('x-request-id') ?? clientRequestId;
      // Built only when it is written: this line runs for every call.
      if (logsDebug) config.log.debug(`${logTarget} ${response.status} in ${Date.now() - started} ms`, { requestId, attempt: retries + 1 });

      if (response.status === 401 && !replayedAfter401) {
        // The token may have been revoked or rotated: fetch a new one and replay once.
        replayedAfter401 = true;
        config.tokens.invalidate();
        config.log.info(`${logTarget} 401; refreshing the token and replaying once`, { requestId });
        continue;
      }

      if (response.status < 400) return { data: this.parseBody<T>(response, requestId), status: response.status, headers: response.headers, requestId };

      const retryAfterMs = parseRetryAfter(response.headers);
      const error = APIError.generate({
        status: response.status,
        method: request.method,
        path: request.path,
        headers: response.headers,
        body: this.errorBody(response),
        requestId,
        retryAfterMs,
      });
      if (retries < maxRetries && this.shouldRetry(request.method, response, retryAfterMs)) {
        const delay = retryAfterMs ?? backoffDelay(retries, config.backoff);
        config.log.warn(`${logTarget} ${response.status}; retrying in ${delay} ms (${maxRetries - retries} left)`, { requestId });
        await sleep(delay, options.signal);
        retries++;
        continue;
      }
      // Thrown to the caller (a not-found may even be expected and turned into the SDK's own
      // error, e.g. SlotSequenceNotFoundError): debug only. Warnings are for retries in the
      // background and failures nobody else hears of.
      config.log.debug(error.message, { requestId });
      throw error;
    }
  }

  private shouldRetry(method: string, response: RawResponse, retryAfterMs: number | undefined): boolean {
    const override = response.headers.get('x-should-retry');
    if (override === 'false') return false;
    const keyInProgress = isKeyInProgress(response.status, retryAfterMs);
    const statusRetryable = override === 'true' || isRetryableStatus(response.status) || keyInProgress;
    if (!statusRetryable) return false;
    // A wait longer than the cap is not slept through: the caller (or an offline queue) decides.
    if (retryAfterMs !== undefined && retryAfterMs > this.config.backoff.maxRetryAfterMs) return false;
    if (method !== 'POST') return true;
    // A key in progress proves the server honours keys: asking again gets the first request's answer.
    return statusMeansNotProcessed(response.status) || keyInProgress || this.config.idempotency.honoured;
  }

  private parseBody<T>(response: RawResponse, requestId: string | undefined): T {
    if (response.text.trim() === '') return undefined as T;
    try {
      return JSON.parse(response.text) as T;
    } catch (cause) {
      throw new InvalidResponseError(`Expected a JSON body, got: ${this.config.redactor.redact(response.text.slice(0, 200))}`, {
        status: response.status,
        requestId,
        cause,
      });
    }
  }

  private errorBody(response: RawResponse): unknown {
    const text = response.text;
    if (text.trim() === '') return undefined;
    try {
      return this.config.redactor.redactValue(JSON.parse(text));
    } catch {
      return this.config.redactor.redact(text);
    }
  }
}

/**
 * The last check before anything leaves: what the server would refuse (a NUL character, a
 * non-finite number, JSON nested too deep) is a ValidationError here, whichever method built the
 * request. The methods check their own arguments first, with friendlier field names.
 */
function checkSendable(request: HttpRequest): void {
  for (const [key, value] of Object.entries(request.query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) if (typeof item === 'string') plainText(key, item);
  }
  if (request.body !== undefined) wireJson('body', request.body);
}
