import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from '../../src/core/errors.js';
import { json, refused, reset, scriptedFetch } from '../support/fake-fetch.js';
import { makeHttpClient } from '../support/http-client-harness.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Runs a request while advancing fake time; resolves to its outcome. */
async function settle<T>(promise: Promise<T>, advanceMs = 120_000): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  await vi.advanceTimersByTimeAsync(advanceMs);
  return outcome;
}

describe('retry policy', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries a GET on %i and succeeds', async (status) => {
    const { fetch, calls } = scriptedFetch([json(status, { title: 'busy' }), json(200, { ok: 1 })]);
    const { http } = makeHttpClient(fetch);
    const result = await settle(http.request({ method: 'GET', path: '/x' }));
    expect(result.value?.data).toEqual({ ok: 1 });
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.headers['x-luco-retry-count'])).toEqual(['0', '1']);
  });

  it.each([400, 403, 404, 409, 422, 501])('does not retry %i', async (status) => {
    const { fetch, calls } = scriptedFetch([json(status, { title: 'no' })]);
    const { http } = makeHttpClient(fetch);
    const result = await settle(http.request({ method: 'GET', path: '/x' }));
    expect(result.error).toBeDefined();
    expect(calls).toHaveLength(1);
  });

  it('gives up after maxRetries and throws the last error, mapped to its class', async () => {
    const { fetch, calls } = scriptedFetch([json(503, {}), json(503, {}), json(503, { title: 'still down' })]);
    const { http } = makeHttpClient(fetch, { maxRetries: 2 });
    const { error } = await settle(http.request({ method: 'GET', path: '/x' }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(503);
    expect(calls).toHaveLength(3);
  });

  it('maps statuses to error classes with the problem detail and request id', async () => {
    const { fetch } = scriptedFetch([
      json(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: "slot 'abc' not found" }, { 'x-request-id': 'req-1' }),
      json(400, { title: 'Bad Request', detail: 'querystring/Tag must not be empty' }),
    ]);
    const { http } = makeHttpClient(fetch);
    const notFound = (await settle(http.request({ method: 'GET', path: '/slots/search/' }))).error as NotFoundError;
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound.message).toBe("404 GET /slots/search/: slot 'abc' not found (request id req-1)");
    expect(notFound.requestId).toBe('req-1');
    expect(notFound.problem?.title).toBe('Not Found');
    const bad = (await settle(http.request({ method: 'GET', path: '/x' }))).error as BadRequestError;
    expect(bad).toBeInstanceOf(BadRequestError);
    expect(bad.detail).toBe('querystring/Tag must not be empty');
  });

  it('obeys x-should-retry: false on a retryable status', async () => {
    const { fetch, calls } = scriptedFetch([json(503, {}, { 'x-should-retry': 'false' })]);
    const { http } = makeHttpClient(fetch);
    await settle(http.request({ method: 'GET', path: '/x' }));
    expect(calls).toHaveLength(1);
  });

  it('retries network errors on GET', async () => {
    const { fetch, calls } = scriptedFetch([reset(), json(200, { ok: 1 })]);
    const { http } = makeHttpClient(fetch);
    expect((await settle(http.request({ method: 'GET', path: '/x' }))).value?.data).toEqual({ ok: 1 });
    expect(calls).toHaveLength(2);
  });
});

