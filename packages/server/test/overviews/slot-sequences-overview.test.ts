import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_AUTH, type TestApp } from '../support/app.js';
import { issueToken } from '../support/clients.js';
import { SequenceStatsRepository } from '../../src/storage/repositories/overviews/sequence-stats.js';
import { SlotSequenceWriter } from '../../src/storage/repositories/slot-sequence-writes.js';
import { startApp } from '../slot-sequences/app.js';
import { addUnscheduledSlot, get, ids, importSequences, schedule, sequence, slotId, submit } from './helpers.js';

const NOW = Date.parse('2026-11-27T12:00:00Z'); // a Friday
const URL = '/v2/slotsequences/overview';

let t: TestApp;
let A: number; // daily since 2026-11-20: 8 slots, 5 overdue, 1 failed, delivered late on the 27th
let B: number; // weekdays since 2026-11-23: 5 slots, 2 overdue, 2 failed, one in progress
let C: number; // unscheduled: 2 slots, one delivered on 2026-11-10
let D: number; // archived
let E: number; // monthly, ended 2026-06-30: 6 slots, 5 overdue, delivered 2026-03-01

beforeEach(async () => {
  t = await startApp({ now: NOW });
  [A, B, C, D, E] = (await importSequences(t, [
    sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', '2026-11-20')] }),
    sequence({ client: 'acme', feed: 'stock' }, { type: 'Stock', delivery: [schedule('weekdays', '2026-11-23')] }),
    sequence({ client: 'globex', feed: 'sales' }, { type: null }),
    sequence({ client: 'initech', feed: 'sales' }, { isActive: false, delivery: [schedule('daily', '2026-11-20')] }),
    sequence({ client: 'globex', feed: 'ledger' }, { delivery: [schedule('monthly', '2026-01-01', { dayOfMonth: 1, endDate: '2026-06-30' })] }),
  ])) as [number, number, number, number, number];
  // The first overview materialises the scheduled slots up to today.
  expect((await get(t, URL)).status).toBe(200);

  await submit(t, await slotId(t, A, '2026-11-26'), 'Completed', { at: Date.parse('2026-11-26T08:00:00Z') });
  await submit(t, await slotId(t, A, '2026-11-27'), 'Completed', { at: Date.parse('2026-11-27T11:00:00Z') });
  await submit(t, await slotId(t, A, '2026-11-25'), 'Failed');
  await submit(t, await slotId(t, B, '2026-11-27'), 'In Progress');
  await submit(t, await slotId(t, B, '2026-11-24'), 'Failed');
  await submit(t, await slotId(t, B, '2026-11-23'), 'Failed');
  await submit(t, await slotId(t, E, '2026-03-01'), 'Completed', { at: Date.parse('2026-03-01T08:00:00Z') });
  t.clock.now = Date.parse('2026-11-10T12:00:00Z');
  await submit(t, await addUnscheduledSlot(t, C, 'batch-1'), 'Completed');
  await addUnscheduledSlot(t, C, 'batch-2');
  t.clock.now = NOW;
});
afterEach(async () => t?.close());

