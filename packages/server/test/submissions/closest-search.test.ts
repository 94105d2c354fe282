import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { complete, fields, newSubmission, scheduledSlot, unscheduledSlot } from './api.js';
import { DAILY_LONDON, insertSequence, pyQuery, setClock, startApp } from './support.js';

const NAME = [['Client', 'Acme'], ['Feed', 'Sales']] as const;

let t: TestApp;
const slots: Record<string, number> = {};
const submissions: Record<string, number> = {};

/**
 * A daily sequence (09:00 London = 09:00 UTC in November), today 2026-11-27. Submissions on
 * 11-20, 11-22 and 11-25 (completed), 11-26 (in progress), the reference on 11-27 and a
 * completed one on the future date 11-29.
 */
beforeEach(async () => {
  t = await startApp();
  await insertSequence(t.database.db, { name: NAME, delivery: [DAILY_LONDON] });
  for (const date of ['2026-11-20', '2026-11-22', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-29']) {
    slots[date] = await scheduledSlot(t, NAME, date);
    submissions[date] = await newSubmission(t, slots[date]!);
    if (date !== '2026-11-26' && date !== '2026-11-27') await complete(t, slots[date]!, submissions[date]!);
  }
});
afterEach(async () => t.close());

const search = (params: Record<string, string | boolean> = {}, date = '2026-11-27') =>
  t.app.inject({ method: 'GET', url: `/slots/${slots[date]}/submissions/${submissions[date]}/search${Object.keys(params).length ? `?${pyQuery(params)}` : ''}` });

describe('GET /slots/{slotId}/submissions/{submissionId}/search', () => {
  it('historic (default): the latest other slot at or before the reference slot time', async () => {
    const response = await search();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      slotId: slots['2026-11-26'],
      slotSubmissionId: submissions['2026-11-26'],
      tag: '2026-11-26',
      slotTime: '2026-11-26T09:00:00.000Z',
      targetTime: '2026-11-27T09:00:00.000Z',
      isExactMatch: false,
      timeDifference: '1:00:00:00',
      slotDifference: -1,
    });
  });

  it('OnlyCompletedSubmissions=True skips submissions that did not complete', async () => {
    const response = await search({ OnlyCompletedSubmissions: true, FindClosest: 'historic' });
    expect(response.json()).toMatchObject({ tag: '2026-11-25', slotSubmissionId: submissions['2026-11-25'], slotDifference: -2, timeDifference: '2:00:00:00' });
  });

  it('TimeDifference moves the target back; a slot exactly there is an exact match', async () => {
    const exact = await search({ OnlyCompletedSubmissions: false, FindClosest: 'historic', TimeDifference: '2:00:00:00' });
    expect(exact.json()).toMatchObject({ tag: '2026-11-25', isExactMatch: true, timeDifference: '0:00:00:00', targetTime: '2026-11-25T09:00:00.000Z', slotDifference: -2 });
    const between = await search({ FindClosest: 'HISTORIC', TimeDifference: '2.12:00:00' });
    expect(between.json()).toMatchObject({ tag: '2026-11-22', isExactMatch: false, timeDifference: '2:12:00:00', targetTime: '2026-11-24T21:00:00.000Z', slotDifference: -5 });
  });

  it('future: the earliest other slot at or after the target (reference time plus TimeDifference)', async () => {
    const next = await search({ FindClosest: 'future' });
    expect(next.json()).toMatchObject({ tag: '2026-11-29', timeDifference: '2:00:00:00', isExactMatch: false });
    // 11-28 counts though nobody used it yet: every date the schedule expects is a slot.
    expect(next.json().slotDifference).toBe(2);
    const fromPast = await search({ FindClosest: 'Future', TimeDifference: '0:12:00:00' }, '2026-11-20');
    expect(fromPast.json()).toMatchObject({ tag: '2026-11-22', targetTime: '2026-11-20T21:00:00.000Z', timeDifference: '1:12:00:00', slotDifference: 2 });
    const none = await search({ FindClosest: 'future', TimeDifference: '3:00:00:00' });
    expect(none.statusCode).toBe(404);
  });

  it('either: the nearest on either side; a tie goes to the earlier slot', async () => {
    const nearest = await search({ FindClosest: 'either' });
    expect(nearest.json()).toMatchObject({ tag: '2026-11-26', slotDifference: -1 });
    const tie = await search({ FindClosest: 'either', OnlyCompletedSubmissions: true });
    expect(tie.json()).toMatchObject({ tag: '2026-11-25', timeDifference: '2:00:00:00' });
    const later = await search({ FindClosest: 'either', TimeDifference: '0:00:00:00' }, '2026-11-29');
    expect(later.json()).toMatchObject({ tag: '2026-11-27', slotDifference: -2 });
  });

  it('exact: only a slot whose time equals the target, else 404', async () => {
    const hit = await search({ FindClosest: 'exact', TimeDifference: '5:00:00:00' });
    expect(hit.json()).toMatchObject({ tag: '2026-11-22', isExactMatch: true, slotDifference: -5 });
    const miss = await search({ FindClosest: 'exact', TimeDifference: '3:00:00:00' });
    expect(miss.statusCode).toBe(404);
    expect(miss.json().detail).toContain('2026-11-24T09:00:00.000Z');
    const self = await search({ FindClosest: 'exact' });
    expect(self.statusCode).toBe(404);
  });

  it('picks the latest (completed) submission of the matched slot', async () => {
    const rerun = await newSubmission(t, slots['2026-11-25']!);
    const latest = await search({ TimeDifference: '2:00:00:00' });
    expect(latest.json().slotSubmissionId).toBe(rerun);
    const completed = await search({ TimeDifference: '2:00:00:00', OnlyCompletedSubmissions: 'true' as unknown as boolean });
    expect(completed.json().slotSubmissionId).toBe(submissions['2026-11-25']);
  });

  it('400s bad parameters and 404s a submission of another slot', async () => {
    const badMode = await search({ FindClosest: 'nearest' });
    expect(fields(badMode.json())).toEqual(['FindClosest']);
    const badSpan = await search({ TimeDifference: '2 days' });
    expect(fields(badSpan.json())).toEqual(['TimeDifference']);
    const badFlag = await search({ OnlyCompletedSubmissions: 'maybe' });
    expect(fields(badFlag.json())).toContain('OnlyCompletedSubmissions');
    const wrong = await t.app.inject({ method: 'GET', url: `/slots/${slots['2026-11-26']}/submissions/${submissions['2026-11-27']}/search` });
    expect(wrong.statusCode).toBe(404);
  });
});

