import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';

/** Every error the token routes answer is an RFC 6749 error object, never a 500 for bad input. */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const PATHS = ['/oauth2/token', '/my-tenant/oauth2/v2.0/token'];

function expectOAuthError(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, error: string) {
  expect(response.statusCode).toBe(status);
  expect(String(response.headers['content-type'])).toContain('application/json');
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.json()).toEqual({ error, error_description: expect.any(String) });
}

describe('token endpoint errors', () => {
  it.each(PATHS)('%s: a text/plain body is a 415 invalid_request (no authentication needed)', async (url) => {
    t = await createTestApp({ auth: TEST_AUTH });
    const response = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: 'grant_type=client_credentials' });
    expectOAuthError(response, 415, 'invalid_request');
  });

  it('a JSON body, even a well-formed one, is a 415: the endpoint takes forms only, as RFC 6749 says', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const json = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/json' }, payload: { grant_type: 'client_credentials' } });
    expectOAuthError(json, 415, 'invalid_request');
    const broken = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/json' }, payload: '{"grant_type":' });
    expectOAuthError(broken, 415, 'invalid_request');
  });

  it('a form with a charset parameter is a form; a missing body is a 400 invalid_request (a required parameter is missing)', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const charset = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, payload: 'grant_type=password' });
    expectOAuthError(charset, 400, 'unsupported_grant_type');
    expectOAuthError(await t.app.inject({ method: 'POST', url: '/oauth2/token' }), 400, 'invalid_request');
  });

  it('a NUL character or an oversized id in the credentials is a 401 invalid_client, on SQLite and PostgreSQL alike', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const nulForm = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: form, payload: 'grant_type=client_credentials&client_id=%00&client_secret=x&scope=luco/.default' });
    expectOAuthError(nulForm, 401, 'invalid_client');
    const nulBasic = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { ...form, authorization: `Basic ${Buffer.from('luco_\u0000x:secret').toString('base64')}` }, payload: 'grant_type=client_credentials' });
    expectOAuthError(nulBasic, 401, 'invalid_client');
    const long = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: form, payload: `grant_type=client_credentials&client_id=${'a'.repeat(5000)}&client_secret=x` });
    expectOAuthError(long, 401, 'invalid_client');
  });

  it('a body over 64 KiB is a 413 invalid_request', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const response = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&pad=${'x'.repeat(70_000)}` });
    expectOAuthError(response, 413, 'invalid_request');
  });

  it('a server fault is a 500 server_error naming the request id, not a crash of the error serialiser', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    await t.database.db.schema.dropTable('clients').execute();
    const response = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('luco_1:secret').toString('base64')}` }, payload: 'grant_type=client_credentials' });
    expectOAuthError(response, 500, 'server_error');
    expect((response.json() as { error_description: string }).error_description).toContain(String(response.headers['x-request-id']));
  });

  it('the OpenAPI document lists each error status of the token routes with the OAuth error shape', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, { post: { responses: Record<string, unknown> } }> };
    for (const path of ['/oauth2/token', '/{tenant}/oauth2/v2.0/token']) {
      expect(Object.keys(document.paths[path]!.post.responses).sort()).toEqual(['200', '400', '401', '413', '415', '429', '500']);
    }
  });
});
