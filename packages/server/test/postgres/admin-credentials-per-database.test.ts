import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../src/auth/index.js';
import { startServer } from '../support/server-process.js';
import { createPostgresDatabase } from '../support/test-database.js';

let database: { url: string; drop(): Promise<void> } | undefined;
afterAll(async () => database?.drop());

async function tokenStatus(url: string, file: string): Promise<number> {
  const { clientId, clientSecret } = JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  return response.status;
}

it("the README's PostgreSQL line, run where the SQLite demo ran, writes its own file and leaves the demo's admin working", async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'luco-sqlite-then-pg-'));
  const sqliteFile = join(cwd, '.luco', 'admin-credentials.luco.json');
  const sqlite = await startServer([], { cwd, env: { LUCO_DATABASE_URL: '' } });
  expect(await tokenStatus(sqlite.url, sqliteFile)).toBe(200);
  await sqlite.stop();
  const demoAdmin = readFileSync(sqliteFile, 'utf8');

  database = await createPostgresDatabase();
  const url = new URL(database.url);
  const pgFile = join(cwd, '.luco', `admin-credentials.${url.hostname}-${url.port || '5432'}-${url.pathname.slice(1)}.json`);
  const postgres = await startServer([], { cwd, env: { LUCO_DATABASE_URL: database.url, LUCO_KEY_ENCRYPTION_KEY: KeyEncryptionKeys.generateKeyText() } });
  try {
    expect(existsSync(pgFile)).toBe(true);
    expect(statSync(pgFile).mode & 0o777).toBe(0o600);
    expect(postgres.output()).toContain(pgFile);
    expect(await tokenStatus(postgres.url, pgFile)).toBe(200);
  } finally {
    await postgres.stop();
  }
  expect(readFileSync(sqliteFile, 'utf8')).toBe(demoAdmin);

  // `npm start` again: the SQLite server still takes the demo's admin.
  const again = await startServer([], { cwd, env: { LUCO_DATABASE_URL: '' } });
  try {
    expect(await tokenStatus(again.url, sqliteFile)).toBe(200);
  } finally {
    await again.stop();
  }
});
