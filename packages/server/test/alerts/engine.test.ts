import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { complete, newSubmission, postStatus } from '../submissions/api.js';
import { slotId } from '../overviews/helpers.js';
import { alerts, dailySequence, HOUR, MINUTE, outbox, pass, rule, webhookChannel } from './support.js';

const DAY_START = Date.parse('2026-12-04T06:00:00Z');
const DEADLINE = Date.parse('2026-12-04T09:00:00Z');
const TODAY = '2026-12-04';

let t: TestApp;
afterEach(async () => t?.close());

async function setUp(options: Parameters<typeof rule>[2] = {}) {
  t = await createTestApp({ now: DAY_START });
  // Starts today, so the engine's look-back over the last 48 hours finds no older deadline.
  const sequenceId = await dailySequence(t, { client: 'acme', feed: 'sales' }, TODAY);
  const channel = await webhookChannel(t);
  const ruleId = await rule(t, [channel], options);
  await pass(t); // the first pass sets the deadline watermark and materialises today's slot
  return { sequenceId, slot: await slotId(t, sequenceId, TODAY), ruleId };
}

async function deliver(slot: number, at: number): Promise<number> {
  t.clock.now = at;
  const submissionId = await newSubmission(t, slot);
  await complete(t, slot, submissionId);
  return submissionId;
}

async function fail(slot: number, at: number, message = 'disk full'): Promise<number> {
  t.clock.now = at;
  const submissionId = await newSubmission(t, slot);
  await postStatus(t, slot, submissionId, { status: 'Failed', stage: 'Submission', message });
  return submissionId;
}

