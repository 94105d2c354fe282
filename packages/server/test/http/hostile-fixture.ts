import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';
import { tokenFor } from '../support/clients.js';

/**
 * A real app with auth on, an admin token, and a little real data, so hostile requests get past
 * auth and ids can hit existing rows: a scheduled and an unscheduled sequence, a slot of each,
 * and a submission on the unscheduled slot.
 */
export interface HostileFixture {
  t: TestApp;
  headers: Record<string, string>;
  scheduledSequenceId: number;
  unscheduledSequenceId: number;
  scheduledSlotId: number;
  slotId: number;
  submissionId: number;
  /** An alert channel (webhook), a rule notifying it, a spare rule, and the alerts the engine raised for the scheduled slots. */
  channelId: number;
  ruleId: number;
  spareRuleId: number;
  alertIds: number[];
  close(): Promise<void>;
}

export const SCHEDULED_NAME = [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'daily' }];
export const UNSCHEDULED_NAME = [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'adhoc' }];

export async function hostileFixture(): Promise<HostileFixture> {
  // Test sends answer at once without sending anything: the fuzz run is about the API's input handling.
  const t = await createTestApp({
    auth: TEST_AUTH,
    alertDelivery: { sendTest: async () => ({ status: 'pending', notificationId: 0, messageId: 'msg_fuzz', statusCode: null, error: null, attemptedOn: null, durationMs: null }) },
  });
  const { token } = await tokenFor(t, 'admin');
  const headers = { authorization: `Bearer ${token}` };
  const call = async (options: { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object }, statuses: number[] = [200, 201]) => {
    const response = await t.app.inject({ method: options.method, url: options.url, headers, ...(options.payload === undefined ? {} : { payload: options.payload }) });
    expect(statuses, `${options.method} ${options.url}: ${response.body}`).toContain(response.statusCode);
    return response.json();
  };
  const imported = await call({
    method: 'POST',
    url: '/v2/slotsequences/import',
    payload: {
      slotSequences: [
        {
          name: SCHEDULED_NAME,
          type: 'Sales',
          parameters: { slotParameterGroups: [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: '/in' }] }] },
          delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-11-01', endDate: null }],
        },
        { name: UNSCHEDULED_NAME, type: 'Adhoc' },
      ],
    },
  });
  const [scheduled, unscheduled] = imported.slotSequenceImports as Array<{ slotSequenceId: number }>;
  const definition = (name: typeof SCHEDULED_NAME) => name.map((part, position) => `SlotSequenceDefinition=${encodeURIComponent(JSON.stringify({ position, ...part }))}`).join('&');
  const scheduledSlot = await call({ method: 'GET', url: `/slots/search?Tag=2026-11-20&${definition(SCHEDULED_NAME)}` });
  const slot = await call({ method: 'POST', url: '/slots', payload: { tag: 'batch-1', slotSequenceDefinition: UNSCHEDULED_NAME.map((part, position) => ({ position, ...part })) } });
  const submission = await call({ method: 'POST', url: `/slots/${slot.slotId}/submissions`, payload: {} });
  const channel = await call({ method: 'POST', url: '/lucots/v1/alert-channels', payload: { name: 'fuzz hook', settings: { type: 'webhook', url: 'https://hooks.example.com/fuzz' } } });
  // A rule with no alerts, for the fuzz run to replace and delete, made first: hostile ids such as
  // `1.0` or `0x1` can only reach id 1, so the rule with the alerts keeps them.
  const spare = await call({ method: 'POST', url: '/lucots/v1/alert-rules', payload: { name: 'fuzz spare', filter: { name: [{ key: 'client', value: 'nobody' }] } } });
  const rule = await call({ method: 'POST', url: '/lucots/v1/alert-rules', payload: { name: 'fuzz rule', filter: { name: [{ key: 'client', value: 'ac*' }] }, channelIds: [channel.channelId] } });
  await t.app.alertEngine.runPass();
  const alerts = await call({ method: 'GET', url: '/lucots/v1/alerts' });
  return {
    t,
    headers,
    scheduledSequenceId: scheduled!.slotSequenceId,
    unscheduledSequenceId: unscheduled!.slotSequenceId,
    scheduledSlotId: scheduledSlot.slotId,
    slotId: slot.slotId,
    submissionId: submission.slotSubmissionId,
    channelId: channel.channelId,
    ruleId: rule.ruleId,
    spareRuleId: spare.ruleId,
    alertIds: (alerts.alerts as Array<{ alertId: number }>).map((alert) => alert.alertId),
    close: () => t.close(),
  };
}

/** Asserts a 4xx RFC 9457 problem in our shape with this status; returns its body. */
export function expectProblem(response: LightMyRequestResponse, status: number): ProblemJson {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json() as ProblemJson;
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^urn:lucots:problem:/), title: expect.any(String), detail: expect.any(String), instance: expect.any(String), requestId: expect.any(String) });
  return body;
}

export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: Array<{ field: string; message: string; in?: string }>;
}

/** The fields a problem names. */
export const problemFields = (body: ProblemJson) => (body.errors ?? []).map((error) => error.field);