describe('closest search on an unscheduled sequence', () => {
  it("places slots at their creation time and counts slots by that order", async () => {
    const name = [['Client', 'Adhoc']] as const;
    await insertSequence(t.database.db, { name });
    const ids: number[] = [];
    const subs: number[] = [];
    for (const [tag, at] of [['a', '2026-11-20T10:00:00Z'], ['b', '2026-11-22T10:00:00Z'], ['c', '2026-11-27T12:00:00Z']] as const) {
      setClock(t, at);
      ids.push(await unscheduledSlot(t, name, tag));
      subs.push(await newSubmission(t, ids.at(-1)!));
    }
    const response = await t.app.inject({ method: 'GET', url: `/slots/${ids[2]}/submissions/${subs[2]}/search?${pyQuery({ TimeDifference: '5:00:00:00' })}` });
    expect(response.json()).toEqual({
      slotId: ids[1],
      slotSubmissionId: subs[1],
      tag: 'b',
      slotTime: '2026-11-22T10:00:00.000Z',
      targetTime: '2026-11-22T12:00:00.000Z',
      isExactMatch: false,
      timeDifference: '0:02:00:00',
      slotDifference: -1,
    });
    const older = await t.app.inject({ method: 'GET', url: `/slots/${ids[2]}/submissions/${subs[2]}/search?TimeDifference=6:00:00:00` });
    expect(older.json()).toMatchObject({ tag: 'a', slotDifference: -2 });
  });
});
