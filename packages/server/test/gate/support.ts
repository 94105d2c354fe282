import { expect } from 'vitest';

/** Sends one request with a bearer token and a JSON body; `base` is a listening server's URL. */
export type Call = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; json: () => unknown; text: string }>;

export const SCHEDULED = [
  { key: 'client', value: 'acme' },
  { key: 'feed', value: 'sales' },
];
export const UNSCHEDULED = [
  { key: 'client', value: 'acme' },
  { key: 'feed', value: 'adhoc' },
];

/** A daily sequence (09:00 UTC from 2026-11-01) and an unscheduled one. */
export async function importGateSequences(call: Call): Promise<void> {
  const response = await call('POST', '/v2/slotsequences/import', {
    slotSequences: [
      { name: SCHEDULED, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-11-01' }] },
      { name: UNSCHEDULED, type: 'Feed' },
    ],
  });
  expect(response.status, response.text).toBe(200);
}

export const byName = (name: ReadonlyArray<{ key: string; value: string }>, tag: string, extra = '') =>
  `/lucots/v1/gate?${name.map((part) => `sequence=${encodeURIComponent(`${part.key}=${part.value}`)}`).join('&')}&tag=${encodeURIComponent(tag)}${extra}`;

export async function startRun(call: Call, slotId: number): Promise<number> {
  const response = await call('POST', `/slots/${slotId}/submissions`, {});
  expect(response.status, response.text).toBe(201);
  return (response.json() as { slotSubmissionId: number }).slotSubmissionId;
}

export async function setStatus(call: Call, slotId: number, submissionId: number, status: 'Completed' | 'Failed', message?: string): Promise<void> {
  const response = await call('POST', `/slots/${slotId}/submissions/${submissionId}/status`, { status, stage: 'Submission', ...(message ? { message } : {}) });
  expect(response.status, response.text).toBe(201);
}

/** A v2 quality collection with one passing and the given failing checks. */
export async function recordChecks(call: Call, slotId: number, submissionId: number, failed: string[], action: 'Cancelled' | 'Continued'): Promise<void> {
  const checks = [{ check: 'row_count', success: true }, ...failed.map((check) => ({ check, success: false }))];
  const response = await call('POST', `/v2/slots/${slotId}/submissions/${submissionId}/quality?stage=load&action=${action}`, { checks });
  expect(response.status, response.text).toBe(201);
}

export interface GateAnswerBody {
  verdict: 'passed' | 'failed' | 'pending';
  policy: string;
  reasons: Array<{ code: string; message: string; checks?: string[] }>;
  slotId: number | null;
  slotSequenceId: number;
  tag: string;
  expectedBy: string | null;
  latestSubmission: { slotSubmissionId: number; status: string } | null;
}
