import { afterEach, describe, expect, it } from 'vitest';
import { ClientService } from '../../src/services/clients/clients.js';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';

let t: TestApp;
afterEach(async () => t?.close());

const form = 'application/x-www-form-urlencoded';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function setup() {
  t = await createTestApp({ auth: TEST_AUTH });
  const client = await new ClientService({ db: t.database.db, now: () => t.clock.now }).create('writer', 'pipeline');
  return client;
}

describe('POST /oauth2/token', () => {
  it('issues a bearer token for client_secret_basic, as LucoPy sends it', async () => {
    const client = await setup();
    const response = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': form, authorization: basic(client.clientId, client.clientSecret) }, payload: 'grant_type=client_credentials&scope=luco/.default' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(body.access_token.split('.')).toHaveLength(3);
  });

  it('answers at the Azure AD path too, and takes the secret from the form', async () => {
    const client = await setup();
    const payload = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api://luco/.default', client_id: client.clientId, client_secret: client.clientSecret }).toString();
    const response = await t.app.inject({ method: 'POST', url: '/my-tenant/oauth2/v2.0/token', headers: { 'content-type': form }, payload });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a wrong secret, an unknown client, a revoked client, without echoing the secret', async () => {
    const client = await setup();
    const wrong = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': form, authorization: basic(client.clientId, 'not-the-secret') }, payload: 'grant_type=client_credentials' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toBe('invalid_client');
    expect(wrong.body).not.toContain('not-the-secret');
    await new ClientService({ db: t.database.db, now: () => t.clock.now }).revoke(client.clientId);
    const revoked = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': form, authorization: basic(client.clientId, client.clientSecret) }, payload: 'grant_type=client_credentials' });
    expect(revoked.statusCode).toBe(401);
  });

  it('refuses another grant type and a foreign scope with RFC 6749 errors', async () => {
    const client = await setup();
    const grant = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': form, authorization: basic(client.clientId, client.clientSecret) }, payload: 'grant_type=password' });
    expect(grant.statusCode).toBe(400);
    expect(grant.json().error).toBe('unsupported_grant_type');
    const scope = await t.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': form, authorization: basic(client.clientId, client.clientSecret) }, payload: 'grant_type=client_credentials&scope=other/.default' });
    expect(scope.json().error).toBe('invalid_scope');
  });
});
