import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, expect, it } from 'vitest';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';

/** An external OIDC issuer (as Azure AD would be): its JWKS on loopback, its tokens accepted by role. */

let t: TestApp | undefined;
let jwks: Server | undefined;
afterEach(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (jwks ? jwks.close(() => resolve()) : resolve()));
});

async function externalIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/keys`;
  const sign = (claims: Record<string, unknown>, audience = 'api://luco-prod') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://login.example/tenant/v2.0').setAudience(audience).setSubject('sp-1').setIssuedAt().setExpirationTime('1h').sign(privateKey);
  return { url, sign };
}

it('accepts an external token by its app role, and refuses one without a role or for another audience', async () => {
  const issuer = await externalIssuer();
  t = await createTestApp({ auth: { ...TEST_AUTH, oidc: { issuer: 'https://login.example/tenant/v2.0', audience: 'api://luco-prod', jwksUrl: issuer.url } } });
  const read = (token: string) => t!.app.inject({ method: 'GET', url: '/v2/slots/overview', headers: { authorization: `Bearer ${token}` } });
  const write = (token: string) => t!.app.inject({ method: 'POST', url: '/slots/1/submissions', headers: { authorization: `Bearer ${token}` } });

  const reader = await issuer.sign({ roles: ['Luco.Reader'], appid: 'app-1' });
  expect((await read(reader)).statusCode).toBe(200);
  expect((await write(reader)).statusCode).toBe(403);
  const writer = await issuer.sign({ roles: ['Luco.Writer'], appid: 'app-1' });
  expect((await write(writer)).statusCode).toBe(404);
  expect((await read(await issuer.sign({ appid: 'app-1' }))).statusCode).toBe(401);
  expect((await read(await issuer.sign({ roles: ['Luco.Admin'] }, 'api://other'))).statusCode).toBe(401);
});