describe('backoff and Retry-After', () => {
  it('waits min(0.5 s * 2^n, 8 s) scaled by jitter between attempts', async () => {
    const { fetch, calls } = scriptedFetch([json(503, {}), json(503, {}), json(503, {}), json(200, {})]);
    const { http } = makeHttpClient(fetch, { maxRetries: 3 });
    const promise = http.request({ method: 'GET', path: '/x' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(4);
    await promise;
  });

  it('honours Retry-After in seconds', async () => {
    const { fetch, calls } = scriptedFetch([json(429, {}, { 'retry-after': '3' }), json(200, {})]);
    const { http } = makeHttpClient(fetch);
    const promise = http.request({ method: 'GET', path: '/x' });
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await promise;
  });

  it('honours retry-after-ms and an HTTP-date Retry-After', async () => {
    vi.setSystemTime(new Date('2026-11-27T10:00:00Z'));
    const { fetch, calls } = scriptedFetch([
      json(503, {}, { 'retry-after-ms': '250' }),
      json(503, {}, { 'retry-after': 'Fri, 27 Nov 2026 10:00:05 GMT' }),
      json(200, {}),
    ]);
    const { http } = makeHttpClient(fetch);
    const promise = http.request({ method: 'GET', path: '/x' });
    await vi.advanceTimersByTimeAsync(250);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(3);
    await promise;
  });

  it('does not sleep through a Retry-After above the cap: RateLimitError carries it', async () => {
    const { fetch, calls } = scriptedFetch([json(429, { title: 'slow down' }, { 'retry-after': '3600' })]);
    const { http } = makeHttpClient(fetch);
    const { error } = await settle(http.request({ method: 'GET', path: '/x' }), 0);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(calls).toHaveLength(1);
  });
});

describe('POST safety', () => {
  it('sends one Idempotency-Key per call, the same on every retry', async () => {
    const { fetch, calls } = scriptedFetch([json(503, {}), json(200, { id: 1 })]);
    const { http } = makeHttpClient(fetch, { idempotency: 'honoured' });
    await settle(http.request({ method: 'POST', path: '/x', body: { a: 1 } }));
    expect(calls).toHaveLength(2);
    expect(calls[0]?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[1]?.headers['idempotency-key']).toBe(calls[0]?.headers['idempotency-key']);
    const second = scriptedFetch([json(200, {})]);
    const other = makeHttpClient(second.fetch);
    await settle(other.http.request({ method: 'POST', path: '/x', body: {} }));
    expect(second.calls[0]?.headers['idempotency-key']).not.toBe(calls[0]?.headers['idempotency-key']);
  });

  it('uses the caller idempotencyKey', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const { http } = makeHttpClient(fetch);
    await settle(http.request({ method: 'POST', path: '/x', body: {}, options: { idempotencyKey: 'evt-42' } }));
    expect(calls[0]?.headers['idempotency-key']).toBe('evt-42');
  });

  it('does not retry a POST that reached a server not known to honour the key', async () => {
    for (const step of [json(503, {}), reset()]) {
      const { fetch, calls } = scriptedFetch([step, json(200, {})]);
      const { http } = makeHttpClient(fetch);
      const { error } = await settle(http.request({ method: 'POST', path: '/x', body: {} }));
      expect(error).toBeDefined();
      expect(calls).toHaveLength(1);
    }
  });

  it('retries a POST that provably never left (connection refused)', async () => {
    const { fetch, calls } = scriptedFetch([refused(), json(200, { id: 1 })]);
    const { http } = makeHttpClient(fetch);
    expect((await settle(http.request({ method: 'POST', path: '/x', body: {} }))).value?.data).toEqual({ id: 1 });
    expect(calls).toHaveLength(2);
  });

  it('retries a POST on 429, which the server did not process', async () => {
    const { fetch, calls } = scriptedFetch([json(429, {}, { 'retry-after': '1' }), json(200, {})]);
    const { http } = makeHttpClient(fetch);
    await settle(http.request({ method: 'POST', path: '/x', body: {} }));
    expect(calls).toHaveLength(2);
  });

  it('learns from x-luco-idempotency that the server honours the key, then retries POSTs', async () => {
    const { fetch, calls } = scriptedFetch([
      json(200, {}, { 'x-luco-idempotency': 'honoured' }),
      reset(),
      json(200, { id: 2 }),
    ]);
    const { http } = makeHttpClient(fetch);
    await settle(http.request({ method: 'GET', path: '/x' }));
    expect((await settle(http.request({ method: 'POST', path: '/x', body: {} }))).value?.data).toEqual({ id: 2 });
    expect(calls).toHaveLength(3);
    expect(calls[2]?.headers['idempotency-key']).toBe(calls[1]?.headers['idempotency-key']);
  });

  it('a connection error that exhausts retries is an APIConnectionError', async () => {
    const { fetch } = scriptedFetch([refused(), refused(), refused()]);
    const { http } = makeHttpClient(fetch);
    const { error } = await settle(http.request({ method: 'GET', path: '/x' }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).requestMayHaveBeenSent).toBe(false);
  });
});

describe('401 handling', () => {
  it('refreshes the token once and replays once', async () => {
    const { fetch, calls } = scriptedFetch([json(401, {}), json(200, { ok: 1 })]);
    const { http, tokens } = makeHttpClient(fetch, { maxRetries: 0 });
    expect((await settle(http.request({ method: 'POST', path: '/x', body: {} }))).value?.data).toEqual({ ok: 1 });
    expect(tokens.invalidations).toBe(1);
    expect(calls.map((c) => c.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('a second 401 is an AuthenticationError, with no further replay', async () => {
    const { fetch, calls } = scriptedFetch([json(401, {}), json(401, { title: 'Unauthorized' })]);
    const { http, tokens } = makeHttpClient(fetch);
    const { error } = await settle(http.request({ method: 'GET', path: '/x' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(tokens.invalidations).toBe(1);
    expect(calls).toHaveLength(2);
  });
});

describe('timeouts and cancellation', () => {
  const hanging = (_call: unknown, init: RequestInit) =>
    new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));

  it('times out each attempt, retries, and finally throws APIConnectionTimeoutError', async () => {
    const { fetch, calls } = scriptedFetch([hanging, hanging]);
    const { http } = makeHttpClient(fetch, { timeoutMs: 1000, maxRetries: 1 });
    const { error } = await settle(http.request({ method: 'GET', path: '/x' }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(calls).toHaveLength(2);
  });

  it('a per-call timeout overrides the client one', async () => {
    const { fetch } = scriptedFetch([hanging]);
    const { http } = makeHttpClient(fetch, { timeoutMs: 60_000 });
    const outcome = http.request({ method: 'GET', path: '/x', options: { timeout: 50, maxRetries: 0 } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    expect(await outcome).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('the caller signal aborts an attempt in flight, without retrying', async () => {
    const { fetch, calls } = scriptedFetch([hanging, json(200, {})]);
    const { http } = makeHttpClient(fetch);
    const controller = new AbortController();
    const outcome = http.request({ method: 'GET', path: '/x', options: { signal: controller.signal } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('user gave up'));
    const error = await outcome;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).cause).toEqual(new Error('user gave up'));
    expect(calls).toHaveLength(1);
  });

  it('the caller signal aborts a back-off sleep', async () => {
    const { fetch, calls } = scriptedFetch([json(503, {}), json(200, {})]);
    const { http } = makeHttpClient(fetch);
    const controller = new AbortController();
    const outcome = http.request({ method: 'GET', path: '/x', options: { signal: controller.signal } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect(await outcome).toBeInstanceOf(APIUserAbortError);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const { http } = makeHttpClient(fetch);
    const { error } = await settle(http.request({ method: 'GET', path: '/x', options: { signal: AbortSignal.abort() } }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(0);
  });
});
