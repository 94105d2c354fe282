import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClientCredentialsProvider } from '../../src/auth/client-credentials.js';
import { TokenCycler } from '../../src/auth/token-cycler.js';
import { APIConnectionError, AuthError } from '../../src/core/errors.js';
import { captureLog, type CapturedLog } from './helpers.js';

/** A real Azure-AD-like token endpoint on 127.0.0.1, checking the request as Azure AD would. */

const CLIENT_ID = '6f1c0de1-0000-4000-8000-00000000c1d1';
const GOOD_SECRET = 'G00d~Secret.Value_for-tests';
const WRONG_SECRET = 'Wr0ng~Secret.Value_for-tests';
const TENANT = 'contoso-tenant';
const RESOURCE = 'api://luco-api';
const ISSUED_TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJsdWNvIn0.signature-part-1';

interface Seen {
  method: string | undefined;
  path: string | undefined;
  headers: IncomingMessage['headers'];
  basic: string;
  form: Record<string, string>;
}

let server: Server;
let host: string;
let seen: Seen[] = [];
/** Per-test script of statuses to answer before the normal behaviour (e.g. [503]). */
let script: number[] = [];
let echoSecretInError = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const auth = req.headers.authorization ?? '';
      const basic = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
      const form = Object.fromEntries(new URLSearchParams(body));
      seen.push({ method: req.method, path: req.url, headers: req.headers, basic, form });

      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(payload));
      };
      const scripted = script.shift();
      if (scripted !== undefined) {
        reply(scripted, { error: 'temporarily_unavailable' }, { 'retry-after': '0' });
        return;
      }
      if (req.method !== 'POST' || req.url !== `/${TENANT}/oauth2/v2.0/token`) {
        reply(404, { error: 'not_found' });
        return;
      }
      if (form.grant_type !== 'client_credentials' || form.scope !== `${RESOURCE}/.default` || 'client_secret' in form) {
        reply(400, { error: 'invalid_request', error_description: 'AADSTS900144: bad form' });
        return;
      }
      const separator = basic.indexOf(':');
      const id = basic.slice(0, separator);
      const secret = basic.slice(separator + 1);
      if (id !== CLIENT_ID || secret !== GOOD_SECRET) {
        const echo = echoSecretInError ? ` (received '${secret}')` : '';
        reply(401, {
          error: 'invalid_client',
          error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID${echo}.\r\nTrace ID: 5a1d\r\nCorrelation ID: 9c2e\r\nTimestamp: 2025-01-01 00:00:00Z`,
          error_codes: [7000215],
          trace_id: '5a1d',
        });
        return;
      }
      reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: ISSUED_TOKEN });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let captured: CapturedLog;

beforeEach(() => {
  seen = [];
  script = [];
  echoSecretInError = false;
  captured = captureLog('debug');
});

function makeProvider(clientSecret: string, authorityHost = host) {
  return new ClientCredentialsProvider({
    tenantId: TENANT,
    clientId: CLIENT_ID,
    clientSecret,
    resourceId: RESOURCE,
    authorityHost,
    fetch: (url, init) => fetch(url, init),
    timeoutMs: 5_000,
    backoff: { baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 1_000, random: () => 0 },
    log: captured.log,
    redactor: captured.redactor,
    userAgent: 'luco-sdk-node/test',
  });
}

function assertSecretNowhere(secret: string, error: unknown) {
  const err = error as Error;
  const texts = [err.message, err.toString(), String(err), inspect(err, { depth: 5 }), JSON.stringify(err), ...captured.lines];
  for (const text of texts) expect(text).not.toContain(secret);
}

describe('client credentials against a real token endpoint', () => {
  it('obtains a token with Basic auth and the form fields, and the cycler caches it', async () => {
    const source = new TokenCycler(makeProvider(GOOD_SECRET), { log: captured.log, redactor: captured.redactor });
    expect(await source.getToken()).toBe(ISSUED_TOKEN);
    expect(await source.getToken()).toBe(ISSUED_TOKEN);

    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/${TENANT}/oauth2/v2.0/token`,
      basic: `${CLIENT_ID}:${GOOD_SECRET}`,
      form: { grant_type: 'client_credentials', scope: `${RESOURCE}/.default` },
    });
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('luco-sdk-node/test');

    expect(captured.lines.length).toBeGreaterThan(0);
    for (const line of captured.lines) {
      expect(line).not.toContain(GOOD_SECRET);
      expect(line).not.toContain(ISSUED_TOKEN);
    }
  });

  it('retries a 503 from the endpoint and then succeeds', async () => {
    script = [503];
    await expect(makeProvider(GOOD_SECRET).fetchToken()).resolves.toMatchObject({ token: ISSUED_TOKEN });
    expect(seen).toHaveLength(2);
  });

  it('reports 401 invalid_client as AuthError with the AADSTS code and no secret anywhere', async () => {
    const source = new TokenCycler(makeProvider(WRONG_SECRET), { log: captured.log, redactor: captured.redactor });
    const error = await source.getToken().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client (AADSTS7000215)' });
    expect((error as AuthError).message).toContain('AADSTS7000215: Invalid client secret provided.');
    expect((error as AuthError).message).not.toContain('Trace ID');
    expect(seen).toHaveLength(1); // 401 is not retried
    assertSecretNowhere(WRONG_SECRET, error);
  });

  it('redacts the secret even when the endpoint echoes it in error_description', async () => {
    echoSecretInError = true;
    const error = await makeProvider(WRONG_SECRET).fetchToken().catch((e: unknown) => e);
    expect((error as AuthError).message).toContain("(received '[REDACTED]')");
    assertSecretNowhere(WRONG_SECRET, error);
  });

  it('reports an unreachable endpoint as AuthError caused by APIConnectionError, after retrying', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadHost = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await makeProvider(GOOD_SECRET, deadHost).fetchToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).cause).toBeInstanceOf(APIConnectionError);
    expect(captured.byLevel('warn').filter((line) => line.includes('retrying'))).toHaveLength(2);
    assertSecretNowhere(GOOD_SECRET, error);
  });
});
