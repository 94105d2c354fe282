import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotId } from '../../overviews/helpers.js';
import { TEST_AUTH } from '../../support/app.js';
import { apiFixture, badFields, createChannel, expectProblem, webhook, type ApiFixture } from './support.js';

/**
 * The alerts list and detail over alerts the engine raised itself (`runPass` at a pinned clock),
 * on the data the API wrote: four daily sequences, two rules.
 */
const DAY_START = Date.parse('2026-12-04T06:00:00Z');
const NINE = Date.parse('2026-12-04T09:00:00Z');
const TODAY = '2026-12-04';
const URL = '/lucots/v1/alerts';

let f: ApiFixture;
const ids = { s1: 0, s2: 0, s3: 0, s4: 0, everything: 0, acmeOnly: 0, ops: 0 };

interface AlertJson {
  alertId: number;
  state: string;
  kind: string;
  rule: { ruleId: number; name: string };
  slot: { slotId: number; tag: string; expectedBy: string | null };
  slotSequence: { slotSequenceId: number; name: Array<{ slotParameter: { key: string; value: string }; position: number }> };
  createdOn: string;
  openedOn: string | null;
  resolvedOn: string | null;
}

async function pass(at: number): Promise<void> {
  f.t.clock.now = at;
  await f.t.app.alertEngine.runPass();
}

async function ok(method: 'POST' | 'GET' | 'PUT', url: string, payload?: unknown): Promise<Record<string, unknown>> {
  const response = await f.call(method, url, payload);
  expect([200, 201], `${method} ${url}: ${response.body}`).toContain(response.statusCode);
  return response.json();
}

async function importDaily(name: Record<string, string>, expectedBy: string): Promise<number> {
  const body = await ok('POST', '/v2/slotsequences/import', { slotSequences: [{ name, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy, timeZone: 'UTC', startDate: TODAY }] }] });
  return (body.slotSequenceImports as Array<{ slotSequenceId: number }>)[0]!.slotSequenceId;
}

async function submission(sequenceId: number, status: 'Completed' | 'Failed', at: number): Promise<void> {
  f.t.clock.now = at;
  const slot = await slotId(f.t, sequenceId, TODAY);
  const created = await ok('POST', `/slots/${slot}/submissions`, {});
  await ok('POST', `/slots/${slot}/submissions/${created.slotSubmissionId}/status`, { runId: '', status, stage: 'Submission', type: null, message: status === 'Failed' ? 'disk full' : null, modifiedBy: null });
}

/** Every alert of a query, as `rule/sequence feed,client state kind` lines, newest first. */
/**
 * The alerts listed, checked newest first; alerts created at the same instant (one engine pass,
 * whose slots may be handled in parallel) come in no particular order, so they are sorted by name.
 */
async function listed(query = ''): Promise<string[]> {
  const response = await f.call('GET', `${URL}${query}`, undefined, f.reader);
  expect(response.statusCode, response.body).toBe(200);
  const alerts = response.json().alerts as AlertJson[];
  const created = alerts.map((alert) => Date.parse(alert.createdOn));
  expect(created).toEqual([...created].sort((a, b) => b - a));
  return alerts
    .map((alert) => ({ createdOn: alert.createdOn, text: describeAlert(alert) }))
    .sort((a, b) => (a.createdOn === b.createdOn ? (a.text < b.text ? -1 : 1) : 0))
    .map((item) => item.text);
}

function describeAlert(alert: AlertJson): string {
  const name = alert.slotSequence.name.map((part) => part.slotParameter.value).join('/');
  return `${alert.rule.name}: ${name} ${alert.state} ${alert.kind}`;
}

