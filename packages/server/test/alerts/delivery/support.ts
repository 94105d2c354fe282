import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyEncryptionKeys } from '../../../src/auth/key-encryption.js';
import type { AlertChannel, ChannelSettings } from '../../../src/domain/alerts/channel.js';
import type { NotificationPayload } from '../../../src/domain/alerts/notification.js';
import type { DeliveryLog } from '../../../src/services/alerts/delivery/log.js';
import { NotificationSender, type NotificationSenderOptions, type SenderContext } from '../../../src/services/alerts/delivery/sender.js';
import { parseAlertTargets } from '../../../src/services/alerts/delivery/target/policy.js';
import { ChangeFeed } from '../../../src/storage/change-feed.js';
import { openDatabase, type DatabaseHandle } from '../../../src/storage/db.js';
import { migrateToLatest } from '../../../src/storage/migrate.js';
import { AlertChannelRepository } from '../../../src/storage/repositories/alerts/channels.js';
import { NotificationRepository } from '../../../src/storage/repositories/alerts/notifications.js';
import { createPostgresDatabase, testDialect } from '../../support/test-database.js';

/** A migrated database (SQLite in memory, or a fresh PostgreSQL one on the PostgreSQL run) and what a sender needs around it. */
export interface DeliveryFixture {
  ctx: SenderContext;
  database: DatabaseHandle;
  /** Another connection pool (an "instance") on the same database; SQLite in memory has only the one. */
  openAnother(): Promise<{ ctx: SenderContext; close(): Promise<void> }>;
  close(): Promise<void>;
}

export async function createDeliveryFixture(): Promise<DeliveryFixture> {
  const scratch = testDialect() === 'postgres' ? await createPostgresDatabase() : undefined;
  const database = openDatabase(scratch?.url ?? ':memory:');
  await migrateToLatest(database.db);
  const keyEncryption = KeyEncryptionKeys.ephemeral();
  const changes = new ChangeFeed(database.postgresUrl);
  const ctx: SenderContext = { db: database.db, now: Date.now, keyEncryption, changes };
  const others: Array<() => Promise<void>> = [];
  return {
    ctx,
    database,
    async openAnother() {
      if (!scratch) return { ctx, close: async () => undefined };
      const other = openDatabase(scratch.url);
      const otherChanges = new ChangeFeed(other.postgresUrl);
      const close = async () => {
        await otherChanges.close();
        await other.close();
      };
      others.push(close);
      return { ctx: { db: other.db, now: Date.now, keyEncryption, changes: otherChanges }, close };
    },
    async close() {
      for (const close of others) await close();
      await changes.close();
      await database.close();
      await scratch?.drop();
    },
  };
}

/** Fast retries for tests; the loopback receivers allowed. */
export const LOOPBACK = parseAlertTargets('127.0.0.1');
export const FAST: NotificationSenderOptions = { policy: LOOPBACK, retryDelaysMs: [150, 300], jitter: 0, pollIntervalMs: 250, requestTimeoutMs: 3000, stopGraceMs: 500 };

export function startSender(ctx: SenderContext, options: NotificationSenderOptions = {}): NotificationSender {
  const sender = new NotificationSender(ctx, { ...FAST, log: captureLog(), ...options });
  sender.start();
  return sender;
}

export async function addChannel(ctx: SenderContext, name: string, settings: ChannelSettings, enabled = true): Promise<AlertChannel> {
  return new AlertChannelRepository(ctx.db, ctx.keyEncryption).insert({ name, enabled, settings }, Date.now());
}

/** Queues a notification the way the engine does, and wakes the senders. */
export async function queue(ctx: SenderContext, channelId: number, payload: NotificationPayload = samplePayload(), event: 'opened' | 'test' = 'opened'): Promise<{ id: number; messageId: string }> {
  const queued = await new NotificationRepository(ctx.db).enqueue({ alertId: null, channelId, event, payload }, Date.now());
  await ctx.changes.publishCommitted(ctx.db, { topic: 'outbox' });
  return queued;
}

export function samplePayload(summary = 'acme/sales 2026-11-27 is overdue: expected by 09:00 Europe/Paris, nothing delivered'): NotificationPayload {
  return {
    type: 'alert.opened',
    timestamp: '2026-11-27T08:05:00.000Z',
    data: {
      event: 'opened',
      summary,
      details: ['Expected by 2026-11-27 09:00 (Europe/Paris).', 'Nothing was delivered; the latest run <failed> & said "disk full".'],
      alert: { alertId: 7, state: 'open', kind: 'overdue', openedOn: '2026-11-27T08:05:00.000Z', resolvedOn: null, rule: { ruleId: 3, name: 'sales feeds' } },
      slot: { slotId: 42, tag: '2026-11-27', expectedBy: '2026-11-27T08:00:00.000Z', timeZone: 'Europe/Paris', health: 'Overdue', url: 'https://luco.example/ui/slots/42' },
      slotSequence: { slotSequenceId: 5, name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'sales' }], type: 'Feed' },
      submission: { slotSubmissionId: 99, status: 'Failed', message: 'disk full' },
    },
  };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** What a receiver does with a request: answer (status, headers, body) or hang (never answer). */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface Receiver {
  url: string;
  host: string;
  requests: ReceivedRequest[];
  /** Requests that are still waiting for an answer. */
  hanging(): number;
  close(): Promise<void>;
}

/** A real HTTP server on loopback that records every request and answers as `reply` says. */
export async function startReceiver(reply: (request: ReceivedRequest, index: number) => Reply = () => ({ status: 204 })): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() };
      requests.push(request);
      const answer = reply(request, requests.length - 1);
      if (answer === 'hang') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    hanging: () => held.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface CapturedLog extends DeliveryLog {
  lines: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
  /** Everything logged, as one text (to search for secrets). */
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, fields, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), text: () => lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.fields)}`).join('\n') };
}

export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the notification is no longer pending, and returns it. */
export async function settled(ctx: SenderContext, id: number, timeoutMs = 10_000) {
  const repository = new NotificationRepository(ctx.db);
  return waitFor(async () => {
    const row = await repository.find(id);
    return row && row.status !== 'pending' ? row : undefined;
  }, timeoutMs, `notification ${id} to settle`);
}

export const SECRET_A = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
export const SECRET_B = `whsec_${Buffer.from('a different secret of 32 bytes!!').toString('base64')}`;
