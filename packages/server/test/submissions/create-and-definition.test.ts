import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { fields, newSubmission, scheduledSlot } from './api.js';
import { DAILY_LONDON, insertSequence, startApp } from './support.js';

const NAME = [['Client', 'Acme'], ['Feed', 'Sales']] as const;
const PARAMETERS = [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: '/in/sales' }] }];

let t: TestApp;
let sequenceId: number;
let slotId: number;
beforeEach(async () => {
  t = await startApp();
  sequenceId = await insertSequence(t.database.db, { name: NAME, type: 'Sales feed', delivery: [DAILY_LONDON], parameters: PARAMETERS });
  slotId = await scheduledSlot(t, NAME, '2026-11-27');
});
afterEach(async () => t.close());

describe('POST /slots/{slotId}/submissions', () => {
  it('starts an In Progress submission from an empty body with no content type (LucoPy)', async () => {
    const response = await t.app.inject({ method: 'POST', url: `/slots/${slotId}/submissions`, headers: { 'content-length': '0' } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ slotSubmissionId: expect.any(Number), slotId, status: 'In Progress', startedOn: '2026-11-27T12:00:00.000Z' });
  });

  it('accepts {} as JSON, json-patch+json and a trailing slash', async () => {
    const json = await t.app.inject({ method: 'POST', url: `/slots/${slotId}/submissions/`, payload: {} });
    expect(json.statusCode, json.body).toBe(201);
    const patch = await t.app.inject({ method: 'POST', url: `/slots/${slotId}/submissions`, payload: '{}', headers: { 'content-type': 'application/json-patch+json' } });
    expect(patch.statusCode, patch.body).toBe(201);
    expect(patch.json().slotSubmissionId).toBeGreaterThan(json.json().slotSubmissionId);
  });

  it("moves the slot's roll-up to the new submission in the same transaction", async () => {
    const first = await newSubmission(t, slotId);
    const second = await newSubmission(t, slotId);
    const slot = await t.database.db.selectFrom('slots').selectAll().where('id', '=', slotId).executeTakeFirstOrThrow();
    expect(slot).toMatchObject({ submission_count: 2, last_submission_id: second, last_submission_status: 'InProgress' });
    expect(Number(slot.updated_on)).toBe(t.clock.now);
    expect(second).toBeGreaterThan(first);
  });

  it('404s an unknown slot and 400s a non-numeric id or a body with fields', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: '/slots/999999/submissions' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toContain('999999');
    const notNumber = await t.app.inject({ method: 'POST', url: '/slots/abc/submissions' });
    expect(notNumber.statusCode).toBe(400);
    expect(fields(notNumber.json())).toContain('slotId');
    const withBody = await t.app.inject({ method: 'POST', url: `/slots/${slotId}/submissions`, payload: { stage: 'x' } });
    expect(withBody.statusCode).toBe(400);
    const tooBig = await t.app.inject({ method: 'POST', url: '/slots/99999999999/submissions' });
    expect(tooBig.statusCode).toBe(400);
  });
});

describe('GET /v2/slots/{slotId}/submissions/{submissionId}', () => {
  it('returns what LucoPy reads, with the schedules when includeDelivery=True', async () => {
    const submissionId = await newSubmission(t, slotId);
    const response = await t.app.inject({ method: 'GET', url: `/v2/slots/${slotId}/submissions/${submissionId}?includeDelivery=True` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      slot: { slotId, tag: '2026-11-27', expectedBy: '2026-11-27T09:00:00.000Z', slotStatus: 'InProgress', slotSequenceId: sequenceId },
      slotSequence: {
        slotSequenceId: sequenceId,
        isActive: true,
        definition: {
          name: [
            { slotParameter: { key: 'Client', value: 'Acme' }, position: 0 },
            { slotParameter: { key: 'Feed', value: 'Sales' }, position: 1 },
          ],
          type: { slotSequenceTypeName: 'Sales feed' },
        },
        parameters: { slotParameterGroups: PARAMETERS },
        delivery: [DAILY_LONDON],
      },
      submission: { slotSubmissionId: submissionId, status: 'In Progress', startedOn: '2026-11-27T12:00:00.000Z', endedOn: null, lastSubmissionStatus: 'InProgress' },
    });
  });

  it('leaves the schedules out by default and with includeDelivery=false', async () => {
    const submissionId = await newSubmission(t, slotId);
    for (const query of ['', '?includeDelivery=false', '?includeDelivery=False']) {
      const response = await t.app.inject({ method: 'GET', url: `/v2/slots/${slotId}/submissions/${submissionId}${query}` });
      expect(response.statusCode).toBe(200);
      expect(response.json().slotSequence).not.toHaveProperty('delivery');
    }
    const bad = await t.app.inject({ method: 'GET', url: `/v2/slots/${slotId}/submissions/${submissionId}?includeDelivery=yes` });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad.json())).toContain('includeDelivery');
  });

  it("404s another slot's submission and an unknown one", async () => {
    const otherSlot = await scheduledSlot(t, NAME, '2026-11-26');
    const otherSubmission = await newSubmission(t, otherSlot);
    const wrongSlot = await t.app.inject({ method: 'GET', url: `/v2/slots/${slotId}/submissions/${otherSubmission}` });
    expect(wrongSlot.statusCode).toBe(404);
    expect(wrongSlot.json().detail).toContain(`slot ${slotId}`);
    const unknown = await t.app.inject({ method: 'GET', url: `/v2/slots/${slotId}/submissions/424242` });
    expect(unknown.statusCode).toBe(404);
  });
});
