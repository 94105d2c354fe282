import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { createUiLink, parseLinkTtl } from '../../src/cli/ui-link.js';
import { ClientService } from '../../src/services/clients/clients.js';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';
import { createPostgresDatabase, testDialect } from '../support/test-database.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A database the CLI and a server share: a SQLite file, or PostgreSQL in the server-postgres run. */
async function sharedTarget(): Promise<string> {
  if (testDialect() === 'sqlite') return join(mkdtempSync(join(tmpdir(), 'luco-ui-link-')), 'luco.db');
  const database = await createPostgresDatabase();
  cleanups.push(() => database.drop());
  return database.url;
}

async function server(target: string): Promise<TestApp> {
  const t = await createTestApp({ target, auth: TEST_AUTH, now: Date.now() });
  cleanups.push(() => t.close());
  return t;
}

describe('luco-server ui-link', () => {
  it('writes a one-time link to the database; a server on it signs the client in once', async () => {
    const target = await sharedTarget();
    const t = await server(target);
    const reader = await new ClientService({ db: t.database.db, now: Date.now }).create('reader', 'demo reader');
    const link = await createUiLink({ client: reader.clientId, db: target, ttl: 120, publicUrl: 'http://127.0.0.1:8080/' }, {});
    expect(link?.url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/ui\/sign-in#link=[A-Za-z0-9_-]{43}$/);
    expect(link!.expiresOn).toBeGreaterThan(Date.now() + 100_000);
    expect(link!.expiresOn).toBeLessThanOrEqual(Date.now() + 120_000);
    const token = link!.url.split('#link=')[1]!;
    const first = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: { link: token } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ clientId: reader.clientId, role: 'reader', name: 'demo reader' });
    expect((await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: { link: token } })).statusCode).toBe(401);
  });

  it('uses LUCO_PUBLIC_URL, else http://localhost:8080; an unknown or revoked client gets no link', async () => {
    const target = await sharedTarget();
    const t = await server(target);
    const clients = new ClientService({ db: t.database.db, now: Date.now });
    const reader = await clients.create('reader', null);
    expect((await createUiLink({ client: reader.clientId, db: target }, { LUCO_PUBLIC_URL: 'https://luco.example.com' }))?.url).toMatch(/^https:\/\/luco\.example\.com\/ui\/sign-in#link=/);
    expect((await createUiLink({ client: reader.clientId, db: target }, {}))?.url).toMatch(/^http:\/\/localhost:8080\/ui\/sign-in#link=/);
    expect(await createUiLink({ client: 'luco_nobody', db: target }, {})).toBeUndefined();
    await clients.revoke(reader.clientId);
    expect(await createUiLink({ client: reader.clientId, db: target }, {})).toBeUndefined();
  });

  it('--ttl takes 60s to 1h as seconds, minutes or hours; anything else is a usage error', async () => {
    expect([parseLinkTtl('60'), parseLinkTtl('90s'), parseLinkTtl('10m'), parseLinkTtl('1h')]).toEqual([60, 90, 600, 3600]);
    for (const bad of ['59', '2h', '61m', '10 minutes', '', '-5m', '1e3']) expect(() => parseLinkTtl(bad), bad).toThrow(/--ttl must be a duration from 60s to 1h/);
    const quiet = () => {
      const program = buildProgram();
      for (const command of [program, ...program.commands]) command.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
      return program;
    };
    await expect(quiet().parseAsync(['node', 'luco-server', 'ui-link', '--client', 'luco_x', '--ttl', '2h'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(quiet().parseAsync(['node', 'luco-server', 'ui-link'])).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
  });
});
