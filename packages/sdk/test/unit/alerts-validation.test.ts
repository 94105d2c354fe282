import { describe, expect, it } from 'vitest';
import { LucoApi, ValidationError } from '../../src/index.js';
import { json, scriptedFetch } from '../support/fake-fetch.js';
import { staticIdentity } from '../support/recording-server.js';

/** `luco.alerts`: bad ids, NUL characters and unknown choices are a ValidationError naming the field, before any request. */
function client(steps: Parameters<typeof scriptedFetch>[0] = []) {
  const { fetch, calls } = scriptedFetch(steps);
  return { api: new LucoApi({ baseUrl: 'https://luco.example.com', identity: staticIdentity, fetch, logLevel: 'off', env: {} }), calls };
}

async function fieldOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).field;
}

function thrownField(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  throw new Error('nothing was thrown');
}

describe('luco.alerts checks its input before any request', () => {
  it('ids must be positive integers the server can store', async () => {
    const { api, calls } = client();
    for (const bad of [0, -1, 1.5, 2 ** 31, Number.NaN, '7' as never]) {
      expect(await fieldOf(api.alerts.get(bad))).toBe('alertId');
      expect(await fieldOf(api.alerts.rules.get(bad))).toBe('ruleId');
      expect(await fieldOf(api.alerts.rules.update(bad, { name: 'r' }))).toBe('ruleId');
      expect(await fieldOf(api.alerts.rules.delete(bad))).toBe('ruleId');
      expect(await fieldOf(api.alerts.channels.get(bad))).toBe('channelId');
      expect(await fieldOf(api.alerts.channels.update(bad, { name: 'c', settings: { type: 'slack' } }))).toBe('channelId');
      expect(await fieldOf(api.alerts.channels.delete(bad))).toBe('channelId');
      expect(await fieldOf(api.alerts.channels.test(bad))).toBe('channelId');
    }
    expect(await fieldOf(api.alerts.rules.create({ name: 'r', channelIds: [1, 0] }))).toBe('rule.channelIds[1]');
    expect(calls).toHaveLength(0);
  });

  it('NUL characters anywhere in a rule or channel are named by their path, without echoing the value', async () => {
    const { api, calls } = client();
    expect(await fieldOf(api.alerts.rules.create({ name: 'late\u0000' }))).toBe('rule.name');
    expect(await fieldOf(api.alerts.rules.create({ name: 'r', filter: { name: [{ key: 'client', value: 'a\u0000' }] } }))).toBe('rule.filter.name[0].value');
    const error = await api.alerts.channels.create({ name: 'ops', settings: { type: 'webhook', url: 'https://hooks.example.com/secret-token\u0000' } }).catch((e: unknown) => e);
    expect((error as ValidationError).field).toBe('channel.settings.url');
    expect((error as Error).message).not.toContain('secret-token');
    expect(await fieldOf(api.alerts.channels.create({ name: '', settings: { type: 'slack' } }))).toBe('channel.name');
    expect(await fieldOf(api.alerts.channels.create({ name: 'x', settings: { type: 'sms' } as never }))).toBe('channel.settings.type');
    expect(await fieldOf(api.alerts.channels.create({ name: 'x' } as never))).toBe('channel.settings');
    expect(calls).toHaveLength(0);
  });

  it('list filters: states, kinds, ids, name parts and instants', () => {
    const { api, calls } = client();
    expect(thrownField(() => api.alerts.list({ state: 'closed' as never }))).toBe('state[0]');
    expect(thrownField(() => api.alerts.list({ kind: ['overdue', 'late' as never] }))).toBe('kind[1]');
    expect(thrownField(() => api.alerts.list({ ruleId: 0 }))).toBe('ruleId[0]');
    expect(thrownField(() => api.alerts.list({ slotSequenceId: [1, 2 ** 31] }))).toBe('slotSequenceId[1]');
    expect(thrownField(() => api.alerts.list({ sequence: { 'a=b': 'c' } }))).toBe('sequence.a=b');
    expect(thrownField(() => api.alerts.list({ sequence: { client: '' } }))).toBe('sequence.client');
    expect(thrownField(() => api.alerts.list({ sequence: { client: 'a\u0000' } }))).toBe('sequence.client');
    expect(thrownField(() => api.alerts.list({ since: 'yesterday' }))).toBe('since');
    expect(thrownField(() => api.alerts.list({}, { pageSize: 0 }))).toBe('pageSize');
    expect(calls).toHaveLength(0);
  });

  it('filters go out as repeated query parameters; PUT and DELETE carry no Idempotency-Key', async () => {
    const { api, calls } = client([
      json(200, { totalCount: 0, pageNumber: 1, pageSize: 10, alerts: [] }),
      json(200, { ruleId: 3, name: 'r' }),
      new Response(null, { status: 204 }),
    ]);
    await api.alerts.list({ state: ['open', 'pending'], sequence: { client: 'acme', feed: '*' }, since: new Date('2026-12-01T00:00:00Z'), ruleId: 3 }, { pageSize: 10 });
    const url = new URL(calls[0]!.url);
    expect(url.pathname).toBe('/lucots/v1/alerts');
    expect(url.searchParams.getAll('state')).toEqual(['open', 'pending']);
    expect(url.searchParams.getAll('sequence')).toEqual(['client=acme', 'feed=*']);
    expect(url.searchParams.get('since')).toBe('2026-12-01T00:00:00.000Z');
    expect(url.searchParams.get('ruleId')).toBe('3');
    expect(url.searchParams.get('pageSize')).toBe('10');
    await api.alerts.rules.update(3, { name: 'r' });
    expect(calls[1]).toMatchObject({ method: 'PUT', url: 'https://luco.example.com/lucots/v1/alert-rules/3', body: '{"name":"r"}' });
    expect(calls[1]!.headers['idempotency-key']).toBeUndefined();
    await expect(api.alerts.rules.delete(3)).resolves.toBeUndefined();
    expect(calls[2]).toMatchObject({ method: 'DELETE', url: 'https://luco.example.com/lucots/v1/alert-rules/3' });
  });
});
