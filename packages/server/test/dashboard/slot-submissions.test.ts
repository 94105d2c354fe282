import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { complete, newSubmission, postStatus, unscheduledSlot } from '../submissions/api.js';
import { insertSequence, lucoPyJson, setClock, startApp } from '../submissions/support.js';

const NAME = [['Client', 'Acme']] as const;

let t: TestApp;
afterEach(async () => t?.close());

const list = (slotId: number | string) => t.app.inject({ method: 'GET', url: `/lucots/v1/slots/${slotId}/submissions` });

describe('GET /lucots/v1/slots/{slotId}/submissions', () => {
  it('lists the slot\'s submissions newest first, with their latest stage and run environments', async () => {
    t = await startApp({ now: Date.parse('2026-11-27T08:00:00Z') });
    const sequenceId = await insertSequence(t.database.db, { name: NAME });
    const slotId = await unscheduledSlot(t, NAME, 'batch-1');
    const first = await newSubmission(t, slotId);
    await postStatus(t, slotId, first, { status: 'Failed', stage: 'Load', message: 'disk full' });
    setClock(t, '2026-11-27T08:05:00Z');
    await postStatus(t, slotId, first, { status: 'Failed', stage: 'Submission' });
    setClock(t, '2026-11-27T09:00:00Z');
    const second = await newSubmission(t, slotId);
    const databricks = { platform: 'Databricks', referenceUrl: 'https://adb-1/#job/1/run/2' };
    expect((await t.app.inject({ method: 'POST', url: `/slots/${slotId}/submissions/${second}/runenvironment`, ...lucoPyJson({ stage: 'Extract', runData: [databricks] }) })).statusCode).toBe(201);
    await postStatus(t, slotId, second, { status: 'In Progress', stage: 'Transform' });
    const response = await list(slotId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      slotId,
      slotSequenceId: sequenceId,
      totalCount: 2,
      submissions: [
        { submissionId: second, status: 'In Progress', lastSubmissionStatus: 'InProgress', stage: 'Transform', startTime: '2026-11-27T09:00:00.000Z', endTime: null, runEnvironments: [{ stage: 'Extract', runData: databricks, createdOn: '2026-11-27T09:00:00.000Z' }] },
        { submissionId: first, status: 'Failed', lastSubmissionStatus: 'Failed', stage: 'Submission', startTime: '2026-11-27T08:00:00.000Z', endTime: '2026-11-27T08:05:00.000Z', runEnvironments: [] },
      ],
    });
    await complete(t, slotId, second);
    expect((await list(slotId)).json().submissions[0]).toMatchObject({ status: 'Completed', stage: 'Submission', lastSubmissionStatus: 'CompletedWithoutFailures' });
  });

  it('a slot without submissions lists none; bad ids are 400 naming slotId; unknown slots 404', async () => {
    t = await startApp();
    await insertSequence(t.database.db, { name: NAME });
    const slotId = await unscheduledSlot(t, NAME, 'batch-1');
    expect((await list(slotId)).json()).toMatchObject({ slotId, totalCount: 0, submissions: [] });
    for (const id of ['2147483648', '-1', 'x']) {
      const response = await list(id);
      expect(response.statusCode, id).toBe(400);
      expect(response.json().errors[0].field).toBe('slotId');
    }
    expect((await list(2147483647)).statusCode).toBe(404);
  });
});
