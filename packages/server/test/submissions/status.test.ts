import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_AUTH, type TestApp } from '../support/app.js';
import { issueToken } from '../support/clients.js';
import { complete, fields, newSubmission, postStatus, scheduledSlot } from './api.js';
import { DAILY_LONDON, insertSequence, setClock, startApp } from './support.js';

const NAME = [['Client', 'Acme'], ['Feed', 'Sales']] as const;

let t: TestApp;
let slotId: number;
beforeEach(async () => {
  t = await startApp({ now: Date.parse('2026-11-27T08:00:00Z') });
  await insertSequence(t.database.db, { name: NAME, delivery: [DAILY_LONDON] });
  slotId = await scheduledSlot(t, NAME, '2026-11-27');
});
afterEach(async () => t.close());

const slotRow = () => t.database.db.selectFrom('slots').selectAll().where('id', '=', slotId).executeTakeFirstOrThrow();
const slotStatus = async () => (await t.app.inject({ method: 'GET', url: `/v2/slots/${slotId}/submissions/${(await slotRow()).last_submission_id}` })).json().slot.slotStatus;

describe('POST /slots/{slotId}/submissions/{submissionId}/status', () => {
  it('Completed on stage Submission completes the submission, sets endedOn and delivers the slot on time', async () => {
    const submissionId = await newSubmission(t, slotId);
    setClock(t, '2026-11-27T08:30:00Z');
    const response = await postStatus(t, slotId, submissionId, { status: 'Completed', stage: 'Submission' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({
      statusId: expect.any(Number),
      submission: { slotSubmissionId: submissionId, status: 'Completed', startedOn: '2026-11-27T08:00:00.000Z', endedOn: '2026-11-27T08:30:00.000Z', lastSubmissionStatus: 'CompletedWithoutFailures' },
    });
    expect(await slotRow()).toMatchObject({ last_submission_status: 'CompletedWithoutFailures', delivered_on: Date.parse('2026-11-27T08:30:00Z') });
    expect(await slotStatus()).toBe('Delivered');
    const history = await t.app.inject({ method: 'GET', url: `/slots/${slotId}/submissions/${submissionId}/status` });
    expect(history.json().statuses).toEqual([expect.objectContaining({ runId: '', status: 'Completed', stage: 'Submission', type: null, modifiedBy: 'anonymous' })]);
  });

  it('a completion after expectedBy delivers the slot late', async () => {
    const submissionId = await newSubmission(t, slotId);
    setClock(t, '2026-11-27T09:15:00Z');
    await complete(t, slotId, submissionId);
    expect(await slotStatus()).toBe('DeliveredLate');
  });

  it('the first completion decides lateness; a later re-run does not move it', async () => {
    const first = await newSubmission(t, slotId);
    await complete(t, slotId, first);
    setClock(t, '2026-11-27T10:00:00Z');
    const rerun = await newSubmission(t, slotId);
    expect(await slotStatus()).toBe('InProgress');
    await complete(t, slotId, rerun);
    expect((await slotRow()).delivered_on).toBe(Date.parse('2026-11-27T08:00:00Z'));
    expect(await slotStatus()).toBe('Delivered');
  });

  it('a Failed event of any stage makes the completed submission CompletedWithFailures', async () => {
    const submissionId = await newSubmission(t, slotId);
    const failedStage = await postStatus(t, slotId, submissionId, { status: 'Failed', stage: 'Load', message: 'disk full' });
    expect(failedStage.json().submission).toMatchObject({ status: 'In Progress', endedOn: null, lastSubmissionStatus: 'InProgress' });
    await complete(t, slotId, submissionId);
    expect((await slotRow()).last_submission_status).toBe('CompletedWithFailures');
    expect(await slotStatus()).toBe('Delivered');
  });

  it('Failed on stage Submission fails the submission and the slot; In Progress reopens it', async () => {
    const submissionId = await newSubmission(t, slotId);
    const failed = await postStatus(t, slotId, submissionId, { status: 'failed', stage: 'SUBMISSION' });
    expect(failed.json().submission).toMatchObject({ status: 'Failed', lastSubmissionStatus: 'Failed', endedOn: '2026-11-27T08:00:00.000Z' });
    expect(await slotStatus()).toBe('Failed');
    const reopened = await postStatus(t, slotId, submissionId, { status: 'InProgress', stage: 'submission' });
    expect(reopened.json().submission).toMatchObject({ status: 'In Progress', endedOn: null, lastSubmissionStatus: 'InProgress' });
    expect((await slotRow()).delivered_on).toBeNull();
  });

  it("an older submission's events do not move the slot's roll-up, but its first completion still delivers the slot", async () => {
    const older = await newSubmission(t, slotId);
    const newer = await newSubmission(t, slotId);
    await complete(t, slotId, older);
    expect(await slotRow()).toMatchObject({ last_submission_id: newer, last_submission_status: 'InProgress', delivered_on: t.clock.now });
  });

  it('accepts null and missing optional fields, any status case, and records modifiedBy', async () => {
    const submissionId = await newSubmission(t, slotId);
    const minimal = await t.app.inject({ method: 'POST', url: `/slots/${slotId}/submissions/${submissionId}/status/`, payload: { status: 'in progress' } });
    expect(minimal.statusCode, minimal.body).toBe(201);
    await postStatus(t, slotId, submissionId, { status: 'COMPLETED', stage: 'Transform', type: 'info', message: 'ok', modifiedBy: 'etl-bot', runId: 'run-9' });
    const history = await t.app.inject({ method: 'GET', url: `/slots/${slotId}/submissions/${submissionId}/status` });
    expect(history.statusCode).toBe(200);
    expect(history.json().statuses).toEqual([
      { statusId: expect.any(Number), runId: null, status: 'In Progress', stage: null, type: null, message: null, modifiedBy: 'anonymous', createdOn: '2026-11-27T08:00:00.000Z' },
      { statusId: expect.any(Number), runId: 'run-9', status: 'Completed', stage: 'Transform', type: 'info', message: 'ok', modifiedBy: 'etl-bot', createdOn: '2026-11-27T08:00:00.000Z' },
    ]);
    expect(history.json().statuses[0].statusId).toBeLessThan(history.json().statuses[1].statusId);
  });

  it('400s a missing or unknown status, 404s the wrong slot or submission', async () => {
    const submissionId = await newSubmission(t, slotId);
    const missing = await postStatus(t, slotId, submissionId, { status: undefined });
    expect(missing.statusCode).toBe(400);
    expect(fields(missing.json())).toContain('status');
    const unknown = await postStatus(t, slotId, submissionId, { status: 'Done' });
    expect(unknown.statusCode).toBe(400);
    expect(fields(unknown.json())).toEqual(['status']);
    const extra = await postStatus(t, slotId, submissionId, { status: 'Completed', colour: 'red' });
    expect(fields(extra.json())).toContain('colour');
    const otherSlot = await scheduledSlot(t, NAME, '2026-11-26');
    const wrong = await postStatus(t, otherSlot, submissionId, { status: 'Completed', stage: 'Submission' });
    expect(wrong.statusCode).toBe(404);
    const wrongRead = await t.app.inject({ method: 'GET', url: `/slots/${otherSlot}/submissions/${submissionId}/status` });
    expect(wrongRead.statusCode).toBe(404);
    expect((await slotRow()).last_submission_status).toBe('InProgress');
  });
});

describe('status and roles', () => {
  it("a reader may read but not write; a writer's client id is the default modifiedBy", async () => {
    await t.close();
    t = await startApp({ auth: TEST_AUTH });
    await insertSequence(t.database.db, { name: NAME, delivery: [DAILY_LONDON] });
    const writer = (await issueToken(t, 'etl-writer', 'writer')).accessToken;
    const reader = (await issueToken(t, 'dashboard', 'reader')).accessToken;
    const asWriter = { authorization: `Bearer ${writer}` };
    const search = await t.app.inject({ method: 'GET', url: `/slots/search/?Tag=2026-11-27&SlotSequenceDefinition=${encodeURIComponent(JSON.stringify({ position: 0, key: 'Client', value: 'Acme' }))}&SlotSequenceDefinition=${encodeURIComponent(JSON.stringify({ position: 1, key: 'Feed', value: 'Sales' }))}`, headers: asWriter });
    const id = search.json().slotId;
    const created = await t.app.inject({ method: 'POST', url: `/slots/${id}/submissions`, headers: { authorization: `Bearer ${reader}` } });
    expect(created.statusCode).toBe(403);
    const submission = await t.app.inject({ method: 'POST', url: `/slots/${id}/submissions`, headers: asWriter });
    const submissionId = submission.json().slotSubmissionId;
    await t.app.inject({ method: 'POST', url: `/slots/${id}/submissions/${submissionId}/status`, headers: asWriter, payload: { status: 'Completed' } });
    const history = await t.app.inject({ method: 'GET', url: `/slots/${id}/submissions/${submissionId}/status`, headers: { authorization: `Bearer ${reader}` } });
    expect(history.statusCode).toBe(200);
    expect(history.json().statuses[0].modifiedBy).toBe('etl-writer');
    const anonymous = await t.app.inject({ method: 'GET', url: `/slots/${id}/submissions/${submissionId}/status` });
    expect(anonymous.statusCode).toBe(401);
  });
});
