import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { complete, newSubmission, postStatus, scheduledSlot } from '../submissions/api.js';
import { DAILY_LONDON, insertSequence, lucoPyJson, setClock, startApp } from '../submissions/support.js';

const NAME = [['Client', 'Acme'], ['Feed', 'Sales']] as const;

let t: TestApp;
afterEach(async () => t?.close());

const series = (sequenceId: number | string, query = '') => t.app.inject({ method: 'GET', url: `/lucots/v1/slot-sequences/${sequenceId}/metric-series${query ? `?${query}` : ''}` });
const metrics = (slotId: number, submissionId: number, body: unknown) =>
  t.app.inject({ method: 'POST', url: `/v2/slots/${slotId}/submissions/${submissionId}/metrics`, ...lucoPyJson(body) });

/** Runs on three days: rows 100 (20th), a re-run with 120 (21st, after a first run's 5), a failed run with 7 (22nd). */
async function estate(): Promise<{ sequenceId: number; slots: number[]; submissions: number[] }> {
  t = await startApp({ now: Date.parse('2026-11-20T08:00:00Z') });
  const sequenceId = await insertSequence(t.database.db, { name: NAME, delivery: [DAILY_LONDON] });
  const slots: number[] = [];
  const submissions: number[] = [];
  const run = async (date: string, start: string, end: string, rows: number, fail = false) => {
    setClock(t, start);
    const slotId = await scheduledSlot(t, NAME, date);
    const submissionId = await newSubmission(t, slotId);
    expect((await metrics(slotId, submissionId, { stage: 'Load', metrics: [{ metric: 'rows', value: rows }, { metric: 'source', value: 'sftp' }, { metric: 'count', value: '12' }] })).statusCode).toBe(201);
    setClock(t, end);
    if (fail) await postStatus(t, slotId, submissionId, { status: 'Failed', stage: 'Submission' });
    else await complete(t, slotId, submissionId);
    slots.push(slotId);
    submissions.push(submissionId);
  };
  await run('2026-11-20', '2026-11-20T08:00:00Z', '2026-11-20T08:01:30Z', 100);
  await run('2026-11-21', '2026-11-21T08:00:00Z', '2026-11-21T08:00:10Z', 5);
  await run('2026-11-21', '2026-11-21T09:00:00Z', '2026-11-21T09:02:00Z', 120);
  await run('2026-11-22', '2026-11-22T08:00:00Z', '2026-11-22T08:00:30Z', 7, true);
  setClock(t, '2026-11-27T12:00:00Z');
  return { sequenceId, slots, submissions };
}

describe('GET /lucots/v1/slot-sequences/{id}/metric-series', () => {
  it("plots each slot's latest submission: numeric metrics only, failed runs marked, plus run durations", async () => {
    const { sequenceId, slots, submissions } = await estate();
    const response = await series(sequenceId, 'from=2026-11-01&to=2026-11-30');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ slotSequenceId: sequenceId, timeZone: 'Europe/London', from: '2026-11-01', to: '2026-11-30' });
    expect(body.series).toEqual([
      {
        stage: 'Load',
        metric: 'rows',
        points: [
          { slotId: slots[0], tag: '2026-11-20', submissionId: submissions[0], at: '2026-11-20T08:00:00.000Z', value: 100, failed: false },
          { slotId: slots[2], tag: '2026-11-21', submissionId: submissions[2], at: '2026-11-21T09:00:00.000Z', value: 120, failed: false },
          { slotId: slots[3], tag: '2026-11-22', submissionId: submissions[3], at: '2026-11-22T08:00:00.000Z', value: 7, failed: true },
        ],
      },
      {
        stage: 'run',
        metric: 'durationSeconds',
        points: [
          expect.objectContaining({ tag: '2026-11-20', value: 90, failed: false }),
          expect.objectContaining({ tag: '2026-11-21', value: 120, failed: false }),
          expect.objectContaining({ tag: '2026-11-22', value: 30, failed: true }),
        ],
      },
    ]);
  });

  it('filters by stage and metric, and by the window', async () => {
    const { sequenceId } = await estate();
    const rows = (await series(sequenceId, 'from=2026-11-21&to=2026-11-30&stage=Load&metric=rows')).json();
    expect(rows.series.map((item: { metric: string }) => item.metric)).toEqual(['rows']);
    expect(rows.series[0].points.map((point: { tag: string }) => point.tag)).toEqual(['2026-11-21', '2026-11-22']);
    const durations = (await series(sequenceId, 'from=2026-11-01&to=2026-11-30&stage=run&metric=durationSeconds')).json();
    expect(durations.series.map((item: { stage: string; metric: string }) => `${item.stage}/${item.metric}`)).toEqual(['run/durationSeconds']);
    expect((await series(sequenceId, 'from=2026-10-01&to=2026-10-31')).json().series).toEqual([{ stage: 'run', metric: 'durationSeconds', points: [] }]);
  });

  it('bad input is a 400 naming the parameter; an unknown sequence is a 404', async () => {
    const { sequenceId } = await estate();
    for (const [id, query, field] of [
      [sequenceId, 'from=2026-02-30', 'from'],
      [sequenceId, 'metric=a%00b', 'metric'],
      [sequenceId, 'from=2026-01-01&to=2027-12-31', 'to'],
      ['99999999999', '', 'slotSequenceId'],
    ] as const) {
      const response = await series(id, query);
      expect(response.statusCode, `${id}?${query}`).toBe(400);
      expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect((await series(123456)).statusCode).toBe(404);
  });
});
