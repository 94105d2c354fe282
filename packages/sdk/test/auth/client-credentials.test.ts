import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientCredentialsProvider, type ClientCredentialsOptions } from '../../src/auth/client-credentials.js';
import { APIConnectionError, APIUserAbortError, AuthError, ValidationError } from '../../src/core/errors.js';
import type { FetchLike } from '../../src/core/transport.js';
import { TEST_BACKOFF, captureLog, type CapturedLog } from './helpers.js';

const SECRET = 'Sx8Q~top.secret-value_123';
const TOKEN = 'opaque-access-token-abcdef';
const T0 = Date.UTC(2025, 0, 1);

function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

const ok = () => json({ token_type: 'Bearer', access_token: TOKEN, expires_in: 3599 });

let captured: CapturedLog;

function provider(fetchFn: FetchLike, overrides: Partial<ClientCredentialsOptions> = {}) {
  return new ClientCredentialsProvider({
    tenantId: 'tenant-1',
    clientId: 'client-1',
    clientSecret: SECRET,
    resourceId: 'api://luco',
    fetch: fetchFn,
    backoff: TEST_BACKOFF,
    log: captured.log,
    redactor: captured.redactor,
    userAgent: 'luco-sdk-node/0.1.0 node/20',
    ...overrides,
  });
}

function expectNoSecret(...texts: string[]) {
  for (const text of texts) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  captured = captureLog('debug');
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ClientCredentialsProvider request', () => {
  it('POSTs the v2.0 token request the way LucoPy does (Basic auth, form body, .default scope)', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => ok());
    const token = await provider(fetchFn).fetchToken();

    expect(token).toEqual({ token: TOKEN, expiresOnTimestamp: T0 + 3_599_000 });
    expect(fetchFn).toHaveBeenCalledTimes(1);
    const [url, init] = fetchFn.mock.calls[0]!;
    expect(url).toBe('https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token');
    expect(init.method).toBe('POST');
    const headers = new Headers(init.headers);
    expect(headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('user-agent')).toBe('luco-sdk-node/0.1.0 node/20');
    const basic = headers.get('authorization') ?? '';
    expect(basic.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(basic.slice(6), 'base64').toString('utf8')).toBe(`client-1:${SECRET}`);

    const form = new URLSearchParams(String(init.body));
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', scope: 'api://luco/.default' });
    // client_secret_basic: the secret is in the header only.
    expect(String(init.body)).not.toContain(SECRET);
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('encodes non-ASCII credentials as UTF-8 in the Basic header', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => ok());
    await provider(fetchFn, { clientId: 'clïent', clientSecret: 'sécret-✓-value' }).fetchToken();
    const basic = new Headers(fetchFn.mock.calls[0]![1].headers).get('authorization')!;
    expect(Buffer.from(basic.slice(6), 'base64').toString('utf8')).toBe('clïent:sécret-✓-value');
  });

  it('builds the URL from authorityHost (trailing slash tolerated) or uses tokenUrl as given', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => ok());
    await provider(fetchFn, { authorityHost: 'https://login.microsoftonline.us/' }).fetchToken();
    await provider(fetchFn, { tenantId: undefined, tokenUrl: 'https://luco.example.com/oauth/token' }).fetchToken();
    expect(fetchFn.mock.calls.map((call) => call[0])).toEqual([
      'https://login.microsoftonline.us/tenant-1/oauth2/v2.0/token',
      'https://luco.example.com/oauth/token',
    ]);
  });

  it('reads expires_in sent as a string (Azure AD v1) and refresh_in', async () => {
    const fetchFn = vi.fn<FetchLike>(async () =>
      json({ token_type: 'Bearer', access_token: TOKEN, expires_in: '3600', refresh_in: '1800' }),
    );
    await expect(provider(fetchFn).fetchToken()).resolves.toEqual({
      token: TOKEN,
      expiresOnTimestamp: T0 + 3_600_000,
      refreshAfterTimestamp: T0 + 1_800_000,
    });
  });

  it('returns a token with no expiry when expires_in is absent', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => json({ access_token: TOKEN }));
    const token = await provider(fetchFn).fetchToken();
    expect(token).toEqual({ token: TOKEN });
  });

  it('registers each token with the redactor and logs neither token nor secret', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => ok());
    await provider(fetchFn).fetchToken();
    expect(captured.redactor.redact(`Bearer-less ${TOKEN} and ${SECRET}`)).toBe('Bearer-less [REDACTED] and [REDACTED]');
    expect(captured.byLevel('debug').length).toBeGreaterThan(0);
    expectNoSecret(...captured.lines);
  });
});

