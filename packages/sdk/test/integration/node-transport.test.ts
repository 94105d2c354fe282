import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { gzipSync } from 'node:zlib';
import { afterEach, expect, it } from 'vitest';
import { CONNECT_TIMEOUT_CODE, watchConnect } from '../../src/core/node-transport.js';
import { APIConnectionError, LucoApi } from '../../src/index.js';
import { type RecordingServer, startRecordingServer, staticIdentity } from '../support/recording-server.js';

/**
 * The SDK's default transport (node:http, not fetch) over real sockets: what it must do as fetch
 * did (redirects, compression, a body cut short) and what it does better (one socket for
 * consecutive calls).
 */

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function recording(handler: Parameters<typeof startRecordingServer>[0]): Promise<RecordingServer> {
  const server = await startRecordingServer(handler);
  servers.push(server);
  return server;
}

async function plainServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function api(url: string) {
  return new LucoApi({ baseUrl: url, identity: staticIdentity, logLevel: 'off', env: {}, maxRetries: 0 });
}

it('uses one keep-alive connection for consecutive calls (fetch alternated two)', async () => {
  const server = await recording(() => ({ body: { slotId: 1 } }));
  const client = api(server.url);
  for (let i = 0; i < 6; i++) await client.findSlotId(`t${i}`, { a: '1' });
  expect(server.requests).toHaveLength(6);
  expect(new Set(server.requests.map((request) => request.remotePort)).size).toBe(1);
});

it('follows a 307 with the same method, body and headers, as fetch does', async () => {
  const server = await recording((request) =>
    request.path === '/slots/7/submissions' ? { status: 307, headers: { location: '/moved/slots/7/submissions' } } : { status: 201, body: { slotSubmissionId: 11 } },
  );
  const submission = await api(server.url).createSubmission(7, { stage: 'extract' });
  expect(submission.submissionId).toBe(11);
  const [first, second] = server.requests;
  expect(second?.method).toBe('POST');
  expect(second?.path).toBe('/moved/slots/7/submissions');
  expect(second?.body).toBe(first?.body);
  expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
  expect(second?.headers.authorization).toBe('Bearer test-access-token');
});

it('follows a 303 with a GET without a body, and drops Authorization on a redirect to another origin', async () => {
  const other = await recording(() => ({ body: { slotSubmissionId: 12 } }));
  const server = await recording(() => ({ status: 303, headers: { location: `${other.url}/elsewhere` } }));
  const submission = await api(server.url).createSubmission(7);
  expect(submission.submissionId).toBe(12);
  const [redirected] = other.requests;
  expect(redirected?.method).toBe('GET');
  expect(redirected?.body).toBe('');
  expect(redirected?.headers['content-type']).toBeUndefined();
  expect(redirected?.headers.authorization).toBeUndefined();
});

it('asks for compression as fetch does and decodes a gzip answer', async () => {
  let acceptEncoding: string | undefined;
  const url = await plainServer((req, res) => {
    acceptEncoding = req.headers['accept-encoding'];
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(JSON.stringify({ slotId: 42 })));
  });
  await expect(api(url).findSlotId('t', { a: '1' })).resolves.toBe(42);
  expect(acceptEncoding).toBe('gzip, deflate');
});

it('an answer cut short mid-body is a connection error, not a truncated result', async () => {
  const url = await plainServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"slotId":');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  const error = await api(url).findSlotId('t', { a: '1' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(APIConnectionError);
  expect((error as APIConnectionError).requestMayHaveBeenSent).toBe(true);
});

it('an answer slower than the idle-socket timeout (4 s) is waited for, as a long poll needs', async () => {
  const url = await plainServer((req, res) => {
    req.resume();
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ slotId: 9 }));
    }, 4_500);
  });
  await expect(api(url).findSlotId('t', { a: '1' })).resolves.toBe(9);
}, 15_000);

it('a connection not made in time fails the attempt; one that connects, or is reused, is left alone', async () => {
  const timedOut: string[] = [];
  const connecting = (name: string) => Object.assign(new EventEmitter(), { connecting: true, name });
  const hanging = connecting('hanging');
  const tcp = connecting('tcp');
  const tls = connecting('tls');
  watchConnect(hanging, false, 30, () => timedOut.push('hanging'));
  watchConnect(tcp, false, 30, () => timedOut.push('tcp'));
  watchConnect(tls, true, 30, () => timedOut.push('tls'));
  watchConnect(Object.assign(new EventEmitter(), { connecting: false }), false, 30, () => timedOut.push('reused'));
  tcp.emit('connect');
  // Over https the request leaves once TLS is set up, not when TCP connects.
  tls.emit('connect');
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(timedOut).toEqual(['hanging', 'tls']);
  expect(tcp.listenerCount('close')).toBe(0);
});

it('a connect timeout counts as never sent, so even a POST to a server without keys is tried again', async () => {
  let calls = 0;
  const server = await recording(() => ({ status: 201, body: { slotSubmissionId: 5 } }));
  const client = new LucoApi({
    baseUrl: server.url,
    identity: staticIdentity,
    logLevel: 'off',
    env: {},
    idempotency: 'not-honoured',
    backoff: { baseDelayMs: 1, maxDelayMs: 2 },
    fetch: async (input, init) => {
      if (calls++ === 0) throw new TypeError('fetch failed', { cause: Object.assign(new Error('no connection'), { code: CONNECT_TIMEOUT_CODE }) });
      return fetch(input, init);
    },
  });
  await expect(client.createSubmission(7)).resolves.toMatchObject({ submissionId: 5 });
  expect(calls).toBe(2);
});