beforeAll(async () => {
  // Tokens that outlive the scenario's hours of pinned clock.
  f = await apiFixture({ now: DAY_START, auth: { ...TEST_AUTH, tokenLifetimeSeconds: 24 * 3600 } });
  ids.s1 = await importDaily({ client: 'acme', feed: 'sales' }, '09:00');
  ids.s2 = await importDaily({ client: 'acme', feed: 'orders' }, '10:00');
  ids.s3 = await importDaily({ client: 'beta', feed: 'sales' }, '09:00');
  ids.s4 = await importDaily({ client: 'Acme', feed: 'sales' }, '09:00');
  ids.ops = (await createChannel(f, 'ops', webhook())).channelId;
  ids.everything = (await ok('POST', '/lucots/v1/alert-rules', { name: 'everything', channelIds: [ids.ops] })).ruleId as number;
  ids.acmeOnly = (await ok('POST', '/lucots/v1/alert-rules', { name: 'acme only', filter: { name: [{ key: 'client', value: 'acme' }] }, events: ['overdue'] })).ruleId as number;
  await pass(DAY_START);
  await pass(NINE + 1000); // s1, s3, s4 overdue: every rule that watches them opens an alert
  await submission(ids.s2, 'Failed', NINE + 20 * 60_000); // s2 failed before its deadline
  await pass(NINE + 20 * 60_000);
  await submission(ids.s1, 'Completed', NINE + 30 * 60_000); // s1 delivered late: its alerts resolve
  await pass(NINE + 30 * 60_000);
}, 60_000);
afterAll(async () => f?.t.close());

