import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelSettings } from '../../../src/domain/alerts/channel.js';
import type { NotificationSender } from '../../../src/services/alerts/delivery/sender.js';
import { checkChannelSettings, checkChannelTarget } from '../../../src/services/alerts/delivery/target/check-channel.js';
import { resolveTarget, TargetRefusedError } from '../../../src/services/alerts/delivery/target/guard.js';
import { parseAlertTargets, type Resolver } from '../../../src/services/alerts/delivery/target/policy.js';
import { NotificationRepository } from '../../../src/storage/repositories/alerts/notifications.js';
import { addChannel, createDeliveryFixture, type DeliveryFixture, queue, type Receiver, SECRET_A, settled, startReceiver, startSender } from './support.js';

/** A resolver with fixed answers, standing in for DNS (unknown names do not resolve). */
function fakeDns(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(resolve, { calls });
}

const dns = fakeDns({
  'hooks.example.com': ['93.184.216.34'],
  'dual.example.com': ['93.184.216.34', '2606:2800:220:1::1'],
  'intranet.example.com': ['10.1.2.3'],
  'sneaky.example.com': ['93.184.216.34', '192.168.1.10'],
  'metadata.example.com': ['169.254.169.254'],
  'relay.corp.example': ['10.9.9.9'],
});
const byDefault = parseAlertTargets(undefined, { resolve: dns });
const webhook = (url: string): ChannelSettings => ({ type: 'webhook', url, signingSecrets: [SECRET_A], headers: {} });

