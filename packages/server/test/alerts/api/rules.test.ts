import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertRuleRepository } from '../../../src/storage/repositories/alerts/rules.js';
import { apiFixture, badFields, createChannel, expectProblem, webhook, type ApiFixture } from './support.js';

const BASE = '/lucots/v1/alert-rules';
let f: ApiFixture;
afterEach(async () => f?.t.close());

const FULL = {
  name: 'late sales',
  enabled: true,
  filter: { name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'sal*' }], types: ['Feed'], cadences: ['daily', 'unscheduled'] },
  events: ['overdue', 'failed'],
  graceSeconds: 900,
  reminderSeconds: 3600,
  mute: [{ days: ['Sat', 'Sun'], start: '00:00', end: '23:59', timeZone: 'europe/london' }],
};

describe('alert rules: create, read, replace, delete', () => {
  it('a rule is stored as given (time zones in their canonical spelling) and read back with its channels', async () => {
    f = await apiFixture();
    const ops = await createChannel(f, 'ops', webhook());
    const mail = await createChannel(f, 'mail', { type: 'slack', url: 'https://hooks.slack.com/services/x' });
    const response = await f.call('POST', BASE, { ...FULL, channelIds: [mail.channelId, ops.channelId] });
    expect(response.statusCode, response.body).toBe(201);
    const rule = response.json();
    expect(rule).toEqual({
      ruleId: expect.any(Number),
      ...FULL,
      mute: [{ days: ['Sat', 'Sun'], start: '00:00', end: '23:59', timeZone: 'Europe/London' }],
      channelIds: [ops.channelId, mail.channelId],
      channels: [
        { channelId: ops.channelId, name: 'ops', type: 'webhook' },
        { channelId: mail.channelId, name: 'mail', type: 'slack' },
      ],
      createdOn: '2026-11-27T12:00:00.000Z',
      updatedOn: '2026-11-27T12:00:00.000Z',
    });
    expect((await f.call('GET', `${BASE}/${rule.ruleId}`)).json()).toEqual(rule);
    expect((await f.call('GET', BASE)).json()).toEqual({ rules: [rule] });
    // What the engine reads.
    const stored = await new AlertRuleRepository(f.t.database.db).find(rule.ruleId);
    expect(stored).toMatchObject({ filter: FULL.filter, events: ['overdue', 'failed'], graceSeconds: 900, reminderSeconds: 3600, mute: [{ timeZone: 'Europe/London' }] });
  });

  it('what a body leaves out gets its default: enabled, every sequence, the four trouble kinds, no grace, reminders, mute or channels', async () => {
    f = await apiFixture();
    const rule = (await f.call('POST', BASE, { name: 'everything' })).json();
    expect(rule).toMatchObject({ enabled: true, filter: { name: [], types: [], cadences: [] }, events: ['overdue', 'failed', 'quality_cancelled', 'quality_failed'], graceSeconds: 0, reminderSeconds: null, mute: [], channelIds: [], channels: [] });
  });

  it('PUT replaces the whole rule (left out: the default again); DELETE removes it', async () => {
    f = await apiFixture();
    const ops = await createChannel(f, 'ops', webhook());
    const rule = (await f.call('POST', BASE, { ...FULL, channelIds: [ops.channelId] })).json();
    f.t.clock.now += 60_000;
    const replaced = await f.call('PUT', `${BASE}/${rule.ruleId}`, { name: 'late sales', enabled: false, events: ['delivered_late'], reminderSeconds: null });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ ruleId: rule.ruleId, enabled: false, filter: { name: [] }, events: ['delivered_late'], graceSeconds: 0, reminderSeconds: null, mute: [], channelIds: [], updatedOn: '2026-11-27T12:01:00.000Z', createdOn: '2026-11-27T12:00:00.000Z' });
    expectProblem(await f.call('PUT', `${BASE}/999`, { name: 'x' }), 404);
    const deleted = await f.call('DELETE', `${BASE}/${rule.ruleId}`);
    expect(deleted.statusCode).toBe(204);
    expectProblem(await f.call('GET', `${BASE}/${rule.ruleId}`), 404);
    expectProblem(await f.call('DELETE', `${BASE}/${rule.ruleId}`), 404);
  });

  it('a taken name is a 409 naming `name`; a rule may keep its own name', async () => {
    f = await apiFixture();
    const first = (await f.call('POST', BASE, { name: 'a' })).json();
    const second = (await f.call('POST', BASE, { name: 'b' })).json();
    expect(expectProblem(await f.call('POST', BASE, { name: 'a' }), 409)).toMatchObject({ errors: [{ field: 'name' }] });
    expectProblem(await f.call('PUT', `${BASE}/${second.ruleId}`, { name: 'a' }), 409);
    expect((await f.call('PUT', `${BASE}/${first.ruleId}`, { name: 'a', graceSeconds: 60 })).statusCode).toBe(200);
  });
});

