import { LucoApi } from '@lucots/sdk';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import { CLIENT_STATE_TTL_MS } from '../../src/auth/client-state-check.js';
import { migrations as allMigrations } from '../../src/storage/migrations/index.js';
import { createPostgresDatabase } from '../support/test-database.js';
import { adminCredentialsOf, runCli, type ServerProcess, startServer } from '../support/server-process.js';

/**
 * Three real luco-server processes on one PostgreSQL database, started together and driven at
 * once through the SDK. Afterwards the database holds exactly what was acknowledged.
 */

const INSTANCES = 3;
let database: { url: string; drop(): Promise<void> };
let servers: ServerProcess[] = [];
let db: Kysely<Record<string, Record<string, unknown>>>;
let clients: LucoApi[] = [];
const cwd = mkdtempSync(join(tmpdir(), 'luco-multi-'));
// Every instance of a fleet shares the key that encrypts the signing keys in the database.
const env = { LUCO_KEY_ENCRYPTION_KEY: KeyEncryptionKeys.generateKeyText() };

beforeAll(async () => {
  database = await createPostgresDatabase();
  // Started together on an empty database: migrations and the first admin must happen once.
  servers = await Promise.all(Array.from({ length: INSTANCES }, () => startServer(['--db', database.url, '--pool-size', '5'], { cwd, env })));
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  // Dropping the database at the end terminates this pool's idle connections; without a listener
  // pg would throw that from the pool as an uncaught exception.
  pool.on('error', () => undefined);
  db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  const admin = adminCredentialsOf(cwd, database.url);
  // Every client gets its token from instance 0 and talks to another instance: tokens are shared.
  clients = servers.map((server) => new LucoApi({
    baseUrl: server.url,
    tokenUrl: `${servers[0]!.url}/oauth2/token`,
    clientId: admin.clientId,
    clientSecret: admin.clientSecret,
    resourceId: 'luco',
    logLevel: 'off',
    env: {},
  }));
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await db?.destroy();
  await database?.drop();
});

const client = (i: number) => clients[i % INSTANCES]!;
const count = async (table: string, where = sql`true`) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db)).rows[0]!.n);

describe('several instances on one PostgreSQL', () => {
  it('ran each migration once and bootstrapped exactly one admin', async () => {
    const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(migrations.rows.map((row) => row.name)).toEqual(Object.keys(allMigrations).sort());
    expect(await count('clients')).toBe(1);
  });

  it('concurrent imports of the same sequences leave one sequence per name', async () => {
    const configs = Array.from({ length: 5 }, (_, i) => ({ name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: `f${i}` }], type: 'Feed' }));
    configs.push({ name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'adhoc' }], type: 'Ad hoc' });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => client(i).submitSlotSequences(configs)));
    expect(results.reduce((sum, result) => sum + result.counts.created, 0)).toBe(6);
    expect(results.every((result) => result.counts.created + result.counts.exists === 6)).toBe(true);
    expect(await count('slot_sequences')).toBe(6);
  });

  it('many clients looking up the same new tag at once get one slot', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => client(i).findSlotId('batch-42', { client: 'acme', feed: 'adhoc' })));
    expect(new Set(ids).size).toBe(1);
    expect(await count('slots', sql`tag = 'batch-42'`)).toBe(1);
  });

  it('concurrent submissions and metrics are all kept, once each, and the slot roll-up adds up', async () => {
    const slotId = await client(0).findSlotId('batch-43', { client: 'acme', feed: 'adhoc' });
    const runs = await Promise.all(Array.from({ length: 30 }, (_, i) => client(i).createSubmission(slotId)));
    expect(new Set(runs.map((run) => run.submissionId)).size).toBe(30);
    await Promise.all(runs.map((run, i) => client(i + 1).getSubmission(run.slotId, run.submissionId).submitMetrics({ rows: i, files: 1, ok: 'yes' }, { stage: 'load' })));
    await Promise.all(runs.map((run, i) => client(i + 2).getSubmission(run.slotId, run.submissionId).submitCompletedStatus()));
    expect(await count('submissions', sql`slot_id = ${slotId}`)).toBe(30);
    expect(await count('metrics', sql`submission_id in (select id from submissions where slot_id = ${slotId})`)).toBe(90);
    expect(await count('submissions', sql`slot_id = ${slotId} and status = 'Completed'`)).toBe(30);
    const slot = await sql<{ submission_count: number; last_submission_id: number }>`select submission_count, last_submission_id from slots where id = ${slotId}`.execute(db);
    expect(Number(slot.rows[0]!.submission_count)).toBe(30);
    expect(slot.rows[0]!.last_submission_id).toBe(Math.max(...runs.map((run) => run.submissionId)));
  });

  it('an Idempotency-Key is honoured across instances', async () => {
    const slotId = await client(0).findSlotId('batch-44', { client: 'acme', feed: 'adhoc' });
    const first = await client(0).createSubmission(slotId, { idempotencyKey: 'pipeline-run-7' });
    const replay = await client(1).createSubmission(slotId, { idempotencyKey: 'pipeline-run-7' });
    const third = await client(2).createSubmission(slotId, { idempotencyKey: 'pipeline-run-7' });
    expect(replay.submissionId).toBe(first.submissionId);
    expect(third.submissionId).toBe(first.submissionId);
    expect(await count('submissions', sql`slot_id = ${slotId}`)).toBe(1);
  });

  it(`a client revoked with the CLI is refused by every instance within ${CLIENT_STATE_TTL_MS} ms`, async () => {
    const created = await runCli(['clients', 'create', '--role', 'writer', '--json', '--db', database.url], { cwd });
    const writer = JSON.parse(created.stdout) as { clientId: string; clientSecret: string };
    const response = await fetch(`${servers[0]!.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${writer.clientId}:${writer.clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    const token = ((await response.json()) as { access_token: string }).access_token;
    const read = (server: ServerProcess) => fetch(`${server.url}/v2/slots/overview`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await Promise.all(servers.map(read))).toEqual(servers.map(() => 200));

    expect((await runCli(['clients', 'revoke', writer.clientId, '--db', database.url], { cwd })).code).toBe(0);
    const revokedAt = Date.now();
    // Generous margin for a loaded machine; before, the token stayed valid for its hour.
    const deadline = revokedAt + CLIENT_STATE_TTL_MS + 3_000;
    let statuses = await Promise.all(servers.map(read));
    while (statuses.some((status) => status !== 401) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      statuses = await Promise.all(servers.map(read));
    }
    expect(statuses).toEqual(servers.map(() => 401));
  });
});
