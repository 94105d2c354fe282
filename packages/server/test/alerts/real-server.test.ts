import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { AlertChannelRepository } from '../../src/storage/repositories/alerts/channels.js';
import { AlertRuleRepository } from '../../src/storage/repositories/alerts/rules.js';
import { adminCredentialsOf, type ServerProcess, startServer } from '../support/server-process.js';
import { createPostgresDatabase, testDialect } from '../support/test-database.js';
import { verifyStandardWebhook } from '../support/standard-webhooks-verify.js';
import { startReceiver, type Receiver } from './delivery/support.js';

/**
 * Real luco-server processes, a real webhook receiver: the server's clock is set a few seconds
 * before a deadline (LUCO_CLOCK_OFFSET_MS), and nothing else is faked. SQLite in the server
 * project, PostgreSQL in the server-postgres project.
 */

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const cwd = mkdtempSync(join(tmpdir(), 'luco-alerts-'));
const keyText = KeyEncryptionKeys.generateKeyText();
let target: string;
let scratch: { drop(): Promise<void> } | undefined;
let database: DatabaseHandle;
let receiver: Receiver;
let deadline: number;

/** The next whole minute at least 90 s away (a schedule's time is HH:MM), in UTC. */
function nextDeadline(): number {
  return Math.ceil((Date.now() + 90_000) / 60_000) * 60_000;
}

/** The real time the server takes for the deadline (its clock is shifted by the offset). */
let deadlineInRealTime = 0;

/** Starts a server whose clock reads `secondsBefore` seconds before the deadline. */
function serverBefore(secondsBefore: number): Promise<ServerProcess> {
  const offset = deadline - secondsBefore * 1000 - Date.now();
  deadlineInRealTime = deadline - offset;
  return startServer(['--db', target, '--alert-targets', 'loopback', '--public-url', 'https://luco.example'], {
    cwd,
    env: { LUCO_KEY_ENCRYPTION_KEY: keyText, LUCO_CLOCK_OFFSET_MS: String(offset) },
  });
}

async function adminToken(url: string): Promise<string> {
  const admin = adminCredentialsOf(cwd, target);
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${admin.clientId}:${admin.clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials&scope=luco/.default',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function call(url: string, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const received = (type: string) => receiver.requests.filter((request) => (JSON.parse(request.body) as { type: string }).type === type);

beforeAll(async () => {
  receiver = await startReceiver();
  if (testDialect() === 'postgres') {
    const created = await createPostgresDatabase();
    scratch = created;
    target = created.url;
  } else {
    target = join(cwd, '.luco', 'luco.db');
  }
  deadline = nextDeadline();
});

afterAll(async () => {
  await database?.close();
  await scratch?.drop();
  await receiver?.close();
});

describe('alerts from a real server', () => {
  it('an overdue delivery is told once, signed, right after its deadline; a late delivery resolves it; after a kill during the next open deadline it fires once on restart', async () => {
    const time = new Date(deadline).toISOString();
    const first = await serverBefore(8);
    try {
      const token = await adminToken(first.url);
      const imported = await call(first.url, token, 'POST', '/v2/slotsequences/import', {
        slotSequences: [
          { name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'sales' }], type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: time.slice(11, 16), timeZone: 'UTC', startDate: time.slice(0, 10) }] },
        ],
      });
      expect(imported.status).toBe(200);
      database = openDatabase(target);
      const keys = KeyEncryptionKeys.parse(keyText, 'test');
      const channel = await new AlertChannelRepository(database.db, keys).insert({ name: 'hook', enabled: true, settings: { type: 'webhook', url: `${receiver.url}/hook`, signingSecrets: [SECRET], headers: {} } }, Date.now());
      await new AlertRuleRepository(database.db).insert(
        { name: 'sales', enabled: true, filter: { name: [{ key: 'client', value: 'acme' }], types: [], cadences: [] }, events: ['overdue', 'failed'], graceSeconds: 0, reminderSeconds: null, mute: [], channelIds: [channel.id] },
        Date.now(),
      );

      // The deadline passes about 8 s after the server started; the alert follows it.
      const opened = await until('the overdue alert', () => received('alert.opened')[0], 40_000);
      // How long after the deadline the receiver had it (the bench measures this properly).
      const latencyMs = opened.receivedAt - deadlineInRealTime;
      console.info(`overdue alert received ${latencyMs} ms after the deadline`);
      expect(latencyMs).toBeGreaterThanOrEqual(0);
      expect(latencyMs).toBeLessThan(5_000);
      verifyStandardWebhook(SECRET, opened.headers, opened.body);
      const payload = JSON.parse(opened.body) as { data: { summary: string; slot: { url: string; slotId: number } } };
      expect(payload.data.summary).toBe(`client=acme, feed=sales ${time.slice(0, 10)} is overdue`);
      expect(payload.data.slot.url).toBe(`https://luco.example/ui/slots/${payload.data.slot.slotId}`);

      // A late delivery: the alert resolves, and it was told once.
      const slotId = payload.data.slot.slotId;
      const submission = (await (await call(first.url, token, 'POST', `/slots/${slotId}/submissions`, {})).json()) as { slotSubmissionId: number };
      await call(first.url, token, 'POST', `/slots/${slotId}/submissions/${submission.slotSubmissionId}/status`, { status: 'Completed', stage: 'Submission' });
      await until('the resolution', () => received('alert.resolved')[0]);
      expect(received('alert.opened')).toHaveLength(1);
    } finally {
      await first.stop();
    }

    // Tomorrow's deadline: the server is killed a few seconds before it and is down when it passes.
    const tomorrow = await serverBefore(6 - 24 * 3600);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await tomorrow.stop('SIGKILL')).toBeNull();
    const before = received('alert.opened').length;
    // Restarted 10 s after that deadline: it is caught up once.
    const restarted = await serverBefore(-10 - 24 * 3600);
    try {
      await until('the caught-up alert', () => (received('alert.opened').length > before ? true : undefined), 20_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(received('alert.opened')).toHaveLength(before + 1);
    } finally {
      await restarted.stop();
    }
  }, 120_000);
});
