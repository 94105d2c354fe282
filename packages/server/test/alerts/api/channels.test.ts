import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../../src/auth/key-encryption.js';
import type { ChannelSettings } from '../../../src/domain/alerts/channel.js';
import { AlertChannelRepository } from '../../../src/storage/repositories/alerts/channels.js';
import { TEST_AUTH } from '../../support/app.js';
import { apiFixture, badFields, createChannel, email, expectProblem, SECRET_A, SECRET_B, WEBHOOK_URL, webhook, type ApiFixture } from './support.js';

const BASE = '/lucots/v1/alert-channels';
let f: ApiFixture;
let keys: KeyEncryptionKeys;
afterEach(async () => f?.t.close());

async function setUp(options: Parameters<typeof apiFixture>[0] = {}) {
  keys = KeyEncryptionKeys.ephemeral();
  f = await apiFixture({ auth: { ...TEST_AUTH, keyEncryption: keys }, ...options });
}

/** What is stored, secrets opened: the API never shows it, so tests read it through the repository. */
async function stored(channelId: number): Promise<ChannelSettings> {
  const channel = await new AlertChannelRepository(f.t.database.db, keys).find(channelId);
  return channel!.settings;
}

describe('alert channels: create and read', () => {
  it('a webhook created without a secret gets one, shown once; answers show the URL as scheme and host, the secrets as a count', async () => {
    await setUp();
    const created = await createChannel(f, 'ops', { type: 'webhook', url: WEBHOOK_URL, headers: { 'x-team': 'data-secret-header' } });
    expect(created).toMatchObject({
      channelId: expect.any(Number),
      name: 'ops',
      enabled: true,
      type: 'webhook',
      settings: { type: 'webhook', redactedUrl: 'https://hooks.example.com/…', signingSecrets: { count: 1, rotatedOn: '2026-11-27T12:00:00.000Z' }, headerNames: ['x-team'] },
      createdOn: '2026-11-27T12:00:00.000Z',
    });
    const secret = created.signingSecret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(await stored(created.channelId)).toEqual({ type: 'webhook', url: WEBHOOK_URL, signingSecrets: [secret], headers: { 'x-team': 'data-secret-header' } });

    const one = await f.call('GET', `${BASE}/${created.channelId}`);
    expect(one.statusCode).toBe(200);
    const { signingSecret: _shownOnce, ...view } = created;
    expect(one.json()).toEqual(view);
    const list = await f.call('GET', BASE);
    expect(list.json()).toEqual({ channels: [view] });
    for (const body of [one.body, list.body]) {
      for (const secretPart of [secret, secret.slice(6, 10), 'tok3n-in-path', 'query-token', 'data-secret-header']) expect(body).not.toContain(secretPart);
    }
  });

  it('slack, teams and email channels; an email answer says passwordSet, never the password', async () => {
    await setUp();
    const slack = await createChannel(f, 'slack', { type: 'slack', url: 'https://hooks.slack.com/services/T1/B1/slacktoken' });
    expect(slack.settings).toEqual({ type: 'slack', redactedUrl: 'https://hooks.slack.com/…' });
    expect(slack.signingSecret).toBeUndefined();
    const teams = await createChannel(f, 'teams', { type: 'teams', url: 'https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=teamssig' });
    expect(teams.settings).toEqual({ type: 'teams', redactedUrl: 'https://prod-01.westeurope.logic.azure.com/…' });
    const mail = await createChannel(f, 'mail', email());
    expect(mail.settings).toEqual({ type: 'email', host: 'smtp.example.com', port: 587, security: 'starttls', username: 'luco', passwordSet: true, from: 'luco@example.com', to: ['ops@example.com', 'data@example.com'] });
    const relay = await createChannel(f, 'relay', email({ security: 'none', username: undefined, password: undefined, port: 25 }));
    expect(relay.settings).toMatchObject({ security: 'none', username: null, passwordSet: false });
    const all = await f.call('GET', BASE);
    expect(all.json().channels.map((channel: { name: string }) => channel.name)).toEqual(['slack', 'teams', 'mail', 'relay']);
    for (const secret of ['slacktoken', 'teamssig', 'smtp-pass-w0rd']) expect(all.body).not.toContain(secret);
  });

  it('secrets are sealed at rest: the row holds neither the URL nor the signing secret', async () => {
    await setUp();
    const created = await createChannel(f, 'ops', webhook());
    const row = await f.t.database.db.selectFrom('alert_channels').selectAll().where('id', '=', created.channelId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('tok3n-in-path');
    expect(JSON.stringify(row)).not.toContain(SECRET_A.slice(6));
  });

  it('a replay of a keyed create answers without the generated secret, and the stored answer never held it', async () => {
    await setUp();
    const headers = { ...f.admin, 'idempotency-key': 'create-ops-1' };
    const first = await f.call('POST', BASE, { name: 'ops', settings: { type: 'webhook', url: WEBHOOK_URL } }, headers);
    expect(first.statusCode).toBe(201);
    const secret = first.json().signingSecret as string;
    expect(secret).toMatch(/^whsec_/);
    const again = await f.call('POST', BASE, { name: 'ops', settings: { type: 'webhook', url: WEBHOOK_URL } }, headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const { signingSecret: _once, ...view } = first.json();
    expect(again.json()).toEqual(view);
    const keysTable = await f.t.database.db.selectFrom('idempotency_keys').selectAll().execute();
    expect(keysTable).toHaveLength(1);
    expect(JSON.stringify(keysTable)).not.toContain(secret.slice(6));
    expect((await f.call('GET', BASE)).json().channels).toHaveLength(1);
  });
});

describe('alert channels: updates keep the secrets they leave out', () => {
  it('PUT without url, signingSecrets or headers keeps them; the rest is replaced', async () => {
    await setUp();
    const created = await createChannel(f, 'ops', webhook({ headers: { authorization: 'Bearer receiver-token' } }));
    f.t.clock.now += 60_000;
    const response = await f.call('PUT', `${BASE}/${created.channelId}`, { name: 'ops-renamed', enabled: false, settings: { type: 'webhook' } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ name: 'ops-renamed', enabled: false, settings: { signingSecrets: { count: 1, rotatedOn: '2026-11-27T12:00:00.000Z' }, headerNames: ['authorization'] }, updatedOn: '2026-11-27T12:01:00.000Z' });
    expect(await stored(created.channelId)).toEqual({ type: 'webhook', url: WEBHOOK_URL, signingSecrets: [SECRET_A], headers: { authorization: 'Bearer receiver-token' } });
    expect(response.body).not.toContain('receiver-token');
  });

  it('rotating: PUT [new, old] signs with both, later PUT [new]; rotatedOn follows each change of the list', async () => {
    await setUp();
    const created = await createChannel(f, 'ops', webhook());
    f.t.clock.now = Date.parse('2026-11-27T12:10:00Z');
    const both = await f.call('PUT', `${BASE}/${created.channelId}`, { name: 'ops', settings: { type: 'webhook', signingSecrets: [SECRET_B, SECRET_A] } });
    expect(both.json().settings.signingSecrets).toEqual({ count: 2, rotatedOn: '2026-11-27T12:10:00.000Z' });
    expect((await stored(created.channelId)) as { signingSecrets: string[] }).toMatchObject({ signingSecrets: [SECRET_B, SECRET_A], url: WEBHOOK_URL });
    f.t.clock.now = Date.parse('2026-11-27T12:20:00Z');
    const same = await f.call('PUT', `${BASE}/${created.channelId}`, { name: 'ops', settings: { type: 'webhook', signingSecrets: [SECRET_B, SECRET_A] } });
    expect(same.json().settings.signingSecrets.rotatedOn).toBe('2026-11-27T12:10:00.000Z');
    const newOnly = await f.call('PUT', `${BASE}/${created.channelId}`, { name: 'ops', settings: { type: 'webhook', signingSecrets: [SECRET_B] } });
    expect(newOnly.json().settings.signingSecrets).toEqual({ count: 1, rotatedOn: '2026-11-27T12:20:00.000Z' });
    expect(JSON.stringify([both.json(), same.json(), newOnly.json()])).not.toContain(SECRET_B.slice(6, 20));
  });

  it('a new URL replaces the stored one; an email PUT keeps the password left out and drops it on null', async () => {
    await setUp();
    const hook = await createChannel(f, 'ops', webhook());
    await f.call('PUT', `${BASE}/${hook.channelId}`, { name: 'ops', settings: { type: 'webhook', url: 'https://other.example.com/new-path' } });
    expect(await stored(hook.channelId)).toMatchObject({ url: 'https://other.example.com/new-path', signingSecrets: [SECRET_A] });

    const mail = await createChannel(f, 'mail', email());
    const kept = await f.call('PUT', `${BASE}/${mail.channelId}`, { name: 'mail', settings: email({ password: undefined, to: ['ops@example.com'] }) });
    expect(kept.json().settings).toMatchObject({ passwordSet: true, to: ['ops@example.com'] });
    expect(await stored(mail.channelId)).toMatchObject({ password: 'smtp-pass-w0rd', username: 'luco' });
    const dropped = await f.call('PUT', `${BASE}/${mail.channelId}`, { name: 'mail', settings: email({ password: null, username: null }) });
    expect(dropped.json().settings).toMatchObject({ passwordSet: false, username: null });
    expect(await stored(mail.channelId)).toMatchObject({ password: null });
  });

  it('a channel keeps its type; an unknown channel is a 404', async () => {
    await setUp();
    const hook = await createChannel(f, 'ops', webhook());
    expect(badFields(await f.call('PUT', `${BASE}/${hook.channelId}`, { name: 'ops', settings: { type: 'slack', url: 'https://hooks.slack.com/x' } }))).toEqual(['settings.type']);
    expectProblem(await f.call('PUT', `${BASE}/999`, { name: 'x', settings: webhook() }), 404);
    expectProblem(await f.call('GET', `${BASE}/999`), 404);
  });
});

describe('alert channels: bad input is a 400 naming the field, and no answer repeats a secret', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['empty name', { name: '', settings: webhook() }, 'name'],
    ['blank name', { name: '   ', settings: webhook() }, 'name'],
    ['control character in the name', { name: 'ops\u0007', settings: webhook() }, 'name'],
    ['NUL in the name', { name: 'ops\u0000', settings: webhook() }, 'name'],
    ['long name', { name: 'x'.repeat(101), settings: webhook() }, 'name'],
    ['no name', { settings: webhook() }, 'name'],
    ['enabled not a boolean', { name: 'a', enabled: 'yes', settings: webhook() }, 'enabled'],
    ['no settings', { name: 'a' }, 'settings'],
    ['unknown type', { name: 'a', settings: { type: 'sms', url: WEBHOOK_URL } }, 'settings.type'],
    ['unknown field', { name: 'a', settings: webhook(), colour: 'red' }, 'colour'],
    ['no url', { name: 'a', settings: { type: 'webhook' } }, 'settings.url'],
    ['relative url', { name: 'a', settings: webhook({ url: '/hooks/1' }) }, 'settings.url'],
    ['ftp url', { name: 'a', settings: webhook({ url: 'ftp://files.example.com/x' }) }, 'settings.url'],
    ['credentials in the url', { name: 'a', settings: webhook({ url: 'https://user:pw-secret@hooks.example.com/x' }) }, 'settings.url'],
    ['very long url', { name: 'a', settings: webhook({ url: `https://hooks.example.com/${'a'.repeat(3000)}` }) }, 'settings.url'],
    ['NUL in the url', { name: 'a', settings: webhook({ url: 'https://hooks.example.com/\u0000' }) }, 'settings.url'],
    ['retired Teams connector', { name: 'a', settings: { type: 'teams', url: 'https://outlook.office.com/webhook/abc/IncomingWebhook/def' } }, 'settings.url'],
    ['retired Teams tenant connector', { name: 'a', settings: { type: 'teams', url: 'https://acme.webhook.office.com/webhookb2/abc' } }, 'settings.url'],
    ['no signing secrets', { name: 'a', settings: webhook({ signingSecrets: [] }) }, 'settings.signingSecrets'],
    ['three signing secrets', { name: 'a', settings: webhook({ signingSecrets: [SECRET_A, SECRET_B, SECRET_A] }) }, 'settings.signingSecrets'],
    ['secret without whsec_', { name: 'a', settings: webhook({ signingSecrets: ['not-a-secret-value'] }) }, 'settings.signingSecrets[0]'],
    ['secret too short', { name: 'a', settings: webhook({ signingSecrets: [`whsec_${Buffer.alloc(16, 1).toString('base64')}`] }) }, 'settings.signingSecrets[0]'],
    ['secret too long', { name: 'a', settings: webhook({ signingSecrets: [`whsec_${Buffer.alloc(65, 1).toString('base64')}`] }) }, 'settings.signingSecrets[0]'],
    ['secret not base64', { name: 'a', settings: webhook({ signingSecrets: ['whsec_!!!!not*base64!!!!!!!!!!!!!!!!!!!!!'] }) }, 'settings.signingSecrets[0]'],
    ['repeated secret', { name: 'a', settings: webhook({ signingSecrets: [SECRET_A, SECRET_A] }) }, 'settings.signingSecrets[1]'],
    ['secret not a string', { name: 'a', settings: webhook({ signingSecrets: [12] }) }, 'settings.signingSecrets[0]'],
    ['bad header name', { name: 'a', settings: webhook({ headers: { 'bad name': 'v' } }) }, 'settings.headers.bad name'],
    ['reserved header', { name: 'a', settings: webhook({ headers: { 'Webhook-Signature': 'v1,forged' } }) }, 'settings.headers.Webhook-Signature'],
    ['header with a line break', { name: 'a', settings: webhook({ headers: { 'x-a': 'one\r\ntwo' } }) }, 'settings.headers.x-a'],
    ['header value not text', { name: 'a', settings: webhook({ headers: { 'x-a': 5 } }) }, 'settings.headers.x-a'],
    ['too many headers', { name: 'a', settings: webhook({ headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-${i}`, 'v'])) }) }, 'settings.headers'],
    ['a setting of another type', { name: 'a', settings: { type: 'slack', url: 'https://hooks.slack.com/x', signingSecrets: [SECRET_A] } }, 'settings.signingSecrets'],
    ['email: no host', { name: 'a', settings: email({ host: undefined }) }, 'settings.host'],
    ['email: bad host', { name: 'a', settings: email({ host: 'smtp example!' }) }, 'settings.host'],
    ['email: port 0', { name: 'a', settings: email({ port: 0 }) }, 'settings.port'],
    ['email: port 65536', { name: 'a', settings: email({ port: 65536 }) }, 'settings.port'],
    ['email: port beyond int4', { name: 'a', settings: email({ port: 2147483648 }) }, 'settings.port'],
    ['email: port as text', { name: 'a', settings: email({ port: '587' }) }, 'settings.port'],
    ['email: unknown security', { name: 'a', settings: email({ security: 'ssl' }) }, 'settings.security'],
    ['email: password in plain text', { name: 'a', settings: email({ security: 'none' }) }, 'settings.security'],
    ['email: password without user', { name: 'a', settings: email({ username: null }) }, 'settings.username'],
    ['email: bad from', { name: 'a', settings: email({ from: 'luco at example.com' }) }, 'settings.from'],
    ['email: no recipients', { name: 'a', settings: email({ to: [] }) }, 'settings.to'],
    ['email: bad recipient', { name: 'a', settings: email({ to: ['ops@example.com', 'nobody'] }) }, 'settings.to[1]'],
    ['email: repeated recipient', { name: 'a', settings: email({ to: ['ops@example.com', 'ops@example.com'] }) }, 'settings.to[1]'],
    ['email: url given', { name: 'a', settings: email({ url: WEBHOOK_URL }) }, 'settings.url'],
  ];

  describe('one field at a time', () => {
    // One app for the table: none of these bodies may create anything.
    let shared: ApiFixture;
    beforeAll(async () => {
      shared = await apiFixture();
    });
    afterAll(async () => shared?.t.close());

    it.each(cases)('%s', async (_label, body, field) => {
      const response = await shared.call('POST', BASE, body);
      expect(badFields(response)).toContain(field);
      for (const secret of ['pw-secret', 'tok3n-in-path', 'query-token', 'not-a-secret-value', 'smtp-pass-w0rd', 'v1,forged', SECRET_A.slice(6)]) expect(response.body).not.toContain(secret);
      expect((await shared.call('GET', BASE)).json().channels).toEqual([]);
    });
  });

  it('every problem of a body is listed at once', async () => {
    await setUp();
    const response = await f.call('POST', BASE, { name: ' ', settings: { type: 'webhook', url: 'nope', signingSecrets: ['bad'], headers: { 'content-type': 'text/plain' } } });
    expect(badFields(response)).toEqual(['name', 'settings.url', 'settings.headers.content-type', 'settings.signingSecrets[0]']);
  });

  it('ids in the path: out of range, not a number or NUL are a 400 naming channelId', async () => {
    await setUp();
    for (const id of ['0', '-1', '2147483648', '99999999999999999999', 'abc', '1%00']) {
      expect(badFields(await f.call('GET', `${BASE}/${id}`))).toEqual(['channelId']);
      expect(badFields(await f.call('PUT', `${BASE}/${id}`, { name: 'a', settings: webhook() }))).toEqual(['channelId']);
      expect(badFields(await f.call('DELETE', `${BASE}/${id}`))).toEqual(['channelId']);
      expect(badFields(await f.call('POST', `${BASE}/${id}/test`))).toEqual(['channelId']);
    }
  });
});

describe('alert channels: names are unique, and a channel a rule uses stays', () => {
  it('a taken name is a 409 naming `name`, on create and on update', async () => {
    await setUp();
    await createChannel(f, 'ops', webhook());
    const other = await createChannel(f, 'other', webhook());
    const duplicate = expectProblem(await f.call('POST', BASE, { name: 'ops', settings: webhook() }), 409);
    expect(duplicate).toMatchObject({ errors: [{ field: 'name', message: 'is taken by another channel' }] });
    expectProblem(await f.call('PUT', `${BASE}/${other.channelId}`, { name: 'ops', settings: { type: 'webhook' } }), 409);
    expect((await f.call('PUT', `${BASE}/${other.channelId}`, { name: 'other', settings: { type: 'webhook' } })).statusCode).toBe(200);
  });

  it('deleting a channel a rule notifies is a 409 listing the rule; unused, it is deleted (204)', async () => {
    await setUp();
    const hook = await createChannel(f, 'ops', webhook());
    const rule = (await f.call('POST', '/lucots/v1/alert-rules', { name: 'late sales', channelIds: [hook.channelId] })).json();
    const refused = expectProblem(await f.call('DELETE', `${BASE}/${hook.channelId}`), 409);
    expect(refused).toMatchObject({ ruleIds: [rule.ruleId] });
    expect(refused.detail).toContain('late sales');
    expect((await f.call('DELETE', `/lucots/v1/alert-rules/${rule.ruleId}`)).statusCode).toBe(204);
    const deleted = await f.call('DELETE', `${BASE}/${hook.channelId}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expectProblem(await f.call('GET', `${BASE}/${hook.channelId}`), 404);
    expectProblem(await f.call('DELETE', `${BASE}/${hook.channelId}`), 404);
  });
});

describe('alert channels: the delivery side\'s checks', () => {
  it('the target check runs on create and update, on the settings as they will be stored; its problems are a 400', async () => {
    const seen: string[] = [];
    await setUp({
      alertDelivery: {
        checkChannel: async (settings) => {
          if (settings.type === 'email') return [];
          seen.push(settings.url);
          return new URL(settings.url).hostname === '10.0.0.1' ? [{ field: 'settings.url', message: 'is refused: 10.0.0.1 is a private address' }] : [];
        },
      },
    });
    const refused = await f.call('POST', BASE, { name: 'a', settings: webhook({ url: 'https://10.0.0.1/hook' }) });
    expect(expectProblem(refused, 400).errors).toEqual([{ field: 'settings.url', message: 'is refused: 10.0.0.1 is a private address' }]);
    const hook = await createChannel(f, 'ops', webhook());
    expect(badFields(await f.call('PUT', `${BASE}/${hook.channelId}`, { name: 'ops', settings: { type: 'webhook', url: 'https://10.0.0.1/x' } }))).toEqual(['settings.url']);
    // Left out, the stored URL is what is checked.
    expect((await f.call('PUT', `${BASE}/${hook.channelId}`, { name: 'ops', settings: { type: 'webhook' } })).statusCode).toBe(200);
    expect(seen).toEqual(['https://10.0.0.1/hook', WEBHOOK_URL, 'https://10.0.0.1/x', WEBHOOK_URL]);
    expect(await stored(hook.channelId)).toMatchObject({ url: WEBHOOK_URL });
  });

  it('a test send answers with the attempt the delivery side reports', async () => {
    const calls: Array<{ id: number; name: string }> = [];
    await setUp({
      alertDelivery: {
        sendTest: async (_ctx, channel) => {
          calls.push(channel);
          return { status: 'failed', notificationId: 7, messageId: 'msg_abc', statusCode: 500, error: 'the receiver answered 500', attemptedOn: Date.parse('2026-11-27T12:00:01Z'), durationMs: 42 };
        },
      },
    });
    const hook = await createChannel(f, 'ops', webhook());
    const response = await f.call('POST', `${BASE}/${hook.channelId}/test`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'failed', notificationId: 7, messageId: 'msg_abc', statusCode: 500, error: 'the receiver answered 500', attemptedOn: '2026-11-27T12:00:01.000Z', durationMs: 42 });
    expectProblem(await f.call('POST', `${BASE}/999/test`), 404);
    expect(calls).toEqual([{ id: hook.channelId, name: 'ops' }]);
    await f.t.close();

    // The real delivery: the test goes through the outbox and its one attempt is reported.
    await setUp();
    f.t.app.notificationSender.start();
    const nowhere = await createChannel(f, 'nowhere', webhook({ url: 'https://luco-test.invalid/hook' }));
    const real = await f.call('POST', `${BASE}/${nowhere.channelId}/test`);
    expect(real.statusCode).toBe(200);
    expect(real.json()).toMatchObject({ status: 'failed', statusCode: null, error: expect.stringContaining('luco-test.invalid') });
  });
});

describe('alert channels need an admin', () => {
  it('a reader gets 403 and no token 401 on every channel route', async () => {
    await setUp();
    const hook = await createChannel(f, 'ops', webhook());
    const routes: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string, unknown]> = [
      ['GET', BASE, undefined],
      ['POST', BASE, { name: 'x', settings: webhook() }],
      ['GET', `${BASE}/${hook.channelId}`, undefined],
      ['PUT', `${BASE}/${hook.channelId}`, { name: 'x', settings: { type: 'webhook' } }],
      ['DELETE', `${BASE}/${hook.channelId}`, undefined],
      ['POST', `${BASE}/${hook.channelId}/test`, undefined],
    ];
    for (const [method, url, payload] of routes) {
      expectProblem(await f.call(method, url, payload, f.reader), 403);
      expectProblem(await f.call(method, url, payload, {}), 401);
    }
    expect((await f.call('GET', BASE)).json().channels).toHaveLength(1);
  });
});
