import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { complete, newSubmission, postStatus, scheduledSlot, unscheduledSlot } from '../submissions/api.js';
import { DAILY_LONDON, insertSequence, lucoPyJson, setClock, startApp } from '../submissions/support.js';

export const NAME = [['client', 'acme'], ['feed', 'sales']] as const;
export const BATCHES = [['client', 'acme'], ['feed', 'batches']] as const;

export type Metrics = Array<{ metric: string; value: unknown }>;

export async function record(t: TestApp, slotId: number, submissionId: number, stage: string | null, metrics: Metrics): Promise<void> {
  const response = await t.app.inject({ method: 'POST', url: `/v2/slots/${slotId}/submissions/${submissionId}/metrics`, ...lucoPyJson({ stage, metrics }) });
  expect(response.statusCode, response.body).toBe(201);
}

export async function fail(t: TestApp, slotId: number, submissionId: number): Promise<void> {
  const response = await postStatus(t, slotId, submissionId, { status: 'Failed', stage: 'Submission' });
  expect(response.statusCode, response.body).toBe(201);
}

export interface Estate {
  t: TestApp;
  sequenceId: number;
  unscheduledId: number;
  slots: Record<string, number>;
  /** Submissions by name: d20, d21a (completed), d21b (failed later), d22a (completed), d22b (re-run, completed), d23 (in progress), d24 (failed only). */
  subs: Record<string, number>;
}

/**
 * A daily sequence (Europe/London, expectedBy 09:00) with five days of runs of `rows` in stage
 * load, the submission-level `rows`, and strings; plus an unscheduled sequence with two batches.
 */
export async function estate(): Promise<Estate> {
  const t = await startApp({ now: Date.parse('2026-11-20T08:00:00Z') });
  const sequenceId = await insertSequence(t.database.db, { name: NAME, delivery: [DAILY_LONDON] });
  const unscheduledId = await insertSequence(t.database.db, { name: BATCHES });
  const slots: Record<string, number> = {};
  const subs: Record<string, number> = {};
  const run = async (name: string, date: string, at: string, load: Metrics, end: 'complete' | 'fail' | 'open', level: Metrics = []) => {
    setClock(t, at);
    const slotId = (slots[date] ??= await scheduledSlot(t, NAME, date));
    const submissionId = await newSubmission(t, slotId);
    subs[name] = submissionId;
    if (load.length > 0) await record(t, slotId, submissionId, 'load', load);
    if (level.length > 0) await record(t, slotId, submissionId, null, level);
    if (end === 'complete') await complete(t, slotId, submissionId);
    if (end === 'fail') await fail(t, slotId, submissionId);
  };
  await run('d20', '2026-11-20', '2026-11-20T08:00:00Z', [{ metric: 'rows', value: 100 }], 'complete', [{ metric: 'rows', value: 1 }]);
  // Recorded twice within one submission: the later value counts.
  await run('d21a', '2026-11-21', '2026-11-21T08:00:00Z', [{ metric: 'rows', value: 5 }, { metric: 'rows', value: 110 }], 'complete');
  await run('d21b', '2026-11-21', '2026-11-21T10:00:00Z', [{ metric: 'rows', value: 7 }], 'fail');
  await run('d22a', '2026-11-22', '2026-11-22T08:00:00Z', [{ metric: 'rows', value: 90 }], 'complete');
  await run('d22b', '2026-11-22', '2026-11-22T11:00:00Z', [{ metric: 'rows', value: 'n/a' }], 'complete', [{ metric: 'rows', value: 3 }]);
  await run('d23', '2026-11-23', '2026-11-23T08:00:00Z', [{ metric: 'rows', value: 130 }], 'open');
  await run('d24', '2026-11-24', '2026-11-24T08:00:00Z', [{ metric: 'rows', value: 140 }], 'fail');
  await run('d25', '2026-11-25', '2026-11-25T08:00:00Z', [{ metric: 'rows', value: 150.5 }], 'complete');
  for (const [tag, at, rows] of [['batch-1', '2026-11-20T12:00:00Z', 10], ['batch-2', '2026-11-21T12:00:00Z', 20]] as const) {
    setClock(t, at);
    const slotId = await unscheduledSlot(t, BATCHES, tag);
    slots[tag] = slotId;
    const submissionId = await newSubmission(t, slotId);
    subs[tag] = submissionId;
    await record(t, slotId, submissionId, 'load', [{ metric: 'rows', value: rows }]);
    await complete(t, slotId, submissionId);
  }
  setClock(t, '2026-11-27T12:00:00Z');
  return { t, sequenceId, unscheduledId, slots, subs };
}

/** 09:00 London on a November day (GMT). */
export function nineOn(date: string): number {
  return Date.parse(`${date}T09:00:00Z`);
}
