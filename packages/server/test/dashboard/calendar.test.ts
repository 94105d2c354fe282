import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { complete, newSubmission, postStatus, scheduledSlot, unscheduledSlot } from '../submissions/api.js';
import { DAILY_LONDON, insertSequence, setClock, startApp } from '../submissions/support.js';

const NAME = [['Client', 'Acme'], ['Feed', 'Sales']] as const;

let t: TestApp;
afterEach(async () => t?.close());

const calendar = (sequenceId: number | string, query = '') => t.app.inject({ method: 'GET', url: `/lucots/v1/slot-sequences/${sequenceId}/calendar${query ? `?${query}` : ''}` });
const healthByTag = (body: { slots: Array<{ tag: string; health: string }> }) => Object.fromEntries(body.slots.map((slot) => [slot.tag, slot.health]));

/**
 * A daily London sequence (09:00) seen on 2026-11-27 at 12:00 UTC: delivered on time on the 20th,
 * late on the 21st, failed on the 22nd, a failed check on the 23rd, nothing since.
 */
async function estate(): Promise<number> {
  t = await startApp({ now: Date.parse('2026-11-20T08:00:00Z') });
  const sequenceId = await insertSequence(t.database.db, { name: NAME, delivery: [DAILY_LONDON] });
  const onTime = await scheduledSlot(t, NAME, '2026-11-20');
  await complete(t, onTime, await newSubmission(t, onTime));
  setClock(t, '2026-11-21T10:00:00Z');
  const late = await scheduledSlot(t, NAME, '2026-11-21');
  await complete(t, late, await newSubmission(t, late));
  setClock(t, '2026-11-22T08:00:00Z');
  const failed = await scheduledSlot(t, NAME, '2026-11-22');
  expect((await postStatus(t, failed, await newSubmission(t, failed), { status: 'Failed', stage: 'Submission' })).statusCode).toBe(201);
  setClock(t, '2026-11-23T08:00:00Z');
  const checked = await scheduledSlot(t, NAME, '2026-11-23');
  const submission = await newSubmission(t, checked);
  await complete(t, checked, submission);
  // A failed check whose slot has no recorded health (as in a database from before the alerts engine).
  await t.database.db.insertInto('quality_results').values({ submission_id: submission, version: 2, stage: null, action: null, tool: null, data_set: null, run_id: null, body: '{}', success: 0, created_on: t.clock.now }).execute();
  await t.database.db.deleteFrom('slot_health').where('slot_id', '=', checked).execute();
  setClock(t, '2026-11-27T12:00:00Z');
  return sequenceId;
}

describe('GET /lucots/v1/slot-sequences/{id}/calendar', () => {
  it('lists every expected slot of the window by tag with its health: delivered, late, failed, quality, overdue, pending', async () => {
    const sequenceId = await estate();
    const response = await calendar(sequenceId, 'from=2026-11-20&to=2026-11-30');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ slotSequenceId: sequenceId, timeZone: 'Europe/London', from: '2026-11-20', to: '2026-11-30', truncated: false });
    expect(body.slots.map((slot: { tag: string }) => slot.tag)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30']);
    expect(healthByTag(body)).toEqual({
      '2026-11-20': 'Delivered',
      '2026-11-21': 'DeliveredLate',
      '2026-11-22': 'Failed',
      '2026-11-23': 'QualityFailed',
      '2026-11-24': 'Overdue',
      '2026-11-25': 'Overdue',
      '2026-11-26': 'Overdue',
      '2026-11-27': 'Overdue',
      '2026-11-28': 'Pending',
      '2026-11-29': 'Pending',
      '2026-11-30': 'Pending',
    });
    expect(body.slots[1]).toEqual({
      slotId: expect.any(Number),
      tag: '2026-11-21',
      expectedBy: '2026-11-21T09:00:00.000Z',
      health: 'DeliveredLate',
      submissionCount: 1,
      lastSubmissionId: expect.any(Number),
      lastStatus: 'CompletedWithoutFailures',
      deliveredOn: '2026-11-21T10:00:00.000Z',
    });
    expect(body.slots[5]).toMatchObject({ submissionCount: 0, lastSubmissionId: null, lastStatus: null, deliveredOn: null });
  });

  it('answers the recorded health where the engine recorded one', async () => {
    const sequenceId = await estate();
    const future = await scheduledSlot(t, NAME, '2026-11-29');
    await t.database.db.insertInto('slot_health').values({ slot_id: future, state: 'QualityCancelled', since: t.clock.now, updated_on: t.clock.now }).execute();
    expect(healthByTag((await calendar(sequenceId, 'from=2026-11-29&to=2026-11-29')).json())).toEqual({ '2026-11-29': 'QualityCancelled' });
  });

  it('defaults to the 90 days ending today in the sequence zone', async () => {
    const sequenceId = await estate();
    const body = (await calendar(sequenceId)).json();
    expect(body).toMatchObject({ from: '2026-08-30', to: '2026-11-27' });
    // The schedule starts on 2026-11-01.
    expect(body.slots).toHaveLength(27);
    expect(body.slots[0].tag).toBe('2026-11-01');
  });

  it('an unscheduled sequence shows the slots created in the window, in UTC days', async () => {
    t = await startApp();
    const sequenceId = await insertSequence(t.database.db, { name: [['Client', 'Solo']] });
    const slotId = await unscheduledSlot(t, [['Client', 'Solo']], 'batch-7');
    const body = (await calendar(sequenceId, 'from=2026-11-27&to=2026-11-27')).json();
    expect(body).toMatchObject({ timeZone: 'UTC', slots: [{ slotId, tag: 'batch-7', expectedBy: null, health: 'Pending' }] });
    expect((await calendar(sequenceId, 'from=2026-11-26&to=2026-11-26')).json().slots).toEqual([]);
  });

  it('bad input is a 400 naming the parameter; an unknown sequence is a 404', async () => {
    const sequenceId = await estate();
    const cases: Array<[number | string, string, string]> = [
      [sequenceId, 'from=2026-13-01', 'from'],
      [sequenceId, 'to=27.11.2026', 'to'],
      [sequenceId, 'from=2026-12-01&to=2026-11-01', 'from'],
      [sequenceId, 'from=2025-01-01&to=2026-11-30', 'to'],
      [sequenceId, 'from=2026-11-01%00', 'from'],
      [sequenceId, 'colour=red', 'colour'],
      ['2147483648', '', 'slotSequenceId'],
      ['0', '', 'slotSequenceId'],
      ['abc', '', 'slotSequenceId'],
    ];
    for (const [id, query, field] of cases) {
      const response = await calendar(id, query);
      expect(response.statusCode, `${id}?${query}`).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((error: { field: string }) => error.field), `${id}?${query}`).toContain(field);
    }
    expect((await calendar(2147483647)).statusCode).toBe(404);
  });
});
