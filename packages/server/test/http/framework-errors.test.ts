import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, hostileFixture, type HostileFixture } from './hostile-fixture.js';

/**
 * Errors Fastify's router and Node's HTTP parser answer before any route runs are problem
 * documents in our shape too, with meaningful statuses (400, 414, 431).
 */
let f: HostileFixture;
let port: number;
beforeAll(async () => {
  f = await hostileFixture();
  await f.t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (f.t.app.server.address() as AddressInfo).port;
});
afterAll(async () => f.close());

const get = (url: string) => f.t.app.inject({ method: 'GET', url, headers: f.headers });

/** Sends raw bytes to the listening server and returns the whole answer (the server closes the connection). */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // Not end(): a half-closed socket may be dropped before a slow answer is written.
    socket.write(text);
  });
}

function parseRaw(answer: string): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> };
}

describe('router errors', () => {
  it('a path that is not valid URL encoding is a 400 problem', async () => {
    for (const url of [`/slots/1/submissions/%C0%AF/quality`, '/v2/slotsequences/%E0%A4%A', '/slots/%FF/submissions']) {
      const body = expectProblem(await get(url), 400);
      expect(body.type).toBe('urn:lucots:problem:invalid-url');
      expect(body.instance).toBe(url);
    }
  });

  it('a path segment over 100 characters is a 414 problem', async () => {
    const body = expectProblem(await get(`/v2/slotsequences/${'1'.repeat(101)}`), 414);
    expect(body).toMatchObject({ type: 'urn:lucots:problem:uri-too-long', title: 'URI Too Long' });
  });

  it('the answers carry the request id like every other answer', async () => {
    const response = await f.t.app.inject({ method: 'GET', url: '/slots/%C0/submissions', headers: { ...f.headers, 'x-request-id': 'bad-url-1' } });
    expect(response.headers['x-request-id']).toBe('bad-url-1');
    expect(response.json().requestId).toBe('bad-url-1');
  });
});

describe('requests Node refuses', () => {
  it('oversized headers are a 431 problem', async () => {
    const answer = parseRaw(await rawRequest(`GET /v2/slots/overview HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ type: 'urn:lucots:problem:headers-too-large', title: 'Request Header Fields Too Large', status: 431, instance: '/v2/slots/overview' });
    expect(answer.body.requestId).toBe(answer.headers['x-request-id']);
    expect(typeof answer.body.detail).toBe('string');
  });

  it('an over-long URL is a 431 problem too (it counts as header size)', async () => {
    const answer = parseRaw(await rawRequest(`GET /v2/slots/overview?type=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(answer.body).toMatchObject({ status: 431, instance: '/' });
  });

  it('a broken request is a 400 problem', async () => {
    const answer = parseRaw(await rawRequest('GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ type: 'urn:lucots:problem:invalid-request', status: 400, title: 'Bad Request', instance: '/healthz' });
  });

  it('the server still answers afterwards', async () => {
    const answer = await rawRequest('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