describe('GET /lucots/v1/alerts', () => {
  it('lists every alert the engine raised, newest first, with its rule, slot and sequence', async () => {
    expect(await listed()).toEqual([
      'everything: acme/orders open failed',
      'acme only: acme/sales resolved overdue',
      'everything: Acme/sales open overdue',
      'everything: acme/sales resolved overdue',
      'everything: beta/sales open overdue',
    ]);
    const page = (await f.call('GET', URL, undefined, f.reader)).json();
    expect(page).toMatchObject({ totalCount: 5, pageNumber: 1, pageSize: 100 });
    const failed = (page.alerts as AlertJson[])[0]!;
    expect(failed).toEqual({
      alertId: expect.any(Number),
      state: 'open',
      kind: 'failed',
      rule: { ruleId: ids.everything, name: 'everything' },
      slot: { slotId: await slotId(f.t, ids.s2, TODAY), tag: TODAY, expectedBy: '2026-12-04T10:00:00.000Z' },
      slotSequence: { slotSequenceId: ids.s2, name: [{ slotParameter: { key: 'client', value: 'acme' }, position: 0 }, { slotParameter: { key: 'feed', value: 'orders' }, position: 1 }] },
      createdOn: '2026-12-04T09:20:00.000Z',
      fireAfter: '2026-12-04T09:20:00.000Z',
      openedOn: '2026-12-04T09:20:00.000Z',
      resolvedOn: null,
      lastNotifiedOn: '2026-12-04T09:20:00.000Z',
      nextReminderOn: null,
      updatedOn: '2026-12-04T09:20:00.000Z',
    });
  });

  it('filters by state, kind, rule, sequence id and slot id; a repeated filter matches any of its values', async () => {
    expect(await listed('?state=open')).toEqual(['everything: acme/orders open failed', 'everything: Acme/sales open overdue', 'everything: beta/sales open overdue']);
    expect(await listed('?state=resolved&state=cancelled')).toEqual(['acme only: acme/sales resolved overdue', 'everything: acme/sales resolved overdue']);
    expect(await listed('?kind=failed')).toEqual(['everything: acme/orders open failed']);
    expect(await listed(`?ruleId=${ids.acmeOnly}`)).toEqual(['acme only: acme/sales resolved overdue']);
    expect(await listed(`?slotSequenceId=${ids.s3}&slotSequenceId=${ids.s4}`)).toEqual(['everything: Acme/sales open overdue', 'everything: beta/sales open overdue']);
    expect(await listed(`?slotId=${await slotId(f.t, ids.s1, TODAY)}&state=open`)).toEqual([]);
    expect(await listed(`?ruleId=${ids.everything}&kind=overdue&state=open`)).toEqual(['everything: Acme/sales open overdue', 'everything: beta/sales open overdue']);
  });

  it('filters by sequence name parts, key=value with * in the value, case-sensitive on both databases', async () => {
    expect(await listed('?sequence=client=acme')).toEqual(['everything: acme/orders open failed', 'acme only: acme/sales resolved overdue', 'everything: acme/sales resolved overdue']);
    expect(await listed('?sequence=client=Acme')).toEqual(['everything: Acme/sales open overdue']);
    expect(await listed('?sequence=client=acme&sequence=feed=sales')).toEqual(['acme only: acme/sales resolved overdue', 'everything: acme/sales resolved overdue']);
    expect(await listed('?sequence=client=*me&sequence=feed=s*s&state=open')).toEqual(['everything: Acme/sales open overdue']);
    expect(await listed('?sequence=feed=*')).toHaveLength(5);
    expect(await listed(`?sequence=${encodeURIComponent('client=a*=x')}`)).toEqual([]);
    // LIKE and GLOB characters are plain characters in a value: only * is a wildcard.
    for (const literal of ['a_me', 'ac%', '[a]cme', 'acm?', 'ACME']) expect(await listed(`?sequence=${encodeURIComponent(`client=${literal}`)}`)).toEqual([]);
    expect(await listed('?sequence=region=*')).toEqual([]);
  });

  it('since and until bound when the alert was created; paging gives totalCount across pages', async () => {
    expect(await listed('?since=2026-12-04T09:10:00Z')).toEqual(['everything: acme/orders open failed']);
    expect(await listed('?until=2026-12-04T09:10:00Z')).toHaveLength(4);
    expect(await listed('?since=2026-12-04&until=2026-12-04')).toHaveLength(5);
    expect(await listed('?until=2026-12-03')).toEqual([]);
    const page = async (query: string) => (await f.call('GET', `${URL}${query}`, undefined, f.reader)).json();
    const pages = [await page('?pageSize=2&pageNumber=1'), await page('?pageSize=2&pageNumber=2'), await page('?pageSize=2&pageNumber=3')];
    expect(pages[1]).toMatchObject({ totalCount: 5, pageNumber: 2, pageSize: 2 });
    expect(pages.map((one) => one.alerts.length)).toEqual([2, 2, 1]);
    // The pages together hold every alert once, in the list's order.
    const paged = pages.flatMap((one) => one.alerts as AlertJson[]);
    expect(paged.map((alert) => alert.alertId)).toEqual(((await page('')).alerts as AlertJson[]).map((alert) => alert.alertId));
    expect(await page('?pageSize=0')).toMatchObject({ totalCount: 5, alerts: [] });
    expect(await page('?pageNumber=9')).toMatchObject({ totalCount: 5, alerts: [] });
    expect(await page('?state=open&pageSize=1')).toMatchObject({ totalCount: 3 });
  });

  it('bad filters are a 400 naming the parameter', async () => {
    const bad = async (query: string) => badFields(await f.call('GET', `${URL}${query}`, undefined, f.reader));
    expect(await bad('?state=closed')).toEqual(['state[0]']);
    expect(await bad('?state=open&kind=late')).toEqual(['kind[0]']);
    expect(await bad('?ruleId=0')).toEqual(['ruleId[0]']);
    expect(await bad('?slotSequenceId=2147483648')).toEqual(['slotSequenceId[0]']);
    expect(await bad('?slotId=abc')).toEqual(['slotId[0]']);
    expect(await bad('?sequence=client')).toEqual(['sequence[0]']);
    expect(await bad(`?sequence=feed=*&sequence=${encodeURIComponent('=acme')}`)).toEqual(['sequence[1]']);
    expect(await bad('?sequence=client%3Dac%00me')).toEqual(['sequence']);
    expect(await bad(`?${Array.from({ length: 21 }, () => 'sequence=a=b').join('&')}`)).toEqual(['sequence']);
    expect(await bad('?since=yesterday')).toEqual(['since']);
    expect(await bad('?until=2026-02-30')).toEqual(['until']);
    expect(await bad('?since=2026-12-05&until=2026-12-04')).toEqual(['until']);
    expect(await bad('?pageSize=5001')).toEqual(['pageSize']);
    expect(await bad('?pageNumber=0')).toEqual(['pageNumber']);
    expect(await bad('?colour=red')).toEqual(['colour']);
  });
});

