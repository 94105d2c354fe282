import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { startApp } from '../slot-sequences/app.js';
import { addUnscheduledSlot, get, ids, importSequences, schedule, sequence, slotId, submit } from './helpers.js';

const URL = '/v2/slots/overview';
const at = (iso: string) => Date.parse(iso);

let t: TestApp;
let A: number; // daily, type Feed, since 2026-11-25
let B: number; // weekly on Fridays, type Stock, since 2026-11-01
let C: number; // unscheduled, no type
const s: Record<string, number> = {};
let lastOfA26: number;

/** Moves the clock and lets an overview materialise the slots due by then, as time passes. */
async function advanceTo(iso: string): Promise<void> {
  t.clock.now = at(iso);
  expect((await get(t, URL)).status).toBe(200);
}

// One history, built as it would happen; tests only read (and restore the clock).
beforeAll(async () => {
  t = await startApp({ now: at('2026-11-06T08:00:00Z') });
  [A, B, C] = (await importSequences(t, [
    sequence({ client: 'acme', feed: 'a' }, { delivery: [schedule('daily', '2026-11-25')] }),
    sequence({ client: 'acme', feed: 'b' }, { type: 'Stock', delivery: [schedule('weekly', '2026-11-01', { daysOfWeek: ['Fri'] })] }),
    sequence({ client: 'zeta' }, { type: null }),
  ])) as [number, number, number];
  await advanceTo('2026-11-06T08:00:00Z');
  s.B06 = await slotId(t, B, '2026-11-06');
  await submit(t, s.B06, 'Completed');
  t.clock.now = at('2026-11-06T08:30:00Z');
  await submit(t, s.B06, 'Completed');
  await advanceTo('2026-11-13T10:00:00Z');
  s.B13 = await slotId(t, B, '2026-11-13');
  await submit(t, s.B13, 'In Progress');
  await advanceTo('2026-11-20T10:00:00Z');
  s.B20 = await slotId(t, B, '2026-11-20');
  await submit(t, s.B20, 'Failed');
  t.clock.now = at('2026-11-20T12:00:00Z');
  s.C = await addUnscheduledSlot(t, C, 'adhoc');
  await advanceTo('2026-11-25T08:00:00Z');
  s.A25 = await slotId(t, A, '2026-11-25');
  await submit(t, s.A25, 'Completed');
  await advanceTo('2026-11-26T10:00:00Z');
  s.A26 = await slotId(t, A, '2026-11-26');
  lastOfA26 = await submit(t, s.A26, 'Completed', { hasFailures: true });
  await advanceTo('2026-11-27T08:00:00Z');
  s.A27 = await slotId(t, A, '2026-11-27');
  s.B27 = await slotId(t, B, '2026-11-27');
});
afterAll(async () => t?.close());

