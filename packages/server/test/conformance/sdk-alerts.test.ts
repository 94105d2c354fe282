import { BadRequestError, ConflictError, type LucoApi, NotFoundError, PermissionDeniedError } from '@lucots/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListening, type ListeningServer } from '../support/listening.js';

/**
 * `luco.alerts` (rules, channels, alerts) over the wire: the real SDK against the real server
 * listening on loopback, with alerts the engine raised (`runPass` at the server's pinned clock).
 */
const DAY_START = Date.parse('2026-12-04T06:00:00Z');
const NINE = Date.parse('2026-12-04T09:00:00Z');
const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const NEXT_SECRET = `whsec_${Buffer.alloc(32, 4).toString('base64')}`;

let server: ListeningServer;
let admin: LucoApi;
let reader: LucoApi;

beforeAll(async () => {
  server = await startListening({ now: DAY_START });
  admin = await server.sdk('admin');
  reader = await server.sdk('reader');
  const imported = await admin.submitSlotSequences(
    ['sales', 'orders', 'stock'].map((feed) => ({ name: { client: 'acme', feed }, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-12-04' }] })),
  );
  expect(imported.counts.created).toBe(3);
}, 30_000);
afterAll(async () => server?.close());

describe('luco.alerts.channels', () => {
  it('create (a generated secret, once), get, list, update (rotation, secrets kept), test, delete', async () => {
    const created = await admin.alerts.channels.create({ name: 'ops', settings: { type: 'webhook', url: 'https://hooks.example.com/path-token', headers: { 'x-team': 'data' } } });
    expect(created.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created).toMatchObject({ name: 'ops', enabled: true, type: 'webhook', settings: { redactedUrl: 'https://hooks.example.com/…', signingSecrets: { count: 1 }, headerNames: ['x-team'] } });
    const { signingSecret: _once, ...view } = created;
    expect(await admin.alerts.channels.get(created.channelId)).toEqual(view);
    expect(await admin.alerts.channels.list()).toEqual([view]);

    const rotating = await admin.alerts.channels.update(created.channelId, { name: 'ops', settings: { type: 'webhook', signingSecrets: [NEXT_SECRET, SECRET] } });
    expect(rotating.settings).toMatchObject({ redactedUrl: 'https://hooks.example.com/…', signingSecrets: { count: 2 }, headerNames: ['x-team'] });
    expect(JSON.stringify(rotating)).not.toContain(NEXT_SECRET.slice(6));

    const mail = await admin.alerts.channels.create({ name: 'mail', enabled: false, settings: { type: 'email', host: 'smtp.example.com', port: 465, security: 'tls', username: 'luco', password: 'pw-0123', from: 'luco@example.com', to: ['ops@example.com'] } });
    expect(mail.settings).toMatchObject({ passwordSet: true, username: 'luco' });
    expect(mail.signingSecret).toBeUndefined();

    // A test send goes through the outbox; its one attempt fails here (the host does not resolve).
    server.app.notificationSender.start();
    const nowhere = await admin.alerts.channels.create({ name: 'nowhere', settings: { type: 'webhook', url: 'https://luco-test.invalid/hook' } });
    const tested = await admin.alerts.channels.test(nowhere.channelId);
    expect(tested).toMatchObject({ status: 'failed', statusCode: null, messageId: expect.stringMatching(/^msg_/) });
    expect(tested.error).toContain('luco-test.invalid');
    await server.app.notificationSender.stop();

    await admin.alerts.channels.delete(mail.channelId);
    await expect(admin.alerts.channels.get(mail.channelId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('bad input is a BadRequestError whose problem names the field; a taken name a ConflictError', async () => {
    const bad = (await admin.alerts.channels.create({ name: 'teams', settings: { type: 'teams', url: 'https://outlook.office.com/webhook/abc' } }).catch((error: unknown) => error)) as BadRequestError;
    expect(bad).toBeInstanceOf(BadRequestError);
    expect(bad.problem?.errors).toEqual([{ field: 'settings.url', message: expect.stringContaining('retired') }]);
    const taken = await admin.alerts.channels.create({ name: 'ops', settings: { type: 'slack', url: 'https://hooks.slack.com/x' } }).catch((error: unknown) => error);
    expect(taken).toBeInstanceOf(ConflictError);
  });
});

describe('luco.alerts.rules and luco.alerts.list / get', () => {
  it('rules: create, get, update, list; a reader is refused', async () => {
    const [ops] = await admin.alerts.channels.list();
    const rule = await admin.alerts.rules.create({ name: 'acme feeds', filter: { name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: '*' }] }, events: ['overdue', 'failed'], reminderSeconds: 3600, channelIds: [ops!.channelId] });
    expect(rule).toMatchObject({ name: 'acme feeds', enabled: true, graceSeconds: 0, reminderSeconds: 3600, channels: [{ channelId: ops!.channelId, name: 'ops', type: 'webhook' }] });
    expect(await admin.alerts.rules.get(rule.ruleId)).toEqual(rule);
    const updated = await admin.alerts.rules.update(rule.ruleId, { name: 'acme feeds', filter: rule.filter, events: ['overdue', 'failed'], channelIds: [ops!.channelId], mute: [{ days: ['Sun'], start: '00:00', end: '00:00', timeZone: 'UTC' }] });
    expect(updated).toMatchObject({ reminderSeconds: null, mute: [{ days: ['Sun'], start: '00:00', end: '00:00', timeZone: 'UTC' }] });
    expect((await admin.alerts.rules.list()).map((one) => one.name)).toEqual(['acme feeds']);
    await expect(reader.alerts.rules.list()).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(reader.alerts.channels.list()).rejects.toBeInstanceOf(PermissionDeniedError);
    const missing = (await admin.alerts.rules.create({ name: 'other', channelIds: [9999] }).catch((error: unknown) => error)) as BadRequestError;
    expect(missing.problem?.errors).toEqual([{ field: 'channelIds[0]', message: 'no alert channel has id 9999' }]);
  });

  it('alerts the engine raised: a reader pages through them (filters, for await) and reads one with its notifications', async () => {
    server.clock.now = DAY_START;
    await server.app.alertEngine.runPass();
    server.clock.now = NINE + 1000;
    await server.app.alertEngine.runPass();

    const first = await reader.alerts.list({ state: 'open', sequence: { client: 'acme', feed: 's*' } }, { pageSize: 1 });
    expect(first.totalCount).toBe(2);
    expect(first.items).toHaveLength(1);
    expect(first.hasNextPage()).toBe(true);
    const every = await reader.alerts.list({ state: 'open', sequence: { client: 'acme', feed: 's*' } }, { pageSize: 1 }).toArray();
    // Both opened in the same pass; on PostgreSQL the engine's parallel transactions number them in either order.
    expect(every.map((alert) => alert.slotSequence.name.feed).sort()).toEqual(['sales', 'stock']);
    const sales = every.find((alert) => alert.slotSequence.name.feed === 'sales')!;
    expect(every[0]!.alertId).toBeGreaterThan(every[1]!.alertId);
    expect(every[0]).toMatchObject({ state: 'open', kind: 'overdue', rule: { name: 'acme feeds' }, slot: { tag: '2026-12-04', expectedBy: '2026-12-04T09:00:00.000Z' } });
    expect((await reader.alerts.list({ kind: 'failed' })).totalCount).toBe(0);
    expect((await reader.alerts.list({ until: '2026-12-03' })).items).toEqual([]);

    const detail = await reader.alerts.get(sales.alertId);
    expect(detail.slotSequence.name).toEqual({ client: 'acme', feed: 'sales' });
    expect(detail.notificationCount).toBe(1);
    expect(detail.notifications[0]).toMatchObject({ event: 'opened', status: 'pending', channel: { name: 'ops', type: 'webhook' }, deliveryLog: [] });
    await expect(reader.alerts.get(99999)).rejects.toBeInstanceOf(NotFoundError);
  });
});