describe('GET /lucots/v1/alerts/{alertId}', () => {
  it('adds the notifications (one per event and channel) and each one\'s delivery log', async () => {
    const resolved = (await f.call('GET', `${URL}?ruleId=${ids.everything}&state=resolved`, undefined, f.reader)).json().alerts[0] as AlertJson;
    const before = (await f.call('GET', `${URL}/${resolved.alertId}`, undefined, f.reader)).json();
    const { notifications, notificationCount, ...alert } = before;
    expect(alert).toEqual(resolved);
    expect(notificationCount).toBe(2);
    expect(notifications).toEqual([
      {
        notificationId: expect.any(Number),
        messageId: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
        event: 'opened',
        channel: { channelId: ids.ops, name: 'ops', type: 'webhook' },
        status: 'pending',
        attempts: 0,
        lastStatusCode: null,
        lastError: null,
        nextAttemptOn: '2026-12-04T09:00:01.000Z',
        createdOn: '2026-12-04T09:00:01.000Z',
        deliveredOn: null,
        deliveryLog: [],
      },
      expect.objectContaining({ event: 'resolved', status: 'pending', createdOn: '2026-12-04T09:30:00.000Z' }),
    ]);

    // The sender's record of two attempts (as services/alerts/delivery writes them): a 500, then a 204.
    const opened = notifications[0].notificationId as number;
    const db = f.t.database.db;
    await db.insertInto('notification_attempts').values([
      { notification_id: opened, attempted_on: NINE + 2000, duration_ms: 35, status_code: 500, error: 'the receiver answered 500' },
      { notification_id: opened, attempted_on: NINE + 7000, duration_ms: 12, status_code: 204, error: null },
    ]).execute();
    await db.updateTable('notifications').set({ status: 'delivered', attempts: 2, last_status_code: 204, last_error: null, delivered_on: NINE + 7000 }).where('id', '=', opened).execute();
    const after = (await f.call('GET', `${URL}/${resolved.alertId}`, undefined, f.reader)).json();
    expect(after.notifications[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 204,
      nextAttemptOn: null,
      deliveredOn: '2026-12-04T09:00:07.000Z',
      deliveryLog: [
        { attemptedOn: '2026-12-04T09:00:02.000Z', durationMs: 35, statusCode: 500, error: 'the receiver answered 500' },
        { attemptedOn: '2026-12-04T09:00:07.000Z', durationMs: 12, statusCode: 204, error: null },
      ],
    });
    expect(after.notifications[1].deliveryLog).toEqual([]);
  });

  it('an alert of a rule without channels has no notifications; unknown and bad ids are 404 and 400', async () => {
    const quiet = (await f.call('GET', `${URL}?ruleId=${ids.acmeOnly}`, undefined, f.reader)).json().alerts[0] as AlertJson;
    expect((await f.call('GET', `${URL}/${quiet.alertId}`, undefined, f.reader)).json()).toMatchObject({ notificationCount: 0, notifications: [] });
    expectProblem(await f.call('GET', `${URL}/99999`, undefined, f.reader), 404);
    for (const id of ['0', '2147483648', 'x', '%00']) expect(badFields(await f.call('GET', `${URL}/${id}`, undefined, f.reader))).toEqual(['alertId']);
  });

  it('readers may read alerts (rules and channels need an admin); no token is a 401', async () => {
    expect((await f.call('GET', URL, undefined, f.reader)).statusCode).toBe(200);
    expectProblem(await f.call('GET', '/lucots/v1/alert-rules', undefined, f.reader), 403);
    expectProblem(await f.call('GET', URL, undefined, {}), 401);
    expectProblem(await f.call('GET', `${URL}/1`, undefined, {}), 401);
  });
});
