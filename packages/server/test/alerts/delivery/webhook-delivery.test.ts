import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationSender } from '../../../src/services/alerts/delivery/sender.js';
import { NotificationRepository } from '../../../src/storage/repositories/alerts/notifications.js';
import { webhookVerifies } from '../../support/standard-webhooks-verify.js';
import { addChannel, captureLog, createDeliveryFixture, type DeliveryFixture, queue, type Receiver, SECRET_A, SECRET_B, settled, startReceiver, startSender, waitFor } from './support.js';

let fixture: DeliveryFixture;
let receivers: Receiver[] = [];
let senders: NotificationSender[] = [];

beforeEach(async () => {
  fixture = await createDeliveryFixture();
});

afterEach(async () => {
  await Promise.all(senders.map((sender) => sender.stop()));
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await fixture.close();
  senders = [];
  receivers = [];
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

function sender(options: Parameters<typeof startSender>[1] = {}): NotificationSender {
  const started = startSender(fixture.ctx, options);
  senders.push(started);
  return started;
}

const attemptsOf = (id: number) => new NotificationRepository(fixture.ctx.db).attempts(id);

describe('a signed webhook', () => {
  it('carries the payload exactly as queued, signed per Standard Webhooks, with the extra headers', async () => {
    const target = await receiver();
    const channel = await addChannel(fixture.ctx, 'ops hook', { type: 'webhook', url: `${target.url}/hooks/luco?token=abc123`, signingSecrets: [SECRET_A], headers: { 'x-team': 'data' } });
    const queued = await queue(fixture.ctx, channel.id);
    sender();

    const row = await settled(fixture.ctx, queued.id);
    expect(row.status).toBe('delivered');
    const request = target.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/luco?token=abc123');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-team']).toBe('data');
    expect(request.headers['webhook-id']).toBe(queued.messageId);
    expect(Number(request.headers['webhook-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(request.body).toBe(row.payload_json);
    expect(JSON.parse(request.body).data.slot.url).toBe('https://luco.example/ui/slots/42');

    expect(webhookVerifies(SECRET_A, request.headers, request.body)).toBe(true);
    // The check can fail: another secret, a changed body, a replayed old timestamp.
    expect(webhookVerifies(SECRET_B, request.headers, request.body)).toBe(false);
    expect(webhookVerifies(SECRET_A, request.headers, request.body.replace('overdue', 'fine'))).toBe(false);
    expect(webhookVerifies(SECRET_A, request.headers, request.body, { now: Date.now() + 6 * 60_000 })).toBe(false);

    const attempts = await attemptsOf(queued.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ status_code: 204, error: null });
  });

  it('is signed with both secrets during a rotation, so a receiver knowing either one accepts it', async () => {
    const target = await receiver();
    const channel = await addChannel(fixture.ctx, 'rotating', { type: 'webhook', url: `${target.url}/in`, signingSecrets: [SECRET_B, SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender();
    await settled(fixture.ctx, queued.id);

    const request = target.requests[0]!;
    const signatures = String(request.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((signature) => signature.startsWith('v1,'))).toBe(true);
    expect(webhookVerifies(SECRET_A, request.headers, request.body)).toBe(true);
    expect(webhookVerifies(SECRET_B, request.headers, request.body)).toBe(true);
    const stranger = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;
    expect(webhookVerifies(stranger, request.headers, request.body)).toBe(false);
  });
});

describe('retries', () => {
  it('retries a 500 with backoff, keeping the webhook-id, until it is delivered', async () => {
    const target = await receiver((_, index) => (index < 2 ? { status: 500, body: 'database down' } : { status: 200 }));
    const channel = await addChannel(fixture.ctx, 'flaky', { type: 'webhook', url: `${target.url}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender({ retryDelaysMs: [300, 600] });

    const row = await settled(fixture.ctx, queued.id);
    expect(row.status).toBe('delivered');
    expect(row.attempts).toBe(3);
    expect(target.requests.map((request) => request.headers['webhook-id'])).toEqual([queued.messageId, queued.messageId, queued.messageId]);
    // Each attempt is signed for its own timestamp.
    expect(target.requests.every((request) => webhookVerifies(SECRET_A, request.headers, request.body))).toBe(true);
    const [first, second, third] = target.requests.map((request) => request.receivedAt) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(280);
    expect(third - second).toBeGreaterThanOrEqual(580);

    const attempts = await attemptsOf(queued.id);
    expect(attempts.map((attempt) => attempt.status_code)).toEqual([500, 500, 200]);
    expect(attempts[0]!.error).toBe(`HTTP 500 from ${target.host}: database down`);
    expect(attempts[2]!.error).toBeNull();
    expect(attempts.every((attempt) => attempt.duration_ms >= 0)).toBe(true);
  });

  it('waits as long as Retry-After says on a 429 or 503', async () => {
    const target = await receiver((_, index) => (index === 0 ? { status: 503, headers: { 'retry-after': '2' } } : { status: 202 }));
    const channel = await addChannel(fixture.ctx, 'busy', { type: 'webhook', url: `${target.url}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender({ retryDelaysMs: [100] });

    const row = await settled(fixture.ctx, queued.id);
    expect(row.status).toBe('delivered');
    const [first, second] = target.requests.map((request) => request.receivedAt) as [number, number];
    expect(second - first).toBeGreaterThanOrEqual(1950);
  });

  it('gives up as dead after the attempt bound, with one clear log line', async () => {
    const target = await receiver(() => ({ status: 500 }));
    const channel = await addChannel(fixture.ctx, 'broken', { type: 'webhook', url: `${target.url}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    const log = captureLog();
    sender({ retryDelaysMs: [100], maxAttempts: 3, log });

    const row = await settled(fixture.ctx, queued.id);
    expect(row.status).toBe('dead');
    expect(row.attempts).toBe(3);
    expect(row.last_status_code).toBe(500);
    expect(target.requests).toHaveLength(3);
    const dead = log.lines.filter((line) => line.message.includes('is dead'));
    expect(dead).toHaveLength(1);
    expect(dead[0]!.level).toBe('warn');
    expect(dead[0]!.message).toBe(`notification ${queued.messageId} to channel "broken" (webhook http://${target.host}/…) is dead: HTTP 500 from ${target.host}; gave up after 3 attempts`);
  });

  it('gives up as dead when the next attempt would come after the age bound', async () => {
    const target = await receiver(() => ({ status: 502 }));
    const channel = await addChannel(fixture.ctx, 'old', { type: 'webhook', url: `${target.url}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender({ retryDelaysMs: [60_000], maxAgeMs: 30_000 });

    const row = await settled(fixture.ctx, queued.id);
    expect(row.status).toBe('dead');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe(`HTTP 502 from ${target.host}; gave up after 1 attempt: the next one would come more than 30 s after it was queued`);
    expect(target.requests).toHaveLength(1);
  });

  it('a 410 Gone is dead at once, without retries', async () => {
    const target = await receiver(() => ({ status: 410, body: 'gone' }));
    const channel = await addChannel(fixture.ctx, 'gone', { type: 'webhook', url: `${target.url}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender();

    const row = await settled(fixture.ctx, queued.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 1, last_status_code: 410, last_error: `HTTP 410 from ${target.host}: gone; a permanent failure, not retried` });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(target.requests).toHaveLength(1);
  });

  it('never follows a redirect: the attempt fails naming where it pointed', async () => {
    const elsewhere = await receiver();
    const target = await receiver(() => ({ status: 302, headers: { location: `${elsewhere.url}/stolen` } }));
    const channel = await addChannel(fixture.ctx, 'moved', { type: 'webhook', url: `${target.url}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender({ maxAttempts: 2, retryDelaysMs: [100] });

    const row = await settled(fixture.ctx, queued.id);
    expect(row.status).toBe('dead');
    expect(target.requests).toHaveLength(2);
    expect(elsewhere.requests).toHaveLength(0);
    const attempts = await attemptsOf(queued.id);
    expect(attempts[0]).toMatchObject({ status_code: 302, error: `redirected (302) to ${elsewhere.host}; redirects are not followed: update the channel's URL` });
  });

  it('an unreachable receiver is retried, then dead', async () => {
    const closed = await startReceiver();
    await closed.close();
    const channel = await addChannel(fixture.ctx, 'nobody', { type: 'webhook', url: `${closed.url}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender({ maxAttempts: 2, retryDelaysMs: [100] });

    const row = await settled(fixture.ctx, queued.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 2, last_status_code: null, last_error: `connection refused by ${closed.host}; gave up after 2 attempts` });
  });

  it('a notification queued while no sender ran is sent when one starts', async () => {
    const target = await receiver();
    const channel = await addChannel(fixture.ctx, 'later', { type: 'webhook', url: `${target.url}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(target.requests).toHaveLength(0);
    sender({ pollIntervalMs: 60_000 });
    await waitFor(() => target.requests.length === 1, 5000, 'the delivery after start');
    expect((await settled(fixture.ctx, queued.id)).status).toBe('delivered');
  });
});
