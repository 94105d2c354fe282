import { UNMATCHABLE_SECRET_HASH, type IssuedToken, type Role } from '../../src/auth/index.js';
import { ClientService } from '../../src/services/clients/clients.js';
import { ClientRepository } from '../../src/storage/repositories/clients.js';
import type { TestApp } from './app.js';

/** Creates a client of the given role and returns a bearer token for it, through the real token endpoint. */
export async function tokenFor(t: TestApp, role: Role): Promise<{ clientId: string; clientSecret: string; token: string }> {
  const client = await new ClientService({ db: t.database.db, now: () => t.clock.now }).create(role, `${role} for tests`);
  const response = await t.app.inject({
    method: 'POST',
    url: '/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` },
    payload: 'grant_type=client_credentials&scope=luco/.default',
  });
  if (response.statusCode !== 200) throw new Error(`token request failed: ${response.body}`);
  return { clientId: client.clientId, clientSecret: client.clientSecret, token: response.json().access_token as string };
}

/**
 * A token for a client of the given id, issued directly (no secret exchange). The client is
 * registered first: a token whose client does not exist is refused (revocation checks).
 */
export async function issueToken(t: TestApp, clientId: string, role: Role): Promise<IssuedToken> {
  await new ClientRepository(t.database.db).insert({ clientId, name: null, role, secretHash: UNMATCHABLE_SECRET_HASH, createdOn: t.clock.now });
  return t.app.tokenIssuer.issue({ clientId, role });
}
