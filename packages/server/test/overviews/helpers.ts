import { lastSubmissionStatus } from '../../src/domain/slot-status.js';
import type { TestApp } from '../support/app.js';

/**
 * Slots and submissions written straight to the database (the submission routes are not what is
 * under test here): the slot's roll-up columns are kept as the submission service keeps them.
 */

export async function importSequences(t: TestApp, slotSequences: unknown[]): Promise<number[]> {
  const response = await t.app.inject({ method: 'POST', url: '/v2/slotsequences/import', payload: { slotSequences } });
  if (response.statusCode !== 200) throw new Error(`import failed: ${response.body}`);
  const body = response.json() as { slotSequenceImports: Array<{ slotSequenceId: number; result: string }> };
  return body.slotSequenceImports.map((item) => {
    if (item.result !== 'Created') throw new Error(`import: ${JSON.stringify(item)}`);
    return item.slotSequenceId;
  });
}

export function sequence(name: Record<string, string>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: 'Feed', delivery: [], ...overrides };
}

export function schedule(cadence: string, startDate: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { isActive: true, cadence, expectedBy: '09:00', timeZone: 'UTC', startDate, ...extra };
}

/** An unscheduled slot (no expectedBy), created now. */
export async function addUnscheduledSlot(t: TestApp, sequenceId: number, tag: string): Promise<number> {
  const now = t.clock.now;
  const row = await t.database.db
    .insertInto('slots')
    .values({ slot_sequence_id: sequenceId, tag, expected_by: null, submission_count: 0, last_submission_id: null, last_submission_status: null, delivered_on: null, created_on: now, updated_on: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function slotId(t: TestApp, sequenceId: number, tag: string): Promise<number> {
  const row = await t.database.db.selectFrom('slots').select('id').where('slot_sequence_id', '=', sequenceId).where('tag', '=', tag).executeTakeFirstOrThrow();
  return row.id;
}

/** Records a submission at `at` (default now) with its final status, and rolls it up onto the slot. */
export async function submit(t: TestApp, slot: number, status: 'In Progress' | 'Completed' | 'Failed', options: { at?: number; hasFailures?: boolean } = {}): Promise<number> {
  const at = options.at ?? t.clock.now;
  const hasFailures = options.hasFailures ?? false;
  const db = t.database.db;
  const submission = await db
    .insertInto('submissions')
    .values({ slot_id: slot, status, has_failures: hasFailures ? 1 : 0, started_on: at, ended_on: status === 'In Progress' ? null : at, created_on: at, updated_on: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const current = await db.selectFrom('slots').selectAll().where('id', '=', slot).executeTakeFirstOrThrow();
  await db
    .updateTable('slots')
    .set({
      submission_count: current.submission_count + 1,
      last_submission_id: submission.id,
      last_submission_status: lastSubmissionStatus({ status, hasFailures }),
      delivered_on: current.delivered_on ?? (status === 'Completed' ? at : null),
      updated_on: at,
    })
    .where('id', '=', slot)
    .execute();
  return submission.id;
}

export async function get(t: TestApp, url: string): Promise<{ status: number; body: any }> {
  const response = await t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
}

export const ids = (items: Array<{ slotSequenceId?: number; slotId?: number }>, key: 'slotSequenceId' | 'slotId' = 'slotSequenceId') => items.map((item) => item[key]);
