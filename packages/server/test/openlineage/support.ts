import { expect } from 'vitest';
import { DEFAULT_OPENLINEAGE_SETTINGS, type OpenLineageSettings } from '../../src/services/openlineage/config.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { pyUrlencode, REQUESTS_HEADERS } from '../support/lucopy-wire.js';

export const NOW = Date.parse('2026-11-27T12:00:00Z');

export function lineageApp(settings: Partial<OpenLineageSettings> = {}, options: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  return createTestApp({ now: NOW, ...options, openLineage: { ...DEFAULT_OPENLINEAGE_SETTINGS, createSequences: true, ...settings } });
}

/** POST /api/v1/lineage as the OpenLineage Python client's HTTP transport sends it (JSON, optional headers). */
export function postEvent(t: TestApp, body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/v1/lineage', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
}

/** Posts every event, expecting each to be accepted (2xx). */
export async function postAll(t: TestApp, events: unknown[]): Promise<Array<{ outcome: string; slotId?: number; submissionId?: number }>> {
  const outcomes = [];
  for (const event of events) {
    const response = await postEvent(t, event);
    expect([200, 201], response.body).toContain(response.statusCode);
    outcomes.push(response.json());
  }
  return outcomes;
}

/** What LucoPy reads of a submission: the definition (status), metrics, quality collections, status history, run environments. */
export async function readAsLucoPy(t: TestApp, slotId: number, submissionId: number) {
  const get = async (url: string) => {
    const response = await t.app.inject({ method: 'GET', url, headers: REQUESTS_HEADERS });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const base = `/slots/${slotId}/submissions/${submissionId}`;
  const definition = await get(`/v2${base}?${pyUrlencode([['includeDelivery', true]])}`);
  const metrics = await get(`${base}/metrics`);
  const quality = await get(`/v2${base}/quality`);
  const statuses = await get(`${base}/status`);
  const environments = await get(`${base}/runenvironment`);
  return { definition, metrics: metrics.slotSubmissionMetrics, collections: quality.collections, statuses: statuses.statuses, environments };
}
