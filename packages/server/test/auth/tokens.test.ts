import { SignJWT, UnsecuredJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { InMemorySigningKeyStore, generateSigningKey, type SigningKeyStore } from '../../src/auth/signing-keys.js';
import { TokenIssuer, TokenVerifier } from '../../src/auth/tokens.js';
import { expectTokenError, replaceSegment, tamperSignature } from './helpers.js';

const ISSUER = 'https://luco.example.test';
const T0 = Date.UTC(2030, 0, 1);

function setup(now = () => T0) {
  const keys = new InMemorySigningKeyStore();
  const issuer = new TokenIssuer({ keys, issuer: ISSUER, audience: 'luco', now });
  const verifier = new TokenVerifier({ keys, issuer: ISSUER, audience: 'luco', now });
  return { keys, issuer, verifier };
}

/** Signs arbitrary claims with a key from the store, to craft tokens the issuer would never make. */
async function craft(keys: SigningKeyStore, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const key = await keys.current();
  const iat = Math.floor(T0 / 1000);
  return new SignJWT({ sub: 'luco_abc', role: 'reader', iss: ISSUER, aud: 'luco', iat, exp: iat + 600, ...claims })
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, ...header })
    .sign(key.secret);
}

describe('TokenIssuer', () => {
  it('issues an HS256 JWT with kid and the expected claims', async () => {
    const { keys, issuer } = setup();
    const issued = await issuer.issue({ clientId: 'luco_0123456789abcdef', role: 'writer' });
    expect(issued.tokenType).toBe('Bearer');
    expect(issued.expiresIn).toBe(3600);
    const header = decodeProtectedHeader(issued.accessToken);
    expect(header).toMatchObject({ alg: 'HS256', kid: (await keys.current()).kid });
    const claims = decodeJwt(issued.accessToken);
    const iat = Math.floor(T0 / 1000);
    expect(claims).toMatchObject({ sub: 'luco_0123456789abcdef', role: 'writer', aud: 'luco', iss: ISSUER, iat, exp: iat + 3600 });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodeJwt((await issuer.issue({ clientId: 'x', role: 'reader' })).accessToken).jti).not.toBe(claims.jti);
  });

  it('honours lifetimeSeconds and refuses nonsense lifetimes', async () => {
    const keys = new InMemorySigningKeyStore();
    const issued = await new TokenIssuer({ keys, issuer: ISSUER, audience: 'luco', lifetimeSeconds: 300, now: () => T0 }).issue({
      clientId: 'c',
      role: 'reader',
    });
    expect(issued.expiresIn).toBe(300);
    const { iat = 0, exp = 0 } = decodeJwt(issued.accessToken);
    expect(exp - iat).toBe(300);
    expect(() => new TokenIssuer({ keys, issuer: ISSUER, audience: 'luco', lifetimeSeconds: 0 })).toThrow(RangeError);
    expect(() => new TokenIssuer({ keys, issuer: ISSUER, audience: 'luco', lifetimeSeconds: 1.5 })).toThrow(RangeError);
  });
});