describe('ClientCredentialsProvider retries', () => {
  it('retries 503 with backoff and then succeeds', async () => {
    const fetchFn = vi
      .fn<FetchLike>()
      .mockResolvedValueOnce(json({ error: 'temporarily_unavailable' }, { status: 503 }))
      .mockResolvedValueOnce(new Response('bad gateway', { status: 502 }))
      .mockResolvedValueOnce(ok());
    const pending = provider(fetchFn).fetchToken();

    await vi.advanceTimersByTimeAsync(249); // first backoff = 500 * 2^0 * 0.5
    expect(fetchFn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchFn).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(500); // second backoff = 500 * 2^1 * 0.5
    expect(fetchFn).toHaveBeenCalledTimes(3);
    await expect(pending).resolves.toMatchObject({ token: TOKEN });
    expect(captured.byLevel('warn').some((line) => line.includes('retrying'))).toBe(true);
  });

  it('waits exactly as long as Retry-After says', async () => {
    const fetchFn = vi
      .fn<FetchLike>()
      .mockResolvedValueOnce(json({ error: 'throttled' }, { status: 429, headers: { 'retry-after': '7' } }))
      .mockResolvedValueOnce(ok());
    const pending = provider(fetchFn).fetchToken();
    await vi.advanceTimersByTimeAsync(6_999);
    expect(fetchFn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchFn).toHaveBeenCalledTimes(2);
    await expect(pending).resolves.toMatchObject({ token: TOKEN });
  });

  it('does not wait for a Retry-After beyond the policy cap: it throws at once', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => json({ error: 'throttled' }, { status: 429, headers: { 'retry-after': '3600' } }));
    const error = await provider(fetchFn).fetchToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(429);
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxRetries and reports the last status', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => json({ error: 'server_error' }, { status: 500 }));
    const pending = provider(fetchFn, { maxRetries: 1 }).fetchToken().catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = await pending;
    expect(fetchFn).toHaveBeenCalledTimes(2);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 500, code: 'server_error' });
  });

  it('retries network errors and per-attempt timeouts', async () => {
    const fetchFn = vi
      .fn<FetchLike>()
      .mockRejectedValueOnce(new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }))
      .mockImplementationOnce(
        (_url, init) =>
          new Promise<Response>((_resolve, reject) => {
            init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
          }),
      )
      .mockResolvedValueOnce(ok());
    const pending = provider(fetchFn, { timeoutMs: 1_000 }).fetchToken();
    await vi.advanceTimersByTimeAsync(250); // backoff after the reset
    expect(fetchFn).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1_000 + 500); // the timeout, then the second backoff
    expect(fetchFn).toHaveBeenCalledTimes(3);
    await expect(pending).resolves.toMatchObject({ token: TOKEN });
  });

  it('wraps a connection failure that outlasts the retries in AuthError, keeping the cause', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    });
    const pending = provider(fetchFn, { maxRetries: 0 }).fetchToken().catch((e: unknown) => e);
    const error = (await pending) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.cause).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('stops when the caller aborts during a backoff, with APIUserAbortError', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => json({}, { status: 503 }));
    const controller = new AbortController();
    const pending = provider(fetchFn).fetchToken({ signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('shutdown'));
    expect(await pending).toBeInstanceOf(APIUserAbortError);
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });
});

