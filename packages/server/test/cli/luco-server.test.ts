import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startServer } from '../support/server-process.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function token(url: string, id: string, secret: string): Promise<Response> {
  return fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) },
    body: 'grant_type=client_credentials&scope=luco/.default',
  });
}

describe('luco-server (the real binary)', () => {
  it('first start: creates the database and its folder, bootstraps an admin into an owner-only file named after the database, logs where not what', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-server-'));
    const server = await startServer([], { cwd });
    try {
      const file = join(cwd, '.luco', 'admin-credentials.luco.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const admin = JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
      expect(server.output()).toContain(file);
      expect(server.output()).not.toContain(admin.clientSecret);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await token(server.url, admin.clientId, admin.clientSecret)).status).toBe(200);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(statSync(join(cwd, '.luco', 'luco.db')).size).toBeGreaterThan(0);
  });

  it('clients create / list / revoke work on the database directly', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-clients-'));
    const db = join(cwd, 'data', 'luco.db');
    const created = await runCli(['clients', 'create', '--role', 'writer', '--name', 'etl', '--json', '--db', db], { cwd });
    expect(created.code).toBe(0);
    const client = JSON.parse(created.stdout) as { clientId: string; clientSecret: string; role: string };
    expect(client.role).toBe('writer');
    const listed = await runCli(['clients', 'list', '--json'], { cwd, env: { LUCO_DATABASE_URL: db } });
    const rows = JSON.parse(listed.stdout) as Array<{ clientId: string; revokedOn: string | null }>;
    expect(rows.map((row) => row.clientId)).toEqual([client.clientId]);
    expect(listed.stdout).not.toContain(client.clientSecret);

    const server = await startServer(['--db', db], { cwd });
    try {
      expect((await token(server.url, client.clientId, client.clientSecret)).status).toBe(200);
      expect((await runCli(['clients', 'revoke', client.clientId, '--db', db], { cwd })).code).toBe(0);
      expect((await token(server.url, client.clientId, client.clientSecret)).status).toBe(401);
    } finally {
      await server.stop();
    }
    expect((await runCli(['clients', 'revoke', client.clientId, '--db', db], { cwd })).code).toBe(3);
  });

  it('usage errors exit 2 with a message', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-usage-'));
    const result = await runCli(['clients', 'create', '--role', 'owner'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--role must be reader, writer or admin');
  });
});
