import type { Role } from '../../src/auth/index.js';
import { ClientService } from '../../src/services/clients.js';
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