describe('ClientCredentialsProvider errors', () => {
  it('turns 400 invalid_client into AuthError with the AADSTS code and no secret', async () => {
    const fetchFn = vi.fn<FetchLike>(async () =>
      json(
        {
          error: 'invalid_client',
          error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the value (got ${SECRET}).\r\nTrace ID: 0000\r\nCorrelation ID: 1111`,
          error_codes: [7000215],
        },
        { status: 400 },
      ),
    );
    const error = (await provider(fetchFn).fetchToken().catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.code).toBe('invalid_client (AADSTS7000215)');
    expect(error.status).toBe(400);
    expect(error.message).toContain('AADSTS7000215: Invalid client secret provided.');
    expect(error.message).not.toContain('Trace ID'); // first line only
    expect(error.message).toContain('[REDACTED]');
    expect(fetchFn).toHaveBeenCalledTimes(1); // a 400 is not retried
    expectNoSecret(error.message, String(error), JSON.stringify(error), inspect(error), ...captured.lines);
  });

  it('finds the AADSTS code in error_description when error_codes is absent', async () => {
    const fetchFn = vi.fn<FetchLike>(async () =>
      json({ error: 'unauthorized_client', error_description: 'AADSTS700016: Application not found.' }, { status: 400 }),
    );
    await expect(provider(fetchFn).fetchToken()).rejects.toMatchObject({ code: 'unauthorized_client (AADSTS700016)' });
  });

  it('reports a non-JSON error body by status alone', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => new Response('<html>forbidden</html>', { status: 403 }));
    const error = (await provider(fetchFn).fetchToken().catch((e: unknown) => e)) as AuthError;
    expect(error).toMatchObject({ status: 403, code: undefined, message: 'Token request failed with status 403' });
  });

  it.each([
    ['no access_token', { token_type: 'Bearer', expires_in: 3599 }, /no access_token/],
    ['an empty access_token', { access_token: '', expires_in: 3599 }, /no access_token/],
    ['an unreadable expires_in', { access_token: TOKEN, expires_in: 'soon' }, /expires_in/],
    ['an array', [TOKEN], /not a JSON object/],
  ])('rejects a success body with %s', async (_label, body, pattern) => {
    const fetchFn = vi.fn<FetchLike>(async () => json(body));
    const error = (await provider(fetchFn).fetchToken().catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(200);
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toContain(TOKEN);
  });

  it('rejects a success body that is not JSON', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => new Response(`access_token=${TOKEN}`, { status: 200 }));
    await expect(provider(fetchFn).fetchToken()).rejects.toThrow(/not JSON/);
  });
});

describe('ClientCredentialsProvider construction and secrecy', () => {
  it('requires tenantId unless tokenUrl is given', () => {
    const error = (() => {
      try {
        provider(vi.fn<FetchLike>(), { tenantId: undefined });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('tenantId');
  });

  it.each([
    ['clientId', { clientId: '' }],
    ['clientSecret', { clientSecret: ' ' }],
    ['resourceId', { resourceId: '' }],
    ['tokenUrl', { tokenUrl: 'http://tokens.example.com/token' }],
    ['tokenUrl', { tokenUrl: 'not a url' }],
    ['authorityHost', { authorityHost: 'ftp://login.example.com' }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['maxRetries', { maxRetries: -1 }],
  ] as const)('rejects a bad %s', (field, overrides) => {
    expect(() => provider(vi.fn<FetchLike>(), overrides)).toThrow(expect.objectContaining({ name: 'ValidationError', field }));
  });

  it('allows plain http only for loopback hosts', () => {
    const local = provider(vi.fn<FetchLike>(), { tokenUrl: 'http://127.0.0.1:8080/token' });
    expect(local.tokenUrl).toBe('http://127.0.0.1:8080/token');
  });

  it('keeps the secret out of JSON, inspect and the error thrown for a bad field', () => {
    const p = provider(vi.fn<FetchLike>());
    expect(JSON.parse(JSON.stringify(p))).toMatchObject({ clientId: 'client-1', scope: 'api://luco/.default' });
    expectNoSecret(JSON.stringify(p), inspect(p, { showHidden: true, depth: 5 }), String(p), Object.keys(p).join());
    const bad = (() => {
      try {
        provider(vi.fn<FetchLike>(), { tenantId: undefined, tokenUrl: 'nope' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a ValidationError');
    })();
    expectNoSecret(bad.message, String(bad));
  });
});
