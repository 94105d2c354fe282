import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { KeyEncryptionError, KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import { keySourceFor, loadKeyEncryption } from '../../src/cli/key-encryption-source.js';
import { ClientService } from '../../src/services/clients/clients.js';
import { DatabaseSigningKeyStore } from '../../src/storage/repositories/signing-keys.js';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';
import { tokenFor } from '../support/clients.js';
import { testDialect } from '../support/test-database.js';

/** Signing keys at rest, on this run's database (SQLite, or PostgreSQL in the server-postgres run). */

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0).reverse()) await app.close();
});

const READ = { method: 'GET' as const, url: '/v2/slots/overview' };

async function start(keyEncryption: KeyEncryptionKeys, target?: string): Promise<TestApp> {
  const app = await createTestApp({ auth: { ...TEST_AUTH, keyEncryption }, now: Date.now(), ...(target ? { target } : {}) });
  apps.push(app);
  return app;
}

async function rows(t: TestApp): Promise<Array<{ kid: string; secret: string }>> {
  return t.database.db.selectFrom('signing_keys').select(['kid', 'secret']).execute();
}

describe(`signing keys at rest on ${testDialect()}`, () => {
  it('are stored encrypted: what the database holds cannot sign a token the server accepts', async () => {
    const t = await start(KeyEncryptionKeys.ephemeral());
    const admin = await tokenFor(t, 'admin');
    const [row] = await rows(t);
    expect(row!.secret).toMatch(/^luco-enc:v1:/);
    for (const guess of [Buffer.from(row!.secret, 'base64'), Buffer.from(row!.secret, 'utf8')]) {
      const minted = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256', kid: row!.kid }).setSubject(admin.clientId).setIssuer('luco-server').setAudience('luco').setIssuedAt().setExpirationTime('1h').sign(guess);
      expect((await t.app.inject({ ...READ, headers: { authorization: `Bearer ${minted}` } })).statusCode).toBe(401);
    }
    expect((await t.app.inject({ ...READ, headers: { authorization: `Bearer ${admin.token}` } })).statusCode).toBe(200);
  });

  it('a plaintext key of an older database is sealed at start, and the tokens it signed stay valid', async () => {
    const keys = KeyEncryptionKeys.ephemeral();
    const t = await start(keys);
    const plaintext = Buffer.alloc(32, 9);
    await t.database.db.insertInto('signing_keys').values({ kid: 'legacy', secret: plaintext.toString('base64'), created_on: Date.now() - 60_000 }).execute();
    const client = await new ClientService({ db: t.database.db, now: Date.now }).create('reader', 'old');
    const before = await new SignJWT({ role: 'reader' }).setProtectedHeader({ alg: 'HS256', kid: 'legacy' }).setSubject(client.clientId).setIssuer('luco-server').setAudience('luco').setIssuedAt().setExpirationTime('1h').sign(plaintext);

    expect(await new DatabaseSigningKeyStore(t.database.db, keys).resealAll()).toBe(1);
    const [row] = await rows(t);
    expect(row!.secret).toMatch(/^luco-enc:v1:/);
    expect(await new DatabaseSigningKeyStore(t.database.db, keys).resealAll()).toBe(0);
    expect((await t.app.inject({ ...READ, headers: { authorization: `Bearer ${before}` } })).statusCode).toBe(200);
  });

  it('rotation: with LUCO_KEY_ENCRYPTION_KEY=new,old the keys are sealed anew at start; then new alone reads them, old alone does not', async () => {
    const oldKey = KeyEncryptionKeys.generateKeyText();
    const newKey = KeyEncryptionKeys.generateKeyText();
    const first = await start(KeyEncryptionKeys.parse(oldKey, 'old'));
    const admin = await tokenFor(first, 'admin');
    const target = testDialect() === 'postgres' ? 'postgres://unused' : ':memory:';
    const source = keySourceFor(target, undefined, { LUCO_KEY_ENCRYPTION_KEY: `${newKey},${oldKey}` });
    const { keys: ring } = await loadKeyEncryption(source, first.database.db, { warn: () => {} });
    expect(await new DatabaseSigningKeyStore(first.database.db, ring).resealAll()).toBe(1);
    const [row] = await rows(first);
    expect(row!.secret).toContain(`:${KeyEncryptionKeys.parse(newKey, 'new').currentId}:`);

    const newOnly = new DatabaseSigningKeyStore(first.database.db, KeyEncryptionKeys.parse(newKey, 'new'));
    expect((await newOnly.find(row!.kid))?.kid).toBe(row!.kid);
    await expect(new DatabaseSigningKeyStore(first.database.db, KeyEncryptionKeys.parse(oldKey, 'old')).resealAll()).rejects.toThrow(KeyEncryptionError);
    // A token issued before the rotation is accepted by a server on the new key alone.
    const rotated = await buildApp({ database: first.database, auth: { ...TEST_AUTH, keyEncryption: KeyEncryptionKeys.parse(newKey, 'new') } });
    try {
      expect((await rotated.inject({ ...READ, headers: { authorization: `Bearer ${admin.token}` } })).statusCode).toBe(200);
    } finally {
      await rotated.close();
    }
  });
});
