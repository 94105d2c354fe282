import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdentityTokenProvider, normalizeGeneratedToken } from '../../src/auth/identity-provider.js';
import { TokenCycler } from '../../src/auth/token-cycler.js';
import type { GeneratedToken, LucoIdentity } from '../../src/auth/types.js';
import { APIUserAbortError, AuthError, ValidationError } from '../../src/core/errors.js';
import { Redactor } from '../../src/core/redact.js';
import { captureLog, makeJwt } from './helpers.js';

const EXPIRY = Date.UTC(2030, 0, 1);

const identity = (result: GeneratedToken | (() => Promise<GeneratedToken>)): LucoIdentity => ({
  generateToken: typeof result === 'function' ? result : () => result,
});

async function fetchWith(id: LucoIdentity, redactor = new Redactor()) {
  return new IdentityTokenProvider(id, { redactor }).fetchToken({});
}

describe('IdentityTokenProvider accepts every GeneratedToken form', () => {
  it('an opaque string: no expiry, so it is fetched per request', async () => {
    await expect(fetchWith(identity('opaque-token-value'))).resolves.toEqual({ token: 'opaque-token-value' });
  });

  it("a JWT string: expiry from its exp claim", async () => {
    const jwt = makeJwt({ exp: EXPIRY / 1000 });
    await expect(fetchWith(identity(jwt))).resolves.toEqual({ token: jwt, expiresOnTimestamp: EXPIRY });
  });

  it('an AccessToken, keeping refreshAfterTimestamp', async () => {
    const token = { token: 'abc1', expiresOnTimestamp: EXPIRY, refreshAfterTimestamp: EXPIRY - 1000 };
    await expect(fetchWith(identity(token))).resolves.toEqual(token);
  });

  it.each([
    ['{token, expiresOn: Date}', { token: 'abc1', expiresOn: new Date(EXPIRY) }],
    ['{token, expiresOn: number}', { token: 'abc1', expiresOn: EXPIRY }],
    ['[token, Date] (LucoPy tuple)', ['abc1', new Date(EXPIRY)] as const],
    ['[token, number]', ['abc1', EXPIRY] as const],
  ])('%s', async (_label, generated) => {
    await expect(fetchWith(identity(generated))).resolves.toEqual({ token: 'abc1', expiresOnTimestamp: EXPIRY });
  });

  it('an async generateToken, called as a method (this is kept)', async () => {
    const custom = {
      secretStore: 'tok-from-store',
      async generateToken(this: { secretStore: string }) {
        return { token: this.secretStore, expiresOn: EXPIRY };
      },
    };
    await expect(fetchWith(custom)).resolves.toEqual({ token: 'tok-from-store', expiresOnTimestamp: EXPIRY });
  });

  it('registers the token with the redactor', async () => {
    const redactor = new Redactor();
    await fetchWith(identity('opaque-token-value'), redactor);
    expect(redactor.redact('x opaque-token-value y')).toBe('x [REDACTED] y');
  });
});

describe('IdentityTokenProvider validation and errors', () => {
  it.each([
    ['an empty string', ''],
    ['an empty token in an object', { token: '', expiresOn: EXPIRY }],
    ['an invalid Date', { token: 'abc1', expiresOn: new Date('not a date') }],
    ['a NaN expiry', ['abc1', Number.NaN]],
    ['an infinite expiry', { token: 'abc1', expiresOnTimestamp: Number.POSITIVE_INFINITY }],
    ['a non-finite refreshAfterTimestamp', { token: 'abc1', expiresOnTimestamp: EXPIRY, refreshAfterTimestamp: Number.NaN }],
    ['a 3-tuple', ['abc1', EXPIRY, 'extra']],
    ['an object with neither expiry field', { token: 'abc1' }],
    ['null', null],
    ['a number', 42],
  ])('rejects %s with AuthError', async (_label, generated) => {
    const error = await fetchWith(identity(generated as GeneratedToken)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/^Custom identity returned an invalid token/);
  });

  it('never quotes the rejected token in the message', async () => {
    const error = (await fetchWith(identity({ token: 'real-looking-token-1', expiresOn: Number.NaN })).catch(
      (e: unknown) => e,
    )) as AuthError;
    expect(error.message).not.toContain('real-looking-token-1');
  });

  it('wraps an error thrown by the identity, keeping the cause and redacting the message', async () => {
    const redactor = new Redactor();
    redactor.add('kv-secret-value-77');
    const original = new Error('vault refused credential kv-secret-value-77');
    const error = (await fetchWith(
      identity(async () => {
        throw original;
      }),
      redactor,
    ).catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.cause).toBe(original);
    expect(error.message).toBe('Custom identity failed to generate a token: vault refused credential [REDACTED]');
  });

  it('wraps a synchronous throw and a thrown non-Error too', async () => {
    const sync = await fetchWith({
      generateToken: () => {
        throw new TypeError('boom');
      },
    }).catch((e: unknown) => e);
    expect(sync).toMatchObject({ name: 'AuthError', cause: expect.any(TypeError) });
    const odd = await fetchWith(identity(() => Promise.reject('plain string'))).catch((e: unknown) => e);
    expect(odd).toMatchObject({ name: 'AuthError', cause: 'plain string' });
  });

  it('refuses an object without generateToken', () => {
    expect(() => new IdentityTokenProvider({} as LucoIdentity, { redactor: new Redactor() })).toThrow(ValidationError);
  });

  it('does not call the identity when the signal is already aborted', async () => {
    const generateToken = vi.fn(() => 'tok1');
    const provider = new IdentityTokenProvider({ generateToken }, { redactor: new Redactor() });
    await expect(provider.fetchToken({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(generateToken).not.toHaveBeenCalled();
  });

  it('normalizeGeneratedToken is usable on its own', () => {
    expect(normalizeGeneratedToken(['abc1', new Date(EXPIRY)])).toEqual({ token: 'abc1', expiresOnTimestamp: EXPIRY });
  });
});

describe('IdentityTokenProvider with the TokenCycler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2025, 0, 1));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('caches a JWT until its exp-based refresh point, and refetches an opaque string every time', async () => {
    const { log, redactor } = captureLog('debug');
    const jwtIdentity = { generateToken: vi.fn(() => makeJwt({ exp: (Date.now() + 3_600_000) / 1000 })) };
    const jwtSource = new TokenCycler(new IdentityTokenProvider(jwtIdentity, { redactor }), { log, redactor });
    const a = await jwtSource.getToken();
    expect(await jwtSource.getToken()).toBe(a);
    expect(jwtIdentity.generateToken).toHaveBeenCalledTimes(1);

    const opaqueIdentity = { generateToken: vi.fn(() => 'opaque-token-value') };
    const opaqueSource = new TokenCycler(new IdentityTokenProvider(opaqueIdentity, { redactor }), { log, redactor });
    await opaqueSource.getToken();
    await opaqueSource.getToken();
    expect(opaqueIdentity.generateToken).toHaveBeenCalledTimes(2);
  });
});