async function list(query: string, clock = '2026-11-27T08:00:00Z'): Promise<number[]> {
  t.clock.now = at(clock);
  const { status, body } = await get(t, `${URL}?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return ids(body.slots, 'slotId') as number[];
}

const slots = (...names: string[]) => names.map((name) => s[name]!);

describe('GET /v2/slots/overview', () => {
  it('lists every slot by id with its sequence, status and submissions', async () => {
    t.clock.now = at('2026-11-27T08:00:00Z');
    const { body } = await get(t, URL);
    expect(body).toMatchObject({ totalCount: 8, pageNumber: 1, pageSize: 1000 });
    expect(ids(body.slots, 'slotId')).toEqual(slots('B06', 'B13', 'B20', 'C', 'A25', 'A26', 'A27', 'B27'));
    const byId = new Map(body.slots.map((slot: { slotId: number }) => [slot.slotId, slot]));
    expect(byId.get(s.A26)).toEqual({
      slotId: s.A26,
      slotSequenceId: A,
      name: [
        { slotParameter: { key: 'client', value: 'acme' }, position: 0 },
        { slotParameter: { key: 'feed', value: 'a' }, position: 1 },
      ],
      tag: '2026-11-26',
      type: 'Feed',
      cadence: 'daily',
      slotStatus: 'DeliveredLate',
      expectedBy: '2026-11-26T09:00:00.000Z',
      createdOn: '2026-11-26T10:00:00.000Z',
      updatedOn: '2026-11-26T10:00:00.000Z',
      submissions: 1,
      lastSubmissionId: lastOfA26,
      lastSubmissionStatus: 'CompletedWithFailures',
    });
    expect(byId.get(s.C)).toMatchObject({ slotSequenceId: C, tag: 'adhoc', type: null, cadence: null, slotStatus: 'Awaiting', expectedBy: null, submissions: 0, lastSubmissionId: null, lastSubmissionStatus: null });
    expect(byId.get(s.B06)).toMatchObject({ slotStatus: 'Delivered', submissions: 2, lastSubmissionStatus: 'CompletedWithoutFailures', type: 'Stock', cadence: 'weekly' });
  });

  it('filters by status, which moves with the clock', async () => {
    expect(await list('slotStatus=Awaiting')).toEqual(slots('C', 'A27', 'B27'));
    expect(await list('slotStatus=Overdue')).toEqual([]);
    // 09:00 passes: today's slots become Overdue; the unscheduled one never does.
    expect(await list('slotStatus=Awaiting', '2026-11-27T10:00:00Z')).toEqual(slots('C'));
    expect(await list('slotStatus=overdue', '2026-11-27T10:00:00Z')).toEqual(slots('A27', 'B27'));
    expect(await list('slotStatus=delivered%20late')).toEqual(slots('A26'));
    expect(await list('slotStatus=in_progress')).toEqual(slots('B13'));
    expect(await list('slotStatus=Delivered&slotStatus=FAILED')).toEqual(slots('B06', 'B20', 'A25'));
  });

  it('filters by last submission status and submission counts', async () => {
    expect(await list('lastSubmissionStatus=CompletedWithFailures')).toEqual(slots('A26'));
    expect(await list('lastSubmissionStatus=completedwithoutfailures')).toEqual(slots('B06', 'A25'));
    expect(await list('lastSubmissionStatus=InProgress&lastSubmissionStatus=Failed')).toEqual(slots('B13', 'B20'));
    expect(await list('minSubmissions=2')).toEqual(slots('B06'));
    expect(await list('maxSubmissions=0')).toEqual(slots('C', 'A27', 'B27'));
    expect(await list('minSubmissions=1&maxSubmissions=1')).toEqual(slots('B13', 'B20', 'A25', 'A26'));
  });

  it('filters by ids, type, cadence and name values', async () => {
    expect(await list(`slotId=${s.A25}&slotId=${s.C}`)).toEqual(slots('C', 'A25'));
    expect(await list(`slotSequenceId=${A}`)).toEqual(slots('A25', 'A26', 'A27'));
    expect(await list(`slotSequenceId=${A}&slotId=${s.B06}`)).toEqual([]);
    expect(await list('type=Stock')).toEqual(slots('B06', 'B13', 'B20', 'B27'));
    expect(await list('cadence=unscheduled')).toEqual(slots('C'));
    expect(await list('cadence=Daily')).toEqual(slots('A25', 'A26', 'A27'));
    expect(await list('slotSequenceDefinitionValues=zeta')).toEqual(slots('C'));
    expect(await list('slotSequenceDefinitionValues=acme&slotSequenceDefinitionValues=a')).toEqual(slots('A25', 'A26', 'A27'));
    expect(await list('slotSequenceDefinitionValues=a&slotSequenceDefinitionValues=zeta&slotSequenceDefinitionValuesFilterOperator=or')).toEqual(slots('C', 'A25', 'A26', 'A27'));
  });

  it('filters by expectedBy, createdOn and updatedOn (inclusive; a date-only end is the whole day)', async () => {
    expect(await list('expectedByStart=2026-11-26&expectedByEnd=2026-11-26')).toEqual(slots('A26'));
    expect(await list('expectedByEnd=2026-11-06T09:00:00Z')).toEqual(slots('B06'));
    expect(await list('expectedByStart=2026-01-01')).not.toContain(s.C);
    expect(await list('createdOnStart=2026-11-27')).toEqual(slots('A27', 'B27'));
    expect(await list('createdOnEnd=2026-11-20T11:00:00Z')).toEqual(slots('B06', 'B13', 'B20'));
    expect(await list('updatedOnStart=2026-11-20T12:00:00Z&updatedOnEnd=2026-11-25')).toEqual(slots('C', 'A25'));
    expect(await list('updatedOnStart=2026-11-20T13:00:00%2B01:00&updatedOnEnd=2026-11-20T12:00:00')).toEqual(slots('C'));
  });

  it('sorts by every key, both ways, missing values last, ties by slot id', async () => {
    const orders: Record<string, [string[], string[]]> = {
      status: [['C', 'A27', 'B27', 'B06', 'A25', 'A26', 'B20', 'B13'], ['B13', 'B20', 'A26', 'B06', 'A25', 'C', 'A27', 'B27']],
      submissions: [['C', 'A27', 'B27', 'B13', 'B20', 'A25', 'A26', 'B06'], ['B06', 'B13', 'B20', 'A25', 'A26', 'C', 'A27', 'B27']],
      expectedBy: [['B06', 'B13', 'B20', 'A25', 'A26', 'A27', 'B27', 'C'], ['A27', 'B27', 'A26', 'A25', 'B20', 'B13', 'B06', 'C']],
      type: [['A25', 'A26', 'A27', 'B06', 'B13', 'B20', 'B27', 'C'], ['B06', 'B13', 'B20', 'B27', 'A25', 'A26', 'A27', 'C']],
      cadence: [['A25', 'A26', 'A27', 'B06', 'B13', 'B20', 'B27', 'C'], ['B06', 'B13', 'B20', 'B27', 'A25', 'A26', 'A27', 'C']],
      slotSequence: [['A25', 'A26', 'A27', 'B06', 'B13', 'B20', 'B27', 'C'], ['C', 'B06', 'B13', 'B20', 'B27', 'A25', 'A26', 'A27']],
      slotId: [['B06', 'B13', 'B20', 'C', 'A25', 'A26', 'A27', 'B27'], ['B27', 'A27', 'A26', 'A25', 'C', 'B20', 'B13', 'B06']],
      updatedOn: [['B06', 'B13', 'B20', 'C', 'A25', 'A26', 'A27', 'B27'], ['A27', 'B27', 'A26', 'A25', 'C', 'B20', 'B13', 'B06']],
      createdOn: [['B06', 'B13', 'B20', 'C', 'A25', 'A26', 'A27', 'B27'], ['A27', 'B27', 'A26', 'A25', 'C', 'B20', 'B13', 'B06']],
    };
    for (const [key, [asc, desc]] of Object.entries(orders)) {
      expect(await list(`sortBy=${key}`), key).toEqual(slots(...asc));
      expect(await list(`sortBy=${key}&sortDir=desc`), `${key} desc`).toEqual(slots(...desc));
    }
    expect(await list('sortBy=EXPECTEDBY&sortDir=Desc&slotStatus=Awaiting')).toEqual(slots('A27', 'B27', 'C'));
  });

  it('pages in status order across statuses, with a status filter too', async () => {
    const [asc, desc] = [['C', 'A27', 'B27', 'B06', 'A25', 'A26', 'B20', 'B13'], ['B13', 'B20', 'A26', 'B06', 'A25', 'C', 'A27', 'B27']];
    for (const pageNumber of [1, 2, 3, 4]) {
      expect(await list(`sortBy=status&pageSize=3&pageNumber=${pageNumber}`), `asc page ${pageNumber}`).toEqual(slots(...asc.slice((pageNumber - 1) * 3, pageNumber * 3)));
      expect(await list(`sortBy=status&sortDir=desc&pageSize=3&pageNumber=${pageNumber}`), `desc page ${pageNumber}`).toEqual(slots(...desc.slice((pageNumber - 1) * 3, pageNumber * 3)));
    }
    expect(await list('sortBy=status&sortDir=desc&slotStatus=Delivered&slotStatus=Awaiting&pageSize=2&pageNumber=2')).toEqual(slots('C', 'A27'));
  });

  it('a sequence filter matching most slots pages by the sort index (SQLite) with the same rows as a full sort', async () => {
    // Few slots per page against many matching: the repository walks (updated_on, id) or the
    // primary key and skips the other sequences' slots instead of sorting every match.
    const cases: Array<[string, string[]]> = [
      ['slotSequenceDefinitionValues=acme&sortBy=updatedOn', ['B06', 'B13', 'B20', 'A25', 'A26', 'A27', 'B27']],
      ['slotSequenceDefinitionValues=acme&sortBy=updatedOn&sortDir=desc', ['A27', 'B27', 'A26', 'A25', 'B20', 'B13', 'B06']],
      ['type=Stock&sortBy=slotId&sortDir=desc', ['B27', 'B20', 'B13', 'B06']],
      ['cadence=Daily&sortBy=updatedOn', ['A25', 'A26', 'A27']],
    ];
    for (const [query, order] of cases) {
      for (let pageNumber = 1; pageNumber <= order.length; pageNumber++) {
        expect(await list(`${query}&pageSize=1&pageNumber=${pageNumber}`), `${query} page ${pageNumber}`).toEqual(slots(order[pageNumber - 1]!));
      }
    }
  });

  it('pages, with pageSize=0 giving the count only', async () => {
    t.clock.now = at('2026-11-27T08:00:00Z');
    const third = await get(t, `${URL}?pageNumber=3&pageSize=3`);
    expect(third.body).toMatchObject({ totalCount: 8, pageNumber: 3, pageSize: 3 });
    expect(ids(third.body.slots, 'slotId')).toEqual(slots('A27', 'B27'));
    expect((await get(t, `${URL}?pageSize=0&slotStatus=Awaiting`)).body).toEqual({ totalCount: 3, pageNumber: 1, pageSize: 0, slots: [] });
  });

  it('rejects bad filter values, naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['slotId=abc', 'slotId[0]'],
      ['slotSequenceId=1&slotSequenceId=x', 'slotSequenceId[1]'],
      ['slotStatus=Late', 'slotStatus[0]'],
      ['lastSubmissionStatus=Done', 'lastSubmissionStatus[0]'],
      ['minSubmissions=-1', 'minSubmissions'],
      ['maxSubmissions=lots', 'maxSubmissions'],
      ['expectedByStart=2026-11', 'expectedByStart'],
      ['createdOnEnd=27/11/2026', 'createdOnEnd'],
      ['updatedOnStart=2026-11-27T10:61:00Z', 'updatedOnStart'],
      ['sortBy=statuses', 'sortBy'],
      ['sortDir=sideways', 'sortDir'],
      ['cadence=yearly', 'cadence[0]'],
      ['slotSequenceDefinitionValuesFilterOperator=not', 'slotSequenceDefinitionValuesFilterOperator'],
      ['pageSize=6000', 'pageSize'],
      ['pageNumber=-2', 'pageNumber'],
      ['slotStatuses=Overdue', 'slotStatuses'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await get(t, `${URL}?${query}`);
      expect(status, query).toBe(400);
      expect(body.errors.map((error: { field: string }) => error.field), query).toEqual([field]);
    }
  });
});
