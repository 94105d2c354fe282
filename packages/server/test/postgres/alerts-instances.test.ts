import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { AlertChannelRepository } from '../../src/storage/repositories/alerts/channels.js';
import { AlertRuleRepository } from '../../src/storage/repositories/alerts/rules.js';
import { startReceiver, type Receiver } from '../alerts/delivery/support.js';
import { adminCredentialsOf, type ServerProcess, startServer } from '../support/server-process.js';
import { createPostgresDatabase } from '../support/test-database.js';

/**
 * Three real luco-server processes on one PostgreSQL database, each running the engine and the
 * notification sender: 12 deadlines pass at once and 6 runs fail through different instances;
 * each alert is told exactly once, and once more when the leader is killed mid-way.
 */

const INSTANCES = 3;
const SEQUENCES = 12;
const cwd = mkdtempSync(join(tmpdir(), 'luco-alerts-pg-'));
const keyText = KeyEncryptionKeys.generateKeyText();
let scratch: { url: string; drop(): Promise<void> };
let database: DatabaseHandle;
let receiver: Receiver;
let servers: ServerProcess[] = [];
const deadline = Math.ceil((Date.now() + 90_000) / 60_000) * 60_000;
const offset = deadline - 12_000 - Date.now();

const start = () =>
  startServer(['--db', scratch.url, '--alert-targets', 'loopback', '--pool-size', '4'], { cwd, env: { LUCO_KEY_ENCRYPTION_KEY: keyText, LUCO_CLOCK_OFFSET_MS: String(offset) } });

async function token(url: string): Promise<string> {
  const admin = adminCredentialsOf(cwd, scratch.url);
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${admin.clientId}:${admin.clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials&scope=luco/.default',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const post = (url: string, bearer: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function settle(expected: number, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (receiver.requests.length < expected && Date.now() - started < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 100));
  // Anything sent twice would arrive within a moment of the first.
  await new Promise((resolve) => setTimeout(resolve, 2000));
}

beforeAll(async () => {
  receiver = await startReceiver();
  scratch = await createPostgresDatabase();
  servers = await Promise.all(Array.from({ length: INSTANCES }, start));
  database = openDatabase(scratch.url);
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await database?.close();
  await scratch?.drop();
  await receiver?.close();
});

it('three instances tell each alert exactly once, also across a killed leader', async () => {
  const time = new Date(deadline).toISOString();
  const bearer = await token(servers[0]!.url);
  await database.db.selectFrom('leases').selectAll().execute();
  const sequences = Array.from({ length: SEQUENCES }, (_, i) => ({
    name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: `f${i}` }],
    type: 'Feed',
    delivery: [{ isActive: true, cadence: 'daily', expectedBy: time.slice(11, 16), timeZone: 'UTC', startDate: time.slice(0, 10) }],
  }));
  expect((await post(servers[1]!.url, bearer, '/v2/slotsequences/import', { slotSequences: sequences })).status).toBe(200);
  const channel = await new AlertChannelRepository(database.db, KeyEncryptionKeys.parse(keyText, 'test')).insert({ name: 'hook', enabled: true, settings: { type: 'webhook', url: `${receiver.url}/hook`, signingSecrets: [`whsec_${Buffer.alloc(32, 3).toString('base64')}`], headers: {} } }, Date.now());
  await new AlertRuleRepository(database.db).insert(
    { name: 'all', enabled: true, filter: { name: [], types: [], cadences: [] }, events: ['overdue', 'failed'], graceSeconds: 0, reminderSeconds: null, mute: [], channelIds: [channel.id] },
    Date.now(),
  );

  // Every deadline passes at once: 12 overdue alerts.
  await settle(SEQUENCES, 30_000);
  const opened = receiver.requests.map((request) => JSON.parse(request.body) as { type: string; data: { alert: { alertId: number } } });
  if (opened.length !== SEQUENCES) console.info(servers.map((server) => server.output()).join("\n-----\n"));
  expect(opened).toHaveLength(SEQUENCES);
  expect(new Set(opened.map((message) => message.data.alert.alertId)).size).toBe(SEQUENCES);
  expect(new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size).toBe(SEQUENCES);

  // Kill the leader; failures recorded through the other instances are told once by the next leader.
  const leader = await database.db.selectFrom('leases').select('holder').where('name', '=', 'alerts-engine').executeTakeFirstOrThrow();
  expect(leader.holder).toMatch(/^engine-/);
  const slots = await database.db.selectFrom('slots').select(['id']).orderBy('id').limit(6).execute();
  const leaderIndex = servers.findIndex((server) => server.output().includes('this instance runs the deadline engine'));
  expect(leaderIndex).toBeGreaterThanOrEqual(0);
  await servers[leaderIndex]!.stop('SIGKILL');
  const survivors = servers.filter((_, index) => index !== leaderIndex);
  for (const [index, slot] of slots.entries()) {
    const server = survivors[index % survivors.length]!;
    const bearerAgain = await token(server.url);
    const created = (await (await post(server.url, bearerAgain, `/slots/${slot.id}/submissions`, {})).json()) as { slotSubmissionId: number };
    expect((await post(server.url, bearerAgain, `/slots/${slot.id}/submissions/${created.slotSubmissionId}/status`, { status: 'Failed', stage: 'Submission', message: `run ${index}` })).status).toBe(201);
  }
  await settle(SEQUENCES + slots.length, 40_000);
  const changed = receiver.requests.slice(SEQUENCES).map((request) => JSON.parse(request.body) as { type: string; data: { alert: { alertId: number } } });
  expect(changed.map((message) => message.type)).toEqual(Array.from({ length: slots.length }, () => 'alert.changed'));
  expect(new Set(changed.map((message) => message.data.alert.alertId)).size).toBe(slots.length);
  expect(receiver.requests).toHaveLength(SEQUENCES + slots.length);
}, 120_000);
