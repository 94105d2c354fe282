import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import { adminCredentialsOf, runCli, type ServerProcess, startServer } from '../support/server-process.js';
import { createPostgresDatabase } from '../support/test-database.js';

/**
 * Two real luco-server processes on one PostgreSQL database: a reader's long poll waits on one,
 * the run is recorded through the other, and LISTEN/NOTIFY releases the waiter.
 */
const cwd = mkdtempSync(join(tmpdir(), 'luco-gate-pg-'));
const keyText = KeyEncryptionKeys.generateKeyText();
let scratch: { url: string; drop(): Promise<void> };
let servers: ServerProcess[] = [];

async function token(url: string, credentials: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials&scope=luco/.default',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const post = (url: string, bearer: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  scratch = await createPostgresDatabase();
  const start = () => startServer(['--db', scratch.url, '--pool-size', '4', '--no-alert-engine'], { cwd, env: { LUCO_KEY_ENCRYPTION_KEY: keyText } });
  servers = [await start()];
  servers.push(await start());
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await scratch?.drop();
});

it('a waiter on one instance is released by a delivery made through the other', async () => {
  const [waiterSide, writerSide] = servers as [ServerProcess, ServerProcess];
  const admin = await token(writerSide.url, adminCredentialsOf(cwd, scratch.url));
  const created = await runCli(['clients', 'create', '--role', 'reader', '--json', '--db', scratch.url], { cwd, env: { LUCO_KEY_ENCRYPTION_KEY: keyText } });
  expect(created.code, created.stderr).toBe(0);
  const reader = await token(waiterSide.url, JSON.parse(created.stdout) as { clientId: string; clientSecret: string });
  const name = [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'sales' }];
  const today = new Date().toISOString().slice(0, 10);
  const imported = await post(writerSide.url, admin, '/v2/slotsequences/import', { slotSequences: [{ name, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '23:59', timeZone: 'UTC', startDate: today }] }] });
  expect(imported.status).toBe(200);

  const gatePath = `/lucots/v1/gate?sequence=client%3Dacme&sequence=feed%3Dsales&tag=${today}`;
  const first = (await (await fetch(`${waiterSide.url}${gatePath}`, { headers: { authorization: `Bearer ${reader}` } })).json()) as { slotId: number; verdict: string };
  expect(first.verdict).toBe('pending');

  const started = Date.now();
  const waiting = fetch(`${waiterSide.url}${gatePath}&wait=30s`, { headers: { authorization: `Bearer ${reader}` } }).then(async (response) => ({ status: response.status, body: (await response.json()) as { verdict: string } }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const submission = (await (await post(writerSide.url, admin, `/slots/${first.slotId}/submissions`, {})).json()) as { slotSubmissionId: number };
  const completed = await post(writerSide.url, admin, `/slots/${first.slotId}/submissions/${submission.slotSubmissionId}/status`, { status: 'Completed', stage: 'Submission' });
  expect(completed.status).toBe(201);
  const released = await waiting;
  expect(released).toMatchObject({ status: 200, body: { verdict: 'passed' } });
  // The fallback sweep's first look comes 5 s after the wait began: a release before that was NOTIFY's.
  expect(Date.now() - started).toBeLessThan(4_500);
}, 60_000);
