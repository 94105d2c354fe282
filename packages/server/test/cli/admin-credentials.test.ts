import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startServer } from '../support/server-process.js';

const mode = (path: string) => statSync(path).mode & 0o777;

async function tokenStatus(url: string, file: string): Promise<number> {
  const { clientId, clientSecret } = JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  return response.status;
}

/** Starts a server on `db`, checks its admin file works, stops it. */
async function firstStart(cwd: string, args: string[], file: string): Promise<string> {
  const server = await startServer(args, { cwd });
  try {
    expect(await tokenStatus(server.url, file)).toBe(200);
  } finally {
    expect(await server.stop()).toBe(0);
  }
  return server.output();
}

describe('admin credentials files (the real binary)', () => {
  it('two databases in one folder get one file each; the first is never overwritten', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-two-dbs-'));
    const folder = join(cwd, '.luco');
    const first = join(folder, 'admin-credentials.luco.json');
    await firstStart(cwd, [], first);
    const before = readFileSync(first, 'utf8');

    const second = join(folder, 'admin-credentials.staging.json');
    await firstStart(cwd, ['--db', join(folder, 'staging.db')], second);
    expect(readFileSync(first, 'utf8')).toBe(before);
    expect(readFileSync(second, 'utf8')).not.toBe(before);
    expect([mode(folder), mode(first), mode(second)]).toEqual([0o700, 0o600, 0o600]);

    // Both still work against their own database.
    await firstStart(cwd, [], first);
  });

  it('a new empty database whose file name is taken (the database was deleted, the file kept): refuses to start, says what to do, changes nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-reused-name-'));
    const folder = join(cwd, '.luco');
    const file = join(folder, 'admin-credentials.luco.json');
    await firstStart(cwd, [], file);
    const earlier = readFileSync(file, 'utf8');
    for (const name of ['luco.db', 'luco.db-wal', 'luco.db-shm']) rmSync(join(folder, name), { force: true });

    const refused = await runCli(['serve', '--port', '0'], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`luco-server: ${file} already exists, but this database has no clients yet`);
    expect(refused.stderr).toContain('move that file away (or delete it), then start again');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe(earlier);
    // The refused start left the new database without a half-made admin.
    expect((await runCli(['clients', 'list', '--json'], { cwd })).stdout.trim()).toBe('[]');

    renameSync(file, join(cwd, 'old-admin.json'));
    const output = await firstStart(cwd, [], file);
    expect(output).toContain(file);
    expect(readFileSync(file, 'utf8')).not.toBe(earlier);
    expect(readFileSync(join(cwd, 'old-admin.json'), 'utf8')).toBe(earlier);
  });

  it("an older version's admin-credentials.json is renamed to this database's name (and tightened) when its client is this database's admin", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-legacy-name-'));
    const folder = join(cwd, '.luco');
    const file = join(folder, 'admin-credentials.luco.json');
    const legacy = join(folder, 'admin-credentials.json');
    await firstStart(cwd, [], file);
    const content = readFileSync(file, 'utf8');
    renameSync(file, legacy);
    chmodSync(legacy, 0o644);

    const output = await firstStart(cwd, [], file);
    expect(existsSync(legacy)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(mode(file)).toBe(0o600);
    expect(output).toContain("renamed this database's admin credentials file");

    // Another database in the same folder leaves a file that is not its own alone.
    renameSync(file, legacy);
    await firstStart(cwd, ['--db', join(folder, 'other.db')], join(folder, 'admin-credentials.other.json'));
    expect(readFileSync(legacy, 'utf8')).toBe(content);
  });
});
