import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientService } from '../../src/services/clients/clients.js';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';
import { tokenFor } from '../support/clients.js';
import { newClient, sessionCookieOf, signIn } from './support.js';

let t: TestApp;
afterEach(async () => t?.close());

const READ = { method: 'GET' as const, url: '/v2/slots/overview' };
const IMPORT = { method: 'POST' as const, url: '/v2/slotsequences/import', payload: { slotSequences: [] } };
const start = async () => (t = await createTestApp({ auth: TEST_AUTH, publicUrl: 'https://luco.example.com/' }));

describe('POST /lucots/v1/session', () => {
  it('signs in with a client id and secret: the session body and an HttpOnly, SameSite=Strict, 12-hour cookie; only its hash is stored', async () => {
    await start();
    const client = await newClient(t, 'writer');
    const response = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: client });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ clientId: client.clientId, name: 'writer for the dashboard', role: 'writer', expiresOn: new Date(t.clock.now + 12 * 3600 * 1000).toISOString() });
    expect(response.headers['cache-control']).toBe('no-store');
    const cookie = sessionCookieOf(response);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // light-my-request's host is localhost: a loopback host, where browsers keep Secure cookies over http.
    expect(cookie.attributes).toEqual(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=43200', 'Secure']);
    const rows = await t.database.db.selectFrom('ui_sessions').selectAll().execute();
    expect(rows).toEqual([expect.objectContaining({ client_id: client.clientId, token_hash: createHash('sha256').update(cookie.value).digest('hex') })]);
    expect(JSON.stringify(rows)).not.toContain(cookie.value);
  });

  it('leaves Secure off for plain http to a non-loopback host', async () => {
    await start();
    const client = await newClient(t, 'reader');
    const plain = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', headers: { host: 'luco.internal:8080' }, payload: client });
    expect(sessionCookieOf(plain).attributes).not.toContain('Secure');
  });

  it('a wrong secret, an unknown client and a revoked client get the same 401 invalid_client problem, and no cookie', async () => {
    await start();
    const client = await newClient(t, 'reader');
    const revoked = await newClient(t, 'reader');
    await new ClientService({ db: t.database.db, now: () => t.clock.now }).revoke(revoked.clientId);
    const answers = [];
    for (const payload of [{ ...client, clientSecret: 'wrong' }, { clientId: 'luco_0000000000000000', clientSecret: 'x' }, revoked]) {
      const response = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['set-cookie']).toBeUndefined();
      answers.push({ type: response.json().type, detail: response.json().detail });
    }
    expect(answers[0]).toEqual({ type: 'urn:lucots:problem:invalid_client', detail: 'Unknown client, wrong secret, or revoked client' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('bad bodies are 400 problems naming the field', async () => {
    await start();
    const cases: Array<[unknown, string]> = [
      [{ clientId: 'luco_1' }, 'clientSecret'],
      [{}, 'clientId'],
      [{ link: 'x', clientId: 'luco_1' }, 'link'],
      [{ clientId: 'a', clientSecret: 'b', extra: 1 }, 'extra'],
      [{ clientId: 5, clientSecret: 'b' }, 'clientId'],
    ];
    for (const [payload, field] of cases) {
      const response = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: payload as object });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const nul = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', headers: { 'content-type': 'application/json' }, payload: '{"clientId":"luco_\\u0000","clientSecret":"x"}' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0].field).toBe('clientId');
  });

  it('failed sign-ins are limited per address: the 11th failure in a minute is a 429 with Retry-After, even with the right secret', async () => {
    await start();
    const client = await newClient(t, 'reader');
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: { clientId: `luco_guess${attempt}`, clientSecret: 'x' } });
      expect(response.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: client });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().detail).toContain('retry after');
    // The token endpoint shares the budget: guesses cannot be split between the two.
    const token = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&scope=luco/.default&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
    });
    expect(token.statusCode).toBe(429);
  });
});

