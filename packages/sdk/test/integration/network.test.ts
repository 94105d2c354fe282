import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, InternalServerError, LucoApi } from '../../src/index.js';
import { type RecordingServer, startRecordingServer, staticIdentity } from '../support/recording-server.js';

/** Real sockets on loopback: timeouts, resets, refused connections and keep-alive. */

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fastBackoff = { baseDelayMs: 5, maxDelayMs: 20 };

function api(url: string, extra: Partial<ConstructorParameters<typeof LucoApi>[0]> = {}) {
  return new LucoApi({ baseUrl: url, identity: staticIdentity, logLevel: 'off', env: {}, backoff: fastBackoff, ...extra });
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('over real sockets', () => {
  it('a server that never answers times out each attempt, then APIConnectionTimeoutError', async () => {
    server = await startRecordingServer(() => ({ hang: true }));
    const error = await api(server.url, { timeout: 150, maxRetries: 1 }).findSlotId('x', { a: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests).toHaveLength(2);
  });

  it('the caller AbortSignal cancels a request in flight', async () => {
    server = await startRecordingServer(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = api(server.url).findSlotId('x', { a: '1' }, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('a connection reset on a GET is retried', async () => {
    let calls = 0;
    server = await startRecordingServer(() => (++calls === 1 ? { destroy: true } : { body: { slotId: 4 } }));
    await expect(api(server.url).findSlotId('x', { a: '1' })).resolves.toBe(4);
    expect(server.requests).toHaveLength(2);
  });

  it('a connection reset on createSubmission is NOT retried when the server does not honour Idempotency-Key', async () => {
    server = await startRecordingServer(() => ({ destroy: true }));
    const error = await api(server.url).createSubmission(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it('a 503 on createSubmission is retried with the same key when the server honours it', async () => {
    let calls = 0;
    server = await startRecordingServer(() =>
      ++calls === 1
        ? { status: 503, headers: { 'x-luco-idempotency': 'honoured' }, body: { title: 'busy' } }
        : { status: 201, headers: { 'x-luco-idempotency': 'honoured' }, body: { slotSubmissionId: 12 } },
    );
    const submission = await api(server.url).createSubmission(7);
    expect(submission.submissionId).toBe(12);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers['idempotency-key']).toBe(server.requests[0]?.headers['idempotency-key']);
  });

  it('a 503 on createSubmission is not retried when the client says the server does not honour keys', async () => {
    server = await startRecordingServer(() => ({ status: 503, headers: { 'x-luco-idempotency': 'honoured' }, body: { title: 'busy' } }));
    const error = await api(server.url, { idempotency: 'not-honoured' }).createSubmission(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('a refused connection is an APIConnectionError that says the request was never sent', async () => {
    const port = await closedPort();
    const error = await api(`http://127.0.0.1:${port}`, { maxRetries: 1 }).createSubmission(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).requestMayHaveBeenSent).toBe(false);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('reuses keep-alive connections for consecutive requests', async () => {
    server = await startRecordingServer(() => ({ body: { slotId: 1 } }));
    const client = api(server.url);
    for (let i = 0; i < 6; i++) await client.findSlotId(`t${i}`, { a: '1' });
    expect(server.requests).toHaveLength(6);
    // Node's fetch may open a second socket while the first is being returned to its pool, but
    // connections are reused: six calls never cost six connections.
    expect(new Set(server.requests.map((request) => request.remotePort)).size).toBeLessThanOrEqual(2);
  });
});
