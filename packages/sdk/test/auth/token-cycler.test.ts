import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenCycler } from '../../src/auth/token-cycler.js';
import type { AccessToken, TokenProvider } from '../../src/auth/types.js';
import { APIUserAbortError, AuthError } from '../../src/core/errors.js';
import { captureLog, deferred, flush, type CapturedLog, type Deferred } from './helpers.js';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1);

type Fetched = Awaited<ReturnType<TokenProvider['fetchToken']>>;

let captured: CapturedLog;

/** A provider whose every fetch is a deferred the test settles by hand. */
function manualProvider() {
  const pending: Array<Deferred<Fetched>> = [];
  const fetchToken = vi.fn<TokenProvider['fetchToken']>(() => {
    const next = deferred<Fetched>();
    pending.push(next);
    return next.promise;
  });
  return { provider: { fetchToken } satisfies TokenProvider, fetchToken, pending };
}

/** A provider that answers at once with tokens valid for `lifetimeMs` from the current (fake) time. */
function instantProvider(lifetimeMs: number | undefined) {
  let n = 0;
  const fetchToken = vi.fn<TokenProvider['fetchToken']>(async () => {
    n++;
    return lifetimeMs === undefined ? { token: `t${n}` } : { token: `t${n}`, expiresOnTimestamp: Date.now() + lifetimeMs };
  });
  return { provider: { fetchToken } satisfies TokenProvider, fetchToken };
}

const cycler = (provider: TokenProvider) => new TokenCycler(provider, { log: captured.log, redactor: captured.redactor });
const hour = (token: string): AccessToken => ({ token, expiresOnTimestamp: Date.now() + 60 * MIN });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  captured = captureLog('debug');
});

afterEach(() => {
  vi.useRealTimers();
});

