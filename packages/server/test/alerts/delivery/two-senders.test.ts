import { afterEach, beforeEach, expect, it } from 'vitest';
import type { NotificationSender } from '../../../src/services/alerts/delivery/sender.js';
import { testDialect } from '../../support/test-database.js';
import { addChannel, captureLog, createDeliveryFixture, type DeliveryFixture, queue, type Receiver, SECRET_A, startReceiver, startSender, waitFor } from './support.js';

/**
 * Two senders (on PostgreSQL: two connection pools, as two instances would have) on one outbox:
 * every notification is sent exactly once.
 */

let fixture: DeliveryFixture;
let receiver: Receiver;
let senders: NotificationSender[] = [];

beforeEach(async () => {
  fixture = await createDeliveryFixture();
  // A little work per request, so the senders overlap.
  receiver = await startReceiver(() => ({ status: 204 }));
});

afterEach(async () => {
  await Promise.all(senders.map((sender) => sender.stop()));
  senders = [];
  await receiver.close();
  await fixture.close();
});

it('two senders on one database deliver each notification once', async () => {
  const other = await fixture.openAnother();
  const channels = [];
  for (let i = 0; i < 4; i++) channels.push(await addChannel(fixture.ctx, `hook ${i}`, { type: 'webhook', url: `${receiver.url}/in/${i}`, signingSecrets: [SECRET_A], headers: {} }));
  const total = 60;
  const queued = [];
  for (let i = 0; i < total; i++) queued.push(await queue(fixture.ctx, channels[i % channels.length]!.id));

  // Started together, both woken by the same changes.
  const logs = [captureLog(), captureLog()];
  senders = [startSender(fixture.ctx, { concurrency: 4, log: logs[0]! }), startSender(other.ctx, { concurrency: 4, log: logs[1]! })];
  await waitFor(() => receiver.requests.length >= total, 20_000, 'every notification to arrive');
  await new Promise((resolve) => setTimeout(resolve, 500));

  const ids = receiver.requests.map((request) => String(request.headers['webhook-id']));
  expect(ids).toHaveLength(total);
  expect(new Set(ids).size).toBe(total);
  expect(new Set(ids)).toEqual(new Set(queued.map((item) => item.messageId)));
  const rows = await fixture.ctx.db.selectFrom('notifications').select(['status', 'attempts']).execute();
  expect(rows.every((row) => row.status === 'delivered' && row.attempts === 1)).toBe(true);
  const attempts = await fixture.ctx.db.selectFrom('notification_attempts').select('notification_id').execute();
  expect(attempts).toHaveLength(total);
  const deliveredBy = logs.map((log) => log.lines.filter((line) => line.message === 'notification delivered').length);
  expect(deliveredBy[0]! + deliveredBy[1]!).toBe(total);
  // Real contention: on PostgreSQL both instances took part (SQLite has one writer, and one may take all).
  if (testDialect() === 'postgres') expect(deliveredBy.every((count) => count > 0)).toBe(true);
});
