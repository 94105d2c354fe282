import { expect } from 'vitest';
import { MetricPointRepository } from '../../src/storage/repositories/metric-points.js';
import type { TestApp } from '../support/app.js';
import { addUnscheduledSlot, importSequences, sequence, submit } from '../overviews/helpers.js';
import { complete, newSubmission } from '../submissions/api.js';

export const DAY = 86_400_000;
/** A Monday, 09:00 UTC: the slot under test. */
export const MONDAY = Date.parse('2026-11-30T09:00:00Z');

/** An unscheduled sequence (weekdays in UTC, slot time = the slot's creation). */
export async function unscheduledSequence(t: TestApp, name: Record<string, string> = { client: 'acme', feed: 'sales' }): Promise<number> {
  const [id] = await importSequences(t, [sequence(name)]);
  return id!;
}

/** A slot created at `at` (its slot time) with a completed submission that recorded `values` (metric -> value, stage `load`). */
export async function pastSlot(t: TestApp, sequenceId: number, at: number, values: Record<string, unknown>, stage: string | null = 'load'): Promise<{ slotId: number; submissionId: number }> {
  const now = t.clock.now;
  t.clock.now = at;
  const slotId = await addUnscheduledSlot(t, sequenceId, new Date(at).toISOString());
  const submissionId = await submit(t, slotId, 'Completed', { at });
  const entries = Object.entries(values);
  if (entries.length > 0) {
    await t.database.db.insertInto('metrics').values(entries.map(([metric, value]) => ({ submission_id: submissionId, stage, metric, value_json: JSON.stringify(value), created_on: at }))).execute();
    // Written around the services (fast seeding), so the series' points are brought up to date here.
    await new MetricPointRepository(t.database.db).refreshSlot(slotId);
  }
  t.clock.now = now;
  return { slotId, submissionId };
}

/** Daily history of `days` days before `until`: value(date) for each day. */
export async function dailyHistory(t: TestApp, sequenceId: number, until: number, days: number, value: (at: number) => number, metric = 'rows'): Promise<void> {
  for (let day = days; day >= 1; day -= 1) {
    const at = until - day * DAY;
    await pastSlot(t, sequenceId, at, { [metric]: value(at) });
  }
}

/** Weekly seasonality: Mondays ~3000, other weekdays ~2000, Sundays ~1000, with a little noise. */
export function weekly(at: number): number {
  const weekday = new Date(at).getUTCDay();
  const base = weekday === 1 ? 3000 : weekday === 0 ? 1000 : 2000;
  return base + ((at / DAY) % 5) * 10;
}

/**
 * A run of the slot at `at` through the API, as a pipeline does it: a submission, its metrics
 * (stage `load`), then Completed. `metricsAfter`: metrics posted after the completion instead.
 */
export async function liveRun(t: TestApp, sequenceId: number, at: number, values: Record<string, unknown>, options: { metricsAfter?: boolean } = {}): Promise<{ slotId: number; submissionId: number }> {
  t.clock.now = at;
  const slotId = await addUnscheduledSlot(t, sequenceId, new Date(at).toISOString());
  const submissionId = await newSubmission(t, slotId);
  if (!options.metricsAfter) await postMetrics(t, slotId, submissionId, values);
  await complete(t, slotId, submissionId);
  if (options.metricsAfter) await postMetrics(t, slotId, submissionId, values);
  return { slotId, submissionId };
}

export async function postMetrics(t: TestApp, slotId: number, submissionId: number, values: Record<string, unknown>, stage = 'load'): Promise<void> {
  const metrics = Object.entries(values).map(([metric, value]) => ({ metric, value }));
  if (metrics.length === 0) return;
  const response = await t.app.inject({ method: 'POST', url: `/v2/slots/${slotId}/submissions/${submissionId}/metrics`, payload: { stage, metrics } });
  expect(response.statusCode, response.body).toBe(201);
}

export async function createRule(t: TestApp, body: Record<string, unknown>): Promise<{ ruleId: number } & Record<string, unknown>> {
  const response = await t.app.inject({ method: 'POST', url: '/lucots/v1/metric-rules', payload: { metric: 'rows', stage: 'load', ...body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export async function verdicts(t: TestApp, query = ''): Promise<Array<Record<string, any>>> {
  const response = await t.app.inject({ method: 'GET', url: `/lucots/v1/metric-verdicts${query === '' ? '' : `?${query}`}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().verdicts;
}

export async function health(t: TestApp, slotId: number): Promise<string> {
  const row = await t.database.db.selectFrom('slot_health').select('state').where('slot_id', '=', slotId).executeTakeFirst();
  return row?.state ?? 'Pending';
}