describe('the deadline engine', () => {
  it('a rule made after a failure and its recovery were recorded, before the engine saw them, raises nothing for them', async () => {
    t = await createTestApp({ now: DAY_START });
    const sequenceId = await dailySequence(t, { client: 'acme', feed: 'sales' }, TODAY);
    const channel = await webhookChannel(t);
    await pass(t);
    const slot = await slotId(t, sequenceId, TODAY);
    // Both transitions wait for the engine's next pass; the rule comes between them and that pass.
    await fail(slot, DAY_START + HOUR);
    await deliver(slot, DAY_START + 2 * HOUR);
    t.clock.now = DAY_START + 3 * HOUR;
    await rule(t, [channel]);
    await pass(t);
    expect(await outbox(t)).toEqual([]);
    expect(await alerts(t)).toEqual([]);
  });

  it('an overdue slot raises one alert at its deadline, and a late delivery resolves it', async () => {
    const { slot } = await setUp();
    await pass(t, DEADLINE - 1);
    expect(await outbox(t)).toEqual([]);
    await pass(t, DEADLINE + 200);
    await pass(t, DEADLINE + 5 * MINUTE);
    expect(await outbox(t)).toEqual([{ event: 'opened', summary: `client=acme, feed=sales ${TODAY} is overdue`, alertId: expect.any(Number) }]);
    await deliver(slot, DEADLINE + 47 * MINUTE);
    await pass(t);
    expect((await outbox(t)).map((n) => n.event)).toEqual(['opened', 'resolved']);
    expect((await outbox(t))[1]!.summary).toBe(`Recovered: client=acme, feed=sales ${TODAY} was delivered late`);
    expect(await alerts(t)).toEqual([{ state: 'resolved', kind: 'overdue', ruleId: expect.any(Number) }]);
  });

  it('nothing is sent when the delivery comes inside the grace', async () => {
    const { slot } = await setUp({ graceSeconds: 30 * 60 });
    await pass(t, DEADLINE + 1);
    await deliver(slot, DEADLINE + 10 * MINUTE);
    await pass(t, DEADLINE + 40 * MINUTE);
    expect(await outbox(t)).toEqual([]);
    expect(await alerts(t)).toEqual([{ state: 'cancelled', kind: 'overdue', ruleId: expect.any(Number) }]);
  });

  it('a failed run then a successful retry inside the grace sends nothing', async () => {
    const { slot } = await setUp({ graceSeconds: 20 * 60 });
    await fail(slot, DEADLINE - 30 * MINUTE);
    await pass(t);
    await pass(t, DEADLINE - 20 * MINUTE);
    await deliver(slot, DEADLINE - 15 * MINUTE);
    await pass(t, DEADLINE + HOUR);
    expect(await outbox(t)).toEqual([]);
  });

  it('a failure still unresolved when the grace ends alerts once, with the run\'s message; the grace runs from the first failure', async () => {
    const { slot } = await setUp({ graceSeconds: 20 * 60 });
    await fail(slot, DEADLINE - 60 * MINUTE, 'disk full');
    await pass(t);
    await fail(slot, DEADLINE - 50 * MINUTE, 'disk still full'); // a retry that fails too: no second alert
    await pass(t, DEADLINE - 39 * MINUTE);
    await pass(t, DEADLINE - 30 * MINUTE);
    const sent = await outbox(t);
    expect(sent.map((n) => n.event)).toEqual(['opened']);
    const payload = await t.database.db.selectFrom('notifications').select('payload_json').executeTakeFirstOrThrow();
    expect(JSON.parse(payload.payload_json).data.details).toEqual(['Expected by 2026-12-04 09:00 UTC', expect.stringMatching(/^Run \d+ failed at 2026-12-04 08:10 UTC: disk still full$/)]);
  });

  it('reminds while open, at the rule\'s interval', async () => {
    await setUp({ reminderSeconds: 3600 });
    await pass(t, DEADLINE + 1);
    await pass(t, DEADLINE + 30 * MINUTE);
    await pass(t, DEADLINE + HOUR + 1);
    await pass(t, DEADLINE + 2 * HOUR + 2);
    expect((await outbox(t)).map((n) => n.event)).toEqual(['opened', 'reminder', 'reminder']);
    expect((await outbox(t))[1]!.summary).toBe(`Still open: client=acme, feed=sales ${TODAY} is overdue`);
  });

  it('a mute window holds an alert back until it ends', async () => {
    await setUp({ mute: [{ days: [], start: '08:30', end: '10:00', timeZone: 'UTC' }] });
    await pass(t, DEADLINE + 1);
    await pass(t, DEADLINE + 30 * MINUTE);
    expect(await outbox(t)).toEqual([]);
    expect(await alerts(t)).toEqual([{ state: 'pending', kind: 'overdue', ruleId: expect.any(Number) }]);
    await pass(t, Date.parse('2026-12-04T10:00:00Z'));
    expect((await outbox(t)).map((n) => n.event)).toEqual(['opened']);
  });

  it('a rule watches only the sequences its filter names, and only the kinds it lists', async () => {
    t = await createTestApp({ now: DAY_START });
    await dailySequence(t, { client: 'acme', feed: 'sales' }, TODAY);
    const other = await dailySequence(t, { client: 'beta', feed: 'orders' }, TODAY);
    const channel = await webhookChannel(t);
    await rule(t, [channel], { name: 'acme only', filter: { name: [{ key: 'client', value: 'ac*' }, { key: 'feed', value: '*' }] } });
    await rule(t, [channel], { name: 'failures only', events: ['failed'] });
    await pass(t);
    await pass(t, DEADLINE + 1);
    expect(await outbox(t)).toEqual([{ event: 'opened', summary: `client=acme, feed=sales ${TODAY} is overdue`, alertId: expect.any(Number) }]);
    await fail(await slotId(t, other, TODAY), DEADLINE + 5 * MINUTE);
    await pass(t);
    expect((await outbox(t)).map((n) => n.summary)).toEqual([`client=acme, feed=sales ${TODAY} is overdue`, `client=beta, feed=orders ${TODAY} failed`]);
  });

  it('quality results that cancel the delivery raise a quality alert naming the failed checks', async () => {
    const { slot } = await setUp({ events: ['quality_cancelled'] });
    t.clock.now = DEADLINE - HOUR;
    const submissionId = await newSubmission(t, slot);
    const quality = await t.app.inject({
      method: 'POST',
      url: `/v2/slots/${slot}/submissions/${submissionId}/quality?action=Cancelled`,
      payload: { checks: [{ check: 'row_count_positive', success: false }, { check: 'no_null_ids', success: true }] },
    });
    expect(quality.statusCode, quality.body).toBe(201);
    await pass(t);
    const rows = await t.database.db.selectFrom('notifications').select('payload_json').execute();
    expect(rows).toHaveLength(1);
    const data = JSON.parse(rows[0]!.payload_json).data;
    expect(data.summary).toBe(`client=acme, feed=sales ${TODAY} was cancelled by its quality checks`);
    expect(data.details).toContain('Failed checks: row_count_positive');
    expect(data.slot.url).toBe(`http://localhost:8080/ui/slots/${slot}`);
  });

  it('a late delivery is told once when the rule watches late deliveries', async () => {
    const { slot } = await setUp({ events: ['delivered_late'] });
    await pass(t, DEADLINE + 1);
    await deliver(slot, DEADLINE + 20 * MINUTE);
    await pass(t);
    await pass(t, DEADLINE + HOUR);
    expect((await outbox(t)).map((n) => [n.event, n.summary])).toEqual([['late', `client=acme, feed=sales ${TODAY} arrived late`]]);
  });

  it('deadlines that passed while the engine was not running are caught up once', async () => {
    await setUp();
    // No pass between 06:00 and 15:00: as if the server was down over the deadline.
    await pass(t, DEADLINE + 6 * HOUR);
    await pass(t, DEADLINE + 6 * HOUR + MINUTE);
    expect((await outbox(t)).map((n) => n.event)).toEqual(['opened']);
  });

  it('after three days down, every deadline missed meanwhile is caught up once', async () => {
    await setUp();
    // The last pass ran at 06:00 on the 4th; the next one three days later.
    await pass(t, DEADLINE + 3 * 24 * HOUR + HOUR);
    const tags = await t.database.db.selectFrom('alerts').innerJoin('slots', 'slots.id', 'alerts.slot_id').select('slots.tag').orderBy('slots.tag').execute();
    expect(tags.map((row) => row.tag)).toEqual(['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07']);
    await pass(t, DEADLINE + 3 * 24 * HOUR + 2 * HOUR);
    expect((await outbox(t)).map((n) => n.event)).toEqual(['opened', 'opened', 'opened', 'opened']);
  });

  it('a first start raises nothing for deadlines older than 48 hours, and a slot that appears after its deadline is still overdue', async () => {
    t = await createTestApp({ now: DEADLINE + 5 * HOUR });
    const channel = await webhookChannel(t);
    await rule(t, [channel]);
    await pass(t); // the new rule's look-back: nothing to find yet
    // Imported at 14:00: today's 09:00 delivery is already late; so are the last 48 hours' and the month's before.
    await dailySequence(t, { client: 'acme', feed: 'sales' }, '2026-11-01');
    await pass(t);
    const tags = await t.database.db.selectFrom('alerts').innerJoin('slots', 'slots.id', 'alerts.slot_id').select('slots.tag').orderBy('slots.tag').execute();
    expect(tags.map((row) => row.tag)).toEqual(['2026-12-03', '2026-12-04']);
  });

  it('a slot changing from one bad state to another keeps one alert and tells the change', async () => {
    const { slot } = await setUp();
    await pass(t, DEADLINE + 1);
    await fail(slot, DEADLINE + 10 * MINUTE);
    await pass(t);
    expect((await outbox(t)).map((n) => n.event)).toEqual(['opened', 'changed']);
    expect(await alerts(t)).toEqual([{ state: 'open', kind: 'failed', ruleId: expect.any(Number) }]);
  });

  it('a batch mixing slots: new problems open together; a slot with several transitions, or an active alert, goes in order', async () => {
    t = await createTestApp({ now: DAY_START });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((feed) => dailySequence(t, { client: 'acme', feed }, TODAY)));
    const channel = await webhookChannel(t);
    await rule(t, [channel]);
    await pass(t);
    const slotOf = (sequenceId: number) => slotId(t, sequenceId, TODAY);
    // c fails and is told; then, with no pass between: b fails and is delivered, c is delivered.
    await fail(await slotOf(c!), DEADLINE - 2 * HOUR);
    await pass(t);
    await fail(await slotOf(b!), DEADLINE - HOUR);
    await deliver(await slotOf(b!), DEADLINE - 50 * MINUTE);
    await deliver(await slotOf(c!), DEADLINE - 40 * MINUTE);
    // One batch: b's two transitions, c's recovery and a's deadline (recorded by this pass).
    await pass(t, DEADLINE + 1);
    expect((await outbox(t)).map((n) => n.summary)).toEqual([
      `client=acme, feed=c ${TODAY} failed`,
      `client=acme, feed=b ${TODAY} failed`,
      `Recovered: client=acme, feed=b ${TODAY} was delivered`,
      `Recovered: client=acme, feed=c ${TODAY} was delivered`,
      `client=acme, feed=a ${TODAY} is overdue`,
    ]);
    const states = await t.database.db.selectFrom('alerts').innerJoin('slots', 'slots.id', 'alerts.slot_id').select(['slots.slot_sequence_id', 'alerts.state', 'alerts.kind']).orderBy('alerts.id').execute();
    expect(states).toEqual([
      { slot_sequence_id: c, state: 'resolved', kind: 'failed' },
      { slot_sequence_id: b, state: 'resolved', kind: 'failed' },
      { slot_sequence_id: a, state: 'open', kind: 'overdue' },
    ]);
    await pass(t, DEADLINE + MINUTE);
    expect(await outbox(t)).toHaveLength(5);
  });
});