async function list(query: string): Promise<number[]> {
  const { status, body } = await get(t, `${URL}?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return ids(body.slotSequences) as number[];
}

async function badRequest(query: string): Promise<string[]> {
  const { status, body } = await get(t, `${URL}?${query}`);
  expect(status, query).toBe(400);
  return body.errors.map((error: { field: string }) => error.field);
}

describe('GET /v2/slotsequences/overview', () => {
  it('lists active sequences with their counts, last delivery and upcoming slot', async () => {
    const { status, body } = await get(t, URL);
    expect(status).toBe(200);
    expect(body).toMatchObject({ totalCount: 4, pageNumber: 1, pageSize: 500 });
    expect(ids(body.slotSequences)).toEqual([A, B, C, E]);
    const [a, b, c, e] = body.slotSequences;
    expect(a).toEqual({
      slotSequenceId: A,
      name: [
        { slotParameter: { key: 'client', value: 'acme' }, position: 0 },
        { slotParameter: { key: 'feed', value: 'sales' }, position: 1 },
      ],
      type: 'Feed',
      cadence: 'daily',
      isActive: true,
      slots: 8,
      overdueCount: 5,
      failedCount: 1,
      lastDeliverySlot: { slotId: await slotId(t, A, '2026-11-27'), tag: '2026-11-27', expectedBy: '2026-11-27T09:00:00.000Z', deliveredOn: '2026-11-27T11:00:00.000Z' },
      upcomingSlot: { tag: '2026-11-28', expectedBy: '2026-11-28T09:00:00.000Z' },
    });
    expect(b).toMatchObject({ type: 'Stock', cadence: 'weekdays', slots: 5, overdueCount: 2, failedCount: 2, lastDeliverySlot: null, upcomingSlot: { tag: '2026-11-30' } });
    expect(c).toMatchObject({ type: null, cadence: null, slots: 2, overdueCount: 0, failedCount: 0, upcomingSlot: null });
    expect(c.lastDeliverySlot).toEqual({ slotId: await slotId(t, C, 'batch-1'), tag: 'batch-1', expectedBy: null, deliveredOn: '2026-11-10T12:00:00.000Z' });
    expect(e).toMatchObject({ cadence: 'monthly', slots: 6, overdueCount: 5, failedCount: 0, lastDeliverySlot: { tag: '2026-03-01' }, upcomingSlot: null });
  });

  it('materialises slots of active scheduled sequences up to today, and only those', async () => {
    const rows = await t.database.db.selectFrom('slot_sequences').select(['id', 'materialized_through']).orderBy('id').execute();
    expect(rows.map((row) => row.materialized_through)).toEqual(['2026-11-27', '2026-11-27', null, null, '2026-11-27']);
    const archived = await get(t, `${URL}?isActive=False`);
    expect(archived.body.slotSequences).toEqual([expect.objectContaining({ slotSequenceId: D, isActive: false, slots: 0, upcomingSlot: null })]);
    t.clock.now += 24 * 3_600_000;
    const next = await get(t, URL);
    expect(next.body.slotSequences[0]).toMatchObject({ slotSequenceId: A, slots: 9, overdueCount: 6, upcomingSlot: { tag: '2026-11-29' } });
    // Saturday: no weekday slot to add for B.
    expect(next.body.slotSequences[1]).toMatchObject({ slotSequenceId: B, slots: 5, overdueCount: 2 });
  });

  it('looks at a sequence again only once its next local day has begun (materialize_due_on)', async () => {
    const dueOn = async () =>
      (await t.database.db.selectFrom('slot_sequences').select('materialize_due_on').orderBy('id').execute()).map((row) => Number(row.materialize_due_on));
    const midnight = Date.parse('2026-11-28T00:00:00Z');
    // Scheduled and active: due at the start of tomorrow (UTC schedules); the others were never looked at.
    expect(await dueOn()).toEqual([midnight, midnight, 0, 0, midnight]);
    // Set behind the server's back, A is not looked at again today: its missing slot stays missing.
    await t.database.db.deleteFrom('slots').where('slot_sequence_id', '=', A).where('tag', '=', '2026-11-27').execute();
    await t.database.db.updateTable('slot_sequences').set({ materialized_through: '2026-11-26' }).where('id', '=', A).execute();
    expect((await get(t, URL)).body.slotSequences[0]).toMatchObject({ slotSequenceId: A, slots: 7 });
    // From midnight it is due, and gets the 27th and the 28th.
    t.clock.now = midnight;
    expect((await get(t, URL)).body.slotSequences[0]).toMatchObject({ slotSequenceId: A, slots: 9 });
    expect(await dueOn()).toEqual([midnight + 86_400_000, midnight + 86_400_000, 0, 0, midnight + 86_400_000]);
    // A new schedule makes the sequence due at once.
    await new SlotSequenceWriter(t.database.db).update(A, { delivery: [{ isActive: true, cadence: 'daily', expectedBy: '10:00', timeZone: 'UTC', startDate: '2026-11-25', endDate: null }] }, t.clock.now);
    expect((await dueOn())[0]).toBe(0);
  });

  it('filters by type, cadence and name values', async () => {
    expect(await list('type=Feed')).toEqual([A, E]);
    expect(await list('type=Feed&type=Stock')).toEqual([A, B, E]);
    expect(await list('cadence=daily')).toEqual([A]);
    expect(await list('cadence=unscheduled')).toEqual([C]);
    expect(await list('cadence=MONTHLY&cadence=weekdays')).toEqual([B, E]);
    expect(await list('slotSequenceDefinitionValues=acme')).toEqual([A, B]);
    expect(await list('slotSequenceDefinitionValues=acme&slotSequenceDefinitionValues=sales')).toEqual([A]);
    expect(await list('slotSequenceDefinitionValues=acme&slotSequenceDefinitionValues=sales&slotSequenceDefinitionValuesFilterOperator=OR')).toEqual([A, B, C]);
    expect(await list('slotSequenceDefinitionValues=ACME')).toEqual([]);
    expect(await list('isActive=False&slotSequenceDefinitionValues=sales')).toEqual([D]);
  });

  it('nameContains (a LucoTS extension) finds name values containing each text, ignoring case; % and _ are plain characters', async () => {
    expect(await list('nameContains=SAL')).toEqual([A, C]);
    expect(await list('nameContains=glob&nameContains=edg')).toEqual([E]);
    expect(await list('nameContains=cme&slotSequenceDefinitionValues=stock')).toEqual([B]);
    // As LIKE wildcards, "a%s" and "sal_s" would match acme/sales.
    expect(await list('nameContains=a%25s')).toEqual([]);
    expect(await list('nameContains=sal_s')).toEqual([]);
    expect(await list('isActive=false&nameContains=initech')).toEqual([D]);
  });

  it('filters by overdue and failed counts, reading failedCountStart as LucoPy sends it', async () => {
    expect(await list('overdueCountStart=5')).toEqual([A, E]);
    expect(await list('overdueCountEnd=2')).toEqual([B, C]);
    expect(await list('overdueCountStart=1&overdueCountEnd=4')).toEqual([B]);
    // A single failedCountStart is a lower bound.
    expect(await list('failedCountStart=1')).toEqual([A, B]);
    expect(await list('failedCountStart=2')).toEqual([B]);
    // Repeated: smallest is the lower bound, largest the upper bound.
    expect(await list('failedCountStart=1&failedCountStart=0')).toEqual([A, C, E]);
    expect(await list('failedCountStart=2&failedCountStart=2')).toEqual([B]);
    // failedCountEnd is the upper bound, alone or with failedCountStart.
    expect(await list('failedCountEnd=0')).toEqual([C, E]);
    expect(await list('failedCountStart=1&failedCountEnd=1')).toEqual([A]);
    expect(await list('failedCountStart=0&failedCountStart=2&failedCountEnd=1')).toEqual([A, C, E]);
  });

  it('answers the overdue and failed filters the same from the slots and from the kept figures, up to the largest bounds', async () => {
    const queries = [
      'overdueCountStart=1',
      'overdueCountEnd=0',
      'overdueCountStart=0&overdueCountEnd=0',
      'overdueCountStart=2147483647',
      'overdueCountEnd=2147483647',
      'failedCountStart=1&sortBy=failed&sortDir=desc',
      'lastDeliverySlotStart=2020-01-01&sortBy=lastDelivery&sortDir=desc',
      'overdueCountStart=1&sortBy=lastDelivery&sortDir=asc',
    ];
    const computed = await Promise.all(queries.map((query) => list(query)));
    expect(computed.slice(0, 5)).toEqual([[A, B, E], [C], [C], [], [A, B, C, E]]);
    // Folded: the kept figures answer (decision 0019), and must agree.
    await new SequenceStatsRepository(t.database.db, t.database.dialect).fold();
    const kept = await t.database.db.selectFrom('sequence_stats').select('slot_sequence_id').execute();
    expect(kept.map((row) => row.slot_sequence_id).sort()).toEqual(expect.arrayContaining([A, B, E].sort()));
    expect(await Promise.all(queries.map((query) => list(query)))).toEqual(computed);
  });

  it('filters by last delivery and upcoming slot (dates and date-times, inclusive)', async () => {
    expect(await list('lastDeliverySlotStart=2026-11-27')).toEqual([A]);
    expect(await list('lastDeliverySlotEnd=2026-11-10')).toEqual([C, E]);
    expect(await list('lastDeliverySlotStart=2026-03-01T09:00:00Z&lastDeliverySlotEnd=2026-03-01T09:00:00Z')).toEqual([E]);
    expect(await list('lastDeliverySlotStart=2026-03-01T10:00:00%2B01:00&lastDeliverySlotEnd=2026-03-01 09:00:00')).toEqual([E]);
    expect(await list('upcomingSlotStart=2026-11-29')).toEqual([B]);
    expect(await list('upcomingSlotEnd=2026-11-28')).toEqual([A]);
    expect(await list('upcomingSlotStart=2026-11-28T09:00:00Z&upcomingSlotEnd=2026-11-28T09:00:00.000Z')).toEqual([A]);
    const { body } = await get(t, `${URL}?upcomingSlotStart=2026-01-01&pageSize=0`);
    expect(body).toEqual({ totalCount: 2, pageNumber: 1, pageSize: 0, slotSequences: [] });
  });

  it('sorts by every key, both ways, missing values last, ties by id', async () => {
    const orders: Record<string, [number[], number[]]> = {
      type: [[A, E, B, C], [B, A, E, C]],
      slotSequence: [[A, B, E, C], [C, E, B, A]],
      cadence: [[A, E, B, C], [B, E, A, C]],
      slots: [[C, B, E, A], [A, E, B, C]],
      overdue: [[C, B, A, E], [A, E, B, C]],
      failed: [[C, E, A, B], [B, A, C, E]],
      lastDelivery: [[E, C, A, B], [A, C, E, B]],
      upcoming: [[A, B, C, E], [B, A, C, E]],
    };
    for (const [key, [asc, desc]] of Object.entries(orders)) {
      expect(await list(`sortBy=${key}`), key).toEqual(asc);
      expect(await list(`sortBy=${key}&sortDir=desc`), `${key} desc`).toEqual(desc);
    }
    expect(await list('sortBy=LASTDELIVERY&sortDir=DESC')).toEqual([A, C, E, B]);
  });

  it('pages, including pageSize=0 as LucoPy sends it when nothing matches', async () => {
    const second = await get(t, `${URL}?pageNumber=2&pageSize=2&sortBy=slots`);
    expect(second.body).toMatchObject({ totalCount: 4, pageNumber: 2, pageSize: 2 });
    expect(ids(second.body.slotSequences)).toEqual([E, A]);
    const zero = await get(t, `${URL}?isActive=True&type=None&pageNumber=1&pageSize=0`);
    expect(zero.status).toBe(200);
    expect(zero.body).toEqual({ totalCount: 0, pageNumber: 1, pageSize: 0, slotSequences: [] });
    const zeroWithMatches = await get(t, `${URL}?pageSize=0`);
    expect(zeroWithMatches.body).toMatchObject({ totalCount: 4, slotSequences: [] });
    const beyond = await get(t, `${URL}?pageNumber=9&pageSize=2`);
    expect(beyond.body).toMatchObject({ totalCount: 4, slotSequences: [] });
    expect(ids((await get(t, `${URL}?sortBy=upcoming&sortDir=desc&pageNumber=2&pageSize=1`)).body.slotSequences)).toEqual([A]);
  });

  it('rejects bad filter values, naming the parameter', async () => {
    expect(await badRequest('overdueCountStart=abc')).toEqual(['overdueCountStart']);
    expect(await badRequest('overdueCountEnd=-1')).toEqual(['overdueCountEnd']);
    expect(await badRequest('failedCountStart=1.5')).toEqual(['failedCountStart[0]']);
    expect(await badRequest('failedCountEnd=x')).toEqual(['failedCountEnd']);
    expect(await badRequest('sortBy=name')).toEqual(['sortBy']);
    expect(await badRequest('sortDir=up')).toEqual(['sortDir']);
    expect(await badRequest('cadence=daily&cadence=hourly')).toEqual(['cadence[1]']);
    expect(await badRequest('slotSequenceDefinitionValuesFilterOperator=xor')).toEqual(['slotSequenceDefinitionValuesFilterOperator']);
    expect(await badRequest('lastDeliverySlotStart=2026-02-30')).toEqual(['lastDeliverySlotStart']);
    expect(await badRequest('upcomingSlotEnd=tomorrow')).toEqual(['upcomingSlotEnd']);
    expect(await badRequest('upcomingSlotStart=2026-11-27T25:00:00')).toEqual(['upcomingSlotStart']);
    expect(await badRequest('isActive=yes')).toEqual(['isActive']);
    expect(await badRequest('nameContains=')).toEqual(['nameContains[0]']);
    expect((await badRequest('nameContains=a%00b'))[0]).toMatch(/^nameContains/);
    expect(await badRequest(`nameContains=${'x'.repeat(201)}`)).toEqual(['nameContains[0]']);
    expect(await badRequest('pageSize=5001')).toEqual(['pageSize']);
    expect(await badRequest('pageNumber=0')).toEqual(['pageNumber']);
    expect(await badRequest('pageSize=10&pageSize=20')).toEqual(['pageSize']);
    expect(await badRequest('sortby=type')).toEqual(['sortby']);
  });

  it('answers a reader with a trailing slash', async () => {
    await t.close();
    t = await startApp({ auth: TEST_AUTH, now: NOW });
    const reader = await issueToken(t, 'r', 'reader');
    const response = await t.app.inject({ method: 'GET', url: `${URL}/?isActive=True&pageNumber=1&pageSize=1`, headers: { authorization: `Bearer ${reader.accessToken}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ totalCount: 0, pageNumber: 1, pageSize: 1, slotSequences: [] });
    expect((await t.app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
  });
});
