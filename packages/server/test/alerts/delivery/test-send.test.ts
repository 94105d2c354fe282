import { afterEach, beforeEach, expect, it } from 'vitest';
import type { NotificationSender } from '../../../src/services/alerts/delivery/sender.js';
import { sendTest } from '../../../src/services/alerts/delivery/test-send.js';
import { NotificationRepository } from '../../../src/storage/repositories/alerts/notifications.js';
import { webhookVerifies } from '../../support/standard-webhooks-verify.js';
import { addChannel, createDeliveryFixture, type DeliveryFixture, type Receiver, SECRET_A, startReceiver, startSender } from './support.js';

let fixture: DeliveryFixture;
let receiver: Receiver;
let sender: NotificationSender | undefined;
let status = 200;

beforeEach(async () => {
  fixture = await createDeliveryFixture();
  status = 200;
  receiver = await startReceiver(() => ({ status, body: status === 200 ? '' : 'nope' }));
});

afterEach(async () => {
  await sender?.stop();
  sender = undefined;
  await receiver.close();
  await fixture.close();
});

it('sends a signed test notification through the outbox and answers with what happened', async () => {
  const channel = await addChannel(fixture.ctx, 'ops', { type: 'webhook', url: `${receiver.url}/in`, signingSecrets: [SECRET_A], headers: {} });
  sender = startSender(fixture.ctx, { pollIntervalMs: 60_000 });

  const outcome = await sendTest(fixture.ctx, channel);
  expect(outcome).toMatchObject({ status: 'delivered', statusCode: 200, error: null });
  expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  const request = receiver.requests[0]!;
  expect(request.headers['webhook-id']).toBe(outcome.messageId);
  expect(webhookVerifies(SECRET_A, request.headers, request.body)).toBe(true);
  const body = JSON.parse(request.body);
  expect(body).toMatchObject({ type: 'channel.test', data: { event: 'test', alert: null, slot: null } });
  expect(body.data.summary).toBe('Test notification from LucoTS to the alert channel "ops"');
  const row = await new NotificationRepository(fixture.ctx.db).find(outcome.notificationId);
  expect(row).toMatchObject({ event: 'test', alert_id: null, status: 'delivered' });
});

it('a failed test says why, and is not retried later', async () => {
  status = 500;
  const channel = await addChannel(fixture.ctx, 'ops', { type: 'webhook', url: `${receiver.url}/in`, signingSecrets: [SECRET_A], headers: {} });
  sender = startSender(fixture.ctx);

  const outcome = await sendTest(fixture.ctx, channel);
  expect(outcome).toMatchObject({ status: 'failed', statusCode: 500, error: `HTTP 500 from ${receiver.host}: nope` });
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(receiver.requests).toHaveLength(1);
  expect((await new NotificationRepository(fixture.ctx.db).find(outcome.notificationId))?.status).toBe('dead');
});

it('a disabled channel can still be tested', async () => {
  const channel = await addChannel(fixture.ctx, 'off', { type: 'webhook', url: `${receiver.url}/in`, signingSecrets: [SECRET_A], headers: {} }, false);
  sender = startSender(fixture.ctx);
  expect((await sendTest(fixture.ctx, channel)).status).toBe('delivered');
});

it('answers pending when no sender took it in time (it stays queued)', async () => {
  const channel = await addChannel(fixture.ctx, 'ops', { type: 'webhook', url: `${receiver.url}/in`, signingSecrets: [SECRET_A], headers: {} });
  const outcome = await sendTest(fixture.ctx, channel, { timeoutMs: 300 });
  expect(outcome).toMatchObject({ status: 'pending', statusCode: null, error: null, attemptedOn: null });
  sender = startSender(fixture.ctx);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await expect.poll(() => receiver.requests.length, { timeout: 5000 }).toBe(1);
});
