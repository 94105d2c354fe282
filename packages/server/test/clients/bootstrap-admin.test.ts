import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminCredentialsFileExists, adoptLegacyCredentials, bootstrapAdmin } from '../../src/services/clients/bootstrap-admin.js';
import { ClientService } from '../../src/services/clients/clients.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
afterEach(async () => t?.close());

const ctx = () => ({ db: t.database.db, now: Date.now });

describe('bootstrapAdmin (on the test database: SQLite, or PostgreSQL in server-postgres)', () => {
  it('writes a new 0600 file; never replaces an existing one, and then leaves the database as it was', async () => {
    t = await createTestApp();
    const folder = mkdtempSync(join(tmpdir(), 'luco-bootstrap-'));
    const file = join(folder, 'admin-credentials.luco.json');
    writeFileSync(file, 'an earlier database\n');

    await expect(bootstrapAdmin(ctx(), { file, resourceId: 'luco' })).rejects.toThrow(AdminCredentialsFileExists);
    await expect(bootstrapAdmin(ctx(), { file, resourceId: 'luco' })).rejects.toThrow(`${file} already exists, but this database has no clients yet`);
    expect(readFileSync(file, 'utf8')).toBe('an earlier database\n');
    // The claim and the client rolled back with the failed write: the next start can bootstrap.
    expect(await new ClientService(ctx()).count()).toBe(0);

    const fresh = join(folder, 'admin-credentials.other.json');
    expect(await bootstrapAdmin(ctx(), { file: fresh, resourceId: 'luco' })).toBe(fresh);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    const admin = JSON.parse(readFileSync(fresh, 'utf8')) as { clientId: string; clientSecret: string; scope: string };
    expect(admin.scope).toBe('luco/.default');
    expect(await new ClientService(ctx()).authenticate(admin.clientId, admin.clientSecret)).toMatchObject({ role: 'admin' });
    // Once it has clients, nothing more is written.
    expect(await bootstrapAdmin(ctx(), { file: join(folder, 'third.json'), resourceId: 'luco' })).toBeUndefined();
    expect(existsSync(join(folder, 'third.json'))).toBe(false);
  });

  it("renames an older version's admin-credentials.json only when its client is this database's admin", async () => {
    t = await createTestApp();
    const folder = mkdtempSync(join(tmpdir(), 'luco-legacy-'));
    const legacy = join(folder, 'admin-credentials.json');
    const file = join(folder, 'admin-credentials.luco.json');
    const other = await new ClientService(ctx()).create('admin', 'other');
    const writer = await new ClientService(ctx()).create('writer', 'etl');

    writeFileSync(legacy, JSON.stringify({ clientId: 'luco_0000000000000000', clientSecret: 'x' }));
    expect(await adoptLegacyCredentials(ctx(), { legacy, file })).toBe(false);
    writeFileSync(legacy, JSON.stringify({ clientId: writer.clientId, clientSecret: writer.clientSecret }));
    expect(await adoptLegacyCredentials(ctx(), { legacy, file })).toBe(false);
    writeFileSync(legacy, 'not json');
    expect(await adoptLegacyCredentials(ctx(), { legacy, file })).toBe(false);
    expect(existsSync(file)).toBe(false);

    const content = JSON.stringify({ clientId: other.clientId, clientSecret: other.clientSecret });
    writeFileSync(legacy, content);
    expect(await adoptLegacyCredentials(ctx(), { legacy, file })).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(existsSync(legacy)).toBe(false);
    // Never over an existing file.
    writeFileSync(legacy, content);
    expect(await adoptLegacyCredentials(ctx(), { legacy, file })).toBe(false);
    expect(existsSync(legacy)).toBe(true);
  });
});
