import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { insertSequence, jsonDefinition, lucoPyJson, pyQuery, startApp, type NamePairs } from './support.js';

/** The slot of a scheduled sequence for a date (GET /slots/search/); fails the test otherwise. */
export async function scheduledSlot(t: TestApp, name: NamePairs, date: string): Promise<number> {
  const response = await t.app.inject({ method: 'GET', url: `/slots/search/?${pyQuery({ Tag: date, SlotSequenceDefinition: jsonDefinition(name) })}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().slotId as number;
}

/** A new (or existing) slot of an unscheduled sequence (POST /slots/). */
export async function unscheduledSlot(t: TestApp, name: NamePairs, tag: string): Promise<number> {
  const definition = name.map(([key, value], position) => ({ position, key, value }));
  const response = await t.app.inject({ method: 'POST', url: '/slots/', ...lucoPyJson({ tag, slotSequenceDefinition: definition }) });
  expect([200, 201], response.body).toContain(response.statusCode);
  return response.json().slotId as number;
}

/** POST /slots/{id}/submissions as LucoPy sends it: no body, no content type. */
export async function newSubmission(t: TestApp, slotId: number): Promise<number> {
  const response = await t.app.inject({ method: 'POST', url: `/slots/${slotId}/submissions` });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().slotSubmissionId as number;
}

export async function postStatus(t: TestApp, slotId: number, submissionId: number, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: `/slots/${slotId}/submissions/${submissionId}/status`, ...lucoPyJson({ runId: '', stage: null, type: null, message: null, modifiedBy: null, ...body }) });
}

/** Marks a submission Completed (stage Submission), as LucoPy's submit_completed_status does. */
export async function complete(t: TestApp, slotId: number, submissionId: number): Promise<void> {
  const response = await postStatus(t, slotId, submissionId, { status: 'Completed', stage: 'Submission' });
  expect(response.statusCode, response.body).toBe(201);
}

/** A problem document's field names. */
export function fields(body: { errors?: Array<{ field: string }> }): string[] {
  return (body.errors ?? []).map((error) => error.field);
}

/** A fresh app with the unscheduled sequence `name` and one submission in its slot `batch-1`. */
export async function appWithOneSubmission(name: NamePairs): Promise<{ t: TestApp; slotId: number; submissionId: number }> {
  const t = await startApp();
  await insertSequence(t.database.db, { name });
  const slotId = await unscheduledSlot(t, name, 'batch-1');
  return { t, slotId, submissionId: await newSubmission(t, slotId) };
}
