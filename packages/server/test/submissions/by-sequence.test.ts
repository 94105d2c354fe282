import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { complete, fields, newSubmission, postStatus, scheduledSlot, unscheduledSlot } from './api.js';
import { DAILY_LONDON, insertSequence, jsonDefinition, pyDefinition, pyQuery, setClock, startApp } from './support.js';

const NAME = [['Client', 'Acme'], ['Feed', 'Sales']] as const;

let t: TestApp;
const slot: Record<string, number> = {};
const sub: Record<string, number> = {};

/** 11-24 completed; 11-25 completed then a failed re-run; 11-26 in progress; 11-27 nothing yet. */
beforeEach(async () => {
  t = await startApp();
  await insertSequence(t.database.db, { name: NAME, delivery: [DAILY_LONDON] });
  for (const date of ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']) slot[date] = await scheduledSlot(t, NAME, date);
  sub.a = await newSubmission(t, slot['2026-11-24']!);
  await complete(t, slot['2026-11-24']!, sub.a);
  sub.b = await newSubmission(t, slot['2026-11-25']!);
  await complete(t, slot['2026-11-25']!, sub.b);
  sub.c = await newSubmission(t, slot['2026-11-25']!);
  await postStatus(t, slot['2026-11-25']!, sub.c, { status: 'Failed', stage: 'Submission' });
  sub.d = await newSubmission(t, slot['2026-11-26']!);
});
afterEach(async () => t.close());

type Params = Record<string, string | boolean | null | string[]>;
const list = (params: Params = {}, name: ReadonlyArray<readonly [string, string]> = NAME) =>
  t.app.inject({ method: 'GET', url: `/slotsequences/submissions?${pyQuery({ SlotSequenceDefinition: pyDefinition(name), ...params })}` });
const shape = (body: { slots: Array<{ tag: string; submissions: Array<{ slotSubmissionId: number }> }> }) =>
  body.slots.map((s) => [s.tag, s.submissions.map((x) => x.slotSubmissionId)]);

describe('GET /slotsequences/submissions', () => {
  it("defaults: the latest delivered slot with its latest completed submission (LucoPy's find_latest)", async () => {
    const response = await list();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      slots: [
        {
          slotId: slot['2026-11-25'],
          tag: '2026-11-25',
          expectedBy: '2026-11-25T09:00:00.000Z',
          slotStatus: 'Failed',
          submissions: [{ slotSubmissionId: sub.b, status: 'Completed', startedOn: '2026-11-27T12:00:00.000Z', endedOn: '2026-11-27T12:00:00.000Z', lastSubmissionStatus: 'CompletedWithoutFailures' }],
        },
      ],
    });
  });

  it('the flags as LucoPy sends them (True/False) and as true/false', async () => {
    const all = await list({ OnlyLatestSlot: false, OnlyDeliveredSlots: false, OnlyCompletedSubmissions: false, OnlyLatestSubmission: false });
    expect(shape(all.json())).toEqual([['2026-11-26', [sub.d]], ['2026-11-25', [sub.c, sub.b]], ['2026-11-24', [sub.a]]]);
    const lower = await list({ OnlyLatestSlot: 'false', OnlyDeliveredSlots: 'true', OnlyCompletedSubmissions: 'true', OnlyLatestSubmission: 'true' });
    expect(shape(lower.json())).toEqual([['2026-11-25', [sub.b]], ['2026-11-24', [sub.a]]]);
    const latestAny = await list({ OnlyDeliveredSlots: false, OnlyCompletedSubmissions: false });
    expect(shape(latestAny.json())).toEqual([['2026-11-26', [sub.d]]]);
    const deliveredAll = await list({ OnlyCompletedSubmissions: false, OnlyLatestSubmission: false });
    expect(shape(deliveredAll.json())).toEqual([['2026-11-25', [sub.c, sub.b]]]);
    const deliveredLatest = await list({ OnlyCompletedSubmissions: false });
    expect(shape(deliveredLatest.json())).toEqual([['2026-11-25', [sub.c]]]);
  });

  it('the expected window: after is inclusive, before exclusive, dates are midnight UTC', async () => {
    const before = await list({ ExpectedBeforeUtc: '2026-11-25' });
    expect(shape(before.json())).toEqual([['2026-11-24', [sub.a]]]);
    const atExpected = await list({ ExpectedAfterUtc: '2026-11-25T09:00:00Z', OnlyLatestSlot: false });
    expect(shape(atExpected.json())).toEqual([['2026-11-25', [sub.b]]]);
    const both = await list({ ExpectedAfterUtc: '2026-11-24T00:00:00', ExpectedBeforeUtc: '2026-11-24T09:00:01', OnlyLatestSlot: false });
    expect(shape(both.json())).toEqual([['2026-11-24', [sub.a]]]);
    const empty = await list({ ExpectedAfterUtc: '2026-11-26' });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ slots: [] });
  });

  it('400s a malformed window or flag, naming the parameter', async () => {
    const badAfter = await list({ ExpectedAfterUtc: '25/11/2026' });
    expect(badAfter.statusCode).toBe(400);
    expect(fields(badAfter.json())).toEqual(['ExpectedAfterUtc']);
    const badBefore = await list({ ExpectedBeforeUtc: '2026-11-31' });
    expect(fields(badBefore.json())).toEqual(['ExpectedBeforeUtc']);
    const badFlag = await list({ OnlyLatestSlot: 'yes' });
    expect(fields(badFlag.json())).toContain('OnlyLatestSlot');
    const noName = await t.app.inject({ method: 'GET', url: '/slotsequences/submissions?OnlyLatestSlot=True' });
    expect(fields(noName.json())).toContain('SlotSequenceDefinition');
  });

  it('404s an unknown sequence; an archived one stays readable; JSON definitions and a trailing slash work', async () => {
    const unknown = await list({}, [['Client', 'Nobody']]);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toMatch(/unknown slot sequence/i);
    await t.database.db.updateTable('slot_sequences').set({ is_active: 0 }).execute();
    const archived = await t.app.inject({ method: 'GET', url: `/slotsequences/submissions/?${pyQuery({ SlotSequenceDefinition: jsonDefinition(NAME) })}` });
    expect(archived.statusCode).toBe(200);
    expect(shape(archived.json())).toEqual([['2026-11-25', [sub.b]]]);
  });

  it('orders unscheduled slots by creation, latest first', async () => {
    const adhoc = [['Client', 'Adhoc']] as const;
    await insertSequence(t.database.db, { name: adhoc });
    const made: number[] = [];
    for (const [tag, at] of [['zeta', '2026-11-20T10:00:00Z'], ['alpha', '2026-11-21T10:00:00Z']] as const) {
      setClock(t, at);
      const id = await unscheduledSlot(t, adhoc, tag);
      const s = await newSubmission(t, id);
      await complete(t, id, s);
      made.push(s);
    }
    const response = await list({ OnlyLatestSlot: false }, adhoc);
    expect(response.json().slots.map((s: { tag: string; expectedBy: string | null }) => [s.tag, s.expectedBy])).toEqual([['alpha', null], ['zeta', null]]);
    const windowed = await list({ ExpectedBeforeUtc: '2026-11-21' }, adhoc);
    expect(shape(windowed.json())).toEqual([['zeta', [made[0]]]]);
  });
});