describe('TokenVerifier (local tokens)', () => {
  it('accepts a token it issued', async () => {
    const { issuer, verifier } = setup();
    const { accessToken } = await issuer.issue({ clientId: 'luco_0123456789abcdef', role: 'admin' });
    await expect(verifier.verify(accessToken)).resolves.toEqual({ clientId: 'luco_0123456789abcdef', role: 'admin', source: 'local' });
  });

  it('accepts tokens from another instance sharing the key store contents', async () => {
    const key = generateSigningKey(T0);
    const opts = { issuer: ISSUER, audience: 'luco', now: () => T0 };
    const { accessToken } = await new TokenIssuer({ keys: new InMemorySigningKeyStore([key]), ...opts }).issue({ clientId: 'c', role: 'reader' });
    const other = new TokenVerifier({ keys: new InMemorySigningKeyStore([key]), ...opts });
    await expect(other.verify(accessToken)).resolves.toMatchObject({ clientId: 'c', role: 'reader' });
  });

  it('rejects expired tokens, allowing 30 s of clock skew', async () => {
    let now = T0;
    const { issuer, verifier } = setup(() => now);
    const { accessToken } = await issuer.issue({ clientId: 'c', role: 'reader' });
    now = T0 + 3600_000 + 29_000;
    await expect(verifier.verify(accessToken)).resolves.toMatchObject({ clientId: 'c' });
    now = T0 + 3600_000 + 31_000;
    await expectTokenError(verifier.verify(accessToken), 'expired', accessToken);
  });

  it('checks a token once and answers from memory until it expires, never past expiry', async () => {
    let now = T0;
    const { issuer, verifier } = setup(() => now);
    const { accessToken } = await issuer.issue({ clientId: 'c', role: 'writer' });
    const signatureChecks = vi.spyOn(globalThis.crypto.subtle, 'verify');
    try {
      for (let i = 0; i < 5; i++) await expect(verifier.verify(accessToken)).resolves.toMatchObject({ clientId: 'c', role: 'writer' });
      expect(signatureChecks).toHaveBeenCalledTimes(1);
      await expectTokenError(verifier.verify(tamperSignature(accessToken)), 'bad_signature', accessToken);
      expect(signatureChecks).toHaveBeenCalledTimes(2);
    } finally {
      signatureChecks.mockRestore();
    }
    now = T0 + 3600_000 + 31_000;
    await expectTokenError(verifier.verify(accessToken), 'expired', accessToken);
  });

  it('rejects a tampered signature and tampered claims', async () => {
    const { issuer, verifier } = setup();
    const { accessToken } = await issuer.issue({ clientId: 'c', role: 'reader' });
    await expectTokenError(verifier.verify(tamperSignature(accessToken)), 'bad_signature', accessToken);
    const escalated = Buffer.from(JSON.stringify({ ...decodeJwt(accessToken), role: 'admin' })).toString('base64url');
    const forged = replaceSegment(accessToken, 1, escalated);
    await expectTokenError(verifier.verify(forged), 'bad_signature', forged);
  });

  it('rejects a token signed with another secret under a known kid', async () => {
    const { keys, verifier } = setup();
    const { kid } = await keys.current();
    const iat = Math.floor(T0 / 1000);
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid })
      .setSubject('attacker')
      .setIssuer(ISSUER)
      .setAudience('luco')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(randomBytes(32));
    await expectTokenError(verifier.verify(forged), 'bad_signature', forged);
  });

  it('rejects unknown or missing kid', async () => {
    const { keys, verifier } = setup();
    const unknown = await craft(keys, {}, { kid: 'no-such-key' });
    await expectTokenError(verifier.verify(unknown), 'unknown_key', unknown);
    const key = await keys.current();
    const noKid = await new SignJWT({ sub: 'c', role: 'reader', iss: ISSUER, aud: 'luco', iat: T0 / 1000, exp: T0 / 1000 + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(key.secret);
    await expectTokenError(verifier.verify(noKid), 'unknown_key', noKid);
  });

  it('keeps verifying tokens signed with a rotated-out key until it is removed', async () => {
    const { keys, issuer, verifier } = setup();
    const old = await issuer.issue({ clientId: 'c', role: 'reader' });
    const oldKid = decodeProtectedHeader(old.accessToken).kid;
    const fresh = keys.rotate(T0 + 1);
    const next = await issuer.issue({ clientId: 'c', role: 'reader' });
    expect(decodeProtectedHeader(next.accessToken).kid).toBe(fresh.kid);
    await expect(verifier.verify(old.accessToken)).resolves.toMatchObject({ clientId: 'c' });
    expect(keys.remove(String(oldKid))).toBe(true);
    await expectTokenError(verifier.verify(old.accessToken), 'unknown_key', old.accessToken);
    await expect(verifier.verify(next.accessToken)).resolves.toMatchObject({ clientId: 'c' });
  });

  it('rejects a wrong audience and accepts api://<resourceId>', async () => {
    const { keys, verifier } = setup();
    const wrong = await craft(keys, { aud: 'someone-else' });
    await expectTokenError(verifier.verify(wrong), 'wrong_audience', wrong);
    const api = await craft(keys, { aud: 'api://luco', role: 'writer' });
    await expect(verifier.verify(api)).resolves.toEqual({ clientId: 'luco_abc', role: 'writer', source: 'local' });
    const apiOther = await craft(keys, { aud: 'api://other' });
    await expectTokenError(verifier.verify(apiOther), 'wrong_audience', apiOther);
    const list = await craft(keys, { aud: ['other', 'luco'] });
    await expect(verifier.verify(list)).resolves.toMatchObject({ clientId: 'luco_abc' });
  });

  it('rejects a foreign issuer when no OIDC verifier is configured', async () => {
    const { keys, verifier } = setup();
    const token = await craft(keys, { iss: 'https://evil.example' });
    await expectTokenError(verifier.verify(token), 'wrong_issuer', token);
    const noIss = await craft(keys, { iss: undefined });
    await expectTokenError(verifier.verify(noIss), 'wrong_issuer', noIss);
  });

  it('rejects alg=none and non-HS256 headers claiming our issuer', async () => {
    const { keys, verifier } = setup();
    const unsecured = new UnsecuredJWT({ sub: 'c', role: 'admin', iss: ISSUER, aud: 'luco', exp: T0 / 1000 + 60 }).encode();
    await expectTokenError(verifier.verify(unsecured), 'bad_signature', unsecured);
    // Correctly signed with our own key, but with an algorithm we never issue.
    const hs512 = await craft(keys, {}, { alg: 'HS512' });
    expect(decodeProtectedHeader(hs512).alg).toBe('HS512');
    await expectTokenError(verifier.verify(hs512), 'bad_signature', hs512);
  });

  it('requires a valid role and subject', async () => {
    const { keys, verifier } = setup();
    const noRole = await craft(keys, { role: undefined });
    await expectTokenError(verifier.verify(noRole), 'no_role', noRole);
    const badRole = await craft(keys, { role: 'superuser' });
    await expectTokenError(verifier.verify(badRole), 'no_role', badRole);
    const noSub = await craft(keys, { sub: undefined });
    await expectTokenError(verifier.verify(noSub), 'malformed', noSub);
    const noExp = await craft(keys, { exp: undefined });
    await expectTokenError(verifier.verify(noExp), 'malformed', noExp);
  });

  it('rejects garbage as malformed', async () => {
    const { verifier } = setup();
    for (const token of ['', 'abc', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.not-json.sig', 'x'.repeat(20_000)]) {
      await expectTokenError(verifier.verify(token), 'malformed', token);
    }
  });

  it('lets key store failures through unchanged (not the caller’s fault)', async () => {
    const { issuer } = setup();
    const { accessToken } = await issuer.issue({ clientId: 'c', role: 'reader' });
    const failing: SigningKeyStore = {
      current: () => Promise.reject(new Error('db down')),
      find: () => Promise.reject(new Error('db down')),
    };
    const verifier = new TokenVerifier({ keys: failing, issuer: ISSUER, audience: 'luco', now: () => T0 });
    await expect(verifier.verify(accessToken)).rejects.toThrow('db down');
  });
});

describe('InMemorySigningKeyStore', () => {
  it('creates a key on first use and returns the newest as current', async () => {
    const keys = new InMemorySigningKeyStore();
    const first = await keys.current();
    expect(first.secret).toHaveLength(32);
    expect(await keys.current()).toBe(first);
    const second = keys.rotate(first.createdOn + 1000);
    expect(await keys.current()).toBe(second);
    expect(await keys.find(first.kid)).toBe(first);
    expect(await keys.find('missing')).toBeUndefined();
    expect(generateSigningKey().kid).not.toBe(generateSigningKey().kid);
  });
});
