import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import { defaultKeyFile, keySourceFor, loadKeyEncryption } from '../../src/cli/key-encryption-source.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { DatabaseSigningKeyStore } from '../../src/storage/repositories/signing-keys.js';

let database: DatabaseHandle | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function sqliteFile(): Promise<{ path: string; handle: DatabaseHandle }> {
  const path = join(mkdtempSync(join(tmpdir(), 'luco-keysrc-')), 'luco.db');
  database = openDatabase(path);
  await migrateToLatest(database.db);
  return { path, handle: database };
}

const warnNot = () => {
  throw new Error('no warning expected');
};

describe('where the key-encryption keys come from', () => {
  it('SQLite: a key file beside the database, created 0600 at the first start and read after', async () => {
    const { path, handle } = await sqliteFile();
    const source = keySourceFor(path, undefined, {});
    expect(source).toEqual({ kind: 'file', path: join(path, '..', 'luco.key'), createIfMissing: true });
    const first = await loadKeyEncryption(source, handle.db, { warn: warnNot });
    expect(first.createdFile).toBe(join(path, '..', 'luco.key'));
    expect(statSync(first.createdFile!).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.createdFile!, 'utf8')).toMatch(/^# luco-server key-encryption keys/);
    const again = await loadKeyEncryption(source, handle.db, { warn: warnNot });
    expect(again.createdFile).toBeUndefined();
    expect(again.keys.currentId).toBe(first.keys.currentId);
  });

  it('names the key file after the database', () => {
    expect(defaultKeyFile('/data/luco.db')).toBe('/data/luco.key');
    expect(defaultKeyFile('/data/prod')).toBe('/data/prod.key');
    expect(defaultKeyFile('/data/odd.key')).toBe('/data/odd.key.key');
  });

  it('an explicit key file, or the environment; not both', () => {
    expect(keySourceFor('/d/luco.db', 'custom.key', {})).toEqual({ kind: 'file', path: join(process.cwd(), 'custom.key'), createIfMissing: true });
    expect(keySourceFor('postgres://h/db', undefined, { LUCO_KEY_FILE: '/run/secrets/luco.key' })).toEqual({ kind: 'file', path: '/run/secrets/luco.key', createIfMissing: false });
    expect(keySourceFor('postgres://h/db', undefined, { LUCO_KEY_ENCRYPTION_KEY: KeyEncryptionKeys.generateKeyText() }).kind).toBe('environment');
    expect(() => keySourceFor('postgres://h/db', '/k', { LUCO_KEY_ENCRYPTION_KEY: KeyEncryptionKeys.generateKeyText() })).toThrow('use one');
    expect(keySourceFor(':memory:', undefined, {})).toEqual({ kind: 'ephemeral' });
  });

  it('PostgreSQL: no key is an error that says how to make one; a given key file must exist', async () => {
    expect(() => keySourceFor('postgres://h/db', undefined, {})).toThrow(/PostgreSQL needs a key.*luco-server keys generate.*LUCO_KEY_ENCRYPTION_KEY/);
    const { handle } = await sqliteFile();
    const missing = join(tmpdir(), 'luco-no-such-dir', 'luco.key');
    await expect(loadKeyEncryption(keySourceFor('postgres://h/db', missing, {}), handle.db, { warn: warnNot })).rejects.toThrow(`key file ${missing} does not exist`);
    expect(existsSync(missing)).toBe(false);
  });

  it('a key file shared by several instances may list keys, current first, with comments; a too-open one is tightened with a warning', async () => {
    const { handle } = await sqliteFile();
    const file = join(mkdtempSync(join(tmpdir(), 'luco-keyfile-')), 'fleet.key');
    const [current, older] = [KeyEncryptionKeys.generateKeyText(), KeyEncryptionKeys.generateKeyText()];
    writeFileSync(file, `# rotated today\n${current}\n${older}\n`, { mode: 0o644 });
    const warnings: string[] = [];
    const { keys } = await loadKeyEncryption(keySourceFor('postgres://h/db', file, {}), handle.db, { warn: (message) => warnings.push(message) });
    expect(keys.ids).toHaveLength(2);
    expect(keys.currentId).toBe(KeyEncryptionKeys.parse(current, 'c').currentId);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([`tightened ${file} from mode 0644 to 0600: it holds secrets`]);
  });

  it('will not create a new key file over a database whose keys were sealed with another', async () => {
    const { path, handle } = await sqliteFile();
    await new DatabaseSigningKeyStore(handle.db, KeyEncryptionKeys.ephemeral()).current();
    await expect(loadKeyEncryption(keySourceFor(path, undefined, {}), handle.db, { warn: warnNot })).rejects.toThrow('is missing, but the database holds 1 signing key(s)');
    expect(existsSync(join(path, '..', 'luco.key'))).toBe(false);
  });
});
