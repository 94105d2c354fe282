import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { parseTrustProxy } from '../../src/cli/config.js';
import type { LucoApp } from '../../src/context.js';
import { ClientService } from '../../src/services/clients/clients.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { TEST_AUTH } from '../support/app.js';

let app: LucoApp | undefined;
let database: DatabaseHandle | undefined;
afterEach(async () => {
  await app?.close();
  await database?.close();
});

describe('--trust-proxy', () => {
  it('takes a hop count or addresses/CIDRs, never "trust everyone"', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8,127.0.0.1');
    expect(parseTrustProxy('loopback,::1')).toBe('loopback,::1');
    for (const bad of ['true', '0', '', 'proxy.internal', '1.2.3.4;rm']) expect(() => parseTrustProxy(bad)).toThrow('--trust-proxy');
  });

  it('behind a trusted proxy the token endpoint limits each caller by its forwarded address, not the proxy', async () => {
    database = openDatabase(':memory:');
    await migrateToLatest(database.db);
    app = await buildApp({ database, auth: TEST_AUTH, trustProxy: '127.0.0.1' });
    const client = await new ClientService({ db: database.db, now: Date.now }).create('reader', 'etl');
    const send = (secret: string, caller: string) =>
      app!.inject({
        method: 'POST',
        url: '/oauth2/token',
        remoteAddress: '127.0.0.1',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': caller, authorization: `Basic ${Buffer.from(`${client.clientId}:${secret}`).toString('base64')}` },
        payload: 'grant_type=client_credentials',
      });
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) status = (await send('wrong', '203.0.113.7')).statusCode;
    expect(status).toBe(429);
    expect((await send(client.clientSecret, '203.0.113.8')).statusCode).toBe(200);
  });
});
