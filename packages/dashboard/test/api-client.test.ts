import { describe, expect, it } from 'vitest';
import { ApiClient, queryString } from '../src/api/client';
import { ApiError, describeError, parseRetryAfter, problemFromResponse } from '../src/api/problem';

function recordingFetch(status: number, body: string, headers: Record<string, string> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : body, { status, headers });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('queryString', () => {
  it('repeats array keys and leaves out empty values', () => {
    expect(queryString({ a: 1, b: ['x', 'y'], c: undefined, d: null, e: '', f: [] })).toBe('?a=1&b=x&b=y');
    expect(queryString({})).toBe('');
    expect(queryString(undefined)).toBe('');
    expect(queryString({ q: 'a b&c' })).toBe('?q=a+b%26c');
  });
});

describe('problemFromResponse', () => {
  it('reads an RFC 9457 problem: title, detail, fields, request id', () => {
    const body = JSON.stringify({
      type: 'urn:lucots:problem:invalid_client',
      title: 'Invalid client',
      status: 401,
      detail: 'The client id or secret is wrong.',
      requestId: 'r-1',
      errors: [{ field: 'clientSecret', message: 'is wrong' }, { nonsense: true }],
    });
    const error = problemFromResponse(401, null, body);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(error.title).toBe('Invalid client');
    expect(error.detail).toBe('The client id or secret is wrong.');
    expect(error.fields).toEqual([{ field: 'clientSecret', message: 'is wrong' }]);
    expect(error.requestId).toBe('r-1');
  });

  it('still says something readable when the body is not a problem', () => {
    const error = problemFromResponse(502, null, '<html>Bad gateway</html>');
    expect(error.title).toBe('Bad gateway');
    expect(error.detail).toBe('The server answered HTTP 502.');
    expect(problemFromResponse(418, null, '').title).toBe('Request failed');
  });

  it('keeps Retry-After seconds', () => {
    expect(problemFromResponse(429, '12', '{}').retryAfterSeconds).toBe(12);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('describeError', () => {
  it('names a network failure as one', () => {
    expect(describeError(new TypeError('Failed to fetch')).title).toBe('Cannot reach the server');
    expect(describeError(new Error('boom'))).toEqual({ title: 'Something went wrong', detail: 'boom' });
  });
});

describe('ApiClient', () => {
  it('sends reads with the session cookie and no CSRF header', async () => {
    const { calls, fetchImpl } = recordingFetch(200, '{"ok":true}');
    const api = new ApiClient(fetchImpl);
    expect(await api.get('/v2/slots/overview', { slotId: [3] })).toEqual({ ok: true });
    expect(calls[0]?.url).toBe('/v2/slots/overview?slotId=3');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect((calls[0]?.init.headers as Record<string, string>)['X-Luco-Request']).toBeUndefined();
  });

  it('marks every write with X-Luco-Request: 1 and sends JSON', async () => {
    const { calls, fetchImpl } = recordingFetch(200, '{"clientId":"c"}');
    const api = new ApiClient(fetchImpl);
    await api.request('/lucots/v1/session', { method: 'POST', body: { clientId: 'c', clientSecret: 's' } });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['X-Luco-Request']).toBe('1');
    expect(headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"clientId":"c","clientSecret":"s"}');
  });

  it('answers undefined for 204', async () => {
    const { fetchImpl } = recordingFetch(204, '');
    await expect(new ApiClient(fetchImpl).request('/lucots/v1/session', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('sends the viewer to sign in on a 401, unless the caller handles it', async () => {
    const { fetchImpl } = recordingFetch(401, JSON.stringify({ title: 'Unauthorized', detail: 'Sign in first', status: 401 }));
    const api = new ApiClient(fetchImpl);
    let signOuts = 0;
    api.onUnauthorized = () => {
      signOuts += 1;
    };
    await expect(api.get('/v2/slotsequences/overview')).rejects.toMatchObject({ status: 401, detail: 'Sign in first' });
    expect(signOuts).toBe(1);
    await expect(api.request('/lucots/v1/session', { allowUnauthorized: true })).rejects.toBeInstanceOf(ApiError);
    expect(signOuts).toBe(1);
  });

  it('turns a non-JSON success into a readable error', async () => {
    const { fetchImpl } = recordingFetch(200, '<html></html>');
    await expect(new ApiClient(fetchImpl).get('/x')).rejects.toMatchObject({ title: 'Unreadable answer' });
  });
});
