import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/db.js';
import { runCli, startServer } from '../support/server-process.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function token(url: string, folder: string): Promise<Response> {
  const admin = JSON.parse(readFileSync(join(folder, 'admin-credentials.luco.json'), 'utf8')) as { clientId: string; clientSecret: string };
  return fetch(`${url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(admin.clientId, admin.clientSecret) }, body: 'grant_type=client_credentials' });
}

function signingKeyRows(db: string): Array<{ kid: string; secret: string }> {
  const sqlite = new SQLite(db, { readonly: true });
  try {
    return sqlite.prepare('select kid, secret from signing_keys').all() as Array<{ kid: string; secret: string }>;
  } finally {
    sqlite.close();
  }
}

describe('files at rest (the real binary)', () => {
  it('first start: the folder is 0700; the database, its -wal/-shm, the key file and the credentials are 0600; the signing key is stored encrypted', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-modes-'));
    const folder = join(cwd, '.luco');
    const server = await startServer([], { cwd });
    try {
      expect((await token(server.url, folder)).status).toBe(200);
      expect(mode(folder)).toBe(0o700);
      for (const file of ['luco.db', 'luco.db-wal', 'luco.db-shm', 'luco.key', 'admin-credentials.luco.json']) expect([file, mode(join(folder, file))]).toEqual([file, 0o600]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const rows = signingKeyRows(join(folder, 'luco.db'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secret).toMatch(/^luco-enc:v1:/);
    expect(server.output()).toContain(join(folder, 'luco.key'));
    expect(server.output()).not.toContain(readFileSync(join(folder, 'luco.key'), 'utf8').trim().split('\n').at(-1));
  });

  it('an older, world-readable database and its .luco folder are tightened at start; its plaintext signing key is encrypted and its tokens stay valid', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-legacy-'));
    const folder = join(cwd, '.luco');
    const first = await startServer([], { cwd });
    expect((await token(first.url, folder)).status).toBe(200);
    await first.stop();
    // What an older version left: a plaintext key, 0644 files in a 0755 folder, no key file.
    const sqlite = new SQLite(join(folder, 'luco.db'));
    const [row] = sqlite.prepare('select kid from signing_keys').all() as Array<{ kid: string }>;
    const plaintext = Buffer.alloc(32, 7);
    sqlite.prepare('update signing_keys set secret = ? where kid = ?').run(plaintext.toString('base64'), row!.kid);
    sqlite.close();
    unlinkSync(join(folder, 'luco.key'));
    for (const file of ['luco.db', 'admin-credentials.luco.json']) chmodSync(join(folder, file), 0o644);
    writeFileSync(join(folder, 'luco.db-wal'), '');
    chmodSync(join(folder, 'luco.db-wal'), 0o644);
    chmodSync(folder, 0o755);
    // A token the older version signed with that key.
    const admin = JSON.parse(readFileSync(join(folder, 'admin-credentials.luco.json'), 'utf8')) as { clientId: string };
    const before = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256', kid: row!.kid }).setSubject(admin.clientId).setIssuer('luco-server').setAudience('luco').setIssuedAt().setExpirationTime('1h').sign(plaintext);

    const second = await startServer([], { cwd });
    try {
      expect(mode(folder)).toBe(0o700);
      expect(mode(join(folder, 'luco.db'))).toBe(0o600);
      expect(mode(join(folder, 'luco.db-wal'))).toBe(0o600);
      expect(mode(join(folder, 'admin-credentials.luco.json'))).toBe(0o600);
      expect(mode(join(folder, 'luco.key'))).toBe(0o600);
      expect(second.output()).toContain('tightened');
      const [sealed] = signingKeyRows(join(folder, 'luco.db'));
      expect(sealed!.secret).toMatch(/^luco-enc:v1:/);
      expect(sealed!.secret).not.toContain(plaintext.toString('base64'));
      expect((await fetch(`${second.url}/v2/slots/overview`, { headers: { authorization: `Bearer ${before}` } })).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start when the key file is gone but the database holds encrypted keys, and creates no new key', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-lostkey-'));
    const first = await startServer([], { cwd });
    expect((await token(first.url, join(cwd, '.luco'))).status).toBe(200);
    await first.stop();
    unlinkSync(join(cwd, '.luco', 'luco.key'));
    const result = await runCli(['serve', '--port', '0'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`key file ${join(cwd, '.luco', 'luco.key')} is missing, but the database holds 1 signing key(s)`);
    expect(existsSync(join(cwd, '.luco', 'luco.key'))).toBe(false);
  });

  it('PostgreSQL without a key-encryption key fails fast, saying how to make one', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-pgkey-'));
    // Nothing listens on port 1: the check comes before any connection.
    const result = await runCli(['serve', '--port', '0', '--db', 'postgres://luco@127.0.0.1:1/luco'], { cwd, env: { LUCO_KEY_ENCRYPTION_KEY: '', LUCO_KEY_FILE: '' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PostgreSQL needs a key to encrypt the token-signing keys');
    expect(result.stderr).toContain('LUCO_KEY_ENCRYPTION_KEY');
    expect(result.stderr).toContain('luco-server keys generate');
    const bad = await runCli(['serve', '--port', '0', '--db', 'postgres://luco@127.0.0.1:1/luco'], { cwd, env: { LUCO_KEY_ENCRYPTION_KEY: 'c2hvcnQ=' } });
    // A malformed value is a usage error (exit 2) naming the variable, never echoing the key.
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('LUCO_KEY_ENCRYPTION_KEY: key 1 is not base64 of exactly 32 bytes');
    expect(bad.stderr).not.toContain('c2hvcnQ=');
  });

  it('`keys generate` prints a fresh base64 key of 32 bytes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-keygen-'));
    const [a, b] = await Promise.all([runCli(['keys', 'generate'], { cwd }), runCli(['keys', 'generate'], { cwd })]);
    expect(a.code).toBe(0);
    expect(Buffer.from(a.stdout.trim(), 'base64')).toHaveLength(32);
    expect(a.stdout).not.toBe(b.stdout);
  });
});

describe('files at rest (in process)', () => {
  it('a folder given by the user is left as it is; one writable by others gets a warning', () => {
    const root = mkdtempSync(join(tmpdir(), 'luco-shared-'));
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const warnings: string[] = [];
    const database = openDatabase(join(shared, 'luco.db'), { warn: (message) => warnings.push(message) });
    void database.close();
    expect(mode(shared)).toBe(0o777);
    expect(mode(join(shared, 'luco.db'))).toBe(0o600);
    expect(warnings.join('\n')).toContain(`folder ${shared} is writable by group or others (mode 0777)`);
  });

  it.skipIf(process.getuid?.() !== 0)('a database file of another user that is more open than 0600 gets a warning, not a change', () => {
    const folder = mkdtempSync(join(tmpdir(), 'luco-foreign-'));
    const path = join(folder, 'luco.db');
    new SQLite(path).close();
    chmodSync(path, 0o644);
    chownSync(path, 65534, 65534);
    const warnings: string[] = [];
    const database = openDatabase(path, { warn: (message) => warnings.push(message) });
    void database.close();
    expect(mode(path)).toBe(0o644);
    expect(warnings.join('\n')).toContain(`${path} is readable by group or others (mode 0644) and owned by uid 65534`);
  });
});
