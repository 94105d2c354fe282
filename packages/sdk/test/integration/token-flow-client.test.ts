import { afterEach, expect, it } from 'vitest';
import { AuthError, LucoApi } from '../../src/index.js';
import { type RecordingServer, startRecordingServer } from '../support/recording-server.js';
import { capturingLogger } from '../support/http-client-harness.js';

/**
 * LucoApi end to end with a service principal: the token comes from a real local endpoint (the
 * authority host points at it), then API calls carry it; a 401 makes the client fetch a new one.
 */

let server: RecordingServer;
afterEach(async () => server?.close());

const SECRET = 'client-secret-~value.42';

function authServer(options: { rejectFirstApiCall?: boolean; badSecret?: boolean } = {}) {
  let issued = 0;
  let apiCalls = 0;
  return startRecordingServer((request) => {
    if (request.path === '/tenant-1/oauth2/v2.0/token') {
      const [id, secret] = Buffer.from(String(request.headers.authorization).replace(/^Basic /, ''), 'base64').toString().split(':');
      const form = new URLSearchParams(request.body);
      if (id !== 'client-1' || secret !== SECRET || options.badSecret) {
        return { status: 401, body: { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided. Got ${secret}` } };
      }
      if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'api://luco/.default') return { status: 400, body: { error: 'invalid_request' } };
      issued++;
      return { body: { token_type: 'Bearer', access_token: `issued-token-${issued}`, expires_in: 3600 } };
    }
    apiCalls++;
    if (options.rejectFirstApiCall && apiCalls === 1) return { status: 401, body: { title: 'Unauthorized' } };
    return { body: { slotId: 5 } };
  });
}

it('gets a token with client_secret_basic and uses it as a bearer token, once for many calls', async () => {
  server = await authServer();
  const api = new LucoApi({ baseUrl: server.url, authorityHost: server.url, tenantId: 'tenant-1', clientId: 'client-1', clientSecret: SECRET, resourceId: 'api://luco', logLevel: 'off', env: {} });
  await api.findSlotId('a', { x: '1' });
  await api.findSlotId('b', { x: '1' });
  const tokenRequests = server.requests.filter((r) => r.path.includes('oauth2'));
  expect(tokenRequests).toHaveLength(1);
  expect(tokenRequests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(tokenRequests[0]?.body).not.toContain(SECRET);
  expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer issued-token-1', 'Bearer issued-token-1']);
});

it('tokenUrl points the client at another OAuth2 server, such as a LucoTS server', async () => {
  server = await authServer();
  const api = new LucoApi({ baseUrl: server.url, tokenUrl: `${server.url}/tenant-1/oauth2/v2.0/token`, clientId: 'client-1', clientSecret: SECRET, resourceId: 'api://luco', logLevel: 'off', env: {} });
  await expect(api.findSlotId('a', { x: '1' })).resolves.toBe(5);
});

it('a 401 from the API fetches a new token and replays the call once', async () => {
  server = await authServer({ rejectFirstApiCall: true });
  const api = new LucoApi({ baseUrl: server.url, authorityHost: server.url, tenantId: 'tenant-1', clientId: 'client-1', clientSecret: SECRET, resourceId: 'api://luco', logLevel: 'off', env: {} });
  await expect(api.findSlotId('a', { x: '1' })).resolves.toBe(5);
  expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer issued-token-1', 'Bearer issued-token-2']);
});

it('a refused secret is an AuthError with the provider code, and the secret appears nowhere', async () => {
  server = await authServer({ badSecret: true });
  const logger = capturingLogger();
  const api = new LucoApi({ baseUrl: server.url, authorityHost: server.url, tenantId: 'tenant-1', clientId: 'client-1', clientSecret: SECRET, resourceId: 'api://luco', logger, logLevel: 'debug', env: {} });
  const error = (await api.findSlotId('a', { x: '1' }).catch((e: unknown) => e)) as AuthError;
  expect(error).toBeInstanceOf(AuthError);
  expect(error.code).toContain('invalid_client');
  expect(server.apiRequests()).toHaveLength(0);
  for (const text of [error.message, String(error), JSON.stringify(error), ...logger.lines]) expect(text).not.toContain(SECRET);
});

it('clients of the same service principal share one token; another principal or another fetch gets its own', async () => {
  server = await authServer();
  const options = { baseUrl: server.url, authorityHost: server.url, tenantId: 'tenant-1', clientId: 'client-1', clientSecret: SECRET, resourceId: 'api://luco', logLevel: 'off', env: {} } as const;
  const first = new LucoApi(options);
  await first.findSlotId('a', { x: '1' });
  // A new client per pipeline run, and withOptions: no new token request.
  await new LucoApi(options).findSlotId('b', { x: '1' });
  await first.withOptions({ timeout: 5_000 }).findSlotId('c', { x: '1' });
  expect(server.requests.filter((r) => r.path.includes('oauth2'))).toHaveLength(1);

  // Its own fetch function: its own token.
  await new LucoApi({ ...options, fetch: (input, init) => fetch(input, init) }).findSlotId('d', { x: '1' });
  // Another scope (resource): its own token.
  await new LucoApi({ ...options, resourceId: 'api://luco2' }).findSlotId('e', { x: '1' }).catch(() => undefined);
  expect(server.requests.filter((r) => r.path.includes('oauth2'))).toHaveLength(3);
  expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer issued-token-1', 'Bearer issued-token-1', 'Bearer issued-token-1', 'Bearer issued-token-2']);
});

it('a 401 seen by one client of a shared token makes the others fetch a new one too', async () => {
  server = await authServer({ rejectFirstApiCall: true });
  const options = { baseUrl: server.url, authorityHost: server.url, tenantId: 'tenant-1', clientId: 'client-1', clientSecret: SECRET, resourceId: 'api://luco', logLevel: 'off', env: {} } as const;
  const first = new LucoApi(options);
  const second = new LucoApi(options);
  await expect(first.findSlotId('a', { x: '1' })).resolves.toBe(5);
  await expect(second.findSlotId('b', { x: '1' })).resolves.toBe(5);
  expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer issued-token-1', 'Bearer issued-token-2', 'Bearer issued-token-2']);
});

it('a shared token is redacted from the errors and logs of every client that uses it', async () => {
  const tokens = await authServer();
  // The API echoes what it was sent in its error, as a careless proxy might.
  server = await startRecordingServer((request) => ({ status: 400, body: { title: 'Bad Request', detail: `seen ${String(request.headers.authorization).slice(7)} here` } }));
  const options = { baseUrl: server.url, authorityHost: tokens.url, tenantId: 'tenant-1', clientId: 'client-1', clientSecret: SECRET, resourceId: 'api://luco', env: {}, maxRetries: 0 } as const;
  try {
    await new LucoApi({ ...options, logLevel: 'off' }).findSlotId('a', { x: '1' }).catch(() => undefined);
    const logger = capturingLogger();
    const error = (await new LucoApi({ ...options, logger, logLevel: 'debug' }).findSlotId('b', { x: '1' }).catch((e: unknown) => e)) as Error;
    expect(tokens.requests.filter((r) => r.path.includes('oauth2'))).toHaveLength(1);
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const text of [error.message, JSON.stringify(error), ...logger.lines]) expect(text).not.toContain('issued-token-1');
  } finally {
    await tokens.close();
  }
});