describe('the session cookie on the API', () => {
  it('GET /lucots/v1/session answers the session; without a live one 401 (and a dead cookie is cleared)', async () => {
    await start();
    const session = await signIn(t, 'admin');
    const current = await t.app.inject({ method: 'GET', url: '/lucots/v1/session', headers: { cookie: `theme=dark; ${session.cookie}` } });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ clientId: session.clientId, role: 'admin' });
    expect((await t.app.inject({ method: 'GET', url: '/lucots/v1/session' })).statusCode).toBe(401);
    const dead = await t.app.inject({ method: 'GET', url: '/lucots/v1/session', headers: { cookie: `luco_session=${'A'.repeat(43)}` } });
    expect(dead.statusCode).toBe(401);
    expect(sessionCookieOf(dead).attributes).toContain('Max-Age=0');
  });

  it('authorises reads like a bearer token of the same role, and refuses what the role may not do', async () => {
    await start();
    const reader = await signIn(t, 'reader');
    expect((await t.app.inject({ ...READ, headers: { cookie: reader.cookie } })).statusCode).toBe(200);
    const denied = await t.app.inject({ ...IMPORT, headers: { cookie: reader.cookie, 'x-luco-request': '1' } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toContain('admin');
  });

  it('a cookie-authorised change needs X-Luco-Request: 1 (403 without it); a bearer token does not', async () => {
    await start();
    const admin = await signIn(t, 'admin');
    const forged = await t.app.inject({ ...IMPORT, headers: { cookie: admin.cookie } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().detail).toContain('X-Luco-Request');
    expect((await t.app.inject({ ...IMPORT, headers: { cookie: admin.cookie, 'x-luco-request': '1' } })).statusCode).toBe(200);
    const bearer = await tokenFor(t, 'admin');
    expect((await t.app.inject({ ...IMPORT, headers: { authorization: `Bearer ${bearer.token}` } })).statusCode).toBe(200);
  });

  it('a bearer header wins over the cookie: a bad token is refused even beside a good cookie', async () => {
    await start();
    const reader = await signIn(t, 'reader');
    const response = await t.app.inject({ ...READ, headers: { cookie: reader.cookie, authorization: 'Bearer not-a-token' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toContain('bearer token');
  });

  it("a revoked client's session stops at once; a changed role applies at once", async () => {
    await start();
    const reader = await signIn(t, 'reader');
    const admin = await signIn(t, 'admin');
    expect((await t.app.inject({ ...READ, headers: { cookie: reader.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ ...READ, headers: { cookie: admin.cookie } })).statusCode).toBe(200);
    await new ClientService({ db: t.database.db, now: () => t.clock.now }).revoke(reader.clientId);
    const refused = await t.app.inject({ ...READ, headers: { cookie: reader.cookie } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toContain('sign in again');
    expect((await t.app.inject({ method: 'GET', url: '/lucots/v1/session', headers: { cookie: reader.cookie } })).statusCode).toBe(401);
    await t.database.db.updateTable('clients').set({ role: 'reader' }).where('client_id', '=', admin.clientId).execute();
    expect((await t.app.inject({ ...IMPORT, headers: { cookie: admin.cookie, 'x-luco-request': '1' } })).statusCode).toBe(403);
  });

  it('a session ends after 12 hours', async () => {
    await start();
    const reader = await signIn(t, 'reader');
    t.clock.now += 12 * 3600 * 1000 - 1000;
    expect((await t.app.inject({ ...READ, headers: { cookie: reader.cookie } })).statusCode).toBe(200);
    t.clock.now += 1000;
    expect((await t.app.inject({ ...READ, headers: { cookie: reader.cookie } })).statusCode).toBe(401);
    // Expired rows go when a new session starts.
    await signIn(t, 'reader');
    expect(await t.database.db.selectFrom('ui_sessions').select('client_id').execute()).toHaveLength(1);
  });

  it('DELETE /lucots/v1/session signs out (204, cookie cleared, the session no longer works); with the cookie it needs X-Luco-Request', async () => {
    await start();
    const reader = await signIn(t, 'reader');
    const forged = await t.app.inject({ method: 'DELETE', url: '/lucots/v1/session', headers: { cookie: reader.cookie } });
    expect(forged.statusCode).toBe(403);
    expect((await t.app.inject({ ...READ, headers: { cookie: reader.cookie } })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'DELETE', url: '/lucots/v1/session', headers: { cookie: reader.cookie, 'x-luco-request': '1' } });
    expect(out.statusCode).toBe(204);
    expect(sessionCookieOf(out).attributes).toContain('Max-Age=0');
    expect((await t.app.inject({ ...READ, headers: { cookie: reader.cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: '/lucots/v1/session' })).statusCode).toBe(204);
  });
});

describe('one-time sign-in links', () => {
  const createLink = (headers: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url: '/lucots/v1/session/links', headers, payload });
  const tokenOf = (url: string) => url.slice(url.indexOf('#link=') + '#link='.length);

  it('an admin makes a link for a client; it signs in once, as that client', async () => {
    await start();
    const admin = await tokenFor(t, 'admin');
    const reader = await newClient(t, 'reader');
    const made = await createLink({ authorization: `Bearer ${admin.token}` }, { clientId: reader.clientId });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toEqual({ url: expect.stringMatching(/^https:\/\/luco\.example\.com\/ui\/sign-in#link=[A-Za-z0-9_-]{43}$/), expiresOn: new Date(t.clock.now + 600_000).toISOString() });
    const link = tokenOf(made.json().url);
    const first = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: { link } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ clientId: reader.clientId, role: 'reader' });
    const { value } = sessionCookieOf(first);
    expect((await t.app.inject({ ...READ, headers: { cookie: `luco_session=${value}` } })).statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: { link } });
    expect(again.statusCode).toBe(401);
    expect(again.json().detail).toContain('link');
    expect(JSON.stringify(await t.database.db.selectFrom('ui_sign_in_links').selectAll().execute())).not.toContain(link);
  });

  it('a link expires after its ttl; it cannot sign in a client revoked meanwhile', async () => {
    await start();
    const admin = await tokenFor(t, 'admin');
    const reader = await newClient(t, 'reader');
    const as = { authorization: `Bearer ${admin.token}` };
    const short = tokenOf((await createLink(as, { clientId: reader.clientId, ttlSeconds: 60 })).json().url);
    const other = tokenOf((await createLink(as, { clientId: reader.clientId })).json().url);
    t.clock.now += 61_000;
    expect((await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: { link: short } })).statusCode).toBe(401);
    await new ClientService({ db: t.database.db, now: () => t.clock.now }).revoke(reader.clientId);
    expect((await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: { link: other } })).statusCode).toBe(401);
  });

  it('only admins make links; unknown or revoked clients are 404; ttl outside 60..3600 is a 400 naming it', async () => {
    await start();
    const admin = await tokenFor(t, 'admin');
    const reader = await tokenFor(t, 'reader');
    expect((await createLink({ authorization: `Bearer ${reader.token}` }, { clientId: reader.clientId })).statusCode).toBe(403);
    expect((await createLink({}, { clientId: reader.clientId })).statusCode).toBe(401);
    const unknown = await createLink({ authorization: `Bearer ${admin.token}` }, { clientId: 'luco_nobody' });
    expect(unknown.statusCode).toBe(404);
    for (const ttlSeconds of [59, 3601, 2_147_483_648]) {
      const response = await createLink({ authorization: `Bearer ${admin.token}` }, { clientId: reader.clientId, ttlSeconds });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('ttlSeconds');
    }
  });
});
