import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, LucoApi, TokenEndpointError } from '../../src/index.js';
import { type Handler, type RecordingServer, startRecordingServer } from '../support/recording-server.js';

/**
 * A token URL that is not a token endpoint (a wrong path, the API's own URL, a web page) is its
 * own error, naming the URL tried and what to check, never the secret: not "bad credentials".
 */

const SECRET = 'Sup3r~Secret.Value-for-token-endpoint-tests';
let server: RecordingServer;
afterEach(async () => server?.close());

async function serve(handler: Handler): Promise<string> {
  server = await startRecordingServer(handler);
  return server.url;
}

function client(url: string, extra: Record<string, string> = {}): LucoApi {
  return new LucoApi({ baseUrl: url, clientId: 'client-1', clientSecret: SECRET, resourceId: 'luco', maxRetries: 0, logLevel: 'off', env: {}, ...extra });
}

async function failure(api: LucoApi): Promise<Error> {
  const error = await api.findSlotSequenceId({ client: 'acme' }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('a token URL that is not a token endpoint', () => {
  it('a 404 is a TokenEndpointError naming the URL tried and what a LucoTS server would have, never the secret', async () => {
    const url = await serve((request) => (request.path === '/oauth2/token' ? { body: { access_token: 't', expires_in: 3600 } } : { status: 404, body: { title: 'Not Found', status: 404 } }));
    const error = await failure(client(url, { tokenUrl: `${url}/oauth/token` }));
    expect(error).toBeInstanceOf(TokenEndpointError);
    // Still an AuthError: no token could be had, and the fix is in the auth settings.
    expect(error).toBeInstanceOf(AuthError);
    expect(error.name).toBe('TokenEndpointError');
    expect((error as TokenEndpointError).status).toBe(404);
    expect((error as TokenEndpointError).tokenUrl).toBe(`${url}/oauth/token`);
    expect(error.message).toBe(
      `The token URL ${url}/oauth/token is not a token endpoint: it answered 404 Not Found. ` +
        `Check tokenUrl (LUCO_TOKEN_URL): a LucoTS server's token URL is <base URL>/oauth2/token (here ${url}/oauth2/token); ` +
        'for Azure AD leave tokenUrl unset and set tenantId (LUCO_TENANT_ID), the URL is derived from it.',
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(SECRET);
    // Nothing went to the API without a token.
    expect(server.requests.map((request) => request.path)).toEqual(['/oauth/token']);
  });

  it('a 405 (the API base URL given as the token URL) is one too', async () => {
    const url = await serve((request) => (request.method === 'POST' ? { status: 405, body: { title: 'Method Not Allowed' } } : { body: {} }));
    const error = await failure(client(url, { tokenUrl: url }));
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.message).toMatch(new RegExp(`^The token URL ${url}/? is not a token endpoint: it answered 405 Method Not Allowed\\.`));
  });

  it('a web page answering 200 is one too; the page itself is never quoted', async () => {
    const url = await serve(() => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><html><body>Sign in</body></html>' }));
    const error = await failure(client(url, { tokenUrl: `${url}/login` }));
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.message).toContain('it answered 200 OK with an HTML page.');
    expect(error.message).not.toContain('Sign in');
  });

  it('with a URL derived from the tenant, it says to check the tenant id and the authority', async () => {
    const url = await serve(() => ({ status: 404, body: 'Not Found' }));
    const error = await failure(client(url, { tenantId: 'contoso', authorityHost: `${url}/` }));
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.message).toContain(`The token URL ${url}/contoso/oauth2/v2.0/token is not a token endpoint: it answered 404 Not Found.`);
    expect(error.message).toContain('This URL is derived from authorityHost (LUCO_AUTHORITY_HOST) and tenantId (LUCO_TENANT_ID): check both');
  });

  it('refused credentials stay a plain AuthError', async () => {
    const url = await serve(() => ({ status: 401, body: { error: 'invalid_client', error_description: 'unknown client or wrong secret' } }));
    const error = await failure(client(url, { tokenUrl: `${url}/oauth2/token` }));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).not.toBeInstanceOf(TokenEndpointError);
    expect((error as AuthError).code).toBe('invalid_client');
  });
});
