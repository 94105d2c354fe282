import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../src/auth/index.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { adminCredentialsOf, type ServerProcess, startServer } from '../support/server-process.js';
import { createPostgresDatabase, testDialect } from '../support/test-database.js';

/**
 * A real luco-server killed (SIGKILL) between a keyed write and its commit, or between the commit
 * and its answer, then the same request retried with the same Idempotency-Key on a restarted
 * server: the write is applied exactly once. Runs on SQLite (server project) and on PostgreSQL
 * (server-postgres project).
 */

const cwd = mkdtempSync(join(tmpdir(), 'luco-crash-'));
// PostgreSQL instances need the key that seals their signing keys; SQLite keeps it in a file beside the database.
const keyEnv = { LUCO_KEY_ENCRYPTION_KEY: KeyEncryptionKeys.generateKeyText() };
let target: string;
let scratch: { drop(): Promise<void> } | undefined;
let database: DatabaseHandle;
let ids: { slotId: number; submissionId: number };

async function tokenFrom(url: string): Promise<string> {
  const admin = adminCredentialsOf(cwd, target);
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${admin.clientId}:${admin.clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials&scope=luco/.default',
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function post(url: string, token: string, path: string, body: unknown, key?: string): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
}

/** Runs `work` against a server started with the crash point armed; the server must die of SIGKILL, the client's request unanswered. */
async function crashDuring(point: string, work: (url: string, token: string) => Promise<Response>): Promise<void> {
  const server = await startServer(['--db', target], { cwd, env: { ...keyEnv, LUCO_FAULT_INJECTION: point } });
  const token = await tokenFrom(server.url);
  await expect(work(server.url, token)).rejects.toThrow();
  const exit = await server.stop();
  expect(server.child.signalCode).toBe('SIGKILL');
  expect(exit).toBeNull();
}

async function withServer<T>(work: (url: string, token: string) => Promise<T>): Promise<T> {
  const server: ServerProcess = await startServer(['--db', target], { cwd, env: keyEnv });
  try {
    return await work(server.url, await tokenFrom(server.url));
  } finally {
    await server.stop();
  }
}

async function countRows(table: 'metrics' | 'slot_sequences' | 'submissions' | 'status_events' | 'idempotency_keys' | 'metric_points'): Promise<number> {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  if (testDialect() === 'postgres') {
    const created = await createPostgresDatabase();
    scratch = created;
    target = created.url;
  } else {
    target = join(cwd, '.luco', 'luco.db');
  }
  ids = await withServer(async (url, token) => {
    const imported = await post(url, token, '/v2/slotsequences/import', { slotSequences: [{ name: [{ key: 'client', value: 'crash' }], type: 'Feed' }] });
    expect(imported.status).toBe(200);
    const slot = await post(url, token, '/slots', { tag: 'run-1', slotSequenceDefinition: [{ position: 0, key: 'client', value: 'crash' }] });
    expect(slot.status).toBe(201);
    const slotId = ((await slot.json()) as { slotId: number }).slotId;
    const submission = await post(url, token, `/slots/${slotId}/submissions`, {});
    expect(submission.status).toBe(201);
    return { slotId, submissionId: ((await submission.json()) as { slotSubmissionId: number }).slotSubmissionId };
  });
  database = openDatabase(target);
}, 60_000);

afterAll(async () => {
  await database?.close();
  await scratch?.drop();
});

const metricsPath = () => `/v2/slots/${ids.slotId}/submissions/${ids.submissionId}/metrics`;
const metricsBody = (run: string) => ({ stage: run, metrics: [{ metric: 'rows', value: 1 }, { metric: 'bytes', value: 2 }] });

describe('a keyed write and its answer commit together', () => {
  it('killed before the commit: nothing is stored, and the retry applies the write once', async () => {
    await crashDuring('exit-before-commit@/metrics', (url, token) => post(url, token, metricsPath(), metricsBody('before'), 'crash-before'));
    expect(await countRows('metrics')).toBe(0);

    await withServer(async (url, token) => {
      const retried = await post(url, token, metricsPath(), metricsBody('before'), 'crash-before');
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      const again = await post(url, token, metricsPath(), metricsBody('before'), 'crash-before');
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.text()).toBe(JSON.stringify({ recorded: 2 }));
    });
    expect(await countRows('metrics')).toBe(2);
  });

  it('killed after the commit, before the answer: the retry gets the stored answer and nothing is applied twice', async () => {
    const before = await countRows('metrics');
    await crashDuring('exit-after-commit@/metrics', (url, token) => post(url, token, metricsPath(), metricsBody('after'), 'crash-after'));
    expect(await countRows('metrics')).toBe(before + 2);

    await withServer(async (url, token) => {
      const retried = await post(url, token, metricsPath(), metricsBody('after'), 'crash-after');
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBe('true');
    });
    expect(await countRows('metrics')).toBe(before + 2);
  });

  it('the same holds for a submission with its status, and for an import', async () => {
    const submissions = await countRows('submissions');
    const sequences = await countRows('slot_sequences');
    await crashDuring('exit-before-commit@/submissions', (url, token) => post(url, token, `/slots/${ids.slotId}/submissions`, {}, 'new-submission'));
    await crashDuring('exit-after-commit@/import', (url, token) =>
      post(url, token, '/v2/slotsequences/import', { slotSequences: [{ name: [{ key: 'client', value: 'crash-2' }], type: 'Feed' }] }, 'new-import'),
    );
    expect(await countRows('submissions')).toBe(submissions);
    expect(await countRows('slot_sequences')).toBe(sequences + 1);

    await withServer(async (url, token) => {
      const created = await post(url, token, `/slots/${ids.slotId}/submissions`, {}, 'new-submission');
      expect(created.status).toBe(201);
      const imported = await post(url, token, '/v2/slotsequences/import', { slotSequences: [{ name: [{ key: 'client', value: 'crash-2' }], type: 'Feed' }] }, 'new-import');
      expect(imported.headers.get('idempotent-replayed')).toBe('true');
      expect(((await imported.json()) as { createdCount: number }).createdCount).toBe(1);
    });
    expect(await countRows('submissions')).toBe(submissions + 1);
    expect(await countRows('slot_sequences')).toBe(sequences + 1);
  });

  it('a completion and the metric series points it makes land together or not at all', async () => {
    const statusPath = `/slots/${ids.slotId}/submissions/${ids.submissionId}/status`;
    const completed = { status: 'Completed', stage: 'Submission' };
    const submissionStatus = async () => (await database.db.selectFrom('submissions').select('status').where('id', '=', ids.submissionId).executeTakeFirstOrThrow()).status;
    expect(await countRows('metrics')).toBeGreaterThan(0);

    await crashDuring('exit-before-commit@/status', (url, token) => post(url, token, statusPath, completed, 'complete-before'));
    expect(await submissionStatus()).toBe('In Progress');
    expect(await countRows('metric_points')).toBe(0);

    await crashDuring('exit-after-commit@/status', (url, token) => post(url, token, statusPath, completed, 'complete-after'));
    expect(await submissionStatus()).toBe('Completed');
    // The latest recording of each metric and stage the submission recorded: rows and bytes, in stages before and after.
    const points = await database.db.selectFrom('metric_points').select(['metric', 'stage', 'submission_id']).orderBy('metric').orderBy('stage').execute();
    expect(points.map((point) => [point.metric, point.stage, point.submission_id])).toEqual([
      ['bytes', 'after', ids.submissionId], ['bytes', 'before', ids.submissionId], ['rows', 'after', ids.submissionId], ['rows', 'before', ids.submissionId],
    ]);
  });
});
