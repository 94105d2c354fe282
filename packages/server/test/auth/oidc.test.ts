import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcVerifier, type OidcVerifierOptions } from '../../src/auth/oidc.js';
import { InMemorySigningKeyStore } from '../../src/auth/signing-keys.js';
import { TokenIssuer, TokenVerifier } from '../../src/auth/tokens.js';
import { deadUrl, expectTokenError, serveJson, type JsonServer } from './helpers.js';

// Shaped like Azure AD v2: tenant-specific issuer, app-registration audience, app roles in `roles`.
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const AUDIENCE = 'api://luco';
const APP_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

let server: JsonServer;
let rsa: { privateKey: CryptoKey; publicJwk: JWK };
let ec: { privateKey: CryptoKey };

beforeAll(async () => {
  const rsaPair = await generateKeyPair('RS256');
  const ecPair = await generateKeyPair('ES256');
  rsa = { privateKey: rsaPair.privateKey, publicJwk: await exportJWK(rsaPair.publicKey) };
  ec = { privateKey: ecPair.privateKey };
  const keys = [
    { ...rsa.publicJwk, kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  server = await serveJson(() => ({ keys }));
});

afterAll(async () => {
  await server.close();
});

function verifier(overrides: Partial<OidcVerifierOptions> = {}) {
  return new OidcVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: server.url, ...overrides });
}

interface SignOptions {
  key?: CryptoKey | Uint8Array;
  alg?: string;
  kid?: string;
  expiresInSeconds?: number;
}

async function azureToken(claims: Record<string, unknown>, opts: SignOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, azp: APP_ID, sub: 'object-id-of-sp', roles: ['Luco.Writer'], ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: opts.kid ?? 'rsa-1', typ: 'JWT' })
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (opts.expiresInSeconds ?? 3600))
    .sign(opts.key ?? rsa.privateKey);
}

describe('OidcVerifier against a live JWKS endpoint', () => {
  it('accepts an RS256 token and maps the app role; clientId from azp', async () => {
    const token = await azureToken({});
    await expect(verifier().verify(token)).resolves.toEqual({ clientId: APP_ID, role: 'writer', source: 'oidc' });
    expect(server.requests()).toBeGreaterThanOrEqual(1);
  });

  it('accepts ES256 and picks the highest mapped role, ignoring unknown ones', async () => {
    const token = await azureToken({ roles: ['Luco.Reader', 'Something.Else', 'Luco.Admin'] }, { alg: 'ES256', kid: 'ec-1', key: ec.privateKey });
    await expect(verifier().verify(token)).resolves.toMatchObject({ role: 'admin' });
  });

  it('prefers appid (v1 tokens), then azp, then sub', async () => {
    const v = verifier();
    await expect(v.verify(await azureToken({ appid: 'v1-app' }))).resolves.toMatchObject({ clientId: 'v1-app' });
    await expect(v.verify(await azureToken({ azp: undefined }))).resolves.toMatchObject({ clientId: 'object-id-of-sp' });
    const anonymous = await azureToken({ azp: undefined, sub: undefined });
    await expectTokenError(v.verify(anonymous), 'malformed', anonymous);
  });

  it('supports a custom role claim and map (replacing the default map)', async () => {
    const v = verifier({ roleClaim: 'scp', roleMap: { 'data.read': 'reader', 'data.write': 'writer' } });
    await expect(v.verify(await azureToken({ scp: 'openid data.write' }))).resolves.toMatchObject({ role: 'writer' });
    const defaultOnly = await azureToken({ roles: ['Luco.Admin'] });
    await expectTokenError(v.verify(defaultOnly), 'no_role', defaultOnly);
  });

  it('refuses a token without a mapped role unless defaultRole is set', async () => {
    const token = await azureToken({ roles: undefined });
    await expectTokenError(verifier().verify(token), 'no_role', token);
    const unmapped = await azureToken({ roles: ['toString', '__proto__'] });
    await expectTokenError(verifier().verify(unmapped), 'no_role', unmapped);
    await expect(verifier({ defaultRole: 'reader' }).verify(token)).resolves.toMatchObject({ role: 'reader', clientId: APP_ID });
  });

  it('rejects a wrong issuer', async () => {
    const token = await azureToken({ iss: 'https://login.microsoftonline.com/other-tenant/v2.0' });
    await expectTokenError(verifier().verify(token), 'wrong_issuer', token);
  });

  it('rejects a wrong audience', async () => {
    const token = await azureToken({ aud: 'api://someone-else' });
    await expectTokenError(verifier().verify(token), 'wrong_audience', token);
  });

  it('rejects an expired token (beyond 30 s tolerance) and honours `now`', async () => {
    const expired = await azureToken({}, { expiresInSeconds: -31 });
    await expectTokenError(verifier().verify(expired), 'expired', expired);
    const fresh = await azureToken({}, { expiresInSeconds: 600 });
    await expectTokenError(verifier({ now: () => Date.now() + 700_000 }).verify(fresh), 'expired', fresh);
  });

  it('rejects a token signed by another key under a published kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await azureToken({ roles: ['Luco.Admin'] }, { key: privateKey });
    await expectTokenError(verifier().verify(forged), 'bad_signature', forged);
  });

  it('rejects a kid the JWKS does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await azureToken({}, { key: privateKey, kid: 'not-published' });
    await expectTokenError(verifier().verify(forged), 'unknown_key', forged);
  });

  it('rejects HS256 tokens (no symmetric algorithms for an external issuer)', async () => {
    const forged = await azureToken({}, { alg: 'HS256', key: randomBytes(32) });
    await expectTokenError(verifier().verify(forged), 'bad_signature', forged);
  });

  it('reports an unreachable JWKS as unavailable, not as a bad token', async () => {
    const token = await azureToken({});
    const error = await expectTokenError(verifier({ jwksUrl: await deadUrl() }).verify(token), 'unavailable', token);
    expect(error.message).not.toContain('127.0.0.1');
  });
});

describe('TokenVerifier with an OIDC verifier', () => {
  const LOCAL_ISSUER = 'https://luco.example.test';

  it('verifies local tokens itself and delegates foreign issuers', async () => {
    const keys = new InMemorySigningKeyStore();
    const local = await new TokenIssuer({ keys, issuer: LOCAL_ISSUER, audience: 'luco' }).issue({ clientId: 'luco_x', role: 'reader' });
    const both = new TokenVerifier({ keys, issuer: LOCAL_ISSUER, audience: 'luco', oidc: verifier() });
    await expect(both.verify(local.accessToken)).resolves.toEqual({ clientId: 'luco_x', role: 'reader', source: 'local' });
    await expect(both.verify(await azureToken({}))).resolves.toEqual({ clientId: APP_ID, role: 'writer', source: 'oidc' });
    const stranger = await azureToken({ iss: 'https://stranger.example' });
    await expectTokenError(both.verify(stranger), 'wrong_issuer', stranger);
  });

  it('never checks an RS256 token that claims our issuer against the JWKS', async () => {
    const keys = new InMemorySigningKeyStore();
    const both = new TokenVerifier({ keys, issuer: LOCAL_ISSUER, audience: 'luco', oidc: verifier() });
    const confused = await azureToken({ iss: LOCAL_ISSUER, aud: 'luco', role: 'admin' });
    await expectTokenError(both.verify(confused), 'bad_signature', confused);
  });
});
