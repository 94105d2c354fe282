import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_STATE_TTL_MS } from '../../src/auth/client-state-check.js';
import { KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import { ClientService } from '../../src/services/clients/clients.js';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';
import { tokenFor } from '../support/clients.js';
import { createPostgresDatabase, testDialect } from '../support/test-database.js';

/**
 * Two instances on one database (a SQLite file, or PostgreSQL in the server-postgres run): a
 * client revoked through one is refused by both within the documented interval.
 */

const READ = { method: 'GET' as const, url: '/v2/slots/overview' };
const WRITE = { method: 'POST' as const, url: '/slots/1/submissions' };
const IMPORT = { method: 'POST' as const, url: '/v2/slotsequences/import', payload: { slotSequences: [] } };

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function twoInstances(): Promise<[TestApp, TestApp]> {
  let target: string;
  if (testDialect() === 'postgres') {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    target = database.url;
  } else {
    target = join(mkdtempSync(join(tmpdir(), 'luco-revoke-')), 'luco.db');
  }
  // Instances share the key that seals the signing keys, as a fleet shares LUCO_KEY_ENCRYPTION_KEY.
  const auth = { ...TEST_AUTH, keyEncryption: KeyEncryptionKeys.ephemeral() };
  const a = await createTestApp({ target, auth, now: Date.now() });
  cleanups.push(() => a.close());
  const b = await createTestApp({ target, auth, now: Date.now() });
  cleanups.push(() => b.close());
  return [a, b];
}

/** Polls until `request` is answered 401; the milliseconds that took, or Infinity past the deadline. */
async function msUntilRefused(t: TestApp, request: InjectOptions, deadlineMs: number): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < deadlineMs) {
    if ((await t.app.inject(request)).statusCode === 401) return performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Number.POSITIVE_INFINITY;
}

describe(`revocation on a shared ${testDialect()} database`, () => {
  it(`a client revoked through one instance is refused by the other within ${CLIENT_STATE_TTL_MS} ms, on every route`, async () => {
    const [a, b] = await twoInstances();
    const admin = await tokenFor(a, 'admin');
    const as = { authorization: `Bearer ${admin.token}` };
    // Instance b accepts a's token (shared signing key) and has the client's state cached.
    expect((await b.app.inject({ ...READ, headers: as })).statusCode).toBe(200);
    expect((await b.app.inject({ ...IMPORT, headers: as })).statusCode).toBe(200);

    expect(await new ClientService({ db: a.database.db, now: Date.now }).revoke(admin.clientId)).toBe(true);

    // Generous margin for a loaded machine; before the fix the token stayed valid for an hour.
    const deadline = CLIENT_STATE_TTL_MS + 3_000;
    expect(await msUntilRefused(b, { ...READ, headers: as }, deadline)).toBeLessThan(deadline);
    for (const request of [READ, WRITE, IMPORT]) {
      const refused = await b.app.inject({ ...request, headers: as });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().detail).toContain('revoked');
    }
    expect(await msUntilRefused(a, { ...IMPORT, headers: as }, deadline)).toBeLessThan(deadline);
    // And no new token: the token endpoint reads the database directly.
    const again = await a.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${admin.clientId}:${admin.clientSecret}`).toString('base64')}` },
      payload: 'grant_type=client_credentials',
    });
    expect(again.statusCode).toBe(401);
  });

  it('a token whose client now has a lesser role is refused within the interval', async () => {
    const [a, b] = await twoInstances();
    const admin = await tokenFor(a, 'admin');
    const as = { authorization: `Bearer ${admin.token}` };
    expect((await b.app.inject({ ...IMPORT, headers: as })).statusCode).toBe(200);
    await a.database.db.updateTable('clients').set({ role: 'reader' }).where('client_id', '=', admin.clientId).execute();
    const deadline = CLIENT_STATE_TTL_MS + 3_000;
    expect(await msUntilRefused(b, { ...IMPORT, headers: as }, deadline)).toBeLessThan(deadline);
    expect((await b.app.inject({ ...IMPORT, headers: as })).json().detail).toContain('role_changed');
  });
});
