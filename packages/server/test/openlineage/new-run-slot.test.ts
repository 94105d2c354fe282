import { afterEach, describe, expect, it } from 'vitest';
import { SlotRepository } from '../../src/storage/repositories/slots.js';
import type { TestApp } from '../support/app.js';
import { RUN_IDS, sparkJob } from './events.js';
import { lineageApp, postAll, readAsLucoPy } from './support.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const slotRow = async (app: TestApp, slotId: number) =>
  app.database.db.selectFrom('slots').select(['submission_count', 'last_submission_id', 'last_submission_status', 'delivered_on', 'updated_on']).where('id', '=', slotId).executeTakeFirstOrThrow();

/**
 * A new run of an unscheduled job makes its slot already counting the run's submission (one
 * write of the slot's indexes instead of an insert and then an update): the row must end up as
 * the generic path leaves it.
 */
describe('the slot of a new run', () => {
  it('counts the run\u2019s submission as its last one from the START, and takes the completion', async () => {
    t = await lineageApp();
    const [start] = await postAll(t, [sparkJob('START', '2026-11-27T07:00:00.000Z')]);
    expect(await slotRow(t, start!.slotId!)).toEqual({
      submission_count: 1,
      last_submission_id: start!.submissionId,
      last_submission_status: 'InProgress',
      delivered_on: null,
      updated_on: Date.parse('2026-11-27T07:00:00.000Z'),
    });
    expect((await readAsLucoPy(t, start!.slotId!, start!.submissionId!)).definition.submission).toMatchObject({ status: 'In Progress', lastSubmissionStatus: 'InProgress' });

    await postAll(t, [sparkJob('COMPLETE', '2026-11-27T07:02:11.500Z')]);
    expect(await slotRow(t, start!.slotId!)).toMatchObject({ submission_count: 1, last_submission_id: start!.submissionId, last_submission_status: 'CompletedWithoutFailures', delivered_on: Date.parse('2026-11-27T07:02:11.500Z') });
  });

  it('a slot already tagged with the run id is used as it is, its roll-up moved to the run\u2019s submission', async () => {
    t = await lineageApp();
    // The job's sequence, made by an earlier run of it.
    const [earlier] = await postAll(t, [{ ...sparkJob('START', '2026-11-27T06:00:00.000Z'), run: { runId: '019373c2-8d4e-7c1a-9b1e-3f2a4c5d6e7f', facets: {} } }]);
    const { sequence_id: sequenceId } = await t.database.db.selectFrom('slots').select('slot_sequence_id as sequence_id').where('id', '=', earlier!.slotId!).executeTakeFirstOrThrow();
    const made = await new SlotRepository(t.database.db).insertUnscheduled(sequenceId, RUN_IDS.spark, t.clock.now);
    const [start] = await postAll(t, [sparkJob('START', '2026-11-27T07:00:00.000Z')]);
    expect(start!.slotId).toBe(made.slot.id);
    expect(await slotRow(t, made.slot.id)).toMatchObject({ submission_count: 1, last_submission_id: start!.submissionId, last_submission_status: 'InProgress' });
  });
});