describe('alert rules: bad input is a 400 naming the field', () => {
  let shared: ApiFixture;
  let channelId: number;
  beforeAll(async () => {
    shared = await apiFixture();
    channelId = (await createChannel(shared, 'ops', webhook())).channelId;
  });
  afterAll(async () => shared?.t.close());

  const cases: Array<[string, () => Record<string, unknown>, string[]]> = [
    ['no name', () => ({}), ['name']],
    ['blank name', () => ({ name: '  ' }), ['name']],
    ['NUL in the name', () => ({ name: 'a\u0000' }), ['name']],
    ['long name', () => ({ name: 'r'.repeat(101) }), ['name']],
    ['enabled as text', () => ({ name: 'r', enabled: 'true' }), ['enabled']],
    ['unknown field', () => ({ name: 'r', severity: 'high' }), ['severity']],
    ['filter not an object', () => ({ name: 'r', filter: 'client=acme' }), ['filter']],
    ['unknown filter field', () => ({ name: 'r', filter: { tags: [] } }), ['filter.tags']],
    ['empty pattern key', () => ({ name: 'r', filter: { name: [{ key: '', value: 'a' }] } }), ['filter.name[0].key']],
    ['blank pattern key', () => ({ name: 'r', filter: { name: [{ key: ' ', value: 'a' }] } }), ['filter.name[0].key']],
    ['empty pattern value', () => ({ name: 'r', filter: { name: [{ key: 'client', value: '' }] } }), ['filter.name[0].value']],
    ['NUL in a pattern value', () => ({ name: 'r', filter: { name: [{ key: 'client', value: 'a\u0000' }] } }), ['filter.name[0].value']],
    ['too many patterns', () => ({ name: 'r', filter: { name: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: '*' })) } }), ['filter.name']],
    ['repeated type', () => ({ name: 'r', filter: { types: ['Feed', 'Feed'] } }), ['filter.types[1]']],
    ['unknown cadence', () => ({ name: 'r', filter: { cadences: ['hourly'] } }), ['filter.cadences[0]']],
    ['repeated cadence', () => ({ name: 'r', filter: { cadences: ['daily', 'daily'] } }), ['filter.cadences[1]']],
    ['no events', () => ({ name: 'r', events: [] }), ['events']],
    ['unknown event', () => ({ name: 'r', events: ['late'] }), ['events[0]']],
    ['repeated event', () => ({ name: 'r', events: ['failed', 'failed'] }), ['events[1]']],
    ['negative grace', () => ({ name: 'r', graceSeconds: -1 }), ['graceSeconds']],
    ['grace over 7 days', () => ({ name: 'r', graceSeconds: 604801 }), ['graceSeconds']],
    ['fractional grace', () => ({ name: 'r', graceSeconds: 1.5 }), ['graceSeconds']],
    ['grace beyond int4', () => ({ name: 'r', graceSeconds: 2147483648 }), ['graceSeconds']],
    ['reminder under 5 minutes', () => ({ name: 'r', reminderSeconds: 299 }), ['reminderSeconds']],
    ['reminder over 30 days', () => ({ name: 'r', reminderSeconds: 2592001 }), ['reminderSeconds']],
    ['reminder as text', () => ({ name: 'r', reminderSeconds: '3600' }), ['reminderSeconds']],
    ['mute without times', () => ({ name: 'r', mute: [{ timeZone: 'UTC' }] }), ['mute[0].start', 'mute[0].end']],
    ['mute start 24:00', () => ({ name: 'r', mute: [{ start: '24:00', end: '06:00', timeZone: 'UTC' }] }), ['mute[0].start']],
    ['mute end 7:5', () => ({ name: 'r', mute: [{ start: '22:00', end: '7:5', timeZone: 'UTC' }] }), ['mute[0].end']],
    ['mute unknown zone', () => ({ name: 'r', mute: [{ start: '22:00', end: '06:00', timeZone: 'Mars/Olympus' }] }), ['mute[0].timeZone']],
    ['mute offset as zone', () => ({ name: 'r', mute: [{ start: '22:00', end: '06:00', timeZone: '+01:00' }] }), ['mute[0].timeZone']],
    ['mute unknown day', () => ({ name: 'r', mute: [{ days: ['Funday'], start: '22:00', end: '06:00', timeZone: 'UTC' }] }), ['mute[0].days[0]']],
    ['mute repeated day', () => ({ name: 'r', mute: [{ days: ['Sat', 'Sat'], start: '22:00', end: '06:00', timeZone: 'UTC' }] }), ['mute[0].days[1]']],
    ['too many mute windows', () => ({ name: 'r', mute: Array.from({ length: 21 }, () => ({ start: '22:00', end: '06:00', timeZone: 'UTC' })) }), ['mute']],
    ['unknown channel', () => ({ name: 'r', channelIds: [channelId, 4242] }), ['channelIds[1]']],
    ['repeated channel', () => ({ name: 'r', channelIds: [channelId, channelId] }), ['channelIds[1]']],
    ['channel id 0', () => ({ name: 'r', channelIds: [0] }), ['channelIds[0]']],
    ['channel id beyond int4', () => ({ name: 'r', channelIds: [2147483648] }), ['channelIds[0]']],
    ['channel id as text', () => ({ name: 'r', channelIds: ['1'] }), ['channelIds[0]']],
    ['too many channels', () => ({ name: 'r', channelIds: Array.from({ length: 51 }, (_, i) => i + 1) }), ['channelIds']],
    ['a bad field and a missing channel together', () => ({ name: ' ', channelIds: [4242] }), ['name', 'channelIds[0]']],
  ];

  it.each(cases)('%s', async (_label, body, fields) => {
    const create = await shared.call('POST', BASE, body());
    expect(badFields(create)).toEqual(expect.arrayContaining(fields));
    expect((await shared.call('GET', BASE)).json().rules).toEqual([]);
  });

  it('the same checks apply to PUT, and path ids are checked (range, NUL)', async () => {
    const rule = (await shared.call('POST', BASE, { name: 'kept' })).json();
    expect(badFields(await shared.call('PUT', `${BASE}/${rule.ruleId}`, { name: 'kept', channelIds: [4242] }))).toEqual(['channelIds[0]']);
    expect(badFields(await shared.call('PUT', `${BASE}/${rule.ruleId}`, { name: 'kept', mute: [{ start: '1', end: '2', timeZone: 'UTC' }] }))).toEqual(['mute[0].start', 'mute[0].end']);
    for (const id of ['0', '2147483648', 'x', '%00']) {
      expect(badFields(await shared.call('GET', `${BASE}/${id}`))).toEqual(['ruleId']);
      expect(badFields(await shared.call('PUT', `${BASE}/${id}`, { name: 'x' }))).toEqual(['ruleId']);
      expect(badFields(await shared.call('DELETE', `${BASE}/${id}`))).toEqual(['ruleId']);
    }
    expect((await shared.call('GET', `${BASE}/${rule.ruleId}`)).json()).toMatchObject({ name: 'kept', channelIds: [] });
    expect((await shared.call('DELETE', `${BASE}/${rule.ruleId}`)).statusCode).toBe(204);
  });

  it('a reader gets 403 and no token 401 on every rule route', async () => {
    const rule = (await shared.call('POST', BASE, { name: 'guarded' })).json();
    const routes: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string, unknown]> = [
      ['GET', BASE, undefined],
      ['POST', BASE, { name: 'x' }],
      ['GET', `${BASE}/${rule.ruleId}`, undefined],
      ['PUT', `${BASE}/${rule.ruleId}`, { name: 'x' }],
      ['DELETE', `${BASE}/${rule.ruleId}`, undefined],
    ];
    for (const [method, url, payload] of routes) {
      expectProblem(await shared.call(method, url, payload, shared.reader), 403);
      expectProblem(await shared.call(method, url, payload, {}), 401);
    }
    expect((await shared.call('GET', `${BASE}/${rule.ruleId}`)).json().name).toBe('guarded');
    await shared.call('DELETE', `${BASE}/${rule.ruleId}`);
  });
});