describe('TokenCycler caching and single flight', () => {
  it('fetches once and serves the cached token until the refresh point', async () => {
    const { provider, fetchToken } = instantProvider(60 * MIN);
    const source = cycler(provider);
    expect(await source.getToken()).toBe('t1');
    vi.setSystemTime(T0 + 54 * MIN);
    expect(await source.getToken()).toBe('t1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('shares one fetch among 5 concurrent callers', async () => {
    const { provider, fetchToken, pending } = manualProvider();
    const source = cycler(provider);
    const callers = Array.from({ length: 5 }, () => source.getToken());
    await flush();
    expect(fetchToken).toHaveBeenCalledTimes(1);
    pending[0]!.resolve(hour('shared'));
    expect(await Promise.all(callers)).toEqual(Array(5).fill('shared'));
    expect(await source.getToken()).toBe('shared');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('uses the injected clock instead of Date.now', async () => {
    let clock = 1_000;
    const fetchToken = vi.fn<TokenProvider['fetchToken']>(async () => ({ token: `at-${clock}`, expiresOnTimestamp: clock + 60 * MIN }));
    const source = new TokenCycler({ fetchToken }, { log: captured.log, redactor: captured.redactor, now: () => clock });
    expect(await source.getToken()).toBe('at-1000');
    clock += 59 * MIN + 45_000; // inside the 30 s must-refresh margin
    expect(await source.getToken()).toBe(`at-${clock}`);
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });
});

describe('TokenCycler refresh windows', () => {
  it('refreshes in the background from 5 min before expiry, serving the old token meanwhile', async () => {
    const { provider, fetchToken, pending } = manualProvider();
    const source = cycler(provider);
    const first = source.getToken();
    pending[0]!.resolve(hour('old'));
    expect(await first).toBe('old');

    vi.setSystemTime(T0 + 55 * MIN);
    expect(await source.getToken()).toBe('old'); // not blocked by the refresh
    expect(await source.getToken()).toBe('old');
    expect(fetchToken).toHaveBeenCalledTimes(2); // one background refresh, not one per call
    pending[1]!.resolve(hour('new'));
    await flush();
    expect(await source.getToken()).toBe('new');
  });

  it('refreshes a short-lived token at half its lifetime, not on every call', async () => {
    const { provider, fetchToken } = instantProvider(6 * MIN); // 5 min before expiry would be minute 1
    const source = cycler(provider);
    await source.getToken();
    vi.setSystemTime(T0 + 2 * MIN);
    await source.getToken();
    expect(fetchToken).toHaveBeenCalledTimes(1);
    vi.setSystemTime(T0 + 3 * MIN);
    expect(await source.getToken()).toBe('t1');
    await flush();
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(await source.getToken()).toBe('t2');
  });

  it('honours refreshAfterTimestamp (refresh_in) when given', async () => {
    let n = 0;
    const fetchToken = vi.fn<TokenProvider['fetchToken']>(async () => ({
      token: `t${++n}`,
      expiresOnTimestamp: Date.now() + 60 * MIN,
      refreshAfterTimestamp: Date.now() + 10 * MIN,
    }));
    const source = cycler({ fetchToken });
    await source.getToken();
    vi.setSystemTime(T0 + 10 * MIN - 1);
    await source.getToken();
    expect(fetchToken).toHaveBeenCalledTimes(1);
    vi.setSystemTime(T0 + 10 * MIN);
    await source.getToken();
    await flush();
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('makes callers wait within 30 s of expiry, and passes the error on as AuthError', async () => {
    const { provider, pending } = manualProvider();
    const source = cycler(provider);
    const first = source.getToken();
    pending[0]!.resolve(hour('old'));
    await first;

    vi.setSystemTime(T0 + 60 * MIN - 30_000);
    let settled = false;
    const waiting = source.getToken().finally(() => {
      settled = true;
    });
    await flush();
    expect(settled).toBe(false); // the nearly expired token is not served
    pending[1]!.reject(new Error('token endpoint down'));
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain('token endpoint down');
    expect((error as AuthError).cause).toBeInstanceOf(Error);
  });

  it('passes an AuthError from the provider through unchanged', async () => {
    const original = new AuthError('invalid_client', { code: 'invalid_client', status: 401 });
    const source = cycler({ fetchToken: vi.fn(async () => Promise.reject(original)) });
    await expect(source.getToken()).rejects.toBe(original);
  });

  it('fetches a token with no expiry for every call, still one fetch for concurrent calls', async () => {
    const { provider, fetchToken } = instantProvider(undefined);
    const source = cycler(provider);
    expect(await source.getToken()).toBe('t1');
    expect(await source.getToken()).toBe('t2');
    const [a, b] = await Promise.all([source.getToken(), source.getToken()]);
    expect([a, b]).toEqual(['t3', 't3']);
    expect(fetchToken).toHaveBeenCalledTimes(3);
  });
});

describe('TokenCycler invalidate', () => {
  it('drops the cached token so the next call fetches', async () => {
    const { provider, fetchToken } = instantProvider(60 * MIN);
    const source = cycler(provider);
    expect(await source.getToken()).toBe('t1');
    source.invalidate();
    expect(await source.getToken()).toBe('t2');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('discards the token of a refresh started before invalidate()', async () => {
    const { provider, fetchToken, pending } = manualProvider();
    const source = cycler(provider);
    const first = source.getToken();
    pending[0]!.resolve(hour('t1'));
    await first;

    vi.setSystemTime(T0 + 56 * MIN);
    expect(await source.getToken()).toBe('t1'); // starts background refresh #2
    expect(fetchToken).toHaveBeenCalledTimes(2);

    source.invalidate(); // e.g. the API answered 401
    const afterInvalidate = source.getToken();
    await flush();
    expect(fetchToken).toHaveBeenCalledTimes(3); // did not join the pre-invalidation fetch
    pending[2]!.resolve(hour('t3'));
    expect(await afterInvalidate).toBe('t3');

    pending[1]!.resolve(hour('stale')); // the old refresh finishes last
    await flush();
    expect(await source.getToken()).toBe('t3');
    expect(fetchToken).toHaveBeenCalledTimes(3);
    expect(captured.byLevel('debug').some((line) => line.includes('Discarded'))).toBe(true);
  });
});

describe('TokenCycler background failures', () => {
  it('logs at warn (redacted), keeps serving, retries no sooner than 3 s, then recovers', async () => {
    const secret = 'leaky-secret-in-error-9876';
    captured.redactor.add(secret);
    const { provider, fetchToken, pending } = manualProvider();
    const source = cycler(provider);
    const first = source.getToken();
    pending[0]!.resolve(hour('t1'));
    await first;

    vi.setSystemTime(T0 + 56 * MIN);
    expect(await source.getToken()).toBe('t1');
    pending[1]!.reject(new Error(`refresh failed for ${secret}`));
    await flush();
    const warnings = captured.byLevel('warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('refresh failed for [REDACTED]');
    expect(warnings[0]).not.toContain(secret);

    vi.setSystemTime(T0 + 56 * MIN + 2_999);
    expect(await source.getToken()).toBe('t1');
    expect(fetchToken).toHaveBeenCalledTimes(2); // throttled

    vi.setSystemTime(T0 + 56 * MIN + 3_000);
    expect(await source.getToken()).toBe('t1');
    expect(fetchToken).toHaveBeenCalledTimes(3);
    pending[2]!.resolve(hour('t2'));
    await flush();
    expect(await source.getToken()).toBe('t2');
    expect(captured.byLevel('warn')).toHaveLength(1);
  });
});

describe('TokenCycler cancellation', () => {
  it("aborting one waiter does not cancel the shared fetch the others wait on", async () => {
    const { provider, fetchToken, pending } = manualProvider();
    const source = cycler(provider);
    const controller = new AbortController();
    const aborted = source.getToken({ signal: controller.signal }).catch((e: unknown) => e);
    const patient = source.getToken();
    await flush();
    controller.abort(new Error('caller gave up'));
    const error = await aborted;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).cause).toEqual(new Error('caller gave up'));

    pending[0]!.resolve(hour('t1'));
    expect(await patient).toBe('t1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(fetchToken.mock.calls[0]![0].signal).toBeUndefined(); // no caller signal reaches the shared fetch
    expect(await source.getToken()).toBe('t1'); // the abandoned fetch still filled the cache
  });

  it('rejects at once for an already aborted signal, without fetching', async () => {
    const { provider, fetchToken } = instantProvider(60 * MIN);
    await expect(cycler(provider).getToken({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(fetchToken).not.toHaveBeenCalled();
  });

  it('removes its abort listener once the wait ends', async () => {
    const { provider } = instantProvider(60 * MIN);
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    await cycler(provider).getToken({ signal: controller.signal });
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });
});
