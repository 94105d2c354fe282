import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { NotificationSender } from '../../../src/services/alerts/delivery/sender.js';
import { NotificationRepository } from '../../../src/storage/repositories/alerts/notifications.js';
import { addChannel, createDeliveryFixture, type DeliveryFixture, queue, type Receiver, SECRET_A, settled, startReceiver, startSender, waitFor } from './support.js';

/**
 * A receiver that hangs, answers 500 or cannot be reached holds at most its own channel's share
 * of the sender: other channels' notifications go out at once.
 */

let fixture: DeliveryFixture;
let receivers: Receiver[] = [];
let sender: NotificationSender | undefined;

beforeEach(async () => {
  fixture = await createDeliveryFixture();
});

afterEach(async () => {
  await sender?.stop();
  sender = undefined;
  await Promise.all(receivers.map((receiver) => receiver.close()));
  receivers = [];
  await fixture.close();
});

it('a hanging receiver does not delay another channel', async () => {
  const hanging = await startReceiver(() => 'hang');
  const healthy = await startReceiver();
  receivers.push(hanging, healthy);
  const stuck = await addChannel(fixture.ctx, 'stuck', { type: 'webhook', url: `${hanging.url}/in`, signingSecrets: [SECRET_A], headers: {} });
  const fine = await addChannel(fixture.ctx, 'fine', { type: 'webhook', url: `${healthy.url}/in`, signingSecrets: [SECRET_A], headers: {} });
  // More stuck notifications than the sender's overall concurrency: were they not bounded per channel, they would fill it.
  for (let i = 0; i < 6; i++) await queue(fixture.ctx, stuck.id);
  sender = startSender(fixture.ctx, { concurrency: 4, perChannelConcurrency: 2, requestTimeoutMs: 6000 });
  await waitFor(() => hanging.hanging() === 2, 5000, 'the stuck channel to hold its two sends');

  const queuedAt = Date.now();
  const other = await queue(fixture.ctx, fine.id);
  const row = await settled(fixture.ctx, other.id, 5000);
  const tookMs = Date.now() - queuedAt;
  expect(row.status).toBe('delivered');
  // Delivered while the first receiver still hangs, well before its 6 s timeout could free anything.
  expect(hanging.hanging()).toBe(2);
  expect(tookMs).toBeLessThan(3000);
  // The stuck channel never had more than its share in flight.
  expect(hanging.requests.length).toBe(2);
});

it('a hanging receiver costs one failed attempt per request timeout, recorded as such', async () => {
  const hanging = await startReceiver(() => 'hang');
  receivers.push(hanging);
  const stuck = await addChannel(fixture.ctx, 'stuck', { type: 'webhook', url: `${hanging.url}/in`, signingSecrets: [SECRET_A], headers: {} });
  const queued = await queue(fixture.ctx, stuck.id);
  sender = startSender(fixture.ctx, { requestTimeoutMs: 400, maxAttempts: 2, retryDelaysMs: [100] });

  const row = await settled(fixture.ctx, queued.id, 5000);
  expect(row.status).toBe('dead');
  const attempts = await new NotificationRepository(fixture.ctx.db).attempts(queued.id);
  expect(attempts.map((attempt) => attempt.error)).toEqual([`no answer from 127.0.0.1 within 400 ms`, `no answer from 127.0.0.1 within 400 ms`]);
  expect(attempts.every((attempt) => attempt.duration_ms >= 350 && attempt.duration_ms < 3000)).toBe(true);
});

it('stop() waits briefly for sends in flight, then abandons them as failed attempts to retry', async () => {
  let answer = false;
  const hanging = await startReceiver(() => (answer ? { status: 200 } : 'hang'));
  receivers.push(hanging);
  const stuck = await addChannel(fixture.ctx, 'stuck', { type: 'webhook', url: `${hanging.url}/in`, signingSecrets: [SECRET_A], headers: {} });
  const queued = await queue(fixture.ctx, stuck.id);
  sender = startSender(fixture.ctx, { requestTimeoutMs: 30_000, stopGraceMs: 300 });
  await waitFor(() => hanging.hanging() === 1, 5000, 'the send to hang');

  const stopping = Date.now();
  await sender.stop();
  expect(Date.now() - stopping).toBeLessThan(3000);
  const row = await new NotificationRepository(fixture.ctx.db).find(queued.id);
  expect(row).toMatchObject({ status: 'pending', claimed_until: null, last_error: 'the send to 127.0.0.1 was abandoned (the sender is stopping)' });

  // Started again, it sends what it abandoned.
  answer = true;
  sender.start();
  expect((await settled(fixture.ctx, queued.id)).status).toBe('delivered');
});

it('reads an answer only up to its cap: an endless body does not hold the send', async () => {
  const endless = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = 'x'.repeat(1024);
    const timer = setInterval(() => res.write(chunk), 5);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
  const { port } = endless.address() as AddressInfo;
  try {
    const channel = await addChannel(fixture.ctx, 'chatty', { type: 'webhook', url: `http://127.0.0.1:${port}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender = startSender(fixture.ctx, { requestTimeoutMs: 10_000, responseBodyLimitBytes: 4096 });
    const row = await settled(fixture.ctx, queued.id, 5000);
    expect(row.status).toBe('delivered');
    const attempts = await new NotificationRepository(fixture.ctx.db).attempts(queued.id);
    expect(attempts[0]!.duration_ms).toBeLessThan(5000);
  } finally {
    endless.closeAllConnections();
    await new Promise((resolve) => endless.close(resolve));
  }
});