describe('the default policy', () => {
  it('allows an https host whose addresses are all public', async () => {
    expect(await checkChannelTarget(webhook('https://hooks.example.com/in'), byDefault)).toEqual([]);
    expect(await checkChannelTarget(webhook('https://dual.example.com/in'), byDefault)).toEqual([]);
    expect(await checkChannelTarget({ type: 'slack', url: 'https://93.184.216.34/services/x' }, byDefault)).toEqual([]);
  });

  it.each([
    ['https://127.0.0.1/x', 'loopback'],
    ['https://127.8.9.10:8443/x', 'loopback'],
    ['https://[::1]/x', 'loopback'],
    ['https://[::ffff:127.0.0.1]/x', 'loopback'],
    ['https://10.0.0.1/x', 'private'],
    ['https://172.20.1.1/x', 'private'],
    ['https://192.168.0.10/x', 'private'],
    ['https://[fd12:3456::1]/x', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://[fe80::1]/x', 'link-local'],
    ['https://0.0.0.0/x', 'unspecified'],
    ['https://224.0.0.1/x', 'multicast'],
  ])('refuses %s (%s)', async (url, range) => {
    const problems = await checkChannelTarget(webhook(url), byDefault);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('settings.url');
    expect(problems[0]!.message).toContain(`a ${range} address, refused by default; allow it with --alert-targets / LUCO_ALERT_TARGETS`);
  });

  it('refuses a DNS name that resolves to a private or link-local address, or to one among public ones', async () => {
    expect(await checkChannelTarget(webhook('https://intranet.example.com/x'), byDefault)).toEqual([
      { field: 'settings.url', message: 'is refused: intranet.example.com resolves to 10.1.2.3, a private address, refused by default; allow it with --alert-targets / LUCO_ALERT_TARGETS' },
    ]);
    expect((await checkChannelTarget(webhook('https://metadata.example.com/x'), byDefault))[0]!.message).toContain('169.254.169.254, a link-local address');
    expect((await checkChannelTarget(webhook('https://sneaky.example.com/x'), byDefault))[0]!.message).toContain('192.168.1.10, a private address');
  });

  it('refuses localhost as the system resolver answers it', async () => {
    const problems = await checkChannelTarget(webhook('https://localhost:8443/x'), parseAlertTargets(undefined));
    expect(problems[0]!.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });

  it('refuses plain http, even to a public host', async () => {
    expect(await checkChannelTarget(webhook('http://hooks.example.com/in'), byDefault)).toEqual([
      { field: 'settings.url', message: 'is refused: plain http goes only to hosts on the allow-list, and hooks.example.com is not on it; use https or allow it with --alert-targets / LUCO_ALERT_TARGETS' },
    ]);
  });

  it('accepts a host that does not resolve now (checked again at every attempt)', async () => {
    expect(await checkChannelTarget(webhook('https://not-yet.example.com/in'), byDefault)).toEqual([]);
  });

  it('refuses what is not an https URL, and never echoes the URL', async () => {
    expect(await checkChannelTarget(webhook('hooks.example.com/secret-token'), byDefault)).toEqual([{ field: 'settings.url', message: 'is not an absolute URL' }]);
    expect(await checkChannelTarget(webhook('ftp://hooks.example.com/secret-token'), byDefault)).toEqual([{ field: 'settings.url', message: 'must be an https URL (not ftp)' }]);
    const withUser = await checkChannelTarget(webhook('https://user:secret-pass@hooks.example.com/x'), byDefault);
    expect(withUser[0]!.message).not.toContain('secret-pass');
  });

  it('checks an SMTP host the same way', async () => {
    const email = (host: string): ChannelSettings => ({ type: 'email', host, port: 587, security: 'starttls', username: null, password: null, from: 'luco@example.com', to: ['ops@example.com'] });
    expect(await checkChannelTarget(email('hooks.example.com'), byDefault)).toEqual([]);
    expect(await checkChannelTarget(email('relay.corp.example'), byDefault)).toEqual([
      { field: 'settings.host', message: 'is refused: relay.corp.example resolves to 10.9.9.9, a private address, refused by default; allow it with --alert-targets / LUCO_ALERT_TARGETS' },
    ]);
  });
});

describe('the allow-list', () => {
  it('reads host names, patterns, addresses, CIDRs and range keywords, and refuses anything else by name', () => {
    const policy = parseAlertTargets(' hooks.internal.example, *.corp.example ,10.9.0.0/16, 192.168.1.5, fd00::/8, [::1], loopback ', { resolve: dns });
    expect(policy.hosts).toEqual(['hooks.internal.example', '*.corp.example', 'localhost']);
    expect(policy.networks.check('10.9.200.1', 'ipv4')).toBe(true);
    expect(policy.networks.check('10.8.0.1', 'ipv4')).toBe(false);
    expect(policy.networks.check('192.168.1.5', 'ipv4')).toBe(true);
    expect(policy.networks.check('fd00::5', 'ipv6')).toBe(true);
    expect(policy.networks.check('127.0.0.2', 'ipv4')).toBe(true);
    expect(() => parseAlertTargets('hooks.example.com, 10.0.0.0/33')).toThrow('alert targets: "10.0.0.0/33" is not a host name');
    expect(() => parseAlertTargets('http://x')).toThrow('"http://x"');
    expect(parseAlertTargets('').entries).toEqual([]);
  });

  it('allows a listed address or network, plain http included', async () => {
    const policy = parseAlertTargets('127.0.0.1, 10.9.0.0/16', { resolve: dns });
    expect(await checkChannelTarget(webhook('http://127.0.0.1:9000/in'), policy)).toEqual([]);
    expect(await checkChannelTarget(webhook('https://relay.corp.example/in'), policy)).toEqual([]);
    expect(await checkChannelTarget(webhook('http://relay.corp.example/in'), policy)).toEqual([]);
    // Listing one address allows no other.
    expect(await checkChannelTarget(webhook('http://127.0.0.2:9000/in'), policy)).toHaveLength(1);
    expect(await checkChannelTarget(webhook('https://intranet.example.com/in'), policy)).toHaveLength(1);
  });

  it('allows a listed host name or pattern whatever it resolves to', async () => {
    const policy = parseAlertTargets('*.corp.example, intranet.example.com', { resolve: dns });
    expect(await checkChannelTarget(webhook('http://relay.corp.example/in'), policy)).toEqual([]);
    expect(await checkChannelTarget(webhook('https://intranet.example.com/in'), policy)).toEqual([]);
    expect(await checkChannelTarget(webhook('https://corp.example/in'), policy)).toEqual([]);
    expect(await checkChannelTarget(webhook('https://metadata.example.com/in'), policy)).toHaveLength(1);
  });

  it('loopback allows the loopback range and the name localhost', async () => {
    const policy = parseAlertTargets('loopback');
    expect(await checkChannelTarget(webhook('http://localhost:9000/in'), policy)).toEqual([]);
    expect(await checkChannelTarget(webhook('http://127.0.0.1:9000/in'), policy)).toEqual([]);
    expect(await checkChannelTarget(webhook('http://[::1]:9000/in'), policy)).toEqual([]);
    expect(await checkChannelTarget(webhook('https://169.254.169.254/in'), policy)).toHaveLength(1);
  });
});

describe('channel settings', () => {
  it('refuses retired Office 365 connector URLs for Teams, naming what to use instead', async () => {
    for (const url of ['https://outlook.office.com/webhook/abc/IncomingWebhook/def', 'https://contoso.webhook.office.com/webhookb2/abc']) {
      const problems = await checkChannelTarget({ type: 'teams', url }, byDefault);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toContain('Office 365 connector URL');
      expect(problems[0]!.message).toContain('When a Teams webhook request is received');
      expect(problems[0]!.message).not.toContain('abc');
    }
  });

  it("checks a webhook's signing secrets and extra headers", async () => {
    const settings: ChannelSettings = {
      type: 'webhook',
      url: 'https://hooks.example.com/in',
      signingSecrets: [SECRET_A, 'whsec_dG9vIHNob3J0'],
      headers: { 'Webhook-Signature': 'v1,forged', 'bad name': 'x', 'x-ok': 'fine', 'x-split': 'a\r\nb' },
    };
    expect(await checkChannelSettings(settings, byDefault)).toEqual([
      { field: 'settings.signingSecrets[1]', message: 'must decode to 24 to 64 bytes (this one has 9)' },
      { field: 'settings.headers.Webhook-Signature', message: 'is set by the sender and cannot be overridden' },
      { field: 'settings.headers.bad name', message: 'is not a valid header name' },
      { field: 'settings.headers.x-split', message: 'must be text of at most 2000 characters without line breaks' },
    ]);
    expect((await checkChannelSettings({ ...settings, signingSecrets: [], headers: {} }, byDefault))[0]!.message).toContain('needs a signing secret');
    expect((await checkChannelSettings({ ...settings, signingSecrets: ['whsec_!!!notbase64!!!'], headers: {} }, byDefault))[0]).toEqual({
      field: 'settings.signingSecrets[0]',
      message: 'must be whsec_ followed by standard base64 (A-Z, a-z, 0-9, +, /, = padding)',
    });
  });
});

describe('at send time', () => {
  let fixture: DeliveryFixture;
  let receiver: Receiver;
  let sender: NotificationSender | undefined;

  beforeEach(async () => {
    fixture = await createDeliveryFixture();
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await sender?.stop();
    sender = undefined;
    await receiver.close();
    await fixture.close();
  });

  it('refuses a loopback receiver under the default policy: dead at once, nothing sent', async () => {
    const channel = await addChannel(fixture.ctx, 'inside', { type: 'webhook', url: `${receiver.url.replace('http:', 'https:')}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender = startSender(fixture.ctx, { policy: parseAlertTargets(undefined) });
    const row = await settled(fixture.ctx, queued.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 1, last_error: '127.0.0.1 is a loopback address, refused by default; allow it with --alert-targets / LUCO_ALERT_TARGETS; a permanent failure, not retried' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('connects to the address it checked: a name only the guard resolves reaches the receiver', async () => {
    const port = new URL(receiver.url).port;
    const resolver = fakeDns({ 'receiver.test': ['127.0.0.1'] });
    const channel = await addChannel(fixture.ctx, 'named', { type: 'webhook', url: `http://receiver.test:${port}/in`, signingSecrets: [SECRET_A], headers: {} });
    const queued = await queue(fixture.ctx, channel.id);
    sender = startSender(fixture.ctx, { policy: parseAlertTargets('127.0.0.1', { resolve: resolver }) });
    expect((await settled(fixture.ctx, queued.id)).status).toBe('delivered');
    expect(receiver.requests[0]!.headers.host).toBe(`receiver.test:${port}`);
    // One resolution per attempt, the one that was checked: no second lookup to rebind.
    expect(resolver.calls).toEqual(['receiver.test']);
  });

  it('refuses a name whose DNS answer turned private since the channel was saved', async () => {
    const answers = { 'flip.example.com': ['93.184.216.34'] };
    const resolver = fakeDns(answers);
    const policy = parseAlertTargets(undefined, { resolve: resolver });
    const settings = webhook('https://flip.example.com/in');
    expect(await checkChannelTarget(settings, policy)).toEqual([]);
    answers['flip.example.com'] = ['127.0.0.1'];
    const channel = await addChannel(fixture.ctx, 'flip', settings);
    const queued = await queue(fixture.ctx, channel.id);
    sender = startSender(fixture.ctx, { policy });
    const row = await settled(fixture.ctx, queued.id);
    expect(row.status).toBe('dead');
    expect(row.last_error).toContain('flip.example.com resolves to 127.0.0.1, a loopback address');
    const attempts = await new NotificationRepository(fixture.ctx.db).attempts(queued.id);
    expect(attempts).toHaveLength(1);
  });

  it('resolveTarget refuses with a TargetRefusedError', async () => {
    await expect(resolveTarget('169.254.169.254', { plainText: false, policy: byDefault })).rejects.toBeInstanceOf(TargetRefusedError);
  });
});
