import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as secrets from '../../src/auth/secrets.js';
import { TOKEN_ENDPOINT_LIMITS } from '../../src/auth/token-endpoint-limits.js';
import { ClientService } from '../../src/services/clients/clients.js';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';

// Counts the secret checks the token endpoint makes, without changing what they do.
vi.mock('../../src/auth/secrets.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/auth/secrets.js')>();
  return { ...original, verifySecret: vi.fn(original.verifySecret) };
});

let t: TestApp;
afterEach(async () => t?.close());
beforeEach(() => vi.mocked(secrets.verifySecret).mockClear());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function tokenRequest(id: string, secret: string, remoteAddress = '127.0.0.1') {
  return t.app.inject({
    method: 'POST',
    url: '/oauth2/token',
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) },
    payload: 'grant_type=client_credentials&scope=luco/.default',
  });
}

async function setup() {
  t = await createTestApp({ auth: TEST_AUTH });
  return new ClientService({ db: t.database.db, now: () => t.clock.now }).create('writer', 'pipeline');
}

describe('token endpoint rate limits', () => {
  it('many wrong secrets from one address get a 429 with Retry-After in the OAuth error form; a right secret from another address still works', async () => {
    const client = await setup();
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_ENDPOINT_LIMITS.failuresPerAddress.burst + 2; i++) statuses.push((await tokenRequest(client.clientId, `wrong-${i}`, '10.0.0.1')).statusCode);
    expect(statuses.slice(0, TOKEN_ENDPOINT_LIMITS.failuresPerAddress.burst).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);

    const limited = await tokenRequest(client.clientId, client.clientSecret, '10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.headers['cache-control']).toBe('no-store');
    expect(limited.json()).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringContaining('retry after') });

    expect((await tokenRequest(client.clientId, client.clientSecret, '10.0.0.2')).statusCode).toBe(200);
  });

  it('wrong secrets for one client id from many addresses lock that id only', async () => {
    const client = await setup();
    const other = await new ClientService({ db: t.database.db, now: () => t.clock.now }).create('reader', 'other');
    const failures = TOKEN_ENDPOINT_LIMITS.failuresPerClient.burst;
    for (let i = 0; i < failures; i++) expect((await tokenRequest(client.clientId, 'wrong', `10.1.0.${i}`)).statusCode).toBe(401);
    const locked = await tokenRequest(client.clientId, client.clientSecret, '10.2.0.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    expect((await tokenRequest(other.clientId, other.clientSecret, '10.2.0.1')).statusCode).toBe(200);
  });

  it('an unknown client id costs the same secret check as a known one (timing does not tell which ids exist)', async () => {
    const client = await setup();
    const verify = vi.mocked(secrets.verifySecret);
    expect((await tokenRequest(client.clientId, 'wrong', '10.3.0.1')).statusCode).toBe(401);
    const known = verify.mock.calls.length;
    verify.mockClear();
    expect((await tokenRequest('luco_00000000000000ff', 'wrong', '10.3.0.2')).statusCode).toBe(401);
    const unknown = verify.mock.calls.length;
    verify.mockClear();
    await new ClientService({ db: t.database.db, now: () => t.clock.now }).revoke(client.clientId);
    expect((await tokenRequest(client.clientId, 'wrong', '10.3.0.3')).statusCode).toBe(401);
    const revoked = verify.mock.calls.length;
    expect(known).toBe(1);
    expect(unknown).toBe(known);
    expect(revoked).toBe(known);
    // The unknown id was checked against a hash with the current scrypt parameters, as real ones are.
    const [, hash] = verify.mock.calls[0]!;
    expect(hash.split('$').slice(0, 4)).toEqual((await secrets.hashSecret('x')).split('$').slice(0, 4));
  });

  it('every request counts against a generous per-address limit', async () => {
    await setup();
    const { burst } = TOKEN_ENDPOINT_LIMITS.requestsPerAddress;
    const send = () => t.app.inject({ method: 'POST', url: '/oauth2/token', remoteAddress: '10.4.0.1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=password' });
    for (let i = 0; i < burst; i++) expect((await send()).statusCode).toBe(400);
    // The bucket refills while the burst is sent (a few per second): allow for a few more.
    let limited = await send();
    for (let extra = 0; limited.statusCode === 400 && extra < 50; extra++) limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
