import { afterEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';
import { tokenFor } from '../support/clients.js';

let t: TestApp;
afterEach(async () => t?.close());

/** A route per role: reads need reader, writes writer, imports admin. */
const READ = { method: 'GET' as const, url: '/v2/slots/overview' };
const WRITE = { method: 'POST' as const, url: '/slots/1/submissions' };
const IMPORT = { method: 'POST' as const, url: '/v2/slotsequences/import', payload: { slotSequences: [] } };

describe('who gets in', () => {
  it('every API call needs a bearer token: 401 problem without one', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const response = await t.app.inject(READ);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('forged, expired and wrong-audience tokens get 401', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const { token } = await tokenFor(t, 'admin');
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    expect((await t.app.inject({ ...READ, headers: { authorization: `Bearer ${forged}` } })).statusCode).toBe(401);
    const foreign = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('luco-server').setAudience('luco').setSubject('x').setExpirationTime('1h').sign(new Uint8Array(32));
    expect((await t.app.inject({ ...READ, headers: { authorization: `Bearer ${foreign}` } })).statusCode).toBe(401);
    t.clock.now += 2 * 3600 * 1000;
    const expired = await t.app.inject({ ...READ, headers: { authorization: `Bearer ${token}` } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).not.toContain(token);
  });

  it('a reader reads but may not write (403); a writer writes but may not import; an admin imports', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const reader = await tokenFor(t, 'reader');
    const writer = await tokenFor(t, 'writer');
    const admin = await tokenFor(t, 'admin');
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    expect((await t.app.inject({ ...READ, headers: as(reader.token) })).statusCode).toBe(200);
    const denied = await t.app.inject({ ...WRITE, headers: as(reader.token) });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toContain('writer');
    expect((await t.app.inject({ ...WRITE, headers: as(writer.token) })).statusCode).toBe(404);
    expect((await t.app.inject({ ...IMPORT, headers: as(writer.token) })).statusCode).toBe(403);
    expect((await t.app.inject({ ...IMPORT, headers: as(admin.token) })).statusCode).not.toBe(403);
  });

  it('healthz, the token endpoint and the OpenAPI document are public', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
  });
});
