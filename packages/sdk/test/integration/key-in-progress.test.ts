import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, LucoApi } from '../../src/index.js';
import { type RecordingServer, type Reply, startRecordingServer, staticIdentity } from '../support/recording-server.js';

/**
 * Two requests with one Idempotency-Key at once, over real sockets: the server answers the second
 * with 409 and Retry-After while it still processes the first (as LucoTS does). The client waits
 * and asks again, and gets the first request's answer; a 409 without Retry-After is a conflict.
 */

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function api(url: string, extra: Partial<ConstructorParameters<typeof LucoApi>[0]> = {}) {
  return new LucoApi({ baseUrl: url, identity: staticIdentity, logLevel: 'off', env: {}, backoff: { baseDelayMs: 5, maxDelayMs: 20 }, ...extra });
}

const honoured = { 'x-luco-idempotency': 'honoured' };

/**
 * A server that processes a keyed POST slowly, answers a request whose key is in progress with
 * 409 + Retry-After (seconds, or `retry-after-ms`), and replays the stored answer afterwards.
 */
function keyedServer(options: { processingMs: number; retryAfter: Record<string, string> }) {
  const answers = new Map<string, Reply>();
  const inProgress = new Set<string>();
  let nextSubmission = 40;
  return async (request: { method: string; headers: Record<string, string | string[] | undefined> }): Promise<Reply> => {
    const key = String(request.headers['idempotency-key']);
    const stored = answers.get(key);
    if (stored) return stored;
    if (inProgress.has(key)) return { status: 409, headers: { ...honoured, ...options.retryAfter }, body: { title: 'Conflict', detail: 'A request with this Idempotency-Key is still being processed' } };
    inProgress.add(key);
    await new Promise((resolve) => setTimeout(resolve, options.processingMs));
    const answer: Reply = { status: 201, headers: honoured, body: { slotSubmissionId: nextSubmission++, slotId: 7 } };
    answers.set(key, answer);
    inProgress.delete(key);
    return answer;
  };
}

describe('a 409 while the same Idempotency-Key is in progress', () => {
  it('the losing request waits the Retry-After, asks again with the same key, and gets the first answer', async () => {
    server = await startRecordingServer(keyedServer({ processingMs: 300, retryAfter: { 'retry-after': '1' } }));
    const client = api(server.url);
    const first = client.createSubmission(7, { idempotencyKey: 'one-key' });
    // The second starts while the first is being processed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const second = await client.createSubmission(7, { idempotencyKey: 'one-key' });
    const waited = Date.now() - started;
    expect((await first).submissionId).toBe(40);
    expect(second.submissionId).toBe(40);
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual(['one-key', 'one-key', 'one-key']);
    // Retry-After: 1 was honoured (a generous bound: the point is that it waited, not how fast).
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(server.requests[2]?.headers['x-luco-retry-count']).toBe('1');
  });

  it('is retried within the usual budget, then thrown as a ConflictError', async () => {
    server = await startRecordingServer(keyedServer({ processingMs: 1_000, retryAfter: { 'retry-after-ms': '20' } }));
    const client = api(server.url, { maxRetries: 2 });
    const first = client.createSubmission(7, { idempotencyKey: 'slow-key' }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await client.createSubmission(7, { idempotencyKey: 'slow-key' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    // The first request, then the second and its two retries.
    expect(server.requests).toHaveLength(4);
    await server.close();
    server = undefined;
    await first;
  });

  it('a Retry-After above the cap is not slept through', async () => {
    server = await startRecordingServer(() => ({ status: 409, headers: { ...honoured, 'retry-after': '120' }, body: { title: 'Conflict' } }));
    const error = await api(server.url).createSubmission(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(server.requests).toHaveLength(1);
  });

  it('a 409 without Retry-After is a real conflict: a ConflictError at once', async () => {
    server = await startRecordingServer(() => ({ status: 409, headers: honoured, body: { title: 'Conflict', detail: 'already exists' } }));
    const error = await api(server.url).createSubmission(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).detail).toBe('already exists');
    expect(server.requests).toHaveLength(1);
  });
});