describe('a new or changed rule', () => {
  it('opens alerts for slots already in a bad state it watches, within the last 7 days, once', async () => {
    t = await createTestApp({ now: DAY_START });
    const sequenceId = await dailySequence(t, { client: 'acme', feed: 'sales' }, '2026-11-20');
    await pass(t);
    // Failed nine days ago (outside the window) and yesterday (inside), before any rule existed.
    await fail(await slotId(t, sequenceId, '2026-11-25'), Date.parse('2026-11-25T08:00:00Z'));
    await fail(await slotId(t, sequenceId, '2026-12-03'), Date.parse('2026-12-03T08:00:00Z'));
    await pass(t, DAY_START + MINUTE);
    expect(await outbox(t)).toEqual([]);

    const channel = await webhookChannel(t);
    const ruleId = await rule(t, [channel], { events: ['failed'] });
    await pass(t, DAY_START + 2 * MINUTE);
    await pass(t, DAY_START + 3 * MINUTE);
    expect((await outbox(t)).map((n) => n.summary)).toEqual(['client=acme, feed=sales 2026-12-03 failed']);

    // Changing the rule looks again: the deadlines missed in the last 7 days now count (the 2nd's
    // was recorded by the first pass's 48-hour look-back, the older ones were not); the open alert is not repeated.
    const { AlertRuleRepository } = await import('../../src/storage/repositories/alerts/rules.js');
    const rules = new AlertRuleRepository(t.database.db);
    const stored = (await rules.find(ruleId))!;
    await rules.update(ruleId, { ...stored, events: ['failed', 'overdue'] }, DAY_START + 4 * MINUTE);
    await pass(t, DAY_START + 5 * MINUTE);
    const missed = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'].map((tag) => `client=acme, feed=sales ${tag} is overdue`);
    expect((await outbox(t)).map((n) => n.summary)).toEqual(['client=acme, feed=sales 2026-12-03 failed', ...missed]);
  });
});
